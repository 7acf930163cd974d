/* The context YAML file (doc/context.md): libyaml document API, every
 * problem reported as "file:line:column: reason" (1-based, as editors count).
 * Unknown keys are errors, so a typo never silently turns a part off.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "context/context_impl.h"
#include "util/xalloc.h"

struct yl {
	yaml_document_t doc;
	const char *path;
	char *dir;		/* directory of the YAML file, for relative side files */
	struct lt_ctx_err *e;
	struct lt_context *ctx;
	char *people_path;	/* loaded last, once domains are known */
	size_t people_line, people_col;
};

#define YERR(y, n, ...) \
	lt_ctx_error((y)->e, (y)->path, (n)->start_mark.line + 1, (n)->start_mark.column + 1, __VA_ARGS__)

static yaml_node_t *ynode(struct yl *y, int id)
{
	return yaml_document_get_node(&y->doc, id);
}

static const char *scalar(struct yl *y, yaml_node_t *n, const char *what)
{
	if (n->type != YAML_SCALAR_NODE) {
		YERR(y, n, "%s: expected a single value", what);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

static int expect(struct yl *y, yaml_node_t *n, yaml_node_type_t t, const char *what)
{
	if (n->type == t)
		return 0;
	YERR(y, n, "%s: expected %s", what, t == YAML_MAPPING_NODE ? "a mapping (key: value)" : "a list");
	return -1;
}

static char *rel_path(struct yl *y, const char *p)
{
	if (p[0] == '/' || !y->dir)
		return lt_xstrdup(p);
	return lt_xasprintf("%s/%s", y->dir, p);
}

typedef int (*map_fn)(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg);

static int each_pair(struct yl *y, yaml_node_t *map, const char *what, map_fn fn, void *arg)
{
	if (expect(y, map, YAML_MAPPING_NODE, what) != 0)
		return -1;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = ynode(y, p->key), *v = ynode(y, p->value);
		const char *key = scalar(y, k, what);
		if (!key || fn(y, key, k, v, arg) != 0)
			return -1;
	}
	return 0;
}

/* A list of domains, or a string naming a list file (relative to the YAML). */
static int domain_list(struct yl *y, yaml_node_t *n, struct lt_strmap *m, int64_t val, const char *what)
{
	if (n->type == YAML_SCALAR_NODE) {
		char *p = rel_path(y, (const char *)n->data.scalar.value);
		int rc = lt_ctx_load_list(m, val, p, y->e);
		free(p);
		return rc;
	}
	if (expect(y, n, YAML_SEQUENCE_NODE, what) != 0)
		return -1;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *item = ynode(y, *it);
		const char *s = scalar(y, item, what);
		if (!s)
			return -1;
		lt_ctx_add_domain(m, s, strlen(s), val);
	}
	return 0;
}

/* "09:00-18:00" -> minutes; "closed"/"none"/"" -> closed. */
static int parse_hours(struct yl *y, yaml_node_t *n, struct lt_hours *h)
{
	const char *s = scalar(y, n, "business_hours");
	if (!s)
		return -1;
	if (!*s || strcmp(s, "closed") == 0 || strcmp(s, "none") == 0) {
		h->open = false;
		return 0;
	}
	int sh, sm, eh, em;
	char tail;
	if (sscanf(s, "%d:%d-%d:%d%c", &sh, &sm, &eh, &em, &tail) != 4 || sh < 0 || sh > 24 ||
	    sm < 0 || sm > 59 || eh < 0 || eh > 24 || em < 0 || em > 59 || sh * 60 + sm >= eh * 60 + em ||
	    eh * 60 + em > 24 * 60) {
		YERR(y, n, "business hours '%s': expected HH:MM-HH:MM (start before end, within a day) or closed", s);
		return -1;
	}
	*h = (struct lt_hours){ true, sh * 60 + sm, eh * 60 + em };
	return 0;
}

static int hours_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	static const char *const days[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	struct lt_context *ctx = arg;
	if (strcmp(key, "weekdays") == 0) {
		struct lt_hours h;
		if (parse_hours(y, v, &h) != 0)
			return -1;
		for (int d = 1; d <= 5; d++)
			ctx->hours[d] = h;
		return 0;
	}
	for (int d = 0; d < 7; d++)
		if (strcmp(key, days[d]) == 0)
			return parse_hours(y, v, &ctx->hours[d]);
	YERR(y, k, "business_hours: unknown day '%s' (use weekdays, mon .. sun)", key);
	return -1;
}

