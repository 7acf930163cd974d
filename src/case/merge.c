/* leaktrail merge: shard cases into one case (merge.h). */
#include "case/merge.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence/audit.h"
#include "evidence/casefile.h"
#include "evidence/manifest.h"
#include "evidence/storerec.h"
#include "evidence/verify.h"
#include "export/exporters.h"
#include "record/store.h"
#include "util/diag.h"
#include "util/hash.h"
#include "util/jsontext.h"
#include "util/sort.h"
#include "util/xalloc.h"

struct shard {
	const char *dir;
	json_t *man;		/* its manifest (owned) */
	const json_t *sec;	/* its "shard" section (borrowed from man) */
	unsigned index;
};

struct merge {
	const struct lt_merge_opts *o;
	struct shard *sh;	/* sorted by index once the set is checked */
	size_t n;
	unsigned count;		/* N */
	json_t *sources;	/* every source, id order (new reference) */
	uint64_t records;	/* the shards' record counts, summed */
};

static int fail(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(int status, const char *fmt, ...)
{
	va_list ap;
	fputs("leaktrail merge: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return status;
}

static json_int_t jint(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static const char *jstr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* CASE must be new: absent, or an empty folder (as ingest accepts). */
static int check_output(const char *case_dir)
{
	DIR *d = opendir(case_dir);
	if (!d)
		return errno == ENOENT ? LT_EXIT_OK
				       : fail(LT_EXIT_USAGE, "%s exists and is not a folder that can be read: %s",
					      case_dir, strerror(errno));
	struct dirent *de;
	int status = LT_EXIT_OK;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
			status = LT_EXIT_USAGE;
	closedir(d);
	if (status)
		return fail(status, "%s exists and is not empty: merge makes a new case, give a new folder", case_dir);
	return LT_EXIT_OK;
}

static int load_shard(struct shard *s, const char *dir)
{
	s->dir = dir;
	char *err = NULL;
	s->man = lt_manifest_load(dir, &err);
	if (!s->man) {
		int st = fail(LT_EXIT_IO, "shard %s: %s", dir, err ? err : "cannot read its manifest");
		free(err);
		return st;
	}
	s->sec = json_object_get(s->man, "shard");
	if (!json_is_object(s->sec))
		return fail(LT_EXIT_USAGE, "%s is not a shard case (its manifest has no \"shard\" section: "
			    "it was not made by 'ingest --shard I/N' or 'run --shard I/N')", dir);
	s->index = (unsigned)jint(s->sec, "index");
	return LT_EXIT_OK;
}

static int cmp_index(const void *a, const void *b)
{
	const struct shard *x = a, *y = b;
	return (x->index > y->index) - (x->index < y->index);
}

/* Same N, same input list, every index once. */
static int check_set(struct merge *g)
{
	const struct shard *f = &g->sh[0];
	g->count = (unsigned)jint(f->sec, "count");
	for (size_t i = 1; i < g->n; i++) {
		const struct shard *s = &g->sh[i];
		if ((unsigned)jint(s->sec, "count") != g->count)
			return fail(LT_EXIT_USAGE, "shard %s is one of %u shards, shard %s one of %u: "
				    "the shards of one merge share N", s->dir, (unsigned)jint(s->sec, "count"), f->dir,
				    g->count);
		if (strcmp(jstr(s->sec, "inputs_digest"), jstr(f->sec, "inputs_digest")) != 0)
			return fail(LT_EXIT_USAGE, "shard %s is from another input list than shard %s "
				    "(input list digest %s, not %s): shard the same inputs again",
				    s->dir, f->dir, jstr(s->sec, "inputs_digest"), jstr(f->sec, "inputs_digest"));
	}
	lt_qsort(g->sh, g->n, sizeof *g->sh, cmp_index);
	for (size_t i = 1; i < g->n; i++)
		if (g->sh[i].index == g->sh[i - 1].index)
			return fail(LT_EXIT_USAGE, "shards %s and %s are both shard %u/%u (overlapping shards)",
				    g->sh[i - 1].dir, g->sh[i].dir, g->sh[i].index, g->count);
	unsigned want = 0;
	for (size_t i = 0; i < g->n; i++, want++)
		if (g->sh[i].index != want)
			break;
	if (want < g->count)
		return fail(LT_EXIT_USAGE, "shard %u/%u is missing (given: %zu of %u shards)", want, g->count, g->n,
			    g->count);
	return LT_EXIT_OK;
}

/* The ingest options that decide what records are made must be equal. */
static int check_options(const struct merge *g)
{
	static const char *const keys[] = { "inputs", "time_zone", "format", "encoding", "parser_options", "caps" };
	const json_t *first = NULL;
	for (size_t i = 0; i < g->n; i++) {
		const json_t *runs = json_object_get(g->sh[i].man, "ingest");
		if (json_array_size(runs) != 1)
			return fail(LT_EXIT_USAGE, "shard %s has %zu ingest runs, a shard has one", g->sh[i].dir,
				    json_array_size(runs));
		const json_t *run = json_array_get(runs, 0);
		if (!first) {
			first = run;
			continue;
		}
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (!json_equal(json_object_get(run, keys[k]), json_object_get(first, keys[k])))
				return fail(LT_EXIT_USAGE, "shard %s was ingested with other %s than shard %s: "
					    "the shards of one merge are made by the same command",
					    g->sh[i].dir, keys[k], g->sh[0].dir);
	}
	return LT_EXIT_OK;
}

/* Every source id of the list in exactly one shard. */
static int check_sources(struct merge *g)
{
	size_t total = (size_t)jint(g->sh[0].sec, "inputs_sources");
	json_t **by_id = lt_xcalloc(total + 1, sizeof *by_id);
	const char **from = lt_xcalloc(total + 1, sizeof *from);
	int status = LT_EXIT_OK;
	for (size_t i = 0; i < g->n && !status; i++) {
		size_t k;
		json_t *src;
		json_array_foreach(json_object_get(g->sh[i].man, "sources"), k, src) {
			json_int_t id = jint(src, "id");
			if (id < 1 || (size_t)id > total) {
				status = fail(LT_EXIT_USAGE, "shard %s: source %s has id %" JSON_INTEGER_FORMAT
					      ", outside the input list's 1..%zu", g->sh[i].dir, jstr(src, "path"), id, total);
				break;
			}
			if (by_id[id]) {
				status = fail(LT_EXIT_USAGE, "source %s (id %" JSON_INTEGER_FORMAT ") is in shard %s and "
					      "in shard %s (overlapping shards)", jstr(src, "path"), id, from[id], g->sh[i].dir);
				break;
			}
			by_id[id] = src;
			from[id] = g->sh[i].dir;
		}
	}
	g->sources = json_array();
	for (size_t id = 1; id <= total && !status; id++) {
		if (!by_id[id])
			status = fail(LT_EXIT_USAGE, "source id %zu of the input list is in none of the shards", id);
		else
			json_array_append_new(g->sources, json_deep_copy(by_id[id]));
	}
	free(by_id);
	free(from);
	return status;
}

static json_t *stat_mtime_json(const struct stat *st)
{
	return lt_json_time((lt_time_us)st->st_mtim.tv_sec * LT_US_PER_SEC + st->st_mtim.tv_nsec / 1000);
}

/* The evidence the shard read must still be there, unchanged in size and
 * modification time (its content: verify_evidence, or verify). */
static int check_evidence_stat(const struct shard *s)
{
	size_t k;
	json_t *src;
	json_array_foreach(json_object_get(s->man, "sources"), k, src) {
		const char *path = jstr(src, "path");
		struct stat st;
		if (stat(path, &st) != 0)
			return fail(LT_EXIT_VERIFY, "shard %s: evidence %s cannot be read (%s)%s", s->dir, path,
				    strerror(errno), path[0] != '/' ? "; the path is relative: merge from the folder "
				    "the shards were made in" : "");
		if ((json_int_t)st.st_size != jint(src, "size"))
			return fail(LT_EXIT_VERIFY, "shard %s: evidence %s changed since it was read: %lld bytes, "
				    "the shard's manifest says %" JSON_INTEGER_FORMAT, s->dir, path,
				    (long long)st.st_size, jint(src, "size"));
		json_t *mt = stat_mtime_json(&st);
		int same = json_equal(mt, json_object_get(src, "mtime"));
		if (!same)
			fail(LT_EXIT_VERIFY, "shard %s: evidence %s changed since it was read: modified %s, "
			     "the shard's manifest says %s", s->dir, path, json_string_value(mt), jstr(src, "mtime"));
		json_decref(mt);
		if (!same)
			return LT_EXIT_VERIFY;
	}
	return LT_EXIT_OK;
}

/* The shard as 'verify' sees it: manifest, store, outputs, audit log. */
static int verify_shard(const struct merge *g, const struct shard *s)
{
	struct lt_verify_opts vo = { .skip_evidence = !g->o->verify_evidence,
				     .chain_reader = lt_exporter_chain_reader };
	struct lt_verify_result res;
	FILE *devnull = fopen("/dev/null", "w");
	if (!devnull)
		return fail(LT_EXIT_IO, "/dev/null: %s", strerror(errno));
	int vr = lt_verify_case(s->dir, &vo, devnull, &res);
	fclose(devnull);
	if (vr < 0)
		return fail(LT_EXIT_IO, "shard %s cannot be verified: %s", s->dir, res.first);
	if (vr > 0)
		return fail(LT_EXIT_VERIFY, "shard %s fails verification ('leaktrail verify %s' lists it): %s", s->dir,
			    s->dir, res.first);
	if (!json_is_array(json_object_get(json_object_get(s->man, "store"), "files")))
		return fail(LT_EXIT_VERIFY, "shard %s: its manifest has no record store hashes, so its store "
			    "cannot be checked", s->dir);
	return g->o->verify_evidence ? LT_EXIT_OK : check_evidence_stat(s);
}

/* ---- writing ---- */

/* The shard's store files and hashes as {"run", "sha256"}: not
 * {"file", "sha256"}, which verify takes for a file of this case. */
static json_t *store_list(const json_t *man)
{
	json_t *out = json_array();
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(json_object_get(man, "store"), "files"), i, f)
		json_array_append_new(out, json_pack("{s:s, s:s}", "run", jstr(f, "file"), "sha256", jstr(f, "sha256")));
	return out;
}

/* What the merged manifest says of one shard. New reference. */
static json_t *shard_entry(const struct shard *s)
{
	json_t *e = json_object();
	json_object_set_new(e, "index", json_integer(s->index));
	json_object_set_new(e, "case", lt_json_ctext(s->dir));
	char sha[LT_SHA256_HEX];
	char *mp = lt_case_path(s->dir, LT_MANIFEST_NAME);
	json_object_set_new(e, "manifest_sha256", lt_sha256_file(mp, sha) == 0 ? json_string(sha) : json_null());
	free(mp);
	unsigned long lines = 0;
	char head[LT_SHA256_HEX] = "";
	int have = lt_audit_head(s->dir, &lines, head) == 0;
	json_object_set_new(e, "audit", have ? json_pack("{s:I, s:s}", "lines", (json_int_t)lines, "head", head)
					     : json_null());
	json_object_set_new(e, "sources", json_integer(jint(s->sec, "sources")));
	json_object_set_new(e, "bytes", json_integer(jint(s->sec, "bytes")));
	const json_t *run = json_array_get(json_object_get(s->man, "ingest"), 0);
	json_object_set_new(e, "records", json_integer(jint(json_object_get(run, "summary"), "records")));
	json_object_set_new(e, "store", store_list(s->man));
	return e;
}

static json_t *merged_manifest(const struct merge *g, const char *case_id, uint64_t records)
{
	json_t *m = lt_manifest_new();
	json_t *c = json_deep_copy(json_object_get(g->sh[0].man, "case"));
	if (!json_is_object(c)) {
		json_decref(c);
		c = json_object();
	}
	json_object_set_new(c, "id", lt_json_ctext(case_id));
	json_object_set_new(m, "case", c);
	json_t *runs = json_array();
	for (size_t i = 0; i < g->n; i++) {
		json_t *r = json_deep_copy(json_array_get(json_object_get(g->sh[i].man, "ingest"), 0));
		json_object_set_new(r, "run", json_integer((json_int_t)i + 1));
		json_object_set_new(r, "shard", json_integer(g->sh[i].index));
		json_array_append_new(runs, r);
	}
	json_object_set_new(m, "ingest", runs);
	const json_t *f = g->sh[0].sec;
	json_t *mg = json_object();
	json_object_set_new(mg, "command_line", json_array());
	for (int i = 0; i < g->o->argc; i++)
		json_array_append_new(json_object_get(mg, "command_line"), lt_json_ctext(g->o->argv[i]));
	json_object_set_new(mg, "count", json_integer(g->count));
	json_object_set_new(mg, "inputs_digest", json_string(jstr(f, "inputs_digest")));
	json_object_set_new(mg, "inputs_sources", json_integer(jint(f, "inputs_sources")));
	json_object_set_new(mg, "inputs_bytes", json_integer(jint(f, "inputs_bytes")));
	json_object_set_new(mg, "records", json_integer((json_int_t)records));
	json_object_set_new(mg, "evidence_rehashed", json_boolean(g->o->verify_evidence));
	json_t *arr = json_array();
	for (size_t i = 0; i < g->n; i++)
		json_array_append_new(arr, shard_entry(&g->sh[i]));
	json_object_set_new(mg, "shards", arr);
	json_object_set_new(m, "merge", mg);
	json_object_set_new(m, "sources", json_incref(g->sources));
	return m;
}

static void remove_tree(const char *dir)
{
	char *rdir = lt_xasprintf("%s/records", dir);
	DIR *d = opendir(rdir);
	if (d) {
		struct dirent *de;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.' && (de->d_name[1] == '\0' || strcmp(de->d_name, "..") == 0))
				continue;
			char *p = lt_xasprintf("%s/%s", rdir, de->d_name);
			unlink(p);
			free(p);
		}
		closedir(d);
	}
	rmdir(rdir);
	free(rdir);
	char *mp = lt_case_path(dir, LT_MANIFEST_NAME);
	unlink(mp);
	free(mp);
	rmdir(dir);
}

/* Copy src to dst, hashing the bytes copied: they must be the ones the
 * shard's manifest vouches for (want). Returns an exit status. */
static int copy_run(const char *src, const char *dst, const char *want)
{
	FILE *in = fopen(src, "rb");
	if (!in)
		return fail(LT_EXIT_IO, "%s: %s", src, strerror(errno));
	FILE *out = fopen(dst, "wbx");
	if (!out) {
		fclose(in);
		return fail(LT_EXIT_IO, "cannot create %s: %s", dst, strerror(errno));
	}
	struct lt_hasher h;
	lt_hasher_init(&h, LT_HASH_SHA256);
	size_t cap = 1u << 20;
	char *buf = lt_xmalloc(cap);
	size_t n;
	int bad = 0;
	while ((n = fread(buf, 1, cap, in)) > 0) {
		lt_hasher_update(&h, buf, n);
		if (fwrite(buf, 1, n, out) != n)
			bad = 1;
	}
	if (ferror(in))
		bad = 1;
	free(buf);
	struct lt_digests dg;
	lt_hasher_final(&h, &dg);
	fclose(in);
	if (fclose(out) != 0)
		bad = 1;
	if (bad)
		return fail(LT_EXIT_IO, "cannot copy %s to %s: %s", src, dst, strerror(errno ? errno : EIO));
	if (strcmp(dg.sha256, want) != 0)
		return fail(LT_EXIT_VERIFY, "%s changed while it was merged: SHA-256 %s, its manifest says %s", src,
			    dg.sha256, want);
	return LT_EXIT_OK;
}

/* The shard's run files into out, as they are, under names that keep the
 * shards in index order and each shard's runs in their own order
 * (run-sIIII-REST for the shard's run-REST): the name order is what breaks
 * ties on read, and ties only occur within a source, which one shard holds. */
static int copy_shard_runs(const struct shard *s, const char *out, size_t *nruns)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(json_object_get(s->man, "store"), "files"), i, f) {
		const char *rel = jstr(f, "file");
		const char *name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
		if (strncmp(name, "run-", 4) != 0)
			return fail(LT_EXIT_VERIFY, "shard %s: %s is not a record run", s->dir, rel);
		char *src = lt_case_path(s->dir, rel);
		char *dst = lt_xasprintf("%s/run-s%04u-%s", out, s->index, name + 4);
		int st = copy_run(src, dst, jstr(f, "sha256"));
		free(src);
		free(dst);
		if (st)
			return st;
		(*nruns)++;
	}
	return LT_EXIT_OK;
}

