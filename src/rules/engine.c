/* The rule engine (engine.h): detection per record, correlation windows per
 * group, findings with their evidence, coverage per rule and person.
 *
 * Window semantics (doc/rules.md, "Correlations"):
 * - event_count / value_count with only a lower bound (gt, gte): a sliding
 *   window; events count when last - first <= timespan. A finding opens when
 *   the condition first holds and grows while it keeps holding, so one burst
 *   is one finding.
 * - with an upper bound (lt, lte, eq, ranges): a window opens at a group's
 *   first event and closes timespan later; the count is judged at the close.
 * - temporal: every referenced rule (or as many as the condition asks)
 *   within timespan; temporal_ordered: in the order listed.
 * - baseline (leaktrail): per local calendar day against the median of the
 *   group's previous working days.
 */
#include "rules/engine.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/smap.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/hash.h"
#include "util/jsonesc.h"
#include "util/xalloc.h"

#define DEFAULT_MAX_GROUPS 100000
#define WINDOW_MAX 100000	/* entries kept per group window */
#define MAX_PEOPLE 100000
#define HISTORY_DAYS_KEPT 800	/* calendar days of daily counts per baseline group */

/* ---- evidence references ---- */

struct eref {
	lt_time_us t;
	const char *path, *sha, *member;	/* interned */
	uint64_t offset, line;
	char *raw, *summary;
};

struct refs {
	struct eref *v;
	size_t n, cap;
	uint64_t total;
};

struct cov {
	uint64_t n;
	lt_time_us first, last;
};

/* A hit delivered to a correlation: from a record or from a fired correlation. */
struct hit {
	lt_time_us t;
	const char *person;
	const struct refs *refs;
	const struct lt_ridx *ix;		/* NULL when the producer closed without a record */
	const struct lt_rule *producer;
	char *const *gvals;			/* producer's group values (correlations) */
};

struct whit {
	lt_time_us t;
	const char *person;
	struct refs refs;
	char *value;				/* value_count */
};

struct wq {				/* a queue of hits, oldest first */
	struct whit *v;
	size_t start, n, cap;
};

struct chain {
	bool set;
	lt_time_us start;
	struct refs refs;
};

struct dayc {
	int64_t day, count;
};

struct acc {				/* a finding being built */
	const struct lt_rule *r;
	const char *person;
	char *group_key;
	lt_time_us first, last;
	struct refs refs;
	int64_t count;
	double baseline;
	bool has_baseline;
	char day[16];
};

struct group {
	char **gvals;
	const char *person;
	lt_time_us last_seen;
	struct wq win;
	struct lt_smap vals;		/* value_count: value -> count in window */
	bool anchored_open;
	lt_time_us t0;
	struct acc *active;
	struct wq *slots;		/* temporal: one queue per referenced rule */
	struct chain *chains;		/* temporal_ordered */
	/* baseline */
	int64_t day, first_day;
	bool day_open;
	int64_t day_count;
	struct lt_smap day_vals;
	struct refs day_refs;
	lt_time_us day_first, day_last;
	struct dayc *hist;
	size_t nhist;
};

struct cstate {
	struct lt_smap groups;
	uint64_t dropped;		/* groups closed early because of max_groups */
	uint64_t saturated;		/* window entries dropped because of WINDOW_MAX */
};

struct rstate {
	char *status;			/* NULL = runs; else "not evaluable: ..." */
	struct cov all;
	uint64_t nfind;
	struct cstate cs;
	lt_time_us last_sweep;		/* event time of this correlation's last sweep */
};

struct findex {
	lt_time_us first;
	const char *rule_id;		/* the rule's, borrowed */
	char *group_key;
	char id[33];
	long off;
	size_t len;
};

/* A person seen in the records: activity period and per-rule coverage. */
struct pinfo {
	const char *name;		/* the key in lt_engine.people */
	struct cov act;
	struct cov *rc;			/* per rule, allocated at the person's first match */
};

struct lt_engine {
	const struct lt_ruleset *rs;
	struct lt_engine_opts o;
	struct lt_fkey k_time, k_person, k_user, k_cat, k_family, k_dataset, k_parser;
	struct lt_fkey k_path, k_sha, k_member, k_offset, k_line, k_raw, k_action, k_msg, k_srcid;
	struct lt_ridx ix;
	struct rstate *st;
	struct lt_smap strings;		/* interned strings */
	struct lt_smap people;		/* person -> struct pinfo* */
	uint64_t records, untimed;
	lt_time_us now, first_time, last_sweep, sweep_every;
	/* Findings wait in a temporary file (JSON lines, in the order they
	 * closed) so that memory holds only a small index entry per finding;
	 * lt_engine_finish sorts the index and reads them back in order. */
	FILE *spill;
	char *spill_mem;		/* when no temporary file can be made */
	size_t spill_memlen;
	struct findex *fidx;
	size_t nfinds, capfinds;
	bool spill_failed;
	bool finished;
	struct lt_buf scratch;		/* reused per record: no allocation on the hot path */
	struct lt_buf keybuf;		/* group keys */
	/* Distinct logsource categories: each record's event.category is
	 * compared with these once, not once per rule. */
	char **cats;
	size_t ncats;
	int *rule_cat;			/* per rule: index into cats, or -1 */
	bool *cat_hit;			/* per record */
};

/* ---- small helpers ---- */

static const char *intern(struct lt_engine *e, const char *s, size_t n)
{
	int created;
	struct lt_smap_ent *ent = lt_smap_put(&e->strings, s, n, &created);
	return ent->key;
}

static void refs_push(struct refs *d, const struct eref *r)
{
	if (d->n < LT_FINDING_MAX_REFS) {
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 4;
			d->v = lt_xrealloc(d->v, d->cap * sizeof *d->v);
		}
		struct eref *x = &d->v[d->n++];
		*x = *r;
		x->raw = r->raw ? lt_xstrdup(r->raw) : NULL;
		x->summary = r->summary ? lt_xstrdup(r->summary) : NULL;
	}
}

/* Like refs_push, but r's strings move into d (or are freed). */
static void refs_push_owned(struct refs *d, struct eref *r)
{
	if (d->n < LT_FINDING_MAX_REFS) {
		if (d->n == d->cap) {
			d->cap = d->cap ? d->cap * 2 : 4;
			d->v = lt_xrealloc(d->v, d->cap * sizeof *d->v);
		}
		d->v[d->n++] = *r;
	} else {
		free(r->raw);
		free(r->summary);
	}
}

static void refs_add(struct refs *d, const struct refs *s)
{
	for (size_t i = 0; i < s->n; i++)
		refs_push(d, &s->v[i]);
	d->total += s->total;
}

static void refs_free(struct refs *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].raw);
		free(r->v[i].summary);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

static void cov_add(struct cov *c, lt_time_us t)
{
	if (c->n == 0 || t < c->first)
		c->first = t;
	if (c->n == 0 || t > c->last)
		c->last = t;
	c->n++;
}

static void wq_push(struct wq *q, struct whit *h)
{
	if (q->start + q->n == q->cap) {
		if (q->start > 0) {
			memmove(q->v, q->v + q->start, q->n * sizeof *q->v);
			q->start = 0;
		} else {
			q->cap = q->cap ? q->cap * 2 : 8;
			q->v = lt_xrealloc(q->v, q->cap * sizeof *q->v);
		}
	}
	q->v[q->start + q->n++] = *h;
}

static struct whit *wq_front(struct wq *q)
{
	return q->n ? &q->v[q->start] : NULL;
}

static void whit_free(struct whit *h)
{
	refs_free(&h->refs);
	free(h->value);
}

static void wq_pop(struct wq *q)
{
	whit_free(&q->v[q->start]);
	q->start++;
	q->n--;
	if (q->n == 0)
		q->start = 0;
}

static void wq_free(struct wq *q)
{
	while (q->n)
		wq_pop(q);
	free(q->v);
	memset(q, 0, sizeof *q);
}

