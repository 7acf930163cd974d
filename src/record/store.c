/* The record store: sorted runs written with zstd, merged on read.
 *
 * Layout (doc/record-format.md, "Store"): CASE/records/run-NNNNNNNN.mpk.zst,
 * each one zstd frame (with checksum) of concatenated msgpack maps sorted by the store key
 * (@timestamp, leaktrail.source.id, leaktrail.member, leaktrail.offset),
 * ties kept in write order. Records without @timestamp sort first. Run
 * numbers are taken with O_EXCL, so several writers (threads of one run, or
 * a later appending run) never collide; the merge breaks remaining ties by
 * run number, which is deterministic because one source is always written by
 * one writer, in order.
 */
#include "record/store.h"
#include "util/atomicfile.h"

#include <dirent.h>
#include <pthread.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include "util/buf.h"
#include "util/sort.h"
#include "util/xalloc.h"

#define RUN_DEFAULT_BYTES (16u << 20)	/* per buffer; two buffers */
#define RUN_PREFIX "run-"
#define RUN_SUFFIX ".mpk.zst"
#define RUN_LEVEL 1		/* zstd level: fast; the records compress about 8:1 */
#define RUN_WINDOW_LOG 17	/* 128 KiB window: records repeat within a few hundred bytes,
				 * and each reader cursor needs a window's worth of memory */
#define RUN_FANIN 32		/* runs merged by one reader before the writer compacts them */

/* The sort key of a record. member points into storage that lives as long
 * as the key is compared (the run's string pool, or a decoded record). */
struct store_key {
	lt_time_us time;
	int64_t source;
	int64_t offset;
	const char *member;	/* NULL when the record is from the file itself */
	size_t member_len;
};

static void key_of(const struct lt_record *rec, struct store_key *k)
{
	struct lt_str m;
	if (!lt_rec_get_time(rec, LT_F_TIMESTAMP, &k->time))
		k->time = LT_TIME_NONE;
	if (!lt_rec_get_int(rec, LT_F_SOURCE_ID, &k->source))
		k->source = 0;
	if (!lt_rec_get_int(rec, LT_F_OFFSET, &k->offset))
		k->offset = -1;
	if (lt_rec_get_str(rec, LT_F_MEMBER, &m)) {
		k->member = m.p;
		k->member_len = m.n;
	} else {
		k->member = NULL;
		k->member_len = 0;
	}
}

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

/* The file's own content (no member) comes before its members. */
static int key_cmp(const struct store_key *a, const struct store_key *b)
{
	int c = cmp_i64(a->time, b->time);
	if (c)
		return c;
	c = cmp_i64(a->source, b->source);
	if (c)
		return c;
	if (!a->member || !b->member) {
		c = (a->member != NULL) - (b->member != NULL);
	} else {
		size_t n = a->member_len < b->member_len ? a->member_len : b->member_len;
		c = memcmp(a->member, b->member, n);
		if (!c)
			c = cmp_i64((int64_t)a->member_len, (int64_t)b->member_len);
	}
	if (c)
		return c;
	return cmp_i64(a->offset, b->offset);
}

/* ---- writer ---- */

struct run_entry {
	struct store_key key;
	size_t member_off;	/* member bytes in the pool (key.member is set at sort time) */
	size_t pos, len;	/* encoded bytes in the data buffer */
	uint64_t seq;
};

/* One run being filled, or being sorted and written. */
struct run_buf {
	struct lt_buf data;		/* encoded records */
	struct lt_buf pool;		/* member names */
	size_t last_member_off, last_member_len;
	int have_last_member;
	struct run_entry *ents;
	size_t nents, capents;
};

/* Two run buffers: while one is sorted, compressed and written by a
 * background thread, records go into the other. Compression is most of the
 * store's cost, so this lets ingest use a second core. Memory: twice
 * run_bytes at most. Only one background flush runs at a time, so run
 * numbers are still taken in write order. */
struct lt_store_writer {
	char *tag;		/* "" or "TAG-": part of the run names */
	char *dir;
	size_t run_bytes;
	struct run_buf bufs[2];
	int cur;			/* the buffer being filled */
	uint64_t count;
	unsigned next_run;
	int failed;
	int failed_errno;
	pthread_t th;
	bool th_active;
	struct run_buf *th_job;
	int th_rc, th_errno;
	char **made;			/* names of the runs this writer created, in order */
	size_t nmade;
};

