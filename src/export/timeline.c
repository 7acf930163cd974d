/* Building, sorting and rendering the evidence timeline (timeline.h). */
#include "export/timeline.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/chain.h"
#include "export/pseudo.h"
#include "export/redact.h"
#include "util/buf.h"
#include "util/jsonesc.h"
#include "util/sort.h"
#include "util/xalloc.h"

#include <jansson.h>

static const char *const levels[] = { "informational", "low", "medium", "high", "critical" };

int lt_level_rank(const char *level)
{
	for (int i = 0; level && i < 5; i++)
		if (strcmp(level, levels[i]) == 0)
			return i;
	return -1;
}

void lt_tl_filter_init(struct lt_tl_filter *flt)
{
	memset(flt, 0, sizeof *flt);
	flt->from = LT_TIME_NONE;
	flt->to = LT_TIME_NONE;
}

static bool in_range(const struct lt_tl_filter *flt, lt_time_us t)
{
	if (flt->from != LT_TIME_NONE && t < flt->from)
		return false;
	if (flt->to != LT_TIME_NONE && t > flt->to)
		return false;
	return true;
}

static bool finding_passes(const struct lt_tl_filter *flt, const struct lt_finding *f)
{
	if (flt->npersons > 0) {
		size_t i;
		for (i = 0; i < flt->npersons; i++)
			if (f->person && strcmp(flt->persons[i], f->person) == 0)
				break;
		if (i == flt->npersons)
			return false;
	}
	if (flt->rule && (!f->rule_id || strcmp(flt->rule, f->rule_id) != 0))
		return false;
	if (lt_level_rank(f->level) < flt->min_level)
		return false;
	/* A finding is kept when its window overlaps [from, to]. */
	if (flt->from != LT_TIME_NONE && f->last < flt->from)
		return false;
	if (flt->to != LT_TIME_NONE && f->first > flt->to)
		return false;
	return true;
}

static int strcmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static const struct lt_timeline *sort_tl;	/* qsort has no context argument */

static int cmp_entry(const void *pa, const void *pb)
{
	const struct lt_tl_entry *a = pa, *b = pb;
	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	const struct lt_finding *fa = &sort_tl->findings[a->fidx], *fb = &sort_tl->findings[b->fidx];
	int c = strcmp0(fa->id, fb->id);
	if (c)
		return c;
	if (a->kind == LT_TL_EVENT) {
		const struct lt_evidence_ref *ra = &fa->refs[a->ridx], *rb = &fb->refs[b->ridx];
		c = strcmp0(ra->source_sha256, rb->source_sha256);
		if (!c)
			c = strcmp0(ra->source_path, rb->source_path);
		if (!c)
			c = strcmp0(ra->member, rb->member);
		if (c)
			return c;
		if (ra->offset != rb->offset)
			return ra->offset < rb->offset ? -1 : 1;
		if (ra->line != rb->line)
			return ra->line < rb->line ? -1 : 1;
	}
	if (a->fidx != b->fidx)
		return a->fidx < b->fidx ? -1 : 1;
	if (a->ridx != b->ridx)
		return a->ridx < b->ridx ? -1 : 1;
	return 0;
}

void lt_timeline_build(struct lt_timeline *tl, struct lt_finding *findings, size_t n,
		       const struct lt_tl_filter *flt)
{
	struct lt_tl_filter all;
	if (!flt) {
		lt_tl_filter_init(&all);
		flt = &all;
	}
	/* Keep only the findings that pass; free the others. */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (finding_passes(flt, &findings[i]))
			findings[kept++] = findings[i];
		else
			lt_finding_free(&findings[i]);
	}
	tl->findings = findings;
	tl->nfindings = kept;
	size_t cap = 0;
	for (size_t i = 0; i < kept; i++)
		cap += 1 + findings[i].nrefs;
	tl->entries = lt_xcalloc(cap ? cap : 1, sizeof *tl->entries);
	tl->nentries = 0;
	for (size_t i = 0; i < kept; i++) {
		const struct lt_finding *f = &findings[i];
		tl->entries[tl->nentries++] = (struct lt_tl_entry){ f->first, LT_TL_FINDING, i, 0 };
		for (size_t r = 0; r < f->nrefs; r++)
			if (in_range(flt, f->refs[r].time))
				tl->entries[tl->nentries++] =
					(struct lt_tl_entry){ f->refs[r].time, LT_TL_EVENT, i, r };
	}
	lt_timeline_sort(tl);
}