/* The merged store in tmp/records: every shard's runs copied, then merged
 * (k-way, by the store's key) down to at most max_runs runs. */
static int merge_stores(struct merge *g, const char *tmp, size_t *nruns)
{
	char *out = lt_case_path(tmp, "records");
	int status = LT_EXIT_OK;
	*nruns = 0;
	if (mkdir(out, 0777) != 0)
		status = fail(LT_EXIT_IO, "cannot create %s: %s", out, strerror(errno));
	for (size_t i = 0; i < g->n && !status; i++)
		status = copy_shard_runs(&g->sh[i], out, nruns);
	/* Merging opens as many runs at once as a reader of the default store
	 * does, so one level suffices up to LT_MERGE_MAX_RUNS runs. */
	if (!status && lt_store_compact(out, g->o->max_runs ? g->o->max_runs : LT_MERGE_MAX_RUNS,
					LT_MERGE_MAX_RUNS) != 0)
		status = fail(LT_EXIT_IO, "cannot merge the runs in %s: %s", out, strerror(errno));
	free(out);
	return status;
}

/* A copy of path without trailing slashes ("/" stays), for basename and
 * dirname, which may change their argument. */
static char *without_trailing_slashes(const char *path)
{
	char *copy = lt_xstrdup(path);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	return copy;
}

