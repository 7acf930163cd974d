/* Incidents: merging findings of one rule for one person (incident.h). */
#include "rules/incident.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"
#include "util/sort.h"
#include "util/xalloc.h"

/* A finding kept in a temporary file, with what sorting needs. */
struct ient {
	char *rule_id, *person, *group_key;
	char id[33];
	lt_time_us first;
	size_t seq;			/* order of arrival: the last tie-breaker */
	long off;
	size_t len;
};

struct spill {
	FILE *f;
	struct ient *v;
	size_t n, cap;
};

struct rcount {
	char *rule_id;
	uint64_t n;
};

struct lt_incidents {
	struct lt_incident_opts o;
	struct spill in, out;
	struct rcount *rc;
	size_t nrc;
	bool failed, finished;
};

struct lt_incidents *lt_incidents_new(const struct lt_incident_opts *o)
{
	struct lt_incidents *m = lt_xcalloc(1, sizeof *m);
	if (o)
		m->o = *o;
	return m;
}

static char *xdup(const char *s)
{
	return s ? lt_xstrdup(s) : NULL;
}

static int spill_put(struct spill *s, const struct lt_finding *f)
{
	if (!s->f)
		s->f = tmpfile();
	if (!s->f) {
		lt_diag(LT_ERROR, NULL, "incidents: cannot make a temporary file: %s", strerror(errno));
		return -1;
	}
	if (fseek(s->f, 0, SEEK_END) != 0)
		return -1;
	long off = ftell(s->f);
	if (off < 0 || lt_finding_write(s->f, f) != 0) {
		lt_diag(LT_ERROR, NULL, "incidents: cannot write to the temporary file: %s", strerror(errno));
		return -1;
	}
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = lt_xrealloc(s->v, s->cap * sizeof *s->v);
	}
	struct ient *x = &s->v[s->n];
	memset(x, 0, sizeof *x);
	x->rule_id = xdup(f->rule_id);
	x->person = xdup(f->person);
	x->group_key = xdup(f->group_key);
	snprintf(x->id, sizeof x->id, "%s", f->id ? f->id : "");
	x->first = f->first;
	x->seq = s->n;
	x->off = off;
	x->len = (size_t)(ftell(s->f) - off);
	s->n++;
	return 0;
}

static int spill_get(struct spill *s, const struct ient *x, struct lt_finding *f)
{
	char *text = lt_xmalloc(x->len + 1);
	if (fseek(s->f, x->off, SEEK_SET) != 0 || fread(text, 1, x->len, s->f) != x->len) {
		lt_diag(LT_ERROR, NULL, "incidents: cannot read back a finding: %s", strerror(errno));
		free(text);
		return -1;
	}
	FILE *in = fmemopen(text, x->len, "r");
	char err[256];
	int got = in ? lt_finding_read(in, f, err, sizeof err) : -1;
	if (in)
		fclose(in);
	free(text);
	if (got != 1) {
		lt_diag(LT_ERROR, NULL, "incidents: a finding did not read back");
		return -1;
	}
	return 0;
}

static void spill_free(struct spill *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].rule_id);
		free(s->v[i].person);
		free(s->v[i].group_key);
	}
	free(s->v);
	if (s->f)
		fclose(s->f);
	memset(s, 0, sizeof *s);
}

int lt_incidents_add(struct lt_incidents *m, const struct lt_finding *f)
{
	if (spill_put(&m->in, f) != 0) {
		m->failed = true;
		return -1;
	}
	return 0;
}

static int cmp_str0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int unevaluated(const struct ient *e)
{
	return e->group_key && strcmp(e->group_key, LT_FINDING_UNEVALUATED) == 0;
}

/* Merging order: one rule and person together, by time; "could not be
 * evaluated" apart from matches. */
