/* The self-contained HTML report (html.h). */
#include "export/html.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "context/context.h"
#include "export/html_text.h"
#include "record/fieldnames.h"
#include "rules/vocab.h"
#include "util/buf.h"
#include "util/sort.h"
#include "util/xalloc.h"

#define T(id) lt_txt(tl->lang, (id))

static void put_person_coverage(struct lt_out *o, const struct lt_timeline *tl, const json_t *cv,
				const char *person);

static void esc(struct lt_out *o, const char *s)
{
	const char *run = s ? s : "";
	for (const char *p = run; *p; p++) {
		const char *rep = NULL;
		switch (*p) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: break;
		}
		if (!rep)
			continue;
		lt_out_write(o, run, (size_t)(p - run));
		lt_out_puts(o, rep);
		run = p + 1;
	}
	lt_out_puts(o, run);
}

/* Escape text after redaction and pseudonymisation. */
static void esc_text(struct lt_out *o, const struct lt_timeline *tl, const char *s)
{
	char *t = lt_tl_text(tl, s);
	esc(o, t);
	free(t);
}

static const char *ja_or_en(const struct lt_timeline *tl, const char *ja, const char *en)
{
	return strcmp(tl->lang, "en") ? ja : en;
}

static const char *level_label(const struct lt_timeline *tl, const char *level)
{
	int r = lt_level_rank(level);
	return r < 0 ? (level ? level : "") : T((enum lt_txt)(T_LEVEL_INFORMATIONAL + r));
}

static void put_level(struct lt_out *o, const struct lt_timeline *tl, const char *level)
{
	int r = lt_level_rank(level);
	lt_out_printf(o, "<span class=\"lv lv%d\">", r < 0 ? 0 : r);
	esc(o, level_label(tl, level));
	lt_out_puts(o, "</span>");
}

static int32_t zone_off(const struct lt_timeline *tl, lt_time_us t)
{
	return tl->tz ? lt_tz_offset_at(tl->tz, t) : 0;
}

/* "JST" for Japan's offset, else "UTC+hh:mm": the reader needs the zone,
 * not the database's name for it. */
static void put_zone(struct lt_out *o, int32_t off)
{
	if (off == 9 * 3600) {
		lt_out_puts(o, "JST");
		return;
	}
	if (off == 0) {
		lt_out_puts(o, "UTC");
		return;
	}
	int32_t a = off < 0 ? -off : off;
	lt_out_printf(o, "UTC%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600), (int)(a / 60 % 60));
}

static const char *weekday(const struct lt_timeline *tl, const char *iso_date)
{
	static const char *const ja[] = { "日", "月", "火", "水", "木", "金", "土" };
	static const char *const en[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	int y = atoi(iso_date), m = atoi(iso_date + 5), d = atoi(iso_date + 8);
	/* Sakamoto's method: 0 = Sunday */
	static const int tt[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (m < 1 || m > 12)
		return "";
	if (m < 3)
		y -= 1;
	int w = (y + y / 4 - y / 100 + y / 400 + tt[m - 1] + d) % 7;
	return strcmp(tl->lang, "en") ? ja[w] : en[w];
}

/* "2026-11-06（金）20:10 JST" (ja) or "2026-11-06 (Fri) 20:10 JST" (en), in
 * the case's zone; with_seconds for evidence lines. */
static void put_local_time(struct lt_out *o, const struct lt_timeline *tl, lt_time_us t, bool with_seconds)
{
	char buf[LT_ISO_LEN];
	int32_t off = zone_off(tl, t);
	lt_time_format_offset(t, off, buf);
	buf[10] = 0;
	buf[with_seconds ? 19 : 16] = 0;
	bool ja = strcmp(tl->lang, "en") != 0;
	lt_out_printf(o, ja ? "%s（%s）%s " : "%s (%s) %s ", buf, weekday(tl, buf), buf + 11);
	put_zone(o, off);
}

static void put_short_time(struct lt_out *o, const struct lt_timeline *tl, lt_time_us t)
{
	put_local_time(o, tl, t, false);
}

static void put_full_time(struct lt_out *o, const struct lt_timeline *tl, lt_time_us t)
{
	put_local_time(o, tl, t, true);
}

static const char css[] =
	"body{font-family:'Hiragino Kaku Gothic ProN','Yu Gothic','Meiryo','Noto Sans CJK JP',sans-serif;"
	"margin:2em auto;max-width:60em;color:#222;line-height:1.5;padding:0 1em}"
	"h1{font-size:1.6em;border-bottom:3px solid #333;padding-bottom:.2em}"
	"h2{font-size:1.3em;border-bottom:1px solid #999;margin-top:2em}"
	"h3{font-size:1.1em;margin-bottom:.3em}"
	"table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.9em}"
	"th,td{border:1px solid #bbb;padding:.2em .4em;text-align:left;vertical-align:top}"
	"th{background:#eee}"
	".num{text-align:right}"
	".hash,.raw,code{font-family:'DejaVu Sans Mono','Consolas',monospace;font-size:.8em;word-break:break-all}"
	".raw{white-space:pre-wrap;background:#f6f6f6}"
	".lv{padding:0 .4em;border-radius:.3em;color:#fff;white-space:nowrap}"
	".lv0{background:#777}.lv1{background:#2a7ab0}.lv2{background:#c98a00}.lv3{background:#d0461c}.lv4{background:#900;font-weight:bold}"
	".note{color:#555;font-size:.9em}"
	".facts td:first-child{width:40%;font-weight:bold}"
	".finding{border-left:4px solid #999;padding-left:.8em;margin:1em 0}"
	".tl td{font-size:.8em}"
	"svg{max-width:100%;height:auto}"
	"@media print{body{margin:0;max-width:none;font-size:10pt}"
	"section.page{page-break-after:always}section.person{page-break-before:always}"
	"h2,h3{page-break-after:avoid}tr,.finding{page-break-inside:avoid}"
	"thead{display:table-header-group}a{color:inherit;text-decoration:none}}";

/* Persons with findings, most serious first (doc/privacy.md: only people
 * with findings are ever ordered; everybody else is a number). */
struct person_sum {
	const char *person;
	size_t nfind;
	int highest;
	lt_time_us first, last;
	uint64_t weight;		/* sum of incident weights: the ranking */
	size_t bylevel[5];
	double alert_risk;		/* highest score of the person's alerts; 0: none */
};

/* A person alert (src/rules/risk.h) is not an incident: it is listed at the
 * top and in the person's section, never counted among the findings. */
static bool is_alert(const struct lt_finding *f)
{
	return f->kind && !strcmp(f->kind, LT_FINDING_KIND_ALERT);
}

/* An incident's weight: each level counts as much as about three of the
 * level below, so one high incident outweighs a few low ones but not many
 * mediums (doc/privacy.md, "Order of the report"). */
static uint64_t level_weight(int rank)
{
	static const uint64_t w[] = { 0, 1, 3, 9, 27 };
	return rank >= 0 && rank < 5 ? w[rank] : 0;
}

static int cmp_person(const void *pa, const void *pb)
{
	const struct person_sum *a = pa, *b = pb;
	if (!*a->person != !*b->person)		/* findings about no person go last */
		return *a->person ? -1 : 1;
	if (a->alert_risk != b->alert_risk)	/* persons with an alert first, highest score first */
		return a->alert_risk > b->alert_risk ? -1 : 1;
	if (a->highest != b->highest)
		return a->highest > b->highest ? -1 : 1;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return strcmp(a->person, b->person);
}

static struct person_sum *summarise(const struct lt_timeline *tl, size_t *n)
{
	struct person_sum *ps = lt_xcalloc(tl->nfindings + 1, sizeof *ps);
	size_t k = 0;
	for (size_t i = 0; i < tl->nfindings; i++) {
		const struct lt_finding *f = &tl->findings[i];
		const char *who = f->person ? f->person : "";
		size_t j;
		for (j = 0; j < k; j++)
			if (strcmp(ps[j].person, who) == 0)
				break;
		if (j == k)
			ps[k++] = (struct person_sum){ who, 0, -1, f->first, f->last, 0, { 0 }, 0 };
		struct person_sum *p = &ps[j];
		if (is_alert(f)) {
			if (f->risk > p->alert_risk)
				p->alert_risk = f->risk;
			continue;
		}
		p->nfind++;
		int rank = lt_level_rank(f->level);
		p->weight += level_weight(rank);
		if (rank >= 0 && rank < 5)
			p->bylevel[rank]++;
		if (lt_level_rank(f->level) > p->highest)
			p->highest = lt_level_rank(f->level);
		if (f->first < p->first)
			p->first = f->first;
		if (f->last > p->last)
			p->last = f->last;
	}
	lt_qsort(ps, k, sizeof *ps, cmp_person);
	*n = k;
	return ps;
}

/* "E1001 鈴木 一郎 (設計)" when the context knows the id; identifiers and
 * names go through the pseudonymiser like all text. */
static void put_person_label(struct lt_out *o, const struct lt_timeline *tl, const struct lt_html_case *c,
			     const char *person)
{
	if (!*person) {
		esc(o, T(T_NO_PERSON));
		return;
	}
	esc_text(o, tl, person);
	const struct lt_context *ctx = c->activity ? c->activity->ctx : NULL;
	const struct lt_person *p = ctx ? lt_context_person_by_id(ctx, person) : NULL;
	if (!p)
		return;
	if (p->name && *p->name && !tl->pseudo) {	/* the name would be the same token again */
		lt_out_puts(o, " ");
		esc_text(o, tl, p->name);
	}
	if (p->department && *p->department && !tl->pseudo) {	/* a small department names its member */
		lt_out_puts(o, ja_or_en(tl, "（", " ("));
		esc(o, p->department);
		lt_out_puts(o, ja_or_en(tl, "）", ")"));
	}
}

static const char *level_name(int rank)
{
	static const char *const names[] = { "informational", "low", "medium", "high", "critical" };
	return rank >= 0 && rank < 5 ? names[rank] : "";
}

static void put_header(struct lt_out *o, const struct lt_timeline *tl, const struct lt_html_case *c)
{
	lt_out_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
		      strcmp(tl->lang, "ja") == 0 ? "ja" : "en");
	esc(o, T(T_TITLE));
	if (c->case_id && *c->case_id) {
		lt_out_puts(o, " - ");
		esc(o, c->case_id);
	}
	lt_out_puts(o, "</title>\n<style>");
	lt_out_puts(o, css);
	lt_out_puts(o, "</style>\n</head>\n<body>\n<h1>");
	esc(o, T(T_TITLE));
	lt_out_puts(o, "</h1>\n");
}

static void put_fact(struct lt_out *o, const char *label, const char *value)
{
	lt_out_puts(o, "<tr><td>");
	esc(o, label);
	lt_out_puts(o, "</td><td>");
	esc(o, value);
	lt_out_puts(o, "</td></tr>\n");
}

static bool has_findings(const struct person_sum *ps, size_t n, const char *person)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ps[i].person, person) == 0)
			return true;
	return false;
}

