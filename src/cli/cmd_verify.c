/* leaktrail verify: check a case against its manifest and chains. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "evidence/audit.h"
#include "evidence/verify.h"
#include "export/exporters.h"
#include "handover/handover.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"usage: leaktrail verify CASE [--pubkey PEM] [--ca PEM] [--tsa-cert PEM] [--skip-evidence] [-q]\n"
	"       leaktrail verify PACKAGE [--pubkey PEM] [-q]\n\n"
	"Re-hashes the evidence files at their recorded paths (and every archive member),\n"
	"the case files and every output listed in CASE/manifest.json, re-walks the hash\n"
	"chains of the timelines and of CASE/audit.log, and names the first item that\n"
	"differs. Exit status 0 when everything matches, 3 when something differs.\n"
	"  --pubkey PEM      check CASE/manifest.sig (Ed25519) with this public key\n"
	"  --ca PEM          check CASE/manifest.tsr (RFC 3161) against this CA\n"
	"  --tsa-cert PEM    the TSA's certificate, when the reply does not include it\n"
	"  --skip-evidence   do not re-read the evidence (when it is not at hand)\n"
	"  -q                print only the result\n"
	"A PACKAGE written by `leaktrail handover` is checked on its own: SHA256SUMS\n"
	"against every file (none unlisted), its signature (with --pubkey, else the\n"
	"package's signer.pub.pem), the hash chains of its timelines and journals.\n";

enum { OPT_PUBKEY = 256, OPT_CA, OPT_TSA, OPT_SKIP };

static const struct option long_opts[] = {
	{ "pubkey", required_argument, NULL, OPT_PUBKEY },
	{ "ca", required_argument, NULL, OPT_CA },
	{ "tsa-cert", required_argument, NULL, OPT_TSA },
	{ "skip-evidence", no_argument, NULL, OPT_SKIP },
	{ "quiet", no_argument, NULL, 'q' },
	LT_CLI_HELP_OPTION,
	{ NULL, 0, NULL, 0 },
};

/* A hand-over package is checked on its own: nothing is appended to it. */
static int verify_package(const char *dir, const struct lt_verify_opts *o, int quiet)
{
	FILE *devnull = quiet ? fopen("/dev/null", "w") : NULL;
	struct lt_verify_result res;
	lt_handover_verify(dir, o->pubkey, devnull ? devnull : stdout, &res);
	if (devnull)
		fclose(devnull);
	if (res.differences == 0) {
		printf("verify: package matches (%u checks)\n", res.checks);
		return LT_EXIT_OK;
	}
	printf("verify: %u of %u checks differ; first difference: %s\n", res.differences, res.checks, lt_esc(res.first));
	return LT_EXIT_VERIFY;
}

int cmd_verify(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	static const struct lt_cli_opts opts = { "q", long_opts, usage_text };
	struct lt_verify_opts o = { .chain_reader = lt_exporter_chain_reader };
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		switch (c) {
		case OPT_PUBKEY: o.pubkey = optarg; break;
		case OPT_CA: o.ca = optarg; break;
		case OPT_TSA: o.tsa_cert = optarg; break;
		case OPT_SKIP: o.skip_evidence = true; break;
		}
	}
	if (c == LT_CLI_STOP)
		return cl->status;
	int quiet = cl->quiet;
	if (optind != argc - 1)
		return lt_usage_error("verify", "expected one CASE directory");
	const char *case_dir = argv[optind];
	if (lt_handover_is_package(case_dir))
		return verify_package(case_dir, &o, quiet);
	FILE *out = stdout;
	FILE *devnull = NULL;
	if (quiet) {
		devnull = fopen("/dev/null", "w");
		out = devnull ? devnull : stdout;
	}
	struct lt_verify_result res;
	int vr = lt_verify_case(case_dir, &o, out, &res);
	if (devnull)
		fclose(devnull);
	int rc;
	if (vr < 0) {
		fprintf(stderr, "leaktrail verify: error: %s\n", lt_esc(res.first));
		return LT_EXIT_IO;
	}
	if (vr == 0) {
		printf("verify: everything matches (%u checks%s)\n", res.checks,
		       res.unchecked ? ", some not checked: see above" : "");
		rc = LT_EXIT_OK;
	} else {
		printf("verify: %u of %u checks differ; first difference: %s\n", res.differences, res.checks,
		       lt_esc(res.first));
		rc = LT_EXIT_VERIFY;
	}
	/* The verification itself is part of the case's history. The audit line
	 * is appended after the check, so it never makes verify fail. */
	cl->audit_case = case_dir;
	lt_cli_case_files(&cl->in, case_dir, (const char *const[]){ "manifest.json", NULL });
	return rc;
}
