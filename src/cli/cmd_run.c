/* leaktrail run: ingest, scan and every export in one go, for a forensic run.
 *
 * The steps are the library calls the single commands make (lt_ingest,
 * lt_scan_case, lt_export_case), in order, each recorded in the manifest;
 * the whole run is one line in CASE/audit.log. struct run is the state the
 * steps share, so that an incremental mode (--state, issue 6) can add steps
 * before ingest and after the exports without touching the others. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "case/export.h"
#include "case/ingest.h"
#include "case/lookback.h"
#include "case/scan.h"
#include "case/scanrec.h"
#include "case/shard.h"
#include "case/tzpolicy.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "context/context.h"
#include "evidence/audit.h"
#include "evidence/storerec.h"
#include "export/exporters.h"
#include "export/timeline.h"
#include "incr/cron.h"
#include "parse/parser.h"
#include "parse/userformat.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"usage: leaktrail run -o CASE [--context FILE] [--rules DIR]... [--tz ZONE] [--examiner NAME]\n"
	"                     [--case-id ID] [--lang ja|en] [--format PARSER] [--sign-key PEM] [-q] INPUT...\n"
	"       leaktrail run --state DIR [--keep-days N] [--syslog] [same options but -o] INPUT...\n\n"
	"Ingests INPUT (files, directories, archives) into the new case CASE, runs the rules,\n"
	"writes the HTML report (Japanese and English), the CSV timeline (Excel) and the\n"
	"JSONL timeline (Timesketch) into CASE/exports/, records every hash in\n"
	"CASE/manifest.json and the run in CASE/audit.log, and prints a short summary.\n"
	"  --context FILE    organisation, people, calendar (doc/context.md)\n"
	"  --rules DIR       rule files or folders (repeatable; default: the shipped rules)\n"
	"  --tz ZONE         zone of timestamps without one (default: the context's\n"
	"                    organisation.time_zone, else UTC with a warning; never the machine's)\n"
	"  --tz GLOB=ZONE    zone for the inputs whose path or name matches GLOB (repeatable)\n"
	"  --tz host:GLOB=ZONE  zone for the lines whose syslog host matches GLOB (repeatable)\n"
	"  --examiner NAME   who runs the examination (recorded)\n"
	"  --case-id ID      the case's reference (default: CASE's name)\n"
	"  --lang ja|en      write the report in this language only\n"
	"  --format PARSER   force a parser for every input ('leaktrail parsers')\n"
	"  --formats FILE    user-defined formats (YAML, doc/user-formats.md; repeatable;\n"
	"                    the context's formats: adds more)\n"
	"  --sign-key PEM    sign the manifest (Ed25519) and write manifest.tsq at the end\n"
	"  --state DIR       incremental run for cron: read only what is new since the last\n"
	"                    run, keep the case in DIR/case, report only new findings (doc/cron.md)\n"
	"  --keep-days N     with --state: remove records older than N days and the rules'\n"
	"                    look-back (never the evidence; findings inside N days stay)\n"
	"  --syslog          with --state: a one-line summary to the system log\n"
	"  -j, --jobs N      read N inputs at once (default: the number of processors)\n"
	"  -q, --quiet       no summary; with --state nothing at all when there is nothing new\n"
	"  --shard I/N       ingest only the I-th (0 .. N-1) of N shares of the sources into\n"
	"                    CASE, then scan and export it (doc/scale-out.md)\n"
	"Exit status: 0 nothing found (with --state: nothing new), 1 findings (new findings),\n"
	"2 some input had faults (see the summary), 4 another run holds DIR's lock,\n"
	"64 usage, 74 the case cannot be written.\n";

struct run {
	int argc;
	char **argv;
	const char *case_dir, *context, *examiner, *case_id, *lang, *format, *sign_key;
	struct lt_tz_policy tzp;	/* --tz and the context's zones (case/tzpolicy.h) */
	const char **formats;		/* --formats FILE (repeatable) */
	size_t nformats;
	const char **rules;
	size_t nrules;
	const char *const *inputs;
	size_t ninputs;
	int quiet;
	const char *state_dir;		/* incremental mode (--state) */
	unsigned keep_days;
	int use_syslog;
	unsigned jobs;
	unsigned shards, shard;		/* --shard I/N (case/shard.h); shards 0: not sharded */
	struct lt_cron cron;
	/* results */
	int ingest_status;
	struct lt_scan_result scan;
	struct lt_audit_list in, out;
	char *report[2];
};

