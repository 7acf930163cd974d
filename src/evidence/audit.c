/* CASE/audit.log: append-only, hash-chained command log (audit.h). */
#include "evidence/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "evidence/chain.h"
#include "util/buf.h"
#include "util/jsonesc.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

#define HASH_KEY ",\"hash\":\""

/* The last complete line's "hash", or the genesis value. Reads the tail only. */
static int last_hash(int fd, char out[LT_SHA256_HEX])
{
	strcpy(out, LT_CHAIN_GENESIS);
	struct stat st;
	if (fstat(fd, &st) != 0)
		return -1;
	if (st.st_size == 0)
		return 0;
	off_t want = st.st_size < 65536 ? st.st_size : 65536;
	char *buf = lt_xmalloc((size_t)want + 1);
	ssize_t n = pread(fd, buf, (size_t)want, st.st_size - want);
	if (n < 0) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	char *key = NULL;
	for (char *p = strstr(buf, HASH_KEY); p; p = strstr(p + 1, HASH_KEY))
		key = p;
	if (key && strlen(key + strlen(HASH_KEY)) >= 64) {
		memcpy(out, key + strlen(HASH_KEY), 64);
		out[64] = '\0';
	}
	free(buf);
	return 0;
}

static void put_files(struct lt_buf *b, const struct lt_audit_file *f, size_t n)
{
	lt_buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		char hex[LT_SHA256_HEX] = "";
		const char *h = f[i].sha256;
		if (!h) {
			if (lt_sha256_file(f[i].path, hex) != 0)
				hex[0] = '\0';
			h = hex;
		}
		lt_buf_puts(b, i ? ",{\"path\":" : "{\"path\":");
		lt_json_str(b, f[i].path, strlen(f[i].path));
		lt_buf_puts(b, ",\"sha256\":");
		lt_json_str(b, h, strlen(h));
		lt_buf_putc(b, '}');
	}
	lt_buf_putc(b, ']');
}

static void put_identity(struct lt_buf *b)
{
	char host[256] = "";
	if (gethostname(host, sizeof host - 1) != 0)
		strcpy(host, "?");
	uid_t uid = getuid();
	struct passwd *pw = getpwuid(uid);
	const char *user = pw && pw->pw_name ? pw->pw_name : "?";
	char now[LT_ISO_LEN];
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	lt_time_format_utc((lt_time_us)ts.tv_sec * LT_US_PER_SEC + ts.tv_nsec / 1000, now);
	lt_buf_puts(b, ",\"time\":");
	lt_json_str(b, now, strlen(now));
	lt_buf_puts(b, ",\"user\":");
	lt_json_str(b, user, strlen(user));
	lt_buf_printf(b, ",\"uid\":%lu,\"host\":", (unsigned long)uid);
	lt_json_str(b, host, strlen(host));
}

int lt_audit_append(const char *case_dir, int argc, char *const *argv, int exit_status,
		    const struct lt_audit_file *inputs, size_t ninputs,
		    const struct lt_audit_file *outputs, size_t noutputs)
{
	return lt_audit_append_extra(case_dir, argc, argv, exit_status, inputs, ninputs, outputs, noutputs,
				     NULL, NULL);
}

