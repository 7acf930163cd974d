/* Findings as JSON lines.
 *
 * Writing is done by hand through lt_json_str so that the key order is fixed
 * by this file (not by a hash table) and bytes that are not UTF-8 become
 * U+FFFD instead of failing. Reading uses jansson, one line at a time.
 */
#include "rules/finding.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/jsonesc.h"
#include "util/xalloc.h"

static void free_ref(struct lt_evidence_ref *r)
{
	free(r->source_path);
	free(r->source_sha256);
	free(r->member);
	free(r->raw);
	free(r->summary);
}

void lt_finding_free(struct lt_finding *f)
{
	if (!f)
		return;
	free(f->id);
	free(f->rule_id);
	free(f->rule_version);
	free(f->rule_sha256);
	free(f->rule_file);
	free(f->rule_title_en);
	free(f->rule_title_ja);
	free(f->level);
	free(f->person);
	free(f->group_key);
	free(f->message_en);
	free(f->message_ja);
	for (size_t i = 0; i < f->nrefs; i++)
		free_ref(&f->refs[i]);
	free(f->refs);
	for (size_t i = 0; i < f->nreferences; i++)
		free(f->references[i]);
	free(f->references);
	for (size_t i = 0; i < f->nvalues; i++) {
		free(f->values[i].field);
		for (size_t j = 0; j < f->values[i].n; j++)
			free(f->values[i].v[j]);
		free(f->values[i].v);
	}
	free(f->values);
	free(f->kind);
	free(f->risk_factors);
	memset(f, 0, sizeof *f);
}

void lt_finding_add_value(struct lt_finding *f, const char *field, const char *value, size_t cap)
{
	struct lt_finding_values *fv = NULL;
	for (size_t i = 0; i < f->nvalues && !fv; i++)
		if (!strcmp(f->values[i].field, field))
			fv = &f->values[i];
	if (!fv) {
		f->values = lt_xrealloc(f->values, (f->nvalues + 1) * sizeof *f->values);
		fv = &f->values[f->nvalues++];
		memset(fv, 0, sizeof *fv);
		fv->field = lt_xstrdup(field);
	}
	for (size_t j = 0; j < fv->n; j++)
		if (!strcmp(fv->v[j], value))
			return;
	if (fv->n >= cap) {
		fv->more++;
		return;
	}
	fv->v = lt_xrealloc(fv->v, (fv->n + 1) * sizeof *fv->v);
	fv->v[fv->n++] = lt_xstrdup(value);
}

/* ---- writing ---- */

static void put_key(struct lt_buf *b, const char *key, int *first)
{
	if (!*first)
		lt_buf_putc(b, ',');
	*first = 0;
	lt_json_str(b, key, strlen(key));
	lt_buf_putc(b, ':');
}

static void put_str(struct lt_buf *b, const char *key, const char *v, int *first)
{
	put_key(b, key, first);
	if (v)
		lt_json_str(b, v, strlen(v));
	else
		lt_buf_puts(b, "null");
}

static void put_time(struct lt_buf *b, const char *key, lt_time_us t, int *first)
{
	put_key(b, key, first);
	if (t == LT_TIME_NONE) {
		lt_buf_puts(b, "null");
		return;
	}
	char iso[LT_ISO_LEN];
	lt_time_format_utc(t, iso);
	lt_json_str(b, iso, strlen(iso));
}

static void put_u64(struct lt_buf *b, const char *key, uint64_t v, int *first)
{
	put_key(b, key, first);
	lt_buf_printf(b, "%" PRIu64, v);
}

static void put_ref(struct lt_buf *b, const struct lt_evidence_ref *r)
{
	int first = 1;
	lt_buf_putc(b, '{');
	put_time(b, "time", r->time, &first);
	put_str(b, "source_path", r->source_path, &first);
	put_str(b, "source_sha256", r->source_sha256, &first);
	put_str(b, "member", r->member, &first);
	put_u64(b, "offset", r->offset, &first);
	put_u64(b, "line", r->line, &first);
	put_str(b, "raw", r->raw, &first);
	put_str(b, "summary", r->summary, &first);
	lt_buf_putc(b, '}');
}

static void put_values(struct lt_buf *b, const struct lt_finding_values *v, int first_item)
{
	int first = 1;
	if (!first_item)
		lt_buf_putc(b, ',');
	lt_buf_putc(b, '{');
	put_str(b, "field", v->field, &first);
	put_key(b, "values", &first);
	lt_buf_putc(b, '[');
	for (size_t i = 0; i < v->n; i++) {
		if (i)
			lt_buf_putc(b, ',');
		lt_json_str(b, v->v[i], strlen(v->v[i]));
	}
	lt_buf_putc(b, ']');
	put_u64(b, "more", v->more, &first);
	lt_buf_putc(b, '}');
}