static int business_hours(struct yl *y, yaml_node_t *n)
{
	struct lt_context *ctx = y->ctx;
	for (int d = 0; d < 7; d++)
		ctx->hours[d].open = false;
	if (each_pair(y, n, "business_hours", hours_pair, ctx) != 0)
		return -1;
	ctx->parts |= LT_CTX_BUSINESS_HOURS;
	return 0;
}

static void add_company_holiday(struct lt_context *ctx, int64_t first, int64_t last, const char *name)
{
	ctx->hol = lt_xrealloc(ctx->hol, (ctx->nhol + 1) * sizeof(*ctx->hol));
	ctx->hol[ctx->nhol++] = (struct lt_company_holiday){ first, last, lt_xstrdup(name ? name : "会社休日") };
}

static int date_range(struct yl *y, yaml_node_t *n, const char *s, int64_t *first, int64_t *last)
{
	const char *dots = strstr(s, "..");
	char a[32] = "", b[32] = "";
	if (dots) {
		snprintf(a, sizeof(a), "%.*s", (int)(dots - s), s);
		snprintf(b, sizeof(b), "%s", dots + 2);
	} else {
		snprintf(a, sizeof(a), "%s", s);
		snprintf(b, sizeof(b), "%s", s);
	}
	if (lt_ctx_parse_date(a, first) != 0 || lt_ctx_parse_date(b, last) != 0 || *last < *first) {
		YERR(y, n, "'%s' is not a date or a range YYYY-MM-DD..YYYY-MM-DD", s);
		return -1;
	}
	return 0;
}

struct hol_item {
	const char *from, *to, *name;
	yaml_node_t *from_node;
};

static int hol_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	struct hol_item *h = arg;
	const char *s = scalar(y, v, key);
	if (!s)
		return -1;
	if (strcmp(key, "date") == 0 || strcmp(key, "from") == 0) {
		h->from = s;
		h->from_node = v;
	} else if (strcmp(key, "to") == 0) {
		h->to = s;
	} else if (strcmp(key, "name") == 0) {
		h->name = s;
	} else {
		YERR(y, k, "company holiday: unknown key '%s' (date, from, to, name)", key);
		return -1;
	}
	return 0;
}

static int company_holiday(struct yl *y, yaml_node_t *n)
{
	int64_t first, last;
	if (n->type == YAML_SCALAR_NODE) {
		if (date_range(y, n, (const char *)n->data.scalar.value, &first, &last) != 0)
			return -1;
		add_company_holiday(y->ctx, first, last, NULL);
		return 0;
	}
	struct hol_item h = { 0 };
	if (each_pair(y, n, "company holiday", hol_pair, &h) != 0)
		return -1;
	if (!h.from) {
		YERR(y, n, "company holiday: 'date' or 'from' is required");
		return -1;
	}
	char buf[64];
	snprintf(buf, sizeof(buf), "%s..%s", h.from, h.to ? h.to : h.from);
	if (date_range(y, h.from_node, buf, &first, &last) != 0)
		return -1;
	add_company_holiday(y->ctx, first, last, h.name);
	return 0;
}

static int holidays_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)arg;
	struct lt_context *ctx = y->ctx;
	if (strcmp(key, "national") == 0) {
		const char *s = scalar(y, v, key);
		if (!s)
			return -1;
		if (strcmp(s, "jp") == 0 || strcmp(s, "JP") == 0) {
			ctx->national = true;
			ctx->parts |= LT_CTX_NATIONAL_HOLIDAYS;
		} else if (strcmp(s, "none") == 0) {
			ctx->national = false;
			ctx->parts &= ~(unsigned)LT_CTX_NATIONAL_HOLIDAYS;
		} else {
			YERR(y, v, "national holidays: '%s' (use jp or none)", s);
			return -1;
		}
		return 0;
	}
	if (strcmp(key, "company") == 0) {
		if (expect(y, v, YAML_SEQUENCE_NODE, key) != 0)
			return -1;
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++)
			if (company_holiday(y, ynode(y, *it)) != 0)
				return -1;
		ctx->parts |= LT_CTX_COMPANY_HOLIDAYS;
		return 0;
	}
	YERR(y, k, "holidays: unknown key '%s' (national, company)", key);
	return -1;
}

