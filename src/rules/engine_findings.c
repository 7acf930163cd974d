/* Findings being built (struct acc): message templates, ids, and the
 * spill file that keeps memory to an index entry per finding.
 * Internal to the engine: see engine_impl.h. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/engine_impl.h"
#include "rules/vocab.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/hash.h"
#include "util/jsonesc.h"
#include "util/xalloc.h"

/* ---- findings ---- */

const char *eng_tz_name(const struct lt_engine *e)
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
	struct lt_finding *collect;	/* gets the field values the message names; NULL = don't */
};

/* The values a message names are what tells one occurrence from another
 * (the domain, the document, the recipient): an incident lists them. */
static void collect_value(const struct render *c, const char *field, const struct lt_buf *b, size_t from)
{
	if (!c->collect || b->len <= from)
		return;
	/* times tell nothing the incident's first and last do not */
	size_t fl = strlen(field);
	if (fl >= 5 && !strcmp(field + fl - 5, ".time"))
		return;
	char *v = lt_xstrndup(b->data + from, b->len - from);
	if (!c->a->person || strcmp(v, c->a->person))
		lt_finding_add_value(c->collect, field, v, 20);
	free(v);
}

static const char *param_value(const struct lt_rule *r, const char *name, size_t n)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strlen(r->params[i].name) == n && !strncmp(r->params[i].name, name, n))
			return r->params[i].value;
	return NULL;
}

/* A value as a reader reads it: local times with the weekday and without
 * seconds and zone digits; in Japanese, the record's English vocabulary
 * (categories, reasons, actions) in Japanese (rules/vocab.h). */
