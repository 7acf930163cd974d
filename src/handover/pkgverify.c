/* leaktrail verify PACKAGE: a hand-over package checked on its own (handover.h).
 *
 * Checks, each one line on out: handover.json parses; every SHA256SUMS line
 * is well-formed and its file has that SHA-256; no file is in the folder that
 * SHA256SUMS does not list (SHA256SUMS.sig aside); the signature over
 * SHA256SUMS; the case manifest's signature when the package says it was
 * made with the same key; the hash chains of the timelines and journals.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence/casefile.h"
#include "evidence/verify.h"
#include "evidence/tlcheck.h"
#include "export/exporters.h"
#include "handover/handover.h"
#include "handover/journal.h"
#include "handover/pkgsign.h"
#include "util/hash.h"
#include "util/xalloc.h"

struct pv {
	const char *dir;
	FILE *out;
	struct lt_verify_result *res;
	json_t *listed;		/* path -> true */
};

static void ok(struct pv *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void differs(struct pv *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void ok(struct pv *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lt_verify_vreport(v->out, v->res, LT_CHECK_OK, fmt, ap);
	va_end(ap);
}

static void differs(struct pv *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lt_verify_vreport(v->out, v->res, LT_CHECK_DIFFERS, fmt, ap);
	va_end(ap);
}

static char *at(const struct pv *v, const char *rel)
{
	return lt_xasprintf("%s/%s", v->dir, rel);
}

bool lt_handover_is_package(const char *dir)
{
	char *a = lt_xasprintf("%s/handover.json", dir), *b = lt_xasprintf("%s/SHA256SUMS", dir);
	bool yes = access(a, F_OK) == 0 || access(b, F_OK) == 0;
	free(a);
	free(b);
	return yes;
}

static bool is_hex64(const char *s)
{
	for (int i = 0; i < 64; i++)
		if (!strchr("0123456789abcdef", s[i]) || !s[i])
			return false;
	return true;
}

static void check_line(struct pv *v, unsigned long no, char *line)
{
	size_t n = strlen(line);
	if (n && line[n - 1] == '\n')
		line[--n] = '\0';
	if (n < 67 || !is_hex64(line) || line[64] != ' ' || line[65] != ' ' || strstr(line + 66, "..")) {
		differs(v, "SHA256SUMS: line %lu is not 'SHA-256  path'", no);
		return;
	}
	const char *rel = line + 66;
	json_object_set_new(v->listed, rel, json_true());
	char *p = at(v, rel);
	char sha[LT_SHA256_HEX];
	if (lt_sha256_file(p, sha) != 0)
		differs(v, "%s: listed in SHA256SUMS but missing", rel);
	else if (strncmp(sha, line, 64) != 0)
		differs(v, "%s: SHA-256 is %s, SHA256SUMS says %.64s", rel, sha, line);
	else
		ok(v, "%s", rel);
	free(p);
}

static int check_sums(struct pv *v)
{
	char *p = at(v, "SHA256SUMS");
	FILE *f = fopen(p, "r");
	free(p);
	if (!f) {
		differs(v, "SHA256SUMS: missing");
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned long no = 0;
	while (getline(&line, &cap, f) > 0)
		check_line(v, ++no, line);
	free(line);
	fclose(f);
	return 0;
}

/* Files in the folder that SHA256SUMS does not vouch for. */
static void check_unlisted(struct pv *v, const char *rel)
{
	char *path = *rel ? at(v, rel) : lt_xstrdup(v->dir);
	DIR *d = opendir(path);
	free(path);
	if (!d)
		return;
	for (struct dirent *e = readdir(d); e; e = readdir(d)) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *r = *rel ? lt_xasprintf("%s/%s", rel, e->d_name) : lt_xstrdup(e->d_name);
		char *full = at(v, r);
		struct stat st;
		bool dir = lstat(full, &st) == 0 && S_ISDIR(st.st_mode);
		bool exempt = strcmp(r, "SHA256SUMS") == 0 || strcmp(r, "SHA256SUMS.sig") == 0;
		if (dir)
			check_unlisted(v, r);
		else if (!exempt && !json_object_get(v->listed, r))
			differs(v, "%s: in the package but not in SHA256SUMS", r);
		free(full);
		free(r);
	}
	closedir(d);
}

static void check_sig(struct pv *v, const char *pubkey, const char *file, const char *sig)
{
	char *f = at(v, file), *s = at(v, sig), *pk = pubkey ? lt_xstrdup(pubkey) : at(v, "signer.pub.pem");
	char err[512] = "";
	int r = lt_pkg_sig_verify(f, s, pk, err, sizeof err);
	if (r == 0)
		ok(v, "%s: signature (Ed25519) matches", file);
	else
		differs(v, "%s: signature check failed: %s", file, err);
	free(f);
	free(s);
	free(pk);
}

static void check_chains(struct pv *v)
{
	/* The chained formats of the package, read back by the exporter table's readers. */
	static const char *const tl[][2] = { { "timeline.csv", "csv" }, { "timeline.jsonl", "jsonl" } };
	for (size_t i = 0; i < 2; i++) {
		char *p = at(v, tl[i][0]);
		size_t entries;
		char head[LT_SHA256_HEX], what[512] = "";
		if (access(p, F_OK) != 0)
			differs(v, "%s: missing", tl[i][0]);
		else if (lt_tlcheck_file(p, lt_exporter_chain_reader(tl[i][1]), &entries, head, what, sizeof what) != 0)
			differs(v, "%s: hash chain: %s", tl[i][0], what);
		else
			ok(v, "%s: hash chain of %zu entries intact", tl[i][0], entries);
		free(p);
	}
	char *cd = at(v, "case");
	static const char *const journals[] = { "notes.jsonl", "custody.jsonl" };
	for (size_t i = 0; i < 2; i++) {
		char err[512] = "";
		json_t *j = lt_journal_load(cd, journals[i], err, sizeof err);
		if (!j)
			differs(v, "case/%s: %s", journals[i], err);
		else
			ok(v, "case/%s: chain of %zu entries intact", journals[i], json_array_size(j));
		json_decref(j);
	}
	free(cd);
}

int lt_handover_verify(const char *dir, const char *pubkey, FILE *out, struct lt_verify_result *res)
{
	memset(res, 0, sizeof *res);
	struct pv v = { dir, out, res, json_object() };
	char *dp = at(&v, "handover.json");
	char err[512] = "";
	json_t *desc = access(dp, F_OK) == 0 ? lt_case_json_load(dp, err, sizeof err) : NULL;
	free(dp);
	if (!desc)
		differs(&v, "handover.json: %s", *err ? err : "missing");
	else if (strcmp(json_string_value(json_object_get(desc, "format")) ? json_string_value(json_object_get(desc, "format")) : "",
			"leaktrail-handover/1") != 0)
		differs(&v, "handover.json: not a leaktrail-handover/1 description");
	else
		ok(&v, "handover.json parses");
	if (check_sums(&v) == 0)
		check_unlisted(&v, "");
	char *sigp = at(&v, "SHA256SUMS.sig");
	bool have_sig = access(sigp, F_OK) == 0;
	free(sigp);
	if (have_sig || json_is_true(json_object_get(desc, "signed")))
		check_sig(&v, pubkey, "SHA256SUMS", "SHA256SUMS.sig");
	if (json_is_true(json_object_get(desc, "case_manifest_signed_with_package_key")))
		check_sig(&v, pubkey, "case/manifest.json", "case/manifest.sig");
	check_chains(&v);
	json_decref(desc);
	json_decref(v.listed);
	return res->differences ? 1 : 0;
}