/* A value as text, for group keys, distinct values and messages. */
static void value_text(const struct lt_record *r, const struct lt_value *v, struct lt_buf *out)
{
	if (!v)
		return;
	char iso[LT_ISO_LEN];
	switch (v->type) {
	case LT_V_STR:
	case LT_V_BYTES:
		lt_buf_append(out, v->v.s.p, v->v.s.n);
		break;
	case LT_V_INT:
		lt_buf_printf(out, "%" PRId64, v->v.i);
		break;
	case LT_V_BOOL:
		lt_buf_puts(out, v->v.b ? "true" : "false");
		break;
	case LT_V_TIME:
		lt_time_format_utc(v->v.t, iso);
		lt_buf_puts(out, iso);
		break;
	case LT_V_LIST:
		for (uint32_t i = 0; i < v->v.list.count; i++) {
			struct lt_str s = lt_rec_list_item(r, v, i);
			if (i)
				lt_buf_putc(out, ',');
			lt_buf_append(out, s.p, s.n);
		}
		break;
	}
}

static bool lookup_text(const struct lt_ridx *ix, const struct lt_fkey *k, struct lt_buf *out)
{
	const struct lt_value *v = lt_ridx_get(ix, k);
	if (!v)
		return false;
	value_text(ix->r, v, out);
	return true;
}

/* ---- engine setup ---- */

static bool has_part(const struct lt_engine *e, const char *part)
{
	return !e->o.has_context || e->o.has_context(e->o.context_arg, part);
}

static void set_status(struct lt_engine *e)
{
	const struct lt_ruleset *rs = e->rs;
	/* Rules are loaded so that a correlation may come before the rules it
	 * uses (multi-document files): iterate to a fixed point. */
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		for (size_t k = 0; k < r->nrequires; k++) {
			if (!has_part(e, r->requires[k])) {
				e->st[i].status = lt_xasprintf("not evaluable: the context has no %s", r->requires[k]);
				break;
			}
		}
	}
	for (int pass = 0; pass < 8; pass++) {
		for (size_t i = 0; i < rs->n; i++) {
			const struct lt_rule *r = rs->rules[i];
			if (r->kind != LT_RULE_CORRELATION || e->st[i].status)
				continue;
			for (size_t k = 0; k < r->corr.nrefs; k++) {
				int j = r->corr.ref_idx[k];
				if (e->st[j].status) {
					e->st[i].status = lt_xasprintf("not evaluable: it needs rule %s, %s", r->corr.refs[k],
								       e->st[j].status);
					break;
				}
			}
		}
	}
}

struct lt_engine *lt_engine_new(const struct lt_ruleset *rs, const struct lt_engine_opts *opts)
{
	struct lt_engine *e = lt_xcalloc(1, sizeof *e);
	e->rs = rs;
	if (opts)
		e->o = *opts;
	if (!e->o.max_groups)
		e->o.max_groups = DEFAULT_MAX_GROUPS;
	lt_fkey_init(&e->k_time, LT_F_TIMESTAMP);
	lt_fkey_init(&e->k_person, e->o.person_field ? e->o.person_field : "leaktrail.person.id");
	lt_fkey_init(&e->k_user, LT_F_USER_NAME);
	lt_fkey_init(&e->k_cat, LT_F_EVENT_CATEGORY);
	lt_fkey_init(&e->k_family, "leaktrail.family");
	lt_fkey_init(&e->k_dataset, LT_F_EVENT_DATASET);
	lt_fkey_init(&e->k_parser, LT_F_PARSER);
	lt_fkey_init(&e->k_path, LT_F_SOURCE_PATH);
	lt_fkey_init(&e->k_sha, LT_F_SOURCE_SHA256);
	lt_fkey_init(&e->k_member, LT_F_MEMBER);
	lt_fkey_init(&e->k_offset, LT_F_OFFSET);
	lt_fkey_init(&e->k_line, LT_F_LINE);
	lt_fkey_init(&e->k_raw, LT_F_RAW);
	lt_fkey_init(&e->k_action, LT_F_EVENT_ACTION);
	lt_fkey_init(&e->k_msg, LT_F_MESSAGE);
	lt_fkey_init(&e->k_srcid, LT_F_SOURCE_ID);
	lt_smap_init(&e->strings);
	lt_smap_init(&e->people);
	e->st = lt_xcalloc(rs->n ? rs->n : 1, sizeof *e->st);
	e->sweep_every = INT64_MAX;
	for (size_t i = 0; i < rs->n; i++) {
		lt_smap_init(&e->st[i].cs.groups);
		e->st[i].last_sweep = LT_TIME_NONE;
		const struct lt_rule *r = rs->rules[i];
		if (r->kind == LT_RULE_CORRELATION && r->corr.type != LT_CORR_BASELINE && r->corr.timespan < e->sweep_every)
			e->sweep_every = r->corr.timespan;
	}
	e->first_time = LT_TIME_NONE;
	e->now = LT_TIME_NONE;
	e->last_sweep = INT64_MIN / 2;
	e->rule_cat = lt_xcalloc(rs->n ? rs->n : 1, sizeof *e->rule_cat);
	e->cats = lt_xcalloc(rs->n ? rs->n : 1, sizeof *e->cats);
	e->cat_hit = lt_xcalloc(rs->n ? rs->n : 1, sizeof *e->cat_hit);
	for (size_t i = 0; i < rs->n; i++) {
		const char *c = rs->rules[i]->ls_category;
		e->rule_cat[i] = -1;
		if (!c || rs->rules[i]->kind != LT_RULE_DETECTION)
			continue;
		size_t k = 0;
		while (k < e->ncats && strcmp(e->cats[k], c))
			k++;
		if (k == e->ncats)
			e->cats[e->ncats++] = rs->rules[i]->ls_category;
		e->rule_cat[i] = (int)k;
	}
	for (size_t i = 0; i < e->o.npeople && i < MAX_PEOPLE; i++) {
		const char *id = e->o.people[i];
		int created;
		struct lt_smap_ent *ent = lt_smap_put(&e->people, id, strlen(id), &created);
		if (created) {
			struct pinfo *pi = lt_xcalloc(1, sizeof *pi);
			pi->name = ent->key;
			ent->val = pi;
		}
	}
	e->o.people = NULL;
	e->o.npeople = 0;
	set_status(e);
	return e;
}

/* ---- logsource ---- */

static bool str_ieq(const char *a, size_t an, const char *b)
{
	size_t bn = strlen(b);
	if (an != bn)
		return false;
	for (size_t i = 0; i < an; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return true;
}

static bool value_is(const struct lt_record *r, const struct lt_value *v, const char *want)
{
	if (!v)
		return false;
	if (v->type == LT_V_STR || v->type == LT_V_BYTES)
		return str_ieq(v->v.s.p, v->v.s.n, want);
	if (v->type == LT_V_LIST) {
		for (uint32_t i = 0; i < v->v.list.count; i++) {
			struct lt_str s = lt_rec_list_item(r, v, i);
			if (str_ieq(s.p, s.n, want))
				return true;
		}
	}
	return false;
}

/* The record's log-source fields, looked up once per record. */
struct lsvals {
	const struct lt_value *cat, *family, *dataset, *parser;
};

static bool logsource_match(const struct lt_engine *e, const struct lsvals *v, const struct lt_rule *r)
{
	const struct lt_record *rec = e->ix.r;
	if (r->ls_category && !e->cat_hit[e->rule_cat[r->index]])
		return false;
	if (r->ls_product && !value_is(rec, v->family, r->ls_product))
		return false;
	if (r->ls_service && !value_is(rec, v->dataset, r->ls_service) && !value_is(rec, v->parser, r->ls_service))
		return false;
	return true;
}

/* ---- findings ---- */

static const char *tz_name(const struct lt_engine *e)
{
	return e->o.tz ? lt_tz_name(e->o.tz) : "UTC";
}

static void fmt_local(const struct lt_engine *e, lt_time_us t, char *out)
{
	int32_t off = e->o.tz ? lt_tz_offset_at(e->o.tz, t) : 0;
	lt_time_format_offset(t, off, out);
	/* seconds are enough in a one-line message */
	char *dot = strchr(out, '.');
	if (dot) {
		char *zone = dot + 7;
		memmove(dot, zone, strlen(zone) + 1);
	}
}

struct render {
	const struct lt_engine *e;
	const struct acc *a;
	const struct lt_ridx *ix;
	char *const *gvals;
	bool ja;
};

static const char *param_value(const struct lt_rule *r, const char *name, size_t n)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strlen(r->params[i].name) == n && !strncmp(r->params[i].name, name, n))
			return r->params[i].value;
	return NULL;
}

