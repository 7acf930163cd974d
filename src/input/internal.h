/* Internals of the input layer, shared by walk.c, source.c, stream.c and
 * archive.c. Not part of the contract (that is input.h).
 *
 * Bytes move as blocks pulled from the outside in: a source (the evidence
 * file) gives stored blocks; a libarchive level turns them into the blocks
 * of its entries; a peek wrapper looks at an entry's first bytes to decide
 * whether it is a nested container or a leaf; a leaf is handed to the caller
 * as an lt_stream. Every block pointer stays valid until the next pull from
 * the same provider, so nothing is copied on the way except into the
 * caller's buffer.
 *
 * Ownership: struct src owns its buffers, its hasher and every fault
 * message (freed when the source ends); levels, peeks and leaves live on the
 * walker's call stack or are freed by the function that made them.
 */
#ifndef LT_INPUT_INTERNAL_H
#define LT_INPUT_INTERNAL_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/input.h"
#include "util/diag.h"
#include "util/hash.h"

#define LT_IN_BUFSZ (256u * 1024u)	/* stored-bytes reads */
#define LT_IN_HEAD 4096u		/* bytes peeked to recognise a stream's kind */

/* A pull provider of byte blocks. next returns 1 with a block (n > 0),
 * 0 at the end, -1 after a fault (already reported; the message is the
 * source's last_fault). After 0 or -1 it keeps returning the same. */
struct lt_blk {
	int (*next)(void *self, const void **p, size_t *n);
	void *self;
};

struct lt_walk {
	const struct lt_input_opts *opts;
	const struct lt_input_callbacks *cb;
	uint32_t next_id;
	bool stop;			/* a callback asked to stop the walk */
};

/* One evidence file (or stdin) while it is read. */
struct lt_src {
	struct lt_walk *w;
	struct lt_source pub;
	int fd;
	bool seekable;			/* a regular file: pread() for formats that seek */
	/* Sequential reading through read(): every byte is hashed in order. */
	unsigned char *buf;
	uint64_t hashed;		/* bytes read and hashed so far = position of fd */
	struct lt_hasher h;
	bool eof, ioerr;
	bool finished;			/* lt_src_finish ran */
	/* Random access for zip and 7z (pread at seek_pos; not hashed: the
	 * sequential reader hashes the whole file when the walk is over). */
	unsigned char *rbuf;
	uint64_t seek_pos;
	uint64_t st_size;
	/* Stored bytes delivered to the decoders (re-reads included): the
	 * denominator of the ratio cap. */
	uint64_t consumed;
	/* Faults: every message is kept until the source ends. */
	char **msgs;
	size_t nmsgs;
	const char *last_fault;
};

/* source.c */
void lt_src_init(struct lt_src *s, struct lt_walk *w);
void lt_src_free(struct lt_src *s);
int lt_src_next(void *self, const void **p, size_t *n);	/* sequential, hashed */
/* Read and hash the rest of the file, then set size and digests. */
void lt_src_finish(struct lt_src *s);
/* Report a fault located at member/offset (offset < 0: none) through
 * lt_diag; when partial, mark the source partial (first reason kept).
 * Returns the stored message ("member M: offset O: text"). */
const char *lt_src_fault(struct lt_src *s, enum lt_severity sev, bool partial, const char *member,
			 int64_t offset, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Apply the caps before serving *n more bytes of a stream that has served
 * pos bytes, base = the source's consumed count when the stream began.
 * Cuts *n at max_stream_bytes (setting *cut, so the next call fails).
 * Returns 0, or -1 when a cap is hit now (reported, source marked). */
int lt_cap_apply(struct lt_src *s, uint64_t base, uint64_t pos, size_t *n, bool *cut, const char *member);
/* Check the caps for a stream that has produced `out` decompressed bytes
 * (and has more) while the source delivered `in` stored bytes. Returns NULL
 * when within the caps, else why (filled with the cap that was hit). */
const char *lt_cap_exceeded(const struct lt_input_opts *o, uint64_t out, uint64_t in, char *why, size_t whylen);

/* stream.c: peeking and leaves. */
struct lt_peek {
	struct lt_blk under;
	unsigned char head[LT_IN_HEAD];
	size_t head_n, head_pos;
	const unsigned char *rest;	/* rest of the block the head was cut from */
	size_t rest_n;
};
void lt_peek_init(struct lt_peek *pk, struct lt_blk under);
void lt_peek_fill(struct lt_peek *pk);
struct lt_blk lt_peek_blk(struct lt_peek *pk);

/* Hand one leaf stream to the caller, drain what it did not read, finish
 * its hash and call on_stream_end. same_as_source: the stream is the
 * file's own bytes, so its SHA-256 is the file's (hashed once).
 * prefault: a fault known before reading (e.g. nesting too deep). */
void lt_emit_leaf(struct lt_src *s, struct lt_blk from, const char *member, const char *filters,
		  enum lt_kind kind, lt_time_us mtime, bool same_as_source, const char *prefault);

/* A known file's one stream (lt_known_file): nothing to read. */
void lt_emit_known(struct lt_src *s, const struct lt_known_file *k);

/* archive.c */
/* Peek at a stream's first bytes and hand it on: a container (compressed
 * or archive) is opened as a nested level at depth+1, anything else is a
 * leaf. undecodable: the content is a compression layer libarchive could
 * not recognise (handed out as binary, not opened again). */
void lt_dispatch(struct lt_src *s, struct lt_blk from, const char *member, const char *filters, unsigned depth,
		 lt_time_us mtime, bool undecodable);
bool lt_kind_is_container(enum lt_kind k);
bool lt_kind_is_compression(enum lt_kind k);
/* Read a container (compressed stream or archive) that starts in pk. */
void lt_read_container(struct lt_src *s, struct lt_peek *pk, enum lt_kind kind, unsigned depth,
		       const char *chain, const char *filters, lt_time_us mtime);
/* Read a zip or 7z evidence file with seeking (the file is hashed by the
 * sequential reader afterwards). */
void lt_read_seekable(struct lt_src *s, enum lt_kind kind);

/* gzip.c: gzip through zlib (CRC-32 and length checked, multi-member,
 * every decodable byte kept on truncation). */
void lt_read_gzip(struct lt_src *s, struct lt_peek *pk, unsigned depth, const char *chain, const char *filters,
		  lt_time_us mtime);

#endif
