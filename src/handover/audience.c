/* Audience rules: who keeps a name in the internal package (session.h).
 *
 * The persons under investigation keep their names, accounts, addresses and
 * hosts (the keeper); everyone else the context knows is replaced by a keyed
 * token (the resolver, and names registered as aliases), and so are their
 * hosts (by their owner's token) and every other e-mail address.
 * Servers nobody owns (fs01, vpn01) keep their names: they say where, not who.
 */
#include <stdbool.h>
#include <string.h>

#include "handover/session.h"

static bool investigated(const struct hsession *s, const char *id)
{
	for (size_t i = 0; i < s->o->npersons; i++)
		if (strcmp(s->o->persons[i], id) == 0)
			return true;
	return false;
}

/* The person a word of text stands for: an account in any form, a private
 * address, a host they own, or their id. */
static const struct lt_person *person_of(const struct hsession *s, const char *word, size_t n)
{
	const struct lt_person *p = lt_context_resolve(s->ctx, word, n, NULL, 0);
	if (!p && memchr(word, '@', n))
		p = lt_context_personal_owner(s->ctx, word, n);
	if (!p)
		p = lt_context_host_owner(s->ctx, word, n);
	return p;
}

static int keep(void *arg, const char *word, size_t n)
{
	const struct hsession *s = arg;
	for (size_t i = 0; i < s->o->npersons; i++)
		if (strlen(s->o->persons[i]) == n && memcmp(s->o->persons[i], word, n) == 0)
			return 1;
	const struct lt_person *p = s->ctx ? person_of(s, word, n) : NULL;
	return p && investigated(s, p->id);
}

static const char *resolve(void *arg, const char *word, size_t n)
{
	const struct hsession *s = arg;
	const struct lt_person *p = person_of(s, word, n);
	return p && !investigated(s, p->id) ? p->id : NULL;
}

void hs_set_pseudonyms(struct hsession *s)
{
	lt_pseudo_set_keeper(s->pseudo, keep, s);
	if (!s->ctx)
		return;
	lt_pseudo_set_resolver(s->pseudo, resolve, s);
	for (size_t i = 0; i < lt_context_person_count(s->ctx); i++) {
		const struct lt_person *p = lt_context_person(s->ctx, i);
		if (investigated(s, p->id))
			continue;
		lt_pseudo_add(s->pseudo, p->id);
		lt_pseudo_add_alias(s->pseudo, p->name, p->id);
		lt_pseudo_add_alias(s->pseudo, p->name_latin, p->id);
		for (size_t k = 0; k < p->npersonal; k++)
			lt_pseudo_add_alias(s->pseudo, p->personal[k], p->id);
	}
}
