/* Re-walking a timeline's hash chain from the written file (tlcheck.h). */
#include "evidence/tlcheck.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/chain.h"
#include "evidence/ecsrow.h"
#include "evidence/tlrow.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* Check one row's columns; 0 = intact. */
static int check_row(char *const *v, const char *prev, size_t n, char *what, size_t whatlen)
{
	if (strcmp(v[LT_COL_PREV_HASH], prev) != 0) {
		snprintf(what, whatlen, "entry %zu (seq %s): prev_hash does not link to the entry before", n,
			 v[LT_COL_SEQ]);
		return 1;
	}
	char h[LT_SHA256_HEX];
	lt_tl_row_hash((const char *const *)v, h);
	if (strcmp(h, v[LT_COL_HASH]) != 0) {
		snprintf(what, whatlen, "entry %zu (seq %s): hash does not match the entry's content", n,
			 v[LT_COL_SEQ]);
		return 1;
	}
	return 0;
}

static void free_row(char **v)
{
	for (int c = 0; c < LT_NCOLS; c++) {
		free(v[c]);
		v[c] = NULL;
	}
}

/* ---- JSONL ---- */

static char *col_text(const json_t *doc, const char *name)
{
	const json_t *x = json_object_get(doc, name);
	if (json_is_string(x))
		return lt_xstrdup(json_string_value(x));
	if (json_is_integer(x))
		return lt_xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(x));
	return lt_xstrdup("");
}

int lt_tlcheck_jsonl(FILE *f, size_t *entries, char head[LT_SHA256_HEX], char *what, size_t whatlen)
{
	char *line = NULL;
	size_t cap = 0;
	char *v[LT_NCOLS] = { 0 };
	int rc = 0;
	for (;;) {
		ssize_t n = getline(&line, &cap, f);
		if (n <= 0)
			break;
		json_error_t je;
		json_t *doc = json_loadb(line, (size_t)n, 0, &je);
		if (!json_is_object(doc)) {
			snprintf(what, whatlen, "line %zu: not a JSON object (%s)", *entries + 1, je.text);
			json_decref(doc);
			rc = 1;
			break;
		}
		for (int c = 0; c < LT_NCOLS; c++)
			v[c] = col_text(doc, lt_tl_col_names[c]);
		json_decref(doc);
		(*entries)++;
		rc = check_row(v, head, *entries, what, whatlen);
		if (rc == 0)
			strcpy(head, v[LT_COL_HASH]);
		free_row(v);
		if (rc)
			break;
	}
	free(line);
	return rc;
}

/* ---- CSV (RFC 4180) ---- */

/* Read one record into fields; returns the number of fields, 0 at the end,
 * -1 on a malformed record. */
static int csv_record(FILE *f, struct lt_buf *fields, int maxf)
{
	int nf = 0;
	int c = getc(f);
	if (c == EOF)
		return 0;
	for (;;) {
		if (nf == maxf)
			return -1;
		struct lt_buf *b = &fields[nf++];
		lt_buf_reset(b);
		lt_buf_puts(b, "");
		if (c == '"') {
			for (;;) {
				c = getc(f);
				if (c == EOF)
					return -1;
				if (c == '"') {
					c = getc(f);
					if (c != '"')
						break;
				}
				lt_buf_putc(b, (char)c);
			}
		} else {
			while (c != ',' && c != '\r' && c != '\n' && c != EOF) {
				lt_buf_putc(b, (char)c);
				c = getc(f);
			}
		}
		if (c == ',') {
			c = getc(f);
			continue;
		}
		if (c == '\r')
			c = getc(f);
		if (c != '\n' && c != EOF)
			return -1;
		return nf;
	}
}

/* Undo the formula guard (csv.h): one leading ' before = + - @ TAB CR or '. */
static char *unguard(const char *s)
{
	if (s[0] == '\'' && s[1] && strchr("=+-@\t\r'", s[1]))
		return lt_xstrdup(s + 1);
	return lt_xstrdup(s);
}

int lt_tlcheck_csv(FILE *f, size_t *entries, char head[LT_SHA256_HEX], char *what, size_t whatlen)
{
	unsigned char bom[3];
	size_t got = fread(bom, 1, 3, f);
	if (!(got == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF))
		rewind(f);
	struct lt_buf fields[LT_NCOLS + 1];
	for (int i = 0; i <= LT_NCOLS; i++)
		lt_buf_init(&fields[i]);
	int idx[LT_NCOLS];
	int rc = 0;
	int nf = csv_record(f, fields, LT_NCOLS + 1);
	for (int c = 0; c < LT_NCOLS; c++) {
		idx[c] = -1;
		for (int k = 0; k < nf; k++)
			if (strcmp(fields[k].data, lt_tl_col_names[c]) == 0)
				idx[c] = k;
		if (idx[c] < 0 && rc == 0) {
			snprintf(what, whatlen, "header: column \"%s\" missing", lt_tl_col_names[c]);
			rc = 1;
		}
	}
	char *v[LT_NCOLS] = { 0 };
	while (rc == 0) {
		nf = csv_record(f, fields, LT_NCOLS + 1);
		if (nf == 0)
			break;
		(*entries)++;
		if (nf != LT_NCOLS) {
			snprintf(what, whatlen, "record %zu: malformed CSV or wrong number of fields", *entries);
			rc = 1;
			break;
		}
		for (int c = 0; c < LT_NCOLS; c++)
			v[c] = unguard(fields[idx[c]].data);
		rc = check_row(v, head, *entries, what, whatlen);
		if (rc == 0)
			strcpy(head, v[LT_COL_HASH]);
		free_row(v);
	}
	for (int i = 0; i <= LT_NCOLS; i++)
		lt_buf_free(&fields[i]);
	return rc;
}