enum { O_CONTEXT = 256, O_RULES, O_TZ, O_EXAMINER, O_CASEID, O_LANG, O_FORMAT, O_SIGNKEY,
       O_STATE, O_KEEPDAYS, O_SYSLOG, O_FORMATS, O_SHARD };

static int parse_args(struct run *r, struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "context", required_argument, NULL, O_CONTEXT },
		{ "rules", required_argument, NULL, O_RULES },
		{ "tz", required_argument, NULL, O_TZ },
		{ "examiner", required_argument, NULL, O_EXAMINER },
		{ "case-id", required_argument, NULL, O_CASEID },
		{ "lang", required_argument, NULL, O_LANG },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "sign-key", required_argument, NULL, O_SIGNKEY },
		{ "quiet", no_argument, NULL, 'q' },
		LT_CLI_HELP_OPTION,
		{ "state", required_argument, NULL, O_STATE },
		{ "keep-days", required_argument, NULL, O_KEEPDAYS },
		{ "syslog", no_argument, NULL, O_SYSLOG },
		{ "jobs", required_argument, NULL, 'j' },
		{ "formats", required_argument, NULL, O_FORMATS },
		{ "shard", required_argument, NULL, O_SHARD },
		{ NULL, 0, NULL, 0 },
	};
	r->rules = lt_xcalloc((size_t)argc + 1, sizeof *r->rules);
	r->formats = lt_xcalloc((size_t)argc + 1, sizeof *r->formats);
	static const struct lt_cli_opts spec = { "o:qj:", opts, usage_text };
	int c;
	for (c = lt_cli_next(cl, &spec); c > 0; c = lt_cli_next(cl, &spec)) {
		switch (c) {
		case 'o': r->case_dir = optarg; break;
		case O_CONTEXT: r->context = optarg; break;
		case O_RULES: r->rules[r->nrules++] = optarg; break;
		case O_TZ: {
			char err[256];
			if (lt_tz_policy_add_arg(&r->tzp, optarg, err, sizeof err) != 0)
				return lt_usage_error("run", "%s", err);
			break;
		}
		case O_EXAMINER: r->examiner = optarg; break;
		case O_CASEID: r->case_id = optarg; break;
		case O_LANG:
			if (strcmp(optarg, "ja") != 0 && strcmp(optarg, "en") != 0)
				return lt_usage_error("run", "--lang: ja or en, not '%s'", optarg);
			r->lang = optarg;
			break;
		case O_FORMAT: r->format = optarg; break;
		case O_SIGNKEY: r->sign_key = optarg; break;
		case O_STATE: r->state_dir = optarg; break;
		case O_KEEPDAYS: {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || end == optarg || n == 0 || n > 36500)
				return lt_usage_error("run", "--keep-days: a number of days from 1 to 36500, not '%s'",
						      optarg);
			r->keep_days = (unsigned)n;
			break;
		}
		case O_SYSLOG: r->use_syslog = 1; break;
		case O_FORMATS: r->formats[r->nformats++] = optarg; break;
		case 'j':
			if (lt_parse_jobs(optarg, &r->jobs) != 0)
				return lt_usage_error("run", "--jobs wants a number from 1 to 64, not '%s'", optarg);
			break;
		case O_SHARD: {
			char serr[256];
			if (lt_shard_parse(optarg, &r->shard, &r->shards, serr, sizeof serr) != 0)
				return lt_usage_error("run", "%s", serr);
			break;
		}
		}
	}
	if (c == LT_CLI_STOP)
		return cl->status == LT_EXIT_OK ? -1 : cl->status;
	r->quiet = cl->quiet;
	if (r->state_dir && r->case_dir)
		return lt_usage_error("run", "give -o CASE or --state DIR, not both (--state keeps its case in DIR/case)");
	if (!r->state_dir && (r->keep_days || r->use_syslog))
		return lt_usage_error("run", "--keep-days and --syslog go with --state");
	if (r->state_dir && r->shards)
		return lt_usage_error("run", "--shard makes a new case per share: it does not go with --state");
	if (!r->case_dir && !r->state_dir)
		return lt_usage_error("run", "-o CASE (or --state DIR) is missing");
	if (optind >= argc)
		return lt_usage_error("run", "no INPUT given");
	r->inputs = (const char *const *)argv + optind;
	r->ninputs = (size_t)(argc - optind);
	r->argc = argc;
	r->argv = argv;
	return LT_EXIT_OK;
}

