/* Internal layout of struct lt_context, shared by the files of src/context.
 * Not a public header: other areas use context.h. */
#ifndef LT_CONTEXT_IMPL_H
#define LT_CONTEXT_IMPL_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>

#include "context/context.h"
#include "context/strmap.h"

struct lt_hours {
	bool open;
	int start_min, end_min;	/* local minutes since midnight; end may exceed 24*60 */
};

struct lt_company_holiday {
	int64_t first, last;	/* day numbers, inclusive */
	char *name;
};

struct lt_repo {
	char *name, *area;
	pcre2_code *re;
	char *origin;		/* "context.yaml:LINE", for limit reports */
};

struct lt_context {
	char *path;		/* the YAML file, for messages */
	char *org_name;
	unsigned parts;
	const struct lt_tz *tz;
	struct lt_hours hours[7];	/* 0 = Sunday */
	struct lt_company_holiday *hol;
	size_t nhol;
	bool national;
	int lookback_days;
	struct lt_mail_weights weights;
	struct lt_risk_params risk;

	struct lt_strmap internal, partner, freemail, approved_cloud, usb;
	struct lt_strmap webcat;	/* host -> index into categories */
	char **categories;
	size_t ncat;

	pcre2_code *label_re;
	char *label_origin;	/* "context.yaml:LINE" or the built-in default */
	struct lt_repo *repos;
	size_t nrepos;

	struct lt_person *people;
	size_t npeople;
	struct lt_strmap alias;		/* any alias form -> person index */
	struct lt_strmap personal;	/* personal address -> person index */
	struct lt_strmap hosts;		/* assigned computer (short name) -> person index */
	struct lt_strmap windows_domains;	/* DOMAIN\ prefixes to strip; empty = any */
	struct lt_strmap upn_suffixes;	/* @domain suffixes to strip; empty = internal */

	struct lt_ctx_source *sources;	/* "sources:" (per-source time zones) */
	size_t nsources;
	char **format_files;		/* "formats:" (user-defined format files) */
	size_t nformat_files;
	char **building_doors;		/* "badge: building_doors:" (parts of door names) */
	size_t nbuilding_doors;
	bool all_doors_building;	/* building_doors: all */
	int badge_max_age_hours;	/* "badge: max_age_hours:" */

	/* The one mutable part: users seen but not resolved. */
	pthread_mutex_t unresolved_lock;
	struct lt_strmap unresolved;
};

/* Load error helper: formats "file:line:col: reason" into err and lt_diag. */
struct lt_ctx_err {
	char *buf;
	size_t len;
	int count;
};
void lt_ctx_error(struct lt_ctx_err *e, const char *file, size_t line, size_t col,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Parse "YYYY-MM-DD" into a day number; -1 on error. */
int lt_ctx_parse_date(const char *s, int64_t *day);

/* domains.c */
void lt_ctx_add_domain(struct lt_strmap *m, const char *dom, size_t len, int64_t val);
int lt_ctx_category_index(struct lt_context *ctx, const char *name);
/* Read a list file ("domain" per line, '#' comments) into m with val.
 * Returns 0, or -1 with an error reported. */
int lt_ctx_load_list(struct lt_strmap *m, int64_t val, const char *path, struct lt_ctx_err *e);
/* Load the shipped lists under datadir/rules/lists/. */
int lt_ctx_load_default_lists(struct lt_context *ctx, const char *datadir, struct lt_ctx_err *e);
/* Category list file names shipped (NULL-terminated), e.g. "file-sharing". */
extern const char *const lt_ctx_web_categories[];

/* people.c: load the CSV at path. */
int lt_ctx_load_people(struct lt_context *ctx, const char *path, struct lt_ctx_err *e);
void lt_ctx_free_people(struct lt_context *ctx);

/* identity.c: index an assigned computer (people.csv hosts) by its short name. */
void lt_ctx_add_host(struct lt_context *ctx, const char *host, size_t idx);

/* classify.c */
pcre2_code *lt_ctx_compile(const char *pattern, const char *file, size_t line, size_t col,
			   struct lt_ctx_err *e);

/* context_yaml.c */
int lt_ctx_load_yaml(struct lt_context *ctx, const char *path, const char *datadir, struct lt_ctx_err *e);

#define LT_DEFAULT_LABEL_PATTERN "極秘|厳秘|社外秘|部外秘|秘|Confidential"

#endif
