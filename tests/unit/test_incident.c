/* Incidents (src/rules/incident.c): which findings merge, what the merged
 * finding keeps, and that the output order and ids are deterministic. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "rules/incident.h"
#include "util/xalloc.h"

#define MIN (60 * LT_US_PER_SEC)
#define T0 ((lt_time_us)1794000000 * LT_US_PER_SEC)

static void make(struct lt_finding *f, const char *id, const char *rule, const char *person, lt_time_us t,
		 const char *domain, uint64_t offset)
{
	memset(f, 0, sizeof *f);
	f->id = lt_xstrdup(id);
	f->rule_id = lt_xstrdup(rule);
	f->level = lt_xstrdup("high");
	f->person = lt_xstrdup(person);
	f->first = f->last = t;
	f->message_ja = lt_xstrdup("msg");
	f->count = 1;
	f->nrefs_total = 1;
	f->nrefs = 1;
	f->refs = lt_xcalloc(1, sizeof *f->refs);
	f->refs[0].time = t;
	f->refs[0].source_path = lt_xstrdup("proxy/access.log");
	f->refs[0].source_sha256 = lt_xstrdup("ab");
	f->refs[0].offset = offset;
	f->refs[0].line = offset + 1;
	f->refs[0].raw = lt_xstrdup("line");
	lt_finding_add_value(f, "url.domain", domain, 20);
}

struct got {
	struct lt_finding v[16];
	size_t quoted[16];
	size_t n;
};

static void copy_str(char **d, const char *s)
{
	*d = s ? lt_xstrdup(s) : NULL;
}

static int collect(const struct lt_finding *f, void *arg)
{
	struct got *g = arg;
	struct lt_finding *d = &g->v[g->n++];
	memset(d, 0, sizeof *d);
	copy_str(&d->id, f->id);
	copy_str(&d->rule_id, f->rule_id);
	copy_str(&d->person, f->person);
	d->first = f->first;
	d->last = f->last;
	d->count = f->count;
	g->quoted[g->n - 1] = f->nrefs;	/* the refs themselves are not copied */
	d->nrefs_total = f->nrefs_total;
	for (size_t i = 0; i < f->nvalues; i++)
		for (size_t j = 0; j < f->values[i].n; j++)
			lt_finding_add_value(d, f->values[i].field, f->values[i].v[j], 99);
	return 0;
}

static lt_time_us gap_zero_for_r2(void *arg, const char *rule_id)
{
	(void)arg;
	return strcmp(rule_id, "r2") ? -1 : 0;
}

static void run(struct lt_finding *in, size_t n, struct got *g, const struct lt_incident_opts *o)
{
	struct lt_incidents *m = lt_incidents_new(o);
	for (size_t i = 0; i < n; i++) {
		cr_assert_eq(lt_incidents_add(m, &in[i]), 0);
		lt_finding_free(&in[i]);
	}
	memset(g, 0, sizeof *g);
	cr_assert_eq(lt_incidents_finish(m, collect, g), 0);
	cr_assert_eq(lt_incidents_count(m), g->n);
	lt_incidents_free(m);
}

static void free_got(struct got *g)
{
	for (size_t i = 0; i < g->n; i++)
		lt_finding_free(&g->v[i]);
}

Test(incident, merges_within_gap_and_splits_after)
{
	struct lt_finding in[5];
	/* one session: three uploads 10 and 50 minutes apart, the third
	 * quoting the same record as the first */
	make(&in[0], "a1", "r1", "E1", T0, "gigafile.nu", 10);
	make(&in[1], "a2", "r1", "E1", T0 + 10 * MIN, "gigafile.nu", 20);
	make(&in[2], "a3", "r1", "E1", T0 + 60 * MIN, "dropbox.com", 10);
	/* 61 minutes after the last one: a new incident */
	make(&in[3], "a4", "r1", "E1", T0 + 121 * MIN, "gigafile.nu", 40);
	/* another person at the same time: never merged */
	make(&in[4], "b1", "r1", "E2", T0 + 5 * MIN, "gigafile.nu", 50);
	struct got g;
	run(in, 5, &g, NULL);
	cr_assert_eq(g.n, 3);
	cr_assert_str_eq(g.v[0].id, "a1");
	cr_assert_eq(g.v[0].count, 3);
	cr_assert_eq(g.v[0].first, T0);
	cr_assert_eq(g.v[0].last, T0 + 60 * MIN);
	cr_assert_eq(g.quoted[0], 2, "the repeated record is quoted once");
	cr_assert_eq(g.v[0].nrefs_total, 2);
	cr_assert_eq(g.v[0].nvalues, 1);
	cr_assert_eq(g.v[0].values[0].n, 2);
	cr_assert_str_eq(g.v[0].values[0].v[0], "gigafile.nu");
	cr_assert_str_eq(g.v[0].values[0].v[1], "dropbox.com");
	cr_assert_str_eq(g.v[1].id, "b1");
	cr_assert_eq(g.v[1].count, 1);
	cr_assert_str_eq(g.v[2].id, "a4");
	cr_assert_eq(g.v[2].count, 1);
	free_got(&g);
}