void lt_timeline_sort(struct lt_timeline *tl)
{
	sort_tl = tl;
	lt_qsort(tl->entries, tl->nentries, sizeof *tl->entries, cmp_entry);
	sort_tl = NULL;
}

int lt_timeline_load(struct lt_timeline *tl, const char *findings_path, const struct lt_tl_filter *flt,
		     char *err, size_t errlen)
{
	FILE *in = fopen(findings_path, "rb");
	if (!in) {
		snprintf(err, errlen, "%s: %s", findings_path, strerror(errno));
		return -1;
	}
	size_t n = 0, cap = 16;
	struct lt_finding *fs = lt_xcalloc(cap, sizeof *fs);
	int rc = 0;
	for (;;) {
		if (n == cap) {
			cap *= 2;
			fs = lt_xrealloc(fs, cap * sizeof *fs);
		}
		memset(&fs[n], 0, sizeof fs[n]);
		char why[256] = "";
		int got = lt_finding_read(in, &fs[n], why, sizeof why);
		if (got == 0)
			break;
		if (got < 0) {
			snprintf(err, errlen, "%s: finding %zu: %s", findings_path, n + 1, why);
			lt_finding_free(&fs[n]);
			rc = -1;
			break;
		}
		n++;
	}
	fclose(in);
	if (rc != 0) {
		for (size_t i = 0; i < n; i++)
			lt_finding_free(&fs[i]);
		free(fs);
		return -1;
	}
	lt_timeline_build(tl, fs, n, flt);
	return 0;
}

void lt_timeline_free(struct lt_timeline *tl)
{
	for (size_t i = 0; i < tl->nfindings; i++)
		lt_finding_free(&tl->findings[i]);
	free(tl->findings);
	free(tl->entries);
	tl->findings = NULL;
	tl->entries = NULL;
	tl->nfindings = tl->nentries = 0;
}

static bool want_ja(const struct lt_timeline *tl)
{
	return !tl->lang || strcmp(tl->lang, "ja") == 0;
}

const char *lt_tl_title(const struct lt_timeline *tl, const struct lt_finding *f)
{
	if (want_ja(tl) && f->rule_title_ja && *f->rule_title_ja)
		return f->rule_title_ja;
	return f->rule_title_en ? f->rule_title_en : (f->rule_id ? f->rule_id : "");
}

const char *lt_tl_message(const struct lt_timeline *tl, const struct lt_finding *f)
{
	if (want_ja(tl) && f->message_ja && *f->message_ja)
		return f->message_ja;
	return f->message_en ? f->message_en : "";
}

void lt_tl_rows_begin(struct lt_tl_rows *it, const struct lt_timeline *tl)
{
	memset(it, 0, sizeof *it);
	it->tl = tl;
	strcpy(it->prev, LT_CHAIN_GENESIS);
}

static void clear_row(struct lt_tl_rows *it)
{
	for (int i = 0; i < LT_NCOLS; i++) {
		free(it->v[i]);
		it->v[i] = NULL;
	}
}

/* A copy that is valid UTF-8 (U+FFFD for bad bytes), so that every format
 * carries the same text and the chain can be recomputed from any of them. */
static char *dup0(const char *s)
{
	if (!s)
		return lt_xstrdup("");
	size_t n = strlen(s);
	if (lt_utf8_valid(s, n))
		return lt_xstrdup(s);
	struct lt_buf b = LT_BUF_INIT;
	lt_json_str(&b, s, n);	/* escapes, and replaces bad bytes */
	json_t *j = json_loadb(b.data, b.len, JSON_DECODE_ANY, NULL);
	lt_buf_free(&b);
	char *out = lt_xstrdup(j && json_is_string(j) ? json_string_value(j) : "");
	json_decref(j);
	return out;
}

