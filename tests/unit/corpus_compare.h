/* Field-by-field comparison of our records with a corpus set's expected
 * output (Filebeat *-expected.json: a JSON array of flat objects, paired
 * with our records by log.offset).
 *
 * Each mapping names our field, theirs, and how to compare. A mismatch we
 * accept is listed with its reason in the test (struct cc_accept); anything
 * else fails the test with a message naming the line and both values.
 */
#ifndef LT_CORPUS_COMPARE_H
#define LT_CORPUS_COMPARE_H
#include <stddef.h>

#include "parser_harness.h"

enum cc_kind {
	CC_STR,		/* string equality (their number is printed as decimal) */
	CC_INT,		/* integer; theirs may be a number or numeric string */
	CC_TIME_MS,	/* our @timestamp vs their ISO time, to the millisecond */
	CC_TIME_S,	/* ... to the second */
	CC_STR_IN_LIST,	/* our string is one element of their array (or equal) */
	CC_STR_IN_JSON_LIST,	/* their value is a JSON array serialised as a string: ["a"] */
	CC_INT_DIV_1E6	/* our integer / 1e6 (ns -> ms) equals theirs */
};

struct cc_map {
	const char *ours;
	const char *theirs;
	enum cc_kind kind;
};

/* A disagreement we accept: at line offset (or -1 for every line), their
 * field with their value (NULL = any), and why. */
struct cc_accept {
	long long offset;
	const char *theirs;
	const char *their_value;
	const char *reason;
};

struct cc_stats {
	size_t expected;	/* objects in the expected file */
	size_t paired;		/* of those, matched with one of our records */
	size_t compared;	/* field comparisons made */
	size_t accepted;	/* disagreements covered by an accept entry */
	size_t failed;		/* other disagreements (printed) */
	size_t missing;		/* expected objects with no record of ours */
};

/* Compare the harness's records with expected_json. Prints every failure to
 * stderr. */
void cc_compare(const struct lt_harness *h, const char *expected_json, const struct cc_map *map,
		size_t nmap, const struct cc_accept *acc, size_t nacc, struct cc_stats *st);

/* For expected output that carries the raw line itself (Azure Sentinel
 * SyslogMessage): feed each object's line_key to the harness and compare the
 * record it gives with the object; "offset" in messages and accept entries
 * is the object's index. */
void cc_compare_fed(struct lt_harness *h, const char *expected_json, const char *line_key,
		    const struct cc_map *map, size_t nmap, const struct cc_accept *acc, size_t nacc,
		    struct cc_stats *st);

#endif