/* Incremental runs: contents that shrank or changed under an earlier run are
 * read again from the start, in a second pass over their files. */
static int reread_changed(struct run *r, struct lt_ingest_opts *o)
{
	const char *const *paths;
	size_t n = lt_resume_rereads(r->cron.resume, &paths);
	if (n == 0)
		return r->ingest_status;
	lt_resume_begin_reread(r->cron.resume);
	o->inputs = paths;
	o->ninputs = n;
	o->append = true;
	int rc = lt_ingest(o);
	return rc > r->ingest_status ? rc : r->ingest_status;
}

static int step_ingest(struct run *r)
{
	struct lt_ingest_opts o;
	memset(&o, 0, sizeof o);
	o.case_dir = r->case_dir;
	o.inputs = r->inputs;
	o.ninputs = r->ninputs;
	o.tzp = &r->tzp;
	o.format = r->format;
	lt_input_opts_default(&o.input);
	o.case_id = r->case_id;
	o.examiner = r->examiner;
	o.argc = r->argc;
	o.argv = r->argv;
	o.summary = r->quiet ? NULL : stderr;
	o.jobs = r->jobs ? r->jobs : lt_default_jobs();
	o.shards = r->shards;
	o.shard = r->shard;
	if (r->state_dir) {
		o.append = lt_cron_has_case(&r->cron);
		o.hook = lt_cron_hook(&r->cron);
	}
	r->ingest_status = lt_ingest(&o);
	if (r->state_dir && r->ingest_status <= LT_EXIT_FAULTS) {
		r->ingest_status = reread_changed(r, &o);
		lt_resume_finish(r->cron.resume);
	}
	lt_audit_list_add_sources(&r->in, r->case_dir);
	char err[512];
	if ((r->ingest_status == LT_EXIT_OK || r->ingest_status == LT_EXIT_FAULTS) &&
	    lt_record_store_hashes(r->case_dir, err, sizeof err) != 0) {
		fprintf(stderr, "leaktrail run: error: %s\n", lt_esc(err));
		return LT_EXIT_IO;
	}
	return r->ingest_status == LT_EXIT_OK || r->ingest_status == LT_EXIT_FAULTS ? LT_EXIT_OK : r->ingest_status;
}

static int step_scan(struct run *r)
{
	struct lt_scan_opts o;
	memset(&o, 0, sizeof o);
	o.case_dir = r->case_dir;
	o.context_path = r->context;
	o.rule_paths = r->rules;
	o.nrule_paths = r->nrules;
	o.summary = NULL;
	o.argc = r->argc;
	o.argv = r->argv;
	lt_scan_case(&o, &r->scan);
	if (r->scan.status != LT_EXIT_OK && r->scan.status != LT_EXIT_FINDINGS) {
		fprintf(stderr, "leaktrail run: error: scan: %s\n", r->scan.error ? lt_esc(r->scan.error) : "failed");
		return r->scan.status;
	}
	char err[512];
	if (lt_record_scan(r->case_dir, &r->scan, r->context, r->argc, r->argv, err, sizeof err) != 0) {
		fprintf(stderr, "leaktrail run: error: %s\n", lt_esc(err));
		return LT_EXIT_IO;
	}
	if (r->context)
		lt_audit_list_add(&r->in, r->context, NULL);
	for (size_t i = 0; i < r->scan.nfiles; i++)
		lt_audit_list_add(&r->in, r->scan.files[i].path, r->scan.files[i].sha256);
	char *f = lt_xasprintf("%s/findings.jsonl", r->case_dir);
	char *c = lt_xasprintf("%s/coverage.json", r->case_dir);
	lt_audit_list_add(&r->out, f, NULL);
	lt_audit_list_add(&r->out, c, NULL);
	free(f);
	free(c);
	return LT_EXIT_OK;
}

