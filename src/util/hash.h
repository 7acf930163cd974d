/* Evidence hashing through OpenSSL's low-level digest functions.
 *
 * lt_hasher computes SHA-256, and optionally SHA-1 and MD5 (what examiners
 * and older tools still quote), in one pass over the bytes. The hasher owns
 * its contexts; lt_hasher_final releases them.
 *
 * Why the low-level SHA256_Init/Update (deprecated in OpenSSL 3, still
 * shipped) and not EVP: an incremental run (doc/cron.md) keeps the state of
 * a file's hashes after the last byte it read, and extends it the next
 * night with the new bytes only. EVP contexts cannot be saved; the
 * low-level contexts are plain structs whose fields (chaining values,
 * length, the unfinished block) lt_hasher_save writes out field by field,
 * so the text does not depend on the build or the machine's byte order.
 * The results are the same digests (tests/unit/test_util.c).
 */
#ifndef LT_HASH_H
#define LT_HASH_H
#include <stddef.h>

#define LT_SHA256_HEX 65
#define LT_SHA1_HEX 41
#define LT_MD5_HEX 33

enum { LT_HASH_SHA256 = 1, LT_HASH_SHA1 = 2, LT_HASH_MD5 = 4, LT_HASH_ALL = 7 };

struct lt_hasher {
	void *ctx[3]; /* SHA256_CTX*, SHA_CTX*, MD5_CTX*; NULL where not requested */
};

struct lt_digests {
	char sha256[LT_SHA256_HEX];
	char sha1[LT_SHA1_HEX];
	char md5[LT_MD5_HEX];
};

void lt_hasher_init(struct lt_hasher *h, int which);
void lt_hasher_update(struct lt_hasher *h, const void *p, size_t n);
/* The digests of what was hashed so far, without ending the hasher. */
void lt_hasher_peek(const struct lt_hasher *h, struct lt_digests *out);
/* Writes lowercase hex; digests not requested are left as "". */
void lt_hasher_final(struct lt_hasher *h, struct lt_digests *out);

/* The hasher's state as text (malloc'd; free it): which digests, and for
 * each its chaining values, byte count and the bytes of the unfinished
 * 64-byte block. lt_hasher_load makes h (not initialised, or finalised)
 * continue from such a text exactly. Returns 0, or -1 on a malformed text
 * (h then holds nothing to release). */
char *lt_hasher_save(const struct lt_hasher *h);
int lt_hasher_load(struct lt_hasher *h, const char *text);
/* The byte count a saved state covers, or -1 when malformed. */
long long lt_hasher_saved_bytes(const char *text);

/* One-shot SHA-256 of a memory block, hex into out[65]. */
void lt_sha256_hex(const void *p, size_t n, char out[LT_SHA256_HEX]);
/* SHA-256 of a whole file; returns 0, or -1 with errno set. */
int lt_sha256_file(const char *path, char out[LT_SHA256_HEX]);

#endif
