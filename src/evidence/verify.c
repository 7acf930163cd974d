/* leaktrail verify (verify.h). */
#include "evidence/verify.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence/audit.h"
#include "evidence/casefile.h"
#include "evidence/outputs.h"
#include "evidence/sign.h"
#include "evidence/tlcheck.h"
#include "input/input.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

struct vctx {
	FILE *out;
	struct lt_verify_result *res;
	const struct lt_verify_opts *opts;
};

static void ok(struct vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void differs(struct vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct vctx *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void lt_verify_vreport(FILE *out, struct lt_verify_result *res, enum lt_check_result r, const char *fmt,
		       va_list ap)
{
	char buf[1024];
	vsnprintf(buf, sizeof buf, fmt, ap);
	static const char *const prefix[] = { "ok       ", "DIFFERS  ", "unchecked " };
	/* Paths and member names come from the manifest, a file an insider
	 * may have altered: escaped like every evidence byte (util/escape.h). */
	const char *line = lt_esc(buf);
	fprintf(out, "%s%s\n", prefix[r], line);
	if (r == LT_CHECK_UNCHECKED) {
		res->unchecked++;
		return;
	}
	res->checks++;
	if (r == LT_CHECK_DIFFERS && res->differences++ == 0)
		snprintf(res->first, sizeof res->first, "%s", line);
}

static void ok(struct vctx *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lt_verify_vreport(v->out, v->res, LT_CHECK_OK, fmt, ap);
	va_end(ap);
}

static void differs(struct vctx *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lt_verify_vreport(v->out, v->res, LT_CHECK_DIFFERS, fmt, ap);
	va_end(ap);
}

static void note(struct vctx *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	lt_verify_vreport(v->out, v->res, LT_CHECK_UNCHECKED, fmt, ap);
	va_end(ap);
}

static const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The first string value among several possible key names. */
static const char *jstr_any(const json_t *o, const char *const *keys)
{
	for (; *keys; keys++)
		if (jstr(o, *keys))
			return jstr(o, *keys);
	return NULL;
}

static bool file_exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0;
}

/* ---- 1. signature and time-stamp ---- */

static void check_seal(struct vctx *v, const char *case_dir, const struct lt_verify_opts *o)
{
	char err[512] = "";
	char *sig = lt_case_path(case_dir, "manifest.sig");
	char *tsr = lt_case_path(case_dir, "manifest.tsr");
	if (o->pubkey) {
		int rc = lt_verify_manifest_sig(case_dir, o->pubkey, err, sizeof err);
		if (rc == 0)
			ok(v, "manifest.sig: valid Ed25519 signature of manifest.json");
		else
			differs(v, "manifest.sig: %s", *err ? err : "no signature");
	} else if (file_exists(sig)) {
		note(v, "manifest.sig: present; give --pubkey to check it");
	}
	if (o->ca) {
		int rc = lt_tsr_verify(case_dir, o->ca, o->tsa_cert, err, sizeof err);
		if (rc == 0)
			ok(v, "manifest.tsr: valid time-stamp of manifest.json");
		else
			differs(v, "manifest.tsr: %s", *err ? err : "no time-stamp reply");
	} else if (file_exists(tsr)) {
		note(v, "manifest.tsr: present; give --ca (and --tsa-cert) to check it");
	}
	free(sig);
	free(tsr);
}

/* ---- 2. evidence ---- */

static const char *const path_keys[] = { "path", "file", NULL };
static const char *const member_keys[] = { "member", "path", "name", NULL };
static const char *const member_list_keys[] = { "streams", "members", NULL };

static const json_t *sources_of(const json_t *m)
{
	const json_t *s = json_object_get(m, "sources");
	if (!s)
		s = json_object_get(m, "evidence");
	return s;
}

struct walkstate {
	struct vctx *v;
	const json_t *members;	/* the recorded members of the current source */
	const char *path;
	bool *seen;
};

static const json_t *members_of(const json_t *src)
{
	for (const char *const *k = member_list_keys; *k; k++)
		if (json_is_array(json_object_get(src, *k)))
			return json_object_get(src, *k);
	return NULL;
}

static void on_stream_end(const struct lt_stream *s, void *arg)
{
	struct walkstate *w = arg;
	if (!w->members || !s->member)
		return;
	size_t i;
	json_t *m;
	json_array_foreach(w->members, i, m) {
		const char *name = jstr_any(m, member_keys);
		if (!name || strcmp(name, s->member) != 0 || w->seen[i])
			continue;
		w->seen[i] = true;
		const char *want = jstr(m, "sha256");
		if (!want)
			return;
		if (strcmp(want, s->sha256) == 0)
			ok(w->v, "member   %s//%s", w->path, s->member);
		else
			differs(w->v, "evidence member %s//%s: SHA-256 is %s, manifest says %s", w->path, s->member,
				s->sha256, want);
		return;
	}
}

static int on_stream(struct lt_stream *s, void *arg)
{
	(void)s;
	(void)arg;
	return 0;	/* the walker drains and hashes what we do not read */
}

static void check_members(struct vctx *v, const char *path, const json_t *members)
{
	size_t n = json_array_size(members);
	bool *seen = lt_xcalloc(n ? n : 1, sizeof *seen);
	struct walkstate w = { v, members, path, seen };
	struct lt_input_callbacks cb = { NULL, on_stream, on_stream_end, NULL, &w };
	struct lt_input_opts io;
	lt_input_opts_default(&io);
	const char *paths[1] = { path };
	lt_diag_set_quiet(1);
	lt_input_walk(paths, 1, &io, &cb);
	lt_diag_set_quiet(0);
	size_t i;
	json_t *m;
	json_array_foreach(members, i, m) {
		const char *name = jstr_any(m, member_keys);
		if (name && !seen[i] && jstr(m, "sha256"))
			differs(v, "evidence member %s//%s: not found in the evidence file any more", path, name);
	}
	free(seen);
}

static bool has_named_members(const json_t *members)
{
	size_t i;
	json_t *m;
	json_array_foreach(members, i, m)
		if (jstr_any(m, member_keys) && jstr(m, "sha256"))
			return true;
	return false;
}

/* ---- 2b. evidence of nightly (--state) cases: grown and moved files ---- */

struct prefix_walk {
	uint64_t want;		/* bytes to hash */
	uint64_t got;
	bool done;
	struct lt_hasher h;
};

static int on_prefix_stream(struct lt_stream *s, void *arg)
{
	struct prefix_walk *p = arg;
	if (s->member || p->done)
		return 0;
	p->done = true;
	char buf[65536];
	while (p->got < p->want) {
		uint64_t left = p->want - p->got;
		ssize_t n = lt_stream_read(s, buf, left < sizeof buf ? (size_t)left : sizeof buf);
		if (n <= 0)
			break;
		lt_hasher_update(&p->h, buf, (size_t)n);
		p->got += (uint64_t)n;
	}
	return 0;
}

/* SHA-256 of the first n bytes of path's own stream (decompressed when it
 * is a .gz). 0, or -1 when it cannot be read or is shorter. */
static int hash_prefix(const char *path, uint64_t n, char out[LT_SHA256_HEX])
{
	struct prefix_walk p;
	memset(&p, 0, sizeof p);
	p.want = n;
	lt_hasher_init(&p.h, LT_HASH_SHA256);
	struct lt_input_callbacks cb = { NULL, on_prefix_stream, NULL, NULL, &p };
	struct lt_input_opts io;
	lt_input_opts_default(&io);
	const char *paths[1] = { path };
	lt_diag_set_quiet(1);
	lt_input_walk(paths, 1, &io, &cb);
	lt_diag_set_quiet(0);
	struct lt_digests d;
	lt_hasher_final(&p.h, &d);
	if (!p.done || p.got != n)
		return -1;
	memcpy(out, d.sha256, LT_SHA256_HEX);
	return 0;
}

/* The bytes of the source's single stream: its SHA-256 and size. */
static bool own_stream(const json_t *src, const char **sha, uint64_t *size)
{
	const json_t *streams = members_of(src);
	if (json_array_size(streams) != 1)
		return false;
	const json_t *st = json_array_get(streams, 0);
	*sha = jstr(st, "sha256");
	*size = (uint64_t)json_integer_value(json_object_get(st, "size"));
	return *sha != NULL;
}

/* A source whose bytes a later night found elsewhere ("now_in", written
 * by incremental runs): they must be the start of that source's stream. */
static void check_moved(struct vctx *v, const json_t *m, const json_t *src, const json_t *now_in)
{
	const char *path = jstr_any(src, path_keys);
	json_int_t id = json_integer_value(json_object_get(now_in, "source"));
	uint64_t n = (uint64_t)json_integer_value(json_object_get(now_in, "bytes"));
	const json_t *to = NULL;
	size_t i;
	json_t *s;
	json_array_foreach(json_object_get(m, "sources"), i, s)
		if (json_integer_value(json_object_get(s, "id")) == id)
			to = s;
	const char *sha;
	uint64_t size;
	const char *to_path = to ? jstr_any(to, path_keys) : NULL;
	if (!to_path || !own_stream(src, &sha, &size) || size != n) {
		differs(v, "evidence %s: manifest links it to source %" JSON_INTEGER_FORMAT
			", which the manifest does not hold", path, id);
		return;
	}
	char got[LT_SHA256_HEX];
	if (hash_prefix(to_path, n, got) != 0)
		differs(v, "evidence %s: its %" PRIu64 " bytes were moved to %s, which cannot be read or is shorter",
			path, n, to_path);
	else if (strcmp(got, sha) != 0)
		differs(v, "evidence %s: its %" PRIu64 " bytes were moved to %s, whose first %" PRIu64
			" bytes have SHA-256 %s, manifest says %s", path, n, to_path, n, got, sha);
	else
		ok(v, "evidence %s (its %" PRIu64 " bytes are now the start of %s)", path, n, to_path);
}

/* In a nightly case the last night's files may have grown since: the bytes
 * that were read must still be their start. True when that was checked. */
static bool grown_since(struct vctx *v, const json_t *m, const json_t *src, const char *path)
{
	const char *sha;
	uint64_t size;
	if (!json_object_get(m, "increments") || !own_stream(src, &sha, &size) || strcmp(sha, jstr(src, "sha256")) != 0)
		return false;	/* only plain files of nightly cases grow */
	char got[LT_SHA256_HEX];
	if (hash_prefix(path, size, got) != 0 || strcmp(got, sha) != 0)
		return false;
	ok(v, "evidence %s (the %" PRIu64 " bytes read; the file has grown since)", path, size);
	return true;
}

static void check_source(struct vctx *v, const json_t *m, const json_t *src)
{
	const char *path = jstr_any(src, path_keys);
	const char *want = jstr(src, "sha256");
	if (!path || !want)
		return;
	if (strcmp(path, "-") == 0) {
		note(v, "evidence -: read from standard input, cannot be re-read");
		return;
	}
	const json_t *now_in = json_object_get(src, "now_in");
	if (now_in) {
		check_moved(v, m, src, now_in);
		return;
	}
	char got[LT_SHA256_HEX], why[256];
	if (lt_input_sha256_file(path, got, why, sizeof why) != 0) {
		int e = errno;
		differs(v, "evidence %s: cannot be read (%s)%s", path, why,
			path[0] != '/' && e == ENOENT ? "; the path is relative: run verify from the directory "
							 "the case was made in, or use --skip-evidence" : "");
		return;
	}
	if (strcmp(got, want) != 0) {
		if (!grown_since(v, m, src, path))
			differs(v, "evidence %s: SHA-256 is %s, manifest says %s", path, got, want);
		return;
	}
	ok(v, "evidence %s", path);
	const json_t *members = members_of(src);
	if (members && has_named_members(members))
		check_members(v, path, members);
}

static void check_evidence(struct vctx *v, const json_t *m, const struct lt_verify_opts *o)
{
	const json_t *s = sources_of(m);
	if (o->skip_evidence) {
		if (s)
			note(v, "evidence: skipped (--skip-evidence)");
		return;
	}
	size_t i;
	json_t *src;
	if (json_is_array(s)) {
		json_array_foreach(s, i, src)
			check_source(v, m, src);
	} else if (json_is_object(s)) {
		const char *k;
		json_object_foreach((json_t *)s, k, src)
			check_source(v, m, src);
	}
}

/* ---- 3. hashed case files (records, findings, coverage ...) ---- */

/* Objects {"file": REL, "sha256": HEX} anywhere in the manifest outside
 * "sources" and "outputs" (which have their own checks) name case files. */
static void walk_case_files(struct vctx *v, const char *case_dir, const json_t *x)
{
	if (json_is_array(x)) {
		size_t i;
		json_t *e;
		json_array_foreach(x, i, e)
			walk_case_files(v, case_dir, e);
		return;
	}
	if (!json_is_object(x))
		return;
	const char *rel = jstr(x, "file");
	const char *want = jstr(x, "sha256");
	if (rel && want && rel[0] != '/' && !strstr(rel, "..")) {
		char *p = lt_case_path(case_dir, rel);
		char got[LT_SHA256_HEX], why[256];
		if (lt_input_sha256_file(p, got, why, sizeof why) != 0)
			differs(v, "case file %s: cannot be read (%s)", rel, why);
		else if (strcmp(got, want) != 0)
			differs(v, "case file %s: SHA-256 is %s, manifest says %s", rel, got, want);
		else
			ok(v, "case file %s", rel);
		free(p);
		return;
	}
	const char *k;
	json_t *e;
	json_object_foreach((json_t *)x, k, e)
		walk_case_files(v, case_dir, e);
}

static void check_case_files(struct vctx *v, const char *case_dir, const json_t *m)
{
	const char *k;
	json_t *x;
	json_object_foreach((json_t *)m, k, x)
		if (strcmp(k, "outputs") != 0 && strcmp(k, "sources") != 0)
			walk_case_files(v, case_dir, x);
}

/* ---- 4. outputs ---- */

static void check_output(struct vctx *v, const char *case_dir, const char *key, const json_t *e)
{
	const char *want = jstr(e, "sha256");
	const char *format = jstr(e, "format");
	if (!want)
		return;
	char *p = lt_outputs_file(case_dir, key);
	char got[LT_SHA256_HEX], why[256];
	if (lt_input_sha256_file(p, got, why, sizeof why) != 0) {
		differs(v, "output %s: cannot be read (%s)", key, why);
		free(p);
		return;
	}
	lt_chain_reader reader = format && v->opts->chain_reader ? v->opts->chain_reader(format) : NULL;
	if (jstr(e, "chain_head") && !reader)
		note(v, "output %s: chain of format %s not re-walked (no reader for it)", key,
			  format ? format : "(none)");
	if (jstr(e, "chain_head") && reader) {
		/* Walk the chain first: it names the entry that changed. */
		size_t n = 0;
		char head[LT_SHA256_HEX], what[512];
		int rc = lt_tlcheck_file(p, reader, &n, head, what, sizeof what);
		if (rc != 0)
			differs(v, "output %s: chain broken at %s", key, what);
		else if (n != (size_t)json_integer_value(json_object_get(e, "entries")) ||
			 strcmp(head, jstr(e, "chain_head")) != 0)
			differs(v, "output %s: chain intact but has %zu entries ending in %.16s..., manifest says %"
				JSON_INTEGER_FORMAT " ending in %.16s... (entries removed or added at the end)", key, n,
				head, json_integer_value(json_object_get(e, "entries")), jstr(e, "chain_head"));
		else
			ok(v, "chain    %s (%zu entries)", key, n);
	}
	if (strcmp(got, want) != 0)
		differs(v, "output %s: SHA-256 is %s, manifest says %s", key, got, want);
	else
		ok(v, "output   %s", key);
	free(p);
}

static void check_outputs(struct vctx *v, const char *case_dir, const json_t *m)
{
	const json_t *outs = json_object_get(m, "outputs");
	if (!json_is_object(outs))
		return;
	/* Sorted keys, so that "the first difference" is the same every time. */
	size_t n = json_object_size(outs), i = 0;
	const char **keys = lt_xcalloc(n ? n : 1, sizeof *keys);
	const char *k;
	json_t *e;
	json_object_foreach((json_t *)outs, k, e)
		keys[i++] = k;
	for (size_t a = 1; a < n; a++)
		for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
			const char *t = keys[b];
			keys[b] = keys[b - 1];
			keys[b - 1] = t;
		}
	for (i = 0; i < n; i++)
		check_output(v, case_dir, keys[i], json_object_get(outs, keys[i]));
	free(keys);
}