static void render_var(struct lt_buf *b, const struct render *c, const char *name, size_t n)
{
	const struct acc *a = c->a;
	const struct lt_rule *r = a->r;
	char tmp[LT_ISO_LEN];
#define IS(s) (n == strlen(s) && !strncmp(name, s, n))
	if (IS("count"))
		lt_buf_printf(b, "%" PRId64, a->count);
	else if (IS("total"))
		lt_buf_printf(b, "%" PRIu64, a->refs.total);
	else if (IS("timespan"))
		lt_buf_puts(b, r->corr.timespan_text ? r->corr.timespan_text : "");
	else if (IS("field"))
		lt_buf_puts(b, r->corr.field.name ? r->corr.field.name : "events");
	else if (IS("group"))
		lt_buf_puts(b, a->group_key ? a->group_key : "");
	else if (IS("person"))
		lt_buf_puts(b, a->person ? a->person : "?");
	else if (IS("title"))
		lt_buf_puts(b, r->title);
	else if (IS("title_ja"))
		lt_buf_puts(b, r->title_ja ? r->title_ja : r->title);
	else if (IS("first") || IS("last")) {
		fmt_local(c->e, IS("first") ? a->first : a->last, tmp);
		lt_buf_puts(b, tmp);
	} else if (IS("day"))
		lt_buf_puts(b, a->day);
	else if (IS("baseline"))
		lt_buf_printf(b, "%g", a->baseline);
	else if (IS("factor"))
		lt_buf_printf(b, "%g", r->corr.factor);
	else if (IS("floor"))
		lt_buf_printf(b, "%" PRId64, r->corr.floor);
	else if (IS("history"))
		lt_buf_printf(b, "%d", r->corr.history);
	else {
		const char *pv = param_value(r, name, n);
		if (pv) {
			lt_buf_puts(b, pv);
			return;
		}
		char *fname = lt_xstrndup(name, n);
		struct lt_fkey k;
		lt_fkey_init(&k, fname);
		bool done = c->ix && lookup_text(c->ix, &k, b);
		for (size_t i = 0; !done && c->gvals && i < r->corr.ngroup; i++) {
			if (!strcmp(r->corr.group[i].name, fname)) {
				lt_buf_puts(b, c->gvals[i]);
				done = true;
			}
		}
		if (!done)
			lt_buf_puts(b, "-");
		free(k.name);
		free(fname);
	}
#undef IS
}

static char *render(const struct render *c, const char *tpl)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, "");
	for (const char *p = tpl; *p;) {
		const char *open = strchr(p, '{');
		const char *close = open ? strchr(open, '}') : NULL;
		if (!open || !close) {
			lt_buf_puts(&b, p);
			break;
		}
		lt_buf_append(&b, p, (size_t)(open - p));
		render_var(&b, c, open + 1, (size_t)(close - open - 1));
		p = close + 1;
	}
	return lt_buf_detach(&b);
}

static const char *default_template(const struct lt_rule *r, bool ja)
{
	if (r->kind == LT_RULE_DETECTION)
		return ja ? "{title_ja}" : "{title}";
	switch (r->corr.type) {
	case LT_CORR_EVENT_COUNT:
		return ja ? "{timespan} 以内に {count} 件 ({group})" : "{count} events within {timespan} ({group})";
	case LT_CORR_VALUE_COUNT:
		return ja ? "{timespan} 以内に {field} が {count} 種類 ({group})"
			  : "{count} distinct {field} within {timespan} ({group})";
	case LT_CORR_TEMPORAL:
		return ja ? "{timespan} 以内に関連する {count} 種類のイベント ({group})"
			  : "{count} related kinds of event within {timespan} ({group})";
	case LT_CORR_TEMPORAL_ORDERED:
		return ja ? "{timespan} 以内に順序どおりのイベント ({group})"
			  : "events in the listed order within {timespan} ({group})";
	default:
		return ja ? "{day} に {count}（本人の通常値 {baseline} の {factor} 倍超、下限 {floor}）({group})"
			  : "{count} on {day}, over {factor}x the person's usual {baseline} (floor {floor}) ({group})";
	}
}

static void make_id(const struct acc *a, char *out33)
{
	struct lt_buf b = LT_BUF_INIT;
	char iso[LT_ISO_LEN];
	lt_time_format_utc(a->first, iso);
	lt_buf_printf(&b, "%s%c%s%c%s", a->r->id ? a->r->id : a->r->name, 0, a->group_key ? a->group_key : "", 0, iso);
	/* The first event's text tells apart findings that start at the same
	 * instant. Not its file and offset: an incremental run reads a line
	 * from whichever file it was in that night (access.log, later
	 * access.log.1.gz), and the finding must keep its id (doc/cron.md). */
	if (a->refs.n && a->refs.v[0].raw)
		lt_buf_printf(&b, "%c%s", 0, a->refs.v[0].raw);
	char hex[LT_SHA256_HEX];
	lt_sha256_hex(b.data, b.len, hex);
	memcpy(out33, hex, 32);
	out33[32] = 0;
	lt_buf_free(&b);
}

static char *xdup(const char *s)
{
	return s ? lt_xstrdup(s) : NULL;
}

static void corr_hit(struct lt_engine *e, int ci, const struct hit *h);

static void spill_finding(struct lt_engine *e, const struct lt_rule *r, const struct lt_finding *f)
{
	if (!e->spill) {
		e->spill = tmpfile();
		if (!e->spill)
			e->spill = open_memstream(&e->spill_mem, &e->spill_memlen);
		if (!e->spill) {
			lt_diag(LT_ERROR, NULL, "rules: cannot keep findings: %s", strerror(errno));
			e->spill_failed = true;
			return;
		}
	}
	long off = ftell(e->spill);
	if (off < 0 || lt_finding_write(e->spill, f) != 0) {
		if (!e->spill_failed)
			lt_diag(LT_ERROR, NULL, "rules: cannot write a finding to the temporary file: %s", strerror(errno));
		e->spill_failed = true;
		return;
	}
	if (e->nfinds == e->capfinds) {
		e->capfinds = e->capfinds ? e->capfinds * 2 : 64;
		e->fidx = lt_xrealloc(e->fidx, e->capfinds * sizeof *e->fidx);
	}
	struct findex *x = &e->fidx[e->nfinds++];
	x->first = f->first;
	x->rule_id = r->id ? r->id : r->name;
	x->group_key = f->group_key ? lt_xstrdup(f->group_key) : NULL;
	memcpy(x->id, f->id, sizeof x->id);
	x->off = off;
	x->len = (size_t)(ftell(e->spill) - off);
}

/* Turn a finished accumulation into a finding (when the rule stands alone)
 * and into a hit for the correlations that use the rule. */
static void finalize(struct lt_engine *e, struct acc *a, const struct lt_ridx *ix, char *const *gvals, bool chain)
{
	const struct lt_rule *r = a->r;
	bool emit = !r->referenced || r->generate;
	if (emit) {
		struct lt_finding fbuf, *f = &fbuf;
		memset(f, 0, sizeof *f);
		char id[33];
		make_id(a, id);
		f->id = lt_xstrdup(id);
		f->rule_id = lt_xstrdup(r->id ? r->id : r->name);
		f->rule_version = lt_xstrdup(r->modified ? r->modified : "1");
		f->rule_sha256 = lt_xstrdup(r->file_sha256);
		f->rule_file = lt_xstrdup(r->file_base);
		f->rule_title_en = lt_xstrdup(r->title);
		f->rule_title_ja = lt_xstrdup(r->title_ja ? r->title_ja : r->title);
		f->level = lt_xstrdup(r->level);
		f->person = xdup(a->person);
		f->group_key = xdup(a->group_key);
		f->first = a->first;
		f->last = a->last;
		struct render c = { e, a, ix, gvals, false };
		f->message_en = render(&c, r->message_en ? r->message_en : default_template(r, false));
		c.ja = true;
		f->message_ja = render(&c, r->message_ja ? r->message_ja : default_template(r, true));
		f->nrefs_total = a->refs.total;
		f->nrefs = a->refs.n;
		f->refs = lt_xcalloc(a->refs.n ? a->refs.n : 1, sizeof *f->refs);
		for (size_t i = 0; i < a->refs.n; i++) {
			const struct eref *s = &a->refs.v[i];
			struct lt_evidence_ref *d = &f->refs[i];
			d->time = s->t;
			d->source_path = xdup(s->path);
			d->source_sha256 = xdup(s->sha);
			d->member = xdup(s->member);
			d->offset = s->offset;
			d->line = s->line;
			d->raw = xdup(s->raw);
			d->summary = xdup(s->summary);
		}
		f->nreferences = r->nreferences;
		f->references = lt_xcalloc(r->nreferences ? r->nreferences : 1, sizeof *f->references);
		for (size_t i = 0; i < r->nreferences; i++)
			f->references[i] = lt_xstrdup(r->references[i]);
		e->st[r->index].nfind++;
		spill_finding(e, r, f);
		lt_finding_free(f);
	}
	for (size_t k = 0; chain && k < r->nconsumers; k++) {
		struct hit h = { a->last, a->person, &a->refs, ix, r, gvals };
		corr_hit(e, r->consumers[k], &h);
	}
}

