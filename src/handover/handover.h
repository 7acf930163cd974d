/* The hand-over package for counsel, police or internal use (doc/handover.md):
 * one folder with the 経緯書 (chronological account, ja and en, HTML and PDF),
 * the timelines, the case manifest with its seal, the custody record, a
 * package description (handover.json), SHA256SUMS over every file and a
 * Japanese README that shows how to check it all without leaktrail.
 *
 * Ownership: the caller owns the options; nothing is retained.
 */
#ifndef LT_HANDOVER_H
#define LT_HANDOVER_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "evidence/audit.h"
#include "evidence/verify.h"

struct lt_handover_opts {
	const char *case_dir;
	const char *out_dir;		/* must not exist */
	const char *audience;		/* "counsel", "police" or "internal" */
	const char *const *persons;	/* the persons the account is about (at least one) */
	size_t npersons;
	const char *pseudo_key;		/* internal: the pseudonym key (required there) */
	const char *sign_key;		/* Ed25519 PEM: sign SHA256SUMS; NULL: unsigned */
	struct lt_verify_opts verify;	/* for the check of the case before packing */
	bool zip;			/* also write OUT_DIR.zip */
	int argc;
	char *const *argv;
};

/* Build the package. Returns an enum lt_exit value: LT_EXIT_USAGE for bad
 * input (unknown audience or person, output folder exists), LT_EXIT_VERIFY
 * when the case fails verification (err names the first difference),
 * LT_EXIT_IO otherwise. Every file written is added to outputs (for the
 * case's audit log). */
int lt_handover_build(const struct lt_handover_opts *o, struct lt_audit_list *outputs, char *err, size_t errlen);

/* Is dir a hand-over package (it holds handover.json and SHA256SUMS)? */
bool lt_handover_is_package(const char *dir);

/* Check a package on its own: SHA256SUMS against every file (and no file
 * unlisted), its signature, the timelines' and journals' hash chains.
 * pubkey: check SHA256SUMS.sig with this key instead of the signer.pub.pem
 * the package carries. One line per check on out; 0 all match, 1 something
 * differs (res->first names it), -1 not readable as a package. */
int lt_handover_verify(const char *dir, const char *pubkey, FILE *out, struct lt_verify_result *res);

#endif