/* Findings in the order a reader acts on them: most severe first, then
 * earliest (then as written, which is deterministic). */
struct sev {
	int rank;
	lt_time_us first;
	size_t idx;
};

static int cmp_sev(const void *pa, const void *pb)
{
	const struct sev *a = pa, *b = pb;
	if (a->rank != b->rank)
		return a->rank > b->rank ? -1 : 1;
	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Indexes of the findings of person (NULL: all), by severity; *n set. */
static size_t *by_severity(const struct lt_timeline *tl, const char *person, size_t *n)
{
	struct sev *v = lt_xcalloc(tl->nfindings + 1, sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < tl->nfindings; i++) {
		const struct lt_finding *f = &tl->findings[i];
		if (is_alert(f) || (person && strcmp(f->person ? f->person : "", person) != 0))
			continue;
		v[k++] = (struct sev){ lt_level_rank(f->level), f->first, i };
	}
	lt_qsort(v, k, sizeof *v, cmp_sev);
	size_t *out = lt_xcalloc(k + 1, sizeof *out);
	for (size_t i = 0; i < k; i++)
		out[i] = v[i].idx;
	free(v);
	*n = k;
	return out;
}

/* One paragraph in plain words: when, how many of what severity, the most
 * serious incident, and what else. */
static void put_paragraph(struct lt_out *o, const struct lt_timeline *tl, const struct person_sum *p)
{
	size_t n;
	size_t *idx = by_severity(tl, p->person, &n);
	bool ja = strcmp(tl->lang, "en") != 0;
	put_short_time(o, tl, p->first);
	lt_out_puts(o, ja ? " 〜 " : " to ");
	put_short_time(o, tl, p->last);
	lt_out_printf(o, ja ? " に %zu 件の行為を検知しました（" : ": %zu incident(s) (", p->nfind);
	bool firstlv = true;
	for (int r = 4; r >= 0; r--) {
		if (!p->bylevel[r])
			continue;
		lt_out_printf(o, ja ? "%s%s %zu 件" : "%s%s %zu", firstlv ? "" : (ja ? "、" : ", "),
			      level_label(tl, level_name(r)), p->bylevel[r]);
		firstlv = false;
	}
	lt_out_puts(o, ja ? "）。最も重大なもの: " : "). Most serious: ");
	if (n) {
		const struct lt_finding *f = &tl->findings[idx[0]];
		esc_text(o, tl, lt_tl_title(tl, f));
		lt_out_puts(o, ja ? "（" : " (");
		esc_text(o, tl, lt_tl_message(tl, f));
		lt_out_puts(o, ja ? "）。" : ").");
	}
	size_t others = 0;
	for (size_t i = 1; i < n && others < 3; i++) {
		const struct lt_finding *f = &tl->findings[idx[i]];
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = !strcmp(tl->findings[idx[j]].rule_id, f->rule_id);
		if (dup)
			continue;
		lt_out_puts(o, others++ ? (ja ? "、" : "; ") : (ja ? "ほかに: " : " Also: "));
		esc_text(o, tl, lt_tl_title(tl, f));
	}
	if (others)
		lt_out_puts(o, ja ? "。" : ".");
	free(idx);
}

#define TOP_INCIDENTS 10
/* Bounds for a large case (doc/evidence.md, "The HTML report"): a month of
 * a 1,000-person organisation stays under 5 MB. Persons past the budget get
 * a brief section; timeline.csv and timeline.jsonl always hold everything. */
#define SUMMARY_PERSONS_MAX 50		/* rows with a paragraph in the summary */
#define PERSON_INCIDENTS_MAX 30		/* incidents shown in full per person */
#define BRIEF_INCIDENTS 10		/* incidents named in a brief section */
#define REPORT_DETAIL_BUDGET (2500 * 1024)	/* bytes before person sections turn brief */

/* The first screen names the most serious incidents, linked to their
 * evidence further down. */
static void put_top_incidents(struct lt_out *o, const struct lt_timeline *tl)
{
	size_t n;
	size_t *idx = by_severity(tl, NULL, &n);
	lt_out_printf(o, "<h3>%s</h3>\n<table class=\"top\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		      "<th>%s</th></tr></thead>\n<tbody>\n", T(T_TOP_INCIDENTS), T(T_LEVEL), T(T_TIME), T(T_PERSON),
		      T(T_MESSAGE));
	for (size_t i = 0; i < n && i < TOP_INCIDENTS; i++) {
		const struct lt_finding *f = &tl->findings[idx[i]];
		lt_out_puts(o, "<tr><td>");
		put_level(o, tl, f->level);
		lt_out_puts(o, "</td><td>");
		put_short_time(o, tl, f->first);
		lt_out_puts(o, "</td><td>");
		esc_text(o, tl, f->person ? f->person : "");
		lt_out_printf(o, "</td><td><a href=\"#f%zu\">", idx[i] + 1);
		esc_text(o, tl, lt_tl_title(tl, f));
		lt_out_puts(o, "</a><br>");
		esc_text(o, tl, lt_tl_message(tl, f));
		if (f->count > 1)
			lt_out_printf(o, ja_or_en(tl, "（%" PRIu64 " 件）", " (%" PRIu64 " findings)"), f->count);
		lt_out_puts(o, "</td></tr>\n");
	}
	lt_out_puts(o, "</tbody>\n</table>\n");
	if (n > TOP_INCIDENTS)
		lt_out_printf(o, "<p class=\"note\">+%zu %s</p>\n", n - TOP_INCIDENTS, T(T_MORE_INCIDENTS));
	free(idx);
}

static bool is_unresolved(const struct lt_activity *a, const char *person)
{
	for (size_t i = 0; i < a->nunresolved; i++)
		if (!strcmp(a->unresolved[i], person))
			return true;
	return false;
}

#define UNRESOLVED_SHOWN 200

/* Accounts the logs name but people.csv does not know: the examiner must
 * see them (an unknown account can be the one used to leak), apart from
 * the people, who are the ones checked. */
static void put_unresolved(struct lt_out *o, const struct lt_timeline *tl, const struct lt_html_case *c)
{
	if (!c->activity || !c->activity->nunresolved)
		return;
	const struct lt_activity *a = c->activity;
	lt_out_printf(o, "<section id=\"unresolved\">\n<h2>%s</h2>\n<p class=\"note\">%s</p>\n<p>", T(T_UNRESOLVED),
		      T(T_UNRESOLVED_LEAD));
	for (size_t i = 0; i < a->nunresolved && i < UNRESOLVED_SHOWN; i++) {
		lt_out_puts(o, i ? ", " : "");
		lt_out_puts(o, "<code>");
		esc_text(o, tl, a->unresolved[i]);
		lt_out_puts(o, "</code>");
	}
	if (a->nunresolved > UNRESOLVED_SHOWN)
		lt_out_printf(o, " (+%zu)", a->nunresolved - UNRESOLVED_SHOWN);
	lt_out_puts(o, "</p>\n</section>\n");
}


/* The risk modifiers a finding's score includes, in the report's language. */
static void put_factors(struct lt_out *o, const struct lt_timeline *tl, const char *factors)
{
	static const struct {
		const char *id;
		enum lt_txt t;
	} names[] = { { "departing", T_F_DEPARTING }, { "off_hours", T_F_OFF_HOURS },
		      { "classified", T_F_CLASSIFIED }, { "service", T_F_SERVICE } };
	bool ja = strcmp(tl->lang, "en") != 0;
	bool first = true;
	for (size_t i = 0; factors && i < sizeof names / sizeof names[0]; i++) {
		if (!strstr(factors, names[i].id))
			continue;
		lt_out_puts(o, first ? (ja ? "（" : " (") : (ja ? "・" : ", "));
		esc(o, T(names[i].t));
		first = false;
	}
	if (!first)
		lt_out_puts(o, ja ? "）" : ")");
}

/* The index of the finding with this id, or -1. */
static long finding_by_id(const struct lt_timeline *tl, const char *id)
{
	for (size_t i = 0; i < tl->nfindings; i++)
		if (tl->findings[i].id && !strcmp(tl->findings[i].id, id))
			return (long)i;
	return -1;
}

static const struct lt_finding_values *alert_values(const struct lt_finding *f, const char *field)
{
	for (size_t i = 0; i < f->nvalues; i++)
		if (!strcmp(f->values[i].field, field))
			return &f->values[i];
	return NULL;
}

/* An alert's contributing findings, linked to their sections. */
static void put_contributions(struct lt_out *o, const struct lt_timeline *tl, const struct lt_finding *a, size_t cap)
{
	const struct lt_finding_values *ids = alert_values(a, "finding.id");
	bool ja = strcmp(tl->lang, "en") != 0;
	size_t n = ids ? ids->n : 0;
	lt_out_puts(o, "<ol class=\"contrib\">");
	for (size_t i = 0; i < n && i < cap; i++) {
		long fi = finding_by_id(tl, ids->v[i]);
		lt_out_puts(o, "<li>");
		if (fi < 0) {
			esc(o, ids->v[i]);
			lt_out_puts(o, "</li>");
			continue;
		}
		const struct lt_finding *f = &tl->findings[fi];
		put_short_time(o, tl, f->first);
		lt_out_printf(o, " <a href=\"#f%ld\">", fi + 1);
		esc_text(o, tl, lt_tl_title(tl, f));
		lt_out_printf(o, ja ? "</a> %.1f 点" : "</a> %.1f points", f->risk);
		put_factors(o, tl, f->risk_factors);
		lt_out_puts(o, "</li>");
	}
	lt_out_puts(o, "</ol>");
	uint64_t more = (n > cap ? n - cap : 0) + (ids ? ids->more : 0);
	if (more)
		lt_out_printf(o, "<p class=\"note\">+%" PRIu64 " %s</p>", more, T(T_MORE_INCIDENTS));
}

/* The person alerts, highest score first, in one line at the top of the
 * report: the persons table below is ranked by the same scores, and each
 * person's section lists the contributing findings. */
static void put_alerts(struct lt_out *o, const struct lt_timeline *tl, const struct lt_html_case *c,
		       const struct person_sum *ps, size_t nps)
{
	bool ja = strcmp(tl->lang, "en") != 0;
	lt_out_printf(o, "<p id=\"alerts\"><strong>%s</strong>%s", T(T_ALERTS), ja ? "：" : ": ");
	size_t shown = 0;
	for (size_t i = 0; i < nps; i++) {
		if (ps[i].alert_risk <= 0)
			continue;
		for (size_t k = 0; k < tl->nfindings; k++) {
			const struct lt_finding *f = &tl->findings[k];
			if (!is_alert(f) || strcmp(f->person ? f->person : "", ps[i].person))
				continue;
			if (shown++)
				lt_out_puts(o, ja ? "、" : "; ");
			lt_out_printf(o, "<a href=\"#f%zu\">", k + 1);
			put_person_label(o, tl, c, f->person);
			lt_out_printf(o, "</a> %.1f", f->risk);
			const struct lt_finding_values *raised = alert_values(f, LT_E_RISK_RAISED_AT);
			lt_time_us t;
			if (raised && raised->n && lt_time_parse_iso(raised->v[0], strlen(raised->v[0]), NULL, &t) == 0) {
				lt_out_puts(o, ja ? "（" : " (");
				put_short_time(o, tl, t);
				lt_out_puts(o, ja ? "）" : ")");
			}
		}
	}
	if (!shown)
		esc(o, T(T_NO_ALERTS));
	lt_out_puts(o, "</p>\n");
}

/* A large case: the persons past SUMMARY_PERSONS_MAX in one row of links,
 * in rank order; each has its section below. */
static void put_more_persons(struct lt_out *o, const struct lt_timeline *tl, const struct lt_html_case *c,
			     const struct person_sum *ps, size_t nps)
{
	lt_out_printf(o, "<tr><td colspan=\"4\">+%zu %s: ", nps - SUMMARY_PERSONS_MAX, T(T_MORE_PERSONS));
	for (size_t i = SUMMARY_PERSONS_MAX; i < nps; i++) {
		lt_out_printf(o, "%s<a href=\"#p%zu\">", i > SUMMARY_PERSONS_MAX ? ", " : "", i + 1);
		esc_text(o, tl, *ps[i].person ? ps[i].person : T(T_NO_PERSON));
		lt_out_puts(o, "</a>");
	}
	(void)c;
	lt_out_puts(o, "</td></tr>\n");
}

static void put_summary(struct lt_out *o, const struct lt_timeline *tl, const struct lt_html_case *c,
			const struct person_sum *ps, size_t nps)
{
	lt_out_puts(o, "<section class=\"page\" id=\"summary\">\n<h2>");
	esc(o, T(T_SUMMARY));
	lt_out_puts(o, "</h2>\n<p class=\"note\">");
	esc(o, T(T_SUMMARY_LEAD));
	lt_out_puts(o, "</p>\n<table class=\"facts\">\n");
	put_fact(o, T(T_CASE), c->case_id && *c->case_id ? c->case_id : T(T_NONE));
	put_fact(o, T(T_EXAMINER), c->examiner && *c->examiner ? c->examiner : T(T_NONE));
	if (tl->nfindings > 0) {
		lt_time_us lo = tl->findings[0].first, hi = tl->findings[0].last;
		for (size_t i = 1; i < tl->nfindings; i++) {
			lo = tl->findings[i].first < lo ? tl->findings[i].first : lo;
			hi = tl->findings[i].last > hi ? tl->findings[i].last : hi;
		}
		lt_out_puts(o, "<tr><td>");
		esc(o, T(T_PERIOD));
		lt_out_puts(o, "</td><td>");
		put_short_time(o, tl, lo);
		lt_out_puts(o, " &ndash; ");
		put_short_time(o, tl, hi);
		lt_out_puts(o, "</td></tr>\n");
	}
	size_t named = 0;	/* findings about no person (hosts, devices) are not people */
	for (size_t i = 0; i < nps; i++)
		named += *ps[i].person != '\0';
	lt_out_printf(o, "<tr><td>%s</td><td>%zu</td></tr>\n", T(T_PEOPLE_FLAGGED), named);
	size_t named_resolved = named;	/* unresolved accounts are not people checked */
	for (size_t i = 0; c->activity && i < nps; i++)
		named_resolved -= *ps[i].person && is_unresolved(c->activity, ps[i].person);
	if (c->activity && c->activity->persons_seen >= named_resolved)
		lt_out_printf(o, "<tr><td>%s</td><td>%zu <span class=\"note\">%s</span></td></tr>\n",
			      T(T_PEOPLE_CLEAR), c->activity->persons_seen - named_resolved, T(T_PEOPLE_CLEAR_NOTE));
	if (c->activity && c->activity->nunresolved)
		lt_out_printf(o, "<tr><td>%s</td><td><a href=\"#unresolved\">%zu</a></td></tr>\n", T(T_UNRESOLVED),
			      c->activity->nunresolved);
	size_t bylevel[5] = { 0 };
	for (size_t i = 0; i < tl->nfindings; i++) {
		int r = lt_level_rank(tl->findings[i].level);
		if (r >= 0 && !is_alert(&tl->findings[i]))
			bylevel[r]++;
	}
	lt_out_printf(o, "<tr><td>%s</td><td>", T(T_FINDINGS));
	for (int r = 4; r >= 0; r--) {
		if (!bylevel[r])
			continue;
		put_level(o, tl, level_name(r));
		lt_out_printf(o, " %zu &nbsp; ", bylevel[r]);
	}
	if (tl->nfindings == 0)
		esc(o, T(T_NO_FINDINGS_AT_ALL));
	lt_out_puts(o, "</td></tr>\n</table>\n");
	if (tl->pseudo)
		lt_out_printf(o, "<p class=\"note\">%s</p>\n", T(T_PSEUDO_NOTE));
	if (tl->redact)
		lt_out_printf(o, "<p class=\"note\">%s</p>\n", T(T_REDACT_NOTE));
	put_alerts(o, tl, c, ps, nps);
	if (nps > 0) {
		lt_out_printf(o, "<table class=\"persons\">\n<thead><tr><th>%s</th><th>%s</th><th class=\"num\">%s</th>"
			      "<th>%s</th></tr></thead>\n<tbody>\n",
			      T(T_PERSON), T(T_HIGHEST), T(T_COUNT), T(T_IN_SHORT));
		for (size_t i = 0; i < nps; i++) {
			if (i == SUMMARY_PERSONS_MAX) {
				put_more_persons(o, tl, c, ps, nps);
				break;
			}
			lt_out_printf(o, "<tr><td><a href=\"#p%zu\">", i + 1);
			put_person_label(o, tl, c, ps[i].person);
			lt_out_puts(o, "</a></td><td>");
			put_level(o, tl, level_name(ps[i].highest));
			/* the ranking's reason: the person alert's score */
			if (ps[i].alert_risk > 0)
				lt_out_printf(o, "<br><strong class=\"risk\" title=\"%s\">%.1f</strong>", T(T_RISK),
					      ps[i].alert_risk);
			lt_out_printf(o, "</td><td class=\"num\">%zu%s</td><td>", ps[i].nfind, T(T_INCIDENT_UNIT));
			put_paragraph(o, tl, &ps[i]);
			lt_out_puts(o, "</td></tr>\n");
		}
		lt_out_puts(o, "</tbody>\n</table>\n");
		put_top_incidents(o, tl);
	}
	for (size_t i = 0; i < c->nrequested; i++) {
		if (has_findings(ps, nps, c->requested[i]))
			continue;
		const struct lt_person_activity *pa = lt_activity_find(c->activity, c->requested[i]);
		lt_out_puts(o, "<p>");
		esc(o, T(T_NOT_FOUND_FOR));
		lt_out_puts(o, ": <strong>");
		esc_text(o, tl, c->requested[i]);
		lt_out_puts(o, "</strong>");
		if (pa && pa->total > 0) {
			lt_out_printf(o, " (%" PRIu64 " %s, ", pa->total, T(T_RECORDS_FOR));
			put_short_time(o, tl, pa->first);
			lt_out_puts(o, " &ndash; ");
			put_short_time(o, tl, pa->last);
			lt_out_puts(o, ")");
		}
		lt_out_puts(o, "</p>\n");
	}
	lt_out_printf(o, "<p class=\"note\">%s</p>\n</section>\n", T(T_PRIVACY_NOTE));
}

/* ---- activity chart ---- */

#define HOUR_US (3600 * LT_US_PER_SEC)
#define DAY_HOURS 24
#define MAX_DAYS 92

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a - 1) / b) - 1;
}