static int org_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)arg;
	struct lt_context *ctx = y->ctx;
	if (strcmp(key, "name") == 0) {
		const char *s = scalar(y, v, key);
		if (!s)
			return -1;
		free(ctx->org_name);
		ctx->org_name = lt_xstrdup(s);
		return 0;
	}
	if (strcmp(key, "time_zone") == 0) {
		const char *s = scalar(y, v, key);
		if (!s)
			return -1;
		const struct lt_tz *tz = lt_tz_load(s);
		if (!tz) {
			YERR(y, v, "unknown time zone '%s' (an IANA name such as Asia/Tokyo)", s);
			return -1;
		}
		ctx->tz = tz;
		ctx->parts |= LT_CTX_TIME_ZONE;
		return 0;
	}
	if (strcmp(key, "business_hours") == 0)
		return business_hours(y, v);
	if (strcmp(key, "holidays") == 0)
		return each_pair(y, v, key, holidays_pair, NULL);
	if (strcmp(key, "departing_lookback_days") == 0) {
		const char *s = scalar(y, v, key);
		char *end;
		long n = s ? strtol(s, &end, 10) : -1;
		if (!s || *end || n < 0 || n > 3650) {
			if (s)
				YERR(y, v, "departing_lookback_days: expected a number of days (0-3650)");
			return -1;
		}
		ctx->lookback_days = (int)n;
		return 0;
	}
	YERR(y, k, "organisation: unknown key '%s'", key);
	return -1;
}

static int int_value(struct yl *y, yaml_node_t *v, int *out)
{
	const char *s = scalar(y, v, "score weight");
	char *end;
	long n = s ? strtol(s, &end, 10) : 0;
	if (!s || *end || n < -100 || n > 100) {
		if (s)
			YERR(y, v, "expected a whole number between -100 and 100");
		return -1;
	}
	*out = (int)n;
	return 0;
}

static int scoring_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	struct lt_mail_weights *w = arg;
	struct {
		const char *name;
		int *dst;
	} tab[] = {
		{ "personal_address", &w->personal_address }, { "name_like", &w->name_like },
		{ "freemail", &w->freemail }, { "classified", &w->classified },
		{ "off_hours", &w->off_hours }, { "departing", &w->departing }, { "partner", &w->partner },
	};
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(key, tab[i].name) == 0)
			return int_value(y, v, tab[i].dst);
	YERR(y, k, "mail scoring: unknown weight '%s'", key);
	return -1;
}

static int mail_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)arg;
	struct lt_context *ctx = y->ctx;
	if (strcmp(key, "internal_domains") == 0) {
		ctx->parts |= LT_CTX_INTERNAL_DOMAINS;
		return domain_list(y, v, &ctx->internal, 1, key);
	}
	if (strcmp(key, "partner_domains") == 0) {
		ctx->parts |= LT_CTX_PARTNER_DOMAINS;
		return domain_list(y, v, &ctx->partner, 1, key);
	}
	if (strcmp(key, "freemail_domains") == 0)
		return domain_list(y, v, &ctx->freemail, 1, key);
	if (strcmp(key, "scoring") == 0)
		return each_pair(y, v, key, scoring_pair, &ctx->weights);
	YERR(y, k, "mail: unknown key '%s'", key);
	return -1;
}

static int category_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)k;
	(void)arg;
	int idx = lt_ctx_category_index(y->ctx, key);
	return domain_list(y, v, &y->ctx->webcat, idx, key);
}

static int web_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)arg;
	struct lt_context *ctx = y->ctx;
	if (strcmp(key, "approved") == 0) {
		ctx->parts |= LT_CTX_APPROVED_CLOUD;
		return domain_list(y, v, &ctx->approved_cloud, 1, key);
	}
	if (strcmp(key, "categories") == 0)
		return each_pair(y, v, key, category_pair, NULL);
	YERR(y, k, "web: unknown key '%s' (approved, categories)", key);
	return -1;
}

static int usb_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)arg;
	if (strcmp(key, "approved_serials") == 0) {
		y->ctx->parts |= LT_CTX_APPROVED_USB;
		return domain_list(y, v, &y->ctx->usb, 1, key);
	}
	YERR(y, k, "usb: unknown key '%s' (approved_serials)", key);
	return -1;
}

static int classification_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)arg;
	if (strcmp(key, "pattern") != 0) {
		YERR(y, k, "classification: unknown key '%s' (pattern)", key);
		return -1;
	}
	const char *s = scalar(y, v, key);
	if (!s)
		return -1;
	pcre2_code *re = lt_ctx_compile(s, y->path, v->start_mark.line + 1, v->start_mark.column + 1, y->e);
	if (!re)
		return -1;
	pcre2_code_free(y->ctx->label_re);
	y->ctx->label_re = re;
	free(y->ctx->label_origin);
	y->ctx->label_origin = lt_xasprintf("%s:%zu", y->path, (size_t)v->start_mark.line + 1);
	y->ctx->parts |= LT_CTX_CLASSIFICATION;
	return 0;
}

