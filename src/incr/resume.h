/* Resuming streams in incremental runs: the ingest hook (parse/ingest.h).
 *
 * For every leaf stream it reads the first bytes, looks the content up in
 * the state (state.h), and either parses it from the start (new content), or
 * skips and verifies the bytes earlier runs read and parses only what follows
 * (resumed content). A stream whose already-read part shrank or changed is
 * reported and queued to be read again from the start (lt_resume_rereads).
 * The last line of a plain file that has no newline yet may still be growing:
 * it is held back until a later run sees it finished (content inside a
 * compressed file or an archive is finished by definition). Everything that
 * happens is logged per stream for the manifest's "increments" section.
 *
 * Ownership: the resumer borrows the state and owns its log; lt_resume_free.
 */
#ifndef LT_RESUME_H
#define LT_RESUME_H
#include <jansson.h>
#include <stdbool.h>

#include "incr/state.h"
#include "parse/view.h"

struct lt_resume;

struct lt_resume *lt_resume_new(struct lt_incr_state *st, uint64_t generation);
/* The hook to put in lt_ingest_opts. */
const struct lt_stream_hook *lt_resume_hook(struct lt_resume *r);
/* After the walk(s): report contents that shrank or were rewritten in place. */
void lt_resume_finish(struct lt_resume *r);
/* Switch to the re-read pass: the queued contents are read from the start. */
void lt_resume_begin_reread(struct lt_resume *r);
/* Paths whose content must be read again (changed or shrank); borrowed. */
size_t lt_resume_rereads(const struct lt_resume *r, const char *const **paths);
/* The per-stream log (array; borrowed) and totals for the summary. */
json_t *lt_resume_log(const struct lt_resume *r);
uint64_t lt_resume_new_bytes(const struct lt_resume *r);
uint64_t lt_resume_held_bytes(const struct lt_resume *r);
/* Stored evidence bytes read from disk this run (every source), and how
 * many plain files were continued from their saved hashes without reading
 * what earlier runs read (doc/cron.md, "Reading only what is new"). */
uint64_t lt_resume_read_bytes(const struct lt_resume *r);
uint64_t lt_resume_jumped(const struct lt_resume *r);
/* Stored files (compressed rotations) read whole before and found
 * unchanged: not read at all this run. */
uint64_t lt_resume_known(const struct lt_resume *r);
void lt_resume_free(struct lt_resume *r);

#endif
