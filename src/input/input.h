/* The evidence input layer.
 *
 * Walks the inputs (files, directories recursively in byte-wise sorted order,
 * or "-" for stdin), opens everything read-only, recognises each file's kind
 * from its content (magic bytes, never the name) and streams the decompressed
 * content of every file, compressed stream and archive member (nested to any
 * depth, within the configured caps) to the caller. Nothing is written to
 * disk. While streaming it hashes the stored bytes of every file (SHA-256,
 * SHA-1, MD5) and the decompressed bytes of every stream (SHA-256), tracks
 * sizes, and reports every fault with its location through lt_diag and in the
 * per-source result.
 *
 * Ownership: the walker owns every struct it hands to callbacks; they are
 * valid only during the callback. Copy what you keep.
 */
#ifndef LT_INPUT_H
#define LT_INPUT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/hash.h"
#include "util/timeutil.h"

/* Content kinds recognised by magic. */
enum lt_kind {
	LT_KIND_TEXT,		/* anything that is not one of the below */
	LT_KIND_EMPTY,
	LT_KIND_GZIP, LT_KIND_BZIP2, LT_KIND_XZ, LT_KIND_ZSTD,
	LT_KIND_TAR, LT_KIND_ZIP, LT_KIND_7Z, LT_KIND_CPIO,
	LT_KIND_EVTX,		/* "ElfFile\0": passed through as a binary stream */
	LT_KIND_BINARY		/* other binary data: streamed; parsers will likely refuse it */
};
const char *lt_kind_name(enum lt_kind k);
/* Recognise the kind from the first bytes (at least 512 when available). */
enum lt_kind lt_kind_detect(const unsigned char *head, size_t n);

/* A file an incremental run read completely before and finds unchanged
 * (src/incr/resume.c): the walker does not read it again but hands out its
 * one stream as known (lt_stream.known) with these hashes. */
struct lt_known_file {
	enum lt_kind kind;		/* of the stored bytes */
	struct lt_digests digests;	/* of the stored bytes */
	const char *filters;		/* the one stream's layers, e.g. "gzip" */
	enum lt_kind stream_kind;
	lt_time_us stream_mtime;
	uint64_t stream_size;
	char stream_sha256[LT_SHA256_HEX];
	uint64_t checked_bytes;		/* stored bytes the check read (pread) */
};

struct lt_source;

/* Caps against decompression bombs (doc/input.md, "Caps"). Every stream
 * and every archive's decompressed container stream is checked against the
 * bytes read from the evidence file since it began; 0 disables a cap. */
struct lt_input_opts {
	uint64_t max_ratio;		/* decompressed/stored bytes before a stream is stopped (default 1000) */
	uint64_t ratio_min_bytes;	/* the ratio is checked only past this many decompressed bytes (default 100 MiB) */
	uint64_t max_stream_bytes;	/* decompressed bytes per stream before it is stopped (default 64 GiB) */
	unsigned max_depth;		/* nesting of archives/compression layers read with libarchive (default 8) */
	bool follow_symlinks;		/* default false: a symlink given on the command line is followed, links found inside directories are listed and skipped */
	/* Parallel ingest: every worker walks the same inputs (so source ids
	 * agree) but reads only the sources with (id - 1) % shard_count ==
	 * shard_index. shard_count 0 or 1 reads everything. */
	unsigned shard_count, shard_index;
	/* Sharded ingest (--shard I/N, case/shard.h): when set, a source is read
	 * only when select says so. Ids still count every source of the walk,
	 * so every shard numbers the sources alike. NULL reads everything. */
	bool (*select)(uint32_t id, const char *path, void *arg);
	void *select_arg;
	/* Incremental runs: asked for every regular file before anything is
	 * read (fd at offset 0: pread only). True when k describes the file
	 * and it is not to be read. NULL reads everything. */
	bool (*known)(const struct lt_source *src, int fd, struct lt_known_file *k, void *arg);
	void *known_arg;
};
void lt_input_opts_default(struct lt_input_opts *o);

enum lt_source_status {
	LT_SOURCE_COMPLETE,	/* read to the end without fault */
	LT_SOURCE_PARTIAL,	/* some part could not be read; what was read is kept */
	LT_SOURCE_UNREADABLE,	/* could not be opened or read at all */
	LT_SOURCE_SKIPPED	/* deliberately not read (symlink, device, loop) */
};
const char *lt_source_status_name(enum lt_source_status s);

