/* Risk per person (risk.h). */
#include "rules/risk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/smap.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/timeutil.h"
#include "util/sort.h"
#include "util/xalloc.h"

#define US_PER_DAY (86400.0 * (double)LT_US_PER_SEC)
#define MESSAGE_TITLES 10	/* contributions named in an alert's message */

struct contrib {
	lt_time_us t;
	double base;
	char *rule, *id, *title_en, *title_ja;
};

struct alert {
	char *person;
	lt_time_us crossed;
	double peak;
	struct contrib *v;	/* copies, in time order */
	size_t n, cap;
};

struct pstate {
	struct contrib *v;	/* the window, oldest first */
	size_t n, cap;
	long alert;		/* index of the open alert, or -1 */
};

struct lt_risk {
	struct lt_risk_opts o;
	struct lt_smap people;	/* person -> struct pstate* */
	struct alert *al;
	size_t nal, capal;
	struct lt_buf factors;
};

static void contrib_free(struct contrib *c)
{
	free(c->rule);
	free(c->id);
	free(c->title_en);
	free(c->title_ja);
}

static struct contrib contrib_copy(const struct contrib *c)
{
	return (struct contrib){ c->t, c->base, lt_xstrdup(c->rule), lt_xstrdup(c->id), lt_xstrdup(c->title_en),
				 lt_xstrdup(c->title_ja) };
}

static void contrib_push(struct contrib **v, size_t *n, size_t *cap, struct contrib c)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		*v = lt_xrealloc(*v, *cap * sizeof **v);
	}
	(*v)[(*n)++] = c;
}

struct lt_risk *lt_risk_new(const struct lt_risk_opts *o)
{
	struct lt_risk *rk = lt_xcalloc(1, sizeof *rk);
	rk->o = *o;
	lt_smap_init(&rk->people);
	return rk;
}

static int level_index(const char *level)
{
	static const char *const names[] = { "informational", "low", "medium", "high", "critical" };
	for (int i = 0; level && i < 5; i++)
		if (!strcmp(level, names[i]))
			return i;
	return 2;	/* the loader accepts only these; medium if a reader wrote another */
}

/* Multiply by a modifier and name it, unless the rule already counts it. */
static double apply(struct lt_buf *fb, double s, bool holds, bool skip, double by, const char *name)
{
	if (!holds || skip)
		return s;
	if (fb->len)
		lt_buf_putc(fb, ' ');
	lt_buf_puts(fb, name);
	return s * by;
}

static double base_score(struct lt_risk *rk, const struct lt_finding *f, struct lt_risk_score *out)
{
	const struct lt_risk_params *p = rk->o.p;
	struct lt_risk_rule ru = { 1, false, false, false, false, false };
	if (rk->o.rule)
		rk->o.rule(rk->o.arg, f->rule_id, &ru);
	struct lt_risk_facts fa = { false, false, false, false };
	if (rk->o.facts)
		rk->o.facts(rk->o.arg, f, &fa);
	double s = p->level[level_index(f->level)] * ru.confidence;
	lt_buf_reset(&rk->factors);
	s = apply(&rk->factors, s, fa.departing, ru.skip_departing, p->departing, "departing");
	s = apply(&rk->factors, s, fa.off_hours, ru.skip_off_hours, p->off_hours, "off_hours");
	s = apply(&rk->factors, s, fa.classified, ru.skip_classified, p->classified, "classified");
	s = apply(&rk->factors, s, fa.service, ru.skip_service, p->service, "service");
	out->contribution = ru.contribution;
	out->factors = rk->factors.len ? rk->factors.data : NULL;
	return s;
}

/* The person's score at time t: each contribution decays with its age, and
 * the k-th one of the same rule counts repeat^k, so that one noisy rule
 * alone cannot build up a score without bound. */
static double score_at(const struct lt_risk *rk, const struct pstate *ps, lt_time_us t)
{
	const struct lt_risk_params *p = rk->o.p;
	double sum = 0;
	for (size_t i = 0; i < ps->n; i++) {
		int k = 0;
		for (size_t j = 0; j < i; j++)
			k += !strcmp(ps->v[j].rule, ps->v[i].rule);
		double age = (double)(t - ps->v[i].t) / US_PER_DAY;
		sum += ps->v[i].base * pow(p->repeat, k) * pow(0.5, age / p->half_life_days);
	}
	return sum;
}

