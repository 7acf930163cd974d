/* Unit tests for src/rules/risk.c (the risk model: scores, decay, the
 * repeat factor, the threshold, alerts in time order) and the context's
 * `risk:` section (src/context/context_yaml.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "context/context.h"
#include "rules/risk.h"
#include "util/diag.h"
#include "util/xalloc.h"

#define DAY (86400 * LT_US_PER_SEC)
#define T0 ((lt_time_us)1790000000 * LT_US_PER_SEC)

static const struct lt_risk_params P = {
	.threshold = 20, .window_days = 14, .half_life_days = 7, .repeat = 0.5,
	.level = { 1, 3, 8, 15, 25 }, .departing = 1.5, .off_hours = 1.25, .classified = 1.5, .service = 0.5,
};

struct facts_arg {
	bool departing, off_hours;
	bool skip_off_hours;
	double confidence;
	bool contribution;
};

static void facts(void *arg, const struct lt_finding *f, struct lt_risk_facts *out)
{
	(void)f;
	const struct facts_arg *a = arg;
	out->departing = a->departing;
	out->off_hours = a->off_hours;
}

static void rule(void *arg, const char *id, struct lt_risk_rule *out)
{
	(void)id;
	const struct facts_arg *a = arg;
	out->confidence = a->confidence;
	out->contribution = a->contribution;
	out->skip_off_hours = a->skip_off_hours;
}

static struct lt_finding mk(const char *id, const char *rule_id, const char *level, const char *person,
			    lt_time_us t)
{
	struct lt_finding f;
	memset(&f, 0, sizeof f);
	f.id = (char *)id;
	f.rule_id = (char *)rule_id;
	f.level = (char *)level;
	f.person = (char *)person;
	f.first = f.last = t;
	f.rule_title_en = (char *)rule_id;
	f.rule_title_ja = (char *)rule_id;
	return f;
}

struct got {
	size_t n;
	char person[4][16];
	double risk[4];
	uint64_t count[4];
	lt_time_us first[4];
	char first_id[4][16];
	char kind[4][16];
};

static int collect(const struct lt_finding *f, void *arg)
{
	struct got *g = arg;
	cr_assert_lt(g->n, 4);
	snprintf(g->person[g->n], sizeof g->person[0], "%s", f->person);
	snprintf(g->kind[g->n], sizeof g->kind[0], "%s", f->kind);
	g->risk[g->n] = f->risk;
	g->count[g->n] = f->count;
	g->first[g->n] = f->first;
	cr_assert(f->nvalues >= 1);
	cr_assert_str_eq(f->values[0].field, "finding.id");
	snprintf(g->first_id[g->n], sizeof g->first_id[0], "%s", f->values[0].v[0]);
	g->n++;
	return 0;
}

static void add(struct lt_risk *rk, const char *id, const char *rule_id, const char *level, const char *person,
		lt_time_us t, struct lt_risk_score *sc)
{
	struct lt_finding f = mk(id, rule_id, level, person, t);
	lt_risk_add(rk, &f, sc);
}

Test(risk, score_is_level_times_confidence_times_modifiers)
{
	struct facts_arg a = { true, true, false, 2, false };
	struct lt_risk_opts o = { &P, facts, rule, &a };
	struct lt_risk *rk = lt_risk_new(&o);
	struct lt_risk_score sc;
	add(rk, "f1", "r-low", "low", "E1", T0, &sc);
	cr_assert_float_eq(sc.risk, 3 * 2 * 1.5 * 1.25, 1e-9);
	cr_assert_str_eq(sc.factors, "departing off_hours");
	a.skip_off_hours = true;	/* the rule already counts off-hours */
	add(rk, "f2", "r-low2", "low", "E2", T0, &sc);
	cr_assert_float_eq(sc.risk, 3 * 2 * 1.5, 1e-9);
	cr_assert_str_eq(sc.factors, "departing");
	lt_risk_free(rk);
}

Test(risk, one_high_finding_alone_stays_below_the_threshold)
{
	struct facts_arg a = { false, false, false, 1, false };
	struct lt_risk_opts o = { &P, facts, rule, &a };
	struct lt_risk *rk = lt_risk_new(&o);
	struct lt_risk_score sc;
	add(rk, "f1", "r-up", "high", "E1", T0, &sc);
	cr_assert_float_eq(sc.risk, 15, 1e-9);
	cr_assert_eq(lt_risk_alert_count(rk), 0);
	lt_risk_free(rk);
}

Test(risk, two_signs_within_the_window_raise_one_alert_listing_both)
{
	struct facts_arg a = { false, false, false, 1, false };
	struct lt_risk_opts o = { &P, facts, rule, &a };
	struct lt_risk *rk = lt_risk_new(&o);
	struct lt_risk_score sc;
	add(rk, "f1", "r-usb", "medium", "E1", T0, &sc);
	add(rk, "f2", "r-other", "low", "E9", T0 + 1, &sc);	/* someone else: never listed for E1 */
	add(rk, "f3", "r-up", "high", "E1", T0 + DAY, &sc);	/* 8 * 0.5^(1/7) + 15 = 22.3 */
	add(rk, "f4", "r-up", "high", "E1", T0 + 2 * DAY, &sc);	/* joins the open alert */
	cr_assert_eq(lt_risk_alert_count(rk), 1);
	struct got g = { 0 };
	cr_assert_eq(lt_risk_finish(rk, collect, &g), 0);
	cr_assert_eq(g.n, 1);
	cr_assert_str_eq(g.person[0], "E1");
	cr_assert_str_eq(g.kind[0], "person_alert");
	cr_assert_eq(g.count[0], 3);
	cr_assert_str_eq(g.first_id[0], "f1");
	cr_assert_eq(g.first[0], T0);
	cr_assert_gt(g.risk[0], 22);
	lt_risk_free(rk);
}