static int64_t local_hour(const struct lt_timeline *tl, lt_time_us t)
{
	return floor_div(t + (int64_t)zone_off(tl, t) * LT_US_PER_SEC, HOUR_US);
}

struct chart {
	int64_t day0;		/* local day number of the first column */
	int ndays;
	uint32_t *count;	/* ndays * 24 */
	bool *marked;		/* cited by a finding */
	bool *holiday;		/* per day */
	bool offband[DAY_HOURS];
	uint32_t max;
};

static void chart_range(const struct lt_timeline *tl, const char *person, const struct lt_person_activity *pa,
			int64_t *lo, int64_t *hi)
{
	*lo = INT64_MAX;
	*hi = INT64_MIN;
	if (pa && pa->nhours > 0) {
		*lo = floor_div(pa->hours[0].hour, DAY_HOURS);
		*hi = floor_div(pa->hours[pa->nhours - 1].hour, DAY_HOURS);
	}
	for (size_t i = 0; i < tl->nfindings; i++) {
		const struct lt_finding *f = &tl->findings[i];
		if (strcmp(f->person ? f->person : "", person) != 0)
			continue;
		int64_t a = floor_div(local_hour(tl, f->first), DAY_HOURS);
		int64_t b = floor_div(local_hour(tl, f->last), DAY_HOURS);
		*lo = a < *lo ? a : *lo;
		*hi = b > *hi ? b : *hi;
	}
}