struct lt_store_writer *lt_store_writer_open(const char *dir, size_t run_bytes)
{
	return lt_store_writer_open_tagged(dir, run_bytes, NULL);
}

struct lt_store_writer *lt_store_writer_open_tagged(const char *dir, size_t run_bytes, const char *tag)
{
	if (lt_mkdir_p(dir) < 0)
		return NULL;
	struct lt_store_writer *w = lt_xcalloc(1, sizeof *w);
	w->dir = lt_xstrdup(dir);
	w->tag = lt_xasprintf("%s%s", tag ? tag : "", tag ? "-" : "");
	w->run_bytes = run_bytes ? run_bytes : RUN_DEFAULT_BYTES;
	for (int i = 0; i < 2; i++) {
		lt_buf_init(&w->bufs[i].data);
		lt_buf_init(&w->bufs[i].pool);
	}
	w->cur = 0;
	w->next_run = 1;
	return w;
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct run_entry *a = pa, *b = pb;
	int c = key_cmp(&a->key, &b->key);
	if (c)
		return c;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

/* Create the next free run file; O_EXCL makes the number ours. */
static int create_run(struct lt_store_writer *w, char **path_out)
{
	for (;;) {
		char *path = lt_xasprintf("%s/" RUN_PREFIX "%s%08u" RUN_SUFFIX, w->dir, w->tag, w->next_run++);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
		if (fd >= 0) {
			*path_out = path;
			w->made = lt_xrealloc(w->made, (w->nmade + 1) * sizeof *w->made);
			w->made[w->nmade++] = lt_xstrdup(strrchr(path, '/') + 1);
			return fd;
		}
		int e = errno;
		free(path);
		if (e != EEXIST) {
			errno = e;
			return -1;
		}
	}
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* A zstd frame written to a file descriptor. */
struct zw {
	int fd;
	ZSTD_CCtx *cc;
	char *out;
	size_t outcap;
};

static void zw_open(struct zw *z, int fd)
{
	z->fd = fd;
	z->cc = ZSTD_createCCtx();
	ZSTD_CCtx_setParameter(z->cc, ZSTD_c_compressionLevel, RUN_LEVEL);
	ZSTD_CCtx_setParameter(z->cc, ZSTD_c_checksumFlag, 1);
	ZSTD_CCtx_setParameter(z->cc, ZSTD_c_windowLog, RUN_WINDOW_LOG);
	z->outcap = ZSTD_CStreamOutSize();
	z->out = lt_xmalloc(z->outcap);
	errno = 0;
}

/* Compress p[0..n), or end the frame when p is NULL. Returns 0 or -1. */
static int zw_step(struct zw *z, const void *p, size_t n)
{
	ZSTD_inBuffer in = { p, n, 0 };
	size_t left;
	do {
		ZSTD_outBuffer out = { z->out, z->outcap, 0 };
		left = ZSTD_compressStream2(z->cc, &out, &in, p ? ZSTD_e_continue : ZSTD_e_end);
		if (ZSTD_isError(left) || write_all(z->fd, z->out, out.pos) < 0)
			return -1;
	} while (p ? in.pos < in.size : left != 0);
	return 0;
}

static int zw_write(struct zw *z, const void *p, size_t n)
{
	return zw_step(z, p, n);
}

/* End the frame (unless rc already failed), close the file, free. Returns 0 or -1 (errno set). */
static int zw_close(struct zw *z, int rc)
{
	if (rc == 0)
		rc = zw_step(z, NULL, 0);
	int e = errno;
	free(z->out);
	ZSTD_freeCCtx(z->cc);
	if (close(z->fd) < 0 && rc == 0) {
		rc = -1;
		e = errno;
	}
	errno = rc < 0 && e == 0 ? EIO : e;
	return rc;
}

/* Sort rb and write it as one run; rb is emptied. Returns 0, or -1 with errno set. */
static int write_run(struct lt_store_writer *w, struct run_buf *rb)
{
	if (rb->nents == 0)
		return 0;
	for (size_t i = 0; i < rb->nents; i++)
		if (rb->ents[i].key.member)
			rb->ents[i].key.member = rb->pool.data + rb->ents[i].member_off;
	/* Logs mostly come in time order: check before sorting (the order is
	 * total, seq breaking every tie, so skipping the sort changes nothing). */
	size_t k = 1;
	while (k < rb->nents && entry_cmp(&rb->ents[k - 1], &rb->ents[k]) < 0)
		k++;
	if (k < rb->nents)
		lt_qsort(rb->ents, rb->nents, sizeof *rb->ents, entry_cmp);
	char *path = NULL;
	int fd = create_run(w, &path);
	int rc = fd < 0 ? -1 : 0;
	if (fd >= 0) {
		struct zw z;
		zw_open(&z, fd);
		for (size_t i = 0; i < rb->nents && rc == 0; i++)
			rc = zw_write(&z, rb->data.data + rb->ents[i].pos, rb->ents[i].len);
		if (zw_close(&z, rc) < 0)
			rc = -1;
	}
	free(path);
	rb->nents = 0;
	lt_buf_reset(&rb->data);
	lt_buf_reset(&rb->pool);
	rb->have_last_member = 0;
	return rc;
}

static void *flush_thread(void *arg)
{
	struct lt_store_writer *w = arg;
	w->th_rc = write_run(w, w->th_job);
	w->th_errno = errno;
	return NULL;
}

/* Wait for the background flush, if any. Returns its result. */
static int join_flush(struct lt_store_writer *w)
{
	if (!w->th_active)
		return 0;
	pthread_join(w->th, NULL);
	w->th_active = false;
	if (w->th_rc < 0) {
		errno = w->th_errno;
		return -1;
	}
	return 0;
}

/* Hand the current buffer to a background flush and switch to the other. */
static int start_flush(struct lt_store_writer *w)
{
	if (join_flush(w) < 0)
		return -1;
	struct run_buf *full = &w->bufs[w->cur];
	w->cur ^= 1;
	w->th_job = full;
	if (pthread_create(&w->th, NULL, flush_thread, w) != 0)
		return write_run(w, full);	/* no thread: do it here */
	w->th_active = true;
	return 0;
}

static void fail(struct lt_store_writer *w)
{
	w->failed = 1;
	w->failed_errno = errno ? errno : EIO;
}

int lt_store_write(struct lt_store_writer *w, const struct lt_record *rec)
{
	if (w->failed) {
		errno = w->failed_errno;
		return -1;
	}
	struct run_buf *rb = &w->bufs[w->cur];
	if (rb->nents == rb->capents) {
		rb->capents = rb->capents ? rb->capents * 2 : 4096;
		rb->ents = lt_xrealloc(rb->ents, rb->capents * sizeof *rb->ents);
	}
	struct run_entry *e = &rb->ents[rb->nents++];
	key_of(rec, &e->key);
	e->member_off = 0;
	if (e->key.member) {
		/* Consecutive records mostly share their member: keep one copy. */
		if (!rb->have_last_member || rb->last_member_len != e->key.member_len ||
		    memcmp(rb->pool.data + rb->last_member_off, e->key.member, e->key.member_len) != 0) {
			rb->last_member_off = rb->pool.len;
			rb->last_member_len = e->key.member_len;
			lt_buf_append(&rb->pool, e->key.member, e->key.member_len);
			rb->have_last_member = 1;
		}
		e->member_off = rb->last_member_off;
		e->key.member = "";	/* marks "has a member"; resolved at flush */
	}
	e->seq = w->count++;
	e->pos = rb->data.len;
	lt_rec_encode_buf(rec, &rb->data);
	e->len = rb->data.len - e->pos;
	if (rb->data.len + rb->pool.len + rb->nents * sizeof *e >= w->run_bytes && start_flush(w) < 0) {
		fail(w);
		return -1;
	}
	return 0;
}

uint64_t lt_store_writer_count(const struct lt_store_writer *w)
{
	return w->count;
}

static int compact_runs(struct lt_store_writer *w);
static void free_names(char **names, size_t n);

int lt_store_writer_close(struct lt_store_writer *w)
{
	int rc = join_flush(w);
	if (rc == 0 && !w->failed)
		rc = write_run(w, &w->bufs[w->cur]);
	if (rc == 0 && !w->failed)
		rc = compact_runs(w);
	if (w->failed) {
		errno = w->failed_errno;
		rc = -1;
	}
	int e = errno;
	for (int i = 0; i < 2; i++) {
		lt_buf_free(&w->bufs[i].data);
		lt_buf_free(&w->bufs[i].pool);
		free(w->bufs[i].ents);
	}
	free_names(w->made, w->nmade);
	free(w->tag);
	free(w->dir);
	free(w);
	errno = e;
	return rc;
}

/* ---- reader ---- */

struct cursor {
	char *path;
	int fd;
	ZSTD_DCtx *dc;
	char *zin;		/* compressed bytes read from fd */
	ZSTD_inBuffer in;
	size_t zret;		/* last ZSTD_decompressStream result: 0 = a frame ended */
	char *buf;
	size_t len, pos, cap;
	int eof;
	const char *zerr;
	const char *raw;	/* the current record's msgpack bytes in buf */
	size_t raw_len;
	struct lt_record rec;
	struct store_key key;
	unsigned runno;		/* index in the sorted run list */
};

struct lt_store_reader {
	struct cursor *cur;
	size_t ncur;
	size_t *heap;		/* indices of cursors that hold a record */
	size_t nheap;
	struct cursor *handed;	/* advanced on the next call */
	char *error;
};

static void set_error(struct lt_store_reader *r, const char *path, const char *what)
{
	if (!r->error)
		r->error = lt_xasprintf("%s: %s", path, what);
}

#define ZIN_SIZE (64 * 1024)

/* Decompress up to n bytes of the run into dst: bytes, 0 at its end, -1 on
 * damage (c->zerr says what). */
static ssize_t zread(struct cursor *c, char *dst, size_t n)
{
	for (;;) {
		if (c->in.pos < c->in.size) {
			ZSTD_outBuffer out = { dst, n, 0 };
			c->zret = ZSTD_decompressStream(c->dc, &out, &c->in);
			if (ZSTD_isError(c->zret)) {
				c->zerr = ZSTD_getErrorName(c->zret);
				return -1;
			}
			if (out.pos)
				return (ssize_t)out.pos;
			continue;
		}
		ssize_t k = read(c->fd, c->zin, ZIN_SIZE);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			c->zerr = strerror(errno);
			return -1;
		}
		if (k == 0) {
			if (c->zret != 0) {
				c->zerr = "ends inside a compressed frame (truncated run file)";
				return -1;
			}
			return 0;
		}
		c->in.src = c->zin;
		c->in.size = (size_t)k;
		c->in.pos = 0;
	}
}

/* Load the cursor's next record. Returns 1 when it has one, 0 at the end, -1 on error. */
static int cursor_advance(struct lt_store_reader *r, struct cursor *c)
{
	for (;;) {
		size_t used;
		int rc = c->len > c->pos ? lt_rec_decode(&c->rec, c->buf + c->pos, c->len - c->pos, &used)
					 : LT_DECODE_SHORT;
		if (rc == 0) {
			c->raw = c->buf + c->pos;
			c->raw_len = used;
			c->pos += used;
			key_of(&c->rec, &c->key);
			return 1;
		}
		if (rc < 0) {
			set_error(r, c->path, "not a record (corrupt run file)");
			return -1;
		}
		if (c->eof) {
			if (c->len > c->pos) {
				set_error(r, c->path, "ends inside a record (truncated run file)");
				return -1;
			}
			return 0;
		}
		/* Need more bytes: the previous record is no longer handed out,
		 * so the buffer may move. */
		if (c->pos) {
			memmove(c->buf, c->buf + c->pos, c->len - c->pos);
			c->len -= c->pos;
			c->pos = 0;
		}
		if (c->cap - c->len < 16384) {
			c->cap = c->cap ? c->cap * 2 : 64 * 1024;
			c->buf = lt_xrealloc(c->buf, c->cap);
		}
		ssize_t n = zread(c, c->buf + c->len, c->cap - c->len);
		if (n < 0) {
			set_error(r, c->path, c->zerr);
			return -1;
		}
		if (n == 0)
			c->eof = 1;
		c->len += (size_t)n;
	}
}

static int heap_less(const struct lt_store_reader *r, size_t a, size_t b)
{
	const struct cursor *ca = &r->cur[a], *cb = &r->cur[b];
	int c = key_cmp(&ca->key, &cb->key);
	if (c)
		return c < 0;
	return ca->runno < cb->runno;
}

static void heap_down(struct lt_store_reader *r, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		if (l < r->nheap && heap_less(r, r->heap[l], r->heap[m]))
			m = l;
		if (l + 1 < r->nheap && heap_less(r, r->heap[l + 1], r->heap[m]))
			m = l + 1;
		if (m == i)
			return;
		size_t t = r->heap[i];
		r->heap[i] = r->heap[m];
		r->heap[m] = t;
		i = m;
	}
}

