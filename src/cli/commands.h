/* The subcommand table, git-style. Each command lives in its own cmd_*.c,
 * parses its own options and returns an exit status from enum lt_exit. */
#ifndef LT_COMMANDS_H
#define LT_COMMANDS_H

#include "case/seal.h"

struct lt_command {
	const char *name;
	int (*fn)(int argc, char **argv);	/* argv[0] is the command name */
	const char *summary;
	unsigned flags;
};

int cmd_ingest(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_parsers(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_reidentify(int argc, char **argv);
int cmd_run(int argc, char **argv);

int cmd_scan(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_note(int argc, char **argv);
int cmd_custody(int argc, char **argv);
int cmd_handover(int argc, char **argv);
int cmd_merge(int argc, char **argv);

/* -j: the number of processors (1 when unknown), and "N" for 1..64. */
unsigned lt_default_jobs(void);
int lt_parse_jobs(const char *s, unsigned *out);

/* Shared by commands: print "leaktrail: error: ..." and return LT_EXIT_USAGE. */
int lt_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
