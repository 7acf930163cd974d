/* Keyed pseudonyms for person identifiers (pseudo.h). */
#include "export/pseudo.h"

#include <ctype.h>
#include <errno.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/sort.h"
#include "util/xalloc.h"

struct lt_pseudo {
	unsigned char *key;
	size_t keylen;
	char **ids;		/* sorted longest first, then bytewise */
	char **canon;		/* the identifier whose token replaces ids[i] (parallel to ids) */
	size_t nids, capids;
	int sorted;
	lt_pseudo_resolver resolve;
	void *resolve_arg;
	lt_pseudo_keeper keep;
	void *keep_arg;
};

void lt_pseudo_set_keeper(struct lt_pseudo *p, lt_pseudo_keeper fn, void *arg)
{
	p->keep = fn;
	p->keep_arg = arg;
}

void lt_pseudo_set_resolver(struct lt_pseudo *p, lt_pseudo_resolver fn, void *arg)
{
	p->resolve = fn;
	p->resolve_arg = arg;
}

struct lt_pseudo *lt_pseudo_new(const void *key, size_t keylen)
{
	struct lt_pseudo *p = lt_xcalloc(1, sizeof *p);
	p->key = lt_xmalloc(keylen ? keylen : 1);
	memcpy(p->key, key, keylen);
	p->keylen = keylen;
	return p;
}

struct lt_pseudo *lt_pseudo_load(const char *keyfile, char *err, size_t errlen)
{
	FILE *f = fopen(keyfile, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", keyfile, strerror(errno));
		return NULL;
	}
	struct lt_buf b = LT_BUF_INIT;
	char chunk[4096];
	for (;;) {
		size_t n = fread(chunk, 1, sizeof chunk, f);
		if (n == 0 || b.len >= 65536)
			break;
		lt_buf_append(&b, chunk, n);
	}
	fclose(f);
	while (b.len > 0 && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == '\r'))
		b.len--;
	if (b.len < 16) {
		snprintf(err, errlen, "%s: a key needs at least 16 bytes (see doc/privacy.md: "
			 "openssl rand -hex 32 > KEYFILE)", keyfile);
		lt_buf_free(&b);
		return NULL;
	}
	struct lt_pseudo *p = lt_pseudo_new(b.data, b.len);
	lt_buf_free(&b);
	return p;
}

void lt_pseudo_free(struct lt_pseudo *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nids; i++) {
		free(p->ids[i]);
		free(p->canon[i]);
	}
	free(p->ids);
	free(p->canon);
	free(p->key);
	free(p);
}

void lt_pseudo_add_alias(struct lt_pseudo *p, const char *text, const char *canonical)
{
	if (!text || strlen(text) < 2 || !canonical)
		return;
	for (size_t i = 0; i < p->nids; i++)
		if (strcmp(p->ids[i], text) == 0)
			return;
	if (p->nids == p->capids) {
		p->capids = p->capids ? 2 * p->capids : 16;
		p->ids = lt_xrealloc(p->ids, p->capids * sizeof *p->ids);
		p->canon = lt_xrealloc(p->canon, p->capids * sizeof *p->canon);
	}
	p->ids[p->nids] = lt_xstrdup(text);
	p->canon[p->nids] = lt_xstrdup(canonical);
	p->nids++;
	p->sorted = 0;
}

void lt_pseudo_add(struct lt_pseudo *p, const char *id)
{
	lt_pseudo_add_alias(p, id, id);
}

static void token_of(const struct lt_pseudo *p, const char *s, size_t n, char out[LT_PSEUDO_TOKEN_LEN])
{
	unsigned char mac[EVP_MAX_MD_SIZE];
	unsigned maclen = 0;
	HMAC(EVP_sha256(), p->key, (int)p->keylen, (const unsigned char *)s, n, mac, &maclen);
	static const char hex[] = "0123456789abcdef";
	memcpy(out, "PSN-", 4);
	for (int i = 0; i < 8; i++) {
		out[4 + 2 * i] = hex[mac[i] >> 4];
		out[5 + 2 * i] = hex[mac[i] & 15];
	}
	out[20] = '\0';
}

void lt_pseudo_token(const struct lt_pseudo *p, const char *id, char out[LT_PSEUDO_TOKEN_LEN])
{
	token_of(p, id, strlen(id), out);
}

struct pair {
	char *text, *canon;
};

static int cmp_longest(const void *a, const void *b)
{
	const char *x = ((const struct pair *)a)->text, *y = ((const struct pair *)b)->text;
	size_t lx = strlen(x), ly = strlen(y);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x, y);
}

static int is_mail_char(unsigned char c)
{
	return c != 0 && (isalnum(c) || strchr("._%+-", c) != NULL);
}

