/* Coverage per rule and per person (coverage.json): which rules could run
 * on which data, and over which period. Internal to the engine: see engine_impl.h. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rules/engine_impl.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/hash.h"
#include "util/jsonesc.h"
#include "util/sort.h"
#include "util/xalloc.h"

/* ---- coverage ---- */

static void rule_cov(const struct lt_engine *e, size_t i, struct cov *out, int depth)
{
	const struct lt_rule *r = e->rs->rules[i];
	if (r->kind == LT_RULE_DETECTION || depth > 16) {
		const struct cov *c = eng_rule_cov(e, i);
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
		const struct cov *c = eng_rule_pcov(e, pi, i);
		if (c && c->n) {
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
		lt_qsort(people.v, people.n, sizeof *people.v, cmp_cstr);
	lt_buf_puts(&b, "{\"format\":\"leaktrail-coverage-1\",\"records\":");
	lt_buf_printf(&b, "%" PRIu64 ",\"records_without_time\":%" PRIu64 ",\"time_zone\":", e->records, e->untimed);
	put_s(&b, eng_tz_name(e));
	lt_buf_puts(&b, ",\"first\":");
	put_time(&b, e->first_time, e->records > 0);
	lt_buf_puts(&b, ",\"last\":");
	put_time(&b, e->now, e->records > 0);
	eng_cov_context_limits(e, &b);
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
		lt_buf_printf(&b, ",\"matched\":%" PRIu64, e->st[i].nmatch);
		lt_buf_printf(&b, ",\"groups_closed_early\":%" PRIu64 ",\"window_entries_dropped\":%" PRIu64,
			      e->st[i].cs.dropped, e->st[i].cs.saturated);
		lt_buf_printf(&b, ",\"regex_limit_hits\":%" PRIu64 ",\"unevaluated\":%" PRIu64,
			      e->st[i].re_limits, e->st[i].unevaluated);
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