static void chart_cell_add(struct chart *ch, int64_t hour, uint32_t n)
{
	int64_t d = floor_div(hour, DAY_HOURS) - ch->day0;
	if (d < 0 || d >= ch->ndays)
		return;
	uint32_t *c = &ch->count[d * DAY_HOURS + (hour - floor_div(hour, DAY_HOURS) * DAY_HOURS)];
	*c += n;
	if (*c > ch->max)
		ch->max = *c;
}

static bool chart_build(struct chart *ch, const struct lt_timeline *tl, const char *person,
			const struct lt_person_activity *pa, bool has_calendar, const struct lt_context *ctx)
{
	int64_t lo, hi;
	chart_range(tl, person, pa, &lo, &hi);
	if (lo > hi)
		return false;
	if (hi - lo + 1 > MAX_DAYS)
		lo = hi - MAX_DAYS + 1;	/* the most recent days: where the findings end */
	memset(ch, 0, sizeof *ch);
	ch->day0 = lo;
	ch->ndays = (int)(hi - lo + 1);
	ch->count = lt_xcalloc((size_t)ch->ndays * DAY_HOURS, sizeof *ch->count);
	ch->marked = lt_xcalloc((size_t)ch->ndays * DAY_HOURS, sizeof *ch->marked);
	ch->holiday = lt_xcalloc((size_t)ch->ndays, sizeof *ch->holiday);
	for (size_t i = 0; pa && i < pa->nhours; i++) {
		const struct lt_hour_count *h = &pa->hours[i];
		chart_cell_add(ch, h->hour, h->count);
		int64_t d = floor_div(h->hour, DAY_HOURS) - ch->day0;
		if (d >= 0 && d < ch->ndays && h->holiday)
			ch->holiday[d] = true;
		if (!h->holiday && h->off_hours)
			ch->offband[h->hour - floor_div(h->hour, DAY_HOURS) * DAY_HOURS] = true;
	}
	if (ctx) {
		/* The organisation's own calendar, for every cell. */
		for (int d = 0; d < ch->ndays; d++) {
			struct lt_civil c = { 0 };
			lt_civil_from_days(ch->day0 + d, &c.year, &c.month, &c.day);
			ch->holiday[d] = !lt_calendar_is_workday(ctx, c.year, c.month, c.day);
		}
		int64_t wd = ch->day0;	/* band from the first working day shown */
		for (int d = 0; d < ch->ndays; d++)
			if (!ch->holiday[d]) {
				wd = ch->day0 + d;
				break;
			}
		for (int h = 0; h < DAY_HOURS; h++) {
			struct lt_civil c = { 0 };
			lt_civil_from_days(wd, &c.year, &c.month, &c.day);
			c.hour = h;
			c.min = 30;
			c.wday = (int)((((wd) % 7) + 7 + 4) % 7);
			ch->offband[h] = lt_calendar_off_hours(ctx, &c);
		}
	} else if (!has_calendar) {
		for (int h = 0; h < DAY_HOURS; h++)
			ch->offband[h] = h < 8 || h >= 19;
		for (int d = 0; d < ch->ndays; d++) {
			int wday = (int)((((ch->day0 + d) % 7) + 7 + 4) % 7);	/* 1970-01-01 was a Thursday */
			ch->holiday[d] = wday == 0 || wday == 6;
		}
	}
	for (size_t i = 0; i < tl->nfindings; i++) {
		const struct lt_finding *f = &tl->findings[i];
		if (strcmp(f->person ? f->person : "", person) != 0)
			continue;
		for (size_t r = 0; r < f->nrefs; r++) {
			int64_t hour = local_hour(tl, f->refs[r].time);
			if (!pa)
				chart_cell_add(ch, hour, 1);
			int64_t d = floor_div(hour, DAY_HOURS) - ch->day0;
			if (d >= 0 && d < ch->ndays)
				ch->marked[d * DAY_HOURS + (hour - floor_div(hour, DAY_HOURS) * DAY_HOURS)] = true;
		}
	}
	return true;
}

static void chart_free(struct chart *ch)
{
	free(ch->count);
	free(ch->marked);
	free(ch->holiday);
}

