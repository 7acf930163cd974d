/* Compressed streams and archives through libarchive, nested to any depth.
 *
 * One libarchive reader ("level") per container. Compression filters are a
 * layer of their own, as in libarchive: a compression level reads its input
 * through the native decompression filters (all stacked layers at once) and
 * the "raw" format, whose single entry is the decompressed content; an
 * archive level reads an archive format (tar, zip, cpio, 7z). A .tar.gz is
 * thus a gzip level whose content is a tar level. Every entry is peeked: a compressed
 * stream or an archive inside is opened as a nested level that reads from
 * the parent entry through callbacks; anything else is a leaf stream for the
 * caller. Nothing touches the disk.
 *
 * Faults are reported once, where they happen (the deepest layer that saw
 * them); layers above that only see "my input failed" do not report again.
 */
#include "input/internal.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdlib.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

#define MAX_RETRIES 100		/* ARCHIVE_RETRY in a row before giving up */
#define MAX_STALLS 10000	/* headers in a row that consumed nothing */
#define MAX_EMPTY_BLOCKS 10000	/* empty data blocks in a row */

bool lt_kind_is_compression(enum lt_kind k)
{
	return k == LT_KIND_GZIP || k == LT_KIND_BZIP2 || k == LT_KIND_XZ || k == LT_KIND_ZSTD;
}

bool lt_kind_is_container(enum lt_kind k)
{
	return lt_kind_is_compression(k) || k == LT_KIND_TAR || k == LT_KIND_ZIP || k == LT_KIND_7Z ||
	       k == LT_KIND_CPIO;
}

/* Only filters libarchive implements itself: filter_all would also register
 * filters that run external programs (lrzip, lzop, grzip...) on the
 * evidence when the library lacks them, which we never want. */
typedef int (*support_fn)(struct archive *);
static const support_fn filter_fns[] = {
	archive_read_support_filter_gzip, archive_read_support_filter_bzip2,
	archive_read_support_filter_xz, archive_read_support_filter_lzma,
	archive_read_support_filter_lzip, archive_read_support_filter_zstd,
	archive_read_support_filter_compress, archive_read_support_filter_lz4,
};
#define NFILTERS (sizeof filter_fns / sizeof filter_fns[0])
static signed char filter_native[NFILTERS]; /* 0 unknown, 1 native, -1 external program */

static void add_filters(struct archive *a)
{
	for (size_t i = 0; i < NFILTERS; i++) {
		if (filter_native[i] == 0) {
			struct archive *probe = archive_read_new();
			filter_native[i] = filter_fns[i](probe) == ARCHIVE_OK ? 1 : -1;
			archive_read_free(probe);
		}
		if (filter_native[i] > 0)
			filter_fns[i](a);
	}
}

/* A compression level reads the native filters and the raw format only:
 * whether the decompressed content is an archive is decided by peeking at
 * it with lt_kind_detect, like every other stream, and it is then opened as
 * a nested level. (Letting libarchive bid archive formats on decompressed
 * data misreads, e.g., a gzip of zero bytes as an empty tar.) An archive
 * level reads the archive formats only. */
