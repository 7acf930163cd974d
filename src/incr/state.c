#include "incr/state.h"
#include "util/atomicfile.h"
#include "util/xalloc.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STATE_FORMAT "leaktrail-state/1"

void lt_incr_stored_clear(struct lt_incr_stored *s)
{
	free(s->kind);
	free(s->filters);
	free(s->stream_kind);
	memset(s, 0, sizeof *s);
}

void lt_incr_state_init(struct lt_incr_state *st)
{
	memset(st, 0, sizeof *st);
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void lt_incr_state_free(struct lt_incr_state *st)
{
	for (size_t i = 0; i < st->nfiles; i++) {
		free(st->files[i].last_path);
		free(st->files[i].last_member);
		free(st->files[i].parser);
		free(st->files[i].hash_state);
		for (size_t k = 0; k < st->files[i].nstored; k++)
			lt_incr_stored_clear(&st->files[i].stored[k]);
		free(st->files[i].stored);
	}
	free(st->files);
	free_strings(st->runs, st->nruns);
	free_strings(st->reported, st->nreported);
	free(st->prunes);
	lt_incr_state_init(st);
}

/* ---- sorted string sets --------------------------------------------- */

static size_t lower_bound(char *const *v, size_t n, const char *s)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(v[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool set_has(char *const *v, size_t n, const char *s)
{
	size_t i = lower_bound(v, n, s);
	return i < n && strcmp(v[i], s) == 0;
}

static void set_add(char ***v, size_t *n, size_t *cap, const char *s)
{
	size_t i = lower_bound(*v, *n, s);
	if (i < *n && strcmp((*v)[i], s) == 0)
		return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = lt_xrealloc(*v, *cap * sizeof **v);
	}
	memmove(*v + i + 1, *v + i, (*n - i) * sizeof **v);
	(*v)[i] = lt_xstrdup(s);
	(*n)++;
}

static void set_remove(char **v, size_t *n, const char *s)
{
	size_t i = lower_bound(v, *n, s);
	if (i >= *n || strcmp(v[i], s) != 0)
		return;
	free(v[i]);
	memmove(v + i, v + i + 1, (*n - i - 1) * sizeof *v);
	(*n)--;
}

bool lt_incr_is_reported(const struct lt_incr_state *st, const char *id)
{
	return set_has(st->reported, st->nreported, id);
}

void lt_incr_mark_reported(struct lt_incr_state *st, const char *id)
{
	set_add(&st->reported, &st->nreported, &st->capreported, id);
}

bool lt_incr_has_run(const struct lt_incr_state *st, const char *name)
{
	return set_has(st->runs, st->nruns, name);
}

void lt_incr_add_run(struct lt_incr_state *st, const char *name)
{
	set_add(&st->runs, &st->nruns, &st->capruns, name);
}

void lt_incr_remove_run(struct lt_incr_state *st, const char *name)
{
	set_remove(st->runs, &st->nruns, name);
}

/* ---- content identity ---------------------------------------------- */

struct lt_incr_file *lt_incr_find(struct lt_incr_state *st, const unsigned char *head, size_t n)
{
	struct lt_incr_file *best = NULL;
	char hex[LT_SHA256_HEX];
	uint32_t hashed_len = UINT32_MAX;
	for (size_t i = 0; i < st->nfiles; i++) {
		struct lt_incr_file *f = &st->files[i];
		if (f->head_len > n)
			continue;
		/* A shorter head only identifies content that was that short
		 * when seen; it may have grown since, which is what we want. */
		if (f->head_len != hashed_len) {
			lt_sha256_hex(head, f->head_len, hex);
			hashed_len = f->head_len;
		}
		if (strcmp(hex, f->head_sha256) != 0)
			continue;
		if (!best || f->consumed_bytes > best->consumed_bytes)
			best = f;
	}
	return best;
}

struct lt_incr_file *lt_incr_add(struct lt_incr_state *st, const unsigned char *head, size_t n)
{
	if (st->nfiles == st->capfiles) {
		st->capfiles = st->capfiles ? st->capfiles * 2 : 16;
		st->files = lt_xrealloc(st->files, st->capfiles * sizeof *st->files);
	}
	struct lt_incr_file *f = &st->files[st->nfiles++];
	memset(f, 0, sizeof *f);
	f->head_len = (uint32_t)(n < LT_INCR_HEAD_MAX ? n : LT_INCR_HEAD_MAX);
	lt_sha256_hex(head, f->head_len, f->head_sha256);
	lt_sha256_hex("", 0, f->prefix_sha256);
	return f;
}

/* ---- JSON form ----------------------------------------------------- */

static json_t *strings_to_json(char *const *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *file_to_json(const struct lt_incr_file *f)
{
	json_t *o = json_pack("{s:I, s:s, s:I, s:I, s:s, s:s*, s:s*, s:I, s:I, s:I, s:s*, s:I}",
			 "head_len", (json_int_t)f->head_len, "head_sha256", f->head_sha256,
			 "consumed_bytes", (json_int_t)f->consumed_bytes,
			 "consumed_lines", (json_int_t)f->consumed_lines,
			 "prefix_sha256", f->prefix_sha256, "last_path", f->last_path,
			 "last_member", f->last_member, "dev", (json_int_t)f->dev,
			 "ino", (json_int_t)f->ino, "generation", (json_int_t)f->generation,
			 "parser", f->parser, "held_bytes", (json_int_t)f->held_bytes);
	if (f->hash_state) {
		json_object_set_new(o, "hash_state", json_string(f->hash_state));
		json_object_set_new(o, "tail_len", json_integer((json_int_t)f->tail_len));
		json_object_set_new(o, "tail_sha256", json_string(f->tail_sha256));
	}
	if (!f->nstored)
		return o;
	json_t *a = json_array();
	for (size_t k = 0; k < f->nstored; k++) {
		const struct lt_incr_stored *s = &f->stored[k];
		json_array_append_new(a, json_pack("{s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s}",
			"dev", (json_int_t)s->dev, "ino", (json_int_t)s->ino,
			"size", (json_int_t)s->size, "mtime_us", (json_int_t)s->mtime,
			"head_sha256", s->head_sha256, "tail_sha256", s->tail_sha256,
			"sha256", s->digests.sha256, "sha1", s->digests.sha1,
			"md5", s->digests.md5, "kind", s->kind, "filters", s->filters,
			"stream_kind", s->stream_kind, "stream_mtime_us", (json_int_t)s->stream_mtime,
			"stream_size", (json_int_t)s->stream_size, "stream_lines", (json_int_t)s->stream_lines,
			"stream_sha256", s->stream_sha256));
	}
	json_object_set_new(o, "stored", a);
	return o;
}

static bool hex_len(const char *s, size_t n)
{
	return strlen(s) == n;
}

/* One stored-file identity (a compressed file read whole). */
static int load_one_stored(json_t *st, struct lt_incr_stored *s)
{
	json_int_t dev, ino, size, mtime, smtime, ssize, slines;
	const char *head, *tail, *sha256, *sha1, *md5, *kind, *filters, *skind, *ssha;
	if (json_unpack(st, "{s:I, s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s}",
			"dev", &dev, "ino", &ino, "size", &size, "mtime_us", &mtime, "head_sha256", &head,
			"tail_sha256", &tail, "sha256", &sha256, "sha1", &sha1, "md5", &md5, "kind", &kind,
			"filters", &filters, "stream_kind", &skind, "stream_mtime_us", &smtime,
			"stream_size", &ssize, "stream_lines", &slines, "stream_sha256", &ssha) != 0)
		return -1;
	if (size <= 0 || ssize < 0 || slines < 0 || !hex_len(head, 64) || !hex_len(tail, 64) ||
	    !hex_len(sha256, 64) || !hex_len(sha1, 40) || !hex_len(md5, 32) || !hex_len(ssha, 64))
		return -1;
	s->stream_size = (uint64_t)ssize;
	s->stream_lines = (uint64_t)slines;
	memcpy(s->stream_sha256, ssha, LT_SHA256_HEX);
	s->dev = (uint64_t)dev;
	s->ino = (uint64_t)ino;
	s->size = (uint64_t)size;
	s->mtime = mtime;
	s->stream_mtime = smtime;
	memcpy(s->head_sha256, head, LT_SHA256_HEX);
	memcpy(s->tail_sha256, tail, LT_SHA256_HEX);
	memcpy(s->digests.sha256, sha256, LT_SHA256_HEX);
	memcpy(s->digests.sha1, sha1, LT_SHA1_HEX);
	memcpy(s->digests.md5, md5, LT_MD5_HEX);
	s->kind = lt_xstrdup(kind);
	s->filters = lt_xstrdup(filters);
	s->stream_kind = lt_xstrdup(skind);
	return 0;
}

/* The optional stored-file identities; on error none are kept. */
static int load_stored(json_t *o, struct lt_incr_file *f)
{
	json_t *a = json_object_get(o, "stored");
	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > LT_INCR_STORED_MAX)
		return -1;
	f->stored = lt_xcalloc(json_array_size(a) + 1, sizeof *f->stored);
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) {
		if (load_one_stored(v, &f->stored[f->nstored]) != 0) {
			for (size_t k = 0; k < f->nstored; k++)
				lt_incr_stored_clear(&f->stored[k]);
			free(f->stored);
			f->stored = NULL;
			f->nstored = 0;
			return -1;
		}
		f->nstored++;
	}
	return 0;
}

/* The optional incremental-hashing fields; a state without them (an older
 * state, or a compressed content) is valid and simply read in full. */
static int load_hash_state(json_t *o, struct lt_incr_file *f)
{
	json_t *hs = json_object_get(o, "hash_state");
	if (!hs)
		return 0;
	json_int_t tail_len;
	const char *text, *tail;
	if (json_unpack(o, "{s:s, s:I, s:s}", "hash_state", &text, "tail_len", &tail_len, "tail_sha256", &tail) != 0)
		return -1;
	if (tail_len < 0 || tail_len > LT_INCR_TAIL_MAX || (uint64_t)tail_len > f->consumed_bytes ||
	    strlen(tail) != LT_SHA256_HEX - 1 || lt_hasher_saved_bytes(text) != (long long)f->consumed_bytes)
		return -1;
	f->hash_state = lt_xstrdup(text);
	f->tail_len = (uint32_t)tail_len;
	memcpy(f->tail_sha256, tail, LT_SHA256_HEX);
	return 0;
}

int lt_incr_state_save(const char *path, const struct lt_incr_state *st)
{
	json_t *files = json_array();
	for (size_t i = 0; i < st->nfiles; i++)
		json_array_append_new(files, file_to_json(&st->files[i]));
	json_t *prunes = json_array();
	for (size_t i = 0; i < st->nprunes; i++) {
		const struct lt_incr_prune *p = &st->prunes[i];
		char when[LT_ISO_LEN];
		lt_time_format_utc(p->before, when);
		char window[LT_ISO_LEN];
		lt_time_format_utc(p->window, window);
		json_array_append_new(prunes, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I}",
			"generation", (json_int_t)p->generation, "before", when, "window", window,
			"keep_days", (json_int_t)p->keep_days,
			"records", (json_int_t)p->records, "findings", (json_int_t)p->findings,
			"runs", (json_int_t)p->runs));
	}
	json_t *root = json_pack("{s:s, s:I, s:o, s:o, s:o, s:o}", "format", STATE_FORMAT,
				 "generation", (json_int_t)st->generation,
				 "runs", strings_to_json(st->runs, st->nruns), "files", files,
				 "reported", strings_to_json(st->reported, st->nreported),
				 "pruned", prunes);
	char *text = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (!text) {
		errno = ENOMEM;
		return -1;
	}
	size_t len = strlen(text);
	char *with_nl = lt_xmalloc(len + 2);
	memcpy(with_nl, text, len);
	with_nl[len] = '\n';
	free(text);
	int rc = lt_write_file_atomic(path, with_nl, len + 1);
	free(with_nl);
	return rc;
}