static void put_chart(struct lt_out *o, const struct lt_timeline *tl, const struct chart *ch)
{
	const int left = 34, top = 8, ch_h = 9, label_h = 44;
	int cw = ch->ndays > 0 ? 640 / ch->ndays : 20;
	cw = cw < 5 ? 5 : (cw > 22 ? 22 : cw);
	int width = left + ch->ndays * cw + 10, height = top + DAY_HOURS * ch_h + label_h + 22;
	lt_out_printf(o, "<svg width=\"%d\" height=\"%d\" "
		      "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" font-size=\"8\" "
		      "font-family=\"sans-serif\">\n", width, height, width, height, T(T_ACTIVITY));
	for (int h = 0; h < DAY_HOURS; h += 3)
		lt_out_printf(o, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%02d:00</text>\n",
			      left - 3, top + h * ch_h + ch_h - 1, h);
	int every = ch->ndays <= 16 ? 1 : (ch->ndays + 15) / 16;
	for (int d = 0; d < ch->ndays; d++) {
		int x = left + d * cw;
		for (int h = 0; h < DAY_HOURS; h++) {
			int y = top + h * ch_h;
			const char *bg = ch->holiday[d] ? "#f6d7b0" : (ch->offband[h] ? "#dddddd" : "#ffffff");
			lt_out_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", x, y,
				      cw, ch_h, bg);
			uint32_t n = ch->count[d * DAY_HOURS + h];
			if (n > 0) {
				/* Opacity from 0.25 to 1 by share of the busiest hour (integer
				 * arithmetic keeps the output byte-identical everywhere). */
				unsigned pct = 25 + (unsigned)(75ULL * n / (ch->max ? ch->max : 1));
				lt_out_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#1f5fa8\" "
					      "fill-opacity=\"%u.%02u\"><title>%u</title></rect>",
					      x, y, cw, ch_h, pct / 100, pct % 100, n);
			}
			if (ch->marked[d * DAY_HOURS + h])
				lt_out_printf(o, "<rect x=\"%d.5\" y=\"%d.5\" width=\"%d\" height=\"%d\" fill=\"none\" "
					      "stroke=\"#d00000\" stroke-width=\"1.5\"/>", x, y, cw - 1, ch_h - 1);
		}
		lt_out_puts(o, "\n");
		if (d % every == 0) {
			int y, m, dd;
			lt_civil_from_days(ch->day0 + d, &y, &m, &dd);
			lt_out_printf(o, "<text transform=\"translate(%d,%d) rotate(-60)\">%02d-%02d</text>\n",
				      x + cw / 2 + 3, top + DAY_HOURS * ch_h + 30, m, dd);
		}
	}
	int ly = height - 8;
	lt_out_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"8\" fill=\"#dddddd\"/>"
		      "<text x=\"%d\" y=\"%d\">%s</text>", left, ly - 7, left + 13, ly, T(T_OFF_HOURS));
	lt_out_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"8\" fill=\"#f6d7b0\"/>"
		      "<text x=\"%d\" y=\"%d\">%s</text>", left + 80, ly - 7, left + 93, ly, T(T_HOLIDAY));
	lt_out_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"8\" fill=\"#1f5fa8\"/>"
		      "<text x=\"%d\" y=\"%d\">%s (max %u)</text>", left + 160, ly - 7, left + 173, ly,
		      T(T_EVENTS_PER_HOUR), ch->max);
	lt_out_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"8\" fill=\"none\" stroke=\"#d00000\"/>"
		      "<text x=\"%d\" y=\"%d\">%s</text>\n</svg>\n", left + 330, ly - 7, left + 343, ly,
		      T(T_FINDING_MARK));
}

/* ---- per-person sections ---- */

#define EVIDENCE_SHOWN 20	/* evidence lines quoted per finding; the rest are in the timeline */

/* Collapsed: a reader opens the evidence of the incident they check, and the
 * report stays readable (and bounded) however many lines a finding has. */
static void put_evidence(struct lt_out *o, const struct lt_timeline *tl, const struct lt_finding *f, size_t seq)
{
	if (f->nrefs == 0)
		return;
	size_t shown = f->nrefs < EVIDENCE_SHOWN ? f->nrefs : EVIDENCE_SHOWN;
	lt_out_printf(o, "<details class=\"evidence\"><summary>%s: %" PRIu64 " %s %zu</summary>\n", T(T_EVIDENCE),
		      f->nrefs_total, T(T_EVIDENCE_SHOWN), shown);
	lt_out_printf(o, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th class=\"num\">%s</th>"
		      "<th class=\"num\">%s</th></tr></thead>\n<tbody>\n",
		      T(T_TIME), T(T_SOURCE), T(T_MEMBER), T(T_OFFSET), T(T_LINE));
	for (size_t r = 0; r < shown; r++) {
		const struct lt_evidence_ref *e = &f->refs[r];
		lt_out_puts(o, "<tr><td>");
		put_full_time(o, tl, e->time);
		lt_out_puts(o, "</td><td>");
		esc_text(o, tl, e->source_path);
		lt_out_puts(o, "<br><span class=\"hash\">");
		esc(o, e->source_sha256);
		lt_out_puts(o, "</span></td><td>");
		esc_text(o, tl, e->member ? e->member : "");
		lt_out_printf(o, "</td><td class=\"num\">%" PRIu64 "</td><td class=\"num\">%" PRIu64 "</td></tr>\n"
			      "<tr><td colspan=\"5\"><div class=\"raw\">", e->offset, e->line);
		esc_text(o, tl, e->raw);
		lt_out_puts(o, "</div></td></tr>\n");
	}
	lt_out_puts(o, "</tbody>\n</table>\n");
	if (f->nrefs > shown)
		lt_out_printf(o, "<p class=\"note\">+%zu <a href=\"#e%zu\">%s</a></p>\n", f->nrefs - shown, seq,
			      T(T_MORE_IN_TIMELINE));
	if (f->nrefs_total > f->nrefs)
		lt_out_printf(o, "<p class=\"note\">+%" PRIu64 " %s</p>\n", f->nrefs_total - f->nrefs,
			      T(T_MORE_EVENTS));
	lt_out_puts(o, "</details>\n");
}

/* How many findings the incident merged and the values that tell its
 * occurrences apart (src/rules/incident.h). */
static void put_incident(struct lt_out *o, const struct lt_timeline *tl, const struct lt_finding *f)
{
	if (f->count > 1) {
		lt_out_printf(o, "<tr><td>%s</td><td>%" PRIu64 "%s</td></tr>\n", T(T_INCIDENT), f->count,
			      T(T_INCIDENT_UNIT));
	}
	if (!f->nvalues)
		return;
	lt_out_printf(o, "<tr><td>%s</td><td>", T(T_VALUES));
	bool ja = strcmp(tl->lang, "en") != 0;
	for (size_t i = 0; i < f->nvalues; i++) {
		const struct lt_finding_values *v = &f->values[i];
		if (i)
			lt_out_puts(o, "<br>");
		const char *label = ja ? lt_vocab_field_ja(v->field) : lt_vocab_field_en(v->field);
		esc(o, label ? label : v->field);
		lt_out_puts(o, ": ");
		for (size_t j = 0; j < v->n; j++) {
			if (j)
				lt_out_puts(o, ja ? "、" : ", ");
			struct lt_buf b = LT_BUF_INIT;
			lt_buf_puts(&b, "");
			if (ja)
				lt_vocab_ja_into(&b, v->field, v->v[j]);
			else	/* identifiers as words (src/rules/vocab.c) */
				lt_vocab_en_into(&b, v->field, v->v[j]);
			esc_text(o, tl, b.data);
			lt_buf_free(&b);
		}
		if (v->more)
			lt_out_printf(o, " (+%" PRIu64 ")", v->more);
	}
	lt_out_puts(o, "</td></tr>\n");
}

static void put_finding(struct lt_out *o, const struct lt_timeline *tl, const struct lt_finding *f, size_t seq)
{
	lt_out_printf(o, "<div class=\"finding\" id=\"f%zu\">\n<h3>", (size_t)(f - tl->findings) + 1);
	put_level(o, tl, f->level);
	lt_out_puts(o, " ");
	esc_text(o, tl, lt_tl_title(tl, f));
	lt_out_puts(o, "</h3>\n<p>");
	esc_text(o, tl, lt_tl_message(tl, f));
	lt_out_puts(o, "</p>\n<table class=\"facts\">\n<tr><td>");
	esc(o, T(T_WINDOW));
	lt_out_puts(o, "</td><td>");
	put_full_time(o, tl, f->first);
	lt_out_puts(o, " &ndash; ");
	put_full_time(o, tl, f->last);
	lt_out_printf(o, " (%" PRIu64 ")</td></tr>\n", f->nrefs_total);
	put_incident(o, tl, f);
	lt_out_printf(o, "<tr><td>%s</td><td>%.1f", T(T_RISK), f->risk);
	put_factors(o, tl, f->risk_factors);
	if (f->contribution)
		lt_out_printf(o, " &mdash; %s", T(T_CONTRIBUTION));
	lt_out_puts(o, "</td></tr>\n");
	lt_out_puts(o, "<tr><td>");
	esc(o, T(T_RULE));
	lt_out_puts(o, "</td><td><code>");
	esc(o, f->rule_id);
	lt_out_puts(o, "</code> v");
	esc(o, f->rule_version);
	lt_out_puts(o, " <span class=\"hash\">sha256:");
	esc(o, f->rule_sha256);
	lt_out_puts(o, "</span>");
	for (size_t i = 0; i < f->nreferences; i++) {
		lt_out_puts(o, "<br>");
		esc(o, f->references[i]);
	}
	lt_out_puts(o, "</td></tr>\n<tr><td>ID</td><td class=\"hash\">");
	esc(o, f->id);
	lt_out_puts(o, "</td></tr>\n</table>\n");
	put_evidence(o, tl, f, seq);
	lt_out_puts(o, "</div>\n");
}

/* The timeline row number (1-based) of finding fi. */
static size_t finding_seq(const struct lt_timeline *tl, size_t fi)
{
	for (size_t e = 0; e < tl->nentries; e++)
		if (tl->entries[e].kind == LT_TL_FINDING && tl->entries[e].fidx == fi)
			return e + 1;
	return 0;
}