static void acc_free(struct acc *a)
{
	if (!a)
		return;
	refs_free(&a->refs);
	free(a->group_key);
	free(a);
}

static struct acc *acc_new(const struct lt_rule *r, const char *person, const char *gkey)
{
	struct acc *a = lt_xcalloc(1, sizeof *a);
	a->r = r;
	a->person = person;
	a->group_key = gkey ? lt_xstrdup(gkey) : NULL;
	a->first = a->last = LT_TIME_NONE;
	return a;
}

static void acc_add(struct acc *a, lt_time_us t, const struct refs *refs)
{
	if (a->first == LT_TIME_NONE || t < a->first)
		a->first = t;
	if (a->last == LT_TIME_NONE || t > a->last)
		a->last = t;
	/* a correlation's first time is its first contributing record's */
	for (size_t i = 0; i < refs->n; i++)
		if (refs->v[i].t < a->first)
			a->first = refs->v[i].t;
	refs_add(&a->refs, refs);
}

/* ---- correlations ---- */

static bool range_ok(const struct lt_range *c, int64_t n)
{
	if (c->has_lo && (c->lo_incl ? n < c->lo : n <= c->lo))
		return false;
	if (c->has_hi && (c->hi_incl ? n > c->hi : n >= c->hi))
		return false;
	return true;
}

/* Append the value of group-by field i for hit h (aliases resolved). */
static void group_value(const struct lt_rule *r, const struct hit *h, size_t i, struct lt_buf *b)
{
	const struct lt_correlation *k = &r->corr;
	const struct lt_fkey *key = &k->group[i];
	for (size_t a = 0; a < k->naliases; a++) {
		const struct lt_alias *al = &k->aliases[a];
		if (!strcmp(al->alias, key->name) && h->producer &&
		    ((h->producer->name && !strcmp(al->rule, h->producer->name)) ||
		     (h->producer->id && !strcmp(al->rule, h->producer->id))))
			key = &al->field;
	}
	if (h->ix && lookup_text(h->ix, key, b))
		return;
	if (h->gvals && h->producer && h->producer->kind == LT_RULE_CORRELATION) {
		const struct lt_correlation *pk = &h->producer->corr;
		for (size_t j = 0; j < pk->ngroup; j++) {
			if (!strcmp(pk->group[j].name, key->name)) {
				lt_buf_puts(b, h->gvals[j]);
				return;
			}
		}
	}
}

static void group_free(const struct lt_rule *r, struct group *g)
{
	for (size_t i = 0; i < r->corr.ngroup; i++)
		free(g->gvals[i]);
	free(g->gvals);
	wq_free(&g->win);
	if (g->vals.b)
		lt_smap_free(&g->vals);
	acc_free(g->active);
	if (g->slots) {
		for (size_t i = 0; i < r->corr.nrefs; i++)
			wq_free(&g->slots[i]);
		free(g->slots);
	}
	if (g->chains) {
		for (size_t i = 0; i < r->corr.nrefs; i++)
			refs_free(&g->chains[i].refs);
		free(g->chains);
	}
	if (g->day_vals.b)
		lt_smap_free(&g->day_vals);
	refs_free(&g->day_refs);
	free(g->hist);
	free(g);
}

static char *display_key(char *const *vals, size_t n)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (i)
			lt_buf_puts(&b, " | ");
		lt_buf_puts(&b, vals[i]);
	}
	return lt_buf_detach(&b);
}

static bool has_upper(const struct lt_rule *r)
{
	return r->corr.has_cond && r->corr.cond.has_hi;
}

static int64_t window_count(const struct lt_rule *r, struct group *g)
{
	return r->corr.type == LT_CORR_VALUE_COUNT ? (int64_t)g->vals.n : (int64_t)g->win.n;
}

static void evict_value(struct group *g, const char *v)
{
	if (!v)
		return;
	struct lt_smap_ent *ent = lt_smap_find(&g->vals, v, strlen(v));
	if (!ent)
		return;
	intptr_t c = (intptr_t)ent->val - 1;
	if (c <= 0)
		lt_smap_del(&g->vals, ent);
	else
		ent->val = (void *)c;
}

static void win_pop(struct group *g)
{
	evict_value(g, wq_front(&g->win)->value);
	wq_pop(&g->win);
}

/* Close an anchored window: judge its count, emit, and empty it. */
static void close_anchored(struct lt_engine *e, const struct lt_rule *r, struct group *g)
{
	if (!g->anchored_open)
		return;
	int64_t n = window_count(r, g);
	if (range_ok(&r->corr.cond, n) && g->win.n) {
		char *gk = display_key(g->gvals, r->corr.ngroup);
		struct acc *a = acc_new(r, g->person, gk);
		free(gk);
		for (size_t i = 0; i < g->win.n; i++) {
			struct whit *w = &g->win.v[g->win.start + i];
			acc_add(a, w->t, &w->refs);
		}
		a->count = n;
		finalize(e, a, NULL, g->gvals, true);
		acc_free(a);
	}
	while (g->win.n)
		win_pop(g);
	g->anchored_open = false;
}

static void close_active(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct lt_ridx *ix)
{
	if (!g->active)
		return;
	finalize(e, g->active, ix, g->gvals, false);	/* consumers were told at the opening */
	acc_free(g->active);
	g->active = NULL;
	(void)r;
}

static void count_hit(struct lt_engine *e, struct cstate *cs, const struct lt_rule *r, struct group *g,
		      const struct hit *h)
{
	const struct lt_correlation *k = &r->corr;
	struct whit w = { h->t, h->person, { 0 }, NULL };
	refs_add(&w.refs, h->refs);
	if (k->type == LT_CORR_VALUE_COUNT) {
		struct lt_buf b = LT_BUF_INIT;
		bool have = h->ix && lookup_text(h->ix, &k->field, &b);
		w.value = have ? lt_buf_detach(&b) : NULL;
		lt_buf_free(&b);
	}
	if (!g->vals.b)
		lt_smap_init(&g->vals);
	if (has_upper(r)) {
		if (g->anchored_open && h->t - g->t0 > k->timespan)
			close_anchored(e, r, g);
		if (!g->anchored_open) {
			g->anchored_open = true;
			g->t0 = h->t;
		}
	} else {
		while (g->win.n && wq_front(&g->win)->t < h->t - k->timespan)
			win_pop(g);
	}
	if (g->win.n >= WINDOW_MAX) {
		win_pop(g);
		cs->saturated++;
	}
	if (w.value) {
		int created;
		struct lt_smap_ent *ent = lt_smap_put(&g->vals, w.value, strlen(w.value), &created);
		ent->val = (void *)((intptr_t)ent->val + 1);
	}
	wq_push(&g->win, &w);
	if (has_upper(r))
		return;
	int64_t n = window_count(r, g);
	if (!range_ok(&k->cond, n)) {
		close_active(e, r, g, NULL);
		return;
	}
	if (g->active) {
		acc_add(g->active, h->t, h->refs);
	} else {
		char *gk = display_key(g->gvals, k->ngroup);
		g->active = acc_new(r, g->person, gk);
		free(gk);
		for (size_t i = 0; i < g->win.n; i++) {
			struct whit *x = &g->win.v[g->win.start + i];
			acc_add(g->active, x->t, &x->refs);
		}
		/* Correlations built on this one learn of it now, when the
		 * condition first holds, not when the burst ends. */
		for (size_t c = 0; c < r->nconsumers; c++) {
			struct hit ch = { h->t, g->person, &g->active->refs, h->ix, r, g->gvals };
			corr_hit(e, r->consumers[c], &ch);
		}
	}
	if (n > g->active->count)
		g->active->count = n;
}

