/* The ingest pipeline: inputs -> input layer -> parse framework -> record
 * store, with the evidence manifest written alongside (doc/evidence.md).
 *
 * Sources are independent: each stream is parsed on its own with its own
 * parser state, and records go to the store writer, whose runs are numbered
 * with O_EXCL. A parallel pipeline (-j) can therefore give each worker its
 * own writer and merge the per-source manifest entries in source id order.
 *
 * Appending (--append) adds a new entry to "ingest" and new sources whose
 * ids go on from the highest id already in the manifest, so that record
 * source ids stay unique within a case.
 *
 * Ownership: everything in struct lt_ingest_opts is borrowed.
 */
#ifndef LT_INGEST_H
#define LT_INGEST_H
#include <stdbool.h>
#include <stdio.h>

#include "input/input.h"
#include "parse/parse.h"
#include "parse/view.h"
#include "case/tzpolicy.h"
#include "util/timeutil.h"

struct lt_ingest_opts {
	const char *case_dir;
	const char *const *inputs;
	size_t ninputs;
	const struct lt_tz *tz;		/* zone for timestamps without one */
	const char *tz_from;		/* why tz (recorded in the manifest) */
	const struct lt_tz_policy *tzp;	/* when set, picks each stream's zone (wins over tz) */
	const char *format;		/* forced parser name, or NULL */
	const char *encoding;		/* forced encoding name, or NULL */
	const char *const *parser_options;	/* "name=value" */
	size_t nparser_options;
	struct lt_input_opts input;
	bool append;			/* add to an existing case */
	const char *case_id;		/* NULL: base name of case_dir */
	const char *examiner;		/* NULL: not recorded */
	int argc;			/* the command line, for the manifest */
	char **argv;
	FILE *summary;			/* run summary (stderr), or NULL for quiet */
	size_t run_bytes;		/* store run buffer (0 = default) */
	const struct lt_stream_hook *hook;	/* incremental runs; NULL reads everything */
	unsigned jobs;			/* worker processes (-j); 0 or 1: this process alone */
	unsigned shards, shard;		/* --shard I/N: N (0: not sharded) and I (case/shard.h) */
};

/* Run the ingest; returns an exit status from enum lt_exit (0 clean,
 * 2 some input had faults, 64 the case exists and --append was not given,
 * 74 the case cannot be written). */
int lt_ingest(const struct lt_ingest_opts *o);

#endif
