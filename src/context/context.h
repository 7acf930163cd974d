/* The investigation context: organisation, calendar, people, domain lists.
 *
 * lt_context_load reads one YAML file (and the CSV side files it names) into
 * an immutable struct lt_context. After loading, every query is a read and is
 * safe from any number of threads; the only mutable part is the set of
 * unresolved user names (identity.c), which is guarded by its own mutex.
 *
 * Every part of the context is optional. lt_context_has tells which parts
 * were given, so that `scan` can turn off only the rules that need a missing
 * part and say so in the report (doc/context.md lists the part names).
 *
 * Ownership: the context owns everything it points to; lt_context_free
 * releases it. Person pointers and strings returned by queries stay valid
 * until lt_context_free.
 */
#ifndef LT_CONTEXT_H
#define LT_CONTEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/timeutil.h"

/* Parts of the context, for lt_context_has and rule requirements. */
enum lt_ctx_part {
	LT_CTX_TIME_ZONE = 1u << 0,		/* "time_zone" */
	LT_CTX_BUSINESS_HOURS = 1u << 1,	/* "business_hours" */
	LT_CTX_COMPANY_HOLIDAYS = 1u << 2,	/* "company_holidays" */
	LT_CTX_INTERNAL_DOMAINS = 1u << 3,	/* "internal_domains" */
	LT_CTX_PARTNER_DOMAINS = 1u << 4,	/* "partner_domains" */
	LT_CTX_APPROVED_CLOUD = 1u << 5,	/* "approved_cloud" */
	LT_CTX_APPROVED_USB = 1u << 6,		/* "approved_usb" */
	LT_CTX_CLASSIFICATION = 1u << 7,	/* "classification" (explicit pattern) */
	LT_CTX_SECRET_REPOS = 1u << 8,		/* "secret_repositories" */
	LT_CTX_PEOPLE = 1u << 9,		/* "people" */
	LT_CTX_HR_DATES = 1u << 10,		/* "hr_dates": someone has notice/last day */
	LT_CTX_PERSONAL_ADDRESSES = 1u << 11,	/* "personal_addresses" */
	LT_CTX_CONTRACT_WINDOWS = 1u << 12,	/* "contract_windows": vendor/partner dates */
	LT_CTX_NATIONAL_HOLIDAYS = 1u << 13,	/* "national_holidays" (on unless national: none) */
	LT_CTX_HOSTS = 1u << 14,		/* "hosts": someone has assigned computers */
	LT_CTX_PART_COUNT = 15
};

enum lt_person_type {
	LT_PERSON_EMPLOYEE, LT_PERSON_CONTRACTOR, LT_PERSON_PARTNER,
	LT_PERSON_VENDOR, LT_PERSON_SERVICE
};

#define LT_DATE_NONE INT64_MIN	/* "no date" for day numbers below */

struct lt_person {
	char *id;
	char *name;
	char *name_latin;	/* "Taro Yamada", for recipient look-alike checks; may be NULL */
	char *department;
	char *role;
	enum lt_person_type type;
	char **areas;		/* business areas this person works in (default: department) */
	size_t nareas;
	char **personal;	/* registered personal mail addresses (lowercase) */
	size_t npersonal;
	/* Dates as days since 1970-01-01 (local calendar dates), or LT_DATE_NONE.
	 * For vendors and partners, hire_date..last_day is the contract window. */
	int64_t hire_date, notice_date, last_day;
	bool approved_usb_writer;
};

struct lt_context;

/* Load path (YAML). datadir is where the shipped lists live ("rules/lists/..."
 * below it); NULL means the default (lt_context_datadir). On error, reports
 * the problem through lt_diag as "file:line:column: reason", copies that text
 * into err (when not NULL) and returns NULL. A NULL path gives a context with
 * only the shipped lists and the national holidays. */
struct lt_context *lt_context_load(const char *path, const char *datadir, char *err, size_t errlen);
void lt_context_free(struct lt_context *ctx);