static int cmp_merge(const void *pa, const void *pb)
{
	const struct ient *a = pa, *b = pb;
	int c = cmp_str0(a->rule_id, b->rule_id);
	if (c)
		return c;
	c = cmp_str0(a->person, b->person);
	if (c)
		return c;
	c = unevaluated(a) - unevaluated(b);
	if (c)
		return c;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	c = strcmp(a->id, b->id);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Output order: that of the engine (engine.h). */
static int cmp_output(const void *pa, const void *pb)
{
	const struct ient *a = pa, *b = pb;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	int c = cmp_str0(a->rule_id, b->rule_id);
	if (c)
		return c;
	c = cmp_str0(a->group_key, b->group_key);
	if (c)
		return c;
	c = strcmp(a->id, b->id);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool same_key(const struct ient *a, const struct ient *b)
{
	return !cmp_str0(a->rule_id, b->rule_id) && !cmp_str0(a->person, b->person) &&
	       unevaluated(a) == unevaluated(b);
}

static lt_time_us gap_of(const struct lt_incidents *m, const char *rule_id)
{
	lt_time_us g = m->o.gap_for ? m->o.gap_for(m->o.gap_arg, rule_id ? rule_id : "") : -1;
	return g >= 0 || g == LT_INCIDENT_SAME_DAY ? g : LT_INCIDENT_GAP_DEFAULT;
}

static int64_t local_day(const struct lt_incidents *m, lt_time_us t)
{
	int64_t off = m->o.tz ? lt_tz_offset_at(m->o.tz, t) : 0;
	int64_t s = t / LT_US_PER_SEC + off;
	return s >= 0 ? s / 86400 : (s - 86399) / 86400;
}

/* Does f (not earlier than cur's first) belong to the incident cur? */
static bool joins(const struct lt_incidents *m, const struct lt_finding *cur, const struct lt_finding *f)
{
	lt_time_us g = gap_of(m, cur->rule_id);
	if (g == LT_INCIDENT_SAME_DAY)
		return local_day(m, f->first) == local_day(m, cur->first);
	return f->first <= cur->last + g;
}

static bool same_record(const struct lt_evidence_ref *a, const struct lt_evidence_ref *b)
{
	return a->offset == b->offset && a->line == b->line && !cmp_str0(a->source_sha256, b->source_sha256) &&
	       !cmp_str0(a->member, b->member) && !cmp_str0(a->source_path, b->source_path);
}

static bool has_ref(const struct lt_finding *f, const struct lt_evidence_ref *r)
{
	for (size_t i = 0; i < f->nrefs; i++)
		if (same_record(&f->refs[i], r))
			return true;
	return false;
}

/* Move b's evidence into a, skipping records a already quotes. */
static void merge_refs(struct lt_finding *a, struct lt_finding *b)
{
	uint64_t dup = 0;
	size_t cap = a->nrefs + b->nrefs;
	if (cap > LT_FINDING_MAX_REFS)
		cap = LT_FINDING_MAX_REFS;
	if (cap > a->nrefs)
		a->refs = lt_xrealloc(a->refs, cap * sizeof *a->refs);
	for (size_t i = 0; i < b->nrefs; i++) {
		struct lt_evidence_ref *r = &b->refs[i];
		if (has_ref(a, r)) {
			dup++;
			continue;
		}
		if (a->nrefs < cap) {
			a->refs[a->nrefs++] = *r;
			memset(r, 0, sizeof *r);
		}
	}
	a->nrefs_total += b->nrefs_total - dup;
}

static void merge_values(struct lt_finding *a, const struct lt_finding *b)
{
	for (size_t i = 0; i < b->nvalues; i++) {
		const struct lt_finding_values *v = &b->values[i];
		for (size_t j = 0; j < v->n; j++)
			lt_finding_add_value(a, v->field, v->v[j], LT_INCIDENT_VALUES_MAX);
		for (size_t k = 0; v->more && k < a->nvalues; k++)
			if (!strcmp(a->values[k].field, v->field))
				a->values[k].more += v->more;
	}
}

/* b follows a (same rule and person, not earlier): merge it in. */
static void merge(struct lt_finding *a, struct lt_finding *b)
{
	if (b->last > a->last)
		a->last = b->last;
	a->count += b->count ? b->count : 1;
	merge_refs(a, b);
	merge_values(a, b);
}

static void count_rule(struct lt_incidents *m, const char *rule_id)
{
	for (size_t i = 0; i < m->nrc; i++) {
		if (!strcmp(m->rc[i].rule_id, rule_id)) {
			m->rc[i].n++;
			return;
		}
	}
	m->rc = lt_xrealloc(m->rc, (m->nrc + 1) * sizeof *m->rc);
	m->rc[m->nrc].rule_id = lt_xstrdup(rule_id);
	m->rc[m->nrc++].n = 1;
}

static int flush(struct lt_incidents *m, struct lt_finding *cur)
{
	count_rule(m, cur->rule_id ? cur->rule_id : "");
	int rc = spill_put(&m->out, cur);
	lt_finding_free(cur);
	return rc;
}

/* Walk the findings in merging order into m->out, one incident at a time. */
static int merge_all(struct lt_incidents *m)
{
	struct spill *s = &m->in;
	if (s->n > 1)
		lt_qsort(s->v, s->n, sizeof *s->v, cmp_merge);
	struct lt_finding cur = { 0 };
	bool open = false;
	const struct ient *head = NULL;
	for (size_t i = 0; i < s->n; i++) {
		struct lt_finding f;
		if (spill_get(s, &s->v[i], &f) != 0)
			return -1;
		if (open && same_key(head, &s->v[i]) && joins(m, &cur, &f)) {
			merge(&cur, &f);
			lt_finding_free(&f);
			continue;
		}
		if (open && flush(m, &cur) != 0) {
			lt_finding_free(&f);
			return -1;
		}
		cur = f;
		if (!cur.count)
			cur.count = 1;
		head = &s->v[i];
		open = true;
	}
	return open ? flush(m, &cur) : 0;
}

int lt_incidents_finish(struct lt_incidents *m, lt_finding_fn fn, void *arg)
{
	if (m->finished || m->failed)
		return -1;
	m->finished = true;
	if (merge_all(m) != 0)
		return -1;
	struct spill *s = &m->out;
	if (s->n > 1)
		lt_qsort(s->v, s->n, sizeof *s->v, cmp_output);
	int rc = 0;
	for (size_t i = 0; i < s->n && !rc; i++) {
		struct lt_finding f;
		if (spill_get(s, &s->v[i], &f) != 0)
			return -1;
		rc = fn ? fn(&f, arg) : 0;
		lt_finding_free(&f);
	}
	return rc;
}

uint64_t lt_incidents_count(const struct lt_incidents *m)
{
	return m->out.n;
}

uint64_t lt_incidents_rule_count(const struct lt_incidents *m, const char *rule_id)
{
	for (size_t i = 0; i < m->nrc; i++)
		if (!strcmp(m->rc[i].rule_id, rule_id))
			return m->rc[i].n;
	return 0;
}

void lt_incidents_free(struct lt_incidents *m)
{
	if (!m)
		return;
	spill_free(&m->in);
	spill_free(&m->out);
	for (size_t i = 0; i < m->nrc; i++)
		free(m->rc[i].rule_id);
	free(m->rc);
	free(m);
}
