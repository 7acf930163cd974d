/* Parser selection: the built-in table (parsers/registry.c) followed by
 * the parsers defined at run time (user formats), found by name or chosen
 * by the highest probe bid. See parser.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
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

/* ---- declared options ---- */

static const struct lt_parser_option *find_option(const struct lt_parser *p, const char *name, size_t n)
{
	for (const struct lt_parser_option *o = p->options; o && o->name; o++)
		if (strlen(o->name) == n && strncmp(o->name, name, n) == 0)
			return o;
	return NULL;
}

static int value_ok(const struct lt_parser_option *o, const char *v, char *err, size_t errlen, const char *opt)
{
	if (o->type == LT_OPT_TEXT && *v)
		return 0;
	if (o->type == LT_OPT_COUNT) {
		char *end;
		errno = 0;
		unsigned long long x = strtoull(v, &end, 10);
		if (*v >= '0' && *v <= '9' && *end == '\0' && errno == 0 && x >= o->min && x <= o->max)
			return 0;
		snprintf(err, errlen, "--parser-option %s: a number from %" PRIu64 " to %" PRIu64 " is wanted", opt,
			 o->min, o->max);
		return -1;
	}
	for (size_t i = 0; o->type == LT_OPT_CHOICE && o->choices[i]; i++)
		if (strcmp(v, o->choices[i]) == 0)
			return 0;
	snprintf(err, errlen, "--parser-option %s: %s", opt,
		 o->type == LT_OPT_TEXT ? "the value is empty" : "not one of the values 'leaktrail parsers --options' lists");
	return -1;
}

/* An unqualified name: which parser declares it (for the error message). */
static const struct lt_parser *declarer(const char *name, size_t n)
{
	builtin_count();
	for (size_t i = 0; parser_table[i]; i++)
		if (find_option(parser_table[i], name, n))
			return parser_table[i];
	return NULL;
}

static int check_one(const char *opt, char *err, size_t errlen)
{
	const char *eq = strchr(opt, '=');
	const char *dot = memchr(opt, '.', eq ? (size_t)(eq - opt) : strlen(opt));
	if (!eq) {
		snprintf(err, errlen, "--parser-option wants PARSER.NAME=VALUE, not '%s'", opt);
		return -1;
	}
	if (!dot) {
		const struct lt_parser *p = declarer(opt, (size_t)(eq - opt));
		if (p)
			snprintf(err, errlen, "--parser-option %.*s: write it as %s.%.*s", (int)(eq - opt), opt, p->name,
				 (int)(eq - opt), opt);
		else
			snprintf(err, errlen, "--parser-option %.*s: no parser has this option ('leaktrail parsers --options')",
				 (int)(eq - opt), opt);
		return -1;
	}
	char pname[64];
	size_t pn = (size_t)(dot - opt);
	if (pn >= sizeof pname)
		pn = sizeof pname - 1;
	memcpy(pname, opt, pn);
	pname[pn] = '\0';
	const struct lt_parser *p = lt_parser_find(pname);
	if (!p) {
		snprintf(err, errlen, "--parser-option %.*s: no parser is called '%s'", (int)(eq - opt), opt, pname);
		return -1;
	}
	const struct lt_parser_option *o = find_option(p, dot + 1, (size_t)(eq - dot - 1));
	if (!o) {
		snprintf(err, errlen, "--parser-option %.*s: parser %s has no such option ('leaktrail parsers --options')",
			 (int)(eq - opt), opt, p->name);
		return -1;
	}
	return value_ok(o, eq + 1, err, errlen, opt);
}

int lt_parser_options_check(const char *const *opts, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++)
		if (check_one(opts[i], err, errlen) != 0)
			return -1;
	return 0;
}
