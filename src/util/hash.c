#include "util/hash.h"

/* The low-level digest API is deprecated in OpenSSL 3 but shipped: see
 * hash.h for why it is used. */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/md5.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

/* The three digests alike: chaining words, the bit count and the block
 * buffer of each context, so saving and loading is one function. */
struct md_view {
	unsigned nwords;		/* chaining values (32-bit) */
	uint32_t *words[8];
	uint32_t *nl, *nh;		/* bit count, low and high word */
	unsigned char *data;		/* the unfinished block */
	unsigned int *num;		/* its bytes */
};

static const char *const md_names[3] = { "sha256", "sha1", "md5" };

static size_t ctx_size(int i)
{
	return i == 0 ? sizeof(SHA256_CTX) : i == 1 ? sizeof(SHA_CTX) : sizeof(MD5_CTX);
}

static void ctx_init(int i, void *c)
{
	if (i == 0)
		SHA256_Init(c);
	else if (i == 1)
		SHA1_Init(c);
	else
		MD5_Init(c);
}

static void md_view_of(int i, void *c, struct md_view *v)
{
	if (i == 0) {
		SHA256_CTX *x = c;
		v->nwords = 8;
		for (unsigned k = 0; k < 8; k++)
			v->words[k] = &x->h[k];
		v->nl = &x->Nl, v->nh = &x->Nh, v->data = (unsigned char *)x->data, v->num = &x->num;
	} else if (i == 1) {
		SHA_CTX *x = c;
		uint32_t *w[5] = { &x->h0, &x->h1, &x->h2, &x->h3, &x->h4 };
		v->nwords = 5;
		memcpy(v->words, w, sizeof w);
		v->nl = &x->Nl, v->nh = &x->Nh, v->data = (unsigned char *)x->data, v->num = &x->num;
	} else {
		MD5_CTX *x = c;
		uint32_t *w[4] = { &x->A, &x->B, &x->C, &x->D };
		v->nwords = 4;
		memcpy(v->words, w, sizeof w);
		v->nl = &x->Nl, v->nh = &x->Nh, v->data = (unsigned char *)x->data, v->num = &x->num;
	}
}

void lt_hasher_init(struct lt_hasher *h, int which)
{
	for (int i = 0; i < 3; i++) {
		h->ctx[i] = NULL;
		if (!(which & (1 << i)))
			continue;
		h->ctx[i] = lt_xmalloc(ctx_size(i));
		ctx_init(i, h->ctx[i]);
	}
}

