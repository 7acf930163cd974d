/* The self-contained HTML report (one file: inline CSS and inline SVG, no
 * scripts, fonts, images or links to anything outside the file), in Japanese
 * or English, laid out to print to PDF (@media print).
 *
 * Sections: a one-page summary for a manager (who, what, when, how severe);
 * one section per person with findings or asked for with --person (an hourly
 * activity chart with off-hours and holidays shaded and the findings' events
 * marked, then every finding with its evidence lines and hashes); people who
 * were checked without findings as a count only; coverage of each source and
 * its unparsed lines; the full hash-chained timeline; methodology.
 *
 * Ownership: the caller owns everything in struct lt_html_case.
 */
#ifndef LT_HTML_H
#define LT_HTML_H
#include <jansson.h>
#include <stddef.h>

#include "export/activity.h"
#include "export/out.h"
#include "export/timeline.h"

struct lt_html_case {
	const char *case_id, *examiner, *tool_version;
	const char *ruleset_digest, *context_digest, *command_line;
	const json_t *manifest;		/* CASE/manifest.json (sources, coverage), may be NULL */
	const json_t *coverage;		/* CASE/coverage.json, may be NULL */
	const struct lt_activity *activity;	/* may be NULL: charts from the quoted events only */
	const char *const *requested;	/* --person values */
	size_t nrequested;
};

void lt_export_html(const struct lt_timeline *tl, const struct lt_html_case *c, struct lt_out *o);

#endif