static int export_one(struct run *r, const char *format, const char *lang, char **path_out)
{
	struct lt_export_opts o;
	lt_export_opts_init(&o);
	o.case_dir = r->case_dir;
	o.format = format;
	o.lang = lang;
	o.context_file = r->context;
	o.argc = r->argc;
	o.argv = r->argv;
	struct lt_export_result res;
	char err[1024] = "";
	int rc = lt_export_case(&o, &res, err, sizeof err);
	if (rc != LT_EXIT_OK) {
		fprintf(stderr, "leaktrail run: error: %s export: %s\n", format, lt_esc(err));
	} else {
		lt_audit_list_add(&r->out, res.path, res.sha256);
		if (path_out)
			*path_out = lt_xstrdup(res.path);
	}
	lt_export_result_free(&res);
	return rc;
}

static int step_exports(struct run *r)
{
	const char *langs[2] = { "ja", "en" };
	size_t nl = 2;
	if (r->lang) {
		langs[0] = r->lang;
		nl = 1;
	}
	int rc = LT_EXIT_OK;
	for (size_t x = 0; lt_exporters[x] && rc == LT_EXIT_OK; x++) {
		const struct lt_exporter *e = lt_exporters[x];
		if (!e->in_run)
			continue;
		/* A per-language format once per language (the reports are
		 * announced in the summary); the others once, in the first. */
		for (size_t i = 0; i < (e->per_lang ? nl : 1) && rc == LT_EXIT_OK; i++)
			rc = export_one(r, e->name, langs[i], e->needs_report ? &r->report[i] : NULL);
	}
	return rc;
}

static int step_seal(struct run *r)
{
	if (!r->sign_key)
		return LT_EXIT_OK;
	char err[512];
	int rc = lt_seal_case("run", r->case_dir, r->sign_key, err, sizeof err);
	if (rc == LT_EXIT_OK) {
		char *s = lt_xasprintf("%s/manifest.sig", r->case_dir);
		char *q = lt_xasprintf("%s/manifest.tsq", r->case_dir);
		lt_audit_list_add(&r->out, s, NULL);
		lt_audit_list_add(&r->out, q, NULL);
		free(s);
		free(q);
	}
	return rc;
}

/* Counts from the manifest's sources, for the summary. */
struct run_counts {
	unsigned long files, bad;		/* sources, and those not read completely */
	unsigned long long lines, unparsed, recognised, generic;
};

/* The sources whose id is above base (0: every source) and their streams'
 * counts, from the manifest. */
static void source_counts(const char *case_dir, json_int_t base, struct run_counts *c)
{
	memset(c, 0, sizeof *c);
	char *p = lt_xasprintf("%s/manifest.json", case_dir);
	json_t *m = json_load_file(p, 0, NULL);
	free(p);
	size_t i, k;
	json_t *src, *st;
	json_array_foreach(json_object_get(m, "sources"), i, src) {
		if (json_integer_value(json_object_get(src, "id")) <= base)
			continue;
		c->files++;
		const char *status = json_string_value(json_object_get(src, "status"));
		if (status && strcmp(status, "complete") != 0)
			c->bad++;
		json_array_foreach(json_object_get(src, "streams"), k, st) {
			const json_t *n = json_object_get(st, "counts");
			c->lines += (unsigned long long)json_integer_value(json_object_get(n, "lines"));
			c->unparsed += (unsigned long long)json_integer_value(json_object_get(n, "unparsed"));
			c->recognised += (unsigned long long)json_integer_value(json_object_get(n, "recognised"));
			c->generic += (unsigned long long)json_integer_value(json_object_get(n, "generic"));
		}
	}
	json_decref(m);
}

/* Incremental runs: the files of this night only (each night adds one
 * manifest source per file present) and the lines read this night (from
 * the resume log: a resumed stream's counts start at its first line). */
