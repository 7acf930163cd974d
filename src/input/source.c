/* One evidence file: sequential hashed reads, faults, caps. */
#include "input/internal.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

void lt_src_init(struct lt_src *s, struct lt_walk *w)
{
	memset(s, 0, sizeof *s);
	s->w = w;
	s->fd = -1;
	s->pub.status = LT_SOURCE_COMPLETE;
	s->pub.kind = LT_KIND_EMPTY;
	s->pub.mtime = LT_TIME_NONE;
}

void lt_src_free(struct lt_src *s)
{
	for (size_t i = 0; i < s->nmsgs; i++)
		free(s->msgs[i]);
	free(s->msgs);
	free(s->buf);
	free(s->rbuf);
	s->msgs = NULL;
	s->buf = s->rbuf = NULL;
}

/* One read(), retried on EINTR; on EAGAIN (a non-blocking stdin handed to
 * us by the caller's shell) wait until there is data. */
static ssize_t read_full(int fd, void *buf, size_t n)
{
	for (;;) {
		ssize_t r = read(fd, buf, n);
		if (r >= 0)
			return r;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return r;
		struct pollfd p = { fd, POLLIN, 0 };
		poll(&p, 1, -1);
	}
}

int lt_src_next(void *self, const void **p, size_t *n)
{
	struct lt_src *s = self;
	if (s->ioerr)
		return -1;
	if (s->eof)
		return 0;
	if (!s->buf)
		s->buf = lt_xmalloc(LT_IN_BUFSZ);
	/* The first read takes only what recognising the kind needs: an
	 * incremental run may jump past the rest (lt_stream_jump), and a
	 * night with nothing new should read no more than its checks. */
	ssize_t r = read_full(s->fd, s->buf, s->hashed == 0 ? LT_IN_HEAD : LT_IN_BUFSZ);
	if (r < 0) {
		int e = errno;
		s->ioerr = true;
		lt_src_fault(s, LT_ERROR, true, NULL, -1, "read error at stored byte %" PRIu64 ": %s; the bytes before it were kept",
			     s->hashed, strerror(e));
		return -1;
	}
	if (r == 0) {
		s->eof = true;
		return 0;
	}
	lt_hasher_update(&s->h, s->buf, (size_t)r);
	s->hashed += (uint64_t)r;
	s->pub.read_bytes += (uint64_t)r;
	s->consumed += (uint64_t)r;
	s->pub.size = s->hashed;	/* bytes read so far, until the end (progress display) */
	*p = s->buf;
	*n = (size_t)r;
	return 1;
}

void lt_src_finish(struct lt_src *s)
{
	if (s->finished)
		return;
	s->finished = true;
	const void *p;
	size_t n;
	/* A stopped walk does not read on: the source is marked partial. */
	while (!s->w->stop && lt_src_next(s, &p, &n) > 0)
		;
	lt_hasher_final(&s->h, &s->pub.digests);
	s->pub.size = s->hashed;
	if (s->w->stop)
		lt_src_fault(s, LT_NOTE, true, NULL, -1,
			     "the walk was stopped: the hashes cover only the first %" PRIu64 " bytes", s->hashed);
	else if (s->seekable && !s->ioerr && s->hashed != s->st_size)
		lt_src_fault(s, LT_WARN, false, NULL, -1,
			     "the file changed while it was read (%" PRIu64 " bytes when opened, %" PRIu64
			     " read and hashed)", s->st_size, s->hashed);
}

const char *lt_src_fault(struct lt_src *s, enum lt_severity sev, bool partial, const char *member,
			 int64_t offset, const char *fmt, ...)
{
	struct lt_loc loc = { s->pub.path, member, offset < 0 ? 0 : (uint64_t)offset, 0, offset >= 0 };
	char where[1024];
	struct lt_loc noloc = loc;
	noloc.path = NULL;
	lt_loc_format(&noloc, where, sizeof where);

	struct lt_buf b = LT_BUF_INIT;
	if (where[0])
		lt_buf_printf(&b, "%s: ", where);
	size_t textstart = b.len;
	va_list ap;
	va_start(ap, fmt);
	char *text = NULL;
	if (vasprintf(&text, fmt, ap) < 0)
		text = NULL;
	va_end(ap);
	lt_buf_puts(&b, text ? text : "(out of memory formatting a message)");
	free(text);

	lt_diag(sev, &loc, "%s", b.data + textstart);
	char *msg = lt_buf_detach(&b);
	s->msgs = lt_xrealloc(s->msgs, (s->nmsgs + 1) * sizeof *s->msgs);
	s->msgs[s->nmsgs++] = msg;
	if (partial) {
		s->last_fault = msg;
		if (s->pub.status == LT_SOURCE_COMPLETE) {
			s->pub.status = LT_SOURCE_PARTIAL;
			s->pub.reason = msg;
		}
	}
	return msg;
}

const char *lt_cap_exceeded(const struct lt_input_opts *o, uint64_t out, uint64_t in, char *why, size_t whylen)
{
	if (o->max_stream_bytes && out >= o->max_stream_bytes) {
		snprintf(why, whylen,
			 "stopped at %" PRIu64 " decompressed bytes, the cap per stream (max_stream_bytes): "
			 "a decompression bomb or a stream larger than allowed; the bytes before were kept", out);
		return why;
	}
	if (o->max_ratio && out > o->ratio_min_bytes && out / o->max_ratio > in) {
		snprintf(why, whylen,
			 "stopped at %" PRIu64 " decompressed bytes from about %" PRIu64
			 " stored bytes: ratio above the cap of %" PRIu64 ":1 (max_ratio): likely a decompression bomb; "
			 "the bytes before were kept", out, in, o->max_ratio);
		return why;
	}
	return NULL;
}

int lt_cap_apply(struct lt_src *s, uint64_t base, uint64_t pos, size_t *n, bool *cut, const char *member)
{
	const struct lt_input_opts *o = s->w->opts;
	char why[320];
	/* Stored bytes are read a buffer at a time: never assume fewer than one
	 * buffer behind a stream, so a small file cannot look like a bomb. */
	uint64_t in = s->consumed - base;
	if (in < LT_IN_BUFSZ)
		in = LT_IN_BUFSZ;
	if (*cut || lt_cap_exceeded(o, pos, in, why, sizeof why)) {
		if (*cut)
			lt_cap_exceeded(o, pos, in, why, sizeof why);
		lt_src_fault(s, LT_ERROR, true, member, (int64_t)pos, "%s", why);
		return -1;
	}
	if (o->max_stream_bytes && pos + *n > o->max_stream_bytes) {
		*n = (size_t)(o->max_stream_bytes - pos);
		*cut = true;
	}
	return 0;
}