Test(risk, signs_further_apart_than_the_window_never_add_up)
{
	struct facts_arg a = { false, false, false, 1, false };
	struct lt_risk_opts o = { &P, facts, rule, &a };
	struct lt_risk *rk = lt_risk_new(&o);
	struct lt_risk_score sc;
	add(rk, "f1", "r-up", "high", "E1", T0, &sc);
	add(rk, "f2", "r-usb", "medium", "E1", T0 + 15 * DAY, &sc);
	add(rk, "f3", "r-up", "high", "E1", T0 + 30 * DAY, &sc);
	cr_assert_eq(lt_risk_alert_count(rk), 0);
	lt_risk_free(rk);
}

Test(risk, one_noisy_low_rule_alone_never_reaches_the_threshold)
{
	struct facts_arg a = { false, false, false, 2, true };
	struct lt_risk_opts o = { &P, facts, rule, &a };
	struct lt_risk *rk = lt_risk_new(&o);
	struct lt_risk_score sc;
	/* a heavy USB user: an unapproved device every working hour for two weeks */
	for (int i = 0; i < 14 * 8; i++)
		add(rk, "f", "r-usb", "low", "E1", T0 + i * (DAY / 8), &sc);
	cr_assert(sc.contribution);
	cr_assert_eq(lt_risk_alert_count(rk), 0, "the repeat factor bounds one rule at 2x its score");
	lt_risk_free(rk);
}

Test(risk, findings_without_person_or_unevaluated_count_nowhere)
{
	struct lt_risk_opts o = { &P, NULL, NULL, NULL };
	struct lt_risk *rk = lt_risk_new(&o);
	struct lt_risk_score sc;
	add(rk, "f1", "r", "critical", NULL, T0, &sc);
	cr_assert_float_eq(sc.risk, 0, 1e-9);
	struct lt_finding f = mk("f2", "r", "critical", "E1", T0);
	f.group_key = (char *)LT_FINDING_UNEVALUATED;
	lt_risk_add(rk, &f, &sc);
	cr_assert_float_eq(sc.risk, 0, 1e-9);
	cr_assert_eq(lt_risk_alert_count(rk), 0);
	lt_risk_free(rk);
}

static struct lt_context *context_from(const char *yaml, char *err, size_t errlen)
{
	char path[] = "/tmp/lt-risk-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	lt_diag_set_quiet(1);
	struct lt_context *ctx = lt_context_load(path, LT_SRCDIR, err, errlen);
	unlink(path);
	return ctx;
}

Test(risk, context_risk_section_sets_every_parameter)
{
	char err[512] = "";
	struct lt_context *ctx = context_from("risk:\n  threshold: 30\n  window_days: 7\n  half_life_days: 3.5\n"
					      "  repeat: 0.25\n  levels: {high: 12, low: 2}\n"
					      "  modifiers: {departing: 2, service: 0}\n", err, sizeof err);
	cr_assert_not_null(ctx, "%s", err);
	const struct lt_risk_params *p = lt_context_risk_params(ctx);
	cr_assert_float_eq(p->threshold, 30, 1e-9);
	cr_assert_float_eq(p->window_days, 7, 1e-9);
	cr_assert_float_eq(p->half_life_days, 3.5, 1e-9);
	cr_assert_float_eq(p->repeat, 0.25, 1e-9);
	cr_assert_float_eq(p->level[3], 12, 1e-9);
	cr_assert_float_eq(p->level[1], 2, 1e-9);
	cr_assert_float_eq(p->level[2], 8, 1e-9, "untouched levels keep their default");
	cr_assert_float_eq(p->departing, 2, 1e-9);
	cr_assert_float_eq(p->service, 0, 1e-9);
	cr_assert_float_eq(p->off_hours, 1.25, 1e-9);
	lt_context_free(ctx);
}

Test(risk, context_risk_typos_and_bad_numbers_are_errors)
{
	char err[512] = "";
	cr_assert_null(context_from("risk:\n  treshold: 30\n", err, sizeof err));
	cr_assert(strstr(err, "unknown key 'treshold'"), "%s", err);
	cr_assert_null(context_from("risk:\n  threshold: lots\n", err, sizeof err));
	cr_assert(strstr(err, "threshold: expected a number"), "%s", err);
	cr_assert_null(context_from("risk:\n  modifiers: {weekend: 2}\n", err, sizeof err));
	cr_assert(strstr(err, "unknown modifier 'weekend'"), "%s", err);
	cr_assert_null(context_from("risk:\n  repeat: 2\n", err, sizeof err));
}