static struct archive *new_reader(bool compressed, bool seekable)
{
	struct archive *a = archive_read_new();
	if (compressed) {
		add_filters(a);
		archive_read_support_format_raw(a);
		return a;
	}
	archive_read_support_format_tar(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_zip(a);
	if (seekable)
		archive_read_support_format_7zip(a);
	return a;
}

struct level {
	struct lt_src *s;
	struct archive *a;
	struct lt_blk from;		/* sequential input (not used with seeking) */
	unsigned depth;			/* 1 for the evidence file itself */
	const char *chain;		/* member chain of this container, NULL at the top */
	const char *filters_in;		/* layers above this level */
	char *filters;			/* filters_in plus this level's layers */
	enum lt_kind kind;
	bool raw;			/* read as a bare compressed stream */
	bool filtered;			/* a decompression filter is active */
	bool recognised;		/* libarchive found a filter or a format */
	bool upstream_failed;		/* the input failed (reported there) */
	bool dead;			/* no further reads on this level */
	uint64_t base_consumed;
	lt_time_us mtime;
	char *last_member;		/* for messages about damage between members */
};

static la_ssize_t level_read(struct archive *a, void *ctx, const void **buf)
{
	struct level *lv = ctx;
	const void *p;
	size_t n;
	int r = lv->from.next(lv->from.self, &p, &n);
	if (r < 0) {
		lv->upstream_failed = true;
		archive_set_error(a, EIO, "the input of this archive failed");
		return -1;
	}
	if (r == 0)
		return 0;
	*buf = p;
	return (la_ssize_t)n;
}

static const char *format_short(int fmt)
{
	switch (fmt & ARCHIVE_FORMAT_BASE_MASK) {
	case ARCHIVE_FORMAT_TAR: return "tar";
	case ARCHIVE_FORMAT_ZIP: return "zip";
	case ARCHIVE_FORMAT_7ZIP: return "7z";
	case ARCHIVE_FORMAT_CPIO: return "cpio";
	default: return NULL;
	}
}

/* After the first header: which filters and format libarchive chose. */
static void level_describe(struct level *lv)
{
	if (lv->filters)
		return;
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, lv->filters_in);
	for (int i = archive_filter_count(lv->a) - 1; i >= 0; i--) {
		if (archive_filter_code(lv->a, i) == ARCHIVE_FILTER_NONE)
			continue;
		lv->recognised = true;
		lv->filtered = true;
		if (b.len)
			lt_buf_putc(&b, ',');
		lt_buf_puts(&b, archive_filter_name(lv->a, i));
	}
	int fmt = archive_format(lv->a);
	lv->raw = (fmt & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_RAW;
	const char *fn = format_short(fmt);
	if (fn) {
		lv->recognised = true;
		if (b.len)
			lt_buf_putc(&b, ',');
		lt_buf_puts(&b, fn);
	}
	if (!b.data)
		lt_buf_puts(&b, "");
	lv->filters = lt_buf_detach(&b);
}

static const char *errstr(struct archive *a)
{
	const char *e = archive_error_string(a);
	return e ? e : "unknown libarchive error";
}

static int64_t level_out_bytes(struct level *lv)
{
	la_int64_t n = archive_filter_bytes(lv->a, 0);
	return n < 0 ? 0 : n;
}

/* A fault of the container itself (not inside one member). */
static void level_fault(struct level *lv, const char *what)
{
	lv->dead = true;
	if (lv->upstream_failed)
		return;
	const char *after = lv->last_member ? lv->last_member : NULL;
	lt_src_fault(lv->s, LT_ERROR, true, lv->chain, level_out_bytes(lv),
		     "%s %s%s%s%s: %s; what was read before it was kept, the rest of this container was not read",
		     lv->filters && lv->filters[0] ? lv->filters : lt_kind_name(lv->kind), what,
		     after ? " after member '" : "", after ? after : "", after ? "'" : "", errstr(lv->a));
}

/* The caps on a level's decompressed output (its raw entry is checked as
 * well; this catches a filter's output between entries). Archive levels
 * have no filter: their bytes are the stored bytes. */
static bool level_caps_hit(struct level *lv)
{
	if (!lv->filtered)
		return false;
	char why[320];
	uint64_t in = lv->s->consumed - lv->base_consumed;
	if (!lt_cap_exceeded(lv->s->w->opts, (uint64_t)level_out_bytes(lv), in, why, sizeof why))
		return false;
	lv->dead = true;
	lt_src_fault(lv->s, LT_ERROR, true, lv->chain, level_out_bytes(lv), "%s; the rest of this container was not read",
		     why);
	return true;
}

/* The decompressed bytes of one entry, with holes of sparse entries filled
 * with zeros and the caps applied. */
struct esrc {
	struct level *lv;
	const char *member;
	uint64_t pos;			/* bytes served */
	uint64_t gap;			/* zeros still to serve before pend */
	const unsigned char *pend;
	size_t pend_n;
	unsigned retries, empties;
	uint64_t sparse_size;		/* declared size of a sparse entry, else 0 */
	bool capped;			/* the caps apply (the bytes are decompressed or made up) */
	bool done, failed, cap_hit, warned;
};

static const unsigned char zeros[64 * 1024];

static int esrc_fail(struct esrc *es, const char *fmt, const char *detail)
{
	es->failed = true;
	struct level *lv = es->lv;
	if (lv->upstream_failed)
		return -1;
	lt_src_fault(lv->s, LT_ERROR, true, es->member, (int64_t)es->pos, fmt, detail, es->pos);
	return -1;
}

static int esrc_serve(struct esrc *es, const void *p, size_t n, const void **out, size_t *outn)
{
	if (es->capped && lt_cap_apply(es->lv->s, es->lv->base_consumed, es->pos, &n, &es->cap_hit, es->member) < 0) {
		es->failed = true;
		es->lv->dead = true; /* skipping the rest would mean decompressing it */
		return -1;
	}
	es->pos += n;
	*out = p;
	*outn = n;
	return 1;
}

static int esrc_next(void *self, const void **p, size_t *n)
{
	struct esrc *es = self;
	struct level *lv = es->lv;
	if (es->failed)
		return -1;
	if (es->done)
		return 0;
	if (es->cap_hit) {
		size_t none = 1;
		lt_cap_apply(lv->s, lv->base_consumed, es->pos, &none, &es->cap_hit, es->member);
		es->failed = true;
		lv->dead = true;
		return -1;
	}
	for (;;) {
		if (es->gap) {
			size_t k = es->gap < sizeof zeros ? (size_t)es->gap : sizeof zeros;
			es->gap -= k;
			return esrc_serve(es, zeros, k, p, n);
		}
		if (es->pend_n) {
			size_t k = es->pend_n;
			es->pend_n = 0;
			return esrc_serve(es, es->pend, k, p, n);
		}
		if (lv->s->w->stop)
			return 0;
		const void *b;
		size_t sz;
		la_int64_t off;
		int r = archive_read_data_block(lv->a, &b, &sz, &off);
		if (r == ARCHIVE_EOF) {
			/* A sparse entry may end in a hole: no block describes it. */
			if (es->sparse_size > es->pos) {
				es->gap = es->sparse_size - es->pos;
				es->sparse_size = 0;
				continue;
			}
			es->done = true;
			return 0;
		}
		if (r == ARCHIVE_RETRY && ++es->retries < MAX_RETRIES)
			continue;
		if (r == ARCHIVE_FATAL)
			lv->dead = true;
		if (r == ARCHIVE_RETRY || r < ARCHIVE_WARN)
			return esrc_fail(es, "cannot read on: %s; the %" PRIu64 " decompressed bytes before this offset were kept",
					 errstr(lv->a));
		es->retries = 0;
		if (r == ARCHIVE_WARN && !es->warned) {
			es->warned = true;
			lt_src_fault(lv->s, LT_WARN, true, es->member, (int64_t)es->pos, "%s", errstr(lv->a));
		}
		if (off >= 0 && (uint64_t)off > es->pos)
			es->gap = (uint64_t)off - es->pos;
		es->pend = b;
		es->pend_n = sz;
		if (sz == 0 && es->gap == 0 && ++es->empties > MAX_EMPTY_BLOCKS)
			return esrc_fail(es, "libarchive returned empty blocks without end (%s); stopped after %" PRIu64 " bytes",
					 "corrupt data?");
		if (sz)
			es->empties = 0;
	}
}

static char *chain_join(const char *chain, const char *name)
{
	return chain ? lt_xasprintf("%s//%s", chain, name) : lt_xstrdup(name);
}

static lt_time_us entry_mtime(struct archive_entry *e, lt_time_us dflt)
{
	if (!archive_entry_mtime_is_set(e))
		return dflt;
	return (lt_time_us)archive_entry_mtime(e) * LT_US_PER_SEC + archive_entry_mtime_nsec(e) / 1000;
}

/* Non-regular entries are listed, not read: they have no content of their own. */
static bool entry_is_skipped(struct level *lv, struct archive_entry *e, const char *member)
{
	mode_t type = archive_entry_filetype(e);
	const char *hard = archive_entry_hardlink(e);
	if (type == AE_IFDIR)
		return true;
	if (hard && (!archive_entry_size_is_set(e) || archive_entry_size(e) == 0)) {
		lt_src_fault(lv->s, LT_NOTE, false, member, -1, "hard link to '%s': its content is read there", hard);
		return true;
	}
	if (type == AE_IFLNK) {
		const char *to = archive_entry_symlink(e);
		lt_src_fault(lv->s, LT_NOTE, false, member, -1, "symbolic link to '%s': not followed", to ? to : "?");
		return true;
	}
	if (type != AE_IFREG && type != 0) {
		lt_src_fault(lv->s, LT_NOTE, false, member, -1, "not a regular file (type 0%o): skipped", (unsigned)type);
		return true;
	}
	return false;
}

static void level_entry(struct level *lv, struct archive_entry *e)
{
	struct lt_src *s = lv->s;
	char *owned = NULL;
	const char *member = lv->chain;
	if (!lv->raw) {
		const char *name = archive_entry_pathname(e);
		if (!name)
			name = archive_entry_pathname_utf8(e);
		owned = chain_join(lv->chain, name ? name : "(unnamed)");
		member = owned;
		free(lv->last_member);
		lv->last_member = lt_xstrdup(name ? name : "(unnamed)");
		if (entry_is_skipped(lv, e, member)) {
			free(owned);
			return;
		}
	}
	lt_time_us mtime = entry_mtime(e, lv->mtime);
	struct esrc es = { .lv = lv, .member = member };
	bool sparse = archive_entry_sparse_count(e) > 0;
	if (sparse && archive_entry_size_is_set(e) && archive_entry_size(e) > 0)
		es.sparse_size = (uint64_t)archive_entry_size(e);
	/* A tar or cpio member holds its bytes as stored, so it can be no bomb
	 * (unless sparse); raw entries, zip and 7z members are decompressed. */
	int fmt = archive_format(lv->a) & ARCHIVE_FORMAT_BASE_MASK;
	es.capped = sparse || !(fmt == ARCHIVE_FORMAT_TAR || fmt == ARCHIVE_FORMAT_CPIO);
	lt_dispatch(s, (struct lt_blk){ esrc_next, &es }, member, lv->filters, lv->depth, mtime,
		    lv->raw && !lv->recognised);
	free(owned);
}

static void level_run(struct level *lv)
{
	struct archive_entry *e;
	unsigned retries = 0, stalls = 0;
	int64_t last_in = -1, last_out = -1;
	for (;;) {
		if (lv->s->w->stop || lv->dead)
			break;
		int r = archive_read_next_header(lv->a, &e);
		level_describe(lv);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY) {
			if (++retries < MAX_RETRIES)
				continue;
			level_fault(lv, "kept failing to read a header");
			break;
		}
		retries = 0;
		if (r == ARCHIVE_FATAL) {
			level_fault(lv, lv->last_member || lv->raw ? "is damaged" : "cannot be read");
			break;
		}
		int64_t in = archive_filter_bytes(lv->a, -1), out = archive_filter_bytes(lv->a, 0);
		if (in == last_in && out == last_out) {
			if (++stalls > MAX_STALLS) {
				archive_set_error(lv->a, EIO, "%u headers without progress", stalls);
				level_fault(lv, "makes the reader loop");
				break;
			}
		} else {
			stalls = 0;
		}
		last_in = in;
		last_out = out;
		if (level_caps_hit(lv))
			break;
		if (r == ARCHIVE_FAILED) {
			const char *name = archive_entry_pathname(e);
			char *m = chain_join(lv->chain, name ? name : "(unreadable header)");
			lt_src_fault(lv->s, LT_ERROR, true, m, -1, "member skipped: %s", errstr(lv->a));
			free(m);
			continue;
		}
		if (r == ARCHIVE_WARN) {
			const char *name = archive_entry_pathname(e);
			char *m = lv->raw ? NULL : chain_join(lv->chain, name ? name : "(unnamed)");
			lt_src_fault(lv->s, LT_WARN, false, m ? m : lv->chain, -1, "%s", errstr(lv->a));
			free(m);
		}
		level_entry(lv, e);
	}
}

