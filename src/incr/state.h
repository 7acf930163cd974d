/* The state of incremental (cron) runs: STATE/state.json.
 *
 * It remembers, per input content, how far earlier runs read it; which record
 * runs of the case are committed; which findings were already reported; and
 * what retention pruned. It is replaced atomically at the end of a run
 * (lt_write_file_atomic), so a run killed at any point leaves the previous
 * state, and the next run redoes that run's work: nothing lost, nothing
 * counted twice (doc/cron.md).
 *
 * Content identity: a file (or archive member, or the content of a .gz) is
 * known by the SHA-256 of its first head_len bytes (head_len <= 1024; less
 * only while the file is shorter). Renaming, copying, compressing it keeps
 * that identity, so a rotated file is recognised and not read twice; device
 * and inode are kept to tell the admin what happened, not to decide.
 *
 * Ownership: the state owns every string in it; lt_incr_state_free releases.
 */
#ifndef LT_INCR_STATE_H
#define LT_INCR_STATE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/hash.h"
#include "util/timeutil.h"

#define LT_INCR_HEAD_MAX 1024
#define LT_INCR_TAIL_MAX 4096

struct lt_incr_file {
	uint32_t head_len;
	char head_sha256[LT_SHA256_HEX];
	uint64_t consumed_bytes;		/* decompressed bytes already read */
	uint64_t consumed_lines;		/* complete lines in them */
	char prefix_sha256[LT_SHA256_HEX];	/* of those consumed bytes */
	char *last_path;			/* where it was last seen */
	char *last_member;			/* NULL for the file's own content */
	uint64_t dev, ino;
	uint64_t generation;			/* last run that read or saw it */
	char *parser;				/* parser chosen when first read, or NULL */
	uint64_t held_bytes;			/* unfinished last line held back */
	/* Incremental hashing of a regular file's own content (doc/cron.md,
	 * "Reading only what is new"): the SHA-256, SHA-1 and MD5 states
	 * after the consumed bytes (lt_hasher_save text), and the SHA-256 of
	 * the last tail_len (<= LT_INCR_TAIL_MAX) of them. A later run that
	 * finds the same first bytes, device, inode, a size not smaller and
	 * the same tail continues the hashes from here; NULL when the content
	 * was not a plain file (a .gz, an archive member). */
	char *hash_state;
	uint32_t tail_len;
	char tail_sha256[LT_SHA256_HEX];
	/* The stored files that held this content whole (several when it
	 * was copied: a rotation and its copy in an archive folder). */
	struct lt_incr_stored *stored;
	size_t nstored;
};

/* A stored file that held a content whole as its one compressed stream
 * and was read whole: its device, inode, size, mtime, the SHA-256 of its
 * first and last LT_INCR_TAIL_MAX stored bytes, its digests and its
 * stream's description. A later run that finds that file unchanged by
 * these does not read it again (doc/cron.md, "Reading only what is new"). */
#define LT_INCR_STORED_MAX 8	/* per content; the oldest goes first */
struct lt_incr_stored {
	uint64_t dev, ino, size;
	lt_time_us mtime, stream_mtime;
	char head_sha256[LT_SHA256_HEX], tail_sha256[LT_SHA256_HEX];
	struct lt_digests digests;
	/* The stream: its bytes and lines, and their SHA-256 (the content may
	 * have been read further elsewhere since: a copy that grew). */
	uint64_t stream_size, stream_lines;
	char stream_sha256[LT_SHA256_HEX];
	char *kind, *filters, *stream_kind;	/* lt_kind_name(), the layers */
};

struct lt_incr_prune {
	uint64_t generation;
	lt_time_us before;			/* records older than this went */
	lt_time_us window;			/* start of the --keep-days window (before + the rules' look-back) */
	uint64_t keep_days;
	uint64_t records, findings, runs;	/* findings: that existed before and not after */
};

struct lt_incr_state {
	uint64_t generation;			/* committed runs so far */
	struct lt_incr_file *files;
	size_t nfiles, capfiles;
	char **runs;				/* committed record run file names, sorted */
	size_t nruns, capruns;
	char **reported;			/* finding ids already reported, sorted */
	size_t nreported, capreported;
	struct lt_incr_prune *prunes;
	size_t nprunes, capprunes;
};

void lt_incr_state_init(struct lt_incr_state *st);
/* Release a stored-file identity's strings and zero it. */
void lt_incr_stored_clear(struct lt_incr_stored *s);
void lt_incr_state_free(struct lt_incr_state *st);
/* A missing file gives an empty state. Returns 0, or -1 with err filled. */
int lt_incr_state_load(const char *path, struct lt_incr_state *st, char *err, size_t errlen);
/* Atomic replace. Returns 0, or -1 with errno set. */
int lt_incr_state_save(const char *path, const struct lt_incr_state *st);

/* The known content whose first head_len bytes are head[0..head_len) (the
 * caller gives the first bytes it has: up to LT_INCR_HEAD_MAX, fewer only
 * at the end of the content). NULL when new. Among several matches the one
 * read furthest wins. */
struct lt_incr_file *lt_incr_find(struct lt_incr_state *st, const unsigned char *head, size_t n);
/* Add an entry for new content; returns it (valid until the next add). */
struct lt_incr_file *lt_incr_add(struct lt_incr_state *st, const unsigned char *head, size_t n);

bool lt_incr_is_reported(const struct lt_incr_state *st, const char *finding_id);
void lt_incr_mark_reported(struct lt_incr_state *st, const char *finding_id);
bool lt_incr_has_run(const struct lt_incr_state *st, const char *run_name);
void lt_incr_add_run(struct lt_incr_state *st, const char *run_name);
void lt_incr_remove_run(struct lt_incr_state *st, const char *run_name);

#endif