int lt_finding_write(FILE *out, const struct lt_finding *f)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_finding_format(&b, f);
	size_t n = fwrite(b.data, 1, b.len, out);
	int rc = n == b.len ? 0 : -1;
	lt_buf_free(&b);
	return rc;
}

void lt_finding_format(struct lt_buf *out, const struct lt_finding *f)
{
	struct lt_buf b = *out;
	int first = 1;
	lt_buf_putc(&b, '{');
	put_str(&b, "id", f->id, &first);
	put_str(&b, "rule_id", f->rule_id, &first);
	put_str(&b, "rule_version", f->rule_version, &first);
	put_str(&b, "rule_sha256", f->rule_sha256, &first);
	put_str(&b, "rule_file", f->rule_file, &first);
	put_str(&b, "rule_title_en", f->rule_title_en, &first);
	put_str(&b, "rule_title_ja", f->rule_title_ja, &first);
	put_str(&b, "level", f->level, &first);
	put_str(&b, "person", f->person, &first);
	put_str(&b, "group_key", f->group_key, &first);
	put_time(&b, "first", f->first, &first);
	put_time(&b, "last", f->last, &first);
	put_str(&b, "message_en", f->message_en, &first);
	put_str(&b, "message_ja", f->message_ja, &first);
	put_key(&b, "references", &first);
	lt_buf_putc(&b, '[');
	for (size_t i = 0; i < f->nreferences; i++) {
		if (i)
			lt_buf_putc(&b, ',');
		lt_json_str(&b, f->references[i], strlen(f->references[i]));
	}
	lt_buf_putc(&b, ']');
	put_u64(&b, "nrefs_total", f->nrefs_total, &first);
	put_key(&b, "refs", &first);
	lt_buf_putc(&b, '[');
	for (size_t i = 0; i < f->nrefs; i++) {
		if (i)
			lt_buf_putc(&b, ',');
		put_ref(&b, &f->refs[i]);
	}
	lt_buf_putc(&b, ']');
	put_u64(&b, "count", f->count ? f->count : 1, &first);
	put_key(&b, "values", &first);
	lt_buf_putc(&b, '[');
	for (size_t i = 0; i < f->nvalues; i++)
		put_values(&b, &f->values[i], i == 0);
	lt_buf_putc(&b, ']');
	put_str(&b, "kind", f->kind ? f->kind : "finding", &first);
	put_key(&b, "risk", &first);
	lt_buf_printf(&b, "%.2f", f->risk);
	put_str(&b, "risk_factors", f->risk_factors, &first);
	put_key(&b, "contribution", &first);
	lt_buf_puts(&b, f->contribution ? "true" : "false");
	lt_buf_puts(&b, "}\n");
	*out = b;
}

/* ---- reading ---- */

struct reader {
	char *err;
	size_t errlen;
	int bad;
};

static void fail(struct reader *rd, const char *fmt, const char *what)
{
	if (rd->bad)
		return;
	rd->bad = 1;
	snprintf(rd->err, rd->errlen, fmt, what);
}

/* A string or null member; a missing key counts as null. */
static char *get_str(struct reader *rd, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		fail(rd, "finding: '%s' is not a string", key);
		return NULL;
	}
	return lt_xstrndup(json_string_value(v), json_string_length(v));
}

static uint64_t get_u64(struct reader *rd, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		fail(rd, "finding: '%s' is not a non-negative integer", key);
		return 0;
	}
	return (uint64_t)json_integer_value(v);
}

static lt_time_us get_time(struct reader *rd, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);
	if (!v || json_is_null(v))
		return LT_TIME_NONE;
	lt_time_us t;
	if (!json_is_string(v) || lt_time_parse_iso(json_string_value(v), json_string_length(v), NULL, &t) != 0) {
		fail(rd, "finding: '%s' is not an ISO 8601 time", key);
		return LT_TIME_NONE;
	}
	return t;
}

static void read_ref(struct reader *rd, json_t *o, struct lt_evidence_ref *r)
{
	memset(r, 0, sizeof *r);
	if (!json_is_object(o)) {
		fail(rd, "finding: %s is not an object", "a ref");
		return;
	}
	r->time = get_time(rd, o, "time");
	r->source_path = get_str(rd, o, "source_path");
	r->source_sha256 = get_str(rd, o, "source_sha256");
	r->member = get_str(rd, o, "member");
	r->offset = get_u64(rd, o, "offset");
	r->line = get_u64(rd, o, "line");
	r->raw = get_str(rd, o, "raw");
	r->summary = get_str(rd, o, "summary");
}