/* The person's alerts, each with its contributing findings in time order. */
static void put_person_alerts(struct lt_out *o, const struct lt_timeline *tl, const char *person)
{
	for (size_t i = 0; i < tl->nfindings; i++) {
		const struct lt_finding *f = &tl->findings[i];
		if (!is_alert(f) || strcmp(f->person ? f->person : "", person) != 0)
			continue;
		lt_out_printf(o, "<div class=\"finding alert\" id=\"f%zu\">\n<h3>", i + 1);
		put_level(o, tl, f->level);
		lt_out_printf(o, " %s %.1f</h3>\n<p class=\"note\">%s</p>\n<p>", T(T_ALERTS), f->risk, T(T_ALERTS_LEAD));
		esc_text(o, tl, lt_tl_message(tl, f));
		lt_out_printf(o, "</p>\n<p>%s</p>", T(T_CONTRIBUTING));
		put_contributions(o, tl, f, SIZE_MAX);
		lt_out_puts(o, "</div>\n");
	}
}

/* Past the report's budget a person's section names the incidents, most
 * severe first, without chart or evidence: timeline.csv has them all. */
static void put_person_brief(struct lt_out *o, const struct lt_timeline *tl, const char *person)
{
	size_t nidx;
	size_t *idx = by_severity(tl, person, &nidx);
	lt_out_printf(o, "<p class=\"note\">%s</p>\n<ul class=\"brief\">\n", T(T_BRIEF_NOTE));
	for (size_t i = 0; i < nidx && i < BRIEF_INCIDENTS; i++) {
		const struct lt_finding *f = &tl->findings[idx[i]];
		lt_out_printf(o, "<li id=\"f%zu\">", idx[i] + 1);
		put_level(o, tl, f->level);
		lt_out_puts(o, " ");
		put_short_time(o, tl, f->first);
		lt_out_puts(o, " ");
		esc_text(o, tl, lt_tl_title(tl, f));
		if (f->count > 1)
			lt_out_printf(o, ja_or_en(tl, "（%" PRIu64 " 件）", " (%" PRIu64 " findings)"), f->count);
		lt_out_puts(o, "</li>\n");
	}
	lt_out_puts(o, "</ul>\n");
	if (nidx > BRIEF_INCIDENTS)
		lt_out_printf(o, "<p class=\"note\">+%zu %s</p>\n", nidx - BRIEF_INCIDENTS, T(T_MORE_IN_CSV));
	free(idx);
}

static void put_person(struct lt_out *o, const struct lt_timeline *tl, const struct lt_html_case *c,
		       const char *person, size_t anchor)
{
	lt_out_printf(o, "<section class=\"person\" id=\"p%zu\">\n<h2>%s: ", anchor, T(T_PERSON));
	put_person_label(o, tl, c, person);
	lt_out_puts(o, "</h2>\n");
	put_person_alerts(o, tl, person);
	if (lt_out_written(o) > REPORT_DETAIL_BUDGET) {
		put_person_brief(o, tl, person);
		lt_out_puts(o, "</section>\n");
		return;
	}
	lt_out_printf(o, "<h3>%s</h3>\n", T(T_ACTIVITY));
	const struct lt_person_activity *pa = lt_activity_find(c->activity, person);
	bool calendar = c->activity && c->activity->has_calendar;
	struct chart ch;
	if (chart_build(&ch, tl, person, pa, calendar, c->activity ? c->activity->ctx : NULL)) {
		put_chart(o, tl, &ch);
		chart_free(&ch);
	}
	lt_out_printf(o, "<p class=\"note\">%s", T(T_CHART_NOTE));
	if (!calendar)
		lt_out_printf(o, " %s", T(T_CHART_FALLBACK));
	if (!c->activity || c->activity->nrecords == 0)
		lt_out_printf(o, " %s", T(T_CHART_NO_STORE));
	lt_out_puts(o, "</p>\n");
	if (pa && pa->total > 0) {
		lt_out_printf(o, "<p>%" PRIu64 " %s: ", pa->total, T(T_RECORDS_FOR));
		put_short_time(o, tl, pa->first);
		lt_out_puts(o, " &ndash; ");
		put_short_time(o, tl, pa->last);
		lt_out_puts(o, "</p>\n");
	}
	if (c->coverage)
		put_person_coverage(o, tl, c->coverage, person);
	size_t n = 0;
	for (size_t i = 0; i < tl->nfindings; i++) {
		const struct lt_finding *f = &tl->findings[i];
		if (strcmp(f->person ? f->person : "", person) != 0)
			continue;
		n++;
	}
	if (n == 0)
		lt_out_printf(o, "<p><strong>%s</strong></p>\n", T(T_NO_FINDINGS));
	/* Incidents by severity; each links to its row in the timeline. */
	size_t nidx;
	size_t *idx = by_severity(tl, person, &nidx);
	for (size_t i = 0; i < nidx && i < PERSON_INCIDENTS_MAX; i++)
		put_finding(o, tl, &tl->findings[idx[i]], finding_seq(tl, idx[i]));
	if (nidx > PERSON_INCIDENTS_MAX)
		lt_out_printf(o, "<p class=\"note\">+%zu %s</p>\n", nidx - PERSON_INCIDENTS_MAX, T(T_MORE_IN_CSV));
	free(idx);
	lt_out_puts(o, "</section>\n");
}

/* ---- coverage, timeline, methodology ---- */

static void put_scalar(struct lt_out *o, const json_t *v)
{
	if (json_is_string(v))
		esc(o, json_string_value(v));
	else if (json_is_integer(v))
		lt_out_printf(o, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_true(v))
		lt_out_puts(o, "true");
	else if (json_is_false(v))
		lt_out_puts(o, "false");
	else if (json_is_real(v))
		lt_out_printf(o, "%.3f", json_real_value(v));
}

static bool is_scalar(const json_t *v)
{
	return json_is_string(v) || json_is_number(v) || json_is_boolean(v);
}

/* An array of objects as a table whose columns are the scalar keys, in
 * sorted order (the layout of a JSON file may change; the report follows). */
static void put_object_table(struct lt_out *o, const struct lt_timeline *tl, const json_t *arr)
{
	const char *keys[64];
	size_t nkeys = 0;
	size_t i;
	json_t *item;
	json_array_foreach(arr, i, item) {
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)item, k, v) {
			if (!is_scalar(v) && !(json_is_array(v) && json_array_size(v) <= 8))
				continue;
			size_t j;
			for (j = 0; j < nkeys && strcmp(keys[j], k) != 0; j++)
				;
			if (j == nkeys && nkeys < 64)
				keys[nkeys++] = k;
		}
	}
	for (size_t a = 1; a < nkeys; a++)
		for (size_t b = a; b > 0 && strcmp(keys[b - 1], keys[b]) > 0; b--) {
			const char *t = keys[b];
			keys[b] = keys[b - 1];
			keys[b - 1] = t;
		}
	lt_out_puts(o, "<table>\n<thead><tr>");
	for (size_t k = 0; k < nkeys; k++) {
		lt_out_puts(o, "<th>");
		esc(o, keys[k]);
		lt_out_puts(o, "</th>");
	}
	lt_out_puts(o, "</tr></thead>\n<tbody>\n");
	json_array_foreach(arr, i, item) {
		lt_out_puts(o, "<tr>");
		for (size_t k = 0; k < nkeys; k++) {
			const json_t *v = json_object_get(item, keys[k]);
			bool path = strstr(keys[k], "path") || strstr(keys[k], "member") || strstr(keys[k], "line");
			lt_out_puts(o, strstr(keys[k], "sha") ? "<td class=\"hash\">" : "<td>");
			if (json_is_array(v)) {
				size_t x;
				json_t *e;
				json_array_foreach(v, x, e) {
					if (x)
						lt_out_puts(o, "<br>");
					if (is_scalar(e))
						put_scalar(o, e);
				}
			} else if (path && json_is_string(v)) {
				esc_text(o, tl, json_string_value(v));
			} else if (v) {
				put_scalar(o, v);
			}
			lt_out_puts(o, "</td>");
		}
		lt_out_puts(o, "</tr>\n");
	}
	lt_out_puts(o, "</tbody>\n</table>\n");
}

static void put_json_section(struct lt_out *o, const struct lt_timeline *tl, const char *title, const json_t *v)
{
	if (!v)
		return;
	lt_out_puts(o, "<h3>");
	esc(o, title);
	lt_out_puts(o, "</h3>\n");
	if (json_is_array(v) && json_array_size(v) > 0 && json_is_object(json_array_get(v, 0))) {
		put_object_table(o, tl, v);
		return;
	}
	if (json_is_object(v)) {
		/* Either a map of name -> object (one row each) or flat facts. */
		json_t *rows = json_array();
		const char *k;
		json_t *x;
		json_object_foreach((json_t *)v, k, x) {
			if (!json_is_object(x))
				continue;
			json_t *row = json_deep_copy(x);
			json_object_set_new(row, "name", json_string(k));
			json_array_append_new(rows, row);
		}
		if (json_array_size(rows) > 0)
			put_object_table(o, tl, rows);
		lt_out_puts(o, "<table class=\"facts\">\n");
		json_object_foreach((json_t *)v, k, x) {
			if (!is_scalar(x))
				continue;
			lt_out_puts(o, "<tr><td>");
			esc(o, k);
			lt_out_puts(o, "</td><td>");
			put_scalar(o, x);
			lt_out_puts(o, "</td></tr>\n");
		}
		lt_out_puts(o, "</table>\n");
		json_decref(rows);
	}
}

