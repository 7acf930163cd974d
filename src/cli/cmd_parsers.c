/* leaktrail parsers: list the formats, so an admin can see what --format takes. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "parse/parser.h"
#include "parse/userformat.h"
#include "util/diag.h"

static void list_options(const struct lt_parser *const *table)
{
	printf("%-28s %-10s %s\n", "OPTION", "DEFAULT", "WHAT");
	for (size_t i = 0; table[i]; i++)
		for (const struct lt_parser_option *o = table[i]->options; o && o->name; o++) {
			char name[96];
			snprintf(name, sizeof name, "%s.%s", table[i]->name, o->name);
			printf("%-28s %-10s %s\n", name, o->def ? o->def : "-", o->help);
		}
}

int cmd_parsers(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("usage: leaktrail parsers [--formats FILE] [--options]\n\nLists every log format leaktrail reads: "
		     "its name (for --format), its family and what it is.\n"
		     "With --formats, the user-defined formats in FILE are checked and listed too.\n"
		     "With --options, the parser options instead (--parser-option PARSER.NAME=VALUE).");
		return LT_EXIT_OK;
	}
	bool options = false;
	if (argc > 1 && strcmp(argv[1], "--options") == 0) {
		options = true;
		argc--;
		argv++;
	}
	if (argc > 1 && strcmp(argv[1], "--formats") == 0) {
		if (argc < 3)
			return lt_usage_error("parsers", "--formats needs a FILE");
		char err[512];
		if (lt_userformat_load(argv[2], err, sizeof err) < 0)
			return lt_usage_error("parsers", "%s", err);
		argc -= 2;
		argv += 2;
	}
	if (argc > 1)
		return lt_usage_error("parsers", "unexpected argument '%s'", argv[1]);
	const struct lt_parser *const *table = lt_parser_table();
	if (options) {
		list_options(table);
		lt_userformat_unload();
		return LT_EXIT_OK;
	}
	printf("%-20s %-11s %s\n", "NAME", "FAMILY", "DESCRIPTION");
	for (size_t i = 0; table[i]; i++)
		printf("%-20s %-11s %s\n", table[i]->name, table[i]->family, table[i]->description);
	lt_userformat_unload();
	return LT_EXIT_OK;
}