static int is_run_name(const char *name)
{
	size_t n = strlen(name), p = strlen(RUN_PREFIX), s = strlen(RUN_SUFFIX);
	return n > p + s && strncmp(name, RUN_PREFIX, p) == 0 && strcmp(name + n - s, RUN_SUFFIX) == 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A reader over the runs names[0..n) of dir, in that order (the order breaks
 * ties). Takes names and its strings. */
static struct lt_store_reader *reader_open_names(const char *dir, char **names, size_t n)
{
	struct lt_store_reader *r = lt_xcalloc(1, sizeof *r);
	r->cur = lt_xcalloc(n ? n : 1, sizeof *r->cur);
	r->heap = lt_xcalloc(n ? n : 1, sizeof *r->heap);
	r->ncur = n;
	for (size_t i = 0; i < n; i++) {
		struct cursor *c = &r->cur[i];
		c->path = lt_xasprintf("%s/%s", dir, names[i]);
		c->runno = (unsigned)i;
		c->fd = -1;
		free(names[i]);
		lt_rec_init(&c->rec);
		if (r->error)
			continue;
		c->fd = open(c->path, O_RDONLY | O_CLOEXEC);
		if (c->fd < 0) {
			set_error(r, c->path, strerror(errno));
			continue;
		}
		c->dc = ZSTD_createDCtx();
		c->zin = lt_xmalloc(ZIN_SIZE);
		int rc = cursor_advance(r, c);
		if (rc == 1)
			r->heap[r->nheap++] = i;
	}
	free(names);
	for (size_t i = r->nheap; i-- > 0;)
		heap_down(r, i);
	return r;
}

/* The run files of dir in name order (the store's order), or NULL with
 * errno when dir cannot be opened; *foreign (when asked) is the first file
 * that looks like a run but that this build cannot read. */
static char **list_runs(const char *dir, size_t *count, char **foreign)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **names = lt_xcalloc(1, sizeof *names);
	size_t n = 0, cap = 1;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		bool looks_like_run = strncmp(de->d_name, RUN_PREFIX, strlen(RUN_PREFIX)) == 0 &&
				      !strstr(de->d_name, ".tmp");
		if (foreign && looks_like_run && !is_run_name(de->d_name) && !*foreign)
			*foreign = lt_xstrdup(de->d_name);
		if (!is_run_name(de->d_name))
			continue;
		if (n == cap) {
			cap *= 2;
			names = lt_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = lt_xstrdup(de->d_name);
	}
	closedir(d);
	lt_qsort(names, n, sizeof *names, name_cmp);
	*count = n;
	return names;
}

