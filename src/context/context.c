/* Context lifecycle, parts and small shared helpers: see context.h. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "context/context_impl.h"
#include "util/diag.h"
#include "util/xalloc.h"

static const char *const part_names[LT_CTX_PART_COUNT] = {
	"time_zone", "business_hours", "company_holidays", "internal_domains",
	"partner_domains", "approved_cloud", "approved_usb", "classification",
	"secret_repositories", "people", "hr_dates", "personal_addresses",
	"contract_windows", "national_holidays", "hosts",
};

const char *lt_context_part_name(enum lt_ctx_part part)
{
	for (int i = 0; i < LT_CTX_PART_COUNT; i++)
		if ((unsigned)part == (1u << i))
			return part_names[i];
	return "?";
}

enum lt_ctx_part lt_context_part_from_name(const char *name)
{
	for (int i = 0; i < LT_CTX_PART_COUNT; i++)
		if (strcmp(name, part_names[i]) == 0)
			return (enum lt_ctx_part)(1u << i);
	return (enum lt_ctx_part)0;
}

void lt_ctx_error(struct lt_ctx_err *e, const char *file, size_t line, size_t col,
		  const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	char full[1024];
	if (line)
		snprintf(full, sizeof(full), "%s:%zu:%zu: %s", file ? file : "-", line, col, msg);
	else
		snprintf(full, sizeof(full), "%s: %s", file ? file : "-", msg);
	lt_diag(LT_ERROR, NULL, "%s", full);
	if (e->count++ == 0 && e->buf && e->len)
		snprintf(e->buf, e->len, "%s", full);
}

int lt_ctx_parse_date(const char *s, int64_t *day)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
		return -1;
	if (strlen(s) != 10 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	int64_t n = lt_days_from_civil(y, m, d);
	int yy, mm, dd;
	lt_civil_from_days(n, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d)
		return -1; /* 2026-02-30 */
	*day = n;
	return 0;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *lt_context_datadir(void)
{
	const char *env = getenv("LEAKTRAIL_DATADIR");
	if (env && *env)
		return env;
	if (is_dir(LT_DATADIR "/rules/lists"))
		return LT_DATADIR;
	return LT_SRCDIR;
}

static void init_defaults(struct lt_context *ctx)
{
	ctx->tz = lt_tz_load("Asia/Tokyo");
	if (!ctx->tz)
		ctx->tz = lt_tz_load("UTC");
	ctx->national = true;
	ctx->parts |= LT_CTX_NATIONAL_HOLIDAYS;
	ctx->lookback_days = 90;
	ctx->badge_max_age_hours = 24;
	ctx->weights = (struct lt_mail_weights){
		.personal_address = 2, .name_like = 2, .freemail = 1, .classified = 2,
		.off_hours = 1, .departing = 2, .partner = -2,
	};
	/* doc/rules-default.md, "Risk per person", gives the reasoning. */
	ctx->risk = (struct lt_risk_params){
		.threshold = 20, .window_days = 14, .half_life_days = 7, .repeat = 0.3,
		.level = { 1, 3, 8, 15, 25 },
		.departing = 1.5, .off_hours = 1.25, .classified = 1.5, .service = 0.5,
	};
	/* Mon-Fri 09:00-18:00 until business_hours says otherwise; off_hours is
	 * still only reported when the part is present (enrich.c). */
	for (int d = 1; d <= 5; d++)
		ctx->hours[d] = (struct lt_hours){ true, 9 * 60, 18 * 60 };
	lt_strmap_init(&ctx->internal, true);
	lt_strmap_init(&ctx->partner, true);
	lt_strmap_init(&ctx->freemail, true);
	lt_strmap_init(&ctx->approved_cloud, true);
	lt_strmap_init(&ctx->usb, true);
	lt_strmap_init(&ctx->webcat, true);
	lt_strmap_init(&ctx->alias, true);
	lt_strmap_init(&ctx->personal, true);
	lt_strmap_init(&ctx->hosts, true);
	lt_strmap_init(&ctx->windows_domains, true);
	lt_strmap_init(&ctx->upn_suffixes, true);
	lt_strmap_init(&ctx->unresolved, false);
	pthread_mutex_init(&ctx->unresolved_lock, NULL);
}