/* The installed data directory (LT_DATADIR), or the source tree when
 * running uninstalled; LEAKTRAIL_DATADIR overrides both. */
const char *lt_context_datadir(void);

/* Parts present (bitwise or of enum lt_ctx_part). */
unsigned lt_context_parts(const struct lt_context *ctx);
bool lt_context_has(const struct lt_context *ctx, enum lt_ctx_part part);
/* Name of one part ("people"), and back (0 when unknown). */
const char *lt_context_part_name(enum lt_ctx_part part);
enum lt_ctx_part lt_context_part_from_name(const char *name);
/* The organisation's display name, or "". */
const char *lt_context_org_name(const struct lt_context *ctx);
/* Departing look-back in days (default 90). */
int lt_context_lookback_days(const struct lt_context *ctx);

/* --- sources (context_yaml.c "sources:") --- */
/* A per-source time zone: streams whose path matches the glob (doc/context.md)
 * read zone-less timestamps in tz. line is where the entry is in the file.
 * by_host: the glob names a host ("host:" entry), matched against the
 * syslog host of each line and the folder and file names of the path. */
struct lt_ctx_source {
	char *glob;
	const struct lt_tz *tz;
	size_t line;
	bool by_host;
};
/* The "sources:" entries in file order; *out valid until lt_context_free. */
size_t lt_context_sources(const struct lt_context *ctx, const struct lt_ctx_source **out);
/* Was organisation.time_zone given (not the calendar's default)? */
bool lt_context_tz_given(const struct lt_context *ctx);
/* "formats:": user-defined format files (doc/user-formats.md), paths
 * resolved against the context file's directory; valid until lt_context_free. */
size_t lt_context_format_files(const struct lt_context *ctx, const char *const **out);
/* The YAML file the context was read from, or NULL. */
const char *lt_context_path(const struct lt_context *ctx);

/* Badge presence (doc/context.md, "badge"): whether a door opens onto the
 * building's outside (context badge.building_doors: parts of door names, or
 * `all`; by default the usual entrance words such as 通用口, 玄関, entrance),
 * and how many hours a building read stays valid (badge.max_age_hours,
 * default 24). DOOR is NUL-terminated. */
bool lt_context_building_door(const struct lt_context *ctx, const char *door);
int lt_context_badge_max_age_hours(const struct lt_context *ctx);

/* --- calendar (calendar.c) --- */
/* The organisation's zone (Asia/Tokyo when none is configured). */
const struct lt_tz *lt_context_tz(const struct lt_context *ctx);
/* Local civil time of an instant, with its offset. */
void lt_context_local(const struct lt_context *ctx, lt_time_us t, struct lt_civil *out, int32_t *offset);
/* Is the local date a working day (not a weekend day without business hours,
 * not a national or company holiday)? */
bool lt_calendar_is_workday(const struct lt_context *ctx, int year, int month, int day);
/* Name of the holiday on that date (company holiday or national), or NULL.
 * *en gets the English name when en is not NULL. */
const char *lt_calendar_holiday_name(const struct lt_context *ctx, int year, int month, int day,
				     const char **en);
/* Outside business hours for that weekday, or on a non-working day. */
bool lt_calendar_off_hours(const struct lt_context *ctx, const struct lt_civil *local);

/* --- people and identity (people.c, identity.c) --- */
size_t lt_context_person_count(const struct lt_context *ctx);
const struct lt_person *lt_context_person(const struct lt_context *ctx, size_t i);
const struct lt_person *lt_context_person_by_id(const struct lt_context *ctx, const char *id);
/* Map a user name in any form (DOMAIN\user, user@domain, alias) to a person;
 * case-insensitive. domain may be NULL (user.domain of the record). */
const struct lt_person *lt_context_resolve(const struct lt_context *ctx, const char *user,
					   size_t len, const char *domain, size_t dlen);
/* The person a computer is assigned to (people.csv hosts), by host name
 * with or without its domain ("pc-suzuki", "PC-SUZUKI.corp.example"), or NULL. */
