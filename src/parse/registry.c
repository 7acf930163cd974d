/* Parser selection: the built-in table (parsers/registry.c) followed by
 * the parsers defined at run time (user formats), found by name or chosen
 * by the highest probe bid. See parser.h. */
#include <string.h>

#include "parse/parser.h"

#define MAX_RUNTIME_PARSERS 32
#define MAX_BUILTIN_PARSERS 128

/* The built-ins are copied in on first use; run-time parsers go after them. */
static const struct lt_parser *parser_table[MAX_BUILTIN_PARSERS + MAX_RUNTIME_PARSERS + 1];
static size_t nbuiltin = (size_t)-1;

static size_t builtin_count(void)
{
	if (nbuiltin == (size_t)-1) {
		nbuiltin = 0;
		while (lt_builtin_parsers[nbuiltin] && nbuiltin < MAX_BUILTIN_PARSERS) {
			parser_table[nbuiltin] = lt_builtin_parsers[nbuiltin];
			nbuiltin++;
		}
	}
	return nbuiltin;
}

const struct lt_parser *const *lt_parser_table(void)
{
	builtin_count();
	return parser_table;
}

#define TABLE_SLOTS (sizeof parser_table / sizeof parser_table[0])

int lt_parser_register(const struct lt_parser *p)
{
	size_t nb = builtin_count();
	size_t i = nb;
	while (parser_table[i])
		i++;
	if (i + 1 >= TABLE_SLOTS || i - nb >= MAX_RUNTIME_PARSERS || lt_parser_find(p->name))
		return -1;
	parser_table[i] = p;
	parser_table[i + 1] = NULL;
	return 0;
}

void lt_parser_unregister_all(void)
{
	size_t nb = builtin_count();
	for (size_t i = nb; i < TABLE_SLOTS; i++)
		parser_table[i] = NULL;
}

const struct lt_parser *lt_parser_find(const char *name)
{
	builtin_count();
	for (size_t i = 0; parser_table[i]; i++)
		if (strcmp(parser_table[i]->name, name) == 0)
			return parser_table[i];
	return NULL;
}

const struct lt_parser *lt_parser_select(const struct lt_probe_data *pd, int *confidence)
{
	const struct lt_parser *best = NULL;
	int best_bid = LT_PROBE_MIN - 1;
	builtin_count();
	for (size_t i = 0; parser_table[i]; i++) {
		int bid = parser_table[i]->probe ? parser_table[i]->probe(pd) : 0;
		if (bid > best_bid) {
			best = parser_table[i];
			best_bid = bid;
		}
	}
	if (confidence)
		*confidence = best ? best_bid : 0;
	return best;
}
