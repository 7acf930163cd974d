/* Badge presence: where the entry/exit (入退室) log last placed each person,
 * stamped on their logons (doc/handover.md, "Entry/exit records").
 *
 * Scan feeds every record, in time order, through lt_presence_apply after
 * lt_enrich (the person is resolved by then, so a card read under 社員番号
 * E1001 and a logon as SAMPLE\isuzuki meet at the same person). A granted
 * card read at a building door (lt_context_building_door) sets the person's
 * state to in or out; refused reads and room doors change nothing. Each
 * authentication record of a person is stamped with leaktrail.badge.state
 * (in, out or unknown: no building read yet, or the last one is older than
 * badge.max_age_hours) and the last read's time and door; when the state is
 * out, the read's provenance goes into leaktrail.cite.*, which the engine
 * cites beside the logon in every finding on that record.
 *
 * Nothing is stamped until the first building read of the case, so a case
 * without a badge export is scanned as before.
 *
 * Ownership: lt_presence_new keeps a pointer to CTX (which must outlive it)
 * and copies what it keeps of each read; memory grows with the number of
 * persons, not of records. lt_presence_free releases everything (NULL is
 * fine). Not thread-safe: one tracker per scan, fed in one thread.
 */
#ifndef LT_PRESENCE_H
#define LT_PRESENCE_H
#include "context/context.h"
#include "record/record.h"

struct lt_presence;

struct lt_presence *lt_presence_new(const struct lt_context *ctx);
void lt_presence_apply(struct lt_presence *p, struct lt_record *r);
void lt_presence_free(struct lt_presence *p);

/* Its field names are in record/fieldnames.h (LT_E_BADGE_*, LT_E_CITE_*). */

#endif