/* Length of an e-mail address starting at s (0 when there is none). */
static size_t mail_at(const char *s, const char *start)
{
	if (s > start && is_mail_char((unsigned char)s[-1]))
		return 0;	/* not the start of the local part */
	size_t i = 0;
	while (is_mail_char((unsigned char)s[i]))
		i++;
	if (i == 0 || s[i] != '@')
		return 0;
	size_t j = i + 1, dots = 0;
	while (isalnum((unsigned char)s[j]) || s[j] == '-' || (s[j] == '.' && isalnum((unsigned char)s[j + 1]))) {
		dots += s[j] == '.';
		j++;
	}
	return dots > 0 ? j : 0;
}

/* Whether id occurs at q as a whole word: an ASCII letter or digit may not
 * touch it on either side (other scripts have no word boundaries to check). */
static int id_at(const char *q, const char *start, const char *id)
{
	size_t n = strlen(id);
	if (strncmp(q, id, n) != 0)
		return 0;
	if (q > start && isalnum((unsigned char)q[-1]) && isalnum((unsigned char)id[0]))
		return 0;
	if (isalnum((unsigned char)q[n]) && isalnum((unsigned char)id[n - 1]))
		return 0;
	return 1;
}

static int is_word_char(unsigned char c)
{
	/* "_" separates words here, so that a user name inside a file name
	 * (20261105_isuzuki.eml) is found. */
	return c != 0 && (isalnum(c) || strchr(".%+-@\\", c) != NULL);
}

/* A word at q that the resolver maps to a person: its length (0: none) and
 * the person id. When the whole word is not known, shorter prefixes ending
 * before a '.' or '-' are tried (isuzuki.eml, t.tanaka. at a sentence end). */
static size_t resolved_at(struct lt_pseudo *p, const char *q, const char *start, const char **id)
{
	if (!p->resolve || (q > start && is_word_char((unsigned char)q[-1])) || !is_word_char((unsigned char)*q))
		return 0;
	size_t n = 0;
	while (is_word_char((unsigned char)q[n]))
		n++;
	for (;;) {
		if (n > 1) {
			*id = p->resolve(p->resolve_arg, q, n);
			if (*id)
				return n;
		}
		while (n > 1 && q[n - 1] != '.' && q[n - 1] != '-')
			n--;
		if (n <= 1)
			return 0;
		n--;	/* drop the separator itself */
	}
}

/* A whole word at q that the keeper wants as it is: its length, or 0. */
static size_t kept_at(const struct lt_pseudo *p, const char *q, const char *start)
{
	if (!p->keep || (q > start && is_word_char((unsigned char)q[-1])) || !is_word_char((unsigned char)*q))
		return 0;
	size_t n = 0;
	while (is_word_char((unsigned char)q[n]))
		n++;
	return p->keep(p->keep_arg, q, n) ? n : 0;
}

char *lt_pseudo_text(struct lt_pseudo *p, const char *s)
{
	if (!p->sorted) {
		struct pair *v = lt_xcalloc(p->nids + 1, sizeof *v);
		for (size_t i = 0; i < p->nids; i++)
			v[i] = (struct pair){ p->ids[i], p->canon[i] };
		lt_qsort(v, p->nids, sizeof *v, cmp_longest);
		for (size_t i = 0; i < p->nids; i++) {
			p->ids[i] = v[i].text;
			p->canon[i] = v[i].canon;
		}
		free(v);
		p->sorted = 1;
	}
	struct lt_buf b = LT_BUF_INIT;
	const char *q = s;
	while (*q) {
		size_t k = kept_at(p, q, s);
		if (k > 0) {
			lt_buf_append(&b, q, k);
			q += k;
			continue;
		}
		const char *pid = NULL;
		size_t r = resolved_at(p, q, s, &pid);
		if (r > 0) {
			char tok[LT_PSEUDO_TOKEN_LEN];
			lt_pseudo_token(p, pid, tok);
			lt_buf_puts(&b, tok);
			q += r;
			continue;
		}
		size_t m = mail_at(q, s);
		if (m > 0) {
			char *lower = lt_xstrndup(q, m);
			for (char *c = lower; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			char tok[LT_PSEUDO_TOKEN_LEN];
			token_of(p, lower, m, tok);
			free(lower);
			lt_buf_puts(&b, tok);
			q += m;
			continue;
		}
		size_t i;
		for (i = 0; i < p->nids; i++)
			if (id_at(q, s, p->ids[i]))
				break;
		if (i < p->nids) {
			char tok[LT_PSEUDO_TOKEN_LEN];
			lt_pseudo_token(p, p->canon[i], tok);
			lt_buf_puts(&b, tok);
			q += strlen(p->ids[i]);
			continue;
		}
		lt_buf_putc(&b, *q++);
	}
	return lt_buf_detach(&b);
}
