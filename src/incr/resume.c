#include "incr/resume.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence/manifest.h"
#include "util/diag.h"
#include "util/xalloc.h"

#define CHUNK (64 * 1024)
#define MAX_PENDING (2 * 1024 * 1024)	/* a "line" this long without newline is handed on */

/* The reader the parser sees for one stream. */
struct view_reader {
	struct lt_stream *s;
	unsigned char head[LT_INCR_HEAD_MAX];
	size_t head_len, head_pos;	/* head bytes not yet passed on */
	bool finished;			/* content inside .gz/archive: hand out the tail */
	bool eof;
	struct lt_hasher hash;		/* every byte from offset 0 that was consumed */
	uint64_t consumed;		/* stream offset after the last consumed byte */
	uint64_t newlines;		/* newlines among the consumed bytes */
	char *pending;			/* read, not yet handed out: pending[start..npending) */
	size_t start, npending, ready;	/* pending[start..ready) may be handed out */
	uint64_t held;			/* tail held back at the end */
	bool plain;			/* a regular file's own content: hashes can be saved */
	unsigned char tail[LT_INCR_TAIL_MAX];	/* the last consumed bytes */
	size_t tail_n;
};

struct lt_resume {
	struct lt_incr_state *st;
	uint64_t generation;
	struct lt_stream_hook hook;
	struct view_reader vr;
	long entry;			/* index of the current stream's state entry, -1 none */
	uint64_t base_offset, base_lines;
	char from_sha256[LT_SHA256_HEX];	/* of the bytes before base_offset */
	const char *status;		/* new, resumed, rewritten */
	bool reread_pass;
	char **rereads;			/* paths to walk again (unique) */
	size_t nrereads;
	char **requeued;		/* "path\nmember" of the contents to start over */
	size_t nrequeued;
	json_t *log;
	uint64_t new_bytes, held_bytes;
	uint64_t read_bytes;		/* stored evidence bytes read (all sources) */
	uint64_t jumped;		/* contents continued from saved hashes */
	uint64_t known;			/* stored files found unchanged and not read */
	long known_entry;		/* the entry the last known_file() matched */
	const struct lt_incr_stored *known_stored;	/* and the stored file */
	/* The current source: its streams so far, and the one that may make
	 * it a known file next time (read whole, compressed, one stream). */
	size_t src_streams;
	struct candidate {
		bool set;
		long entry;
		char *filters;
		const char *kind;
		lt_time_us mtime;
		uint64_t size, lines;
		char sha256[LT_SHA256_HEX];
	} cand;
	/* New content found where known content was (same path, member, inode):
	 * a shrink or rewrite in place, unless the old content turns up
	 * elsewhere in this run (copytruncate). Checked in lt_resume_finish. */
	struct replaced { size_t old_entry; char *path, *member; } *replaced;
	size_t nreplaced;
};

/* Read from the stream, replaying the head first. */
static ssize_t raw_read(struct view_reader *v, void *buf, size_t n)
{
	if (v->head_pos < v->head_len) {
		size_t k = v->head_len - v->head_pos;
		if (k > n)
			k = n;
		memcpy(buf, v->head + v->head_pos, k);
		v->head_pos += k;
		return (ssize_t)k;
	}
	return lt_stream_read(v->s, buf, n);
}

/* Keep the last LT_INCR_TAIL_MAX consumed bytes: the tail check of the
 * next run (try_jump). */
static void keep_tail(struct view_reader *v, const char *p, size_t n)
{
	if (n >= sizeof v->tail) {
		memcpy(v->tail, p + n - sizeof v->tail, sizeof v->tail);
		v->tail_n = sizeof v->tail;
		return;
	}
	size_t keep = v->tail_n + n > sizeof v->tail ? sizeof v->tail - n : v->tail_n;
	memmove(v->tail, v->tail + v->tail_n - keep, keep);
	memcpy(v->tail + keep, p, n);
	v->tail_n = keep + n;
}

