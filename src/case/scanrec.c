/* The manifest's "scan" section (scanrec.h). */
#include "case/scanrec.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/casefile.h"
#include "util/xalloc.h"

int lt_record_scan(const char *case_dir, const struct lt_scan_result *res, const char *context_path,
		   int argc, char *const *argv, char *err, size_t errlen)
{
	char *mpath = lt_case_path(case_dir, "manifest.json");
	json_t *m = lt_case_json_load(mpath, err, errlen);
	if (!m) {
		free(mpath);
		return -1;
	}
	json_t *s = json_object();
	json_t *cl = json_array();
	for (int i = 0; i < argc; i++)
		json_array_append_new(cl, json_string(argv[i]));
	json_object_set_new(s, "command_line", cl);
	json_object_set_new(s, "context", context_path ? json_string(context_path) : json_null());
	json_object_set_new(s, "context_sha256", json_string(res->context_sha256));
	json_object_set_new(s, "ruleset_digest", json_string(res->ruleset_digest));
	json_t *rf = json_array();
	for (size_t i = 0; i < res->nfiles; i++)
		json_array_append_new(rf, json_pack("{s:s, s:s}", "path", res->files[i].path, "sha256",
						    res->files[i].sha256));
	json_object_set_new(s, "rule_files", rf);
	json_object_set_new(s, "findings", lt_case_file_entry(case_dir, "findings.jsonl"));
	json_object_set_new(s, "coverage", lt_case_file_entry(case_dir, "coverage.json"));
	json_object_set_new(s, "findings_count", json_integer((json_int_t)res->findings));
	json_object_set_new(m, "scan", s);
	int rc = lt_case_json_save(mpath, m);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", mpath, strerror(errno));
	json_decref(m);
	free(mpath);
	return rc;
}
