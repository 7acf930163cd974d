/* The time-zone policy: which zone a stream's zone-less timestamps are read
 * in, and why (doc/time-zones.md). One rule for ingest, run and run --state:
 *
 *   1. a per-source zone: the first `--tz GLOB=ZONE` whose glob matches,
 *      then the first context `sources:` entry whose path glob matches;
 *      a host rule (`--tz host:GLOB=ZONE`, context `{host: GLOB}`) matches
 *      a stream whose path names the host (a folder, or the file name
 *      before its first '.'), and otherwise each line whose syslog host
 *      matches, when no earlier rule matched the stream;
 *   2. `--tz ZONE`;
 *   3. the context's organisation.time_zone;
 *   4. UTC, with a warning (summary, manifest, report).
 *
 * The machine's zone (TZ, /etc/localtime) is never used: the same evidence
 * gives the same times on any examiner's computer.
 *
 * A glob without '/' matches the base name of the file or of the archive
 * member; a glob with '/' matches the whole path (and "path/member" for
 * members), '*' crossing '/' (fnmatch without FNM_PATHNAME).
 *
 * Ownership: the policy owns its rules and their texts; zones are the shared
 * ones of lt_tz_load. Strings returned by lt_tz_policy_pick are valid until
 * lt_tz_policy_free.
 */
#ifndef LT_TZPOLICY_H
#define LT_TZPOLICY_H
#include <stdbool.h>
#include <stddef.h>

#include "context/context.h"
#include "util/timeutil.h"

struct lt_tz_rule {
	char *glob;
	const struct lt_tz *tz;
	char *from;		/* "--tz GLOB=ZONE" or "context sources (FILE:LINE)" */
	bool host;		/* the glob names a host (case-insensitive) */
	char *line_from;	/* "host GLOB: FROM", recorded on lines it decides */
};

struct lt_tz_policy {
	struct lt_tz_rule *rules;	/* command-line rules first, then the context's */
	size_t nrules;
	const struct lt_tz *tz;		/* the default zone (steps 2-4) */
	const char *from;		/* "--tz", "context organisation.time_zone", "none given: UTC assumed" */
	bool assumed;			/* step 4: nobody named a zone */
	char *cli_zone;			/* a plain --tz ZONE, kept until finish */
};

void lt_tz_policy_init(struct lt_tz_policy *p);
/* One --tz argument: "ZONE" or "GLOB=ZONE". Returns 0, or -1 with err set. */
int lt_tz_policy_add_arg(struct lt_tz_policy *p, const char *arg, char *err, size_t errlen);
/* Add the context's sources: and settle the default zone (ctx may be NULL). */
void lt_tz_policy_finish(struct lt_tz_policy *p, const struct lt_context *ctx);
/* The zone for a stream; *from says why, *rule is the matching glob or NULL.
 * *first (may be NULL) gets the index of the matching rule (nrules when
 * none): host rules before it may still claim single lines. */
const struct lt_tz *lt_tz_policy_pick(const struct lt_tz_policy *p, const char *path, const char *member,
				      const char **from, const char **rule, size_t *first);
/* The zone of a line from host (n bytes): the first host rule among the
 * policy's first `before` rules whose glob matches, or NULL. */
const struct lt_tz *lt_tz_policy_host(const struct lt_tz_policy *p, size_t before, const char *host, size_t n,
				      const char **from, const char **rule);
/* Are there host rules among the first `before`? */
bool lt_tz_policy_has_host_rules(const struct lt_tz_policy *p, size_t before);
void lt_tz_policy_free(struct lt_tz_policy *p);

#define LT_TZ_ASSUMED_WARNING \
	"no time zone given (--tz, context organisation.time_zone or sources): timestamps without a zone were read as UTC"

#endif
