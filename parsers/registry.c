/* The parser table: every parser leaktrail knows, in tie-break order.
 * Adding a parser: write parsers/NAME.c with a const struct lt_parser,
 * declare it below, add it to the table and to parsers/local.mk. */
#include <string.h>

#include "parse/parser.h"

extern const struct lt_parser lt_parser_windows_evtx;
extern const struct lt_parser lt_parser_windows_xml;
extern const struct lt_parser lt_parser_windows_csv;
/* parsers-mail */
extern const struct lt_parser lt_parser_samba_audit, lt_parser_cups_page_log, lt_parser_usb_kernel,
	lt_parser_exchange_msgtrk, lt_parser_postfix, lt_parser_mail_rfc5322;

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
/* formats (issue 11): SIEM forwards and variants */
extern const struct lt_parser lt_parser_cef;
extern const struct lt_parser lt_parser_iis_native;
extern const struct lt_parser lt_parser_json_access;
extern const struct lt_parser lt_parser_journald;
extern const struct lt_parser lt_parser_proxifier;

#define MAX_RUNTIME_PARSERS 32

/* Not const: run-time parsers (user formats) are appended after the
 * built-ins, into the spare slots at the end. */
static const struct lt_parser *parser_table[] = {
	&lt_parser_windows_evtx,
	&lt_parser_windows_xml,
	&lt_parser_windows_csv,
	/* parsers-mail */
	&lt_parser_exchange_msgtrk,
	&lt_parser_postfix,
	&lt_parser_mail_rfc5322,
	&lt_parser_samba_audit,
	&lt_parser_cups_page_log,
	&lt_parser_usb_kernel,
	/* parsers-net */
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
	/* formats (issue 11) */
	&lt_parser_cef,
	&lt_parser_iis_native,
	&lt_parser_json_access,
	&lt_parser_journald,
	&lt_parser_proxifier,
	NULL,
	/* room for MAX_RUNTIME_PARSERS run-time parsers and the final NULL */
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

const struct lt_parser *const *const lt_parser_list = (const struct lt_parser *const *)parser_table;

#define TABLE_SLOTS (sizeof parser_table / sizeof parser_table[0])
static size_t builtin_count(void)
{
	static size_t n = (size_t)-1;
	if (n == (size_t)-1) {
		n = 0;
		while (parser_table[n])
			n++;
	}
	return n;
}

int lt_parser_register(const struct lt_parser *p)
{
	size_t nb = builtin_count();
	size_t i = 0;
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
