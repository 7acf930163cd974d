/* leaktrail handover: the package for counsel, police or internal use
 * (doc/handover.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "evidence/audit.h"
#include "handover/handover.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"usage: leaktrail handover CASE --for counsel|police|internal --person ID... -o DIR\n"
	"                          [--zip] [--sign-key PEM] [--pseudonymize KEYFILE]\n"
	"                          [--pubkey PEM] [--ca PEM] [--tsa-cert PEM] [--skip-evidence]\n\n"
	"Checks CASE with verify (a case that fails is refused, naming the difference)\n"
	"and writes a new folder DIR for the recipient: the 経緯書 (chronological account)\n"
	"in Japanese and English as HTML and PDF, the persons' timelines (CSV, JSONL), the\n"
	"case manifest with its signature and time-stamp files, the custody record, a\n"
	"Japanese README with the by-hand verification recipe, and SHA256SUMS over it all.\n"
	"`leaktrail verify DIR` checks a package on its own.\n"
	"  --for AUDIENCE    counsel or police: names as they are; internal: everyone but\n"
	"                    the persons named is pseudonymised (needs --pseudonymize)\n"
	"  --person ID       a person the account is about (repeatable; must be in the case)\n"
	"  -o DIR            the package folder (must not exist)\n"
	"  --zip             also write DIR.zip (same content, deterministic)\n"
	"  --sign-key PEM    sign SHA256SUMS (Ed25519); the public key goes into the package\n"
	"  --pseudonymize K  the pseudonym key for --for internal (doc/privacy.md)\n"
	"  --pubkey, --ca, --tsa-cert, --skip-evidence   as for leaktrail verify CASE\n";

enum { OPT_FOR = 256, OPT_PERSON, OPT_ZIP, OPT_SIGN, OPT_PSEUDO, OPT_PUBKEY, OPT_CA, OPT_TSA, OPT_SKIP };

static const struct option long_opts[] = {
	{ "for", required_argument, NULL, OPT_FOR },
	{ "person", required_argument, NULL, OPT_PERSON },
	{ "zip", no_argument, NULL, OPT_ZIP },
	{ "sign-key", required_argument, NULL, OPT_SIGN },
	{ "pseudonymize", required_argument, NULL, OPT_PSEUDO },
	{ "pubkey", required_argument, NULL, OPT_PUBKEY },
	{ "ca", required_argument, NULL, OPT_CA },
	{ "tsa-cert", required_argument, NULL, OPT_TSA },
	{ "skip-evidence", no_argument, NULL, OPT_SKIP },
	{ "output", required_argument, NULL, 'o' },
	LT_CLI_HELP_OPTION,
	{ NULL, 0, NULL, 0 },
};

static int parse(struct lt_cli *cl, struct lt_handover_opts *o, const char **persons)
{
	static const struct lt_cli_opts opts = { "o:", long_opts, usage_text };
	int argc = cl->argc;
	char **argv = cl->argv;
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		switch (c) {
		case OPT_FOR: o->audience = optarg; break;
		case OPT_PERSON: persons[o->npersons++] = optarg; break;
		case OPT_ZIP: o->zip = true; break;
		case OPT_SIGN: o->sign_key = optarg; break;
		case OPT_PSEUDO: o->pseudo_key = optarg; break;
		case OPT_PUBKEY: o->verify.pubkey = optarg; break;
		case OPT_CA: o->verify.ca = optarg; break;
		case OPT_TSA: o->verify.tsa_cert = optarg; break;
		case OPT_SKIP: o->verify.skip_evidence = true; break;
		case 'o': o->out_dir = optarg; break;
		}
	}
	if (c == LT_CLI_STOP)
		return cl->status == LT_EXIT_OK ? -1 : cl->status;
	if (optind != argc - 1)
		return lt_usage_error("handover", "expected one CASE directory");
	if (!o->audience || !o->out_dir)
		return lt_usage_error("handover", "--for AUDIENCE and -o DIR are needed");
	o->case_dir = argv[optind];
	return LT_EXIT_OK;
}

int cmd_handover(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	struct lt_handover_opts o = { 0 };
	const char **persons = lt_xcalloc((size_t)argc + 1, sizeof *persons);
	o.persons = persons;
	int rc = parse(cl, &o, persons);
	if (rc != LT_EXIT_OK) {
		free(persons);
		return rc < 0 ? LT_EXIT_OK : rc;
	}
	/* "out/" and "out" are the same package (the zip is named after it). */
	char *dir = lt_xstrdup(o.out_dir);
	for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
		dir[n - 1] = '\0';
	o.out_dir = dir;
	o.argc = argc;
	o.argv = argv;
	char err[1536] = "";
	rc = lt_handover_build(&o, &cl->out, err, sizeof err);
	if (rc != LT_EXIT_OK)
		fprintf(stderr, "leaktrail handover: error: %s\n", lt_esc(err));
	else
		fprintf(stderr, "leaktrail handover: package for %s -> %s (check it with: leaktrail verify %s)\n",
			lt_esc(o.audience), lt_esc(dir), lt_esc(dir));
	cl->audit_case = o.case_dir;
	lt_cli_case_files(&cl->in, o.case_dir, (const char *const[]){ "manifest.json", "findings.jsonl", NULL });
	free(dir);
	free(persons);
	return rc;
}
