#include "util/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <unistd.h>

static const EVP_MD *md_for(int i)
{
	switch (i) {
	case 0: return EVP_sha256();
	case 1: return EVP_sha1();
	default: return EVP_md5();
	}
}

void lt_hasher_init(struct lt_hasher *h, int which)
{
	for (int i = 0; i < 3; i++) {
		h->ctx[i] = NULL;
		if (!(which & (1 << i)))
			continue;
		EVP_MD_CTX *c = EVP_MD_CTX_new();
		EVP_DigestInit_ex(c, md_for(i), NULL);
		h->ctx[i] = c;
	}
}

void lt_hasher_update(struct lt_hasher *h, const void *p, size_t n)
{
	for (int i = 0; i < 3; i++)
		if (h->ctx[i])
			EVP_DigestUpdate(h->ctx[i], p, n);
}

static void to_hex(const unsigned char *d, unsigned n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (unsigned i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

void lt_hasher_final(struct lt_hasher *h, struct lt_digests *out)
{
	char *dst[3] = { out->sha256, out->sha1, out->md5 };
	for (int i = 0; i < 3; i++) {
		dst[i][0] = '\0';
		if (!h->ctx[i])
			continue;
		unsigned char d[EVP_MAX_MD_SIZE];
		unsigned n = 0;
		EVP_DigestFinal_ex(h->ctx[i], d, &n);
		to_hex(d, n, dst[i]);
		EVP_MD_CTX_free(h->ctx[i]);
		h->ctx[i] = NULL;
	}
}

void lt_hasher_peek(const struct lt_hasher *h, struct lt_digests *out)
{
	struct lt_hasher copy;
	for (int i = 0; i < 3; i++) {
		copy.ctx[i] = NULL;
		if (!h->ctx[i])
			continue;
		copy.ctx[i] = EVP_MD_CTX_new();
		EVP_MD_CTX_copy_ex(copy.ctx[i], h->ctx[i]);
	}
	lt_hasher_final(&copy, out);
}

void lt_sha256_hex(const void *p, size_t n, char out[LT_SHA256_HEX])
{
	struct lt_hasher h;
	struct lt_digests d;
	lt_hasher_init(&h, LT_HASH_SHA256);
	lt_hasher_update(&h, p, n);
	lt_hasher_final(&h, &d);
	for (int i = 0; i < LT_SHA256_HEX; i++)
		out[i] = d.sha256[i];
}

int lt_sha256_file(const char *path, char out[LT_SHA256_HEX])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct lt_hasher h;
	struct lt_digests d;
	lt_hasher_init(&h, LT_HASH_SHA256);
	char buf[65536];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			lt_hasher_final(&h, &d);
			close(fd);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		lt_hasher_update(&h, buf, (size_t)n);
	}
	close(fd);
	lt_hasher_final(&h, &d);
	for (int i = 0; i < LT_SHA256_HEX; i++)
		out[i] = d.sha256[i];
	return 0;
}
