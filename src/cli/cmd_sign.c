/* leaktrail sign: seal a case's manifest (Ed25519 signature + RFC 3161 request). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int cmd_sign(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "sign-key", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *key = NULL;
	optind = 1;
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, "", long_opts, NULL);
		if (c == -1)
			break;
		if (c == 'k')
			key = optarg;
		else if (c == 'h') {
			fputs(usage_text, stdout);
			return LT_EXIT_OK;
		} else
			return lt_usage_error("sign", "unknown or incomplete option '%s'", argv[optind - 1]);
	}
	if (optind != argc - 1 || !key)
		return lt_usage_error("sign", "expected CASE and --sign-key PEM");
	const char *case_dir = argv[optind];
	char err[512];
	int rc = lt_seal_case("sign", case_dir, key, err, sizeof err);
	char *m = lt_xasprintf("%s/manifest.json", case_dir);
	char *s = lt_xasprintf("%s/manifest.sig", case_dir);
	char *q = lt_xasprintf("%s/manifest.tsq", case_dir);
	struct lt_audit_file in[1] = { { m, NULL } }, out[2] = { { s, NULL }, { q, NULL } };
	if (lt_audit_append(case_dir, argc, argv, rc, in, 1, out, rc == LT_EXIT_OK ? 2 : 0) != 0 && rc == LT_EXIT_OK) {
		perror("leaktrail sign: error: audit.log");
		rc = LT_EXIT_IO;
	}
	if (rc == LT_EXIT_OK)
		fprintf(stderr, "leaktrail sign: %s and %s written\n", lt_esc(s), lt_esc(q));
	free(m);
	free(s);
	free(q);
	return rc;
}