struct repo_item {
	const char *name, *area, *pattern;
	yaml_node_t *pattern_node;
};

static int repo_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	struct repo_item *r = arg;
	const char *s = scalar(y, v, key);
	if (!s)
		return -1;
	if (strcmp(key, "name") == 0) {
		r->name = s;
	} else if (strcmp(key, "area") == 0) {
		r->area = s;
	} else if (strcmp(key, "pattern") == 0) {
		r->pattern = s;
		r->pattern_node = v;
	} else {
		YERR(y, k, "secret repository: unknown key '%s' (name, area, pattern)", key);
		return -1;
	}
	return 0;
}

static int secret_repositories(struct yl *y, yaml_node_t *n)
{
	struct lt_context *ctx = y->ctx;
	if (expect(y, n, YAML_SEQUENCE_NODE, "secret_repositories") != 0)
		return -1;
	for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top; it++) {
		yaml_node_t *item = ynode(y, *it);
		struct repo_item r = { 0 };
		if (each_pair(y, item, "secret repository", repo_pair, &r) != 0)
			return -1;
		if (!r.pattern || !r.area) {
			YERR(y, item, "secret repository: 'pattern' and 'area' are required");
			return -1;
		}
		pcre2_code *re = lt_ctx_compile(r.pattern, y->path, r.pattern_node->start_mark.line + 1,
						r.pattern_node->start_mark.column + 1, y->e);
		if (!re)
			return -1;
		ctx->repos = lt_xrealloc(ctx->repos, (ctx->nrepos + 1) * sizeof(*ctx->repos));
		ctx->repos[ctx->nrepos++] = (struct lt_repo){
			lt_xstrdup(r.name ? r.name : r.area), lt_xstrdup(r.area), re,
			lt_xasprintf("%s:%zu", y->path, (size_t)r.pattern_node->start_mark.line + 1)
		};
	}
	ctx->parts |= LT_CTX_SECRET_REPOS;
	return 0;
}

static int identity_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)arg;
	if (strcmp(key, "windows_domains") == 0)
		return domain_list(y, v, &y->ctx->windows_domains, 1, key);
	if (strcmp(key, "upn_suffixes") == 0)
		return domain_list(y, v, &y->ctx->upn_suffixes, 1, key);
	YERR(y, k, "identity: unknown key '%s' (windows_domains, upn_suffixes)", key);
	return -1;
}

/* One "sources:" entry: {path: GLOB, time_zone: ZONE} or {host: GLOB, ...}. */
static int source_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	struct lt_ctx_source *src = arg;
	const char *s = scalar(y, v, key);
	if (!s)
		return -1;
	if (strcmp(key, "path") == 0 || strcmp(key, "host") == 0) {
		bool host = strcmp(key, "host") == 0;
		if (!*s) {
			YERR(y, v, "sources: %s: an empty pattern matches nothing", key);
			return -1;
		}
		if (src->glob) {
			YERR(y, k, "sources entry: one of 'path' or 'host', not both");
			return -1;
		}
		src->glob = lt_xstrdup(s);
		src->by_host = host;
		return 0;
	}
	if (strcmp(key, "time_zone") == 0) {
		src->tz = lt_tz_load(s);
		if (!src->tz) {
			YERR(y, v, "unknown time zone '%s' (an IANA name such as Asia/Tokyo)", s);
			return -1;
		}
		return 0;
	}
	YERR(y, k, "sources: unknown key '%s' (path, host, time_zone)", key);
	return -1;
}

static int sources_section(struct yl *y, yaml_node_t *v)
{
	if (expect(y, v, YAML_SEQUENCE_NODE, "sources") != 0)
		return -1;
	struct lt_context *ctx = y->ctx;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		yaml_node_t *item = ynode(y, *it);
		struct lt_ctx_source src = { NULL, NULL, item->start_mark.line + 1, false };
		if (each_pair(y, item, "sources entry", source_pair, &src) != 0) {
			free(src.glob);
			return -1;
		}
		if (!src.glob || !src.tz) {
			YERR(y, item, "sources entry: 'path' (or 'host') and 'time_zone' are both required");
			free(src.glob);
			return -1;
		}
		ctx->sources = lt_xrealloc(ctx->sources, (ctx->nsources + 1) * sizeof *ctx->sources);
		ctx->sources[ctx->nsources++] = src;
	}
	return 0;
}

