/* Helpers shared by the parsers-mail parsers (Samba audit, CUPS, USB,
 * Postfix, Exchange, RFC 5322, user formats). Owner: parsers-mail.
 *
 * Ownership: struct lt_syslog spans point into the caller's line; nothing
 * here allocates except lt_mc_saved (its own buffer, freed by lt_mc_saved_free).
 */
#ifndef LT_MAILCOMMON_H
#define LT_MAILCOMMON_H
#include <stdbool.h>
#include <stddef.h>

#include "parse/parser.h"
#include "parse/syslog.h"
#include "util/buf.h"

/* Split a line into a syslog header and message. Lines that carry no
 * syslog timestamp but start with a bare "tag[pid]: " (as vfs_full_audit
 * examples and some exports do) get the tag, no time; anything else is all
 * message. Returns true when a syslog timestamp was found. */
bool lt_mc_split(const struct lt_line *line, const struct lt_parse_env *env, struct lt_syslog *h);

/* Put the header's time, host, process into r (only what it has). */
void lt_mc_apply(struct lt_record *r, const struct lt_syslog *h, const struct lt_parse_env *env);

/* Share of probe lines (0..100) for which accept() is true, over the
 * non-empty lines; 0 when there are none. */
int lt_mc_ratio(const struct lt_probe_data *pd, bool (*accept)(const char *s, size_t n));

/* Only blanks (or nothing) on the line. */
bool lt_mc_blank(const struct lt_line *line);

/* Span helpers. */
bool lt_mc_span_eq(const char *s, size_t n, const char *lit);
const char *lt_mc_memmem(const char *h, size_t hn, const char *needle);

/* An event time copied out of a line, for records emitted later. */
struct lt_mc_time {
	lt_time_us t;		/* LT_TIME_NONE when the line had none */
	char text[48];
	size_t n;
	bool has_zone;
	int32_t off;
	bool year_inferred;
};
void lt_mc_time_from_syslog(struct lt_mc_time *mt, const struct lt_syslog *h);
/* Set @timestamp and leaktrail.time.* like lt_syslog_apply does. */
void lt_mc_time_apply(struct lt_record *r, const struct lt_mc_time *mt, const struct lt_parse_env *env);
/* Copy span into a fixed buffer (cut to fit, NUL-terminated). */
void lt_mc_copy(char *dst, size_t cap, struct lt_str src);

/* A line kept for a record emitted later: its provenance and raw bytes. */
struct lt_mc_saved {
	uint64_t offset;
	uint64_t lineno;
	struct lt_buf raw;
};
void lt_mc_save(struct lt_mc_saved *sv, const struct lt_line *line);
void lt_mc_saved_free(struct lt_mc_saved *sv);

#endif
