/* The manifest's "store" section (storerec.h). */
#include "evidence/storerec.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/casefile.h"
#include "util/hash.h"
#include "util/sort.h"
#include "util/xalloc.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The record store's files, sorted by name. */
static json_t *records_list(const char *case_dir)
{
	json_t *arr = json_array();
	char *dir = lt_case_path(case_dir, "records");
	DIR *d = opendir(dir);
	free(dir);
	if (!d)
		return arr;
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *de = readdir(d); de; de = readdir(d)) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			names = lt_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = lt_xasprintf("records/%s", de->d_name);
	}
	closedir(d);
	lt_qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(arr, lt_case_file_entry(case_dir, names[i]));
		free(names[i]);
	}
	free(names);
	return arr;
}

int lt_record_store_hashes(const char *case_dir, char *err, size_t errlen)
{
	char *mpath = lt_case_path(case_dir, "manifest.json");
	json_t *m = lt_case_json_load(mpath, err, errlen);
	if (!m) {
		free(mpath);
		return -1;
	}
	json_t *st = json_object();
	json_object_set_new(st, "files", records_list(case_dir));
	json_object_set_new(m, "store", st);
	int rc = lt_case_json_save(mpath, m);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", mpath, strerror(errno));
	json_decref(m);
	free(mpath);
	return rc;
}