Test(incident, per_rule_gap_and_rules_apart)
{
	struct lt_finding in[4];
	make(&in[0], "x1", "r2", "E1", T0, "a.example", 1);
	make(&in[1], "x2", "r2", "E1", T0 + MIN, "a.example", 2);
	make(&in[2], "y1", "r1", "E1", T0, "a.example", 1);
	make(&in[3], "y2", "r1", "E1", T0 + MIN, "a.example", 2);
	struct lt_incident_opts o = { gap_zero_for_r2, NULL, NULL };
	struct got g;
	run(in, 4, &g, &o);
	/* r2's gap is 0: one minute apart stays apart; r1 merges */
	cr_assert_eq(g.n, 3);
	cr_assert_str_eq(g.v[0].rule_id, "r1");
	cr_assert_eq(g.v[0].count, 2);
	cr_assert_str_eq(g.v[1].id, "x1");
	cr_assert_str_eq(g.v[2].id, "x2");
	free_got(&g);
}

Test(incident, order_does_not_depend_on_arrival)
{
	struct lt_finding a[3], b[3];
	make(&a[0], "p1", "r1", "E1", T0, "d1", 1);
	make(&a[1], "p2", "r1", "E1", T0 + 30 * MIN, "d2", 2);
	make(&a[2], "q1", "r1", "E2", T0 + 1, "d1", 3);
	make(&b[0], "q1", "r1", "E2", T0 + 1, "d1", 3);
	make(&b[1], "p2", "r1", "E1", T0 + 30 * MIN, "d2", 2);
	make(&b[2], "p1", "r1", "E1", T0, "d1", 1);
	struct got ga, gb;
	run(a, 3, &ga, NULL);
	run(b, 3, &gb, NULL);
	cr_assert_eq(ga.n, 2);
	cr_assert_eq(gb.n, 2);
	for (size_t i = 0; i < 2; i++) {
		cr_assert_str_eq(ga.v[i].id, gb.v[i].id);
		cr_assert_eq(ga.v[i].count, gb.v[i].count);
		cr_assert_str_eq(ga.v[i].values[0].v[0], gb.v[i].values[0].v[0]);
	}
	cr_assert_str_eq(ga.v[0].id, "p1");
	cr_assert_eq(ga.v[0].count, 2);
	free_got(&ga);
	free_got(&gb);
}

Test(incident, values_capped_with_more)
{
	struct lt_finding in[25];
	char dom[32], id[8];
	for (int i = 0; i < 25; i++) {
		snprintf(dom, sizeof dom, "d%02d.example", i);
		snprintf(id, sizeof id, "i%02d", i);
		make(&in[i], id, "r1", "E1", T0 + i * MIN, dom, (uint64_t)i);
	}
	struct lt_incidents *m = lt_incidents_new(NULL);
	for (int i = 0; i < 25; i++) {
		lt_incidents_add(m, &in[i]);
		lt_finding_free(&in[i]);
	}
	struct got g = { 0 };
	cr_assert_eq(lt_incidents_finish(m, collect, &g), 0);
	cr_assert_eq(g.n, 1);
	cr_assert_eq(g.v[0].count, 25);
	cr_assert_eq(g.v[0].values[0].n, LT_INCIDENT_VALUES_MAX);
	cr_assert_eq(lt_incidents_rule_count(m, "r1"), 1);
	lt_incidents_free(m);
	free_got(&g);
}

/* The JSON line keeps count and values. */
Test(incident, finding_json_round_trip)
{
	struct lt_finding f, r;
	make(&f, "z1", "r1", "E1", T0, "gigafile.nu", 1);
	f.count = 7;
	f.values[0].more = 3;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	cr_assert_eq(lt_finding_write(out, &f), 0);
	fclose(out);
	cr_assert(strstr(buf, "\"count\":7,\"values\":[{\"field\":\"url.domain\",\"values\":[\"gigafile.nu\"],\"more\":3}]"),
		  "%s", buf);
	FILE *in = fmemopen(buf, len, "r");
	char err[128];
	cr_assert_eq(lt_finding_read(in, &r, err, sizeof err), 1);
	fclose(in);
	cr_assert_eq(r.count, 7);
	cr_assert_eq(r.nvalues, 1);
	cr_assert_eq(r.values[0].more, 3);
	cr_assert_str_eq(r.values[0].v[0], "gigafile.nu");
	lt_finding_free(&f);
	lt_finding_free(&r);
	free(buf);
}

static lt_time_us same_day(void *arg, const char *rule_id)
{
	(void)arg;
	(void)rule_id;
	return LT_INCIDENT_SAME_DAY;
}

/* incident_gap: day: everything of one local day, nothing across midnight
 * however close (the time zone is UTC here). */
Test(incident, same_local_day)
{
	lt_time_us day = (lt_time_us)86400 * LT_US_PER_SEC;
	lt_time_us midnight = (T0 / day + 1) * day;
	struct lt_finding in[4];
	make(&in[0], "d1", "r1", "E1", midnight - 23 * 60 * MIN, "a.pdf", 1);
	make(&in[1], "d2", "r1", "E1", midnight - 10 * MIN, "b.pdf", 2);
	make(&in[2], "d3", "r1", "E1", midnight + 10 * MIN, "c.pdf", 3);
	make(&in[3], "d4", "r1", "E1", midnight + 20 * 60 * MIN, "d.pdf", 4);
	struct lt_incident_opts o = { same_day, NULL, NULL };
	struct got g;
	run(in, 4, &g, &o);
	cr_assert_eq(g.n, 2);
	cr_assert_str_eq(g.v[0].id, "d1");
	cr_assert_eq(g.v[0].count, 2, "23 hours apart on one day: merged");
	cr_assert_str_eq(g.v[1].id, "d3");
	cr_assert_eq(g.v[1].count, 2, "20 minutes apart across midnight: apart");
	free_got(&g);
}