static void temporal_hit(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct hit *h, size_t slot)
{
	const struct lt_correlation *k = &r->corr;
	if (!g->slots)
		g->slots = lt_xcalloc(k->nrefs, sizeof *g->slots);
	size_t present = 0;
	for (size_t i = 0; i < k->nrefs; i++) {
		while (g->slots[i].n && wq_front(&g->slots[i])->t < h->t - k->timespan)
			wq_pop(&g->slots[i]);
	}
	struct whit w = { h->t, h->person, { 0 }, NULL };
	refs_add(&w.refs, h->refs);
	if (g->slots[slot].n >= WINDOW_MAX)
		wq_pop(&g->slots[slot]);
	wq_push(&g->slots[slot], &w);
	for (size_t i = 0; i < k->nrefs; i++)
		present += g->slots[i].n > 0;
	bool ok = k->has_cond ? range_ok(&k->cond, (int64_t)present) : present == k->nrefs;
	if (!ok)
		return;
	char *gk = display_key(g->gvals, k->ngroup);
	struct acc *a = acc_new(r, g->person, gk);
	free(gk);
	/* Oldest first across the rules; a record that several rules matched is quoted once. */
	for (size_t i = 0; i < k->nrefs; i++) {
		for (size_t j = 0; j < g->slots[i].n; j++) {
			struct whit *x = &g->slots[i].v[g->slots[i].start + j];
			acc_add(a, x->t, &x->refs);
		}
		while (g->slots[i].n)
			wq_pop(&g->slots[i]);
	}
	a->count = (int64_t)present;
	finalize(e, a, h->ix, g->gvals, true);
	acc_free(a);
}

static void ordered_hit(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct hit *h, size_t slot)
{
	const struct lt_correlation *k = &r->corr;
	if (!g->chains)
		g->chains = lt_xcalloc(k->nrefs, sizeof *g->chains);
	for (size_t i = 0; i < k->nrefs; i++) {
		if (g->chains[i].set && g->chains[i].start < h->t - k->timespan) {
			refs_free(&g->chains[i].refs);
			g->chains[i].set = false;
		}
	}
	if (slot == 0) {
		/* the latest start leaves the most room for what follows */
		refs_free(&g->chains[0].refs);
		g->chains[0].set = true;
		g->chains[0].start = h->t;
		refs_add(&g->chains[0].refs, h->refs);
	} else if (g->chains[slot - 1].set) {
		struct chain *prev = &g->chains[slot - 1], *cur = &g->chains[slot];
		if (!cur->set || prev->start >= cur->start) {
			refs_free(&cur->refs);
			cur->set = true;
			cur->start = prev->start;
			refs_add(&cur->refs, &prev->refs);
			refs_add(&cur->refs, h->refs);
		}
	}
	if (!g->chains[k->nrefs - 1].set)
		return;
	char *gk = display_key(g->gvals, k->ngroup);
	struct acc *a = acc_new(r, g->person, gk);
	free(gk);
	acc_add(a, h->t, &g->chains[k->nrefs - 1].refs);
	a->count = (int64_t)k->nrefs;
	for (size_t i = 0; i < k->nrefs; i++) {
		refs_free(&g->chains[i].refs);
		g->chains[i].set = false;
	}
	finalize(e, a, h->ix, g->gvals, true);
	acc_free(a);
}

/* ---- baseline ---- */

static int64_t local_day(const struct lt_engine *e, lt_time_us t)
{
	int32_t off = e->o.tz ? lt_tz_offset_at(e->o.tz, t) : 0;
	struct lt_civil c;
	lt_time_to_civil(t, off, &c);
	return lt_days_from_civil(c.year, c.month, c.day);
}

