/* leaktrail reidentify: turn pseudonym tokens back into identifiers, with the key. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "context/context.h"
#include "evidence/audit.h"
#include "export/pseudo.h"
#include "export/timeline.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"usage: leaktrail reidentify CASE --key KEYFILE [--context FILE] TOKEN...\n\n"
	"Prints the identifier behind each PSN-... token of a pseudonymised export: the\n"
	"candidates are the persons of CASE's findings and, with --context, every person,\n"
	"name and registered address there (an e-mail address is found only when it is\n"
	"one of them). Without the key nothing can be re-identified. The look-up is\n"
	"recorded in CASE/audit.log.\n";

static void try_id(struct lt_pseudo *p, const char *id, char **tokens, int ntok, const char **found)
{
	if (!id || !*id)
		return;
	char tok[LT_PSEUDO_TOKEN_LEN];
	lt_pseudo_token(p, id, tok);
	for (int i = 0; i < ntok; i++)
		if (!found[i] && strcmp(tok, tokens[i]) == 0)
			found[i] = id;
}

int cmd_reidentify(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	static const struct option long_opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "context", required_argument, NULL, 'c' },
		LT_CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	static const struct lt_cli_opts opts = { "", long_opts, usage_text };
	const char *key = NULL, *ctx_file = NULL;
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		if (c == 'k')
			key = optarg;
		else if (c == 'c')
			ctx_file = optarg;
	}
	if (c == LT_CLI_STOP)
		return cl->status;
	if (!key || argc - optind < 2)
		return lt_usage_error("reidentify", "expected CASE, --key KEYFILE and at least one TOKEN");
	const char *case_dir = argv[optind];
	char **tokens = argv + optind + 1;
	int ntok = argc - optind - 1;
	char err[512];
	struct lt_pseudo *p = lt_pseudo_load(key, err, sizeof err);
	if (!p) {
		fprintf(stderr, "leaktrail reidentify: error: %s\n", lt_esc(err));
		return LT_EXIT_USAGE;
	}
	struct lt_context *ctx = NULL;
	if (ctx_file) {
		ctx = lt_context_load(ctx_file, NULL, err, sizeof err);
		if (!ctx) {
			/* the loader printed every error with its place */
			fprintf(stderr, "leaktrail reidentify: error: context %s could not be loaded (errors above)\n", lt_esc(ctx_file));
			lt_pseudo_free(p);
			return LT_EXIT_USAGE;
		}
	}
	const char **found = lt_xcalloc((size_t)ntok, sizeof *found);
	struct lt_timeline tl;
	memset(&tl, 0, sizeof tl);
	char *fp = lt_xasprintf("%s/findings.jsonl", case_dir);
	if (lt_timeline_load(&tl, fp, NULL, err, sizeof err) == 0)
		for (size_t i = 0; i < tl.nfindings; i++)
			try_id(p, tl.findings[i].person, tokens, ntok, found);
	for (size_t i = 0; ctx && i < lt_context_person_count(ctx); i++) {
		const struct lt_person *pe = lt_context_person(ctx, i);
		try_id(p, pe->id, tokens, ntok, found);
		try_id(p, pe->name, tokens, ntok, found);
		try_id(p, pe->name_latin, tokens, ntok, found);
		for (size_t k = 0; k < pe->npersonal; k++)
			try_id(p, pe->personal[k], tokens, ntok, found);
	}
	int missing = 0;
	for (int i = 0; i < ntok; i++) {
		printf("%s\t%s\n", lt_esc(tokens[i]), found[i] ? lt_esc(found[i]) : "(not found)"); /* names from people.csv */
		missing += !found[i];
	}
	int rc = missing ? LT_EXIT_FINDINGS : LT_EXIT_OK;
	cl->audit_case = case_dir;
	lt_audit_list_add(&cl->in, fp, NULL);
	free(fp);
	free(found);
	lt_timeline_free(&tl);
	lt_context_free(ctx);
	lt_pseudo_free(p);
	return rc;
}
