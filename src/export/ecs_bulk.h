/* The timeline as OpenSearch/Elasticsearch _bulk NDJSON with ECS field
 * names: per row an action line and a document (evidence/ecsrow.h), chained
 * like every timeline (the document's event.hash and leaktrail.prev_hash;
 * the action's _id is the row's hash, so ids are unique and the same run
 * after run). Import: doc/scale-out.md.
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_ECS_BULK_H
#define LT_ECS_BULK_H
#include "export/out.h"
#include "export/timeline.h"

void lt_export_ecs_bulk(const struct lt_timeline *tl, struct lt_out *o);

#endif