const struct lt_person *lt_context_host_owner(const struct lt_context *ctx, const char *host, size_t len);
/* The person whose registered personal address is addr, or NULL. */
const struct lt_person *lt_context_personal_owner(const struct lt_context *ctx, const char *addr, size_t len);
/* Remember a user name that resolved to nobody (thread-safe). */
void lt_context_note_unresolved(const struct lt_context *ctx, const char *user, size_t len);
/* Sorted copy of the unresolved names; the caller frees each string and the array. */
char **lt_context_unresolved(const struct lt_context *ctx, size_t *n);
const char *lt_person_type_name(enum lt_person_type t);
bool lt_person_has_area(const struct lt_person *p, const char *area);

/* --- domains and lists (domains.c) --- */
enum lt_domain_kind {
	LT_DOM_NONE, LT_DOM_INTERNAL, LT_DOM_PARTNER, LT_DOM_FREEMAIL
};
/* Is the mail domain (or any parent of it) internal, a partner's, free mail? */
bool lt_context_domain_is(const struct lt_context *ctx, enum lt_domain_kind kind, const char *dom, size_t len);
/* Web category of a host ("file-sharing", "webmail", "online-storage", "sns",
 * "uploader", "bbs"), matching the host or a parent domain; NULL if none. */
const char *lt_context_web_category(const struct lt_context *ctx, const char *host, size_t len);
/* Host (or a parent domain) on the approved cloud / file-sharing list. */
bool lt_context_web_approved(const struct lt_context *ctx, const char *host, size_t len);
bool lt_context_usb_approved(const struct lt_context *ctx, const char *serial, size_t len);

/* --- classification and repositories (classify.c) --- */
/* Does s match the classification-label pattern? On a match, *label points
 * into s at the matched label (length *label_len). Thread-safe. */
bool lt_context_classified(const struct lt_context *ctx, const char *s, size_t len,
			   const char **label, size_t *label_len);
/* The secret repository a path falls in: its name and business area
 * (static until lt_context_free), or false. */
bool lt_context_secret_repo(const struct lt_context *ctx, const char *path, size_t len,
			    const char **name, const char **area);

/* Release the calling thread's regex scratch space (call before a thread
 * that used the context exits; harmless if it never did). */
void lt_context_thread_cleanup(void);

/* How many times a classification or secret-repository pattern hit its
 * limit (util/regex.h) since start: those values were not classified, and
 * scan says so. */
unsigned long lt_context_regex_limits(void);

/* One pattern that gave up on a value: where the pattern comes from
 * ("context.yaml:LINE", valid until lt_context_free) and why (static). */
struct lt_ctx_limit {
	const char *origin;
	const char *why;
};
/* The limit hits of the calling thread since its last call, oldest first:
 * copies at most max into v, forgets them all and returns how many there
 * were (more than max, or than 8 kept per thread, are counted only). The
 * caller names the record and field (enrichment does, see enrich.h). */
size_t lt_context_limits_take(struct lt_ctx_limit *v, size_t max);

/* Mail scoring weights (doc/rules-default.md), from the context or defaults. */
struct lt_mail_weights {
	int personal_address, name_like, freemail, classified, off_hours, departing, partner;
};
const struct lt_mail_weights *lt_context_mail_weights(const struct lt_context *ctx);

/* The risk model's parameters (context `risk:`, doc/rules-default.md,
 * "Risk per person"), or their defaults. Levels are indexed informational,
 * low, medium, high, critical; modifiers multiply a finding's score. */
struct lt_risk_params {
	double threshold;	/* a person alert when the decayed sum reaches it */
	double window_days;	/* contributions older than this no longer count */
	double half_life_days;	/* a contribution counts half after this long */
	double repeat;		/* the k-th finding of one rule in the window counts repeat^k */
	double level[5];
	double departing, off_hours, classified, service;
};
const struct lt_risk_params *lt_context_risk_params(const struct lt_context *ctx);

#endif
