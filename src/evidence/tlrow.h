/* The chained timeline row: the columns every timeline format carries and
 * the hash that chains one row to the previous one. It is the evidence
 * contract shared by the writers (export/timeline.c) and the checkers
 * (evidence/tlcheck.c, verify), so it lives here, below both.
 *
 * Ownership: static data; nothing is allocated.
 */
#ifndef LT_TLROW_H
#define LT_TLROW_H
#include "util/hash.h"

enum lt_tl_col {
	LT_COL_SEQ, LT_COL_DATETIME, LT_COL_DATETIME_LOCAL, LT_COL_TIMESTAMP,
	LT_COL_TIMESTAMP_DESC, LT_COL_ENTRY_TYPE, LT_COL_MESSAGE, LT_COL_PERSON,
	LT_COL_RULE_ID, LT_COL_RULE_TITLE, LT_COL_LEVEL, LT_COL_FINDING_ID,
	LT_COL_SOURCE_PATH, LT_COL_SOURCE_SHA256, LT_COL_MEMBER, LT_COL_OFFSET,
	LT_COL_LINE, LT_COL_RAW, LT_COL_PREV_HASH, LT_COL_HASH,
	LT_NCOLS
};
/* Columns hashed by the chain: seq .. raw (the previous hash comes first). */
#define LT_NCHAINED LT_COL_PREV_HASH
extern const char *const lt_tl_col_names[LT_NCOLS];

/* Recompute a row's hash from its columns seq..raw and prev_hash. */
void lt_tl_row_hash(const char *const *v, char out[LT_SHA256_HEX]);

#endif
