/* The subcommand table, git-style. Each command lives in its own cmd_*.c,
 * reads its options through lt_cli_next (cli.h) and returns an exit status
 * from enum lt_exit; the table's flags (LT_CMD_*) say what the dispatcher
 * sets up and finishes for it (the case directory, the audit line). */
#ifndef LT_COMMANDS_H
#define LT_COMMANDS_H

#include "case/seal.h"

struct lt_cli;

struct lt_command {
	const char *name;
	int (*fn)(struct lt_cli *c);	/* c->argv[0] is the command name */
	const char *summary;
	unsigned flags;		/* LT_CMD_* (cli.h) */
};

int cmd_ingest(struct lt_cli *c);
int cmd_dump(struct lt_cli *c);
int cmd_parsers(struct lt_cli *c);
int cmd_timeline(struct lt_cli *c);
int cmd_verify(struct lt_cli *c);
int cmd_sign(struct lt_cli *c);
int cmd_reidentify(struct lt_cli *c);
int cmd_run(struct lt_cli *c);

int cmd_scan(struct lt_cli *c);
int cmd_rules(struct lt_cli *c);
int cmd_note(struct lt_cli *c);
int cmd_custody(struct lt_cli *c);
int cmd_handover(struct lt_cli *c);
int cmd_merge(struct lt_cli *c);

/* -j: the number of processors (1 when unknown), and "N" for 1..64. */
unsigned lt_default_jobs(void);
int lt_parse_jobs(const char *s, unsigned *out);

/* Shared by commands: print "leaktrail: error: ..." and return LT_EXIT_USAGE. */
int lt_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