static bool is_workday(const struct lt_engine *e, int64_t day)
{
	int y, m, d;
	lt_civil_from_days(day, &y, &m, &d);
	if (e->o.is_workday)
		return e->o.is_workday(e->o.workday_arg, y, m, d);
	int64_t wd = (day + 4) % 7;	/* 1970-01-01 was a Thursday */
	if (wd < 0)
		wd += 7;
	return wd != 0 && wd != 6;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int64_t hist_count(const struct group *g, int64_t day)
{
	for (size_t i = g->nhist; i-- > 0;)
		if (g->hist[i].day == day)
			return g->hist[i].count;
	return 0;
}

static void close_day(struct lt_engine *e, const struct lt_rule *r, struct group *g)
{
	if (!g->day_open)
		return;
	const struct lt_correlation *k = &r->corr;
	int64_t count = g->day_count;
	/* History: the previous working days since the group was first seen
	 * (and since the source has data), zero where nothing happened. */
	int64_t *h = lt_xcalloc((size_t)k->history, sizeof *h);
	int nh = 0;
	const struct cov *src = &e->st[k->ref_idx[0]].all;
	int64_t start = g->first_day;
	if (src->n && local_day(e, src->first) > start)
		start = local_day(e, src->first);
	for (int64_t d = g->day - 1; d >= start && nh < k->history; d--)
		if (is_workday(e, d))
			h[nh++] = hist_count(g, d);
	if (nh >= k->min_history) {
		qsort(h, (size_t)nh, sizeof *h, cmp_i64);
		double median = nh % 2 ? (double)h[nh / 2] : (double)(h[nh / 2 - 1] + h[nh / 2]) / 2.0;
		if (count >= k->floor && (double)count > k->factor * median) {
			char *gk = display_key(g->gvals, k->ngroup);
			struct acc *a = acc_new(r, g->person, gk);
			free(gk);
			a->first = g->day_first;
			a->last = g->day_last;
			refs_add(&a->refs, &g->day_refs);
			a->count = count;
			a->baseline = median;
			a->has_baseline = true;
			int y, m, d;
			lt_civil_from_days(g->day, &y, &m, &d);
			snprintf(a->day, sizeof a->day, "%04d-%02d-%02d", y, m, d);
			finalize(e, a, NULL, g->gvals, true);
			acc_free(a);
		}
	}
	free(h);
	/* remember the day, forget what is too old to matter */
	g->hist = lt_xrealloc(g->hist, (g->nhist + 1) * sizeof *g->hist);
	g->hist[g->nhist].day = g->day;
	g->hist[g->nhist].count = count;
	g->nhist++;
	size_t drop = 0;
	while (drop < g->nhist && g->hist[drop].day < g->day - HISTORY_DAYS_KEPT)
		drop++;
	if (drop) {
		memmove(g->hist, g->hist + drop, (g->nhist - drop) * sizeof *g->hist);
		g->nhist -= drop;
	}
	g->day_open = false;
	g->day_count = 0;
	if (g->day_vals.b)
		lt_smap_free(&g->day_vals);
	refs_free(&g->day_refs);
}

static void baseline_hit(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct hit *h)
{
	const struct lt_correlation *k = &r->corr;
	int64_t day = local_day(e, h->t);
	if (g->day_open && day != g->day)
		close_day(e, r, g);
	if (!g->day_open) {
		if (!g->nhist && !g->first_day)
			g->first_day = day;
		g->day_open = true;
		g->day = day;
		g->day_first = h->t;
		lt_smap_init(&g->day_vals);
	}
	g->day_last = h->t;
	if (k->field.name) {
		struct lt_buf b = LT_BUF_INIT;
		if (h->ix && lookup_text(h->ix, &k->field, &b)) {
			int created;
			lt_smap_put(&g->day_vals, b.data, b.len, &created);
			if (created)
				g->day_count++;
			/* quote the first record of each distinct value */
			if (created)
				refs_add(&g->day_refs, h->refs);
			else
				g->day_refs.total += h->refs->total;
		}
		lt_buf_free(&b);
	} else {
		g->day_count++;
		refs_add(&g->day_refs, h->refs);
	}
}

/* ---- dispatch ---- */

struct sweep_arg {
	struct lt_engine *e;
	const struct lt_rule *r;
	struct cstate *cs;
	lt_time_us before;	/* close groups idle since before this; INT64_MAX = all */
	bool final;
};

static void flush_group(struct lt_engine *e, const struct lt_rule *r, struct group *g, bool final)
{
	switch (r->corr.type) {
	case LT_CORR_EVENT_COUNT:
	case LT_CORR_VALUE_COUNT:
		close_anchored(e, r, g);
		close_active(e, r, g, NULL);
		break;
	case LT_CORR_BASELINE:
		if (final)
			close_day(e, r, g);
		break;
	default:
		break;
	}
}

static void sweep_one(struct lt_smap_ent *ent, void *arg)
{
	struct sweep_arg *s = arg;
	struct group *g = ent->val;
	if (!s->final && (s->r->corr.type == LT_CORR_BASELINE || g->last_seen >= s->before))
		return;
	flush_group(s->e, s->r, g, s->final);
	group_free(s->r, g);
	lt_smap_del(&s->cs->groups, ent);
}

static int cmp_group_ent(const void *a, const void *b)
{
	const struct lt_smap_ent *x = *(const struct lt_smap_ent *const *)a, *y = *(const struct lt_smap_ent *const *)b;
	int c = strcmp(x->key, y->key);
	return c;
}

struct collect_arg {
	struct lt_smap_ent **v;
	size_t n;
};

static void collect_ent(struct lt_smap_ent *ent, void *arg)
{
	struct collect_arg *c = arg;
	c->v[c->n++] = ent;
}

/* Close groups in key order so that chained correlations see them in a
 * deterministic order. */
static void sweep_rule(struct lt_engine *e, size_t i, lt_time_us before, bool final)
{
	const struct lt_rule *r = e->rs->rules[i];
	struct cstate *cs = &e->st[i].cs;
	if (!cs->groups.n)
		return;
	struct collect_arg c = { lt_xcalloc(cs->groups.n, sizeof *c.v), 0 };
	lt_smap_each(&cs->groups, collect_ent, &c);
	qsort(c.v, c.n, sizeof *c.v, cmp_group_ent);
	struct sweep_arg s = { e, r, cs, before, final };
	for (size_t k = 0; k < c.n; k++)
		sweep_one(c.v[k], &s);
	free(c.v);
}

static void enforce_cap(struct lt_engine *e, size_t i)
{
	struct cstate *cs = &e->st[i].cs;
	const struct lt_rule *r = e->rs->rules[i];
	if (cs->groups.n < e->o.max_groups)
		return;
	/* First close what is idle; if still full, close the idlest half. */
	sweep_rule(e, i, e->now - r->corr.timespan, false);
	if (cs->groups.n < e->o.max_groups)
		return;
	struct collect_arg c = { lt_xcalloc(cs->groups.n, sizeof *c.v), 0 };
	lt_smap_each(&cs->groups, collect_ent, &c);
	lt_time_us *times = lt_xcalloc(c.n, sizeof *times);
	for (size_t k = 0; k < c.n; k++)
		times[k] = ((struct group *)c.v[k]->val)->last_seen;
	qsort(times, c.n, sizeof *times, cmp_i64);
	lt_time_us cut = times[c.n / 2];
	free(times);
	free(c.v);
	uint64_t before = cs->groups.n;
	struct sweep_arg s = { e, r, cs, cut, false };
	lt_smap_each(&cs->groups, sweep_one, &s);
	cs->dropped += before - cs->groups.n;
}

static void corr_hit(struct lt_engine *e, int ci, const struct hit *h)
{
	const struct lt_rule *r = e->rs->rules[ci];
	if (e->st[ci].status)
		return;
	const struct lt_correlation *k = &r->corr;
	struct lt_buf *key = &e->keybuf;
	size_t offs_small[17], *offs = k->ngroup < 17 ? offs_small : lt_xcalloc(k->ngroup + 1, sizeof *offs);
	lt_buf_reset(key);
	lt_buf_reserve(key, 64);
	for (size_t i = 0; i < k->ngroup; i++) {
		if (i)
			lt_buf_putc(key, '\x1f');
		offs[i] = key->len;
		group_value(r, h, i, key);
	}
	offs[k->ngroup] = key->len + 1;
	struct cstate *cs = &e->st[ci].cs;
	if (r->corr.type != LT_CORR_BASELINE)
		enforce_cap(e, (size_t)ci);
	int created;
	struct lt_smap_ent *ent = lt_smap_put(&cs->groups, key->data, key->len, &created);
	struct group *g = ent->val;
	if (created) {
		g = lt_xcalloc(1, sizeof *g);
		g->gvals = lt_xcalloc(k->ngroup ? k->ngroup : 1, sizeof *g->gvals);
		for (size_t i = 0; i < k->ngroup; i++)
			g->gvals[i] = lt_xstrndup(ent->key + offs[i], offs[i + 1] - 1 - offs[i]);
		ent->val = g;
	}
	if (offs != offs_small)
		free(offs);
	g->last_seen = h->t;
	if (h->person)
		g->person = h->person;
	for (size_t slot = k->nrefs; slot-- > 0;) {
		if (k->ref_idx[slot] != h->producer->index)
			continue;
		switch (k->type) {
		case LT_CORR_EVENT_COUNT:
		case LT_CORR_VALUE_COUNT:
			count_hit(e, cs, r, g, h);
			slot = 0;	/* a rule listed twice counts its event once */
			break;
		case LT_CORR_TEMPORAL:
			temporal_hit(e, r, g, h, slot);
			break;
		case LT_CORR_TEMPORAL_ORDERED:
			ordered_hit(e, r, g, h, slot);
			break;
		case LT_CORR_BASELINE:
			baseline_hit(e, r, g, h);
			slot = 0;
			break;
		}
	}
}

/* ---- feeding records ---- */

static struct pinfo *record_person(struct lt_engine *e)
{
	struct lt_buf *b = &e->scratch;
	lt_buf_reset(b);
	if (!(lookup_text(&e->ix, &e->k_person, b) || lookup_text(&e->ix, &e->k_user, b)) || !b->len)
		return NULL;
	struct lt_smap_ent *ent = lt_smap_find(&e->people, b->data, b->len);
	if (!ent) {
		int created;
		/* beyond the cap, new names share one entry (coverage says so) */
		if (e->people.n >= MAX_PEOPLE)
			ent = lt_smap_put(&e->people, "(other)", 7, &created);
		else
			ent = lt_smap_put(&e->people, b->data, b->len, &created);
		if (created) {
			struct pinfo *pi = lt_xcalloc(1, sizeof *pi);
			pi->name = ent->key;
			ent->val = pi;
		}
	}
	return ent->val;
}


static const char *interned_field(struct lt_engine *e, const struct lt_fkey *k)
{
	const struct lt_value *v = lt_ridx_get(&e->ix, k);
	if (!v || (v->type != LT_V_STR && v->type != LT_V_BYTES))
		return NULL;
	return intern(e, v->v.s.p, v->v.s.n);
}

static uint64_t int_field(struct lt_engine *e, const struct lt_fkey *k)
{
	const struct lt_value *v = lt_ridx_get(&e->ix, k);
	return v && v->type == LT_V_INT && v->v.i > 0 ? (uint64_t)v->v.i : 0;
}

static char *summary_of(struct lt_engine *e)
{
	static const char *const what[] = { LT_F_FILE_PATH, LT_F_URL_ORIGINAL, LT_F_EMAIL_TO, LT_F_EMAIL_SUBJECT,
					    LT_F_DEST_IP, LT_F_HOST_NAME, NULL };
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_reserve(&b, 128);
	lt_buf_puts(&b, "");
	if (!lookup_text(&e->ix, &e->k_action, &b))
		lookup_text(&e->ix, &e->k_cat, &b);
	struct lt_buf *x = &e->scratch;
	lt_buf_reset(x);
	if (lookup_text(&e->ix, &e->k_user, x) && x->len) {
		lt_buf_puts(&b, b.len ? " by " : "by ");
		lt_buf_append(&b, x->data, x->len);
	}
	for (size_t i = 0; what[i]; i++) {
		struct lt_fkey k = { (char *)what[i], strlen(what[i]), lt_field_hash(what[i], strlen(what[i])) };
		lt_buf_reset(x);
		if (lookup_text(&e->ix, &k, x) && x->len) {
			lt_buf_puts(&b, b.len ? ": " : "");
			lt_buf_append(&b, x->data, x->len < 200 ? x->len : 200);
			break;
		}
	}
	return lt_buf_detach(&b);
}

static void record_ref(struct lt_engine *e, lt_time_us t, struct refs *out)
{
	struct eref r = { 0 };
	r.t = t;
	r.path = interned_field(e, &e->k_path);
	r.sha = interned_field(e, &e->k_sha);
	if (!r.sha && e->o.source_sha256) {
		const struct lt_value *id = lt_ridx_get(&e->ix, &e->k_srcid);
		const char *sha = id && id->type == LT_V_INT ? e->o.source_sha256(e->o.source_arg, id->v.i) : NULL;
		if (sha)
			r.sha = intern(e, sha, strlen(sha));
	}
	r.member = interned_field(e, &e->k_member);
	r.offset = int_field(e, &e->k_offset);
	r.line = int_field(e, &e->k_line);
	struct lt_buf raw = LT_BUF_INIT;
	if (lookup_text(&e->ix, &e->k_raw, &raw) || lookup_text(&e->ix, &e->k_msg, &raw))
		r.raw = lt_buf_detach(&raw);
	lt_buf_free(&raw);
	r.summary = summary_of(e);
	memset(out, 0, sizeof *out);
	refs_push_owned(out, &r);
	out->total = 1;
}

/* Close idle groups. Each correlation is swept once per its own timespan
 * of event time, so a 30-day window is not walked every ten seconds. */
static void maybe_sweep(struct lt_engine *e)
{
	if (e->sweep_every == INT64_MAX || e->now - e->last_sweep < e->sweep_every)
		return;
	e->last_sweep = e->now;
	for (size_t i = 0; i < e->rs->n; i++) {
		const struct lt_rule *r = e->rs->rules[i];
		if (r->kind != LT_RULE_CORRELATION || r->corr.type == LT_CORR_BASELINE)
			continue;
		if (e->st[i].last_sweep == LT_TIME_NONE) {
			e->st[i].last_sweep = e->now;
			continue;
		}
		if (e->now - e->st[i].last_sweep < r->corr.timespan)
			continue;
		e->st[i].last_sweep = e->now;
		sweep_rule(e, i, e->now - r->corr.timespan, false);
	}
}

void lt_engine_feed(struct lt_engine *e, const struct lt_record *rec)
{
	lt_ridx_build(&e->ix, rec);
	const struct lt_value *tv = lt_ridx_get(&e->ix, &e->k_time);
	if (!tv || tv->type != LT_V_TIME) {
		e->untimed++;
		return;
	}
	lt_time_us t = tv->v.t;
	e->records++;
	if (e->first_time == LT_TIME_NONE)
		e->first_time = t;
	if (e->now == LT_TIME_NONE || t > e->now)
		e->now = t;
	maybe_sweep(e);
	const char *person = NULL;
	struct pinfo *pi = NULL;
	bool person_done = false;
	struct refs ref = { 0 };
	bool have_ref = false;
	const struct lt_ruleset *rs = e->rs;
	struct lsvals lv = { lt_ridx_get(&e->ix, &e->k_cat), lt_ridx_get(&e->ix, &e->k_family),
			     lt_ridx_get(&e->ix, &e->k_dataset), lt_ridx_get(&e->ix, &e->k_parser) };
	for (size_t k = 0; k < e->ncats; k++)
		e->cat_hit[k] = value_is(rec, lv.cat, e->cats[k]);
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		if (r->kind != LT_RULE_DETECTION || !logsource_match(e, &lv, r))
			continue;
		if (!person_done) {
			pi = record_person(e);
			person_done = true;
			if (pi) {
				person = pi->name;
				cov_add(&pi->act, t);
			}
		}
		struct rstate *st = &e->st[i];
		cov_add(&st->all, t);
		if (pi) {
			if (!pi->rc)
				pi->rc = lt_xcalloc(rs->n, sizeof *pi->rc);
			cov_add(&pi->rc[i], t);
		}
		if (st->status || !lt_cond_eval(&r->cond, r->sels, &e->ix))
			continue;
		if (!have_ref) {
			record_ref(e, t, &ref);
			have_ref = true;
		}
		struct hit h = { t, person, &ref, &e->ix, r, NULL };
		if (!r->referenced || r->generate) {
			struct acc *a = acc_new(r, person, person);
			acc_add(a, t, &ref);
			a->count = 1;
			/* the consumers get the record's hit below */
			finalize(e, a, &e->ix, NULL, false);
			acc_free(a);
		}
		for (size_t k = 0; k < r->nconsumers; k++)
			corr_hit(e, r->consumers[k], &h);
	}
	if (!person_done) {
		pi = record_person(e);
		if (pi)
			cov_add(&pi->act, t);
	}
	if (have_ref)
		refs_free(&ref);
}