void lt_hasher_update(struct lt_hasher *h, const void *p, size_t n)
{
	if (h->ctx[0])
		SHA256_Update(h->ctx[0], p, n);
	if (h->ctx[1])
		SHA1_Update(h->ctx[1], p, n);
	if (h->ctx[2])
		MD5_Update(h->ctx[2], p, n);
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

static unsigned ctx_final(int i, void *c, unsigned char *d)
{
	if (i == 0) {
		SHA256_Final(d, c);
		return SHA256_DIGEST_LENGTH;
	}
	if (i == 1) {
		SHA1_Final(d, c);
		return SHA_DIGEST_LENGTH;
	}
	MD5_Final(d, c);
	return MD5_DIGEST_LENGTH;
}

void lt_hasher_final(struct lt_hasher *h, struct lt_digests *out)
{
	char *dst[3] = { out->sha256, out->sha1, out->md5 };
	for (int i = 0; i < 3; i++) {
		dst[i][0] = '\0';
		if (!h->ctx[i])
			continue;
		unsigned char d[SHA256_DIGEST_LENGTH];
		unsigned n = ctx_final(i, h->ctx[i], d);
		to_hex(d, n, dst[i]);
		free(h->ctx[i]);
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
		copy.ctx[i] = lt_xmalloc(ctx_size(i));
		memcpy(copy.ctx[i], h->ctx[i], ctx_size(i));
	}
	lt_hasher_final(&copy, out);
}

/* Text: per digest "NAME:WORDS:BYTES:TAIL", separated by spaces; WORDS the
 * chaining values as 8 hex digits each, BYTES the bytes hashed (decimal),
 * TAIL the hex of the BYTES % 64 bytes of the unfinished block. */
char *lt_hasher_save(const struct lt_hasher *h)
{
	struct lt_buf b = LT_BUF_INIT;
	for (int i = 0; i < 3; i++) {
		if (!h->ctx[i])
			continue;
		struct md_view v;
		md_view_of(i, h->ctx[i], &v);
		lt_buf_printf(&b, "%s%s:", b.len ? " " : "", md_names[i]);
		for (unsigned k = 0; k < v.nwords; k++)
			lt_buf_printf(&b, "%08" PRIx32, *v.words[k]);
		uint64_t bits = ((uint64_t)*v.nh << 32) | *v.nl;
		lt_buf_printf(&b, ":%" PRIu64 ":", bits / 8);
		for (unsigned k = 0; k < *v.num; k++)
			lt_buf_printf(&b, "%02x", v.data[k]);
	}
	return lt_buf_detach(&b);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse n bytes of hex at *p into out; advances *p. */
static int parse_hex(const char **p, unsigned char *out, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		int hi = hexval((*p)[0]);
		int lo = hi < 0 ? -1 : hexval((*p)[1]);
		if (lo < 0)
			return -1;
		out[k] = (unsigned char)(hi << 4 | lo);
		*p += 2;
	}
	return 0;
}

/* One "NAME:WORDS:BYTES:TAIL" at *p into a fresh context of digest i. */
static int load_one(int i, void *c, const char **p)
{
	struct md_view v;
	ctx_init(i, c);
	md_view_of(i, c, &v);
	for (unsigned k = 0; k < v.nwords; k++) {
		unsigned char w[4];
		if (parse_hex(p, w, 4) != 0)
			return -1;
		*v.words[k] = (uint32_t)w[0] << 24 | (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 | w[3];
	}
	if (**p != ':')
		return -1;
	char *end;
	errno = 0;
	unsigned long long bytes = strtoull(*p + 1, &end, 10);
	if (errno || end == *p + 1 || *end != ':' || bytes > UINT64_MAX / 8)
		return -1;
	*p = end + 1;
	uint64_t bits = (uint64_t)bytes * 8;
	*v.nl = (uint32_t)bits;
	*v.nh = (uint32_t)(bits >> 32);
	*v.num = (unsigned)(bytes % 64);
	return parse_hex(p, v.data, *v.num);
}

static void release(struct lt_hasher *h)
{
	for (int i = 0; i < 3; i++) {
		free(h->ctx[i]);
		h->ctx[i] = NULL;
	}
}

int lt_hasher_load(struct lt_hasher *h, const char *text)
{
	const char *p = text;
	for (int i = 0; i < 3; i++)
		h->ctx[i] = NULL;
	for (int i = 0; i < 3 && *p; i++) {
		size_t len = strlen(md_names[i]);
		if (strncmp(p, md_names[i], len) != 0 || p[len] != ':')
			continue;
		p += len + 1;
		h->ctx[i] = lt_xmalloc(ctx_size(i));
		if (load_one(i, h->ctx[i], &p) != 0 || (*p && *p++ != ' ')) {
			release(h);
			return -1;
		}
	}
	if (*p || (!h->ctx[0] && !h->ctx[1] && !h->ctx[2])) {
		release(h);
		return -1;
	}
	return 0;
}

long long lt_hasher_saved_bytes(const char *text)
{
	struct lt_hasher h;
	if (lt_hasher_load(&h, text) != 0)
		return -1;
	long long bytes = -1;
	for (int i = 0; i < 3 && bytes < 0; i++) {
		if (!h.ctx[i])
			continue;
		struct md_view v;
		md_view_of(i, h.ctx[i], &v);
		bytes = (long long)((((uint64_t)*v.nh << 32) | *v.nl) / 8);
	}
	release(&h);
	return bytes;
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
