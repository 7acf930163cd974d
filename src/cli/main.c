/* leaktrail: insider-threat log forensics. Dispatches to subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "util/diag.h"
#include "util/escape.h"

static const struct lt_command commands[] = {
	{ "ingest", cmd_ingest, "read logs as evidence into a case: records and manifest", 0 },
	{ "dump", cmd_dump, "print a case's records as JSON lines", 0 },
	{ "parsers", cmd_parsers, "list the log formats leaktrail reads", 0 },
	{ "run", cmd_run, "ingest, scan and write every report in one go", 0 },
	{ "timeline", cmd_timeline, "write the evidence timeline or report (CSV, JSONL, HTML)", 0 },
	{ "verify", cmd_verify, "check a case's evidence, outputs and chains against its manifest", 0 },
	{ "sign", cmd_sign, "sign the case manifest (Ed25519) and write a time-stamp request", 0 },
	{ "reidentify", cmd_reidentify, "turn pseudonym tokens back into names (needs the key)", 0 },
	{ "scan", cmd_scan, "run the rules over a case: findings and coverage", 0 },
	{ "rules", cmd_rules, "check rule files, list the loaded rules", 0 },
	{ "note", cmd_note, "add the examiner's note to a finding (chained)", 0 },
	{ "custody", cmd_custody, "record who handed evidence to whom (chained)", 0 },
	{ "handover", cmd_handover, "write the package for counsel, police or internal use", 0 },
	{ "merge", cmd_merge, "merge the shard cases of one input list into one case", 0 },
};

int lt_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	char msg[2048];
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* arguments may quote a context or format file: escaped */
	fprintf(stderr, "leaktrail %s: error: %s\n(see 'leaktrail %s --help')\n", cmd, lt_esc(msg), cmd);
	return LT_EXIT_USAGE;
}

unsigned lt_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

int lt_parse_jobs(const char *s, unsigned *out)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);
	if (end == s || *end || n < 1 || n > 64)
		return -1;
	*out = (unsigned)n;
	return 0;
}

static void usage(FILE *out)
{
	fputs("usage: leaktrail COMMAND [OPTIONS] [ARGS]\n\n"
	      "Reads company logs as evidence and reports signs of trade-secret leaks.\n\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'leaktrail COMMAND --help' describes a command; man leaktrail has it all.\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return LT_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
		usage(stdout);
		return LT_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0) {
		printf("leaktrail %s\n", PACKAGE_VERSION);
		return LT_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(name, commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "leaktrail: error: '%s' is not a command\n", name);
	usage(stderr);
	return LT_EXIT_USAGE;
}