static struct pstate *person_state(struct lt_risk *rk, const char *person)
{
	int created;
	struct lt_smap_ent *e = lt_smap_put(&rk->people, person, strlen(person), &created);
	if (created) {
		struct pstate *ps = lt_xcalloc(1, sizeof *ps);
		ps->alert = -1;
		e->val = ps;
	}
	return e->val;
}

/* Forget what has left the window; close an alert nothing was added to for
 * a whole window. */
static void slide(struct lt_risk *rk, struct pstate *ps, lt_time_us t)
{
	lt_time_us w = (lt_time_us)(rk->o.p->window_days * US_PER_DAY);
	size_t drop = 0;
	while (drop < ps->n && ps->v[drop].t <= t - w)
		contrib_free(&ps->v[drop++]);
	if (drop) {
		memmove(ps->v, ps->v + drop, (ps->n - drop) * sizeof *ps->v);
		ps->n -= drop;
	}
	if (ps->alert >= 0) {
		const struct alert *a = &rk->al[ps->alert];
		if (a->v[a->n - 1].t <= t - w)
			ps->alert = -1;
	}
}

static void raise_alert(struct lt_risk *rk, struct pstate *ps, const char *person, lt_time_us t, double score)
{
	if (rk->nal == rk->capal) {
		rk->capal = rk->capal ? rk->capal * 2 : 16;
		rk->al = lt_xrealloc(rk->al, rk->capal * sizeof *rk->al);
	}
	struct alert *a = &rk->al[rk->nal];
	memset(a, 0, sizeof *a);
	a->person = lt_xstrdup(person);
	a->crossed = t;
	a->peak = score;
	for (size_t i = 0; i < ps->n; i++)
		contrib_push(&a->v, &a->n, &a->cap, contrib_copy(&ps->v[i]));
	ps->alert = (long)rk->nal++;
}

void lt_risk_add(struct lt_risk *rk, const struct lt_finding *f, struct lt_risk_score *out)
{
	memset(out, 0, sizeof *out);
	if (!f->person || !f->rule_id || (f->group_key && !strcmp(f->group_key, LT_FINDING_UNEVALUATED)) ||
	    (f->kind && !strcmp(f->kind, LT_FINDING_KIND_ALERT)))
		return;
	double base = base_score(rk, f, out);
	out->risk = base;
	if (base <= 0)
		return;
	struct pstate *ps = person_state(rk, f->person);
	slide(rk, ps, f->first);
	struct contrib c = { f->first, base, lt_xstrdup(f->rule_id), lt_xstrdup(f->id ? f->id : ""),
			     lt_xstrdup(f->rule_title_en ? f->rule_title_en : f->rule_id),
			     lt_xstrdup(f->rule_title_ja ? f->rule_title_ja : f->rule_id) };
	contrib_push(&ps->v, &ps->n, &ps->cap, c);
	double score = score_at(rk, ps, f->first);
	if (ps->alert >= 0) {
		struct alert *a = &rk->al[ps->alert];
		contrib_push(&a->v, &a->n, &a->cap, contrib_copy(&c));
		if (score > a->peak)
			a->peak = score;
	} else if (score >= rk->o.p->threshold) {
		raise_alert(rk, ps, f->person, f->first, score);
	}
}

static int cmp_alert(const void *pa, const void *pb)
{
	const struct alert *a = pa, *b = pb;
	if (a->crossed != b->crossed)
		return a->crossed < b->crossed ? -1 : 1;
	return strcmp(a->person, b->person);
}

static size_t count_rules(const struct alert *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->n; i++) {
		bool seen = false;
		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(a->v[j].rule, a->v[i].rule);
		n += !seen;
	}
	return n;
}

