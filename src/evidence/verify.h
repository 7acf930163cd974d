/* leaktrail verify: is the case still what its manifest says?
 *
 * Checks, in this order, and names the first item that differs:
 *  1. the manifest parses; its Ed25519 signature (with a public key) and its
 *     RFC 3161 time-stamp reply (with a CA certificate), when asked for;
 *  2. every evidence file at its recorded path (SHA-256 of the stored bytes),
 *     and every member/stream (re-walked through the input layer, SHA-256 of
 *     the decompressed bytes);
 *  3. every hashed case file the manifest lists (records, findings, ...);
 *  4. every output (SHA-256 and size), and for chained timelines the chain,
 *     re-walked from the file, against the recorded entry count and head;
 *  5. the audit log's chain, and that it still holds the lines the manifest
 *     saw when it was last written.
 * Each check prints one line on out ("ok ..." or "DIFFERS ...").
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_VERIFY_H
#define LT_VERIFY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>

#include "evidence/tlcheck.h"

struct lt_verify_opts {
	const char *pubkey;	/* PEM; NULL: a present signature is reported, not checked */
	const char *ca;		/* PEM CA for the .tsr; NULL: not checked */
	const char *tsa_cert;	/* PEM TSA certificate(s), when the reply does not carry them */
	bool skip_evidence;	/* do not re-read the evidence files */
	/* The chain reader of an output format, or NULL when the format is not
	 * chained: the exporter table's lookup (export/exporters.h), passed
	 * down so that this floor does not include the one above. */
	lt_chain_reader (*chain_reader)(const char *format);
};

struct lt_verify_result {
	unsigned checks, differences, unchecked;
	char first[1024];	/* the first difference ("" when none) */
};

/* One check's line on out ("ok ...", "DIFFERS ...", "unchecked ...") and
 * its count in res; the first difference is kept in res->first. The one
 * writer of verification lines, shared by verify and the hand-over
 * package check (src/handover/pkgverify.c). */
enum lt_check_result { LT_CHECK_OK, LT_CHECK_DIFFERS, LT_CHECK_UNCHECKED };
void lt_verify_vreport(FILE *out, struct lt_verify_result *res, enum lt_check_result r, const char *fmt,
		       va_list ap);

/* Returns 0 when everything matches, 1 when something differs, -1 when the
 * case cannot be read at all (first[] says why). */
int lt_verify_case(const char *case_dir, const struct lt_verify_opts *opts, FILE *out,
		   struct lt_verify_result *res);

#endif