static void reword(const struct render *c, const char *field, struct lt_buf *b, size_t from)
{
	size_t fl = strlen(field);
	bool is_time = fl >= 5 && !strcmp(field + fl - 5, ".time");
	char *v = lt_xstrndup(b->data + from, b->len - from);
	b->len = from;
	b->data[from] = 0;
	if (!is_time && c->ja)
		lt_vocab_ja_into(b, field, v);
	else if (!is_time)	/* no raw identifiers in English either */
		lt_vocab_en_into(b, field, v);
	else if (!lt_vocab_local_time(b, v, c->ja))
		lt_buf_puts(b, v);
	free(v);
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
	else if (IS("timespan")) {
		const char *ts = r->corr.timespan_text ? r->corr.timespan_text : "";
		if (!c->ja || !lt_vocab_timespan_ja(b, ts))
			lt_buf_puts(b, ts);
	}
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
		size_t from = b->len;
		bool done = c->ix && eng_lookup_text(c->ix, &k, b);
		for (size_t i = 0; !done && c->gvals && i < r->corr.ngroup; i++) {
			if (!strcmp(r->corr.group[i].name, fname)) {
				lt_buf_puts(b, c->gvals[i]);
				done = true;
			}
		}
		if (done) {
			collect_value(c, fname, b, from);
			reword(c, fname, b, from);
		} else {
			lt_buf_puts(b, c->ja ? lt_vocab_ja_missing(fname) : "-");
		}
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
		return ja ? "{timespan}以内に {count} 件（{group}）" : "{count} events within {timespan} ({group})";
	case LT_CORR_VALUE_COUNT:
		return ja ? "{timespan}以内に {field} が {count} 種類（{group}）"
			  : "{count} distinct {field} within {timespan} ({group})";
	case LT_CORR_VALUE_SUM:
		return ja ? "{timespan}以内に {field} の合計 {count}（{group}）" : "{field} adds up to {count} within {timespan} ({group})";
	case LT_CORR_TEMPORAL:
		return ja ? "{timespan}以内に関連する {count} 種類のイベント（{group}）"
			  : "{count} related kinds of event within {timespan} ({group})";
	case LT_CORR_TEMPORAL_ORDERED:
		return ja ? "{timespan}以内に順序どおりのイベント（{group}）"
			  : "events in the listed order within {timespan} ({group})";
	default:
		return ja ? "{day} に {count} 件（本人の通常値 {baseline} 件の {factor} 倍超、下限 {floor} 件）（{group}）"
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
	/* the file is only appended to until lt_engine_finish: count the
	 * offset here rather than ask ftell, a system call per finding */
	long off = e->spill_off;
	struct lt_buf *line = &e->spill_line;
	lt_buf_reset(line);
	lt_finding_format(line, f);
	if (fwrite(line->data, 1, line->len, e->spill) != line->len) {
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
	x->len = line->len;
	e->spill_off += (long)line->len;
}

static void fill_finding(struct lt_engine *e, struct acc *a, const struct lt_ridx *ix, char *const *gvals,
			 struct lt_finding *f);

/* Turn a finished accumulation into a finding (when the rule stands alone)
 * and into a hit for the correlations that use the rule. */
void eng_finalize(struct lt_engine *e, struct acc *a, const struct lt_ridx *ix, char *const *gvals, bool chain)
{
	const struct lt_rule *r = a->r;
	bool emit = !r->referenced || r->generate;
	if (emit) {
		struct lt_finding fbuf, *f = &fbuf;
		fill_finding(e, a, ix, gvals, f);
		e->st[r->index].nfind++;
		spill_finding(e, r, f);
		lt_finding_free(f);
	}
	for (size_t k = 0; chain && k < r->nconsumers; k++) {
		struct hit h = { a->last, a->person, &a->refs, ix, r, gvals };
		eng_corr_hit(e, r->consumers[k], &h);
	}
}

/* The rule's own finding with its title and messages saying that the rule
 * could not be evaluated, why, and on which field. Every rule that may use
 * the record gets one, referenced or not: a correlation cannot count an
 * unknown. The level is the rule's (doc/rules.md): the record might have
 * matched. */
void eng_emit_unevaluated(struct lt_engine *e, const struct lt_rule *r, const char *person, lt_time_us t,
			  const struct refs *ref)
{
	const struct lt_match_limit *lim = lt_match_limit_get();
	struct acc *a = eng_acc_new(r, person, LT_FINDING_UNEVALUATED);
	eng_acc_add(a, t, ref);
	a->count = 1;
	struct lt_finding fbuf, *f = &fbuf;
	fill_finding(e, a, &e->ix, NULL, f);
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_printf(&b, "rule could not be evaluated on this record: %s", r->title);
	free(f->rule_title_en);
	f->rule_title_en = lt_buf_detach(&b);
	lt_buf_printf(&b, "このレコードではルールを評価できませんでした: %s", r->title_ja ? r->title_ja : r->title);
	free(f->rule_title_ja);
	f->rule_title_ja = lt_buf_detach(&b);
	lt_buf_printf(&b, "rule could not be evaluated on this record: %s on field %s (pattern %s)", lim->why,
		      lim->field, lim->pattern ? lim->pattern : "?");
	free(f->message_en);
	f->message_en = lt_buf_detach(&b);
	lt_buf_printf(&b, "このレコードではルールを評価できませんでした: フィールド %s の正規表現が上限に達しました (%s; パターン %s)",
		      lim->field, lim->why, lim->pattern ? lim->pattern : "?");
	free(f->message_ja);
	f->message_ja = lt_buf_detach(&b);
	lt_buf_free(&b);
	spill_finding(e, r, f);
	lt_finding_free(f);
	eng_acc_free(a);
}

static void fill_finding(struct lt_engine *e, struct acc *a, const struct lt_ridx *ix, char *const *gvals,
			 struct lt_finding *f)
{
	const struct lt_rule *r = a->r;
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
	struct render c = { e, a, ix, gvals, false, f };
	f->message_en = render(&c, r->message_en ? r->message_en : default_template(r, false));
	c.ja = true;
	c.collect = NULL;	/* the distinct values are collected once, from the English pass */
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
	f->count = 1;
}

void eng_acc_free(struct acc *a)
{
	if (!a)
		return;
	eng_refs_free(&a->refs);
	free(a->group_key);
	free(a);
}

struct acc *eng_acc_new(const struct lt_rule *r, const char *person, const char *gkey)
{
	struct acc *a = lt_xcalloc(1, sizeof *a);
	a->r = r;
	a->person = person;
	a->group_key = gkey ? lt_xstrdup(gkey) : NULL;
	a->first = a->last = LT_TIME_NONE;
	return a;
}

void eng_acc_add(struct acc *a, lt_time_us t, const struct refs *refs)
{
	if (a->first == LT_TIME_NONE || t < a->first)
		a->first = t;
	if (a->last == LT_TIME_NONE || t > a->last)
		a->last = t;
	/* a correlation's first time is its first contributing record's */
	for (size_t i = 0; i < refs->n; i++)
		if (!refs->v[i].cited && refs->v[i].t < a->first)
			a->first = refs->v[i].t;
	eng_refs_add(&a->refs, refs);
}
