/* Event time.
 *
 * Internally every time is microseconds since 1970-01-01T00:00:00Z in an
 * int64_t (lt_time_us). Civil dates use the proleptic Gregorian calendar.
 * Zones are read from the system's TZif files (tzdata) by lt_tz_load, so that
 * several zones can be used at once, from several threads, without touching
 * the process's TZ.
 */
#ifndef LT_TIMEUTIL_H
#define LT_TIMEUTIL_H
#include <stddef.h>
#include <stdint.h>

typedef int64_t lt_time_us;
#define LT_TIME_NONE INT64_MIN
#define LT_US_PER_SEC INT64_C(1000000)

struct lt_civil {
	int year, month, day;	/* month 1..12, day 1..31 */
	int hour, min, sec;	/* sec 0..60 (60 kept only as input; folded on conversion) */
	int32_t usec;
	int wday;		/* 0 = Sunday; filled by lt_time_to_civil */
};

/* Days since 1970-01-01 for a civil date, and back. */
int64_t lt_days_from_civil(int y, int m, int d);
void lt_civil_from_days(int64_t days, int *y, int *m, int *d);

/* Civil time read as UTC (offset 0) or with a fixed offset east of UTC in seconds. */
lt_time_us lt_time_from_civil(const struct lt_civil *c, int32_t utc_offset_sec);
/* Break a time into civil fields at a fixed offset (0 = UTC). */
void lt_time_to_civil(lt_time_us t, int32_t utc_offset_sec, struct lt_civil *out);

/* "2026-11-25T08:01:02.123456Z" (always 6 fractional digits); out >= 32 bytes. */
#define LT_ISO_LEN 40
size_t lt_time_format_utc(lt_time_us t, char *out);
/* "2026-11-25T17:01:02.123456+09:00"; out >= LT_ISO_LEN bytes. */
size_t lt_time_format_offset(lt_time_us t, int32_t utc_offset_sec, char *out);
/* The same from civil fields already in the zone (utc_offset_sec east of
 * UTC), e.g. from lt_context_local: no second conversion. */
size_t lt_civil_format(const struct lt_civil *c, int32_t utc_offset_sec, char *out);
/* Parse ISO 8601 / RFC 3339 ("2026-11-25", "2026-11-25T08:01:02Z",
 * "2026-11-25 08:01:02.5+09:00"). A value with no zone is read in tz
 * (UTC if tz is NULL). Returns 0 or -1. */
struct lt_tz;
int lt_time_parse_iso(const char *s, size_t n, const struct lt_tz *tz, lt_time_us *out);

/* Time zones. lt_tz_load returns a shared, immutable zone (cached by name;
 * never free it) or NULL when the name is unknown. "UTC" always works.
 * There is deliberately no "machine's zone": the zone of evidence is
 * always named (case/tzpolicy.h), never taken from TZ or /etc/localtime. */
const struct lt_tz *lt_tz_load(const char *name);
const char *lt_tz_name(const struct lt_tz *tz);
/* Offset east of UTC, in seconds, in force at UTC instant t. */
int32_t lt_tz_offset_at(const struct lt_tz *tz, lt_time_us t);
/* Local civil time in tz -> UTC. For a time skipped by a DST change the later
 * offset is used, for an ambiguous one the earlier; both are rare and the
 * original text is kept anyway. */
lt_time_us lt_tz_local_to_utc(const struct lt_tz *tz, const struct lt_civil *local);

#endif