static void night_counts(const struct run *r, struct run_counts *c)
{
	source_counts(r->case_dir, r->cron.base_source, c);
	c->lines = 0;
	size_t i;
	json_t *e;
	json_array_foreach(lt_resume_log(r->cron.resume), i, e) {
		json_int_t from = json_integer_value(json_object_get(e, "from_line"));
		json_int_t to = json_integer_value(json_object_get(e, "to_line"));
		if (to > from)
			c->lines += (unsigned long long)(to - from);
	}
}

/* The zone in which a nightly run shows times: the context's
 * organisation.time_zone, else the zone the case recorded (never the
 * machine's, which would make the same state print differently on another
 * computer), else UTC. */
static const struct lt_tz *org_zone(const struct run *r)
{
	if (r->context) {
		char err[512];
		struct lt_context *ctx = lt_context_load(r->context, lt_context_datadir(), err, sizeof err);
		const struct lt_tz *tz = ctx && lt_context_has(ctx, LT_CTX_TIME_ZONE) ? lt_context_tz(ctx) : NULL;
		lt_context_free(ctx);
		if (tz)
			return tz;
	}
	char *p = lt_xasprintf("%s/manifest.json", r->case_dir);
	json_t *m = json_load_file(p, 0, NULL);
	free(p);
	json_t *runs = json_object_get(m, "ingest");
	json_t *zone = json_object_get(json_array_get(runs, json_array_size(runs) - 1), "time_zone");
	const char *name = json_string_value(json_object_get(zone, "name"));
	const char *from = json_string_value(json_object_get(zone, "from"));
	const struct lt_tz *tz = name && !(from && strcmp(from, "machine") == 0) ? lt_tz_load(name) : NULL;
	json_decref(m);
	return tz ? tz : lt_tz_load("UTC");
}

static void summary(struct run *r)
{
	struct run_counts n;
	if (r->state_dir)
		night_counts(r, &n);
	else
		source_counts(r->case_dir, 0, &n);
	size_t bylevel[5] = { 0 };
	struct lt_timeline tl;
	memset(&tl, 0, sizeof tl);
	char err[256];
	char *fp = lt_xasprintf("%s/findings.jsonl", r->case_dir);
	/* Person alerts (src/rules/risk.h) are listed apart from the findings. */
	size_t nalerts = 0;
	struct lt_buf who = LT_BUF_INIT;
	if (lt_timeline_load(&tl, fp, NULL, err, sizeof err) == 0)
		for (size_t i = 0; i < tl.nfindings; i++) {
			const struct lt_finding *f = &tl.findings[i];
			if (f->kind && !strcmp(f->kind, LT_FINDING_KIND_ALERT)) {
				if (nalerts++ < 20)
					lt_buf_printf(&who, " %s (%.1f)", lt_esc(f->person ? f->person : "-"), f->risk);
			} else if (lt_level_rank(f->level) >= 0) {
				bylevel[lt_level_rank(f->level)]++;
			}
		}
	printf("leaktrail run: case %s\n", lt_esc(r->case_dir));
	printf("  sources:        %lu files%s", n.files, n.bad ? "" : "\n");
	if (n.bad)
		printf(" (%lu not complete: see the report's coverage section)\n", n.bad);
	printf("  %s %llu, unparsed %llu%s\n", r->state_dir ? "new lines:     " : "lines read:    ", n.lines,
	       n.unparsed, n.unparsed ? " (counted and located in manifest.json)" : "");
	/* Only lines a parser understood count as parsed (doc/record-format.md). */
	printf("  parsed:         %llu recognised (%.1f %%), %llu not understood (generic records)\n", n.recognised,
	       n.lines ? 100.0 * (double)n.recognised / (double)n.lines : 0.0, n.generic);
	if (r->state_dir)
		printf("  times in:       %s\n", lt_tz_name(r->cron.tz));
	printf("  records:        %llu\n", (unsigned long long)r->scan.records);
	printf("  findings:       %zu (critical %zu, high %zu, medium %zu, low %zu, informational %zu)\n",
	       tl.nfindings - nalerts, bylevel[4], bylevel[3], bylevel[2], bylevel[1], bylevel[0]);
	printf("  person alerts:  %zu%s%s\n", nalerts, nalerts ? ":" : "", who.data ? who.data : "");
	if (nalerts > 20)
		printf("                  ... and %zu more (the report lists them all)\n", nalerts - 20);
	lt_buf_free(&who);
	printf("  rules:          %zu loaded, %zu not evaluable for lack of data\n", r->scan.rules_loaded,
	       r->scan.rules_not_evaluable);
	if (r->scan.not_evaluable)
		printf("  not evaluable:  %s\n", lt_esc(r->scan.not_evaluable));
	if (r->scan.nunresolved)
		printf("  unresolved:     %zu account(s) not in people.csv: %s (not counted as people checked)\n",
		       r->scan.nunresolved, lt_esc(r->scan.unresolved)); /* names from the logs */
	for (int i = 0; i < 2; i++)
		if (r->report[i])
			printf("  report:         %s\n", lt_esc(r->report[i]));
	printf("  timelines:      %s/exports/timeline.csv (Excel), timeline.jsonl (Timesketch)\n", lt_esc(r->case_dir));
	printf("  check later:    leaktrail verify %s\n", lt_esc(r->case_dir));
	lt_timeline_free(&tl);
	free(fp);
}