static void add_format_file(struct yl *y, const char *s)
{
	struct lt_context *ctx = y->ctx;
	ctx->format_files = lt_xrealloc(ctx->format_files, (ctx->nformat_files + 1) * sizeof *ctx->format_files);
	ctx->format_files[ctx->nformat_files++] = rel_path(y, s);
}

/* formats: FILE, or a list of files (relative to the context file). */
/* `risk:` (doc/rules-default.md, "Risk per person"): numbers only, each
 * checked, so that a typo never silently keeps a default. */
static int risk_number(struct yl *y, yaml_node_t *v, const char *what, double lo, double hi, double *out)
{
	const char *s = scalar(y, v, what);
	if (!s)
		return -1;
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (end == s || *end || errno || !(d >= lo && d <= hi)) {
		YERR(y, v, "risk: %s: expected a number from %g to %g", what, lo, hi);
		return -1;
	}
	*out = d;
	return 0;
}

static int risk_level_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	static const char *const names[] = { "informational", "low", "medium", "high", "critical" };
	double *lv = arg;
	for (size_t i = 0; i < 5; i++)
		if (strcmp(key, names[i]) == 0)
			return risk_number(y, v, key, 0, 1000, &lv[i]);
	YERR(y, k, "risk: levels: unknown level '%s' (informational, low, medium, high, critical)", key);
	return -1;
}

static int risk_modifier_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	struct lt_risk_params *p = arg;
	struct {
		const char *name;
		double *dst;
	} tab[] = { { "departing", &p->departing }, { "off_hours", &p->off_hours },
		    { "classified", &p->classified }, { "service", &p->service } };
	for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (strcmp(key, tab[i].name) == 0)
			return risk_number(y, v, key, 0, 100, tab[i].dst);
	YERR(y, k, "risk: modifiers: unknown modifier '%s' (departing, off_hours, classified, service)", key);
	return -1;
}

static int risk_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	struct lt_risk_params *p = arg;
	if (strcmp(key, "threshold") == 0)
		return risk_number(y, v, key, 0.01, 1e6, &p->threshold);
	if (strcmp(key, "window_days") == 0)
		return risk_number(y, v, key, 1, 366, &p->window_days);
	if (strcmp(key, "half_life_days") == 0)
		return risk_number(y, v, key, 0.1, 366, &p->half_life_days);
	if (strcmp(key, "repeat") == 0)
		return risk_number(y, v, key, 0, 1, &p->repeat);
	if (strcmp(key, "levels") == 0)
		return each_pair(y, v, "risk: levels", risk_level_pair, p->level);
	if (strcmp(key, "modifiers") == 0)
		return each_pair(y, v, "risk: modifiers", risk_modifier_pair, p);
	YERR(y, k, "risk: unknown key '%s' (threshold, window_days, half_life_days, repeat, levels, modifiers)", key);
	return -1;
}

static int formats_section(struct yl *y, yaml_node_t *v)
{
	if (v->type == YAML_SCALAR_NODE) {
		add_format_file(y, (const char *)v->data.scalar.value);
		return 0;
	}
	if (expect(y, v, YAML_SEQUENCE_NODE, "formats") != 0)
		return -1;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		const char *s = scalar(y, ynode(y, *it), "formats");
		if (!s)
			return -1;
		add_format_file(y, s);
	}
	return 0;
}

/* badge: building_doors (a list of parts of door names, or `all`) and
 * max_age_hours (doc/context.md, "badge"). */
static int building_doors(struct yl *y, yaml_node_t *v)
{
	struct lt_context *ctx = y->ctx;
	if (v->type == YAML_SCALAR_NODE && strcmp((const char *)v->data.scalar.value, "all") == 0) {
		ctx->all_doors_building = true;
		return 0;
	}
	if (expect(y, v, YAML_SEQUENCE_NODE, "building_doors") != 0)
		return -1;
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
		const char *s = scalar(y, ynode(y, *it), "building_doors");
		if (!s)
			return -1;
		if (!*s) {
			YERR(y, ynode(y, *it), "building_doors: an empty name would match every door (write `all`)");
			return -1;
		}
		ctx->building_doors = lt_xrealloc(ctx->building_doors, (ctx->nbuilding_doors + 1) * sizeof(char *));
		ctx->building_doors[ctx->nbuilding_doors++] = lt_xstrdup(s);
	}
	if (!ctx->building_doors)
		ctx->building_doors = lt_xcalloc(1, sizeof(char *));	/* an empty list: no building door */
	return 0;
}

