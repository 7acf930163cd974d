/* The parser table: every parser leaktrail knows, in tie-break order.
 * Adding a parser: write parsers/NAME.c with a const struct lt_parser,
 * declare it below, add it to the table and to parsers/local.mk. */
#include <string.h>

#include "parse/parser.h"

/* parsers-net */
extern const struct lt_parser lt_parser_squid;
extern const struct lt_parser lt_parser_linux_auth;
extern const struct lt_parser lt_parser_access_log;
extern const struct lt_parser lt_parser_w3c;
extern const struct lt_parser lt_parser_zscaler_nss;
extern const struct lt_parser lt_parser_openvpn;
extern const struct lt_parser lt_parser_cisco_asa;
extern const struct lt_parser lt_parser_fortigate;
extern const struct lt_parser lt_parser_panos_globalprotect;
extern const struct lt_parser lt_parser_strongswan;

static const struct lt_parser *const parser_table[] = {
	&lt_parser_squid,
	&lt_parser_linux_auth,
	&lt_parser_access_log,
	&lt_parser_w3c,
	&lt_parser_zscaler_nss,
	&lt_parser_openvpn,
	&lt_parser_cisco_asa,
	&lt_parser_fortigate,
	&lt_parser_panos_globalprotect,
	&lt_parser_strongswan,
	NULL
};

const struct lt_parser *const *const lt_parser_list = parser_table;

const struct lt_parser *lt_parser_find(const char *name)
{
	for (size_t i = 0; parser_table[i]; i++)
		if (strcmp(parser_table[i]->name, name) == 0)
			return parser_table[i];
	return NULL;
}

const struct lt_parser *lt_parser_select(const struct lt_probe_data *pd, int *confidence)
{
	const struct lt_parser *best = NULL;
	int best_bid = LT_PROBE_MIN - 1;
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
