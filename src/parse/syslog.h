/* Syslog header parsing and year inference, shared by every parser whose
 * lines arrive through syslog (Linux auth, Cisco ASA, OpenVPN, ProxySG via
 * syslog, Samba full_audit, Postfix ...).
 *
 * Accepted headers (an optional "<PRI>" first):
 *   RFC 3164   "Feb  6 12:00:01 host prog[123]: msg"   (day padded with a
 *              space or a zero; optional ".fraction" after the seconds;
 *              optional year "Feb  6 2026 12:00:01" as Cisco writes it)
 *   ISO        "2026-11-25T08:01:02.123456+09:00 host prog[123]: msg"
 *              (rsyslog RSYSLOG_FileFormat; also without a zone)
 *   RFC 5424   "<165>1 2026-11-25T08:01:02.003Z host app procid msgid [sd] msg"
 *
 * Year inference (RFC 3164 stamps carry no year). Let R be env->ref_time
 * (the stream's mtime) seen in the configured zone env->tz, with year Y,
 * month M and day D. A line of month m, day d gets year Y when (m, d) <=
 * (M, D), and Y-1 when it is later in the year: a log cannot be younger
 * than its file's last write, so a later day can only be last year's (the
 * December -> January roll-over: file written in January, Dec lines are
 * from the year before; and "Dec 10" in a file written on Dec 2). Days
 * are compared, not seconds: a line of R's own day keeps year Y.
 * A "Feb 29" that falls on a non-leap year goes back to the latest earlier
 * leap year. When ref_time is unknown (LT_TIME_NONE) no @timestamp is set
 * and the original text is kept. Every inferred year is recorded as
 * leaktrail.time.year_inferred = true.
 *
 * Ownership: struct lt_syslog holds spans into the caller's line.
 */
#ifndef LT_PARSE_SYSLOG_H
#define LT_PARSE_SYSLOG_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/parser.h"
#include "record/record.h"

struct lt_syslog {
	int pri;			/* -1 when absent */
	struct lt_str time_text;	/* the timestamp exactly as written */
	lt_time_us time;		/* UTC; LT_TIME_NONE when it cannot be placed */
	bool year_inferred;
	bool has_zone;			/* the stamp carried its own offset */
	int32_t offset;			/* that offset (seconds east), when has_zone */
	struct lt_str host;		/* empty when absent */
	struct lt_str prog;		/* tag without "[pid]" and ":"; empty when absent */
	struct lt_str pid;		/* empty when absent */
	struct lt_str msg;		/* the rest (CR remnant removed) */
	int rfc;			/* 3164 or 5424 (ISO stamps count as 3164 layout) */
	const struct lt_tz *tz;		/* the zone a zone-less stamp was read in */
	const char *zone_from;		/* a host rule chose tz (env->host_tz), else NULL */
};

/* Parse a syslog header. env supplies tz and ref_time (may be NULL: then
 * zone-less stamps are UTC and year-less ones get no time). Returns 0 when
 * the line has a recognisable timestamp, -1 otherwise. Host and tag are
 * optional: "Feb  6 12:00:01 kernel: x" has no host, "... host msg" no tag. */
int lt_syslog_parse(const char *s, size_t n, const struct lt_parse_env *env, struct lt_syslog *h);

/* Cheap check for probes: does the text start with a syslog timestamp? */
bool lt_syslog_looks(const char *s, size_t n);

/* Put @timestamp (with leaktrail.time.*), host.name, process.name and
 * process.pid from the header into the record. */
void lt_syslog_apply(struct lt_record *r, const struct lt_syslog *h, const struct lt_parse_env *env);

/* The year-inference rule above, for other parsers with year-less stamps.
 * Returns the year, or 0 when ref is LT_TIME_NONE. */
int lt_infer_year(int month, int day, lt_time_us ref, const struct lt_tz *tz);

/* Read "Mmm dd[ yyyy] HH:MM:SS[.frac]" at s; fills civil fields (year 0 when
 * absent) and returns the length consumed, 0 when it is not such a stamp. */
size_t lt_syslog_bsd_stamp(const char *s, size_t n, struct lt_civil *c);

#endif