static void read_values(struct reader *rd, json_t *arr, struct lt_finding *f)
{
	if (!arr || json_is_null(arr))
		return;
	if (!json_is_array(arr)) {
		fail(rd, "finding: '%s' is not an array", "values");
		return;
	}
	for (size_t i = 0; i < json_array_size(arr); i++) {
		json_t *o = json_array_get(arr, i);
		json_t *fld = json_object_get(o, "field");
		json_t *vals = json_object_get(o, "values");
		if (!json_is_string(fld) || !json_is_array(vals)) {
			fail(rd, "finding: %s", "'values' holds an entry without 'field' and 'values'");
			return;
		}
		for (size_t j = 0; j < json_array_size(vals); j++) {
			json_t *v = json_array_get(vals, j);
			if (json_is_string(v))
				lt_finding_add_value(f, json_string_value(fld), json_string_value(v), SIZE_MAX);
		}
		for (size_t k = 0; k < f->nvalues; k++)
			if (!strcmp(f->values[k].field, json_string_value(fld)))
				f->values[k].more = get_u64(rd, o, "more");
	}
}

static void read_finding(struct reader *rd, json_t *o, struct lt_finding *f)
{
	f->id = get_str(rd, o, "id");
	f->rule_id = get_str(rd, o, "rule_id");
	f->rule_version = get_str(rd, o, "rule_version");
	f->rule_sha256 = get_str(rd, o, "rule_sha256");
	f->rule_file = get_str(rd, o, "rule_file");
	f->rule_title_en = get_str(rd, o, "rule_title_en");
	f->rule_title_ja = get_str(rd, o, "rule_title_ja");
	f->level = get_str(rd, o, "level");
	f->person = get_str(rd, o, "person");
	f->group_key = get_str(rd, o, "group_key");
	f->first = get_time(rd, o, "first");
	f->last = get_time(rd, o, "last");
	f->message_en = get_str(rd, o, "message_en");
	f->message_ja = get_str(rd, o, "message_ja");
	f->nrefs_total = get_u64(rd, o, "nrefs_total");
	json_t *refs = json_object_get(o, "references");
	if (json_is_array(refs) && json_array_size(refs) > 0) {
		f->references = lt_xcalloc(json_array_size(refs), sizeof *f->references);
		for (size_t i = 0; i < json_array_size(refs); i++) {
			json_t *v = json_array_get(refs, i);
			if (!json_is_string(v)) {
				fail(rd, "finding: %s", "'references' holds a non-string");
				break;
			}
			f->references[f->nreferences++] = lt_xstrdup(json_string_value(v));
		}
	}
	json_t *arr = json_object_get(o, "refs");
	if (arr && !json_is_array(arr)) {
		fail(rd, "finding: '%s' is not an array", "refs");
		return;
	}
	if (arr && json_array_size(arr) > 0) {
		f->refs = lt_xcalloc(json_array_size(arr), sizeof *f->refs);
		for (size_t i = 0; i < json_array_size(arr); i++) {
			read_ref(rd, json_array_get(arr, i), &f->refs[i]);
			f->nrefs = i + 1;
		}
	}
	/* Findings written before incidents had no count: each was one. */
	f->count = get_u64(rd, o, "count");
	if (!f->count)
		f->count = 1;
	read_values(rd, json_object_get(o, "values"), f);
	f->kind = get_str(rd, o, "kind");
	json_t *risk = json_object_get(o, "risk");
	f->risk = json_is_number(risk) ? json_number_value(risk) : 0;
	f->risk_factors = get_str(rd, o, "risk_factors");
	f->contribution = json_is_true(json_object_get(o, "contribution"));
	if (!f->id || !f->rule_id)
		fail(rd, "finding: %s", "'id' and 'rule_id' are required");
}

int lt_finding_read(FILE *in, struct lt_finding *f, char *err, size_t errlen)
{
	memset(f, 0, sizeof *f);
	f->first = f->last = LT_TIME_NONE;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	/* Skip blank lines so a trailing newline is not an error. */
	do {
		n = getline(&line, &cap, in);
	} while (n > 0 && strspn(line, " \t\r\n") == (size_t)n);
	if (n < 0) {
		free(line);
		if (ferror(in)) {
			snprintf(err, errlen, "findings: read error: %s", strerror(errno));
			return -1;
		}
		return 0;
	}
	json_error_t je;
	json_t *o = json_loadb(line, (size_t)n, 0, &je);
	free(line);
	if (!o || !json_is_object(o)) {
		snprintf(err, errlen, "finding: not a JSON object: %s", o ? "wrong type" : je.text);
		json_decref(o);
		return -1;
	}
	struct reader rd = { err, errlen, 0 };
	read_finding(&rd, o, f);
	json_decref(o);
	if (rd.bad) {
		lt_finding_free(f);
		return -1;
	}
	return 1;
}
