/* Per-person activity for the report's charts, read from CASE/records.
 *
 * One pass over the record store (time order, bounded memory): for each
 * person of interest, the number of records per local hour and whether that
 * hour was off-hours or a holiday (the enrichment fields leaktrail.off_hours
 * and leaktrail.holiday; when the case has no calendar, Saturdays, Sundays
 * and hours outside 08:00-19:00 are shaded instead, and the report says so).
 * It also counts every distinct person seen, so that people without findings
 * can be reported as a number, never by name (doc/privacy.md).
 *
 * The person of a record is leaktrail.person.id (enrichment), else the
 * context's resolution of user.name when a context is given, else user.name
 * (unresolved user names stand for themselves, as in findings). With a
 * context, the chart's shading comes from its calendar for every cell.
 *
 * Ownership: lt_activity_free releases everything.
 */
#ifndef LT_ACTIVITY_H
#define LT_ACTIVITY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/timeutil.h"

struct lt_hour_count {
	int64_t hour;		/* local hours since 1970-01-01T00:00 local */
	uint32_t count;
	bool off_hours, holiday;
};

struct lt_person_activity {
	char *person;
	struct lt_hour_count *hours;	/* ascending */
	size_t nhours, caphours;
	uint64_t total;
	lt_time_us first, last;
};

struct lt_activity {
	struct lt_person_activity *people;	/* the persons asked for, in that order */
	size_t npeople;
	uint64_t nrecords;
	size_t persons_seen;		/* distinct persons in the whole store (resolved ones when the context has people) */
	char **unresolved;		/* user names people.csv does not know, sorted; owned */
	size_t nunresolved;
	bool has_calendar;		/* a context, or some record carried the calendar fields */
	const struct lt_context *ctx;	/* borrowed, may be NULL */
};

struct lt_tz;
struct lt_context;
/* Read records_dir. Returns 0, 1 when there is no store (a is empty), -1 on a
 * read error (err set). */
int lt_activity_load(struct lt_activity *a, const char *records_dir, const struct lt_tz *tz,
		     const struct lt_context *ctx, const char *const *persons, size_t npersons, char *err, size_t errlen);
void lt_activity_free(struct lt_activity *a);
const struct lt_person_activity *lt_activity_find(const struct lt_activity *a, const char *person);

#endif
