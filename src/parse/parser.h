/* The parser interface.
 *
 * A parser turns the lines (or, for binary formats, the bytes) of one stream
 * into normalised records. Each parser is a const struct in parsers/, one
 * file per log family, listed in the table in parsers/registry.c. Like
 * libarchive's format readers, each has a probe ("bid") that looks at the
 * first lines of a stream and answers with a confidence; the parse layer
 * picks the highest bid (ties: table order), unless the user forced a parser
 * with --format.
 *
 * Provenance is the framework's job: lt_parse_begin hands the parser a
 * cleared record that already carries source, member, offset, line number
 * and the raw bytes of the line. Parsers only add meaning, and report lines
 * they cannot read through their return value; the framework counts them,
 * keeps the first few with their location, and never drops one silently.
 */
#ifndef LT_PARSER_H
#define LT_PARSER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/timeutil.h"

struct lt_stream;

/* One line of a stream. text is UTF-8 (transcoded when the source is not),
 * without its terminator (LF, or CRLF); raw is the line's original bytes in
 * the evidence (equal to text for UTF-8 sources). offset is the byte offset
 * of the line's first byte in the decompressed stream; lineno starts at 1.
 * Lines longer than the cap are cut: truncated is set and the record notes it. */
struct lt_line {
	const char *text;
	size_t len;
	const char *raw;
	size_t raw_len;
	uint64_t offset;
	uint64_t lineno;
	bool truncated;
};

/* What a probe sees: the first bytes (up to 64 KiB) and the first complete
 * lines of a stream (none for binary kinds: EVTX, BINARY). */
struct lt_probe_data {
	const unsigned char *head;	/* first bytes of the decompressed stream */
	size_t head_len;
	const struct lt_line *lines;	/* first lines (up to LT_PROBE_LINES), transcoded */
	size_t nlines;
	const char *name;		/* base name of the file or member: a weak hint only */
};
#define LT_PROBE_LINES 32

/* Everything a parser may know about its stream. Borrowed, read-only. */
struct lt_parse_env {
	const struct lt_tz *tz;		/* zone for timestamps without one (--tz) */
	lt_time_us ref_time;		/* for year-less timestamps: the stream's mtime */
	const char *source_path;
	const char *member;		/* NULL for the file itself */
	/* Parser options from the command line or config, "name=value" pairs. */
	const char *const *options;
	size_t noptions;
	/* Zones by host (doc/time-zones.md): the zone for zone-less times of a
	 * line whose syslog host is host (n bytes), or NULL to keep tz; *from
	 * says which rule chose it. NULL when no host rule applies to the
	 * stream. Syslog headers (syslog.h) ask it before placing the time. */
	const struct lt_tz *(*host_tz)(const void *arg, const char *host, size_t n, const char **from);
	const void *host_tz_arg;
};
/* Value of option name for this parser, or NULL. */
const char *lt_parse_option(const struct lt_parse_env *env, const char *name);

struct lt_parse_ctx;	/* the framework's; opaque to parsers */

/* Start a record for line: it is cleared and stamped with the line's
 * provenance. The parser fills it and calls lt_parse_emit. At most one record
 * is open at a time; the pointer is valid until lt_parse_emit. */
struct lt_record *lt_parse_begin(struct lt_parse_ctx *ctx, const struct lt_line *line);
/* Same, for records assembled from earlier lines (Postfix queue ids, mbox
 * messages, EVTX records): provenance is given explicitly. raw is quoted
 * verbatim in the record. */
struct lt_record *lt_parse_begin_at(struct lt_parse_ctx *ctx, uint64_t offset, uint64_t lineno,
				    const char *raw, size_t raw_len);
void lt_parse_emit(struct lt_parse_ctx *ctx, struct lt_record *rec);
/* Report a problem found after a line was accepted (e.g. a joined message
 * that never completed) so it is counted and located like an unparsed line. */
void lt_parse_reject_at(struct lt_parse_ctx *ctx, uint64_t offset, uint64_t lineno,
			const char *raw, size_t raw_len, const char *reason);
const struct lt_parse_env *lt_parse_get_env(const struct lt_parse_ctx *ctx);
/* A parser that rebuilds a line before reading it (journald hands its
 * entries to linux_auth as syslog lines) names that text here, so that a
 * LT_LINE_GENERIC answer becomes a generic record made from it rather
 * than from the line as stored. text must stay valid until the parser's
 * parse_line returns; it is forgotten at the next line. */
void lt_parse_set_generic_text(struct lt_parse_ctx *ctx, const char *text, size_t len);

