/* Field helpers shared by the parsers: timestamps in the common log formats,
 * and tokenizers (key=value, CSV/TSV, whitespace).
 *
 * Ownership: tokenizers return spans (struct lt_str) that point into the
 * caller's line, except where a CSV field had to be unescaped ("" -> "):
 * then the span points into the scratch buffer the caller passed, which
 * must outlive the spans and must not be appended to while they are in use.
 * Nothing here allocates except through that scratch buffer.
 */
#ifndef LT_PARSE_FIELDS_H
#define LT_PARSE_FIELDS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/parser.h"
#include "record/record.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* ---- Timestamps -------------------------------------------------------- */

/* "Jan".."Dec" (case-insensitive, exactly three letters) -> 1..12, else 0. */
int lt_month_from_abbr(const char *s, size_t n);

/* Zone offset "+0900", "+09:00", "-05", "Z" -> seconds east of UTC. 0 or -1. */
int lt_parse_utc_offset(const char *s, size_t n, int32_t *off);

/* Apache/NCSA "10/Oct/2000:13:55:36 -0700" (the text inside [ ]).
 * The zone is required. Fills *t (UTC) and *off. Returns 0 or -1. */
int lt_time_parse_apache(const char *s, size_t n, lt_time_us *t, int32_t *off);

/* Unix epoch seconds with an optional fraction ("1157689312.049"); up to
 * microseconds are kept, further digits are ignored. Returns 0 or -1. */
int lt_time_parse_epoch(const char *s, size_t n, lt_time_us *t);

/* ISO 8601 like lt_time_parse_iso, and tells whether the text carried its own
 * zone (*had_zone) and which offset (*off, 0 for Z). Without a zone the time
 * is read in tz (UTC when tz is NULL). Returns 0 or -1. */
int lt_time_parse_iso_ex(const char *s, size_t n, const struct lt_tz *tz,
			 lt_time_us *t, bool *had_zone, int32_t *off);

/* Record a parsed event time with its provenance:
 *   @timestamp                   = t (UTC)
 *   leaktrail.time.original      = the text exactly as in the log
 *   leaktrail.time.zone          = the zone that was applied: "+09:00"-style
 *                                  offset when the log carried it ("+00:00"
 *                                  for Z / UTC / epoch), or the configured
 *                                  zone's name ("Asia/Tokyo") when it did not
 *   leaktrail.time.year_inferred = true only when the year was inferred. */
void lt_rec_set_event_time(struct lt_record *r, lt_time_us t, const char *text, size_t n,
			   const char *zone, bool year_inferred);
/* Format a log-carried offset as "+09:00"; out must hold 8 bytes. */
void lt_format_offset(int32_t off, char out[8]);
/* Same as lt_rec_set_event_time with zone = formatted offset. */
void lt_rec_set_event_time_off(struct lt_record *r, lt_time_us t, const char *text, size_t n,
			       int32_t off);

/* ---- Numbers ------------------------------------------------------------ */

/* An elapsed time in unit (1 = seconds given, 1000 = milliseconds ...) as
 * ECS event.duration nanoseconds; false (nothing to set) when negative or
 * longer than 100 years, which only a corrupt line can claim. */
bool lt_duration_ns(int64_t value, int64_t per_second, int64_t *ns);

/* Whole span is a decimal integer (optional leading '-'); no overflow. */
bool lt_parse_int(const char *s, size_t n, int64_t *out);
/* Decimal with optional fraction, scaled: "1.5" with scale 1000 -> 1500. */
bool lt_parse_decimal_scaled(const char *s, size_t n, int64_t scale, int64_t *out);

/* ---- Tokenizers --------------------------------------------------------- */

/* Split on runs of spaces/tabs; leading and trailing blanks are ignored.
 * With quotes, a field that starts with '"' runs to the matching '"'
 * (backslash escapes the next byte) and is returned without its quotes;
 * quoted[i] (if not NULL) tells which ones were quoted. Returns the number
 * of fields found, which may exceed max (only max are stored). */
size_t lt_split_ws(const char *s, size_t n, struct lt_str *out, size_t max);
size_t lt_split_ws_quoted(const char *s, size_t n, struct lt_str *out, bool *quoted, size_t max);

