/* leaktrail merge: the N shard cases of one input list (ingest --shard I/N)
 * into one case, as if one machine had ingested everything
 * (doc/scale-out.md, "Merging the shards").
 *
 * Before anything is written the shards are checked as a set: every one a
 * shard case, all of the same N and the same input list (digest), every
 * index 0..N-1 exactly once, every source id of the list in exactly one
 * shard, the same ingest options; and each on its own: its manifest,
 * record store, outputs and audit log verified as 'leaktrail verify' does,
 * and its evidence files still there with the size and modification time
 * recorded (re-hashed too with verify_evidence). The first problem is
 * reported by name and nothing is written.
 *
 * Then the record stores are merged without re-parsing: every shard's run
 * files are copied as they are (their SHA-256 checked against the shard's
 * manifest while copying), named so that the name order keeps the shards'
 * order, and, when there are more than max_runs, k-way merged by the
 * store's key in groups (lt_store_compact) until max_runs remain: a
 * reader of the merged store sees the records in the order a single
 * ingest's store gives them. The manifest
 * gets every source (id order), every shard's ingest entry and a "merge"
 * section naming each shard (manifest hash, audit log lines and head,
 * store files); the audit log's first line records the shards' heads.
 * The case is built in a temporary folder next to CASE and renamed into
 * place, so a failed merge leaves nothing behind.
 *
 * Ownership: everything in struct lt_merge_opts is borrowed.
 */
#ifndef LT_MERGE_H
#define LT_MERGE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "evidence/audit.h"

/* A reader holds one decoder per run file (about 300 KiB): 128 runs, some
 * 40 MB, and 4 shards of up to 32 runs each are copied without rewriting. */
#define LT_MERGE_MAX_RUNS 128

struct lt_merge_opts {
	const char *case_dir;		/* the merged case (must not exist) */
	const char *const *shards;	/* the shard cases, in any order */
	size_t nshards;
	bool verify_evidence;		/* re-hash every evidence file too */
	size_t max_runs;		/* run files in the merged store at most (0: LT_MERGE_MAX_RUNS) */
	int argc;			/* the command line, for the manifest and audit log */
	char **argv;
	FILE *summary;			/* one line on success, or NULL */
	/* Filled on success, for the command's audit line (the caller owns
	 * them): what was read and written, and each shard's audit head as
	 * compact JSON (the line's "shards" key). */
	struct lt_audit_list *audit_in, *audit_out;
	char **audit_shards;
};

/* Returns an exit status from enum lt_exit: 0 merged; 64 the output exists
 * or the shards do not make one whole (missing, overlapping, another input
 * list, another N, other options, not a shard); 3 a shard fails
 * verification (evidence, store, outputs or audit log differ from its
 * manifest); 74 a shard cannot be read or the case cannot be written.
 * Messages go to stderr as "leaktrail merge: error: ...". */
int lt_merge(const struct lt_merge_opts *o);

#endif
