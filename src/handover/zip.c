/* Deterministic zip of a package folder (zip.h), through libarchive. */
#include "handover/zip.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/sort.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

struct names {
	char **v;
	size_t n, cap;
};

static void push(struct names *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = lt_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = s;
}

/* Every regular file below dir/rel, as paths relative to dir. */
static int walk(const char *dir, const char *rel, struct names *out)
{
	char *path = *rel ? lt_xasprintf("%s/%s", dir, rel) : lt_xstrdup(dir);
	DIR *d = opendir(path);
	free(path);
	if (!d)
		return -1;
	for (struct dirent *e = readdir(d); e; e = readdir(d)) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *r = *rel ? lt_xasprintf("%s/%s", rel, e->d_name) : lt_xstrdup(e->d_name);
		char *full = lt_xasprintf("%s/%s", dir, r);
		struct stat st;
		int ok = lstat(full, &st) == 0;
		free(full);
		if (ok && S_ISDIR(st.st_mode))
			walk(dir, r, out);
		if (ok && S_ISDIR(st.st_mode))
			free(r);
		else
			push(out, r);
	}
	closedir(d);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_file(struct archive *a, const char *dir, const char *base, const char *rel, time_t when)
{
	char *full = lt_xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(full, "rb");
	free(full);
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long size = ftell(f);
	rewind(f);
	struct archive_entry *e = archive_entry_new();
	char *name = lt_xasprintf("%s/%s", base, rel);
	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_size(e, size);
	archive_entry_set_mtime(e, when, 0);
	int rc = archive_write_header(a, e) == ARCHIVE_OK ? 0 : -1;
	char buf[65536];
	for (; rc == 0;) {
		size_t n = fread(buf, 1, sizeof buf, f);
		if (n == 0)
			break;
		if (archive_write_data(a, buf, n) < 0)
			rc = -1;
	}
	fclose(f);
	free(name);
	archive_entry_free(e);
	return rc;
}

/* List files first: the zip sits next to the folder, never inside it. */
int hs_write_zip(const char *dir, const char *date, char *err, size_t errlen)
{
	struct names files = { 0 };
	if (walk(dir, "", &files) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	lt_qsort(files.v, files.n, sizeof *files.v, cmp_str);
	lt_time_us t = 0;
	lt_time_parse_iso(date, strlen(date), lt_tz_load("UTC"), &t);
	char *zip = lt_xasprintf("%s.zip", dir);
	const char *slash = strrchr(dir, '/');
	const char *base = slash ? slash + 1 : dir;
	struct archive *a = archive_write_new();
	archive_write_set_format_zip(a);
	int rc = archive_write_open_filename(a, zip) == ARCHIVE_OK ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < files.n; i++)
		rc = add_file(a, dir, base, files.v[i], (time_t)(t / LT_US_PER_SEC));
	if (archive_write_close(a) != ARCHIVE_OK)
		rc = -1;
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", zip, archive_error_string(a) ? archive_error_string(a) : strerror(errno));
	archive_write_free(a);
	for (size_t i = 0; i < files.n; i++)
		free(files.v[i]);
	free(files.v);
	free(zip);
	return rc;
}