/* RFC 4180 splitter for one line: sep is ',' or '\t' (or ';'). Quoted
 * fields may contain sep and "" (unescaped into scratch). A trailing CR is
 * ignored. Returns the number of fields (may exceed max), or (size_t)-1 when
 * a quote is left open (the field runs to the end of the line then). */
#define LT_CSV_OPEN_QUOTE ((size_t)-1)
size_t lt_split_csv(const char *s, size_t n, char sep, struct lt_str *out, size_t max,
		    struct lt_buf *scratch);

/* key=value pairs separated by blanks (FortiGate, PAN-OS kv, strongSwan):
 *   date=2019-05-15 devname="FG 1" msg="SSL tunnel \"x\" up" empty= k2=""
 * A value may be double-quoted (quotes removed, backslash-escaped quotes kept
 * as they are in the text); an unquoted value runs to the next blank.
 * Tokens without '=' are skipped. Returns the number of pairs (may exceed max). */
struct lt_kv {
	struct lt_str key;
	struct lt_str val;
	bool quoted;
};
size_t lt_split_kv(const char *s, size_t n, struct lt_kv *out, size_t max);
/* Find key in pairs; NULL when absent. */
const struct lt_kv *lt_kv_get(const struct lt_kv *kv, size_t nkv, const char *key);

/* Span helpers. */
bool lt_str_eq(struct lt_str a, const char *lit);
bool lt_str_has_prefix(struct lt_str a, const char *lit);
/* "-" or empty: the usual "no value" marker of log formats. */
bool lt_str_is_dash(struct lt_str a);
/* Drop one trailing CR (a CRLF remnant) and trailing blanks. */
struct lt_str lt_str_rtrim(struct lt_str a);
/* Case-insensitive search for needle in a span; pointer to the match or NULL. */
const char *lt_memcasemem(const char *h, size_t hn, const char *needle);

/* Set key to the span unless it is "-" or empty. */
void lt_rec_set_span(struct lt_record *r, const char *key, struct lt_str v);
/* Set key to the integer in the span when it parses (not "-"). */
bool lt_rec_set_span_int(struct lt_record *r, const char *key, struct lt_str v);

/* Host part of a URL ("http://user@Host:8080/x" -> "Host"; "host:443" for
 * CONNECT -> "host"; "[::1]:443" -> "::1"). Empty span when none. */
struct lt_str lt_url_host(struct lt_str url);
/* Is the span an IPv4 or IPv6 address (syntax only, inet_pton)? */
bool lt_is_ip(struct lt_str s);

/* A line of blanks only (or empty): no event, reported as LT_LINE_META. */
bool lt_line_blank(const struct lt_line *line);

/* ---- Probes ------------------------------------------------------------- */

/* Share of the probe lines (blank lines ignored) for which match holds,
 * scaled to 0..max; 0 when none matches. */
int lt_probe_share(const struct lt_probe_data *pd, bool (*match)(const char *s, size_t n), int max);

/* Common values for parsers: event.outcome words. */
#define LT_OUTCOME_SUCCESS "success"
#define LT_OUTCOME_FAILURE "failure"

/* VPN sessions (all VPN parsers): source.ip is the client's public address,
 * user.name the account; leaktrail.vpn.* (record/fieldnames.h) carry what
 * ECS has no name for. */
/* event.action values shared by the VPN parsers */
#define LT_VPN_LOGIN		"vpn_login"
#define LT_VPN_LOGIN_FAILED	"vpn_login_failed"
#define LT_VPN_SESSION_START	"vpn_session_start"
#define LT_VPN_SESSION_END	"vpn_session_end"
#define LT_VPN_ADDRESS		"vpn_address_assigned"
#define LT_VPN_CONNECT		"vpn_connection_established"
#define LT_VPN_DISCONNECT	"vpn_connection_closed"
/* Set event.category/action/outcome for one of the LT_VPN_* actions. */
void lt_vpn_event(struct lt_record *r, const char *action);
/* "IP" / "IP:port" / "[AF_INET]IP:port" / "[2001:db8::1]:443" -> source.ip (or
 * source.address when not an address) and source.port. */
void lt_set_addr_port(struct lt_record *r, const char *ipkey, const char *portkey, struct lt_str s);
/* Same, when the text is known to end in ":port" (an IPv6 address is then
 * not mistaken for one with a port-like last group). */
void lt_set_addr_with_port(struct lt_record *r, const char *ipkey, const char *portkey, struct lt_str s);

#endif