/* The one-line summary for the system log (--syslog). */
static void log_summary(const struct run *r, int rc)
{
	openlog("leaktrail", LOG_PID, LOG_DAEMON);
	syslog(rc >= LT_EXIT_FAULTS ? LOG_WARNING : LOG_NOTICE,
	       "run %s: %zu new finding(s), %llu record(s) in the case, exit status %d%s%s",
	       lt_esc(r->state_dir), r->cron.new_findings, (unsigned long long)r->scan.records, rc,
	       r->cron.report_path ? ", report " : "", lt_esc(r->cron.report_path));
	closelog();
}

/* Incremental mode: lock and load the state, then the usual steps, then
 * the new findings, the commit, and the report. */
static int run_steps(struct run *r)
{
	int rc = step_ingest(r);
	lt_cron_test_kill_point("after-ingest");
	if (rc == LT_EXIT_OK)
		rc = step_scan(r);
	lt_cron_test_kill_point("after-scan");
	if (rc == LT_EXIT_OK)
		rc = step_exports(r);
	lt_cron_test_kill_point("after-exports");
	return rc;
}

static int finish_status(const struct run *r, bool findings)
{
	if (r->ingest_status == LT_EXIT_FAULTS)
		return LT_EXIT_FAULTS;
	return findings ? LT_EXIT_FINDINGS : LT_EXIT_OK;
}

/* The run's audit line, written here because a nightly run commits its
 * state only after the line is in the log. */
static int audit(struct run *r, struct lt_cli *cl, int rc)
{
	if (r->ingest_status == LT_EXIT_USAGE)	/* an existing case is not ours to log into */
		return rc;
	lt_cli_case_files(&r->out, r->case_dir, (const char *const[]){ "manifest.json", NULL });
	cl->audit_case = r->case_dir;
	cl->in = r->in;
	cl->out = r->out;
	memset(&r->in, 0, sizeof r->in);	/* the dispatcher frees them now */
	memset(&r->out, 0, sizeof r->out);
	cl->extra_key = "retention";
	cl->extra_json = r->state_dir ? lt_cron_retention_json(&r->cron) : NULL;
	return lt_cli_audit(cl, rc);
}

/* --keep-days: the rules' look-back decides what stays beyond the days. */
static int prune(struct run *r)
{
	if (!r->keep_days)
		return LT_EXIT_OK;
	lt_time_us lookback;
	char err[1024];
	if (lt_rules_lookback(r->context, r->rules, r->nrules, &lookback, err, sizeof err) != 0) {
		fprintf(stderr, "leaktrail run: error: --keep-days needs the rules: %s\n", err);
		return LT_EXIT_USAGE;
	}
	return lt_cron_prune(&r->cron, r->keep_days, lookback);
}

