/* gzip layers through zlib.
 *
 * gzip is by far the most common compression of rotated logs, so it gets a
 * decoder of its own instead of libarchive's gzip filter, which (3.6) does
 * not verify the CRC-32 and length in each member's trailer -- a corrupt
 * file would pass as complete -- and drops the last partly filled buffer
 * when the input is truncated. Here every member's trailer is checked, every
 * byte zlib can decode before a fault is handed on, and bytes go straight
 * from inflate() into one 256 KiB buffer. Concatenated members (multi-member
 * files, `cat a.gz b.gz`) are one stream, as with zcat. Bytes after the last
 * member are reported as gzip(1) does ("trailing garbage ignored").
 *
 * The decompressed content is then peeked like any stream, so a .tar.gz is
 * this gzip layer with a tar level (libarchive) reading from it.
 */
#include "input/internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/xalloc.h"

#define GZ_OUT (256u * 1024u)

struct gz {
	struct lt_src *s;
	struct lt_blk from;
	const char *member;	/* chain, for messages */
	z_stream z;
	unsigned char *out;
	uint64_t pos;		/* decompressed bytes served */
	uint64_t base_consumed;
	unsigned members;	/* members started */
	bool in_eof, member_end, done, failed, cut;
	char pending[256];	/* a fault found while bytes were still to serve */
};

static int gz_fail(struct gz *g, bool report, const char *fmt, const char *detail)
{
	g->failed = true;
	if (report)
		lt_src_fault(g->s, LT_ERROR, true, g->member, (int64_t)g->pos, fmt, detail, g->pos);
	return -1;
}

/* Make sure there is input; false at its end or on a fault upstream. */
static bool gz_fill(struct gz *g)
{
	if (g->z.avail_in)
		return true;
	if (g->in_eof)
		return false;
	const void *p;
	size_t n;
	int r = g->from.next(g->from.self, &p, &n);
	if (r <= 0) {
		g->in_eof = true;
		if (r < 0)
			g->failed = true;
		return false;
	}
	g->z.next_in = (unsigned char *)(uintptr_t)p;
	g->z.avail_in = (uInt)n;
	return true;
}

/* After a member: another member, trailing bytes, or the end. Returns
 * 1 to go on inflating, 0 at the end. */
static int gz_between_members(struct gz *g)
{
	if (!gz_fill(g))
		return 0;
	if (g->z.next_in[0] == 0x1f) {
		/* The second magic byte may be in the next block. */
		if (g->z.avail_in >= 2 ? g->z.next_in[1] == 0x8b : true) {
			inflateReset(&g->z);
			g->member_end = false;
			g->members++;
			return 1;
		}
	}
	/* Not a member: tape padding (zeros) or garbage. Count it for the
	 * message; the source's own drain hashes it. */
	uint64_t extra = 0;
	bool zeros = true;
	do {
		for (uInt i = 0; i < g->z.avail_in; i++)
			if (g->z.next_in[i])
				zeros = false;
		extra += g->z.avail_in;
		g->z.avail_in = 0;
	} while (!g->s->w->stop && gz_fill(g));
	if (!g->failed)
		lt_src_fault(g->s, zeros ? LT_NOTE : LT_WARN, false, g->member, (int64_t)g->pos,
			     "%" PRIu64 " %s after the last gzip member ignored (as gzip -d does)", extra,
			     zeros ? "zero bytes" : "bytes of trailing garbage");
	return 0;
}

static int gz_next(void *self, const void **p, size_t *n)
{
	struct gz *g = self;
	if (g->failed)
		return -1;
	if (g->cut) {
		/* The previous block was cut at max_stream_bytes: report it now. */
		size_t none = 1;
		lt_cap_apply(g->s, g->base_consumed, g->pos, &none, &g->cut, g->member);
		g->failed = true;
		return -1;
	}
	if (g->pending[0])
		return gz_fail(g, true, "%s; the %" PRIu64 " decompressed bytes before this offset were kept", g->pending);
	if (g->done)
		return 0;
	for (;;) {
		if (g->s->w->stop)
			return 0;
		if (g->member_end && !gz_between_members(g)) {
			g->done = true;
			return g->failed ? -1 : 0;
		}
		bool have_in = gz_fill(g);
		if (g->failed)
			return -1; /* the input failed: reported there */
		g->z.next_out = g->out;
		g->z.avail_out = GZ_OUT;
		int r = inflate(&g->z, Z_NO_FLUSH);
		size_t got = GZ_OUT - g->z.avail_out;
		if (r == Z_STREAM_END) {
			g->member_end = true;
		} else if (r == Z_NEED_DICT || r == Z_DATA_ERROR || r == Z_MEM_ERROR || r == Z_STREAM_ERROR) {
			const char *why = g->z.msg ? g->z.msg : "invalid data";
			if (strcmp(why, "incorrect data check") == 0)
				why = "the CRC-32 in its trailer does not match, the decompressed data is corrupt";
			else if (strcmp(why, "incorrect length check") == 0)
				why = "the length in its trailer does not match, the decompressed data is corrupt";
			snprintf(g->pending, sizeof g->pending, "gzip member %u is damaged: %s", g->members, why);
		} else if (got == 0 && !have_in) {
			snprintf(g->pending, sizeof g->pending, "gzip member %u is truncated: the data ends mid-stream",
				 g->members);
		} else if (got == 0 && r == Z_BUF_ERROR) {
			/* No progress with input and room for output: never loop on it. */
			snprintf(g->pending, sizeof g->pending, "gzip member %u is damaged: zlib makes no progress",
				 g->members);
		}
		if (got) {
			size_t k = got;
			if (lt_cap_apply(g->s, g->base_consumed, g->pos, &k, &g->cut, g->member) < 0) {
				g->failed = true;
				return -1;
			}
			g->pos += k;
			*p = g->out;
			*n = k;
			return 1;
		}
		if (g->pending[0])
			return gz_fail(g, true, "%s; the %" PRIu64 " decompressed bytes before this offset were kept",
				       g->pending);
	}
}

void lt_read_gzip(struct lt_src *s, struct lt_peek *pk, unsigned depth, const char *chain, const char *filters,
		  lt_time_us mtime)
{
	struct gz *g = lt_xcalloc(1, sizeof *g);
	g->s = s;
	g->from = lt_peek_blk(pk);
	g->member = chain;
	g->out = lt_xmalloc(GZ_OUT);
	g->members = 1;
	/* At the top the peeked first block belongs to this layer too. */
	g->base_consumed = depth == 1 ? 0 : s->consumed;
	if (inflateInit2(&g->z, 15 + 16) != Z_OK) {
		lt_src_fault(s, LT_ERROR, true, chain, 0, "zlib cannot start: out of memory");
		free(g->out);
		free(g);
		return;
	}
	char *f = lt_xasprintf("%s%sgzip", filters, filters[0] ? "," : "");
	lt_dispatch(s, (struct lt_blk){ gz_next, g }, chain, f, depth, mtime, false);
	free(f);
	inflateEnd(&g->z);
	free(g->out);
	free(g);
}