enum lt_line_result {
	LT_LINE_RECORD,		/* one or more records emitted */
	LT_LINE_META,		/* understood, but carries no event (header, comment, #Fields) */
	LT_LINE_PENDING,	/* kept for a record emitted later (multi-line formats) */
	LT_LINE_UNPARSED,	/* not understood: *reason says why (a static string) */
	/* Only a syslog header was understood, not the event: return it
	 * WITHOUT emitting. The framework first offers the line to the other
	 * parsers (per-line fallback, parse.c); when none understands it, it
	 * emits a "generic" record itself (header fields, message,
	 * leaktrail.generic = true) counted apart from recognised lines
	 * (doc/record-format.md, "Accounting"). */
	LT_LINE_GENERIC
};

/* A parser option, declared in the parser's table (à la Fluent Bit's config
 * maps): given as `--parser-option PARSER.NAME=VALUE`, checked against the
 * declaration before any input is read (an unknown option or a bad value is
 * a usage error, never ignored), listed by `leaktrail parsers --options`.
 * Parsers read the value with lt_parse_option(env, "PARSER.NAME"). */
enum lt_option_type {
	LT_OPT_TEXT,		/* any non-empty text */
	LT_OPT_COUNT,		/* a decimal integer in [min, max] */
	LT_OPT_CHOICE		/* one of choices */
};
struct lt_parser_option {
	const char *name;		/* without the "PARSER." prefix */
	enum lt_option_type type;
	const char *def;		/* the default, as text for the listing */
	const char *help;
	uint64_t min, max;		/* LT_OPT_COUNT */
	const char *const *choices;	/* LT_OPT_CHOICE: NULL-terminated */
};

struct lt_parser {
	const char *name;		/* --format NAME, and leaktrail.parser */
	const char *family;		/* proxy, fileserver, vpn, print, mail, logon, usb, windows */
	const char *description;
	/* 0 = not this format ... 100 = certain. Pure function of its input. */
	int (*probe)(const struct lt_probe_data *pd);
	size_t state_size;		/* bytes of zeroed state the framework allocates per stream */
	/* Optional. Return 0, or -1 with *error set (static string) to refuse the stream. */
	int (*init)(void *state, const struct lt_parse_env *env, const char **error);
	/* Line-oriented formats implement parse_line ... */
	enum lt_line_result (*parse_line)(void *state, struct lt_parse_ctx *ctx,
					  const struct lt_line *line, const char **reason);
	/* ... binary formats (EVTX) implement parse_stream instead and read the
	 * stream themselves, from its first byte, with lt_parse_read(ctx, ...)
	 * (parse/parse.h), NOT lt_stream_read: the framework has already read
	 * the head for the probes and replays it. s gives the stream's metadata.
	 * Return 0, or -1 when the stream is cut short. */
	int (*parse_stream)(void *state, struct lt_parse_ctx *ctx, struct lt_stream *s);
	/* Optional: end of stream; emit what is still pending. */
	void (*finish)(void *state, struct lt_parse_ctx *ctx);
	/* Optional: release what init or parsing allocated. */
	void (*fini)(void *state);
	/* Optional: the options it reads, ended by an entry with name NULL. */
	const struct lt_parser_option *options;
};

/* The built-in table, defined by parsers/registry.c (the floor above): the
 * only name this layer knows of it. NULL-terminated, in tie-break order. */
extern const struct lt_parser *const lt_builtin_parsers[];
/* Selection (src/parse/registry.c). The table of every parser: built-ins,
 * then run-time ones; NULL-terminated, valid until the next register call. */
const struct lt_parser *const *lt_parser_table(void);
const struct lt_parser *lt_parser_find(const char *name);
/* Parsers defined at run time (user formats, src/parse/userformat.h) are
 * appended after the built-in ones (so built-ins win ties); p must stay
 * valid until lt_parser_unregister_all. Returns 0, or -1 when the table is
 * full or the name is taken. */
int lt_parser_register(const struct lt_parser *p);
void lt_parser_unregister_all(void);
/* Check "PARSER.NAME=VALUE" options against the parsers' declarations: 0,
 * or -1 with the first problem in err (unknown parser or option, bad value;
 * an unqualified name that some parser declares is answered with its
 * qualified spelling). */
int lt_parser_options_check(const char *const *opts, size_t n, char *err, size_t errlen);
/* Highest bid; NULL when nothing bids above LT_PROBE_MIN. *confidence gets the bid. */
#define LT_PROBE_MIN 20
const struct lt_parser *lt_parser_select(const struct lt_probe_data *pd, int *confidence);

#endif
