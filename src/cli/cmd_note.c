/* leaktrail note: an examiner's note on a finding, chained in CASE/notes.jsonl
 * and in CASE/audit.log (doc/handover.md). */
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "evidence/audit.h"
#include "evidence/casefile.h"
#include "handover/journal.h"
#include "rules/finding.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"usage: leaktrail note CASE --finding ID [--examiner NAME] TEXT\n\n"
	"Records TEXT as the examiner's note on finding ID (the \"id\" of a line in\n"
	"CASE/findings.jsonl, shown in the timelines as finding_id). Notes are kept in\n"
	"CASE/notes.jsonl, hash-chained, and each one is also a line of CASE/audit.log.\n"
	"The 経緯書 of `leaktrail handover` quotes them under their finding.\n"
	"  --finding ID      the finding the note is about (must exist)\n"
	"  --examiner NAME   who writes the note (default: the login name)\n";

/* 1 when CASE/findings.jsonl holds a finding with this id, 0 when not, -1 unreadable. */
static int finding_exists(const char *case_dir, const char *id, char *err, size_t errlen)
{
	char *path = lt_case_path(case_dir, "findings.jsonl");
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: cannot be read (run leaktrail scan first)", path);
		free(path);
		return -1;
	}
	int found = 0;
	struct lt_finding fd;
	memset(&fd, 0, sizeof fd);
	int r;
	for (r = lt_finding_read(f, &fd, err, errlen); r == 1 && !found; r = lt_finding_read(f, &fd, err, errlen)) {
		found = fd.id && strcmp(fd.id, id) == 0;
		lt_finding_free(&fd);
	}
	lt_finding_free(&fd);
	fclose(f);
	free(path);
	return r < 0 && !found ? -1 : found;
}

/* The account running the command, as the audit log names it. */
static const char *login_name(void)
{
	const struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_name ? pw->pw_name : "unknown";
}

int cmd_note(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	static const struct option long_opts[] = {
		{ "finding", required_argument, NULL, 'f' },
		{ "examiner", required_argument, NULL, 'e' },
		LT_CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	static const struct lt_cli_opts opts = { "", long_opts, usage_text };
	const char *finding = NULL, *examiner = NULL;
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		if (c == 'f')
			finding = optarg;
		else if (c == 'e')
			examiner = optarg;
	}
	if (c == LT_CLI_STOP)
		return cl->status;
	if (optind != argc - 2 || !finding)
		return lt_usage_error("note", "expected CASE, --finding ID and one TEXT");
	const char *case_dir = argv[optind], *text = argv[optind + 1];
	if (!*text)
		return lt_usage_error("note", "the note's TEXT is empty");
	char err[1024] = "";
	int ex = finding_exists(case_dir, finding, err, sizeof err);
	int rc = LT_EXIT_OK;
	if (ex < 0) {
		fprintf(stderr, "leaktrail note: error: %s\n", lt_esc(err));
		rc = LT_EXIT_IO;
	} else if (ex == 0) {
		fprintf(stderr, "leaktrail note: error: finding '%s' is not in %s/findings.jsonl\n", lt_esc(finding), lt_esc(case_dir));
		rc = LT_EXIT_USAGE;
	}
	if (rc == LT_EXIT_OK) {
		char now[32];
		lt_journal_now(now);
		const char *keys[] = { "finding", "text", "examiner", "recorded" };
		const char *vals[] = { finding, text, examiner ? examiner : login_name(), now };
		if (lt_journal_append(case_dir, "notes.jsonl", keys, vals, 4, err, sizeof err) != 0) {
			fprintf(stderr, "leaktrail note: error: %s\n", lt_esc(err));
			rc = LT_EXIT_IO;
		}
	}
	cl->audit_case = case_dir;
	lt_cli_case_files(&cl->in, case_dir, (const char *const[]){ "findings.jsonl", NULL });
	if (rc == LT_EXIT_OK)
		lt_cli_case_files(&cl->out, case_dir, (const char *const[]){ "notes.jsonl", NULL });
	rc = lt_cli_audit(cl, rc);	/* before the closing message: it says the line is there */
	if (rc == LT_EXIT_OK)
		fprintf(stderr, "leaktrail note: noted on finding %s\n", lt_esc(finding));
	return rc;
}
