/* Web: destination category (file-sharing, webmail, online storage, SNS,
 * uploader, bulletin board), the approved flag and whether the request
 * sends data out (R09). */
#include <string.h>

#include "enrich/enrich.h"

/* Host of "scheme://user@host:port/path" or of "host:port" (CONNECT). */
static struct lt_str url_host(struct lt_str u)
{
	const char *p = u.p, *end = u.p + u.n;
	const char *scheme = NULL;
	for (const char *q = p; q + 2 < end; q++)
		if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
			scheme = q;
			break;
		}
	if (scheme)
		p = scheme + 3;
	const char *h = p;
	while (p < end && *p != '/' && *p != '?' && *p != '#')
		p++;
	return (struct lt_str){ h, (size_t)(p - h) };
}

static bool is_upload(const struct lt_record *r)
{
	struct lt_str m;
	if (lt_rec_get_str(r, LT_F_HTTP_METHOD, &m) &&
	    ((m.n == 4 && memcmp(m.p, "POST", 4) == 0) || (m.n == 3 && memcmp(m.p, "PUT", 3) == 0)))
		return true;
	int64_t bytes;
	if (lt_rec_get_int(r, LT_F_HTTP_REQ_BYTES, &bytes) && bytes >= LT_ENRICH_UPLOAD_BYTES)
		return true;
	return false;
}

void lt_enrich_web(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st)
{
	(void)st;
	struct lt_str host = { NULL, 0 };
	if (!lt_rec_get_str(r, LT_F_URL_DOMAIN, &host)) {
		struct lt_str u;
		if (!lt_rec_get_str(r, LT_F_URL_ORIGINAL, &u))
			return;
		host = url_host(u);
	}
	if (!host.n)
		return;
	const char *cat = lt_context_web_category(ctx, host.p, host.n);
	bool approved = lt_context_web_approved(ctx, host.p, host.n);
	if (cat)
		lt_rec_set_cstr(r, LT_E_WEB_CATEGORY, cat);
	if (cat || approved)
		lt_rec_set_bool(r, LT_E_WEB_APPROVED, approved);
	lt_rec_set_bool(r, LT_E_WEB_UPLOAD, is_upload(r));
}