/* ---- OpenSearch _bulk NDJSON (ecsrow.h) ---- */

/* The value at a dotted path of doc, or NULL. */
static const json_t *at_path(const json_t *doc, const char *path)
{
	char key[64];
	const json_t *x = doc;
	while (x && *path) {
		size_t n = strcspn(path, ".");
		if (n >= sizeof key)
			return NULL;
		memcpy(key, path, n);
		key[n] = '\0';
		x = json_object_get(x, key);
		path += n + (path[n] == '.');
	}
	return x;
}

static char *value_text(const json_t *x)
{
	if (json_is_string(x))
		return lt_xstrdup(json_string_value(x));
	if (json_is_integer(x))
		return lt_xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(x));
	return lt_xstrdup("");
}

/* The row's columns from a document; 0, or 1 when it is not an object. */
static int ecs_columns(const char *line, size_t n, char **v, char *what, size_t whatlen, size_t entry)
{
	json_error_t je;
	json_t *doc = json_loadb(line, n, 0, &je);
	if (!json_is_object(doc)) {
		snprintf(what, whatlen, "entry %zu: document is not a JSON object (%s)", entry, je.text);
		json_decref(doc);
		return 1;
	}
	for (int c = 0; c < LT_NCOLS; c++)
		v[c] = NULL;
	for (int i = 0; i < lt_ecs_nfields; i++)
		if (lt_ecs_fields[i].col >= 0)
			v[lt_ecs_fields[i].col] = value_text(at_path(doc, lt_ecs_fields[i].path));
	json_decref(doc);
	return 0;
}

/* The pair as read must be the pair the writer renders from its columns:
 * this covers the action line, the keys and event.kind. */
static int ecs_canonical(const struct lt_buf *pair, char *const *v, size_t entry, char *what, size_t whatlen)
{
	struct lt_buf want = LT_BUF_INIT;
	lt_ecs_row_render(&want, (const char *const *)v);
	int rc = 0;
	if (want.len != pair->len || memcmp(want.data, pair->data, want.len) != 0) {
		size_t k = 0;
		while (k < want.len && k < pair->len && want.data[k] == pair->data[k])
			k++;
		snprintf(what, whatlen, "entry %zu (seq %s): pair differs from its rendering at byte %zu", entry,
			 v[LT_COL_SEQ], k + 1);
		rc = 1;
	}
	lt_buf_free(&want);
	return rc;
}

int lt_tlcheck_ecs_bulk(FILE *f, size_t *entries, char head[LT_SHA256_HEX], char *what, size_t whatlen)
{
	char *line = NULL;
	size_t cap = 0;
	struct lt_buf pair = LT_BUF_INIT;
	char *v[LT_NCOLS] = { 0 };
	int rc = 0;
	while (rc == 0) {
		ssize_t n = getline(&line, &cap, f);
		if (n <= 0)
			break;
		(*entries)++;
		lt_buf_reset(&pair);
		lt_buf_append(&pair, line, (size_t)n);
		n = getline(&line, &cap, f);
		if (n <= 0) {
			snprintf(what, whatlen, "entry %zu: action line without a document", *entries);
			rc = 1;
			break;
		}
		lt_buf_append(&pair, line, (size_t)n);
		rc = ecs_columns(line, (size_t)n, v, what, whatlen, *entries);
		if (rc)
			break;
		rc = check_row(v, head, *entries, what, whatlen);
		if (rc == 0)
			rc = ecs_canonical(&pair, v, *entries, what, whatlen);
		if (rc == 0)
			strcpy(head, v[LT_COL_HASH]);
		free_row(v);
	}
	free(line);
	lt_buf_free(&pair);
	return rc;
}

int lt_tlcheck_file(const char *path, lt_chain_reader reader, size_t *entries, char head[LT_SHA256_HEX],
		    char *what, size_t whatlen)
{
	*entries = 0;
	strcpy(head, LT_CHAIN_GENESIS);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(what, whatlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	int rc = reader(f, entries, head, what, whatlen);
	fclose(f);
	return rc;
}