static char *base_of(const char *path)
{
	char *copy = without_trailing_slashes(path);
	char *b = lt_xstrdup(basename(copy));
	free(copy);
	return b;
}

/* A temporary folder beside CASE (same file system, so rename is atomic). */
static char *make_tmp(const char *case_dir)
{
	char *copy = without_trailing_slashes(case_dir);
	char *base = base_of(copy);
	char *tmpl = lt_xasprintf("%s/.%s.merging-XXXXXX", dirname(copy), base);
	free(base);
	free(copy);
	if (!mkdtemp(tmpl)) {
		free(tmpl);
		return NULL;
	}
	return tmpl;
}

static int write_case(struct merge *g)
{
	char *tmp = make_tmp(g->o->case_dir);
	if (!tmp)
		return fail(LT_EXIT_IO, "cannot create a folder beside %s: %s", g->o->case_dir, strerror(errno));
	uint64_t count = g->records;
	size_t nruns = 0;
	int status = merge_stores(g, tmp, &nruns);
	char *id = base_of(g->o->case_dir);
	json_t *m = status ? NULL : merged_manifest(g, id, count);
	free(id);
	char err[512] = "";
	if (m && lt_manifest_save(tmp, m) != 0)
		status = fail(LT_EXIT_IO, "cannot write the manifest in %s: %s", tmp, strerror(errno));
	json_decref(m);
	if (!status && lt_record_store_hashes(tmp, err, sizeof err) != 0)
		status = fail(LT_EXIT_IO, "%s", err);
	if (!status && rename(tmp, g->o->case_dir) != 0)
		status = fail(LT_EXIT_IO, "cannot rename %s to %s: %s", tmp, g->o->case_dir, strerror(errno));
	if (status)
		remove_tree(tmp);
	free(tmp);
	if (!status && g->o->summary)
		fprintf(g->o->summary, "leaktrail merge: %zu shards, %zu sources, %llu records: %s\n", g->n,
			json_array_size(g->sources), (unsigned long long)count, g->o->case_dir);
	return status;
}

