/* The chained timeline row as an OpenSearch/Elasticsearch _bulk pair: an
 * action line {"index":{"_index":"leaktrail-timeline","_id":HASH}} and one
 * document with ECS field names (@timestamp, message, event.*, user.name,
 * rule.*, log.file.path, log.offset) and the rest of the row under
 * leaktrail.* (doc/scale-out.md lists the mapping).
 *
 * The rendering lives here, beside tlrow.h, because it is part of the
 * evidence contract: the writer (export/ecs_bulk.c) and the chain checker
 * (evidence/tlcheck.c) share it, and the checker re-renders every pair from
 * the columns it read and compares bytes, so a changed byte anywhere in the
 * file (a key, the action line, a derived field) is found, not only in the
 * hashed columns. Empty columns are left out of the document; a missing
 * field reads back as "".
 *
 * Ownership: the field table is static; lt_ecs_row_render appends to the
 * caller's buffer.
 */
#ifndef LT_ECSROW_H
#define LT_ECSROW_H
#include <stdbool.h>

#include "evidence/tlrow.h"
#include "util/buf.h"

#define LT_ECS_INDEX "leaktrail-timeline"

/* One document field: its dotted path and the column it carries (-1: the
 * derived event.kind). num: written as a JSON number. */
struct lt_ecs_field {
	const char *path;
	int col;
	bool num;
};
extern const struct lt_ecs_field lt_ecs_fields[];
extern const int lt_ecs_nfields;

/* Append the action line and the document line (each ending in \n). */
void lt_ecs_row_render(struct lt_buf *b, const char *const *v);

#endif
