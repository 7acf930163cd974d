/* Domain lists: internal, partner and free-mail domains, web categories,
 * approved cloud services and USB serials (see context.h).
 *
 * Domains are stored lowercase without a leading dot; a look-up tries the
 * host itself and then each parent domain ("www.dropbox.com", "dropbox.com"),
 * so a list entry covers its subdomains. Hosts are normalised on the fly
 * (trailing dot, port) without allocating.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "context/context_impl.h"
#include "util/xalloc.h"

const char *const lt_ctx_web_categories[] = {
	"file-sharing", "online-storage", "webmail", "sns", "uploader", "bbs", "job-search", "leak-site", NULL
};

void lt_ctx_add_domain(struct lt_strmap *m, const char *dom, size_t len, int64_t val)
{
	while (len && (*dom == '.' || *dom == '*')) {
		dom++;
		len--;
	}
	while (len && (dom[len - 1] == '.' || dom[len - 1] == ' '))
		len--;
	if (len)
		lt_strmap_put(m, dom, len, val);
}

int lt_ctx_category_index(struct lt_context *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->ncat; i++)
		if (strcmp(ctx->categories[i], name) == 0)
			return (int)i;
	ctx->categories = lt_xrealloc(ctx->categories, (ctx->ncat + 1) * sizeof(char *));
	ctx->categories[ctx->ncat] = lt_xstrdup(name);
	return (int)ctx->ncat++;
}

static size_t trim(const char **s, size_t n)
{
	while (n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		n--;
	}
	while (n && ((*s)[n - 1] == ' ' || (*s)[n - 1] == '\t' || (*s)[n - 1] == '\r'))
		n--;
	return n;
}

int lt_ctx_load_list(struct lt_strmap *m, int64_t val, const char *path, struct lt_ctx_err *e)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		lt_ctx_error(e, path, 0, 0, "cannot read list: %s", strerror(errno));
		return -1;
	}
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		const char *s = line;
		char *hash = strchr(line, '#');
		size_t n = hash ? (size_t)(hash - line) : strcspn(line, "\n");
		n = trim(&s, n);
		if (n)
			lt_ctx_add_domain(m, s, n, val);
	}
	fclose(f);
	return 0;
}

int lt_ctx_load_default_lists(struct lt_context *ctx, const char *datadir, struct lt_ctx_err *e)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/rules/lists/freemail.txt", datadir);
	if (lt_ctx_load_list(&ctx->freemail, 1, path, e) != 0)
		return -1;
	for (int i = 0; lt_ctx_web_categories[i]; i++) {
		int idx = lt_ctx_category_index(ctx, lt_ctx_web_categories[i]);
		snprintf(path, sizeof(path), "%s/rules/lists/web/%s.txt", datadir, lt_ctx_web_categories[i]);
		if (lt_ctx_load_list(&ctx->webcat, idx, path, e) != 0)
			return -1;
	}
	return 0;
}

/* Strip "user@", ":port", a trailing dot and surrounding <> or spaces. */
static size_t host_part(const char **h, size_t len)
{
	const char *s = *h;
	const char *at = memchr(s, '@', len);
	if (at) {
		len -= (size_t)(at + 1 - s);
		s = at + 1;
	}
	len = trim(&s, len);
	while (len && (s[len - 1] == '>' || s[len - 1] == '.'))
		len--;
	const char *colon = memchr(s, ':', len);
	if (colon)
		len = (size_t)(colon - s);
	*h = s;
	return len;
}

/* Look the host and its parents up in m; the first hit's value in *val. */
static bool lookup_suffix(const struct lt_strmap *m, const char *host, size_t len, int64_t *val)
{
	len = host_part(&host, len);
	while (len) {
		if (lt_strmap_get(m, host, len, val))
			return true;
		const char *dot = memchr(host, '.', len);
		if (!dot)
			return false;
		len -= (size_t)(dot + 1 - host);
		host = dot + 1;
	}
	return false;
}

bool lt_context_domain_is(const struct lt_context *ctx, enum lt_domain_kind kind, const char *dom, size_t len)
{
	switch (kind) {
	case LT_DOM_INTERNAL:
		return lookup_suffix(&ctx->internal, dom, len, NULL);
	case LT_DOM_PARTNER:
		return lookup_suffix(&ctx->partner, dom, len, NULL);
	case LT_DOM_FREEMAIL:
		return lookup_suffix(&ctx->freemail, dom, len, NULL);
	case LT_DOM_NONE:
		break;
	}
	return false;
}

const char *lt_context_web_category(const struct lt_context *ctx, const char *host, size_t len)
{
	int64_t idx;
	if (!lookup_suffix(&ctx->webcat, host, len, &idx))
		return NULL;
	return ctx->categories[idx];
}

bool lt_context_web_approved(const struct lt_context *ctx, const char *host, size_t len)
{
	return lookup_suffix(&ctx->approved_cloud, host, len, NULL);
}

bool lt_context_usb_approved(const struct lt_context *ctx, const char *serial, size_t len)
{
	const char *s = serial;
	len = trim(&s, len);
	return lt_strmap_get(&ctx->usb, s, len, NULL);
}
