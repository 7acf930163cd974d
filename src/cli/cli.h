/* What the dispatcher (main.c) sets up for a command, git's RUN_SETUP way,
 * and the one option loop and the one audit-line writer every command uses.
 *
 * The command table's flags say what a command needs:
 *   LT_CMD_NEEDS_CASE     its first operand is an existing case directory;
 *                         lt_cli_next checks it after the options (one
 *                         message for every command) and sets c->case_dir.
 *   LT_CMD_WRITES_AUDIT   the command's run is a line of CASE/audit.log:
 *                         the command names the case (c->audit_case) and
 *                         adds what it read and wrote to c->in and c->out;
 *                         the line is written once, by lt_cli_audit --
 *                         called by the command where the order matters
 *                         (before its closing message, before a nightly
 *                         run commits its state), else by the dispatcher
 *                         when the command returns.
 *   LT_CMD_AUDIT_REQUIRED a failed audit line is an error (exit 74) rather
 *                         than a warning (commands that only read, such as
 *                         dump and verify, still work on a read-only copy).
 *
 * Ownership: struct lt_cli lives on main's stack for the whole command;
 * argv and the strings it points to are the process's. c->in and c->out
 * own copies of their paths; the dispatcher frees them.
 */
#ifndef LT_CLI_H
#define LT_CLI_H
#include <getopt.h>
#include <stdbool.h>

#include "evidence/audit.h"

enum {
	LT_CMD_NEEDS_CASE = 1u << 0,
	LT_CMD_WRITES_AUDIT = 1u << 1,
	LT_CMD_AUDIT_REQUIRED = 1u << 2,
};

struct lt_cli {
	const char *name;	/* "note" */
	unsigned flags;		/* LT_CMD_* from the command table */
	int argc;
	char **argv;		/* argv[0] is the command name */
	int status;		/* lt_cli_next's LT_CLI_STOP: the exit status */
	bool quiet;		/* -q/--quiet, for commands whose options have 'q' */
	const char *case_dir;	/* LT_CMD_NEEDS_CASE: the checked first operand */
	/* LT_CMD_WRITES_AUDIT */
	const char *audit_case;	/* NULL: no line (nothing was done: a usage error) */
	struct lt_audit_list in, out;
	const char *extra_key;	/* one more key after "outputs" (a run's "retention") */
	char *extra_json;	/* its value, compact JSON; freed by the dispatcher */
	bool audited;
};

/* A command's options: getopt_long's short and long options and the text
 * --help prints. Every command accepts -h and --help (LT_CLI_HELP_OPTION in
 * longopts); 'q' in shortopts makes -q set c->quiet. */
struct lt_cli_opts {
	const char *shortopts;
	const struct option *longopts;
	const char *help;
};
#define LT_CLI_HELP 'h'
#define LT_CLI_HELP_OPTION { "help", no_argument, NULL, LT_CLI_HELP }
#define LT_CLI_END 0
#define LT_CLI_STOP (-1)

/* The next option's key (optarg set as getopt_long sets it), or LT_CLI_END
 * after the last one (optind is then the first operand; with
 * LT_CMD_NEEDS_CASE the case directory was checked), or LT_CLI_STOP when
 * the command must return c->status now: --help was printed (0), an
 * unknown option or a missing argument was reported (64), the case
 * directory does not exist (74). -q is handled here and never returned. */
int lt_cli_next(struct lt_cli *c, const struct lt_cli_opts *o);

/* Append "CASE/name" for each name (NULL-terminated) to l. */
void lt_cli_case_files(struct lt_audit_list *l, const char *case_dir, const char *const *names);

/* Write the command's audit line (once; later calls return status as it
 * is). With no audit_case nothing is written. A failure is reported as
 * "leaktrail CMD: error|warning: CASE/audit.log: why"; with
 * LT_CMD_AUDIT_REQUIRED it turns a status of 0-2 into LT_EXIT_IO.
 * Returns the command's exit status. */
int lt_cli_audit(struct lt_cli *c, int status);

#endif