static void level_init(struct level *lv, struct lt_src *s, enum lt_kind kind, unsigned depth, const char *chain,
		       const char *filters, lt_time_us mtime)
{
	memset(lv, 0, sizeof *lv);
	lv->s = s;
	lv->kind = kind;
	lv->depth = depth;
	lv->chain = chain;
	lv->filters_in = filters;
	lv->mtime = mtime;
	lv->base_consumed = s->consumed;
}

static void level_done(struct level *lv)
{
	archive_read_free(lv->a);
	free(lv->filters);
	free(lv->last_member);
}

void lt_dispatch(struct lt_src *s, struct lt_blk from, const char *member, const char *filters, unsigned depth,
		 lt_time_us mtime, bool undecodable)
{
	struct lt_peek *pk = lt_xmalloc(sizeof *pk);
	lt_peek_init(pk, from);
	lt_peek_fill(pk);
	enum lt_kind kind = lt_kind_detect(pk->head, pk->head_n);
	const char *prefault = NULL;

	if (lt_kind_is_container(kind)) {
		if (undecodable)
			prefault = lt_src_fault(s, LT_ERROR, true, member, 0,
						"looks like %s but cannot be decoded; its stored bytes are handed out as binary",
						lt_kind_name(kind));
		else if (depth >= s->w->opts->max_depth)
			prefault = lt_src_fault(s, LT_ERROR, true, member, 0,
						"%s nested deeper than the limit of %u layers (max_depth): handed out as binary, not opened",
						lt_kind_name(kind), s->w->opts->max_depth);
		else if (kind == LT_KIND_7Z)
			prefault = lt_src_fault(s, LT_ERROR, true, member, 0,
						"a 7z archive inside another container cannot be read without seeking: "
						"handed out as binary, not opened (extract it and give its path)");
		if (prefault)
			kind = LT_KIND_BINARY;
	}
	if (lt_kind_is_container(kind))
		lt_read_container(s, pk, kind, depth + 1, member, filters, mtime);
	else
		lt_emit_leaf(s, lt_peek_blk(pk), member, filters, kind, mtime, false, prefault);
	free(pk);
}