/* What the audit log's first line names: the shards' manifests and audit
 * logs read, the merged manifest written, and each shard's audit head
 * (lines and last hash) under "shards". The command writes the line. */
static void audit_items(const struct merge *g)
{
	const struct lt_merge_opts *o = g->o;
	if (!o->audit_in || !o->audit_out || !o->audit_shards)
		return;
	json_t *heads = json_array();
	for (size_t i = 0; i < g->n; i++) {
		const struct shard *s = &g->sh[i];
		char *mp = lt_case_path(s->dir, LT_MANIFEST_NAME);
		char *ap = lt_case_path(s->dir, "audit.log");
		lt_audit_list_add(o->audit_in, mp, NULL);
		lt_audit_list_add(o->audit_in, ap, NULL);
		free(mp);
		free(ap);
		unsigned long lines = 0;
		char head[LT_SHA256_HEX] = "";
		lt_audit_head(s->dir, &lines, head);
		json_array_append_new(heads, json_pack("{s:I, s:s, s:I, s:s}", "index", (json_int_t)s->index, "case",
						       s->dir, "audit_lines", (json_int_t)lines, "audit_head", head));
	}
	char *mp = lt_case_path(o->case_dir, LT_MANIFEST_NAME);
	lt_audit_list_add(o->audit_out, mp, NULL);
	free(mp);
	*o->audit_shards = json_dumps(heads, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(heads);
}

static int check_all(struct merge *g)
{
	int status = check_set(g);
	if (!status)
		status = check_options(g);
	if (!status)
		status = check_sources(g);
	for (size_t i = 0; i < g->n && !status; i++) {
		status = verify_shard(g, &g->sh[i]);
		const json_t *run = json_array_get(json_object_get(g->sh[i].man, "ingest"), 0);
		g->records += (uint64_t)jint(json_object_get(run, "summary"), "records");
	}
	return status;
}

int lt_merge(const struct lt_merge_opts *o)
{
	int status = check_output(o->case_dir);
	if (status)
		return status;
	struct merge g = { .o = o, .n = o->nshards };
	g.sh = lt_xcalloc(o->nshards, sizeof *g.sh);
	for (size_t i = 0; i < g.n && !status; i++)
		status = load_shard(&g.sh[i], o->shards[i]);
	if (!status)
		status = check_all(&g);
	if (!status)
		status = write_case(&g);
	if (!status)
		audit_items(&g);
	for (size_t i = 0; i < g.n; i++)
		json_decref(g.sh[i].man);
	free(g.sh);
	json_decref(g.sources);
	return status;
}