/* ---- 5. audit log ---- */

/* One anchor {"lines": N, "head": HEX}: line N still has that hash. */
static bool anchor_holds(struct vctx *v, const char *case_dir, unsigned long n, const json_t *a)
{
	json_int_t want = json_integer_value(json_object_get(a, "lines"));
	const char *want_hash = jstr(a, "head");
	if (!want_hash || want <= 0)
		return true;
	char at[LT_SHA256_HEX];
	if ((json_int_t)n < want || lt_audit_hash_at(case_dir, (unsigned long)want, at) != 0 ||
	    strcmp(at, want_hash) != 0) {
		differs(v, "audit.log: line %" JSON_INTEGER_FORMAT " is not the one the manifest saw "
			"(lines removed or replaced)", want);
		return false;
	}
	return true;
}

static void check_audit(struct vctx *v, const char *case_dir, const json_t *m)
{
	unsigned long n = 0;
	char head[LT_SHA256_HEX], what[512];
	int rc = lt_audit_verify(case_dir, &n, head, what, sizeof what);
	if (rc != 0) {
		differs(v, "%s", what);
		return;
	}
	const json_t *a = json_object_get(m, "audit");
	if (!anchor_holds(v, case_dir, n, a))
		return;
	/* Every nightly commit anchored the chain as it was then. */
	size_t i;
	json_t *inc;
	json_array_foreach(json_object_get(m, "increments"), i, inc)
		if (!anchor_holds(v, case_dir, n, json_object_get(inc, "audit")))
			return;
	/* The command that wrote the manifest wrote its line after the
	 * anchor: without that line, the log's end was cut off. */
	char sha[LT_SHA256_HEX];
	unsigned long line = 0;
	if (a && (lt_audit_last_output_line(case_dir, "manifest.json", sha, &line) != 0 ||
		  (json_int_t)line <= json_integer_value(json_object_get(a, "lines")))) {
		differs(v, "audit.log: no line after line %" JSON_INTEGER_FORMAT " records manifest.json "
			"(the last lines were removed)", json_integer_value(json_object_get(a, "lines")));
		return;
	}
	ok(v, "audit.log (%lu lines, chain intact)", n);
}