int lt_audit_append_extra(const char *case_dir, int argc, char *const *argv, int exit_status,
			  const struct lt_audit_file *inputs, size_t ninputs,
			  const struct lt_audit_file *outputs, size_t noutputs,
			  const char *extra_key, const char *extra_json)
{
	char *path = lt_xasprintf("%s/audit.log", case_dir);
	int fd = open(path, O_RDWR | O_CREAT | O_APPEND, 0644);
	free(path);
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	char prev[LT_SHA256_HEX];
	struct lt_buf b = LT_BUF_INIT;
	int rc = last_hash(fd, prev);
	if (rc == 0) {
		lt_buf_puts(&b, "{\"prev\":");
		lt_json_str(&b, prev, strlen(prev));
		put_identity(&b);
		lt_buf_puts(&b, ",\"argv\":[");
		for (int i = 0; i < argc; i++) {
			if (i)
				lt_buf_putc(&b, ',');
			lt_json_str(&b, argv[i], strlen(argv[i]));
		}
		lt_buf_printf(&b, "],\"exit\":%d,\"inputs\":", exit_status);
		put_files(&b, inputs, ninputs);
		lt_buf_puts(&b, ",\"outputs\":");
		put_files(&b, outputs, noutputs);
		if (extra_key && extra_json) {
			lt_buf_puts(&b, ",");
			lt_json_str(&b, extra_key, strlen(extra_key));
			lt_buf_printf(&b, ":%s", extra_json);
		}
		char own[LT_SHA256_HEX];
		lt_sha256_hex(b.data, b.len, own);
		lt_buf_printf(&b, HASH_KEY "%s\"}\n", own);
		const char *p = b.data;
		size_t left = b.len;
		while (left > 0 && rc == 0) {
			ssize_t w = write(fd, p, left);
			if (w < 0 && errno != EINTR)
				rc = -1;
			if (w > 0) {
				p += w;
				left -= (size_t)w;
			}
		}
		if (rc == 0 && fsync(fd) != 0)
			rc = -1;
	}
	int e = errno;
	lt_buf_free(&b);
	close(fd);
	errno = e;
	return rc;
}

/* Check one line; 0 when intact, else what[] says why. */
static int check_line(const char *line, size_t len, const char *expect_prev, char own[LT_SHA256_HEX],
		      char *what, size_t whatlen)
{
	const char *key = NULL;
	for (const char *p = strstr(line, HASH_KEY); p && p < line + len; p = strstr(p + 1, HASH_KEY))
		key = p;
	if (!key || line[0] != '{' || line[len - 1] != '}' ||
	    (size_t)(line + len - key) != strlen(HASH_KEY) + 64 + 2) {
		snprintf(what, whatlen, "malformed line (no trailing \"hash\")");
		return 1;
	}
	json_error_t je;
	json_t *doc = json_loadb(line, len, 0, &je);
	if (!doc) {
		snprintf(what, whatlen, "not valid JSON (%s)", je.text);
		return 1;
	}
	const char *prev = json_string_value(json_object_get(doc, "prev"));
	const char *hash = json_string_value(json_object_get(doc, "hash"));
	char calc[LT_SHA256_HEX];
	lt_sha256_hex(line, (size_t)(key - line), calc);
	int bad = 0;
	if (!prev || strcmp(prev, expect_prev) != 0) {
		snprintf(what, whatlen, "\"prev\" does not link to the line before");
		bad = 1;
	} else if (!hash || strcmp(hash, calc) != 0) {
		snprintf(what, whatlen, "\"hash\" does not match the line's content");
		bad = 1;
	} else {
		strcpy(own, hash);
	}
	json_decref(doc);
	return bad;
}

