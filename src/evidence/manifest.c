/* The evidence manifest: see manifest.h. */
#include "evidence/manifest.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/atomicfile.h"
#include "util/buf.h"
#include "util/xalloc.h"

json_t *lt_manifest_new(void)
{
	json_t *m = json_object();
	json_object_set_new(m, "format", json_string(LT_MANIFEST_FORMAT));
	json_object_set_new(m, "tool", json_pack("{s:s, s:s}", "name", "leaktrail", "version", PACKAGE_VERSION));
	return m;
}

json_t *lt_manifest_load(const char *case_dir, char **err)
{
	char *path = lt_xasprintf("%s/%s", case_dir, LT_MANIFEST_NAME);
	json_error_t je;
	FILE *f = fopen(path, "r");
	if (!f) {
		int e = errno;
		*err = lt_xasprintf("%s: %s", path, strerror(e));
		free(path);
		errno = e;
		return NULL;
	}
	json_t *m = json_loadf(f, 0, &je);
	fclose(f);
	if (!m || !json_is_object(m)) {
		*err = lt_xasprintf("%s: line %d: %s", path, je.line, m ? "not a JSON object" : je.text);
		json_decref(m);
		free(path);
		errno = EINVAL;
		return NULL;
	}
	free(path);
	*err = NULL;
	return m;
}

int lt_manifest_save(const char *case_dir, const json_t *m)
{
	char *text = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	size_t n = strlen(text);
	char *withnl = lt_xmalloc(n + 2);
	memcpy(withnl, text, n);
	withnl[n] = '\n';
	free(text);
	char *path = lt_xasprintf("%s/%s", case_dir, LT_MANIFEST_NAME);
	int rc = lt_write_file_atomic(path, withnl, n + 1);
	int e = errno;
	free(path);
	free(withnl);
	errno = e;
	return rc;
}

json_t *lt_manifest_section(json_t *m, const char *name)
{
	json_t *s = json_object_get(m, name);
	if (json_is_object(s))
		return s;
	s = json_object();
	json_object_set_new(m, name, s);
	return s;
}

json_t *lt_manifest_array(json_t *m, const char *name)
{
	json_t *a = json_object_get(m, name);
	if (json_is_array(a))
		return a;
	a = json_array();
	json_object_set_new(m, name, a);
	return a;
}

json_t *lt_manifest_source(const json_t *m, int64_t id)
{
	json_t *srcs = json_object_get(m, "sources");
	size_t i;
	json_t *s;
	json_array_foreach(srcs, i, s) {
		if (json_integer_value(json_object_get(s, "id")) == id)
			return s;
	}
	return NULL;
}

int64_t lt_manifest_max_source_id(const json_t *m)
{
	json_t *srcs = json_object_get(m, "sources");
	int64_t max = 0;
	size_t i;
	json_t *s;
	json_array_foreach(srcs, i, s) {
		int64_t id = json_integer_value(json_object_get(s, "id"));
		if (id > max)
			max = id;
	}
	return max;
}

