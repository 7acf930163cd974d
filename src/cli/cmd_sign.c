/* leaktrail sign: seal a case's manifest (Ed25519 signature + RFC 3161 request). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "evidence/audit.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"usage: leaktrail sign CASE --sign-key PEM\n\n"
	"Signs CASE/manifest.json with an Ed25519 private key into CASE/manifest.sig and\n"
	"writes an RFC 3161 time-stamp request CASE/manifest.tsq over its SHA-256, to send\n"
	"to a time-stamping authority (save the reply as CASE/manifest.tsr). Run it after\n"
	"the last export: every later export changes the manifest. Key generation:\n"
	"  openssl genpkey -algorithm ed25519 -out key.pem\n"
	"  openssl pkey -in key.pem -pubout -out pub.pem\n";

int cmd_sign(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	static const struct option long_opts[] = {
		{ "sign-key", required_argument, NULL, 'k' },
		LT_CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	static const struct lt_cli_opts opts = { "", long_opts, usage_text };
	const char *key = NULL;
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts))
		if (c == 'k')
			key = optarg;
	if (c == LT_CLI_STOP)
		return cl->status;
	if (optind != argc - 1 || !key)
		return lt_usage_error("sign", "expected CASE and --sign-key PEM");
	const char *case_dir = argv[optind];
	char err[512];
	int rc = lt_seal_case("sign", case_dir, key, err, sizeof err);
	cl->audit_case = case_dir;
	lt_cli_case_files(&cl->in, case_dir, (const char *const[]){ "manifest.json", NULL });
	if (rc == LT_EXIT_OK)
		lt_cli_case_files(&cl->out, case_dir, (const char *const[]){ "manifest.sig", "manifest.tsq", NULL });
	rc = lt_cli_audit(cl, rc);	/* before the closing message: it says the line is there */
	if (rc == LT_EXIT_OK)
		fprintf(stderr, "leaktrail sign: %s/manifest.sig and %s/manifest.tsq written\n", lt_esc(case_dir),
			lt_esc(case_dir));
	return rc;
}