static int run_incremental(struct run *r, struct lt_cli *cl)
{
	if (r->quiet)
		lt_diag_set_quiet(1);	/* cron mails whatever is printed: only errors */
	int rc = lt_cron_open(&r->cron, r->state_dir, stdout);
	if (rc != LT_EXIT_OK) {
		lt_cron_close(&r->cron);
		return rc;
	}
	r->case_dir = r->cron.case_dir;
	r->cron.tz = org_zone(r);
	rc = prune(r);
	if (rc == LT_EXIT_OK)
		rc = run_steps(r);
	if (rc == LT_EXIT_OK)
		rc = lt_cron_report(&r->cron);
	/* The increment goes into the manifest before the seal and the audit
	 * line, so that both cover the manifest as it stays (issue 12). */
	if (rc == LT_EXIT_OK)
		rc = lt_cron_record(&r->cron);
	if (rc == LT_EXIT_OK)
		rc = step_seal(r);
	if (rc == LT_EXIT_OK)
		rc = finish_status(r, r->cron.new_findings > 0);
	rc = audit(r, cl, rc);
	if (rc <= LT_EXIT_FAULTS) {
		int crc = lt_cron_commit(&r->cron);
		if (crc != LT_EXIT_OK)
			rc = crc;
	}
	if (rc <= LT_EXIT_FAULTS) {
		lt_cron_print(&r->cron, stdout);
		if (!r->quiet)
			summary(r);
		if (!r->quiet && r->cron.new_findings == 0)
			printf("  new findings:   none since the last run\n");
	}
	if (r->use_syslog)
		log_summary(r, rc);
	lt_cron_close(&r->cron);
	return rc;
}

/* User-defined formats: --formats FILE (repeatable), then the context's
 * formats: files; an error in one is a usage error before any input. */
static int load_formats(struct run *r, const struct lt_context *ctx)
{
	char err[512];
	for (size_t i = 0; i < r->nformats; i++)
		if (lt_userformat_load(r->formats[i], err, sizeof err) < 0)
			return lt_usage_error("run", "%s", err);
	const char *const *files;
	size_t n = lt_context_format_files(ctx, &files);
	for (size_t i = 0; i < n; i++)
		if (lt_userformat_load(files[i], err, sizeof err) < 0)
			return lt_usage_error("run", "%s (named by the context's formats:)", err);
	return LT_EXIT_OK;
}

/* Read and validate the context before any input is touched: an error
 * leaves no half-built case (lt_context_load has printed it, once, as
 * file:line:col). Its zones settle the time-zone policy. */
static int check_context(struct run *r)
{
	struct lt_context *ctx = NULL;
	if (r->context) {
		ctx = lt_context_load(r->context, NULL, NULL, 0);
		if (!ctx)
			return LT_EXIT_USAGE;
	}
	lt_tz_policy_finish(&r->tzp, ctx);
	int rc = load_formats(r, ctx);
	lt_context_free(ctx);
	if (rc == LT_EXIT_OK && r->format && !lt_parser_find(r->format))
		rc = lt_usage_error("run", "unknown format '%s' ('leaktrail parsers' lists them)", r->format);
	return rc;
}

int cmd_run(struct lt_cli *cl)
{
	struct run r;
	memset(&r, 0, sizeof r);
	lt_tz_policy_init(&r.tzp);
	int rc = parse_args(&r, cl);
	if (rc == LT_EXIT_OK)
		rc = check_context(&r);
	if (rc != LT_EXIT_OK) {
		free(r.rules);
		free(r.formats);
		lt_tz_policy_free(&r.tzp);
		lt_userformat_unload();
		return rc < 0 ? LT_EXIT_OK : rc;
	}
	if (r.state_dir) {
		rc = run_incremental(&r, cl);
	} else {
		rc = run_steps(&r);
		if (rc == LT_EXIT_OK)
			rc = step_seal(&r);
		if (rc == LT_EXIT_OK) {
			if (!r.quiet)
				summary(&r);
			rc = finish_status(&r, r.scan.findings > 0);
		}
		rc = audit(&r, cl, rc);
	}
	lt_audit_list_free(&r.in);
	lt_audit_list_free(&r.out);
	lt_scan_result_free(&r.scan);
	free(r.report[0]);
	free(r.report[1]);
	free(r.rules);
	free(r.formats);
	lt_tz_policy_free(&r.tzp);
	lt_userformat_unload();
	return rc;
}