struct lt_context *lt_context_load(const char *path, const char *datadir, char *err, size_t errlen)
{
	struct lt_context *ctx = lt_xcalloc(1, sizeof(*ctx));
	struct lt_ctx_err e = { err, errlen, 0 };
	if (err && errlen)
		err[0] = 0;
	init_defaults(ctx);
	if (!datadir)
		datadir = lt_context_datadir();
	int rc = lt_ctx_load_default_lists(ctx, datadir, &e);
	if (rc == 0 && path) {
		ctx->path = lt_xstrdup(path);
		rc = lt_ctx_load_yaml(ctx, path, datadir, &e);
	}
	if (rc == 0 && !ctx->label_re) {
		ctx->label_re = lt_ctx_compile(LT_DEFAULT_LABEL_PATTERN, NULL, 0, 0, &e);
		ctx->label_origin = lt_xstrdup("the built-in classification pattern");
	}
	if (rc != 0 || e.count) {
		lt_context_free(ctx);
		return NULL;
	}
	return ctx;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void lt_context_free(struct lt_context *ctx)
{
	if (!ctx)
		return;
	free(ctx->path);
	free(ctx->org_name);
	for (size_t i = 0; i < ctx->nsources; i++)
		free(ctx->sources[i].glob);
	free(ctx->sources);
	for (size_t i = 0; i < ctx->nformat_files; i++)
		free(ctx->format_files[i]);
	free(ctx->format_files);
	free_strv(ctx->building_doors, ctx->nbuilding_doors);
	for (size_t i = 0; i < ctx->nhol; i++)
		free(ctx->hol[i].name);
	free(ctx->hol);
	lt_strmap_free(&ctx->internal);
	lt_strmap_free(&ctx->partner);
	lt_strmap_free(&ctx->freemail);
	lt_strmap_free(&ctx->approved_cloud);
	lt_strmap_free(&ctx->usb);
	lt_strmap_free(&ctx->webcat);
	free_strv(ctx->categories, ctx->ncat);
	pcre2_code_free(ctx->label_re);
	free(ctx->label_origin);
	for (size_t i = 0; i < ctx->nrepos; i++) {
		free(ctx->repos[i].name);
		free(ctx->repos[i].area);
		pcre2_code_free(ctx->repos[i].re);
		free(ctx->repos[i].origin);
	}
	free(ctx->repos);
	lt_ctx_free_people(ctx);
	lt_strmap_free(&ctx->alias);
	lt_strmap_free(&ctx->personal);
	lt_strmap_free(&ctx->hosts);
	lt_strmap_free(&ctx->windows_domains);
	lt_strmap_free(&ctx->upn_suffixes);
	lt_strmap_free(&ctx->unresolved);
	pthread_mutex_destroy(&ctx->unresolved_lock);
	free(ctx);
}

unsigned lt_context_parts(const struct lt_context *ctx)
{
	return ctx->parts;
}

bool lt_context_has(const struct lt_context *ctx, enum lt_ctx_part part)
{
	return (ctx->parts & (unsigned)part) == (unsigned)part;
}

const char *lt_context_org_name(const struct lt_context *ctx)
{
	return ctx->org_name ? ctx->org_name : "";
}

int lt_context_lookback_days(const struct lt_context *ctx)
{
	return ctx->lookback_days;
}

const struct lt_mail_weights *lt_context_mail_weights(const struct lt_context *ctx)
{
	return &ctx->weights;
}

const struct lt_risk_params *lt_context_risk_params(const struct lt_context *ctx)
{
	return &ctx->risk;
}

size_t lt_context_sources(const struct lt_context *ctx, const struct lt_ctx_source **out)
{
	*out = ctx ? ctx->sources : NULL;
	return ctx ? ctx->nsources : 0;
}

bool lt_context_tz_given(const struct lt_context *ctx)
{
	return ctx && (ctx->parts & LT_CTX_TIME_ZONE);
}

const char *lt_context_path(const struct lt_context *ctx)
{
	return ctx ? ctx->path : NULL;
}

size_t lt_context_format_files(const struct lt_context *ctx, const char *const **out)
{
	*out = ctx ? (const char *const *)ctx->format_files : NULL;
	return ctx ? ctx->nformat_files : 0;
}

/* Door names that usually mean the building's own entrance in Japanese and
 * English badge exports (doc/context.md, "badge"); a room door (2F 設計室)
 * matches none of them. */
static const char *const default_building_doors[] = {
	"通用口", "正面", "玄関", "エントランス", "ロビー", "正門", "通用門", "裏口",
	"entrance", "lobby", "gate",
};

bool lt_context_building_door(const struct lt_context *ctx, const char *door)
{
	if (ctx->all_doors_building)
		return true;
	if (ctx->building_doors) {
		for (size_t i = 0; i < ctx->nbuilding_doors; i++)
			if (strcasestr(door, ctx->building_doors[i]))
				return true;
		return false;
	}
	for (size_t i = 0; i < sizeof default_building_doors / sizeof default_building_doors[0]; i++)
		if (strcasestr(door, default_building_doors[i]))
			return true;
	return false;
}

int lt_context_badge_max_age_hours(const struct lt_context *ctx)
{
	return ctx->badge_max_age_hours;
}
