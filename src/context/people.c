/* people.csv: the people table and their aliases (doc/context.md).
 *
 * Columns are found by their header name, in any order; only `id` is
 * required. List columns (aliases, personal_addresses, areas) separate items
 * with ';'. Every alias is indexed as written and, when it carries a
 * strippable DOMAIN\ or @domain part, also as the bare user name, so that a
 * record naming the user in any of those forms resolves (identity.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "context/context_impl.h"
#include "context/csv.h"
#include "util/diag.h"
#include "util/xalloc.h"

enum col {
	C_ID, C_NAME, C_NAME_LATIN, C_DEPARTMENT, C_ROLE, C_TYPE, C_ALIASES,
	C_PERSONAL, C_AREAS, C_HIRE, C_NOTICE, C_LAST, C_HOSTS, C_COUNT
};

static const char *const col_names[C_COUNT] = {
	"id", "name", "name_latin", "department", "role", "type", "aliases",
	"personal_addresses", "areas", "hire_date", "notice_date", "last_day", "hosts",
};

static const char *const type_names[] = { "employee", "contractor", "partner", "vendor", "service" };

const char *lt_person_type_name(enum lt_person_type t)
{
	return type_names[t];
}

bool lt_person_has_area(const struct lt_person *p, const char *area)
{
	for (size_t i = 0; i < p->nareas; i++)
		if (strcmp(p->areas[i], area) == 0)
			return true;
	return false;
}

static char *trimdup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return lt_xstrndup(s, n);
}

/* Split "a; b;c" into a fresh vector of trimmed, non-empty items. */
static char **split_list(const char *s, size_t *n)
{
	char **v = NULL;
	*n = 0;
	while (*s) {
		size_t len = strcspn(s, ";");
		char *item = trimdup(s, len);
		if (*item) {
			v = lt_xrealloc(v, (*n + 1) * sizeof(char *));
			v[(*n)++] = item;
		} else {
			free(item);
		}
		s += len;
		if (*s == ';')
			s++;
	}
	return v;
}

static void add_alias(struct lt_context *ctx, const char *alias, size_t len, size_t idx)
{
	int64_t prev;
	if (!len)
		return;
	if (lt_strmap_get(&ctx->alias, alias, len, &prev) && (size_t)prev != idx) {
		lt_diag(LT_WARN, NULL, "%s: alias '%.*s' belongs to %s and %s; keeping %s",
			ctx->path ? ctx->path : "context", (int)len, alias, ctx->people[prev].id,
			ctx->people[idx].id, ctx->people[prev].id);
		return;
	}
	lt_strmap_put(&ctx->alias, alias, len, (int64_t)idx);
}

static bool strippable_upn(const struct lt_context *ctx, const char *dom, size_t len)
{
	if (ctx->upn_suffixes.n)
		return lt_strmap_get(&ctx->upn_suffixes, dom, len, NULL);
	return lt_context_domain_is(ctx, LT_DOM_INTERNAL, dom, len);
}

static bool strippable_windows(const struct lt_context *ctx, const char *dom, size_t len)
{
	return ctx->windows_domains.n == 0 || lt_strmap_get(&ctx->windows_domains, dom, len, NULL);
}

static void index_aliases(struct lt_context *ctx, size_t idx, char **aliases, size_t n)
{
	struct lt_person *p = &ctx->people[idx];
	add_alias(ctx, p->id, strlen(p->id), idx);
	for (size_t i = 0; i < n; i++) {
		const char *a = aliases[i];
		size_t len = strlen(a);
		add_alias(ctx, a, len, idx);
		const char *bs = strrchr(a, '\\');
		const char *at = strrchr(a, '@');
		if (bs && strippable_windows(ctx, a, (size_t)(bs - a)))
			add_alias(ctx, bs + 1, strlen(bs + 1), idx);
		else if (at && strippable_upn(ctx, at + 1, strlen(at + 1)))
			add_alias(ctx, a, (size_t)(at - a), idx);
	}
}

static int parse_type(const char *s, enum lt_person_type *t)
{
	if (!*s) {
		*t = LT_PERSON_EMPLOYEE;
		return 0;
	}
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (strcasecmp(s, type_names[i]) == 0) {
			*t = (enum lt_person_type)i;
			return 0;
		}
	return -1;
}