static json_int_t count_of(const json_t *stream, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(stream, "counts"), key));
}

static void put_cell_int(struct lt_out *o, json_int_t v)
{
	lt_out_printf(o, "<td class=\"num\">%" JSON_INTEGER_FORMAT "</td>", v);
}

/* Doubts about a stream (issue 11): lines only a syslog header was read of
 * ("not understood", counted apart from parsed lines), the zone its times
 * were read in when nobody named one, and the time warnings. */
static void put_stream_notes(struct lt_out *o, bool ja, const json_t *st)
{
	json_int_t gen = count_of(st, "generic");
	if (gen)
		lt_out_printf(o, " <strong>%" JSON_INTEGER_FORMAT " %s</strong>", gen,
			      ja ? "行は内容を解釈できず (not understood)" : "line(s) not understood (generic records)");
	const json_t *t = json_object_get(st, "time");
	const char *from = json_string_value(json_object_get(t, "zone_from"));
	if (from && strstr(from, "UTC assumed"))
		lt_out_printf(o, " <strong>%s</strong>", ja ? "タイムゾーン未指定: UTC とみなした" :
			      "no time zone given: UTC assumed");
	size_t i;
	const json_t *w;
	json_array_foreach(json_object_get(t, "warnings"), i, w) {
		lt_out_puts(o, " <strong>");
		esc(o, json_string_value(w));
		lt_out_puts(o, "</strong>");
	}
}

/* The manifest's sources in core's layout (doc/evidence.md): one row per
 * stream, with the parser and the line counts; unparsed lines stand out. */
static bool put_sources(struct lt_out *o, const struct lt_timeline *tl, const json_t *sources)
{
	if (!json_is_array(sources) || json_array_size(sources) == 0 ||
	    !json_object_get(json_array_get(sources, 0), "streams"))
		return false;
	bool ja = strcmp(tl->lang, "ja") == 0;
	lt_out_printf(o, "<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th class=\"num\">%s</th>"
		      "<th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		      T(T_SOURCE), ja ? "パーサ" : "Parser", ja ? "状態" : "Status", ja ? "行数" : "Lines",
		      ja ? "記録" : "Records", ja ? "未解析行" : "Unparsed", ja ? "期間・備考" : "Notes");
	size_t i, k;
	json_t *src, *st;
	json_array_foreach(sources, i, src) {
		const json_t *streams = json_object_get(src, "streams");
		size_t ns = json_array_size(streams);
		lt_out_printf(o, "<tr><td colspan=\"7\"><strong>");
		esc_text(o, tl, json_string_value(json_object_get(src, "path")));
		lt_out_puts(o, "</strong> <span class=\"hash\">sha256:");
		esc(o, json_string_value(json_object_get(src, "sha256")));
		lt_out_puts(o, "</span> ");
		esc(o, json_string_value(json_object_get(src, "status")));
		if (json_string_value(json_object_get(src, "reason"))) {
			lt_out_puts(o, ": ");
			esc(o, json_string_value(json_object_get(src, "reason")));
		}
		lt_out_puts(o, "</td></tr>\n");
		json_array_foreach(streams, k, st) {
			lt_out_puts(o, "<tr><td>&nbsp;&nbsp;");
			const char *m = json_string_value(json_object_get(st, "member"));
			esc_text(o, tl, m ? m : (ns > 1 ? "" : "(file)"));
			lt_out_puts(o, "</td><td>");
			const json_t *parser = json_object_get(st, "parser");
			esc(o, json_is_object(parser) ? json_string_value(json_object_get(parser, "name")) : "-");
			lt_out_puts(o, "</td><td>");
			esc(o, json_string_value(json_object_get(st, "status")));
			lt_out_puts(o, "</td>");
			put_cell_int(o, count_of(st, "lines"));
			put_cell_int(o, count_of(st, "records"));
			json_int_t un = count_of(st, "unparsed");
			lt_out_printf(o, "<td class=\"num\">%s%" JSON_INTEGER_FORMAT "%s</td><td>",
				      un ? "<strong>" : "", un, un ? "</strong>" : "");
			const char *refused = json_string_value(json_object_get(st, "parser_refused"));
			if (refused)
				esc(o, refused);
			put_stream_notes(o, ja, st);
			lt_out_puts(o, "</td></tr>\n");
		}
	}
	lt_out_puts(o, "</tbody>\n</table>\n");
	return true;
}

/* A coverage.json time ("...Z") in the case's zone like every other time in
 * the report; "-" when absent. */
static void put_json_time(struct lt_out *o, const struct lt_timeline *tl, const json_t *v)
{
	const char *s = json_string_value(v);
	lt_time_us t;
	if (s && lt_time_parse_iso(s, strlen(s), NULL, &t) == 0)
		put_short_time(o, tl, t);
	else
		lt_out_puts(o, "-");
}

/* A rule's title in the report's language (coverage.json has both). */
static const char *coverage_title(const struct lt_timeline *tl, const json_t *rule)
{
	const char *ja = json_string_value(json_object_get(rule, "title_ja"));
	if (ja && strcmp(tl->lang, "ja") == 0)
		return ja;
	return json_string_value(json_object_get(rule, "title"));
}

/* coverage.json's status words, in the report's language. */
static const char *coverage_word(const struct lt_timeline *tl, const char *w)
{
	static const char *const words[][2] = {
		{ "evaluated", "評価済み" }, { "not evaluable", "評価不能" }, { "not_evaluable", "評価不能" },
		{ "full", "全期間" }, { "partial", "一部の期間" }, { "none", "なし" }, { "no records", "記録なし" },
	};
	if (!w || strcmp(tl->lang, "ja") != 0)
		return w ? w : "";
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i][0], w) == 0)
			return words[i][1];
	return w;
}

/* Why a rule could not be evaluated, in the report's language: the
 * engine's reasons (src/rules/engine.c, engine_coverage.c) are English. */
static void put_reason(struct lt_out *o, const struct lt_timeline *tl, const char *reason)
{
	static const char pfx[] = "not evaluable: ";
	if (!strncmp(reason, pfx, sizeof pfx - 1))
		reason += sizeof pfx - 1;
	if (strcmp(tl->lang, "ja")) {
		esc(o, reason);
		return;
	}
	static const struct {
		const char *en, *ja_before, *ja_after;
	} pat[] = {
		{ "the context has no ", "コンテキストに ", " の設定がありません" },
		{ "no records from logsource", "対象ログの記録がありません（", "）" },
		{ "no records for the rules it correlates", "関連付けるルールの記録がありません", "" },
		{ "it needs rule ", "必要なルールが評価できません: ", "" },
	};
	for (size_t i = 0; i < sizeof pat / sizeof pat[0]; i++) {
		size_t n = strlen(pat[i].en);
		if (strncmp(reason, pat[i].en, n))
			continue;
		lt_out_puts(o, pat[i].ja_before);
		esc(o, reason + n + (reason[n] == ' '));
		lt_out_puts(o, pat[i].ja_after);
		return;
	}
	esc(o, reason);
}

/* coverage.json (the rules engineer's layout, doc/rules.md): one row per
 * rule. Its per-person lists are shown only inside the sections of people
 * the report is about (put_person_coverage), never as a list of everyone. */
static bool put_rules_coverage(struct lt_out *o, const struct lt_timeline *tl, const json_t *cv)
{
	const json_t *rules = json_object_get(cv, "rules");
	if (!json_is_array(rules))
		return false;
	bool ja = strcmp(tl->lang, "ja") == 0;
	lt_out_printf(o, "<h3>%s</h3>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th class=\"num\">%s</th>"
		      "<th>%s</th><th>%s</th><th class=\"num\">%s</th></tr></thead>\n<tbody>\n",
		      ja ? "ルールごとの評価範囲" : "Coverage per rule", T(T_RULE), ja ? "評価" : "Status",
		      ja ? "記録" : "Records", T(T_FIRST), T(T_LAST), T(T_FINDINGS));
	size_t i;
	json_t *r;
	json_array_foreach(rules, i, r) {
		lt_out_puts(o, "<tr><td><code>");
		esc(o, json_string_value(json_object_get(r, "id")));
		lt_out_puts(o, "</code><br>");
		esc_text(o, tl, coverage_title(tl, r));
		lt_out_puts(o, "</td><td>");
		esc(o, coverage_word(tl, json_string_value(json_object_get(r, "status"))));
		if (json_string_value(json_object_get(r, "reason"))) {
			lt_out_puts(o, ": ");
			put_reason(o, tl, json_string_value(json_object_get(r, "reason")));
		}
		lt_out_puts(o, "</td>");
		put_cell_int(o, json_integer_value(json_object_get(r, "records")));
		lt_out_puts(o, "<td>");
		put_json_time(o, tl, json_object_get(r, "first"));
		lt_out_puts(o, "</td><td>");
		put_json_time(o, tl, json_object_get(r, "last"));
		lt_out_puts(o, "</td>");
		put_cell_int(o, json_integer_value(json_object_get(r, "findings")));
		lt_out_puts(o, "</tr>\n");
	}
	lt_out_puts(o, "</tbody>\n</table>\n");
	return true;
}