void lt_read_container(struct lt_src *s, struct lt_peek *pk, enum lt_kind kind, unsigned depth,
		       const char *chain, const char *filters, lt_time_us mtime)
{
	if (kind == LT_KIND_GZIP) {
		lt_read_gzip(s, pk, depth, chain, filters, mtime);
		return;
	}
	struct level lv;
	level_init(&lv, s, kind, depth, chain, filters, mtime);
	lv.from = lt_peek_blk(pk);
	if (depth == 1)
		lv.base_consumed = 0; /* the peeked first block belongs to this level too */
	lv.a = new_reader(lt_kind_is_compression(kind), false);
	if (archive_read_open2(lv.a, &lv, NULL, level_read, NULL, NULL) < ARCHIVE_WARN)
		level_fault(&lv, "cannot be opened");
	else
		level_run(&lv);
	level_done(&lv);
}

static la_ssize_t seek_read(struct archive *a, void *ctx, const void **buf)
{
	struct level *lv = ctx;
	struct lt_src *s = lv->s;
	if (!s->rbuf)
		s->rbuf = lt_xmalloc(LT_IN_BUFSZ);
	ssize_t r;
	do
		r = pread(s->fd, s->rbuf, LT_IN_BUFSZ, (off_t)s->seek_pos);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		int e = errno;
		lv->upstream_failed = true;
		lt_src_fault(s, LT_ERROR, true, NULL, -1, "read error at stored byte %" PRIu64 ": %s", s->seek_pos,
			     strerror(e));
		archive_set_error(a, e, "read error");
		return -1;
	}
	s->seek_pos += (uint64_t)r;
	s->consumed += (uint64_t)r;
	s->pub.read_bytes += (uint64_t)r;
	*buf = s->rbuf;
	return r;
}

static la_int64_t seek_seek(struct archive *a, void *ctx, la_int64_t off, int whence)
{
	(void)a;
	struct level *lv = ctx;
	struct lt_src *s = lv->s;
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64_t)s->seek_pos : (int64_t)s->st_size;
	int64_t to = base + off;
	if (to < 0)
		return ARCHIVE_FATAL;
	s->seek_pos = (uint64_t)to;
	return to;
}

void lt_read_seekable(struct lt_src *s, enum lt_kind kind)
{
	struct level lv;
	level_init(&lv, s, kind, 1, NULL, "", s->pub.mtime);
	lv.a = new_reader(false, true);
	archive_read_set_callback_data(lv.a, &lv);
	archive_read_set_read_callback(lv.a, seek_read);
	archive_read_set_seek_callback(lv.a, seek_seek);
	s->seek_pos = 0;
	if (archive_read_open1(lv.a) < ARCHIVE_WARN)
		level_fault(&lv, "cannot be opened");
	else
		level_run(&lv);
	level_done(&lv);
}
