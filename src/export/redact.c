/* Secret terms replaced by aliases, with an occurrence table (redact.h). */
#include "export/redact.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export/csv.h"
#include "util/buf.h"
#include "util/sort.h"
#include "util/xalloc.h"

struct term {
	char *term, *alias;
	size_t len;
};

struct occurrence {
	size_t term;
	char *f[8];	/* seq, finding_id, source_sha256, source_path, member, offset, line, column */
};

struct lt_redact {
	struct term *terms;
	size_t nterms;
	struct occurrence *occ;
	size_t nocc, capocc;
};

static int cmp_term(const void *a, const void *b)
{
	const struct term *x = a, *y = b;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	return strcmp(x->term, y->term);
}

static void chomp(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = '\0';
}

struct lt_redact *lt_redact_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	struct lt_redact *r = lt_xcalloc(1, sizeof *r);
	size_t cap = 0;
	char *line = NULL;
	size_t lcap = 0;
	unsigned long lineno = 0;
	for (;;) {
		ssize_t n = getline(&line, &lcap, f);
		if (n < 0)
			break;
		lineno++;
		char *s = line;
		if (lineno == 1 && strncmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3;
		chomp(s);
		if (*s == '\0' || *s == '#')
			continue;
		char *tab = strchr(s, '\t');
		if (!tab || tab == s || tab[1] == '\0') {
			snprintf(err, errlen, "%s: line %lu: expected TERM<TAB>ALIAS", path, lineno);
			free(line);
			fclose(f);
			lt_redact_free(r);
			return NULL;
		}
		*tab = '\0';
		if (r->nterms == cap) {
			cap = cap ? 2 * cap : 16;
			r->terms = lt_xrealloc(r->terms, cap * sizeof *r->terms);
		}
		r->terms[r->nterms++] = (struct term){ lt_xstrdup(s), lt_xstrdup(tab + 1), strlen(s) };
	}
	free(line);
	fclose(f);
	if (r->nterms == 0) {
		snprintf(err, errlen, "%s: no terms", path);
		lt_redact_free(r);
		return NULL;
	}
	lt_qsort(r->terms, r->nterms, sizeof *r->terms, cmp_term);
	return r;
}

void lt_redact_free(struct lt_redact *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nterms; i++) {
		free(r->terms[i].term);
		free(r->terms[i].alias);
	}
	for (size_t i = 0; i < r->nocc; i++)
		for (int k = 0; k < 8; k++)
			free(r->occ[i].f[k]);
	free(r->terms);
	free(r->occ);
	free(r);
}

size_t lt_redact_nterms(const struct lt_redact *r)
{
	return r->nterms;
}

size_t lt_redact_noccurrences(const struct lt_redact *r)
{
	return r->nocc;
}

static void remember(struct lt_redact *r, size_t term, const struct lt_redact_site *site)
{
	const char *src[8] = { site->seq, site->finding_id, site->source_sha256, site->source_path,
			       site->member, site->offset, site->line, site->column };
	/* One row per (term, entry, column), however often the term repeats there. */
	if (r->nocc > 0) {
		const struct occurrence *last = &r->occ[r->nocc - 1];
		int same = last->term == term;
		for (int k = 0; same && k < 8; k++)
			same = strcmp(last->f[k], src[k] ? src[k] : "") == 0;
		if (same)
			return;
	}
	if (r->nocc == r->capocc) {
		r->capocc = r->capocc ? 2 * r->capocc : 64;
		r->occ = lt_xrealloc(r->occ, r->capocc * sizeof *r->occ);
	}
	struct occurrence *o = &r->occ[r->nocc++];
	o->term = term;
	for (int k = 0; k < 8; k++)
		o->f[k] = lt_xstrdup(src[k] ? src[k] : "");
}

/* ASCII letters case-insensitively, other bytes exactly. */
static int match_at(const char *s, const struct term *t)
{
	return strncasecmp(s, t->term, t->len) == 0;
}

char *lt_redact_text(struct lt_redact *r, const char *s, const struct lt_redact_site *site)
{
	struct lt_buf b = LT_BUF_INIT;
	const char *q = s ? s : "";
	while (*q) {
		size_t i;
		for (i = 0; i < r->nterms; i++)
			if (match_at(q, &r->terms[i]))
				break;
		if (i == r->nterms) {
			lt_buf_putc(&b, *q++);
			continue;
		}
		lt_buf_puts(&b, r->terms[i].alias);
		q += r->terms[i].len;
		if (site)
			remember(r, i, site);
	}
	return lt_buf_detach(&b);
}

void lt_redact_write_table(const struct lt_redact *r, struct lt_out *o, int bom)
{
	static const char *const head[] = { "term", "alias", "seq", "finding_id", "source_sha256",
					    "source_path", "member", "offset", "line", "column" };
	if (bom)
		lt_csv_bom(o);
	for (int k = 0; k < 10; k++)
		lt_csv_field(o, head[k], k == 0);
	lt_csv_eol(o);
	for (size_t i = 0; i < r->nocc; i++) {
		const struct occurrence *oc = &r->occ[i];
		lt_csv_field(o, r->terms[oc->term].term, 1);
		lt_csv_field(o, r->terms[oc->term].alias, 0);
		for (int k = 0; k < 8; k++)
			lt_csv_field(o, oc->f[k], 0);
		lt_csv_eol(o);
	}
}