static void put_person_coverage(struct lt_out *o, const struct lt_timeline *tl, const json_t *cv,
				const char *person)
{
	const json_t *rules = json_object_get(cv, "rules");
	if (!json_is_array(rules))
		return;
	bool ja = strcmp(tl->lang, "ja") == 0;
	bool header = false;
	size_t i, k;
	json_t *r, *p;
	json_array_foreach(rules, i, r) {
		/* building blocks feed other rules; the reader needs the rules that conclude */
		if (json_is_false(json_object_get(r, "standalone")))
			continue;
		json_array_foreach(json_object_get(r, "people"), k, p) {
			const char *who = json_string_value(json_object_get(p, "person"));
			if (!who || strcmp(who, person) != 0)
				continue;
			if (!header) {
				lt_out_printf(o, "<h3>%s</h3>\n<table>\n<thead><tr><th>%s</th><th>%s</th><th>%s</th>"
					      "<th class=\"num\">%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
					      ja ? "確認した範囲" : "What was checked", T(T_RULE), ja ? "評価" : "Status",
					      ja ? "期間の網羅" : "Period covered", ja ? "記録" : "Records", T(T_FIRST), T(T_LAST));
				header = true;
			}
			lt_out_puts(o, "<tr><td>");
			esc_text(o, tl, coverage_title(tl, r));
			lt_out_puts(o, "</td><td>");
			esc(o, coverage_word(tl, json_string_value(json_object_get(r, "status"))));
			lt_out_puts(o, "</td><td>");
			esc(o, coverage_word(tl, json_string_value(json_object_get(p, "covered"))));
			lt_out_puts(o, "</td>");
			put_cell_int(o, json_integer_value(json_object_get(p, "records")));
			lt_out_puts(o, "<td>");
			put_json_time(o, tl, json_object_get(p, "first"));
			lt_out_puts(o, "</td><td>");
			put_json_time(o, tl, json_object_get(p, "last"));
			lt_out_puts(o, "</td></tr>\n");
		}
	}
	if (header)
		lt_out_puts(o, "</tbody>\n</table>\n");
}

static void put_coverage(struct lt_out *o, const struct lt_timeline *tl, const struct lt_html_case *c)
{
	lt_out_printf(o, "<section id=\"coverage\">\n<h2>%s</h2>\n<p class=\"note\">%s</p>\n", T(T_COVERAGE),
		      T(T_COVERAGE_LEAD));
	if (!c->manifest)
		lt_out_printf(o, "<p>%s</p>\n", T(T_NO_MANIFEST));
	else if (!put_sources(o, tl, json_object_get(c->manifest, "sources")))
		put_json_section(o, tl, "manifest.json: sources", json_object_get(c->manifest, "sources"));
	if (c->coverage) {
		const json_t *cv = c->coverage;
		if (!put_rules_coverage(o, tl, cv))
			put_json_section(o, tl, "coverage.json", cv);
	}
	lt_out_puts(o, "</section>\n");
}

#define TIMELINE_ROWS_MAX 1000	/* rows inlined in the report; all of them are in timeline.csv */

/* The report inlines every finding's row and its first EVIDENCE_SHOWN event
 * rows, at most TIMELINE_ROWS_MAX rows in all: a month of a large
 * organisation must still open in a browser. The rows are walked in full so
 * that the hashes shown are those of the complete chain (timeline.csv). */
static bool timeline_row_shown(const struct lt_timeline *tl, size_t i, size_t shown)
{
	if (shown >= TIMELINE_ROWS_MAX || i >= tl->nentries)
		return false;
	const struct lt_tl_entry *en = &tl->entries[i];
	return en->kind == LT_TL_FINDING || en->ridx < EVIDENCE_SHOWN;
}

static void put_timeline(struct lt_out *o, const struct lt_timeline *tl)
{
	lt_out_printf(o, "<section id=\"timeline\">\n<h2>%s</h2>\n<p class=\"note\">%s</p>\n", T(T_TIMELINE),
		      T(T_TIMELINE_LEAD));
	lt_out_printf(o, "<table class=\"tl\">\n<thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
		      "<th>%s</th><th>%s</th><th>%s</th></tr></thead>\n<tbody>\n",
		      T(T_SEQ), T(T_TIME), T(T_TYPE), T(T_PERSON), T(T_LEVEL), T(T_MESSAGE), T(T_HASH));
	struct lt_tl_rows it;
	lt_tl_rows_begin(&it, tl);
	size_t row = 0, shown = 0;
	for (char *const *v = lt_tl_rows_next(&it); v; v = lt_tl_rows_next(&it)) {
		if (!timeline_row_shown(tl, row++, shown))
			continue;
		shown++;
		const struct lt_tl_entry *en = &tl->entries[row - 1];
		bool is_finding = en->kind == LT_TL_FINDING;
		lt_out_printf(o, "<tr id=\"e%s\"><td class=\"num\">%s</td><td>", v[LT_COL_SEQ], v[LT_COL_SEQ]);
		put_full_time(o, tl, en->time);
		lt_out_puts(o, "<br>");
		esc(o, T(is_finding ? T_TL_FINDING_START : T_TL_EVENT_TIME));
		lt_out_puts(o, "</td><td>");
		esc(o, T(is_finding ? T_TL_FINDING : T_TL_EVENT));
		lt_out_puts(o, "</td><td>");
		esc(o, v[LT_COL_PERSON]);
		lt_out_puts(o, "</td><td>");
		put_level(o, tl, v[LT_COL_LEVEL]);
		lt_out_puts(o, "</td><td>");
		/* The event summaries are the parsers' English; in Japanese
		 * the line as recorded says what happened. */
		if (is_finding || strcmp(tl->lang, "ja"))
			esc(o, v[LT_COL_MESSAGE]);
		else {
			lt_out_puts(o, "<div class=\"raw\">");
			esc(o, v[LT_COL_RAW]);
			lt_out_puts(o, "</div>");
		}
		if (*v[LT_COL_SOURCE_PATH]) {
			lt_out_puts(o, "<br><span class=\"hash\">");
			esc(o, v[LT_COL_SOURCE_PATH]);
			if (*v[LT_COL_MEMBER]) {
				lt_out_puts(o, " // ");
				esc(o, v[LT_COL_MEMBER]);
			}
			lt_out_printf(o, " : %s</span>", v[LT_COL_LINE]);
		}
		lt_out_puts(o, "</td><td class=\"hash\">");
		esc(o, v[LT_COL_HASH]);
		lt_out_puts(o, "</td></tr>\n");
	}
	lt_tl_rows_end(&it);
	lt_out_puts(o, "</tbody>\n</table>\n");
	if (shown < row)
		lt_out_printf(o, "<p class=\"note\">%zu / %zu %s</p>\n", shown, row, T(T_TIMELINE_CAPPED));
	lt_out_puts(o, "</section>\n");
}

static void put_method(struct lt_out *o, const struct lt_timeline *tl, const struct lt_html_case *c)
{
	lt_out_printf(o, "<section id=\"method\">\n<h2>%s</h2>\n<p class=\"note\">%s</p>\n<table class=\"facts\">\n",
		      T(T_METHOD), T(T_METHOD_LEAD));
	put_fact(o, T(T_TOOL), c->tool_version);
	put_fact(o, T(T_CASE), c->case_id && *c->case_id ? c->case_id : T(T_NONE));
	put_fact(o, T(T_EXAMINER), c->examiner && *c->examiner ? c->examiner : T(T_NONE));
	put_fact(o, T(T_RULESET), c->ruleset_digest && *c->ruleset_digest ? c->ruleset_digest : T(T_NONE));
	put_fact(o, T(T_CONTEXT), c->context_digest && *c->context_digest ? c->context_digest : T(T_NONE));
	lt_out_puts(o, "<tr><td>");
	esc(o, T(T_CMDLINE));
	lt_out_puts(o, "</td><td><code>");
	esc_text(o, tl, c->command_line && *c->command_line ? c->command_line : T(T_NONE));
	lt_out_puts(o, "</code></td></tr>\n</table>\n");
	lt_out_printf(o, "<p class=\"note\">%s</p>\n</section>\n", T(T_VERIFY_NOTE));
}

void lt_export_html(const struct lt_timeline *tl, const struct lt_html_case *c, struct lt_out *o)
{
	size_t nps = 0;
	struct person_sum *ps = summarise(tl, &nps);
	put_header(o, tl, c);
	put_summary(o, tl, c, ps, nps);
	size_t anchor = 0;
	for (size_t i = 0; i < nps; i++)
		put_person(o, tl, c, ps[i].person, ++anchor);
	for (size_t i = 0; i < c->nrequested; i++) {
		if (has_findings(ps, nps, c->requested[i]))
			continue;
		bool dup = false;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(c->requested[j], c->requested[i]) == 0;
		if (!dup)
			put_person(o, tl, c, c->requested[i], nps + i + 1);
	}
	put_unresolved(o, tl, c);
	put_coverage(o, tl, c);
	put_timeline(o, tl);
	put_method(o, tl, c);
	lt_out_puts(o, "</body>\n</html>\n");
	free(ps);
}
