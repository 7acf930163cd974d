/* Test harness for parsers: feeds lines to one parser through the parse
 * framework's public API (lt_parse_stream, parser forced) and collects the
 * records it emits, without the input layer or the store. Records carry
 * the framework's provenance (leaktrail.offset, .line, .raw, .parser).
 *
 * Ownership: the harness owns every collected record until lth_free.
 */
#ifndef LT_PARSER_HARNESS_H
#define LT_PARSER_HARNESS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse/parser.h"
#include "record/record.h"
#include "util/buf.h"

struct lth_result {
	enum lt_line_result res;
	const char *reason;
	uint64_t lineno;
};

struct lth_reason {
	const char *reason;
	uint64_t count;
};

struct lt_harness {
	const struct lt_parser *parser;
	struct lt_parse_env env;
	struct lt_buf text;		/* the stream fed so far */
	uint64_t prev_unparsed, prev_lines_record, prev_pending;
	struct lth_reason *prev_reasons;
	size_t nprev_reasons;
	struct lt_record *recs;
	size_t nrec, caprec;
	struct lth_result *results;
	size_t nres, capres;
	uint64_t lineno;
	const char *init_error;
};

/* tz: zone name (NULL = UTC); ref_iso: the stream's mtime as ISO text (NULL
 * = unknown); options: NULL-terminated "name=value" list or NULL. */
void lth_init(struct lt_harness *h, const struct lt_parser *p, const char *tz,
	      const char *ref_iso, const char *const *options);
/* Feed one line without its LF; a trailing CR is stripped as the framework
 * does for CRLF streams. */
enum lt_line_result lth_feed(struct lt_harness *h, const char *line);
/* Feed a file line by line; returns the number of lines, -1 if unreadable. */
long lth_feed_file(struct lt_harness *h, const char *path);
void lth_finish(struct lt_harness *h);
void lth_free(struct lt_harness *h);

/* Field getters on collected record i; NULL / false when absent. The string
 * is NUL-terminated in a static ring of buffers (valid for a few calls). */
const char *lth_str(const struct lt_harness *h, size_t i, const char *key);
bool lth_int(const struct lt_harness *h, size_t i, const char *key, int64_t *out);
/* @timestamp as "2026-11-25T08:01:02.123456Z", or NULL. */
const char *lth_time(const struct lt_harness *h, size_t i);

/* Probe helper: run every registered probe on the first lines of a file. */
const struct lt_parser *lth_select_file(const char *path, int *confidence);
/* Same on a text given in memory (lines separated by \n). */
const struct lt_parser *lth_select_text(const char *text, int *confidence);

/* Corpus root: $LT_SHARED/corpus, or NULL (with a message) if absent. */
const char *lth_corpus(void);

#endif
