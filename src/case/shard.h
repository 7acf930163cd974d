/* Sharded ingest (--shard I/N): the I-th of N deterministic shares of the
 * inputs, so N machines can each ingest one share into its own case.
 *
 * A source is one file the input walk finds (a file given, or a file found
 * in a directory given); an archive or a compressed file is one source,
 * never split by member. The plan walks the inputs without reading them
 * (the walk's numbering, metadata only), sizes each source with stat, and
 * assigns sources greedily: largest first (ties by path, byte-wise), each
 * to the share with the fewest bytes so far (ties to the lowest index). The
 * same inputs give the same plan on every machine. The input list's digest
 * (SHA-256 over "size<TAB>path<LF>" per source in walk order) goes into
 * every shard's manifest, so shards of different input lists can be told
 * apart.
 *
 * Ownership: lt_shard_plan fills a struct the caller owns and releases
 * with lt_shard_free.
 */
#ifndef LT_SHARD_H
#define LT_SHARD_H
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "input/input.h"
#include "util/hash.h"

struct lt_shard {
	unsigned index, count;		/* I and N of --shard I/N (0 <= I < N) */
	size_t nsources;		/* sources in the full input list */
	uint64_t bytes;			/* their stored bytes */
	size_t my_sources;		/* sources of share I */
	uint64_t my_bytes;
	char digest[LT_SHA256_HEX];	/* of the full input list */
	unsigned *owner;		/* owner[id - 1]: the share of source id */
	char **paths;			/* paths[id - 1]: as the plan walk saw it */
	char *moved;			/* the first source whose path differs between plan and read */
};

/* "I/N" with 0 <= I < N <= LT_SHARD_MAX. Returns 0, or -1 with err set. */
#define LT_SHARD_MAX 4096
int lt_shard_parse(const char *spec, unsigned *index, unsigned *count, char *err, size_t errlen);

/* Plan share index of count over inputs. Returns 0, or -1 with err set
 * (stdin cannot be shared). */
int lt_shard_plan(struct lt_shard *sh, unsigned index, unsigned count, const char *const *inputs,
		  size_t ninputs, const struct lt_input_opts *in, char *err, size_t errlen);

/* The walk's select hook (input.h): source id belongs to this share. A path
 * that differs from the plan's is remembered in sh->moved. */
bool lt_shard_select(uint32_t id, const char *path, void *sh);

/* The manifest's "shard" section. */
json_t *lt_shard_json(const struct lt_shard *sh);

void lt_shard_free(struct lt_shard *sh);

#endif