/* Without a signature the manifest has one anchor: the SHA-256 the last
 * command that wrote it recorded in the (chained) audit log. */
static void check_manifest_hash(struct vctx *v, const char *case_dir)
{
	char want[LT_SHA256_HEX], got[LT_SHA256_HEX];
	int rc = lt_audit_last_output(case_dir, "manifest.json", want);
	if (rc != 0) {
		note(v, "manifest.json: no command recorded its hash in audit.log");
		return;
	}
	char *p = lt_case_path(case_dir, "manifest.json");
	char why[256];
	if (lt_input_sha256_file(p, got, why, sizeof why) != 0)
		differs(v, "manifest.json: cannot be read (%s)", why);
	else if (strcmp(got, want) != 0)
		differs(v, "manifest.json: SHA-256 is %s, the last command that wrote it recorded %s in audit.log",
			got, want);
	else
		ok(v, "manifest.json is what the last command wrote (audit.log)");
	free(p);
}

/* The seal's files are checked against the manifest only with the keys;
 * without them (and for the time-stamp request, always) against the hash
 * the command that wrote them recorded in audit.log. */
static void check_seal_file(struct vctx *v, const char *case_dir, const char *name)
{
	char want[LT_SHA256_HEX], got[LT_SHA256_HEX];
	char *p = lt_case_path(case_dir, name);
	if (file_exists(p) && lt_audit_last_output(case_dir, name, want) == 0) {
		if (lt_sha256_file(p, got) != 0)
			differs(v, "%s: cannot be read (%s)", name, strerror(errno));
		else if (strcmp(got, want) != 0)
			differs(v, "%s: SHA-256 is %s, the last command that wrote it recorded %s in audit.log", name,
				got, want);
		else
			ok(v, "%s is what the last command wrote (audit.log)", name);
	}
	free(p);
}

int lt_verify_case(const char *case_dir, const struct lt_verify_opts *opts, FILE *out,
		   struct lt_verify_result *res)
{
	memset(res, 0, sizeof *res);
	struct vctx v = { out, res, opts };
	char *mpath = lt_case_path(case_dir, "manifest.json");
	if (!file_exists(mpath)) {
		snprintf(res->first, sizeof res->first, "%s: no manifest (is this a case directory?)", mpath);
		free(mpath);
		return -1;
	}
	char err[512] = "";
	json_t *m = lt_case_json_load(mpath, err, sizeof err);
	free(mpath);
	if (!m) {
		differs(&v, "manifest.json: %s", err);
		check_audit(&v, case_dir, NULL);
		return 1;
	}
	ok(&v, "manifest.json parses");
	check_manifest_hash(&v, case_dir);
	check_seal(&v, case_dir, opts);
	check_seal_file(&v, case_dir, "manifest.sig");
	check_seal_file(&v, case_dir, "manifest.tsq");
	check_evidence(&v, m, opts);
	check_case_files(&v, case_dir, m);
	check_outputs(&v, case_dir, m);
	check_audit(&v, case_dir, m);
	json_decref(m);
	return res->differences ? 1 : 0;
}
