/* Hourly activity per person from the record store (activity.h). */
#include "export/activity.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "context/context.h"
#include "enrich/enrich.h"
#include "record/store.h"
#include "util/sort.h"
#include "util/xalloc.h"

/* A set of strings (open addressing), for counting distinct persons. */
struct strset {
	char **slot;
	size_t cap, n;
};

static uint64_t fnv1a(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	return h;
}

static void strset_add(struct strset *s, const char *p, size_t n);

static void strset_grow(struct strset *s)
{
	struct strset bigger = { lt_xcalloc(s->cap ? 2 * s->cap : 256, sizeof(char *)),
				 s->cap ? 2 * s->cap : 256, 0 };
	for (size_t i = 0; i < s->cap; i++)
		if (s->slot[i]) {
			strset_add(&bigger, s->slot[i], strlen(s->slot[i]));
			free(s->slot[i]);
		}
	free(s->slot);
	*s = bigger;
}

static void strset_add(struct strset *s, const char *p, size_t n)
{
	if (2 * (s->n + 1) > s->cap)
		strset_grow(s);
	size_t i = fnv1a(p, n) & (s->cap - 1);
	while (s->slot[i]) {
		if (strlen(s->slot[i]) == n && memcmp(s->slot[i], p, n) == 0)
			return;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = lt_xstrndup(p, n);
	s->n++;
}

static void strset_free(struct strset *s)
{
	for (size_t i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
}

/* *resolved: false when the context has people and none of them is this
 * user (the report lists such accounts apart: doc/context.md). */
static bool person_of(const struct lt_context *ctx, const struct lt_record *rec, struct lt_str *out, bool *resolved)
{
	*resolved = true;
	if (lt_rec_get_str(rec, LT_E_PERSON_ID, out) && out->n > 0)
		return true;
	if (!lt_rec_get_str(rec, LT_F_USER_NAME, out) || out->n == 0)
		return false;
	if (ctx) {
		struct lt_str dom = { NULL, 0 };
		lt_rec_get_str(rec, LT_F_USER_DOMAIN, &dom);
		const struct lt_person *p = lt_context_resolve(ctx, out->p, out->n, dom.p, dom.n);
		if (p) {
			out->p = p->id;
			out->n = strlen(p->id);
		} else {
			*resolved = !lt_context_has(ctx, LT_CTX_PEOPLE);
		}
	}
	return true;
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The set's strings, sorted, moved into a->unresolved. */
static void take_unresolved(struct lt_activity *a, struct strset *s)
{
	a->unresolved = lt_xcalloc(s->n + 1, sizeof *a->unresolved);
	for (size_t i = 0; i < s->cap; i++) {
		if (s->slot[i]) {
			a->unresolved[a->nunresolved++] = s->slot[i];
			s->slot[i] = NULL;
		}
	}
	lt_qsort(a->unresolved, a->nunresolved, sizeof *a->unresolved, cmp_cstr);
}

static bool flag_of(const struct lt_record *rec, const char *key, bool *present)
{
	const struct lt_value *v = lt_rec_get(rec, key);
	if (!v || v->type != LT_V_BOOL)
		return false;
	*present = true;
	return v->v.b;
}

static void count_hour(struct lt_person_activity *p, lt_time_us t, int32_t off, bool oh, bool hol)
{
	int64_t local = t + (int64_t)off * LT_US_PER_SEC;
	int64_t hour = local >= 0 ? local / (3600 * LT_US_PER_SEC) : -((-local - 1) / (3600 * LT_US_PER_SEC)) - 1;
	if (p->nhours == 0 || p->hours[p->nhours - 1].hour != hour) {
		if (p->nhours == p->caphours) {
			p->caphours = p->caphours ? 2 * p->caphours : 64;
			p->hours = lt_xrealloc(p->hours, p->caphours * sizeof *p->hours);
		}
		p->hours[p->nhours++] = (struct lt_hour_count){ hour, 0, false, false };
	}
	struct lt_hour_count *h = &p->hours[p->nhours - 1];
	h->count++;
	h->off_hours |= oh;
	h->holiday |= hol;
	if (p->total == 0 || t < p->first)
		p->first = t;
	if (p->total == 0 || t > p->last)
		p->last = t;
	p->total++;
}

int lt_activity_load(struct lt_activity *a, const char *records_dir, const struct lt_tz *tz,
		     const struct lt_context *ctx, const char *const *persons, size_t npersons,
		     char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	a->ctx = ctx;
	a->has_calendar = ctx != NULL;
	a->people = lt_xcalloc(npersons ? npersons : 1, sizeof *a->people);
	a->npeople = npersons;
	for (size_t i = 0; i < npersons; i++)
		a->people[i].person = lt_xstrdup(persons[i]);
	struct stat st;
	if (stat(records_dir, &st) != 0)
		return 1;
	struct lt_store_reader *r = lt_store_reader_open(records_dir);
	if (!r) {
		snprintf(err, errlen, "%s: %s", records_dir, strerror(errno));
		return -1;
	}
	struct strset seen = { NULL, 0, 0 }, unres = { NULL, 0, 0 };
	for (const struct lt_record *rec = lt_store_next(r); rec; rec = lt_store_next(r)) {
		a->nrecords++;
		struct lt_str who;
		lt_time_us t;
		bool resolved;
		if (!person_of(ctx, rec, &who, &resolved) || !lt_rec_get_time(rec, LT_F_TIMESTAMP, &t))
			continue;
		/* NAME$ is a Windows machine account: a computer, not a person
		 * checked nor an account to attribute (as in the scan's list). */
		bool machine = !resolved && who.n > 1 && who.p[who.n - 1] == '$';
		if (!machine)
			strset_add(resolved ? &seen : &unres, who.p, who.n);
		for (size_t i = 0; i < npersons; i++) {
			if (strlen(persons[i]) != who.n || memcmp(persons[i], who.p, who.n) != 0)
				continue;
			bool present = false;
			bool oh = flag_of(rec, LT_E_OFF_HOURS, &present);
			bool hol = flag_of(rec, LT_E_HOLIDAY, &present);
			a->has_calendar |= present;
			count_hour(&a->people[i], t, tz ? lt_tz_offset_at(tz, t) : 0, oh, hol);
		}
	}
	int rc = 0;
	if (lt_store_reader_error(r)) {
		snprintf(err, errlen, "%s", lt_store_reader_error(r));
		rc = -1;
	}
	lt_store_reader_close(r);
	a->persons_seen = seen.n;
	strset_free(&seen);
	take_unresolved(a, &unres);
	strset_free(&unres);
	return rc;
}

void lt_activity_free(struct lt_activity *a)
{
	for (size_t i = 0; i < a->npeople; i++) {
		free(a->people[i].person);
		free(a->people[i].hours);
	}
	free(a->people);
	for (size_t i = 0; i < a->nunresolved; i++)
		free(a->unresolved[i]);
	free(a->unresolved);
	memset(a, 0, sizeof *a);
}

const struct lt_person_activity *lt_activity_find(const struct lt_activity *a, const char *person)
{
	for (size_t i = 0; a && i < a->npeople; i++)
		if (strcmp(a->people[i].person, person) == 0)
			return &a->people[i];
	return NULL;
}