struct lt_store_reader *lt_store_reader_open(const char *dir)
{
	size_t n = 0;
	char *foreign = NULL;	/* a run this build cannot read: never skip it silently */
	char **names = list_runs(dir, &n, &foreign);
	if (!names)
		return NULL;
	struct lt_store_reader *r = reader_open_names(dir, names, n);
	if (foreign) {
		char *path = lt_xasprintf("%s/%s", dir, foreign);
		set_error(r, path, "not a record run this version of leaktrail reads (written by an older "
			  "version?): ingest the evidence again into a new case");
		free(path);
		free(foreign);
	}
	return r;
}

const struct lt_record *lt_store_next(struct lt_store_reader *r)
{
	if (r->error)
		return NULL;
	if (r->handed) {
		int rc = cursor_advance(r, r->handed);
		r->handed = NULL;
		if (rc < 0)
			return NULL;
		if (rc == 0)
			r->heap[0] = r->heap[--r->nheap];
		heap_down(r, 0);
	}
	if (r->nheap == 0)
		return NULL;
	r->handed = &r->cur[r->heap[0]];
	return &r->handed->rec;
}

const char *lt_store_reader_error(const struct lt_store_reader *r)
{
	return r->error;
}

void lt_store_reader_close(struct lt_store_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->ncur; i++) {
		struct cursor *c = &r->cur[i];
		if (c->fd >= 0)
			close(c->fd);
		ZSTD_freeDCtx(c->dc);
		free(c->zin);
		free(c->buf);
		free(c->path);
		lt_rec_free(&c->rec);
	}
	free(r->cur);
	free(r->heap);
	free(r->error);
	free(r);
}

