/* The chained timeline row: see tlrow.h. */
#include "evidence/tlrow.h"

#include "evidence/chain.h"

const char *const lt_tl_col_names[LT_NCOLS] = {
	"seq", "datetime", "datetime_local", "timestamp", "timestamp_desc", "entry_type",
	"message", "person", "rule_id", "rule_title", "level", "finding_id",
	"source_path", "source_sha256", "member", "offset", "line", "raw",
	"prev_hash", "hash",
};

void lt_tl_row_hash(const char *const *v, char out[LT_SHA256_HEX])
{
	lt_chain_hash(v[LT_COL_PREV_HASH], v, LT_NCHAINED, out);
}
