/* leaktrail scan CASE: run the rules over the case's records (doc/rules.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "evidence/audit.h"
#include "case/scanrec.h"
#include "case/scan.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char scan_help[] =
	"usage: leaktrail scan CASE [--context FILE] [--rules DIR]... [--set RULE.PARAM=VALUE]...\n\n"
	"Reads CASE/records in event-time order, enriches each record with the\n"
	"context, runs the rules and writes CASE/findings.jsonl and CASE/coverage.json.\n\n"
	"  --context FILE   the investigation context (organisation, calendar, people)\n"
	"  --rules DIR      rule files or directories (repeatable; default: the shipped rules,\n"
	"                   or $LEAKTRAIL_RULES)\n"
	"  --set R.P=V      set parameter P of rule R (id or name); wins over the context's rules: section\n"
	"  -q, --quiet      no summary\n\n"
	"Exit status: 0 no findings, 1 findings, 2 the record store was cut short,\n"
	"64 bad rules, context or arguments, 74 cannot read or write the case.\n";

int cmd_scan(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	static const struct option longopts[] = {
		{ "context", required_argument, NULL, 'c' },
		{ "rules", required_argument, NULL, 'r' },
		{ "set", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		LT_CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	static const struct lt_cli_opts opts = { "c:r:s:q", longopts, scan_help };
	struct lt_scan_opts o = { 0 };
	const char **rules = lt_xcalloc((size_t)argc + 1, sizeof *rules);
	const char **sets = lt_xcalloc((size_t)argc + 1, sizeof *sets);
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		switch (c) {
		case 'c': o.context_path = optarg; break;
		case 'r': rules[o.nrule_paths++] = optarg; break;
		case 's': sets[o.nsets++] = optarg; break;
		}
	}
	if (c == LT_CLI_STOP) {
		free(rules);
		free(sets);
		return cl->status;
	}
	int quiet = cl->quiet;
	if (optind != argc - 1) {
		free(rules);
		free(sets);
		return lt_usage_error("scan", optind >= argc ? "CASE is missing" : "one CASE only");
	}
	o.case_dir = argv[optind];
	o.rule_paths = rules;
	o.sets = sets;
	o.summary = quiet ? NULL : stdout;
	o.argc = argc;
	o.argv = argv;
	struct lt_scan_result res;
	int status = lt_scan_case(&o, &res);
	if (res.error)
		fprintf(stderr, "leaktrail scan: %s: %s\n", status == LT_EXIT_FAULTS ? "warning" : "error", lt_esc(res.error));
	/* Record what was read and written (manifest "scan", audit log). */
	char rec_err[512];
	if ((status == LT_EXIT_OK || status == LT_EXIT_FINDINGS) &&
	    lt_record_scan(o.case_dir, &res, o.context_path, argc, argv, rec_err, sizeof rec_err) != 0) {
		fprintf(stderr, "leaktrail scan: error: %s\n", lt_esc(rec_err));
		status = LT_EXIT_IO;
	}
	cl->audit_case = o.case_dir;
	lt_cli_case_files(&cl->in, o.case_dir, (const char *const[]){ "manifest.json", NULL });
	lt_cli_case_files(&cl->out, o.case_dir,
			  (const char *const[]){ "findings.jsonl", "coverage.json", "manifest.json", NULL });
	lt_scan_result_free(&res);
	free(rules);
	free(sets);
	return status;
}