static int load_strings(json_t *a, char ***v, size_t *n, size_t *cap)
{
	if (!json_is_array(a))
		return -1;
	size_t i;
	json_t *s;
	json_array_foreach(a, i, s) {
		if (!json_is_string(s))
			return -1;
		set_add(v, n, cap, json_string_value(s));
	}
	return 0;
}

static int load_file(json_t *o, struct lt_incr_file *f)
{
	json_int_t head_len, bytes, lines, dev = 0, ino = 0, gen = 0, held = 0;
	const char *head, *prefix, *path = NULL, *member = NULL, *parser = NULL;
	if (json_unpack(o, "{s:I, s:s, s:I, s:I, s:s, s?s, s?s, s?I, s?I, s?I, s?s, s?I}", "head_len",
			&head_len, "head_sha256", &head, "consumed_bytes", &bytes, "consumed_lines", &lines,
			"prefix_sha256", &prefix, "last_path", &path, "last_member", &member,
			"dev", &dev, "ino", &ino, "generation", &gen, "parser", &parser,
			"held_bytes", &held) != 0)
		return -1;
	if (head_len < 0 || head_len > LT_INCR_HEAD_MAX || bytes < 0 || lines < 0 ||
	    strlen(head) != LT_SHA256_HEX - 1 || strlen(prefix) != LT_SHA256_HEX - 1)
		return -1;
	memset(f, 0, sizeof *f);
	f->head_len = (uint32_t)head_len;
	memcpy(f->head_sha256, head, LT_SHA256_HEX);
	memcpy(f->prefix_sha256, prefix, LT_SHA256_HEX);
	f->consumed_bytes = (uint64_t)bytes;
	f->consumed_lines = (uint64_t)lines;
	if (load_hash_state(o, f) != 0 || load_stored(o, f) != 0) {
		free(f->hash_state);
		f->hash_state = NULL;
		return -1;
	}
	f->last_path = path ? lt_xstrdup(path) : NULL;
	f->last_member = member ? lt_xstrdup(member) : NULL;
	f->dev = (uint64_t)dev;
	f->ino = (uint64_t)ino;
	f->generation = (uint64_t)gen;
	f->parser = parser ? lt_xstrdup(parser) : NULL;
	f->held_bytes = (uint64_t)held;
	return 0;
}