/* ---- finishing ---- */

static int cmp_str0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_finding(const void *pa, const void *pb)
{
	const struct findex *a = pa, *b = pb;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	int c = strcmp(a->rule_id, b->rule_id);
	if (c)
		return c;
	c = cmp_str0(a->group_key, b->group_key);
	if (c)
		return c;
	return strcmp(a->id, b->id);
}

int lt_engine_finish(struct lt_engine *e, lt_finding_fn fn, void *arg)
{
	if (!e->finished) {
		/* Close correlations in rule order; a closing window may feed a
		 * later correlation, so repeat until nothing is open. */
		for (int pass = 0; pass < 8; pass++) {
			bool any = false;
			for (size_t i = 0; i < e->rs->n; i++) {
				if (e->rs->rules[i]->kind != LT_RULE_CORRELATION || !e->st[i].cs.groups.n)
					continue;
				any = true;
				sweep_rule(e, i, INT64_MAX, true);
			}
			if (!any)
				break;
		}
		if (e->nfinds > 1)
			qsort(e->fidx, e->nfinds, sizeof *e->fidx, cmp_finding);
		if (e->spill)
			fflush(e->spill);
		e->finished = true;
	}
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	for (size_t i = 0; i < e->nfinds && !rc && fn; i++) {
		const struct findex *x = &e->fidx[i];
		const char *text;
		if (e->spill_mem) {
			text = e->spill_mem + x->off;
		} else {
			if (x->len + 1 > cap) {
				cap = x->len + 1;
				line = lt_xrealloc(line, cap);
			}
			if (fseek(e->spill, x->off, SEEK_SET) != 0 || fread(line, 1, x->len, e->spill) != x->len) {
				lt_diag(LT_ERROR, NULL, "rules: cannot read back a finding: %s", strerror(errno));
				rc = -1;
				break;
			}
			text = line;
		}
		FILE *in = fmemopen((void *)text, x->len, "r");
		struct lt_finding f;
		char err[256];
		int got = in ? lt_finding_read(in, &f, err, sizeof err) : -1;
		if (in)
			fclose(in);
		if (got != 1) {
			lt_diag(LT_ERROR, NULL, "rules: a finding did not read back");
			rc = -1;
			break;
		}
		rc = fn(&f, arg);
		lt_finding_free(&f);
	}
	free(line);
	if (!rc && e->spill_failed)
		rc = -1;
	return rc;
}

uint64_t lt_engine_nfindings(const struct lt_engine *e)
{
	return e->nfinds;
}

uint64_t lt_engine_rule_findings(const struct lt_engine *e, size_t rule)
{
	return rule < e->rs->n ? e->st[rule].nfind : 0;
}

uint64_t lt_engine_records(const struct lt_engine *e)
{
	return e->records;
}

/* Coverage of a correlation is that of the detection rules under it. */
static void rule_cov(const struct lt_engine *e, size_t i, struct cov *out, int depth)
{
	const struct lt_rule *r = e->rs->rules[i];
	if (r->kind == LT_RULE_DETECTION || depth > 16) {
		const struct cov *c = &e->st[i].all;
		if (c->n) {
			if (!out->n || c->first < out->first)
				out->first = c->first;
			if (!out->n || c->last > out->last)
				out->last = c->last;
			out->n += c->n;
		}
		return;
	}
	for (size_t k = 0; k < r->corr.nrefs; k++)
		rule_cov(e, (size_t)r->corr.ref_idx[k], out, depth + 1);
}

static void rule_person_cov(const struct lt_engine *e, size_t i, const struct pinfo *pi, struct cov *out, int depth)
{
	const struct lt_rule *r = e->rs->rules[i];
	if (r->kind == LT_RULE_DETECTION || depth > 16) {
		if (pi->rc && pi->rc[i].n) {
			const struct cov *c = &pi->rc[i];
			if (!out->n || c->first < out->first)
				out->first = c->first;
			if (!out->n || c->last > out->last)
				out->last = c->last;
			out->n += c->n;
		}
		return;
	}
	for (size_t k = 0; k < r->corr.nrefs; k++)
		rule_person_cov(e, (size_t)r->corr.ref_idx[k], pi, out, depth + 1);
}

