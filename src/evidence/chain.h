/* Hash chains over lists of text fields (timeline entries, audit log lines).
 *
 * An item's canonical bytes are its fields, each escaped (backslash -> "\\",
 * LF -> "\n", CR -> "\r") and joined with one LF, with the previous item's
 * hash (hex) as the first field. Its hash is the SHA-256 of those bytes in
 * lowercase hex. The first item's previous hash is LT_CHAIN_GENESIS (64
 * zeros). doc/evidence.md shows how to recompute it with jq and sha256sum.
 *
 * Ownership: nothing is allocated that the caller must free.
 */
#ifndef LT_CHAIN_H
#define LT_CHAIN_H
#include <stddef.h>

#include "util/buf.h"
#include "util/hash.h"

#define LT_CHAIN_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* Append the canonical bytes of (prev, fields[0..n)) to out. */
void lt_chain_canonical(struct lt_buf *out, const char *prev, const char *const *fields, size_t n);
/* hash = SHA-256(canonical bytes), hex. */
void lt_chain_hash(const char *prev, const char *const *fields, size_t n, char hash[LT_SHA256_HEX]);

#endif
