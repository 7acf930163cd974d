/* Chained examiner journals in a case (journal.h). */
#include "handover/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "evidence/casefile.h"
#include "evidence/chain.h"
#include "util/xalloc.h"

void lt_journal_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The chain hash of an entry: its values in key order, "prev" and "hash" excluded. */
static void entry_hash(const json_t *e, const char *prev, char out[LT_SHA256_HEX])
{
	size_t n = json_object_size(e);
	const char **vals = lt_xcalloc(n + 1, sizeof *vals);
	size_t k = 0;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)e, key, v) {
		if (strcmp(key, "prev") == 0 || strcmp(key, "hash") == 0)
			continue;
		vals[k++] = json_is_string(v) ? json_string_value(v) : "";
	}
	lt_chain_hash(prev, vals, k, out);
	free(vals);
}

static json_t *read_lines(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f && errno == ENOENT)
		return json_array();
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	json_t *arr = json_array();
	char *line = NULL;
	size_t cap = 0;
	unsigned long no = 0;
	while (getline(&line, &cap, f) > 0) {
		no++;
		json_error_t je;
		json_t *e = json_loads(line, JSON_DECODE_ANY, &je);
		if (!json_is_object(e)) {
			snprintf(err, errlen, "%s: line %lu: not a JSON object", path, no);
			json_decref(e);
			json_decref(arr);
			arr = NULL;
			break;
		}
		json_array_append_new(arr, e);
	}
	free(line);
	fclose(f);
	return arr;
}

/* Re-walk the chain; 0 or -1 with err naming the entry. */
static int check_chain(const json_t *arr, const char *path, char *err, size_t errlen)
{
	char prev[LT_SHA256_HEX] = LT_CHAIN_GENESIS;
	size_t i;
	json_t *e;
	json_array_foreach(arr, i, e) {
		const char *p = json_string_value(json_object_get(e, "prev"));
		const char *h = json_string_value(json_object_get(e, "hash"));
		char want[LT_SHA256_HEX];
		entry_hash(e, prev, want);
		if (!p || strcmp(p, prev) != 0 || !h || strcmp(h, want) != 0) {
			snprintf(err, errlen, "%s: entry %zu differs from its chain hash", path, i + 1);
			return -1;
		}
		memcpy(prev, h, LT_SHA256_HEX);
	}
	return 0;
}

json_t *lt_journal_load(const char *case_dir, const char *name, char *err, size_t errlen)
{
	char *path = lt_case_path(case_dir, name);
	json_t *arr = read_lines(path, err, errlen);
	if (arr && check_chain(arr, path, err, errlen) != 0) {
		json_decref(arr);
		arr = NULL;
	}
	free(path);
	return arr;
}

static int write_entry(int fd, const json_t *e)
{
	char *s = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
	size_t n = strlen(s);
	char *line = lt_xasprintf("%s\n", s);
	free(s);
	ssize_t w = write(fd, line, n + 1);
	free(line);
	return w == (ssize_t)(n + 1) ? 0 : -1;
}

int lt_journal_append(const char *case_dir, const char *name, const char *const *keys,
		      const char *const *values, size_t n, char *err, size_t errlen)
{
	char *path = lt_case_path(case_dir, name);
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	int rc = -1;
	if (fd < 0 || flock(fd, LOCK_EX) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	/* Under the lock, so two examiners cannot fork the chain. */
	json_t *all = lt_journal_load(case_dir, name, err, errlen);
	if (!all)
		goto out;
	size_t count = json_array_size(all);
	const char *last = count ? json_string_value(json_object_get(json_array_get(all, count - 1), "hash")) : NULL;
	char prev[LT_SHA256_HEX] = LT_CHAIN_GENESIS;
	if (last)
		snprintf(prev, sizeof prev, "%s", last);
	json_decref(all);
	json_t *e = json_object();
	for (size_t i = 0; i < n; i++)
		json_object_set_new(e, keys[i], json_string(values[i]));
	char h[LT_SHA256_HEX];
	entry_hash(e, prev, h);
	json_object_set_new(e, "prev", json_string(prev));
	json_object_set_new(e, "hash", json_string(h));
	rc = write_entry(fd, e);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	json_decref(e);
out:
	if (fd >= 0)
		close(fd);
	free(path);
	return rc;
}
