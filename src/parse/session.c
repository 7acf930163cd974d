/* Session tracker (session.h). */
#include "parse/session.h"

#include "parse/fields.h"

static uint64_t key_hash(const char *key, size_t n)
{
	uint64_t h = UINT64_C(14695981039346656037);
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)key[i];
		h *= UINT64_C(1099511628211);
	}
	return h ? h : 1;
}

static struct lt_session *find(struct lt_sessions *t, uint64_t h)
{
	for (size_t i = 0; i < LT_SESSIONS_MAX; i++)
		if (t->s[i].key == h)
			return &t->s[i];
	return NULL;
}

/* A free slot, or the oldest session's (forgotten: a later line of it
 * will start a new session, which is counted twice rather than lost). */
static struct lt_session *slot(struct lt_sessions *t)
{
	struct lt_session *oldest = &t->s[0];
	for (size_t i = 0; i < LT_SESSIONS_MAX; i++) {
		if (!t->s[i].key)
			return &t->s[i];
		if (t->s[i].seq < oldest->seq)
			oldest = &t->s[i];
	}
	return oldest;
}

bool lt_session_seen(struct lt_sessions *t, struct lt_record *r, const char *key, size_t keylen,
		     lt_time_us when)
{
	if (!keylen)
		return false;
	uint64_t h = key_hash(key, keylen);
	struct lt_session *s = find(t, h);
	bool stale = s && when != LT_TIME_NONE && s->last != LT_TIME_NONE && when - s->last > LT_SESSION_STALE;
	if (s && !stale) {
		if (when != LT_TIME_NONE && (s->last == LT_TIME_NONE || when > s->last))
			s->last = when;
		lt_rec_set_cstr(r, LT_F_SESSION_ROLE, "continued");
		return false;
	}
	if (!s)
		s = slot(t);
	*s = (struct lt_session){ h, when, when, ++t->seq };
	lt_rec_set_cstr(r, LT_F_SESSION_ROLE, "start");
	return true;
}

bool lt_session_ended(struct lt_sessions *t, struct lt_record *r, const char *key, size_t keylen,
		      lt_time_us when)
{
	lt_rec_set_cstr(r, LT_F_SESSION_ROLE, "end");
	struct lt_session *s = keylen ? find(t, key_hash(key, keylen)) : NULL;
	if (!s)
		return false;
	lt_time_us start = s->start;
	s->key = 0;
	int64_t ns;
	if (start == LT_TIME_NONE || when == LT_TIME_NONE || when < start)
		return true;
	if (!lt_rec_get(r, LT_F_EVENT_START))
		lt_rec_set_time(r, LT_F_EVENT_START, start);
	if (!lt_rec_get(r, LT_F_EVENT_DURATION) && lt_duration_ns(when - start, LT_US_PER_SEC, &ns)) {
		lt_rec_set_int(r, LT_F_EVENT_DURATION, ns);
		lt_rec_set_bool(r, LT_F_SESSION_DURATION_DERIVED, true);
	}
	return true;
}
