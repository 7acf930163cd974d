/* Hash chains: the canonical bytes of an item (see chain.h). */
#include "evidence/chain.h"

static void put_escaped(struct lt_buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\\')
			lt_buf_puts(out, "\\\\");
		else if (*s == '\n')
			lt_buf_puts(out, "\\n");
		else if (*s == '\r')
			lt_buf_puts(out, "\\r");
		else
			lt_buf_putc(out, *s);
	}
}

void lt_chain_canonical(struct lt_buf *out, const char *prev, const char *const *fields, size_t n)
{
	put_escaped(out, prev);
	for (size_t i = 0; i < n; i++) {
		lt_buf_putc(out, '\n');
		put_escaped(out, fields[i]);
	}
}

void lt_chain_hash(const char *prev, const char *const *fields, size_t n, char hash[LT_SHA256_HEX])
{
	struct lt_buf b = LT_BUF_INIT;
	lt_chain_canonical(&b, prev, fields, n);
	lt_sha256_hex(b.data ? b.data : "", b.len, hash);
	lt_buf_free(&b);
}