static int parse_opt_date(const char *s, int64_t *day)
{
	if (!*s) {
		*day = LT_DATE_NONE;
		return 0;
	}
	return lt_ctx_parse_date(s, day);
}

struct header {
	int map[C_COUNT];	/* column index, or -1 */
	size_t ncols;		/* fields in the header line */
};

static int read_header(struct lt_csv *c, const char *path, size_t line, struct header *h,
		       struct lt_ctx_err *e)
{
	for (int i = 0; i < C_COUNT; i++)
		h->map[i] = -1;
	for (size_t f = 0; f < c->nfields; f++) {
		int found = -1;
		for (int i = 0; i < C_COUNT; i++)
			if (strcasecmp(c->fields[f], col_names[i]) == 0)
				found = i;
		if (found < 0) {
			lt_ctx_error(e, path, line, c->cols[f], "unknown column '%s'", c->fields[f]);
			return -1;
		}
		h->map[found] = (int)f;
	}
	if (h->map[C_ID] < 0) {
		lt_ctx_error(e, path, line, 1, "the header has no 'id' column");
		return -1;
	}
	h->ncols = c->nfields;
	return 0;
}

static const char *cell(const struct lt_csv *c, const struct header *h, enum col col, size_t *colno)
{
	int f = h->map[col];
	if (f < 0 || (size_t)f >= c->nfields) {
		if (colno)
			*colno = 1;
		return "";
	}
	if (colno)
		*colno = c->cols[f];
	return c->fields[f];
}

static int read_dates(struct lt_csv *c, const struct header *h, const char *path, size_t line,
		      struct lt_person *p, struct lt_ctx_err *e)
{
	static const enum col dcols[3] = { C_HIRE, C_NOTICE, C_LAST };
	int64_t *dst[3] = { &p->hire_date, &p->notice_date, &p->last_day };
	for (int i = 0; i < 3; i++) {
		size_t colno;
		const char *v = cell(c, h, dcols[i], &colno);
		if (parse_opt_date(v, dst[i]) != 0) {
			lt_ctx_error(e, path, line, colno, "%s: '%s' is not a date (YYYY-MM-DD)",
				     col_names[dcols[i]], v);
			return -1;
		}
	}
	return 0;
}