static void consume(struct view_reader *v, const char *p, size_t n)
{
	lt_hasher_update(&v->hash, p, n);
	if (v->plain)
		keep_tail(v, p, n);
	v->consumed += n;
	for (const char *q = memchr(p, '\n', n); q; q = memchr(q + 1, '\n', (size_t)(p + n - q - 1)))
		v->newlines++;
}

/* Refill pending; mark how much of it ends in a complete line. */
static void refill(struct view_reader *v)
{
	/* Only the unfinished tail is left: move it to the front once. */
	if (v->start > 0) {
		memmove(v->pending, v->pending + v->start, v->npending - v->start);
		v->npending -= v->start;
		v->ready -= v->start;
		v->start = 0;
	}
	v->pending = lt_xrealloc(v->pending, v->npending + CHUNK);
	ssize_t got = raw_read(v, v->pending + v->npending, CHUNK);
	if (got <= 0) {
		v->eof = true;
		if (v->finished || v->npending > MAX_PENDING)
			v->ready = v->npending;
		else
			v->held = v->npending - v->ready;
		return;
	}
	v->npending += (size_t)got;
	for (size_t i = v->npending; i > v->ready; i--) {
		if (v->pending[i - 1] == '\n') {
			v->ready = i;
			return;
		}
	}
	if (v->npending > MAX_PENDING)
		v->ready = v->npending;
}

static ssize_t view_read(void *arg, void *buf, size_t n)
{
	struct view_reader *v = arg;
	while (v->start == v->ready && !v->eof)
		refill(v);
	if (v->start == v->ready)
		return 0;
	size_t k = v->ready - v->start < n ? v->ready - v->start : n;
	memcpy(buf, v->pending + v->start, k);
	consume(v, v->pending + v->start, k);
	v->start += k;
	return (ssize_t)k;
}

/* Read and hash the first `upto` bytes without handing them out.
 * Returns false when the stream ends first. */
static bool skip_prefix(struct view_reader *v, uint64_t upto)
{
	char buf[CHUNK];
	while (v->consumed < upto) {
		uint64_t want = upto - v->consumed;
		ssize_t got = raw_read(v, buf, want < sizeof buf ? (size_t)want : sizeof buf);
		if (got <= 0)
			return false;
		consume(v, buf, (size_t)got);
	}
	return true;
}

static void log_stream(struct lt_resume *r, const struct lt_stream *s, const char *status,
		       const char *note)
{
	json_t *e = json_pack("{s:o, s:o, s:s, s:I, s:I, s:I, s:I, s:I}",
			      "path", lt_json_ctext(s->source->path), "member", lt_json_ctext(s->member),
			      "status", status, "from_offset", (json_int_t)r->base_offset,
			      "to_offset", (json_int_t)r->vr.consumed, "from_line", (json_int_t)r->base_lines,
			      "to_line", (json_int_t)r->vr.newlines, "held_back_bytes", (json_int_t)r->vr.held);
	if (note)
		json_object_set_new(e, "note", json_string(note));
	if (r->base_offset > 0 && r->from_sha256[0])
		json_object_set_new(e, "from_sha256", json_string(r->from_sha256));
	json_array_append_new(r->log, e);
}

static char *content_key(const struct lt_stream *s)
{
	return lt_xasprintf("%s\n%s", s->source->path, s->member ? s->member : "");
}

