/* leaktrail parsers: list the formats, so an admin can see what --format takes. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "parse/parser.h"
#include "util/diag.h"

int cmd_parsers(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("usage: leaktrail parsers\n\nLists every log format leaktrail reads: "
		     "its name (for --format), its family and what it is.");
		return LT_EXIT_OK;
	}
	if (argc > 1)
		return lt_usage_error("parsers", "unexpected argument '%s'", argv[1]);
	printf("%-20s %-11s %s\n", "NAME", "FAMILY", "DESCRIPTION");
	for (size_t i = 0; lt_parser_list[i]; i++)
		printf("%-20s %-11s %s\n", lt_parser_list[i]->name, lt_parser_list[i]->family,
		       lt_parser_list[i]->description);
	return LT_EXIT_OK;
}