static int read_person(struct lt_context *ctx, struct lt_csv *c, const struct header *h,
		       const char *path, size_t line, struct lt_ctx_err *e)
{
	size_t colno;
	const char *id = cell(c, h, C_ID, &colno);
	if (!*id) {
		lt_ctx_error(e, path, line, colno, "empty person id");
		return -1;
	}
	if (lt_context_person_by_id(ctx, id)) {
		lt_ctx_error(e, path, line, colno, "duplicate person id '%s'", id);
		return -1;
	}
	/* More fields than the header names: usually an unquoted comma in a
	 * name, which shifts every later column. Accepted, but said. */
	if (c->nfields > h->ncols)
		lt_diag(LT_WARN, NULL, "%s:%zu:%zu: %zu field(s) after the header's %zu column(s) are ignored "
			"(an unquoted comma?)", path, line, c->cols[h->ncols], c->nfields - h->ncols, h->ncols);
	struct lt_person p = { 0 };
	const char *type = cell(c, h, C_TYPE, &colno);
	if (parse_type(type, &p.type) != 0) {
		lt_ctx_error(e, path, line, colno,
			     "type '%s' is not one of employee, contractor, partner, vendor, service", type);
		return -1;
	}
	if (read_dates(c, h, path, line, &p, e) != 0)
		return -1;
	p.id = lt_xstrdup(id);
	p.name = lt_xstrdup(cell(c, h, C_NAME, NULL));
	const char *latin = cell(c, h, C_NAME_LATIN, NULL);
	p.name_latin = *latin ? lt_xstrdup(latin) : NULL;
	p.department = lt_xstrdup(cell(c, h, C_DEPARTMENT, NULL));
	p.role = lt_xstrdup(cell(c, h, C_ROLE, NULL));
	p.areas = split_list(cell(c, h, C_AREAS, NULL), &p.nareas);
	if (!p.nareas && *p.department) {
		p.areas = lt_xmalloc(sizeof(char *));
		p.areas[0] = lt_xstrdup(p.department);
		p.nareas = 1;
	}
	p.personal = split_list(cell(c, h, C_PERSONAL, NULL), &p.npersonal);
	size_t naliases;
	char **aliases = split_list(cell(c, h, C_ALIASES, NULL), &naliases);

	ctx->people = lt_xrealloc(ctx->people, (ctx->npeople + 1) * sizeof(*ctx->people));
	size_t idx = ctx->npeople++;
	ctx->people[idx] = p;
	index_aliases(ctx, idx, aliases, naliases);
	for (size_t i = 0; i < naliases; i++)
		free(aliases[i]);
	free(aliases);
	size_t nhosts;
	char **hosts = split_list(cell(c, h, C_HOSTS, NULL), &nhosts);
	for (size_t i = 0; i < nhosts; i++) {
		lt_ctx_add_host(ctx, hosts[i], idx);
		free(hosts[i]);
	}
	free(hosts);
	for (size_t i = 0; i < p.npersonal; i++) {
		for (char *q = p.personal[i]; *q; q++)
			if (*q >= 'A' && *q <= 'Z')
				*q = (char)(*q - 'A' + 'a');
		lt_strmap_put(&ctx->personal, p.personal[i], strlen(p.personal[i]), (int64_t)idx);
		ctx->parts |= LT_CTX_PERSONAL_ADDRESSES;
	}
	if (p.type == LT_PERSON_VENDOR || p.type == LT_PERSON_PARTNER) {
		if (p.hire_date != LT_DATE_NONE || p.last_day != LT_DATE_NONE)
			ctx->parts |= LT_CTX_CONTRACT_WINDOWS;
	} else if (p.notice_date != LT_DATE_NONE || p.last_day != LT_DATE_NONE) {
		ctx->parts |= LT_CTX_HR_DATES;
	}
	return 0;
}

int lt_ctx_load_people(struct lt_context *ctx, const char *path, struct lt_ctx_err *e)
{
	struct lt_csv c;
	if (lt_csv_open(&c, path) != 0) {
		lt_ctx_error(e, path, 0, 0, "cannot read people file: %s", strerror(errno));
		return -1;
	}
	struct header h;
	size_t row_line, el = 0, ec = 0;
	int rc = lt_csv_next(&c, &row_line, &el, &ec);
	if (rc <= 0) {
		lt_ctx_error(e, path, rc < 0 ? el : 1, rc < 0 ? ec : 1,
			     rc < 0 ? "unterminated quoted field" : "empty file (a header row is needed)");
		lt_csv_close(&c);
		return -1;
	}
	rc = read_header(&c, path, row_line, &h, e);
	while (rc == 0) {
		int got = lt_csv_next(&c, &row_line, &el, &ec);
		if (got == 0)
			break;
		if (got < 0) {
			lt_ctx_error(e, path, el, ec, "unterminated or malformed quoted field");
			rc = -1;
			break;
		}
		rc = read_person(ctx, &c, &h, path, row_line, e);
	}
	lt_csv_close(&c);
	if (rc == 0)
		ctx->parts |= LT_CTX_PEOPLE;
	return rc;
}

void lt_ctx_free_people(struct lt_context *ctx)
{
	for (size_t i = 0; i < ctx->npeople; i++) {
		struct lt_person *p = &ctx->people[i];
		free(p->id);
		free(p->name);
		free(p->name_latin);
		free(p->department);
		free(p->role);
		for (size_t k = 0; k < p->nareas; k++)
			free(p->areas[k]);
		free(p->areas);
		for (size_t k = 0; k < p->npersonal; k++)
			free(p->personal[k]);
		free(p->personal);
	}
	free(ctx->people);
	ctx->people = NULL;
	ctx->npeople = 0;
}

size_t lt_context_person_count(const struct lt_context *ctx)
{
	return ctx->npeople;
}

const struct lt_person *lt_context_person(const struct lt_context *ctx, size_t i)
{
	return i < ctx->npeople ? &ctx->people[i] : NULL;
}
