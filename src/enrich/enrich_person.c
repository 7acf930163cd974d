/* Who: resolve the record's user to a person; HR dates relative to the
 * event's local date (departing window, last day, contract window). */
#include "enrich/enrich.h"

/* An outside sender is not one of our users: only internal mail addresses
 * (or any, when the internal domains are unknown) stand for a user. */
static bool is_user_address(const struct lt_context *ctx, struct lt_str a)
{
	if (!lt_context_has(ctx, LT_CTX_INTERNAL_DOMAINS))
		return true;
	for (size_t i = a.n; i > 0; i--)
		if (a.p[i - 1] == '@')
			return lt_context_domain_is(ctx, LT_DOM_INTERNAL, a.p + i, a.n - i);
	return true;
}

/* The first of the record's user fields that resolves, or the first present. */
static const struct lt_person *resolve(const struct lt_context *ctx, const struct lt_record *r,
				       struct lt_str *first)
{
	static const char *const keys[] = { LT_F_USER_NAME, LT_F_EMAIL_FROM, LT_F_USER_TARGET_NAME };
	struct lt_str dom = { NULL, 0 };
	lt_rec_get_str(r, LT_F_USER_DOMAIN, &dom);
	first->p = NULL;
	first->n = 0;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct lt_str u;
		if (!lt_rec_get_str(r, keys[i], &u) || !u.n || (u.n == 1 && u.p[0] == '-'))
			continue;
		if (i == 1 && !is_user_address(ctx, u)) /* keys[1]: email.from.address */
			continue;
		if (!first->p)
			*first = u;
		const struct lt_person *p = lt_context_resolve(ctx, u.p, u.n, dom.p, dom.n);
		if (p)
			return p;
	}
	return NULL;
}

static void hr_dates(struct lt_record *r, const struct lt_context *ctx, const struct lt_person *p, int64_t day)
{
	if (day == LT_DATE_NONE)
		return;
	if (p->type == LT_PERSON_VENDOR || p->type == LT_PERSON_PARTNER) {
		if (p->hire_date == LT_DATE_NONE && p->last_day == LT_DATE_NONE)
			return;
		bool before = p->hire_date != LT_DATE_NONE && day < p->hire_date;
		bool after = p->last_day != LT_DATE_NONE && day > p->last_day;
		lt_rec_set_bool(r, LT_E_OUTSIDE_CONTRACT, before || after);
		lt_rec_set_bool(r, LT_E_AFTER_LAST, after);
		return;
	}
	if (p->last_day != LT_DATE_NONE) {
		lt_rec_set_int(r, LT_E_DAYS_TO_LAST, p->last_day - day);
		lt_rec_set_bool(r, LT_E_AFTER_LAST, day > p->last_day);
	}
	int64_t anchor = p->notice_date != LT_DATE_NONE ? p->notice_date : p->last_day;
	if (anchor == LT_DATE_NONE)
		return;
	int64_t start = anchor - lt_context_lookback_days(ctx);
	bool departing = day >= start && (p->last_day == LT_DATE_NONE || day <= p->last_day);
	lt_rec_set_bool(r, LT_E_DEPARTING, departing);
}

void lt_enrich_person(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st)
{
	struct lt_str user;
	const struct lt_person *p = resolve(ctx, r, &user);
	st->person = p;
	if (!p && !user.p) {
		/* No user at all (a kernel USB line): the computer's assigned
		 * person, if people.csv says whose computer it is. */
		struct lt_str host;
		if (lt_rec_get_str(r, LT_F_HOST_NAME, &host))
			p = lt_context_host_owner(ctx, host.p, host.n);
		if (p) {
			lt_enrich_set_person(ctx, r, st, p);
			lt_rec_set_bool(r, LT_E_PERSON_VIA_HOST, true);
		}
		return;
	}
	if (!p) {
		lt_rec_set_str(r, LT_E_PERSON_ID, user.p, user.n);
		lt_rec_set_bool(r, LT_E_PERSON_RESOLVED, false);
		/* Windows machine accounts (NAME$) are computers, not people. */
		bool machine = user.p[user.n - 1] == '$';
		if (lt_context_has(ctx, LT_CTX_PEOPLE) && !machine)
			lt_context_note_unresolved(ctx, user.p, user.n);
		return;
	}
	lt_enrich_set_person(ctx, r, st, p);
}

void lt_enrich_set_person(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st,
			  const struct lt_person *p)
{
	st->person = p;
	lt_rec_set_cstr(r, LT_E_PERSON_ID, p->id);
	lt_rec_set_bool(r, LT_E_PERSON_RESOLVED, true);
	if (*p->name)
		lt_rec_set_cstr(r, LT_E_PERSON_NAME, p->name);
	lt_rec_set_cstr(r, LT_E_PERSON_TYPE, lt_person_type_name(p->type));
	if (*p->department)
		lt_rec_set_cstr(r, LT_E_PERSON_DEPT, p->department);
	if (*p->role)
		lt_rec_set_cstr(r, LT_E_PERSON_ROLE, p->role);
	hr_dates(r, ctx, p, st->day);
}