/* ---- compaction ----
 * A reader holds one decoder per run, so the number of runs must not grow
 * with the input: when a writer closes having created more than RUN_FANIN
 * runs, it merges the oldest RUN_FANIN of them into one, in store order,
 * under the name of the first (so the name order, which breaks ties, is
 * kept), until RUN_FANIN or fewer remain. Each record's bytes are copied as
 * they are. Only runs this writer created are touched: runs of earlier
 * ingest runs (--append, cron generations) are never rewritten, so a run
 * killed before its commit can still be undone by deleting its new runs.
 * A reader thus opens at most RUN_FANIN runs per writer and ingest run,
 * whatever the input size. */

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Merge runs names[0..k) of dir into one, named names[0]. Returns 0 or -1. */
static int merge_group(const char *dir, char **names, size_t k)
{
	char **group = lt_xcalloc(k, sizeof *group);
	for (size_t i = 0; i < k; i++)
		group[i] = lt_xstrdup(names[i]);
	struct lt_store_reader *r = reader_open_names(dir, group, k);
	char *tmp = lt_xasprintf("%s/.compact-%s", dir, names[0]);
	char *first = lt_xasprintf("%s/%s", dir, names[0]);
	int rc = -1;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd >= 0) {
		struct zw z;
		zw_open(&z, fd);
		rc = 0;
		while (rc == 0 && lt_store_next(r))
			rc = zw_write(&z, r->handed->raw, r->handed->raw_len);
		if (rc == 0 && lt_store_reader_error(r)) {
			rc = -1;
			errno = EIO;
		}
		if (zw_close(&z, rc) < 0)
			rc = -1;
	}
	int e = errno;
	lt_store_reader_close(r);
	if (rc == 0 && rename(tmp, first) < 0) {
		rc = -1;
		e = errno;
	}
	if (rc < 0)
		unlink(tmp);
	for (size_t i = 1; rc == 0 && i < k; i++) {
		char *path = lt_xasprintf("%s/%s", dir, names[i]);
		unlink(path);
		free(path);
	}
	free(tmp);
	free(first);
	errno = e;
	return rc;
}