int lt_audit_verify(const char *case_dir, unsigned long *nlines, char head[LT_SHA256_HEX],
		    char *what, size_t whatlen)
{
	*nlines = 0;
	strcpy(head, LT_CHAIN_GENESIS);
	char *path = lt_xasprintf("%s/audit.log", case_dir);
	FILE *f = fopen(path, "rb");
	free(path);
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(what, whatlen, "audit.log: %s", strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	char why[200];
	for (;;) {
		ssize_t n = getline(&line, &cap, f);
		if (n <= 0)
			break;
		(*nlines)++;
		if (line[n - 1] != '\n') {
			snprintf(what, whatlen, "audit.log line %lu: incomplete line (no newline)", *nlines);
			rc = 1;
			break;
		}
		line[--n] = '\0';
		char own[LT_SHA256_HEX];
		if (n == 0 || check_line(line, (size_t)n, head, own, why, sizeof why) != 0) {
			snprintf(what, whatlen, "audit.log line %lu: %s", *nlines, n ? why : "empty line");
			rc = 1;
			break;
		}
		strcpy(head, own);
	}
	free(line);
	fclose(f);
	return rc;
}

/* Walk the lines, keeping line n's hash (n = 0: the last one). */
static int scan_hashes(const char *case_dir, unsigned long n, unsigned long *count, char out[LT_SHA256_HEX])
{
	*count = 0;
	strcpy(out, LT_CHAIN_GENESIS);
	char *path = lt_xasprintf("%s/audit.log", case_dir);
	FILE *f = fopen(path, "rb");
	free(path);
	if (!f)
		return errno == ENOENT ? 0 : -1;
	char *line = NULL;
	size_t cap = 0;
	int found = n == 0;
	for (;;) {
		ssize_t len = getline(&line, &cap, f);
		if (len <= 0)
			break;
		(*count)++;
		if (n != 0 && *count != n)
			continue;
		const char *key = NULL;
		for (const char *p = strstr(line, HASH_KEY); p; p = strstr(p + 1, HASH_KEY))
			key = p;
		if (key && strlen(key + strlen(HASH_KEY)) >= 64) {
			memcpy(out, key + strlen(HASH_KEY), 64);
			out[64] = '\0';
			found = 1;
		}
	}
	free(line);
	fclose(f);
	return found ? 0 : -1;
}

int lt_audit_hash_at(const char *case_dir, unsigned long n, char out[LT_SHA256_HEX])
{
	unsigned long count;
	if (n == 0)
		return -1;
	return scan_hashes(case_dir, n, &count, out);
}

int lt_audit_head(const char *case_dir, unsigned long *nlines, char head[LT_SHA256_HEX])
{
	return scan_hashes(case_dir, 0, nlines, head);
}

static bool names_file(const char *path, const char *name)
{
	size_t n = strlen(path), k = strlen(name);
	return n >= k && strcmp(path + n - k, name) == 0 && (n == k || path[n - k - 1] == '/');
}

int lt_audit_last_output(const char *case_dir, const char *name, char sha[LT_SHA256_HEX])
{
	unsigned long line;
	return lt_audit_last_output_line(case_dir, name, sha, &line);
}

json_t *lt_audit_anchor(const char *case_dir)
{
	unsigned long n = 0;
	char head[LT_SHA256_HEX];
	if (lt_audit_head(case_dir, &n, head) != 0)
		return NULL;
	return json_pack("{s:I, s:s}", "lines", (json_int_t)n, "head", head);
}

int lt_audit_last_output_line(const char *case_dir, const char *name, char sha[LT_SHA256_HEX],
			      unsigned long *lineno)
{
	*lineno = 0;
	unsigned long count = 0;
	char *path = lt_xasprintf("%s/audit.log", case_dir);
	FILE *f = fopen(path, "rb");
	free(path);
	if (!f)
		return errno == ENOENT ? 1 : -1;
	char *line = NULL;
	size_t cap = 0;
	int rc = 1;
	for (;;) {
		ssize_t len = getline(&line, &cap, f);
		if (len <= 0)
			break;
		count++;
		json_t *doc = json_loadb(line, (size_t)len, 0, NULL);
		size_t i;
		json_t *o;
		json_array_foreach(json_object_get(doc, "outputs"), i, o) {
			const char *p = json_string_value(json_object_get(o, "path"));
			const char *h = json_string_value(json_object_get(o, "sha256"));
			if (p && h && strlen(h) == 64 && names_file(p, name)) {
				strcpy(sha, h);
				*lineno = count;
				rc = 0;
			}
		}
		json_decref(doc);
	}
	free(line);
	fclose(f);
	return rc;
}

void lt_audit_list_add(struct lt_audit_list *l, const char *path, const char *sha256)
{
	if (!path)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = lt_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n].path = lt_xstrdup(path);
	l->v[l->n].sha256 = sha256 ? lt_xstrdup(sha256) : NULL;
	l->n++;
}

void lt_audit_list_add_sources(struct lt_audit_list *l, const char *case_dir)
{
	char *p = lt_xasprintf("%s/manifest.json", case_dir);
	json_t *m = json_load_file(p, 0, NULL);
	free(p);
	size_t i;
	json_t *src;
	json_array_foreach(json_object_get(m, "sources"), i, src) {
		const char *path = json_string_value(json_object_get(src, "path"));
		const char *sha = json_string_value(json_object_get(src, "sha256"));
		lt_audit_list_add(l, path, sha ? sha : "");
	}
	json_decref(m);
}

void lt_audit_list_free(struct lt_audit_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free((char *)l->v[i].path);
		free((char *)l->v[i].sha256);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