static int load_prune(json_t *o, struct lt_incr_prune *p)
{
	json_int_t gen, records, findings, runs;
	const char *before;
	if (json_unpack(o, "{s:I, s:s, s:I, s:I, s:I}", "generation", &gen, "before", &before,
			"records", &records, "findings", &findings, "runs", &runs) != 0)
		return -1;
	if (lt_time_parse_iso(before, strlen(before), NULL, &p->before) != 0)
		return -1;
	/* window and keep_days came with issue 12; older states lack them */
	const char *window = json_string_value(json_object_get(o, "window"));
	p->window = p->before;
	if (window && lt_time_parse_iso(window, strlen(window), NULL, &p->window) != 0)
		return -1;
	p->keep_days = (uint64_t)json_integer_value(json_object_get(o, "keep_days"));
	p->generation = (uint64_t)gen;
	p->records = (uint64_t)records;
	p->findings = (uint64_t)findings;
	p->runs = (uint64_t)runs;
	return 0;
}

static int load_root(json_t *root, struct lt_incr_state *st)
{
	const char *format;
	json_int_t gen;
	json_t *runs, *files, *reported, *pruned;
	if (json_unpack(root, "{s:s, s:I, s:o, s:o, s:o, s:o}", "format", &format, "generation", &gen,
			"runs", &runs, "files", &files, "reported", &reported, "pruned", &pruned) != 0 ||
	    strcmp(format, STATE_FORMAT) != 0 || gen < 0 || !json_is_array(files) ||
	    !json_is_array(pruned))
		return -1;
	st->generation = (uint64_t)gen;
	if (load_strings(runs, &st->runs, &st->nruns, &st->capruns) != 0 ||
	    load_strings(reported, &st->reported, &st->nreported, &st->capreported) != 0)
		return -1;
	st->capfiles = json_array_size(files) + 1;
	st->files = lt_xcalloc(st->capfiles, sizeof *st->files);
	size_t i;
	json_t *v;
	json_array_foreach(files, i, v) {
		if (load_file(v, &st->files[st->nfiles]) != 0)
			return -1;
		st->nfiles++;
	}
	st->capprunes = json_array_size(pruned) + 1;
	st->prunes = lt_xcalloc(st->capprunes, sizeof *st->prunes);
	json_array_foreach(pruned, i, v) {
		if (load_prune(v, &st->prunes[st->nprunes]) != 0)
			return -1;
		st->nprunes++;
	}
	return 0;
}

int lt_incr_state_load(const char *path, struct lt_incr_state *st, char *err, size_t errlen)
{
	lt_incr_state_init(st);
	FILE *f = fopen(path, "r");
	if (!f && errno == ENOENT)
		return 0;
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	json_error_t jerr;
	json_t *root = json_loadf(f, 0, &jerr);
	fclose(f);
	if (!root) {
		snprintf(err, errlen, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
		return -1;
	}
	int rc = load_root(root, st);
	json_decref(root);
	if (rc != 0) {
		snprintf(err, errlen, "%s: not a leaktrail state file (" STATE_FORMAT ")", path);
		lt_incr_state_free(st);
	}
	return rc;
}