/* One evidence file. Hashes and size are final only in on_source_end. */
struct lt_source {
	uint32_t id;			/* 1, 2, ... in walk order */
	const char *path;		/* as given, or given-dir + "/" + relative path */
	uint64_t size;			/* bytes as stored (while read: the bytes read so far) */
	lt_time_us mtime;
	dev_t dev;
	ino_t ino;
	enum lt_kind kind;
	enum lt_source_status status;
	struct lt_digests digests;	/* of the bytes as stored */
	const char *reason;		/* why partial/unreadable/skipped, else NULL */
	uint64_t stat_size;		/* size when opened (fstat; 0 for stdin) */
	uint64_t read_bytes;		/* stored bytes read from the file so far (read and pread):
					 * what an incremental run reports it read (doc/cron.md) */
};

/* The decompressed content of a file or of one archive member. */
struct lt_stream {
	const struct lt_source *source;
	const char *member;		/* NULL for the file's own content; else the member
					 * chain joined with "//", e.g. "logs.tar.gz//proxy/access.log.1.gz" */
	const char *filters;		/* the layers peeled, outermost first, comma-separated,
					 * e.g. "gzip", "gzip,tar", "zip,gzip,tar,gzip"; "" for plain */
	enum lt_kind kind;		/* kind of the content handed out (TEXT, EMPTY, EVTX, BINARY) */
	lt_time_us mtime;		/* member mtime from the archive, else the file's */
	/* Final in on_stream_end: */
	uint64_t size;			/* decompressed bytes */
	char sha256[LT_SHA256_HEX];	/* of the decompressed bytes */
	bool partial;			/* a fault cut the stream short */
	const char *fault;		/* the fault's message, or NULL */
	bool known;			/* not read (lt_known_file): size and sha256 are final
					 * from the start, reading gives nothing */
	void *impl;			/* the walker's */
};

/* Read up to n decompressed bytes. Returns bytes read, 0 at the end, or -1
 * on a fault (already reported and recorded in the stream; treat as end). */
ssize_t lt_stream_read(struct lt_stream *s, void *buf, size_t n);

/* Incremental hashing (src/incr/resume.c, doc/cron.md). Both work only on
 * a regular file's own content (no member, no compression) and return -1
 * on any other stream.
 *
 * lt_stream_pread: read n bytes at stored offset off without moving the
 * stream (the identity checks of a known file: its last bytes read).
 * Returns the bytes read (fewer at the end of the file), or -1.
 *
 * lt_stream_jump: continue the stream at offset, with the file's hashes
 * (lt_hasher_save text of all three digests over exactly the first offset
 * bytes) taken as given: the bytes before offset are neither read nor
 * hashed again, the source's digests come out as those of the whole file
 * provided the given state is right, and the stream's next byte is the
 * one at offset. Returns 0, or -1 (nothing changed) when the stream is not
 * a regular file's content, offset lies beyond the file or the state does
 * not cover exactly offset bytes of all three digests. */
ssize_t lt_stream_pread(struct lt_stream *s, void *buf, size_t n, uint64_t off);
int lt_stream_jump(struct lt_stream *s, uint64_t offset, const char *hash_state);

struct lt_input_callbacks {
	/* A source is about to be read (it may still turn out unreadable or
	 * skipped). Every source gets exactly one begin and one end, skipped
	 * and unreadable ones too; streams come in between. */
	void (*on_source_begin)(const struct lt_source *src, void *arg);
	/* A leaf stream is ready: read it (fully or not; the rest is drained
	 * for hashing afterwards). Return 0, or -1 to stop the whole walk. */
	int (*on_stream)(struct lt_stream *s, void *arg);
	/* The stream's size, hash and fault are final. */
	void (*on_stream_end)(const struct lt_stream *s, void *arg);
	/* The source's hashes, size and status are final. */
	void (*on_source_end)(const struct lt_source *src, void *arg);
	void *arg;
};

/* Walk the inputs in order. Returns 0 when the walk completed (faults in
 * single inputs do not stop it), -1 when a callback asked to stop. */
int lt_input_walk(const char *const *paths, size_t npaths, const struct lt_input_opts *opts,
		  const struct lt_input_callbacks *cb);

/* Open one file read-only the way the walk does (ropen.c): O_NOATIME where
 * permitted, O_NONBLOCK then fstat, regular files only. Returns the fd
 * (blocking again), or -1 with why holding the reason ("is a FIFO, not a
 * regular file", strerror). */
int lt_input_open_ro(const char *path, char *why, size_t whylen);
/* What a file that is not a regular file is, for messages: "a FIFO",
 * "a socket", "a directory", ... (static text). */
const char *lt_input_file_kind(mode_t m);
/* SHA-256 of a file opened so: 0, or -1 with why set. */
int lt_input_sha256_file(const char *path, char out[LT_SHA256_HEX], char *why, size_t whylen);

#endif
