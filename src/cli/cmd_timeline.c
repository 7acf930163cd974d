/* leaktrail timeline: the evidence timeline of a case as CSV, JSONL or HTML. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/export.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "evidence/audit.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"usage: leaktrail timeline CASE [--format csv|jsonl|html|ecs-bulk] [--person P]... [--from T] [--to T]\n"
	"                          [--rule R] [--min-level L] [--lang ja|en] [--no-bom] [-o FILE]\n"
	"                          [--pseudonymize KEYFILE] [--redact TERMS] [--context FILE] [--tz ZONE]\n"
	"                          [--examiner NAME] [--case-id ID] [--sign-key PEM]\n\n"
	"Writes the findings of CASE and the events behind them in time order, each with\n"
	"its evidence reference (file, SHA-256, member, offset, line) and raw line, hash-\n"
	"chained. Default output: CASE/exports/timeline.csv (or .jsonl, .ndjson, report.LANG.html).\n"
	"The output's SHA-256 goes into CASE/manifest.json and the run into CASE/audit.log.\n"
	"  --format F        csv (Excel, UTF-8 with BOM), jsonl (Timesketch), html (report) or\n"
	"                    ecs-bulk (OpenSearch/Elasticsearch _bulk NDJSON, ECS names)\n"
	"  --person P        only P's findings (repeatable); in HTML, P gets a section even\n"
	"                    without findings, with the coverage that clears them\n"
	"  --from/--to T     ISO 8601 date or time, in the case's zone unless it has one\n"
	"  --rule R          only findings of rule id R\n"
	"  --min-level L     informational, low, medium, high or critical\n"
	"  --lang ja|en      language of messages and of the report (default ja)\n"
	"  --no-bom          CSV without the UTF-8 byte-order mark\n"
	"  -o FILE           write FILE instead (- for standard output: not recorded)\n"
	"  --pseudonymize K  replace person identifiers by keyed tokens (doc/privacy.md)\n"
	"  --redact TERMS    replace secret terms by aliases (TERM<TAB>ALIAS lines) and\n"
	"                    write the occurrence table next to the output (NAME.terms.csv)\n"
	"  --sign-key PEM    afterwards sign the manifest (Ed25519) and write manifest.tsq\n";

enum { OPT_FORMAT = 256, OPT_PERSON, OPT_FROM, OPT_TO, OPT_RULE, OPT_MINLEVEL, OPT_LANG, OPT_NOBOM,
       OPT_PSEUDO, OPT_REDACT, OPT_CONTEXT, OPT_TZ, OPT_EXAMINER, OPT_CASEID, OPT_SIGNKEY };

static const struct option long_opts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "person", required_argument, NULL, OPT_PERSON },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "min-level", required_argument, NULL, OPT_MINLEVEL },
	{ "lang", required_argument, NULL, OPT_LANG },
	{ "no-bom", no_argument, NULL, OPT_NOBOM },
	{ "pseudonymize", required_argument, NULL, OPT_PSEUDO },
	{ "redact", required_argument, NULL, OPT_REDACT },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "tz", required_argument, NULL, OPT_TZ },
	{ "examiner", required_argument, NULL, OPT_EXAMINER },
	{ "case-id", required_argument, NULL, OPT_CASEID },
	{ "sign-key", required_argument, NULL, OPT_SIGNKEY },
	{ "output", required_argument, NULL, 'o' },
	LT_CLI_HELP_OPTION,
	{ NULL, 0, NULL, 0 },
};

int cmd_timeline(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	static const struct lt_cli_opts opts = { "o:", long_opts, usage_text };
	struct lt_export_opts o;
	lt_export_opts_init(&o);
	o.format = "csv";
	const char **persons = lt_xcalloc((size_t)argc + 1, sizeof *persons);
	const char *sign_key = NULL;
	int rc = LT_EXIT_OK;
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		switch (c) {
		case OPT_FORMAT: o.format = optarg; break;
		case OPT_PERSON: persons[o.filter.npersons++] = optarg; break;
		case OPT_FROM: o.from_text = optarg; break;
		case OPT_TO: o.to_text = optarg; break;
		case OPT_RULE: o.filter.rule = optarg; break;
		case OPT_MINLEVEL:
			o.filter.min_level = lt_level_rank(optarg);
			if (o.filter.min_level < 0)
				rc = lt_usage_error("timeline", "--min-level: '%s' is not a level", optarg);
			break;
		case OPT_LANG:
			if (strcmp(optarg, "ja") != 0 && strcmp(optarg, "en") != 0)
				rc = lt_usage_error("timeline", "--lang: ja or en, not '%s'", optarg);
			o.lang = optarg;
			break;
		case OPT_NOBOM: o.bom = 0; break;
		case OPT_PSEUDO: o.pseudo_key = optarg; break;
		case OPT_REDACT: o.redact_file = optarg; break;
		case OPT_CONTEXT: o.context_file = optarg; break;
		case OPT_TZ: o.tz_name = optarg; break;
		case OPT_EXAMINER: o.examiner = optarg; break;
		case OPT_CASEID: o.case_id = optarg; break;
		case OPT_SIGNKEY: sign_key = optarg; break;
		case 'o': o.out_path = optarg; break;
		}
		if (rc != LT_EXIT_OK)
			break;
	}
	if (c == LT_CLI_STOP) {
		free(persons);
		return cl->status;
	}
	if (rc == LT_EXIT_OK && optind != argc - 1)
		rc = lt_usage_error("timeline", "expected one CASE directory");
	if (rc == LT_EXIT_OK && o.tz_name && !lt_tz_load(o.tz_name))
		rc = lt_usage_error("timeline", "--tz: unknown zone '%s'", o.tz_name);
	if (rc != LT_EXIT_OK) {
		free(persons);
		return rc;
	}
	o.case_dir = argv[optind];
	o.filter.persons = persons;
	o.argc = argc;
	o.argv = argv;
	struct lt_export_result res;
	char err[1024] = "";
	rc = lt_export_case(&o, &res, err, sizeof err);
	if (rc != LT_EXIT_OK)
		fprintf(stderr, "leaktrail timeline: error: %s\n", lt_esc(err));
	else if (res.path)
		fprintf(stderr, "leaktrail timeline: %zu entries from %zu findings -> %s\n", res.entries,
			res.findings, lt_esc(res.path));
	if (rc == LT_EXIT_OK && sign_key)
		rc = lt_seal_case("timeline", o.case_dir, sign_key, err, sizeof err);
	cl->audit_case = o.case_dir;
	lt_cli_case_files(&cl->in, o.case_dir, (const char *const[]){ "findings.jsonl", NULL });
	if (o.redact_file)
		lt_audit_list_add(&cl->in, o.redact_file, NULL);
	if (res.path)
		lt_audit_list_add(&cl->out, res.path, res.sha256);
	if (res.table_path)
		lt_audit_list_add(&cl->out, res.table_path, res.table_sha256);
	lt_cli_case_files(&cl->out, o.case_dir, (const char *const[]){ "manifest.json", NULL });
	/* A re-seal writes both files again: verify checks them against this line. */
	if (rc == LT_EXIT_OK && sign_key)
		lt_cli_case_files(&cl->out, o.case_dir, (const char *const[]){ "manifest.sig", "manifest.tsq", NULL });
	lt_export_result_free(&res);
	free(persons);
	return rc;
}
