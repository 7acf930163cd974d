/* The manifest's "outputs" section (outputs.h). */
#include "evidence/outputs.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "evidence/audit.h"
#include "evidence/casefile.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

char *lt_outputs_key(const char *case_dir, const char *path)
{
	size_t n = strlen(case_dir);
	while (n > 1 && case_dir[n - 1] == '/')
		n--;
	if (strncmp(path, case_dir, n) == 0 && path[n] == '/' && path[n + 1])
		return lt_xstrdup(path + n + 1);
	/* Outside the case, a relative name would later be read relative to
	 * the case (lt_outputs_file) and verify would miss it: record where the
	 * file is (it exists: it was just written). */
	if (path[0] != '/') {
		char *abs = realpath(path, NULL);
		if (abs) {
			char *key = lt_xstrdup(abs);
			free(abs);
			return key;
		}
	}
	return lt_xstrdup(path);
}

char *lt_outputs_file(const char *case_dir, const char *key)
{
	if (key[0] == '/')
		return lt_xstrdup(key);
	return lt_xasprintf("%s/%s", case_dir, key);
}

int lt_outputs_record(const char *case_dir, const struct lt_output_info *info, int argc, char *const *argv,
		      char *err, size_t errlen)
{
	char *mpath = lt_case_path(case_dir, "manifest.json");
	json_t *doc = lt_case_json_load(mpath, err, errlen);
	if (!doc) {
		free(mpath);
		return -1;
	}
	json_t *outs = json_object_get(doc, "outputs");
	if (!json_is_object(outs)) {
		outs = json_object();
		json_object_set_new(doc, "outputs", outs);
	}
	json_t *e = json_object();
	json_object_set_new(e, "sha256", json_string(info->sha256));
	json_object_set_new(e, "size", json_integer((json_int_t)info->size));
	json_object_set_new(e, "format", json_string(info->format));
	if (info->lang)
		json_object_set_new(e, "lang", json_string(info->lang));
	if (info->chain_head) {
		json_object_set_new(e, "chain_head", json_string(info->chain_head));
		json_object_set_new(e, "entries", json_integer((json_int_t)info->entries));
	}
	json_object_set_new(e, "pseudonymized", json_boolean(info->pseudonymized));
	json_object_set_new(e, "redacted", json_boolean(info->redacted));
	char now[LT_ISO_LEN];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	lt_time_format_utc((lt_time_us)ts.tv_sec * LT_US_PER_SEC + ts.tv_nsec / 1000, now);
	json_object_set_new(e, "written_at", json_string(now));
	json_t *args = json_array();
	for (int i = 0; i < argc; i++)
		json_array_append_new(args, json_string(argv[i]));
	json_object_set_new(e, "written_by", args);
	/* Remember how far the audit log went, so verify notices lines removed
	 * from its end later (the chain alone cannot show that). */
	json_t *anchor = lt_audit_anchor(case_dir);
	if (anchor)
		json_object_set_new(doc, "audit", anchor);
	char *key = lt_outputs_key(case_dir, info->path);
	json_object_set_new(outs, key, e);
	free(key);
	int rc = lt_case_json_save(mpath, doc);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", mpath, strerror(errno));
	json_decref(doc);
	free(mpath);
	return rc;
}
