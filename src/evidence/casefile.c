/* Atomic writes and JSON documents in a case directory (casefile.h). */
#include "evidence/casefile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/atomicfile.h"
#include "util/hash.h"
#include "util/xalloc.h"

char *lt_case_path(const char *case_dir, const char *name)
{
	return lt_xasprintf("%s/%s", case_dir, name);
}

int lt_case_write_atomic(const char *path, const void *data, size_t n)
{
	return lt_write_file_atomic(path, data, n);
}

json_t *lt_case_json_load(const char *path, char *err, size_t errlen)
{
	if (access(path, F_OK) != 0)
		return json_object();
	json_error_t je;
	json_t *doc = json_load_file(path, 0, &je);
	if (!doc) {
		snprintf(err, errlen, "%s: line %d: %s", path, je.line, je.text);
		return NULL;
	}
	if (!json_is_object(doc)) {
		snprintf(err, errlen, "%s: not a JSON object", path);
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int lt_case_json_save(const char *path, const json_t *doc)
{
	char *s = json_dumps(doc, JSON_INDENT(2));
	if (!s)
		return -1;
	size_t n = strlen(s);
	char *withnl = lt_xmalloc(n + 2);
	memcpy(withnl, s, n);
	withnl[n] = '\n';
	withnl[n + 1] = '\0';
	free(s);
	int rc = lt_case_write_atomic(path, withnl, n + 1);
	free(withnl);
	return rc;
}

json_t *lt_case_file_entry(const char *case_dir, const char *rel)
{
	char *p = lt_case_path(case_dir, rel);
	char sha[LT_SHA256_HEX];
	json_t *e = NULL;
	if (lt_sha256_file(p, sha) == 0)
		e = json_pack("{s:s, s:s}", "file", rel, "sha256", sha);
	free(p);
	return e ? e : json_null();
}
