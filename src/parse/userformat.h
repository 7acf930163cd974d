/* User-defined formats: parsers described in a YAML file, not in C.
 *
 * Owner: parsers-mail. An admin lists formats in a file given with
 * --formats FILE (doc/user-formats.md has worked examples). Each is either
 * a PCRE2 regular expression with named groups, or a CSV/TSV layout with a
 * header and a column mapping; each has a time format, a zone and an
 * encoding. lt_userformat_load compiles them and registers each as a
 * parser (lt_parser_register): --format NAME forces one, and they bid in
 * autodetection by the share of probe lines they match.
 *
 * Ownership: the loaded formats live until lt_userformat_unload (the CLI
 * calls it at exit; registered parsers point into them).
 */
#ifndef LT_USERFORMAT_H
#define LT_USERFORMAT_H
#include <stdbool.h>
#include <stddef.h>

#include "util/timeutil.h"

#define LT_USERFORMAT_MAX 32

/* Load and register every format in path. On error returns -1 with a
 * message naming the file, the format and (for YAML) the line in err;
 * nothing from that file is registered then. */
int lt_userformat_load(const char *path, char *err, size_t errlen);
/* Same from a string (tests); name is used in messages. */
int lt_userformat_load_string(const char *yaml, size_t n, const char *name, char *err, size_t errlen);
/* Unregister and free every loaded format. */
void lt_userformat_unload(void);

/* strptime-like time parsing, shared by user formats:
 *   %Y year  %y 2-digit year (69-99 -> 19xx)  %m month (1 or 2 digits)
 *   %d / %e day  %H hour  %I hour (12h, with %p AM/PM)  %M minute  %S second
 *   %f fraction of a second (1-9 digits)  %b / %h month abbreviation
 *   %z zone offset (+0900, +09:00, Z)  %Z zone name (skipped)  %% '%'
 *   %j skip a run of non-blank text; a blank matches any run of blanks;
 *   other characters (also multi-byte ones like 年) match themselves.
 * Named formats: "iso8601", "epoch" (seconds, fraction allowed),
 * "epoch_ms", "apache" (10/Oct/2000:13:55:36 -0700).
 * Without %z the time is read in tz. Returns 0 with *t (and *had_zone,
 * *off), or -1. */
int lt_time_parse_format(const char *fmt, const char *s, size_t n, const struct lt_tz *tz,
			 lt_time_us *t, bool *had_zone, int32_t *off);

#endif