static int compact_runs(struct lt_store_writer *w)
{
	/* One level merges disjoint groups of RUN_FANIN consecutive runs, so
	 * each level rewrites the data once; two levels cover 32^2 runs. */
	while (w->nmade > RUN_FANIN) {
		size_t kept = 0;
		for (size_t i = 0; i < w->nmade; i += RUN_FANIN) {
			size_t k = w->nmade - i < RUN_FANIN ? w->nmade - i : RUN_FANIN;
			if (k > 1 && merge_group(w->dir, w->made + i, k) < 0) {
				/* keep the list consistent for free_names */
				memmove(w->made + kept, w->made + i, (w->nmade - i) * sizeof *w->made);
				w->nmade = kept + (w->nmade - i);
				return -1;
			}
			for (size_t j = 1; j < k; j++)
				free(w->made[i + j]);
			w->made[kept++] = w->made[i];
		}
		w->nmade = kept;
	}
	return 0;
}

/* ---- compacting a whole store (leaktrail merge) ----
 * The same group merge as a writer's compaction, over every run of dir in
 * name order: consecutive groups of at most fanin runs, each merged into
 * its first's name, only as many as bring the count down to max_runs
 * (level after level when one level of fanin-sized groups is not enough).
 * Memory is fanin cursors, whatever the number of runs. */
int lt_store_compact(const char *dir, size_t max_runs, size_t fanin)
{
	if (max_runs < 1)
		max_runs = 1;
	if (fanin < 2)
		fanin = RUN_FANIN;
	size_t n = 0;
	char **names = list_runs(dir, &n, NULL);
	if (!names)
		return -1;
	int rc = 0;
	while (rc == 0 && n > max_runs) {
		/* Rewrite as few records as reach max_runs: merge consecutive
		 * groups from the first run on, each removing k - 1 runs, until
		 * excess runs are gone; the runs after them stay as they are. */
		size_t excess = n - max_runs, kept = 0, i = 0;
		while (i < n) {
			size_t k = excess + 1 < fanin ? excess + 1 : fanin;
			if (k > n - i)
				k = n - i;
			if (excess == 0 || k < 2) {
				names[kept++] = names[i++];
				continue;
			}
			if (rc == 0 && merge_group(dir, names + i, k) < 0)
				rc = -1;
			for (size_t j = 1; j < k; j++)
				free(names[i + j]);
			names[kept++] = names[i];
			i += k;
			excess -= k - 1;
		}
		n = kept;
	}
	int e = errno;
	free_names(names, n);
	errno = e;
	return rc;
}
