/* leaktrail merge -o CASE SHARD_CASE...: the shards of one input list into
 * one case (src/case/merge.h, doc/scale-out.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case/merge.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "util/diag.h"

static const char usage_text[] =
	"usage: leaktrail merge -o CASE [--verify-evidence] [--max-runs K] [-q] SHARD_CASE...\n\n"
	"Builds the case CASE from the N shard cases of one input list (made by\n"
	"'ingest --shard I/N' or 'run --shard I/N', I = 0 .. N-1): every source once, the\n"
	"record stores merged without reading the logs again (run files copied, merged in\n"
	"event-time order when there are more than K), each\n"
	"shard's audit log head recorded. Then scan, timeline and verify work on CASE as on\n"
	"any case. Nothing is written unless every shard is there exactly once, all of the\n"
	"same input list and options, and each verifies (manifest, record store, outputs,\n"
	"audit log; its evidence files still there with their recorded size and time).\n"
	"  -o CASE            the merged case (a new or empty folder)\n"
	"  --verify-evidence  also re-hash every evidence file before merging (reads all the\n"
	"                     evidence once; 'leaktrail verify CASE' does it afterwards too)\n"
	"  --max-runs K       at most K run files in CASE's record store (default 128; 1: one\n"
	"                     fully merged run). Readers hold about 300 KiB per run file\n"
	"  -q, --quiet        no summary line\n"
	"Exit status: 0 merged, 3 a shard fails verification, 64 usage, CASE not empty, or\n"
	"shards that do not make one whole (missing, overlapping, another input list or N,\n"
	"other options, not a shard), 74 a shard cannot be read or CASE cannot be written.\n";

enum { O_VERIFY_EVIDENCE = 256, O_MAX_RUNS };

static int parse_runs(const char *s, size_t *out)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);
	if (end == s || *end || s[0] == '-' || n < 1 || n > 4096)
		return -1;
	*out = (size_t)n;
	return 0;
}

int cmd_merge(struct lt_cli *cl)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "verify-evidence", no_argument, NULL, O_VERIFY_EVIDENCE },
		{ "max-runs", required_argument, NULL, O_MAX_RUNS },
		{ "quiet", no_argument, NULL, 'q' },
		LT_CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	static const struct lt_cli_opts opts = { "o:q", longopts, usage_text };
	char *shards_json = NULL;
	struct lt_merge_opts o = { .argc = cl->argc, .argv = cl->argv, .summary = stderr, .audit_in = &cl->in,
				   .audit_out = &cl->out, .audit_shards = &shards_json };
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		switch (c) {
		case 'o': o.case_dir = optarg; break;
		case O_VERIFY_EVIDENCE: o.verify_evidence = true; break;
		case O_MAX_RUNS:
			if (parse_runs(optarg, &o.max_runs) != 0)
				return lt_usage_error("merge", "--max-runs wants a number from 1 to 4096, not '%s'", optarg);
			break;
		}
	}
	if (c == LT_CLI_STOP)
		return cl->status;
	if (cl->quiet)
		o.summary = NULL;
	if (!o.case_dir)
		return lt_usage_error("merge", "-o CASE is missing");
	if (optind >= cl->argc)
		return lt_usage_error("merge", "no SHARD_CASE given");
	o.shards = (const char *const *)(cl->argv + optind);
	o.nshards = (size_t)(cl->argc - optind);
	int rc = lt_merge(&o);
	if (rc != LT_EXIT_OK) {
		free(shards_json);
		return rc;
	}
	/* The merged case's first audit line, written by the dispatcher. */
	cl->audit_case = o.case_dir;
	cl->extra_key = "shards";
	cl->extra_json = shards_json;
	return rc;
}
