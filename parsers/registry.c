/* The built-in parser table: every parser leaktrail ships, in tie-break
 * order (the first of equal bids wins). The parse layer (src/parse/registry.c)
 * selects from it; it knows the table only by this symbol.
 * Adding a parser: write parsers/NAME.c with a const struct lt_parser,
 * declare it below, add it to the table and to parsers/local.mk. */
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
extern const struct lt_parser lt_parser_openvpn_status;

const struct lt_parser *const lt_builtin_parsers[] = {
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
	&lt_parser_openvpn_status,
	NULL,
};
