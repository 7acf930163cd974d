/* Evidence hashing through OpenSSL's EVP interface.
 *
 * lt_hasher computes SHA-256, and optionally SHA-1 and MD5 (what examiners
 * and older tools still quote), in one pass over the bytes. The hasher owns
 * its EVP contexts; lt_hasher_final releases them.
 */
#ifndef LT_HASH_H
#define LT_HASH_H
#include <stddef.h>

#define LT_SHA256_HEX 65
#define LT_SHA1_HEX 41
#define LT_MD5_HEX 33

enum { LT_HASH_SHA256 = 1, LT_HASH_SHA1 = 2, LT_HASH_MD5 = 4, LT_HASH_ALL = 7 };

struct lt_hasher {
	void *ctx[3]; /* EVP_MD_CTX*, NULL where not requested */
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

/* One-shot SHA-256 of a memory block, hex into out[65]. */
void lt_sha256_hex(const void *p, size_t n, char out[LT_SHA256_HEX]);
/* SHA-256 of a whole file; returns 0, or -1 with errno set. */
int lt_sha256_file(const char *path, char out[LT_SHA256_HEX]);

#endif