static bool in_list(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static void add_unique(char ***v, size_t *n, const char *s)
{
	if (in_list(*v, *n, s))
		return;
	*v = lt_xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = lt_xstrdup(s);
}

static bool is_requeued(const struct lt_resume *r, const struct lt_stream *s)
{
	char *key = content_key(s);
	bool found = in_list(r->requeued, r->nrequeued, key);
	free(key);
	return found;
}

static void queue_reread(struct lt_resume *r, const struct lt_stream *s, const char *why)
{
	struct lt_loc loc = { s->source->path, s->member, r->vr.consumed, 0, 1 };
	lt_diag(LT_WARN, &loc, "%s since the last run: reading it again from the start", why);
	add_unique(&r->rereads, &r->nrereads, s->source->path);
	char *key = content_key(s);
	add_unique(&r->requeued, &r->nrequeued, key);
	free(key);
	log_stream(r, s, why[0] == 's' ? "shrank" : "changed", "queued to be read again from the start");
}

static void reset_reader(struct view_reader *v, struct lt_stream *s)
{
	free(v->pending);
	memset(v, 0, sizeof *v);
	v->s = s;
	v->finished = s->member != NULL || (s->filters && s->filters[0]);
	v->plain = !v->finished && s->filters && s->source->stat_size > 0;
	/* A plain file's hashes are the file's: all three are kept so that
	 * the next run can continue them (try_jump). */
	lt_hasher_init(&v->hash, v->plain ? LT_HASH_ALL : LT_HASH_SHA256);
	while (v->head_len < sizeof v->head) {
		ssize_t got = lt_stream_read(s, v->head + v->head_len, sizeof v->head - v->head_len);
		if (got <= 0)
			break;
		v->head_len += (size_t)got;
	}
}

static bool same_place(const struct lt_incr_file *f, const struct lt_stream *s)
{
	return f->last_path && strcmp(f->last_path, s->source->path) == 0 &&
	       (f->last_member ? s->member && strcmp(f->last_member, s->member) == 0 : !s->member) &&
	       f->dev == (uint64_t)s->source->dev && f->ino == (uint64_t)s->source->ino;
}

static void note_replaced(struct lt_resume *r, const struct lt_stream *s)
{
	for (size_t i = 0; i < r->st->nfiles; i++) {
		if (!same_place(&r->st->files[i], s))
			continue;
		r->replaced = lt_xrealloc(r->replaced, (r->nreplaced + 1) * sizeof *r->replaced);
		struct replaced *rp = &r->replaced[r->nreplaced++];
		rp->old_entry = i;
		rp->path = lt_xstrdup(s->source->path);
		rp->member = s->member ? lt_xstrdup(s->member) : NULL;
		return;
	}
}

/* Continue a known plain file after its consumed bytes without reading
 * them: same first bytes (f was found by them), same device and inode, not
 * shorter, and the same last LT_INCR_TAIL_MAX bytes before the cut. Then
 * the file's and our hashes continue from the saved state. Anything else
 * (a copy, a compressed rotation, a rewrite) returns false and the caller
 * reads and compares the bytes as before. A change in the middle of a
 * file that keeps its inode, size, head and tail is not seen here; verify
 * recomputes every hash in full and reports it (doc/cron.md). */
static bool try_jump(struct lt_resume *r, struct lt_stream *s, const struct lt_incr_file *f)
{
	struct view_reader *v = &r->vr;
	if (!v->plain || !f->hash_state || f->dev != (uint64_t)s->source->dev ||
	    f->ino != (uint64_t)s->source->ino || s->source->stat_size < f->consumed_bytes)
		return false;
	unsigned char tail[LT_INCR_TAIL_MAX];
	ssize_t got = lt_stream_pread(s, tail, f->tail_len, f->consumed_bytes - f->tail_len);
	char sha[LT_SHA256_HEX];
	if (got != (ssize_t)f->tail_len)
		return false;
	lt_sha256_hex(tail, f->tail_len, sha);
	struct lt_hasher h;
	if (strcmp(sha, f->tail_sha256) != 0 || lt_hasher_load(&h, f->hash_state) != 0)
		return false;
	if (lt_stream_jump(s, f->consumed_bytes, f->hash_state) != 0) {
		struct lt_digests d;
		lt_hasher_final(&h, &d);
		return false;
	}
	struct lt_digests d;
	lt_hasher_final(&v->hash, &d);
	v->hash = h;
	v->consumed = f->consumed_bytes;
	v->newlines = f->consumed_lines;
	v->head_pos = v->head_len;	/* the head lies before the cut: not replayed */
	memcpy(v->tail, tail, f->tail_len);
	v->tail_n = f->tail_len;
	r->jumped++;
	return true;
}

/* The stream of a stored file known_file() found unchanged: nothing read,
 * nothing new; logged as unchanged so the manifest links it as before. */
static void known_stream(struct lt_resume *r, const struct lt_stream *s, struct lt_stream_view *view)
{
	struct lt_incr_file *f = &r->st->files[r->known_entry];
	const struct lt_incr_stored *k = r->known_stored;
	r->entry = r->known_entry;
	r->vr.consumed = r->base_offset = k->stream_size;
	r->vr.newlines = r->base_lines = k->stream_lines;
	r->vr.held = 0;
	memcpy(r->from_sha256, k->stream_sha256, sizeof r->from_sha256);
	r->status = "unchanged";
	/* Seen tonight (a rotation, not a loss: lt_resume_finish); where it
	 * was last read stays, the identity of the plain file continued. */
	f->generation = r->generation + 1;
	view->skip = true;
	log_stream(r, s, r->status, "stored file unchanged since it was read whole: not read again");
}

static void hook_begin(void *arg, struct lt_stream *s, struct lt_stream_view *view)
{
	struct lt_resume *r = arg;
	struct view_reader *v = &r->vr;
	struct lt_digests d;
	lt_hasher_final(&v->hash, &d);	/* release the previous stream's context */
	reset_reader(v, s);
	r->base_offset = r->base_lines = 0;
	r->from_sha256[0] = '\0';
	r->status = "new";
	r->src_streams++;
	if (s->known) {
		known_stream(r, s, view);
		return;
	}
	struct lt_incr_file *f = lt_incr_find(r->st, v->head, v->head_len);
	bool binary = s->kind == LT_KIND_EVTX || s->kind == LT_KIND_BINARY;
	if (f && r->reread_pass && !binary && is_requeued(r, s)) {
		/* queued in the first pass: this content starts over */
		f->consumed_bytes = f->consumed_lines = 0;
		r->status = "rewritten";
	}
	if (f && binary) {
		/* Binary logs (EVTX) are not resumed by offset: the same first
		 * bytes mean the same file, changed ones are read whole. */
		r->entry = f - r->st->files;
		r->status = "unchanged";
		view->skip = true;
		log_stream(r, s, r->status, "binary log already read");
		return;
	}
	if (f && f->consumed_bytes > 0) {
		uint64_t upto = f->consumed_bytes;
		/* Continued after the known bytes without reading them, or
		 * else the bytes are read and compared. */
		bool jumped = try_jump(r, s, f);
		if (!jumped && !skip_prefix(v, upto)) {
			queue_reread(r, s, "shrank");
			view->skip = true;
			return;
		}
		lt_hasher_peek(&v->hash, &d);
		if (strcmp(d.sha256, f->prefix_sha256) != 0) {
			queue_reread(r, s, "changed");
			view->skip = true;
			return;
		}
		r->base_offset = upto;
		r->base_lines = f->consumed_lines;
		r->status = "resumed";
		/* The SHA-256 of the bytes read before: the manifest links the
		 * sources that held them to this one (cron.c, link_sources). */
		memcpy(r->from_sha256, f->prefix_sha256, sizeof r->from_sha256);
		view->format = f->parser;
	}
	if (!f) {
		note_replaced(r, s);
		f = lt_incr_add(r->st, v->head, v->head_len);
	}
	r->entry = f - r->st->files;
	view->read = view_read;
	view->read_arg = v;
	view->base_offset = r->base_offset;
	view->base_lineno = r->base_lines;
}

/* Keep what the next run needs to continue this plain file's hashes. */
static void save_hash_state(struct lt_incr_file *f, const struct view_reader *v)
{
	free(f->hash_state);
	f->hash_state = NULL;
	bool all = v->hash.ctx[0] && v->hash.ctx[1] && v->hash.ctx[2];
	if (!v->plain || !all || v->consumed == 0)
		return;
	f->hash_state = lt_hasher_save(&v->hash);
	f->tail_len = (uint32_t)v->tail_n;
	lt_sha256_hex(v->tail, v->tail_n, f->tail_sha256);
}

/* A compressed file's only stream, read to its end without fault: the
 * file may be skipped next time when it is unchanged (source_end). */
static void note_candidate(struct lt_resume *r, const struct lt_stream *s)
{
	const struct view_reader *v = &r->vr;
	free(r->cand.filters);
	r->cand.filters = NULL;
	r->cand.set = v->finished && !s->member && s->filters && s->filters[0] && !s->partial && v->held == 0 &&
		      v->eof && v->start == v->npending;
	if (!r->cand.set)
		return;
	r->cand.entry = r->entry;
	r->cand.filters = lt_xstrdup(s->filters);
	r->cand.kind = lt_kind_name(s->kind);
	r->cand.mtime = s->mtime;
	r->cand.size = v->consumed;
	r->cand.lines = v->newlines;
	memcpy(r->cand.sha256, r->st->files[r->entry].prefix_sha256, sizeof r->cand.sha256);
}

/* SHA-256 of n stored bytes at off; false when they cannot all be read. */
static bool pread_sha(int fd, uint64_t off, size_t n, char out[LT_SHA256_HEX], uint64_t *counted)
{
	unsigned char buf[LT_INCR_TAIL_MAX];
	size_t got = 0;
	while (got < n) {
		ssize_t k = pread(fd, buf + got, n - got, (off_t)(off + got));
		if (k <= 0)
			return false;
		got += (size_t)k;
	}
	*counted += got;
	lt_sha256_hex(buf, n, out);
	return true;
}

/* The first and last (up to LT_INCR_TAIL_MAX) stored bytes' hashes. */
static bool ends_sha(int fd, uint64_t size, char head[LT_SHA256_HEX], char tail[LT_SHA256_HEX], uint64_t *counted)
{
	size_t n = size < LT_INCR_TAIL_MAX ? (size_t)size : LT_INCR_TAIL_MAX;
	return pread_sha(fd, 0, n, head, counted) && pread_sha(fd, size - n, n, tail, counted);
}

/* Drop f's k-th stored file. */
static void drop_stored(struct lt_incr_file *f, size_t k)
{
	lt_incr_stored_clear(&f->stored[k]);
	memmove(f->stored + k, f->stored + k + 1, (f->nstored - k - 1) * sizeof *f->stored);
	f->nstored--;
}

/* A new slot among f's stored files for the file at dev/ino. What any
 * content remembered at that device and inode goes first (an earlier
 * state of the file, or a deleted file whose inode was reused), and the
 * oldest of f's when there are LT_INCR_STORED_MAX. */
static struct lt_incr_stored *stored_slot(struct lt_incr_state *st, struct lt_incr_file *f, uint64_t dev,
					  uint64_t ino)
{
	for (size_t i = 0; i < st->nfiles; i++)
		for (size_t k = st->files[i].nstored; k-- > 0;)
			if (st->files[i].stored[k].dev == dev && st->files[i].stored[k].ino == ino)
				drop_stored(&st->files[i], k);
	if (f->nstored == LT_INCR_STORED_MAX)
		drop_stored(f, 0);
	f->stored = lt_xrealloc(f->stored, (f->nstored + 1) * sizeof *f->stored);
	memset(&f->stored[f->nstored], 0, sizeof *f->stored);
	return &f->stored[f->nstored++];
}

/* Remember the stored file that held a content whole (see note_candidate). */
static void record_stored(struct lt_resume *r, const struct lt_source *src)
{
	struct lt_incr_file *f = &r->st->files[r->cand.entry];
	if (src->status != LT_SOURCE_COMPLETE || src->stat_size == 0 || src->size != src->stat_size)
		return;
	int fd = open(src->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return;
	/* Still the file that was read (not replaced since): same inode. */
	struct stat now;
	char head[LT_SHA256_HEX], tail[LT_SHA256_HEX];
	bool ok = fstat(fd, &now) == 0 && now.st_dev == src->dev && now.st_ino == src->ino &&
		  (uint64_t)now.st_size == src->size && ends_sha(fd, src->size, head, tail, &r->read_bytes);
	close(fd);
	if (!ok)
		return;
	struct lt_incr_stored *s = stored_slot(r->st, f, (uint64_t)src->dev, (uint64_t)src->ino);
	s->dev = (uint64_t)src->dev;
	s->ino = (uint64_t)src->ino;
	s->size = src->size;
	s->mtime = src->mtime;
	s->stream_mtime = r->cand.mtime;
	s->stream_size = r->cand.size;
	s->stream_lines = r->cand.lines;
	memcpy(s->stream_sha256, r->cand.sha256, sizeof s->stream_sha256);
	memcpy(s->head_sha256, head, sizeof head);
	memcpy(s->tail_sha256, tail, sizeof tail);
	s->digests = src->digests;
	s->kind = lt_xstrdup(lt_kind_name(src->kind));
	s->filters = lt_xstrdup(r->cand.filters);
	s->stream_kind = lt_xstrdup(r->cand.kind);
}

static void source_end(void *arg, const struct lt_source *src)
{
	struct lt_resume *r = arg;
	r->read_bytes += src->read_bytes;
	if (r->cand.set && r->src_streams == 1)
		record_stored(r, src);
	r->cand.set = false;
	r->src_streams = 0;
}

static bool kind_by_name(const char *name, enum lt_kind *out)
{
	for (int k = LT_KIND_TEXT; k <= LT_KIND_BINARY; k++) {
		if (strcmp(lt_kind_name((enum lt_kind)k), name) == 0) {
			*out = (enum lt_kind)k;
			return true;
		}
	}
	return false;
}

/* lt_input_opts.known: a stored file recorded by record_stored, at the same
 * device and inode, with the same size and mtime and the same first and
 * last stored bytes, is not read again. A change elsewhere in it is left
 * to verify, which recomputes every hash (doc/cron.md). The re-read pass
 * reads everything it is given. */
static const struct lt_incr_stored *find_stored(const struct lt_incr_state *st, const struct lt_source *src,
						 size_t *entry)
{
	for (size_t i = 0; i < st->nfiles; i++) {
		const struct lt_incr_file *f = &st->files[i];
		for (size_t k = 0; k < f->nstored; k++) {
			const struct lt_incr_stored *s = &f->stored[k];
			if (s->dev == (uint64_t)src->dev && s->ino == (uint64_t)src->ino && s->size == src->stat_size &&
			    s->mtime == src->mtime) {
				*entry = i;
				return s;
			}
		}
	}
	return NULL;
}

static bool known_file(const struct lt_source *src, int fd, struct lt_known_file *k, void *arg)
{
	struct lt_resume *r = arg;
	size_t i;
	const struct lt_incr_stored *s = r->reread_pass ? NULL : find_stored(r->st, src, &i);
	if (!s)
		return false;
	char head[LT_SHA256_HEX], tail[LT_SHA256_HEX];
	uint64_t counted = 0;
	bool same = ends_sha(fd, s->size, head, tail, &counted) && strcmp(head, s->head_sha256) == 0 &&
		    strcmp(tail, s->tail_sha256) == 0 && kind_by_name(s->kind, &k->kind) &&
		    kind_by_name(s->stream_kind, &k->stream_kind);
	if (!same) {
		r->read_bytes += counted;
		return false;
	}
	k->digests = s->digests;
	k->filters = s->filters;
	k->stream_mtime = s->stream_mtime;
	k->stream_size = s->stream_size;
	memcpy(k->stream_sha256, s->stream_sha256, sizeof k->stream_sha256);
	k->checked_bytes = counted;
	r->known_entry = (long)i;
	r->known_stored = s;
	r->known++;
	return true;
}

static void hook_end(void *arg, const struct lt_stream *s, const struct lt_parse_result *res)
{
	struct lt_resume *r = arg;
	struct view_reader *v = &r->vr;
	struct lt_incr_file *f = &r->st->files[r->entry];
	struct lt_digests d;
	lt_hasher_peek(&v->hash, &d);
	uint64_t before = f->consumed_bytes;
	f->consumed_bytes = v->consumed;
	f->consumed_lines = v->newlines;
	memcpy(f->prefix_sha256, d.sha256, sizeof f->prefix_sha256);
	free(f->last_path);
	free(f->last_member);
	f->last_path = lt_xstrdup(s->source->path);
	f->last_member = s->member ? lt_xstrdup(s->member) : NULL;
	f->dev = (uint64_t)s->source->dev;
	f->ino = (uint64_t)s->source->ino;
	f->generation = r->generation + 1;
	f->held_bytes = v->held;
	save_hash_state(f, v);
	note_candidate(r, s);
	if (res && res->parser && !f->parser)
		f->parser = lt_xstrdup(res->parser->name);
	if (f->consumed_bytes > before)
		r->new_bytes += f->consumed_bytes - before;
	r->held_bytes += v->held;
	if (strcmp(r->status, "resumed") == 0 && f->consumed_bytes == before)
		r->status = "unchanged";
	log_stream(r, s, r->status, v->held ? "an unfinished last line is held back for a later run" : NULL);
	if (v->held) {
		struct lt_loc loc = { s->source->path, s->member, v->consumed, 0, 1 };
		lt_diag(LT_NOTE, &loc, "last line has no newline yet (%llu bytes): held back until it is finished",
			(unsigned long long)v->held);
	}
}

struct lt_resume *lt_resume_new(struct lt_incr_state *st, uint64_t generation)
{
	struct lt_resume *r = lt_xcalloc(1, sizeof *r);
	r->st = st;
	r->generation = generation;
	r->hook.begin = hook_begin;
	r->hook.end = hook_end;
	r->hook.source_end = source_end;
	r->hook.known = known_file;
	r->hook.arg = r;
	r->log = json_array();
	r->entry = -1;
	lt_hasher_init(&r->vr.hash, LT_HASH_SHA256);
	return r;
}

void lt_resume_finish(struct lt_resume *r)
{
	for (size_t i = 0; i < r->nreplaced; i++) {
		struct replaced *rp = &r->replaced[i];
		const struct lt_incr_file *old = &r->st->files[rp->old_entry];
		if (old->generation == r->generation + 1)
			continue;	/* the old content was read elsewhere: a rotation */
		struct lt_loc loc = { rp->path, rp->member, 0, 0, 0 };
		lt_diag(LT_WARN, &loc, "shrank or was rewritten since the last run (the %llu bytes read "
			"then are no longer there): read again from the start as new content",
			(unsigned long long)old->consumed_bytes);
		json_array_append_new(r->log, json_pack("{s:o, s:o, s:s, s:I}", "path", lt_json_ctext(rp->path),
			"member", lt_json_ctext(rp->member), "status", "shrank-or-rewritten",
			"earlier_bytes", (json_int_t)old->consumed_bytes));
	}
}

const struct lt_stream_hook *lt_resume_hook(struct lt_resume *r)
{
	return &r->hook;
}

void lt_resume_begin_reread(struct lt_resume *r)
{
	r->reread_pass = true;
}

size_t lt_resume_rereads(const struct lt_resume *r, const char *const **paths)
{
	*paths = (const char *const *)r->rereads;
	return r->nrereads;
}

json_t *lt_resume_log(const struct lt_resume *r)
{
	return r->log;
}

uint64_t lt_resume_new_bytes(const struct lt_resume *r)
{
	return r->new_bytes;
}

uint64_t lt_resume_read_bytes(const struct lt_resume *r)
{
	return r->read_bytes;
}

uint64_t lt_resume_jumped(const struct lt_resume *r)
{
	return r->jumped;
}

uint64_t lt_resume_known(const struct lt_resume *r)
{
	return r->known;
}

uint64_t lt_resume_held_bytes(const struct lt_resume *r)
{
	return r->held_bytes;
}

void lt_resume_free(struct lt_resume *r)
{
	if (!r)
		return;
	struct lt_digests d;
	lt_hasher_final(&r->vr.hash, &d);
	free(r->vr.pending);
	for (size_t i = 0; i < r->nrereads; i++)
		free(r->rereads[i]);
	free(r->rereads);
	for (size_t i = 0; i < r->nreplaced; i++) {
		free(r->replaced[i].path);
		free(r->replaced[i].member);
	}
	free(r->replaced);
	free(r->cand.filters);
	for (size_t i = 0; i < r->nrequeued; i++)
		free(r->requeued[i]);
	free(r->requeued);
	json_decref(r->log);
	free(r);
}