static int badge_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)arg;
	if (strcmp(key, "building_doors") == 0)
		return building_doors(y, v);
	if (strcmp(key, "max_age_hours") == 0) {
		const char *s = scalar(y, v, key);
		char *end;
		long n = s ? strtol(s, &end, 10) : -1;
		if (!s || *end || n < 1 || n > 24 * 366) {
			if (s)
				YERR(y, v, "max_age_hours: expected a number of hours (1-8784)");
			return -1;
		}
		y->ctx->badge_max_age_hours = (int)n;
		return 0;
	}
	YERR(y, k, "badge: unknown key '%s' (building_doors, max_age_hours)", key);
	return -1;
}

static int top_pair(struct yl *y, const char *key, yaml_node_t *k, yaml_node_t *v, void *arg)
{
	(void)arg;
	if (strcmp(key, "organisation") == 0 || strcmp(key, "organization") == 0)
		return each_pair(y, v, key, org_pair, NULL);
	if (strcmp(key, "mail") == 0)
		return each_pair(y, v, key, mail_pair, NULL);
	if (strcmp(key, "web") == 0)
		return each_pair(y, v, key, web_pair, NULL);
	if (strcmp(key, "usb") == 0)
		return each_pair(y, v, key, usb_pair, NULL);
	if (strcmp(key, "classification") == 0)
		return each_pair(y, v, key, classification_pair, NULL);
	if (strcmp(key, "secret_repositories") == 0)
		return secret_repositories(y, v);
	if (strcmp(key, "identity") == 0)
		return each_pair(y, v, key, identity_pair, NULL);
	if (strcmp(key, "people") == 0) {
		const char *s = scalar(y, v, key);
		if (!s)
			return -1;
		free(y->people_path);
		y->people_path = rel_path(y, s);
		return 0;
	}
	/* Rule parameters: read by the rules loader (src/rules/scan.c, doc/rules.md). */
	if (strcmp(key, "rules") == 0)
		return 0;
	/* |expand placeholders: read by the rules loader too (doc/context.md). */
	if (strcmp(key, "placeholders") == 0)
		return 0;
	if (strcmp(key, "sources") == 0)
		return sources_section(y, v);
	if (strcmp(key, "risk") == 0)
		return each_pair(y, v, key, risk_pair, &y->ctx->risk);
	if (strcmp(key, "formats") == 0)
		return formats_section(y, v);
	if (strcmp(key, "badge") == 0)
		return each_pair(y, v, key, badge_pair, NULL);
	YERR(y, k, "unknown section '%s' (organisation, mail, web, usb, classification, "
		   "secret_repositories, identity, people, rules, placeholders, sources, formats, badge, risk)", key);
	return -1;
}

static int parse_document(struct yl *y, FILE *f)
{
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &y->doc)) {
		lt_ctx_error(y->e, y->path, parser.problem_mark.line + 1, parser.problem_mark.column + 1,
			     "YAML syntax: %s%s%s", parser.problem ? parser.problem : "error",
			     parser.context ? " " : "", parser.context ? parser.context : "");
		yaml_parser_delete(&parser);
		return -1;
	}
	yaml_parser_delete(&parser);
	return 0;
}

int lt_ctx_load_yaml(struct lt_context *ctx, const char *path, const char *datadir, struct lt_ctx_err *e)
{
	(void)datadir;
	FILE *f = fopen(path, "rb");
	if (!f) {
		lt_ctx_error(e, path, 0, 0, "cannot read context file: %s", strerror(errno));
		return -1;
	}
	struct yl y = { .path = path, .e = e, .ctx = ctx };
	const char *slash = strrchr(path, '/');
	y.dir = slash ? lt_xstrndup(path, (size_t)(slash - path)) : NULL;
	int rc = parse_document(&y, f);
	fclose(f);
	if (rc == 0) {
		yaml_node_t *root = yaml_document_get_root_node(&y.doc);
		if (root)	/* an empty file is an empty context */
			rc = each_pair(&y, root, "context", top_pair, NULL);
		yaml_document_delete(&y.doc);
	}
	if (rc == 0 && y.people_path)
		rc = lt_ctx_load_people(ctx, y.people_path, e);
	free(y.people_path);
	free(y.dir);
	return rc;
}
