/* Mail: external, free-mail, partner and personal recipients; attachments
 * and their classification labels; the outbound-mail score (R07, see
 * doc/rules-default.md) and auto-forwarding to an outside address (R08).
 */
#include <string.h>

#include "enrich/enrich.h"

/* Field names parsers use for the address a message was first sent to
 * before an alias or .forward redirected it (Postfix orig_to). */
static const char *const orig_to_keys[] = {
	LT_F_EMAIL_ORIGINAL_TO_ADDRESS, LT_F_MAIL_ORIG_TO, LT_F_POSTFIX_ORIG_TO,
};

static struct lt_str domain_of(struct lt_str a)
{
	for (size_t i = a.n; i > 0; i--)
		if (a.p[i - 1] == '@')
			return (struct lt_str){ a.p + i, a.n - i };
	return (struct lt_str){ NULL, 0 };
}

static bool is_internal(const struct lt_context *ctx, struct lt_str addr)
{
	struct lt_str d = domain_of(addr);
	return d.n && lt_context_domain_is(ctx, LT_DOM_INTERNAL, d.p, d.n);
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Does hay (ASCII letters only, lowercased) contain needle? */
static bool contains(const char *hay, size_t hn, const char *needle, size_t nn)
{
	if (!nn || nn > hn)
		return false;
	for (size_t i = 0; i + nn <= hn; i++)
		if (memcmp(hay + i, needle, nn) == 0)
			return true;
	return false;
}

/* A recipient's local part that looks like the sender's own name:
 * "taro.yamada", "yamada_taro85", "tyamada". */
static bool name_like(const struct lt_person *p, struct lt_str addr)
{
	if (!p || !p->name_latin)
		return false;
	char local[128], given[64], family[64];
	size_t ln = 0, gn = 0, fn = 0;
	for (size_t i = 0; i < addr.n && addr.p[i] != '@' && ln < sizeof(local); i++) {
		char c = lower(addr.p[i]);
		if (c >= 'a' && c <= 'z')
			local[ln++] = c;
	}
	const char *s = p->name_latin;
	for (; *s && *s != ' ' && gn < sizeof(given); s++)
		given[gn++] = lower(*s);
	while (*s == ' ')
		s++;
	for (; *s && *s != ' ' && fn < sizeof(family); s++)
		family[fn++] = lower(*s);
	if (fn < 3 || gn < 1)
		return false;
	if (contains(local, ln, family, fn) && gn >= 3 && contains(local, ln, given, gn))
		return true;
	/* initial + family: "tyamada" */
	return ln == fn + 1 && local[0] == given[0] && memcmp(local + 1, family, fn) == 0;
}

struct rcpt_flags {
	int external, freemail, partner, personal, name_like;
	bool forwarded_external;
};

static void classify_recipient(const struct lt_context *ctx, const struct lt_enrich_state *st,
			       struct lt_str a, struct rcpt_flags *f, struct lt_record *r)
{
	if (!a.n || is_internal(ctx, a))
		return;
	struct lt_str d = domain_of(a);
	f->external++;
	lt_rec_add_str(r, LT_E_MAIL_EXT_RCPT, a.p, a.n);
	if (d.n && lt_context_domain_is(ctx, LT_DOM_FREEMAIL, d.p, d.n)) {
		f->freemail++;
		lt_rec_add_str(r, LT_E_MAIL_FREEMAIL_RCPT, a.p, a.n);
	}
	if (d.n && lt_context_domain_is(ctx, LT_DOM_PARTNER, d.p, d.n)) {
		f->partner++;
		lt_rec_add_str(r, LT_E_MAIL_PARTNER_RCPT, a.p, a.n);
	}
	const struct lt_person *owner = lt_context_personal_owner(ctx, a.p, a.n);
	if (st->person && owner == st->person) {
		f->personal++;
		lt_rec_add_str(r, LT_E_MAIL_PERSONAL_RCPT, a.p, a.n);
	} else if (name_like(st->person, a)) {
		f->name_like++;
		lt_rec_add_str(r, LT_E_MAIL_PERSONAL_RCPT, a.p, a.n);
	}
}

static uint32_t list_len(const struct lt_record *r, const char *key)
{
	const struct lt_value *v = lt_rec_get(r, key);
	if (!v)
		return 0;
	if (v->type == LT_V_LIST)
		return v->v.list.count;
	return v->type == LT_V_STR ? 1 : 0;
}

/* Item i of a list field, or the field itself when it is a single string.
 * Re-fetched on every call: adding fields may move the field table. */
static struct lt_str list_item(const struct lt_record *r, const char *key, uint32_t i)
{
	const struct lt_value *v = lt_rec_get(r, key);
	if (v && v->type == LT_V_LIST)
		return lt_rec_list_item(r, v, i);
	if (v && v->type == LT_V_STR)
		return v->v.s;
	return (struct lt_str){ NULL, 0 };
}

/* "<addr>" after key= in a Postfix delivery description. */
static struct lt_str angle_value(struct lt_str d, const char *key)
{
	size_t kn = strlen(key);
	for (size_t i = 0; i + kn + 1 < d.n; i++) {
		if ((i > 0 && d.p[i - 1] != ' ') || memcmp(d.p + i, key, kn) != 0 || d.p[i + kn] != '<')
			continue;
		const char *start = d.p + i + kn + 1;
		const char *end = memchr(start, '>', (size_t)(d.p + d.n - start));
		if (end)
			return (struct lt_str){ start, (size_t)(end - start) };
	}
	return (struct lt_str){ NULL, 0 };
}

/* Postfix logs orig_to= when an alias or .forward rewrote an internal
 * recipient: "to=<x@gmail.com> orig_to=<taro@example.co.jp> status=sent".
 * *mailbox gets the internal address. */
static bool postfix_forward(const struct lt_context *ctx, const struct lt_record *r, struct lt_str *mailbox)
{
	uint32_t n = list_len(r, LT_F_EMAIL_DELIVERIES);
	for (uint32_t i = 0; i < n; i++) {
		struct lt_str d = list_item(r, LT_F_EMAIL_DELIVERIES, i);
		struct lt_str to = angle_value(d, "to="), orig = angle_value(d, "orig_to=");
		if (to.n && orig.n && is_internal(ctx, orig) && !is_internal(ctx, to)) {
			*mailbox = orig;
			return true;
		}
	}
	return false;
}

static bool forwarded_from_inside(const struct lt_context *ctx, const struct lt_record *r, struct lt_str *mailbox)
{
	if (postfix_forward(ctx, r, mailbox))
		return true;
	for (size_t k = 0; k < sizeof(orig_to_keys) / sizeof(orig_to_keys[0]); k++) {
		uint32_t n = list_len(r, orig_to_keys[k]);
		for (uint32_t i = 0; i < n; i++) {
			struct lt_str a = list_item(r, orig_to_keys[k], i);
			if (is_internal(ctx, a)) {
				*mailbox = a;
				return true;
			}
		}
	}
	return false;
}

/* Forwarded mail belongs to the mailbox that forwarded it, not to the
 * outside sender: attribute the record to that mailbox's owner. */
static void forwarded(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st, int external)
{
	struct lt_str mailbox = { NULL, 0 };
	bool fwd = external > 0 && forwarded_from_inside(ctx, r, &mailbox);
	lt_rec_set_bool(r, LT_E_MAIL_FORWARDED, fwd);
	if (!fwd || st->person)
		return;
	const struct lt_person *p = lt_context_resolve(ctx, mailbox.p, mailbox.n, NULL, 0);
	if (p)
		lt_enrich_set_person(ctx, r, st, p);
}

static void attachments(const struct lt_context *ctx, struct lt_record *r, int *count, bool *classified)
{
	uint32_t n = list_len(r, LT_F_EMAIL_ATT_NAME);
	*count = (int)n;
	*classified = false;
	for (uint32_t i = 0; i < n && !*classified; i++) {
		struct lt_str a = list_item(r, LT_F_EMAIL_ATT_NAME, i);
		*classified = lt_context_classified(ctx, a.p, a.n, NULL, NULL);
		lt_enrich_note_limits(LT_F_EMAIL_ATT_NAME);
	}
	lt_rec_set_int(r, LT_E_MAIL_ATT_COUNT, n);
	if (n)
		lt_rec_set_bool(r, LT_E_MAIL_CLASSIFIED, *classified);
}

static void add_reason(struct lt_record *r, int *score, int weight, const char *why)
{
	if (!weight)
		return;
	*score += weight;
	lt_rec_add_str(r, LT_E_MAIL_SCORE_WHY, why, strlen(why));
}

static void score(const struct lt_context *ctx, struct lt_record *r, const struct lt_enrich_state *st,
		  const struct rcpt_flags *f, bool classified)
{
	const struct lt_mail_weights *w = lt_context_mail_weights(ctx);
	int s = 0;
	if (f->personal)
		add_reason(r, &s, w->personal_address, "personal_address");
	if (f->name_like)
		add_reason(r, &s, w->name_like, "name_like");
	if (f->freemail)
		add_reason(r, &s, w->freemail, "freemail");
	if (classified)
		add_reason(r, &s, w->classified, "classified_attachment");
	if (st->off_hours_known && st->off_hours)
		add_reason(r, &s, w->off_hours, "off_hours");
	const struct lt_value *dep = lt_rec_get(r, LT_E_DEPARTING);
	if (dep && dep->type == LT_V_BOOL && dep->v.b)
		add_reason(r, &s, w->departing, "departing");
	if (f->partner && f->partner == f->external)
		add_reason(r, &s, w->partner, "partner_only");
	lt_rec_set_int(r, LT_E_MAIL_SCORE, s);
}

void lt_enrich_mail(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st)
{
	struct lt_str from = { NULL, 0 };
	bool has_from = lt_rec_get_str(r, LT_F_EMAIL_FROM, &from);
	uint32_t nto = list_len(r, LT_F_EMAIL_TO);
	if (!has_from && !nto)
		return;
	if (!lt_context_has(ctx, LT_CTX_INTERNAL_DOMAINS))
		return; /* internal vs external is unknown: say nothing */
	bool outbound = (has_from && is_internal(ctx, from)) || (st->person && !has_from);
	lt_rec_set_bool(r, LT_E_MAIL_OUTBOUND, outbound);
	struct rcpt_flags f = { 0 };
	for (uint32_t i = 0; i < nto; i++)
		classify_recipient(ctx, st, list_item(r, LT_F_EMAIL_TO, i), &f, r);
	lt_rec_set_bool(r, LT_E_MAIL_EXTERNAL, f.external > 0);
	lt_rec_set_int(r, LT_E_MAIL_EXT_COUNT, f.external);
	lt_rec_set_bool(r, LT_E_MAIL_FREEMAIL, f.freemail > 0);
	lt_rec_set_bool(r, LT_E_MAIL_PARTNER_ONLY, f.external > 0 && f.partner == f.external);
	if (lt_context_has(ctx, LT_CTX_PERSONAL_ADDRESSES))
		lt_rec_set_bool(r, LT_E_MAIL_TO_PERSONAL, f.personal > 0);
	lt_rec_set_bool(r, LT_E_MAIL_NAME_LIKE, f.name_like > 0);
	forwarded(ctx, r, st, f.external);
	int count;
	bool classified;
	attachments(ctx, r, &count, &classified);
	if (outbound && f.external)
		score(ctx, r, st, &f, classified);
}