static void render(struct lt_tl_rows *it, const struct lt_tl_entry *e, size_t seq)
{
	const struct lt_timeline *tl = it->tl;
	const struct lt_finding *f = &tl->findings[e->fidx];
	char buf[LT_ISO_LEN];
	char **v = it->v;
	v[LT_COL_SEQ] = lt_xasprintf("%zu", seq);
	lt_time_format_utc(e->time, buf);
	v[LT_COL_DATETIME] = lt_xstrdup(buf);
	int32_t off = tl->tz ? lt_tz_offset_at(tl->tz, e->time) : 0;
	lt_time_format_offset(e->time, off, buf);
	v[LT_COL_DATETIME_LOCAL] = lt_xstrdup(buf);
	v[LT_COL_TIMESTAMP] = lt_xasprintf("%" PRId64, e->time);
	v[LT_COL_PERSON] = dup0(f->person);
	v[LT_COL_RULE_ID] = dup0(f->rule_id);
	v[LT_COL_RULE_TITLE] = dup0(lt_tl_title(tl, f));
	v[LT_COL_LEVEL] = dup0(f->level);
	v[LT_COL_FINDING_ID] = dup0(f->id);
	if (e->kind == LT_TL_FINDING) {
		v[LT_COL_TIMESTAMP_DESC] = lt_xstrdup("Finding window start");
		v[LT_COL_ENTRY_TYPE] = lt_xstrdup("finding");
		v[LT_COL_MESSAGE] = lt_xasprintf("%s: %s (%" PRIu64 " %s)", lt_tl_title(tl, f),
						 lt_tl_message(tl, f), f->nrefs_total,
						 want_ja(tl) ? "件" : "events");
		for (int c = LT_COL_SOURCE_PATH; c <= LT_COL_RAW; c++)
			v[c] = lt_xstrdup("");
		return;
	}
	const struct lt_evidence_ref *r = &f->refs[e->ridx];
	v[LT_COL_TIMESTAMP_DESC] = lt_xstrdup("Event Time");
	v[LT_COL_ENTRY_TYPE] = lt_xstrdup("event");
	v[LT_COL_MESSAGE] = dup0(r->summary && *r->summary ? r->summary : r->raw);
	v[LT_COL_SOURCE_PATH] = dup0(r->source_path);
	v[LT_COL_SOURCE_SHA256] = dup0(r->source_sha256);
	v[LT_COL_MEMBER] = dup0(r->member);
	v[LT_COL_OFFSET] = lt_xasprintf("%" PRIu64, r->offset);
	v[LT_COL_LINE] = lt_xasprintf("%" PRIu64, r->line);
	v[LT_COL_RAW] = dup0(r->raw);
}

/* Columns that may name people or secrets; the others are numbers, hashes,
 * identifiers of rules and fixed words. */
static const int text_cols[] = { LT_COL_MESSAGE, LT_COL_PERSON, LT_COL_RULE_TITLE,
				 LT_COL_SOURCE_PATH, LT_COL_MEMBER, LT_COL_RAW };

static void transform(struct lt_tl_rows *it)
{
	const struct lt_timeline *tl = it->tl;
	char **v = it->v;
	const size_t ntext = sizeof text_cols / sizeof text_cols[0];
	if (tl->redact) {
		/* The occurrence table cites the original values, so replace only
		 * after every column was looked at. */
		char *red[sizeof text_cols / sizeof text_cols[0]];
		for (size_t k = 0; k < ntext; k++) {
			int c = text_cols[k];
			struct lt_redact_site site = { v[LT_COL_SEQ], v[LT_COL_FINDING_ID],
						       v[LT_COL_SOURCE_SHA256], v[LT_COL_SOURCE_PATH],
						       v[LT_COL_MEMBER], v[LT_COL_OFFSET], v[LT_COL_LINE],
						       lt_tl_col_names[c] };
			red[k] = lt_redact_text(tl->redact, v[c], &site);
		}
		for (size_t k = 0; k < ntext; k++) {
			free(v[text_cols[k]]);
			v[text_cols[k]] = red[k];
		}
	}
	if (tl->pseudo) {
		for (size_t k = 0; k < ntext; k++) {
			int c = text_cols[k];
			char *s = lt_pseudo_text(tl->pseudo, v[c]);
			free(v[c]);
			v[c] = s;
		}
	}
}

/* Text for the HTML report's prose: the same replacements, nothing recorded. */
char *lt_tl_text(const struct lt_timeline *tl, const char *s)
{
	char *t = tl->redact ? lt_redact_text(tl->redact, s ? s : "", NULL) : lt_xstrdup(s ? s : "");
	if (tl->pseudo) {
		char *u = lt_pseudo_text(tl->pseudo, t);
		free(t);
		t = u;
	}
	return t;
}

char *const *lt_tl_rows_next(struct lt_tl_rows *it)
{
	clear_row(it);
	if (it->next >= it->tl->nentries)
		return NULL;
	size_t seq = it->next + 1;
	render(it, &it->tl->entries[it->next], seq);
	it->next++;
	transform(it);
	it->v[LT_COL_PREV_HASH] = lt_xstrdup(it->prev);
	char h[LT_SHA256_HEX];
	lt_tl_row_hash((const char *const *)it->v, h);
	it->v[LT_COL_HASH] = lt_xstrdup(h);
	strcpy(it->prev, h);
	return it->v;
}

void lt_tl_rows_end(struct lt_tl_rows *it)
{
	clear_row(it);
}
