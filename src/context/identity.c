/* Identity resolution: any user form a log uses -> a person (context.h).
 *
 * Look-up order, all ASCII case-insensitive:
 *  1. with a separate domain (user.domain): "DOMAIN\user" as written;
 *  2. the user string as written (an alias, a UPN, a mail address, an id);
 *  3. "DOMAIN\user" -> "user" when DOMAIN is one of identity.windows_domains
 *     (any domain when that list is empty);
 *  4. "user@domain" -> "user" when domain is one of identity.upn_suffixes
 *     (the internal mail domains when that list is empty).
 * A user that resolves to nobody is remembered (thread-safe) so the report
 * can list it; the record keeps its user as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "context/context_impl.h"
#include "util/sort.h"
#include "util/xalloc.h"

const struct lt_person *lt_context_person_by_id(const struct lt_context *ctx, const char *id)
{
	for (size_t i = 0; i < ctx->npeople; i++)
		if (strcmp(ctx->people[i].id, id) == 0)
			return &ctx->people[i];
	return NULL;
}

static const struct lt_person *by_alias(const struct lt_context *ctx, const char *s, size_t len)
{
	int64_t idx;
	if (!len || !lt_strmap_get(&ctx->alias, s, len, &idx))
		return NULL;
	return &ctx->people[idx];
}

static const char *last_of(const char *s, size_t len, char ch)
{
	for (size_t i = len; i > 0; i--)
		if (s[i - 1] == ch)
			return s + i - 1;
	return NULL;
}

static const struct lt_person *with_domain(const struct lt_context *ctx, const char *user, size_t len,
					   const char *domain, size_t dlen)
{
	char buf[512];
	if (dlen + len + 2 > sizeof(buf))
		return NULL;
	memcpy(buf, domain, dlen);
	buf[dlen] = '\\';
	memcpy(buf + dlen + 1, user, len);
	return by_alias(ctx, buf, dlen + 1 + len);
}

const struct lt_person *lt_context_resolve(const struct lt_context *ctx, const char *user,
					   size_t len, const char *domain, size_t dlen)
{
	if (!ctx->npeople || !user || !len)
		return NULL;
	const char *bs = last_of(user, len, '\\');
	const char *at = last_of(user, len, '@');
	const struct lt_person *p;
	if (domain && dlen && !bs && !at) {
		p = with_domain(ctx, user, len, domain, dlen);
		if (p)
			return p;
	}
	p = by_alias(ctx, user, len);
	if (p)
		return p;
	if (bs) {
		size_t dl = (size_t)(bs - user);
		bool ok = ctx->windows_domains.n == 0 || lt_strmap_get(&ctx->windows_domains, user, dl, NULL);
		return ok ? by_alias(ctx, bs + 1, len - dl - 1) : NULL;
	}
	if (at) {
		size_t ul = (size_t)(at - user);
		const char *dom = at + 1;
		size_t dl = len - ul - 1;
		bool ok = ctx->upn_suffixes.n ? lt_strmap_get(&ctx->upn_suffixes, dom, dl, NULL)
					      : lt_context_domain_is(ctx, LT_DOM_INTERNAL, dom, dl);
		return ok ? by_alias(ctx, user, ul) : NULL;
	}
	return NULL;
}

const struct lt_person *lt_context_personal_owner(const struct lt_context *ctx, const char *addr, size_t len)
{
	int64_t idx;
	if (!lt_strmap_get(&ctx->personal, addr, len, &idx))
		return NULL;
	return &ctx->people[idx];
}

static size_t short_host(const char *h, size_t len)
{
	const char *dot = memchr(h, '.', len);
	return dot ? (size_t)(dot - h) : len;
}

void lt_ctx_add_host(struct lt_context *ctx, const char *host, size_t idx)
{
	size_t n = short_host(host, strlen(host));
	if (!n)
		return;
	lt_strmap_put(&ctx->hosts, host, n, (int64_t)idx);
	ctx->parts |= LT_CTX_HOSTS;
}

const struct lt_person *lt_context_host_owner(const struct lt_context *ctx, const char *host, size_t len)
{
	int64_t idx;
	size_t n = short_host(host, len);
	if (!n || !lt_strmap_get(&ctx->hosts, host, n, &idx))
		return NULL;
	return &ctx->people[idx];
}

void lt_context_note_unresolved(const struct lt_context *ctx, const char *user, size_t len)
{
	/* The unresolved set is the context's one mutable part, behind its lock. */
	struct lt_context *mut = (struct lt_context *)ctx;
	pthread_mutex_lock(&mut->unresolved_lock);
	if (mut->unresolved.n < 100000)
		lt_strmap_put(&mut->unresolved, user, len, 0);
	pthread_mutex_unlock(&mut->unresolved_lock);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **lt_context_unresolved(const struct lt_context *ctx, size_t *n)
{
	struct lt_context *mut = (struct lt_context *)ctx;
	pthread_mutex_lock(&mut->unresolved_lock);
	char **v = lt_xcalloc(mut->unresolved.n + 1, sizeof(char *));
	size_t pos = 0, k = 0;
	for (const struct lt_strmap_slot *s = lt_strmap_next(&mut->unresolved, &pos); s;
	     s = lt_strmap_next(&mut->unresolved, &pos))
		v[k++] = lt_xstrndup(s->key, s->len);
	pthread_mutex_unlock(&mut->unresolved_lock);
	lt_qsort(v, k, sizeof(char *), cmp_str);
	*n = k;
	return v;
}