static void alert_messages(const struct lt_risk *rk, const struct alert *a, struct lt_finding *f)
{
	const struct lt_risk_params *p = rk->o.p;
	struct lt_buf en = LT_BUF_INIT, ja = LT_BUF_INIT;
	char iso[LT_ISO_LEN];
	lt_time_format_utc(a->crossed, iso);
	lt_buf_printf(&en, "risk %.1f reached the threshold %g at %s (window %g days): %zu findings of %zu rules: ",
		      a->peak, p->threshold, iso, p->window_days, a->n, count_rules(a));
	lt_buf_printf(&ja, "%g 日間のリスク %.1f がしきい値 %g に達しました（%zu 種類のルールの %zu 件）：", p->window_days,
		      a->peak, p->threshold, count_rules(a), a->n);
	for (size_t i = 0; i < a->n && i < MESSAGE_TITLES; i++) {
		lt_buf_printf(&en, "%s%s (%.1f)", i ? "; " : "", a->v[i].title_en, a->v[i].base);
		lt_buf_printf(&ja, "%s%s（%.1f）", i ? "、" : "", a->v[i].title_ja, a->v[i].base);
	}
	if (a->n > MESSAGE_TITLES) {
		lt_buf_printf(&en, "; %zu more", a->n - MESSAGE_TITLES);
		lt_buf_printf(&ja, "、ほか %zu 件", a->n - MESSAGE_TITLES);
	}
	f->message_en = lt_xstrdup(en.data);
	f->message_ja = lt_xstrdup(ja.data);
	lt_buf_free(&en);
	lt_buf_free(&ja);
}

static void alert_finding(const struct lt_risk *rk, const struct alert *a, struct lt_finding *f)
{
	memset(f, 0, sizeof *f);
	struct lt_buf key = LT_BUF_INIT;
	/* NUL-separated so that no two (person, first finding) pairs share a key */
	lt_buf_append(&key, LT_RISK_ALERT_RULE, sizeof LT_RISK_ALERT_RULE);
	lt_buf_append(&key, a->person, strlen(a->person) + 1);
	lt_buf_puts(&key, a->v[0].id);
	char hex[LT_SHA256_HEX];
	lt_sha256_hex(key.data, key.len, hex);
	lt_buf_free(&key);
	f->id = lt_xstrndup(hex, 32);
	f->rule_id = lt_xstrdup(LT_RISK_ALERT_RULE);
	f->rule_version = lt_xstrdup("1");
	f->rule_title_en = lt_xstrdup("Person alert: accumulated risk");
	f->rule_title_ja = lt_xstrdup("人物アラート：リスクの累積");
	f->level = lt_xstrdup(a->peak >= 2 * rk->o.p->threshold ? "critical" : "high");
	f->person = lt_xstrdup(a->person);
	f->first = a->v[0].t;
	f->last = a->v[a->n - 1].t;
	alert_messages(rk, a, f);
	f->count = a->n;
	for (size_t i = 0; i < a->n; i++)
		lt_finding_add_value(f, "finding.id", a->v[i].id, LT_RISK_ALERT_LISTED);
	char iso[LT_ISO_LEN];
	lt_time_format_utc(a->crossed, iso);
	lt_finding_add_value(f, LT_E_RISK_RAISED_AT, iso, 1);
	f->kind = lt_xstrdup(LT_FINDING_KIND_ALERT);
	f->risk = a->peak;
}

int lt_risk_finish(struct lt_risk *rk, lt_finding_fn fn, void *arg)
{
	lt_qsort(rk->al, rk->nal, sizeof *rk->al, cmp_alert);
	int rc = 0;
	for (size_t i = 0; i < rk->nal && !rc; i++) {
		struct lt_finding f;
		alert_finding(rk, &rk->al[i], &f);
		rc = fn(&f, arg);
		lt_finding_free(&f);
	}
	return rc;
}

uint64_t lt_risk_alert_count(const struct lt_risk *rk)
{
	return rk->nal;
}

static void free_person(struct lt_smap_ent *e, void *arg)
{
	(void)arg;
	struct pstate *ps = e->val;
	for (size_t i = 0; i < ps->n; i++)
		contrib_free(&ps->v[i]);
	free(ps->v);
	free(ps);
}

void lt_risk_free(struct lt_risk *rk)
{
	if (!rk)
		return;
	lt_smap_each(&rk->people, free_person, NULL);
	lt_smap_free(&rk->people);
	for (size_t i = 0; i < rk->nal; i++) {
		for (size_t j = 0; j < rk->al[i].n; j++)
			contrib_free(&rk->al[i].v[j]);
		free(rk->al[i].v);
		free(rk->al[i].person);
	}
	free(rk->al);
	lt_buf_free(&rk->factors);
	free(rk);
}