const char *lt_engine_rule_status(const struct lt_engine *e, size_t i)
{
	static char buf[600];
	if (i >= e->rs->n)
		return "unknown rule";
	if (e->st[i].status)
		return e->st[i].status;
	struct cov c = { 0, 0, 0 };
	rule_cov(e, i, &c, 0);
	if (c.n)
		return NULL;
	const struct lt_rule *r = e->rs->rules[i];
	if (r->kind == LT_RULE_CORRELATION)
		snprintf(buf, sizeof buf, "not evaluable: no records for the rules it correlates");
	else
		snprintf(buf, sizeof buf, "not evaluable: no records from logsource%s%s%s%s%s%s",
			 r->ls_category ? " category=" : "", r->ls_category ? r->ls_category : "",
			 r->ls_product ? " product=" : "", r->ls_product ? r->ls_product : "",
			 r->ls_service ? " service=" : "", r->ls_service ? r->ls_service : "");
	return buf;
}

static void put_time(struct lt_buf *b, lt_time_us t, bool have)
{
	if (!have) {
		lt_buf_puts(b, "null");
		return;
	}
	char iso[LT_ISO_LEN];
	lt_time_format_utc(t, iso);
	lt_json_str(b, iso, strlen(iso));
}

static void put_s(struct lt_buf *b, const char *s)
{
	if (s)
		lt_json_str(b, s, strlen(s));
	else
		lt_buf_puts(b, "null");
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct names_arg {
	const char **v;
	size_t n;
};

static void collect_name(struct lt_smap_ent *ent, void *arg)
{
	struct names_arg *a = arg;
	a->v[a->n++] = ent->key;
}

int lt_engine_write_coverage(const struct lt_engine *e, FILE *out)
{
	struct lt_buf b = LT_BUF_INIT;
	const struct lt_ruleset *rs = e->rs;
	struct names_arg people = { lt_xcalloc(e->people.n + 1, sizeof(char *)), 0 };
	lt_smap_each((struct lt_smap *)&e->people, collect_name, &people);
	if (people.n > 1)
		qsort(people.v, people.n, sizeof *people.v, cmp_cstr);
	lt_buf_puts(&b, "{\"format\":\"leaktrail-coverage-1\",\"records\":");
	lt_buf_printf(&b, "%" PRIu64 ",\"records_without_time\":%" PRIu64 ",\"time_zone\":", e->records, e->untimed);
	put_s(&b, tz_name(e));
	lt_buf_puts(&b, ",\"first\":");
	put_time(&b, e->first_time, e->records > 0);
	lt_buf_puts(&b, ",\"last\":");
	put_time(&b, e->now, e->records > 0);
	lt_buf_puts(&b, ",\"rules\":[");
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		if (i)
			lt_buf_putc(&b, ',');
		struct cov c = { 0, 0, 0 };
		rule_cov(e, i, &c, 0);
		const char *status = lt_engine_rule_status(e, i);
		lt_buf_puts(&b, "\n{\"id\":");
		put_s(&b, r->id ? r->id : r->name);
		lt_buf_puts(&b, ",\"title\":");
		put_s(&b, r->title);
		lt_buf_puts(&b, ",\"title_ja\":");
		put_s(&b, r->title_ja ? r->title_ja : r->title);
		lt_buf_puts(&b, ",\"file\":");
		put_s(&b, r->file_base);
		lt_buf_puts(&b, ",\"kind\":");
		put_s(&b, r->kind == LT_RULE_DETECTION ? "detection" : "correlation");
		lt_buf_puts(&b, ",\"standalone\":");
		lt_buf_puts(&b, (!r->referenced || r->generate) ? "true" : "false");
		lt_buf_puts(&b, ",\"status\":");
		put_s(&b, status ? "not evaluable" : "evaluated");
		lt_buf_puts(&b, ",\"reason\":");
		put_s(&b, status ? status : NULL);
		lt_buf_printf(&b, ",\"records\":%" PRIu64 ",\"first\":", c.n);
		put_time(&b, c.first, c.n > 0);
		lt_buf_puts(&b, ",\"last\":");
		put_time(&b, c.last, c.n > 0);
		lt_buf_printf(&b, ",\"findings\":%" PRIu64, e->st[i].nfind);
		lt_buf_printf(&b, ",\"groups_closed_early\":%" PRIu64 ",\"window_entries_dropped\":%" PRIu64,
			      e->st[i].cs.dropped, e->st[i].cs.saturated);
		lt_buf_puts(&b, ",\"params\":{");
		for (size_t k = 0; k < r->nparams; k++) {
			if (k)
				lt_buf_putc(&b, ',');
			put_s(&b, r->params[k].name);
			lt_buf_puts(&b, ":{\"value\":");
			put_s(&b, r->params[k].value);
			lt_buf_puts(&b, ",\"from\":");
			put_s(&b, r->params[k].source);
			lt_buf_putc(&b, '}');
		}
		lt_buf_puts(&b, "},\"people\":[");
		for (size_t p = 0; p < people.n; p++) {
			const struct pinfo *pinf = lt_smap_find(&e->people, people.v[p], strlen(people.v[p]))->val;
			const struct cov *act = &pinf->act;
			struct cov pc = { 0, 0, 0 };
			rule_person_cov(e, i, pinf, &pc, 0);
			/* Do this rule's sources span the time the person was active? */
			const char *covered = "none";
			if (act->n == 0)
				covered = "no records";
			else if (!status && c.n && c.first <= act->first && c.last >= act->last)
				covered = "full";
			else if (!status && c.n && c.first <= act->last && c.last >= act->first)
				covered = "partial";
			if (p)
				lt_buf_putc(&b, ',');
			lt_buf_puts(&b, "{\"person\":");
			put_s(&b, people.v[p]);
			lt_buf_printf(&b, ",\"records\":%" PRIu64 ",\"first\":", pc.n);
			put_time(&b, pc.first, pc.n > 0);
			lt_buf_puts(&b, ",\"last\":");
			put_time(&b, pc.last, pc.n > 0);
			lt_buf_puts(&b, ",\"active_first\":");
			put_time(&b, act->first, act->n > 0);
			lt_buf_puts(&b, ",\"active_last\":");
			put_time(&b, act->last, act->n > 0);
			lt_buf_puts(&b, ",\"covered\":");
			put_s(&b, covered);
			lt_buf_putc(&b, '}');
		}
		lt_buf_puts(&b, "]}");
	}
	lt_buf_puts(&b, "\n]}\n");
	free(people.v);
	size_t n = fwrite(b.data, 1, b.len, out);
	int rc = n == b.len ? 0 : -1;
	lt_buf_free(&b);
	return rc;
}

static void free_pinfo(struct lt_smap_ent *ent, void *arg)
{
	(void)arg;
	struct pinfo *pi = ent->val;
	free(pi->rc);
	free(pi);
}

struct gfree_arg {
	const struct lt_rule *r;
};

static void free_group_val(struct lt_smap_ent *ent, void *arg)
{
	struct gfree_arg *a = arg;
	group_free(a->r, ent->val);
}

void lt_engine_free(struct lt_engine *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->rs->n; i++) {
		free(e->st[i].status);
		struct gfree_arg a = { e->rs->rules[i] };
		lt_smap_each(&e->st[i].cs.groups, free_group_val, &a);
		lt_smap_free(&e->st[i].cs.groups);
	}
	free(e->st);
	lt_smap_each(&e->people, free_pinfo, NULL);
	lt_smap_free(&e->people);
	lt_smap_free(&e->strings);
	for (size_t i = 0; i < e->nfinds; i++)
		free(e->fidx[i].group_key);
	free(e->fidx);
	if (e->spill)
		fclose(e->spill);
	free(e->spill_mem);
	lt_buf_free(&e->scratch);
	lt_buf_free(&e->keybuf);
	free(e->cats);
	free(e->rule_cat);
	free(e->cat_hit);
	struct lt_fkey *keys[] = { &e->k_time, &e->k_person, &e->k_user, &e->k_cat, &e->k_family, &e->k_dataset,
				   &e->k_parser, &e->k_path, &e->k_sha, &e->k_member, &e->k_offset, &e->k_line,
				   &e->k_raw, &e->k_action, &e->k_msg, &e->k_srcid };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		free(keys[i]->name);
	free(e);
}
