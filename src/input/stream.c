/* Peeking at a stream's first bytes, and leaf streams handed to the caller. */
#include "input/internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int peek_next(void *self, const void **p, size_t *n)
{
	struct lt_peek *pk = self;
	if (pk->head_pos < pk->head_n) {
		*p = pk->head + pk->head_pos;
		*n = pk->head_n - pk->head_pos;
		pk->head_pos = pk->head_n;
		return 1;
	}
	if (pk->rest_n) {
		*p = pk->rest;
		*n = pk->rest_n;
		pk->rest_n = 0;
		return 1;
	}
	return pk->under.next(pk->under.self, p, n);
}

void lt_peek_init(struct lt_peek *pk, struct lt_blk under)
{
	pk->under = under;
	pk->head_n = pk->head_pos = 0;
	pk->rest = NULL;
	pk->rest_n = 0;
}

/* Copy up to LT_IN_HEAD bytes into head; what is left of the last block
 * stays where it is (valid until the next pull) and is served after it. */
void lt_peek_fill(struct lt_peek *pk)
{
	while (pk->head_n < LT_IN_HEAD) {
		const void *p;
		size_t n;
		if (pk->under.next(pk->under.self, &p, &n) <= 0)
			return;
		size_t k = LT_IN_HEAD - pk->head_n;
		if (k > n)
			k = n;
		memcpy(pk->head + pk->head_n, p, k);
		pk->head_n += k;
		if (k < n) {
			pk->rest = (const unsigned char *)p + k;
			pk->rest_n = n - k;
			return;
		}
	}
}

struct lt_blk lt_peek_blk(struct lt_peek *pk)
{
	struct lt_blk b = { peek_next, pk };
	return b;
}

struct leaf {
	struct lt_src *s;
	struct lt_blk from;
	const unsigned char *cur;
	size_t cur_n;
	struct lt_hasher h;
	bool own_hash;
	bool done;
	bool faulted;
	struct lt_peek *top;	/* a regular file's own content, read through this
				 * peek straight from the file: pread and jump allowed */
};

static int leaf_pull(struct lt_stream *st, struct leaf *l)
{
	const void *p;
	size_t n;
	int r = l->from.next(l->from.self, &p, &n);
	if (r > 0) {
		l->cur = p;
		l->cur_n = n;
		return 1;
	}
	l->done = true;
	if (r < 0) {
		l->faulted = true;
		st->partial = true;
		if (!st->fault)
			st->fault = l->s->last_fault;
	}
	return 0;
}

ssize_t lt_stream_read(struct lt_stream *st, void *buf, size_t n)
{
	struct leaf *l = st->impl;
	unsigned char *out = buf;
	size_t got = 0;
	while (got < n) {
		if (l->cur_n == 0 && (l->done || !leaf_pull(st, l)))
			break;
		size_t k = n - got < l->cur_n ? n - got : l->cur_n;
		memcpy(out + got, l->cur, k);
		if (l->own_hash)
			lt_hasher_update(&l->h, l->cur, k);
		l->cur += k;
		l->cur_n -= k;
		got += k;
		st->size += k;
	}
	if (got == 0 && l->faulted)
		return -1;
	return (ssize_t)got;
}

static struct leaf *plain_leaf(struct lt_stream *st)
{
	struct leaf *l = st->impl;
	return l && l->top && l->s->seekable && !l->s->ioerr ? l : NULL;
}

ssize_t lt_stream_pread(struct lt_stream *st, void *buf, size_t n, uint64_t off)
{
	struct leaf *l = plain_leaf(st);
	if (!l)
		return -1;
	size_t got = 0;
	while (got < n) {
		ssize_t r = pread(l->s->fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
		l->s->pub.read_bytes += (uint64_t)r;
	}
	return (ssize_t)got;
}

int lt_stream_jump(struct lt_stream *st, uint64_t offset, const char *hash_state)
{
	struct leaf *l = plain_leaf(st);
	if (!l || offset > l->s->st_size || lt_hasher_saved_bytes(hash_state) != (long long)offset)
		return -1;
	struct lt_hasher h;
	if (lt_hasher_load(&h, hash_state) != 0)
		return -1;
	if (!h.ctx[0] || !h.ctx[1] || !h.ctx[2] || lseek(l->s->fd, (off_t)offset, SEEK_SET) < 0) {
		struct lt_digests d;
		lt_hasher_final(&h, &d);
		return -1;
	}
	struct lt_digests d;
	lt_hasher_final(&l->s->h, &d);	/* the bytes hashed so far are in the given state */
	l->s->h = h;
	l->s->hashed = offset;
	l->s->eof = false;
	/* Drop what the walker had buffered ahead. */
	l->top->head_pos = l->top->head_n;
	l->top->rest_n = 0;
	l->cur_n = 0;
	l->done = false;
	st->size = offset;
	return 0;
}

static void leaf_drain(struct lt_stream *st, struct leaf *l)
{
	for (;;) {
		if (l->cur_n) {
			if (l->own_hash)
				lt_hasher_update(&l->h, l->cur, l->cur_n);
			st->size += l->cur_n;
			l->cur_n = 0;
		}
		if (l->done || l->s->w->stop || !leaf_pull(st, l))
			break;
	}
}

void lt_emit_leaf(struct lt_src *s, struct lt_blk from, const char *member, const char *filters,
		  enum lt_kind kind, lt_time_us mtime, bool same_as_source, const char *prefault)
{
	struct lt_walk *w = s->w;
	struct leaf l = { .s = s, .from = from, .own_hash = !same_as_source };
	/* Only the file's own bytes, pulled through the top peek, can jump. */
	if (same_as_source && !member && filters && !filters[0] && from.next == peek_next)
		l.top = from.self;
	struct lt_stream st = {
		.source = &s->pub, .member = member, .filters = filters, .kind = kind,
		.mtime = mtime, .impl = &l,
	};
	if (prefault) {
		st.partial = true;
		st.fault = prefault;
	}
	if (l.own_hash)
		lt_hasher_init(&l.h, LT_HASH_SHA256);
	if (w->cb->on_stream && w->cb->on_stream(&st, w->cb->arg) < 0)
		w->stop = true;
	if (!w->stop)
		leaf_drain(&st, &l);
	else if (!st.partial) {
		st.partial = true;
		st.fault = "the walk was stopped before the end of this stream";
	}
	if (l.own_hash) {
		struct lt_digests d;
		lt_hasher_final(&l.h, &d);
		memcpy(st.sha256, d.sha256, sizeof st.sha256);
	} else {
		/* The stream is the file: finish the file's hashes now. */
		lt_src_finish(s);
		memcpy(st.sha256, s->pub.digests.sha256, sizeof st.sha256);
	}
	if (w->cb->on_stream_end)
		w->cb->on_stream_end(&st, w->cb->arg);
}

void lt_emit_known(struct lt_src *s, const struct lt_known_file *k)
{
	struct lt_walk *w = s->w;
	struct leaf l = { .s = s, .done = true };
	struct lt_stream st = {
		.source = &s->pub, .member = NULL, .filters = k->filters, .kind = k->stream_kind,
		.mtime = k->stream_mtime, .impl = &l, .known = true, .size = k->stream_size,
	};
	memcpy(st.sha256, k->stream_sha256, sizeof st.sha256);
	if (w->cb->on_stream && w->cb->on_stream(&st, w->cb->arg) < 0)
		w->stop = true;
	if (w->cb->on_stream_end)
		w->cb->on_stream_end(&st, w->cb->arg);
}
