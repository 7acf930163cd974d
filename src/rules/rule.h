/* Rules as loaded and compiled: the Sigma subset leaktrail understands
 * (doc/rules.md), shared by the loader, the matcher and the engine.
 *
 * Ownership: a ruleset owns its rules and everything they point to
 * (compiled regexes included); lt_ruleset_free releases it. Rules are
 * immutable once lt_ruleset_finish succeeded, so one ruleset can feed several
 * engines, one after another (a regex match block is reused per value).
 */
#ifndef LT_RULE_H
#define LT_RULE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/hash.h"
#include "util/timeutil.h"

/* ---- values and field matchers (match.c) ---- */

enum lt_mkind {
	LT_M_EXACT,	/* case-insensitive unless cased */
	LT_M_PREFIX,
	LT_M_SUFFIX,
	LT_M_CONTAINS,
	LT_M_GLOB,	/* plain value with * or ? inside */
	LT_M_RE,	/* PCRE2, JIT */
	LT_M_CIDR,
	LT_M_NUM,	/* gt, gte, lt, lte */
	LT_M_NULL,	/* field absent or empty */
	LT_M_EXISTS,	/* field present (want) or absent (!want) */
	LT_M_FIELDREF	/* equal to another field of the record (ref) */
};

enum lt_numop { LT_NUM_GT, LT_NUM_GTE, LT_NUM_LT, LT_NUM_LTE };

struct lt_mvalue {
	enum lt_mkind kind;
	bool cased;
	bool ufold;		/* the pattern has non-ASCII text, folded (lt_utf8_fold): fold values too */
	char *pat;		/* lowercased unless cased; glob keeps its escapes resolved into a token form */
	size_t plen;
	bool has_int;		/* the value is an integer literal: compared numerically with int fields */
	int64_t ival;
	enum lt_numop numop;
	double num;		/* LT_M_NUM against numbers */
	bool has_time;		/* LT_M_NUM: value is an ISO time, compared with time fields */
	lt_time_us tval;
	void *re;		/* pcre2_code * */
	void *md;		/* pcre2_match_data * */
	int family;		/* 4 or 6 */
	uint8_t net[16];
	int prefix;
	bool want;		/* LT_M_EXISTS */
	struct lt_fkey *ref;	/* LT_M_FIELDREF: the other field */
	/* the matcher modifier's text comparison (its table entry's match);
	 * NULL: the plain comparison of kind */
	bool (*match)(const struct lt_mvalue *mv, const char *s, size_t n);
	struct lt_mvalue *alt;	/* variants from transforms (windash, base64offset ...): any may match */
	size_t nalt;
};

/* Where the field is looked up: a precomputed hash of its name. */
struct lt_fkey {
	char *name;		/* NULL: keyword search (message, then leaktrail.raw) */
	size_t len;
	uint32_t hash;
};

struct lt_fmatch {
	struct lt_fkey key;
	struct lt_mvalue *vals;
	size_t nvals;
	bool all;		/* every value must match (|all); else any */
};

struct lt_conj {		/* AND of field matchers */
	struct lt_fmatch *m;
	size_t n;
};

struct lt_selection {		/* OR of conjunctions (a list of maps); a map is one conjunction */
	char *name;
	struct lt_conj *alts;
	size_t nalts;
};

/* Per-record field index: records are looked up by precomputed key hash
 * instead of scanning their fields for every matcher. */
#define LT_RIDX_SLOTS 256
struct lt_ridx {
	const struct lt_record *r;
	uint32_t gen;
	uint32_t slot_gen[LT_RIDX_SLOTS];
	uint32_t slot_field[LT_RIDX_SLOTS];
	uint32_t slot_hash[LT_RIDX_SLOTS];	/* compared before the name: most probes end here */
	const char *slot_alias[LT_RIDX_SLOTS];	/* non-NULL: the slot answers this name (lt_ridx_alias) */
};

uint32_t lt_fkey_hash(const char *s, size_t n);	/* FNV-1a, for values */
uint32_t lt_field_hash(const char *s, size_t n);	/* cheap, for field names */
void lt_fkey_init(struct lt_fkey *k, const char *name);
void lt_ridx_build(struct lt_ridx *ix, const struct lt_record *r);
const struct lt_value *lt_ridx_get(const struct lt_ridx *ix, const struct lt_fkey *k);

/* Compile one value for field|modifiers. mods is a NULL-terminated list of
 * modifier names (already checked). Returns 0, or -1 with err set. */
int lt_mvalue_compile(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen,
		      bool is_null, char *err, size_t errlen);
void lt_mvalue_free(struct lt_mvalue *mv);
bool lt_fmatch_eval(const struct lt_fmatch *fm, const struct lt_ridx *ix);
bool lt_selection_eval(const struct lt_selection *s, const struct lt_ridx *ix);
void lt_selection_free(struct lt_selection *s);

/* Regular expressions that hit a limit (util/regex.h) since the last reset:
 * how many, and the first one's field ("keywords" for a keyword search),
 * reason and pattern (static or owned by the ruleset). A hit counts as no
 * match in lt_fmatch_eval; the engine resets before a rule is evaluated on a
 * record and reads this after. Per thread. */
struct lt_match_limit {
	unsigned long hits;
	const char *field;
	const char *why;
	const char *pattern;
};
void lt_match_limit_reset(void);
const struct lt_match_limit *lt_match_limit_get(void);

/* ---- conditions (cond.c) ---- */

enum lt_cop { LT_C_SEL, LT_C_AND, LT_C_OR, LT_C_NOT, LT_C_TRUE, LT_C_FALSE };

struct lt_cnode {
	enum lt_cop op;
	int a, b;		/* children (node indexes); SEL: a = selection index */
};

struct lt_cond {
	struct lt_cnode *nodes;
	size_t n;
	int root;
};

/* Parse a Sigma condition over the rule's selection names. Returns 0, or -1
 * with err holding the reason and *errcol the 0-based column in text. */
int lt_cond_parse(struct lt_cond *c, const char *text, char *const *names, size_t nnames,
		  char *err, size_t errlen, size_t *errcol);
bool lt_cond_eval(const struct lt_cond *c, const struct lt_selection *sels, const struct lt_ridx *ix);
void lt_cond_free(struct lt_cond *c);

/* ---- rules ---- */

enum lt_rule_kind { LT_RULE_DETECTION, LT_RULE_CORRELATION };
enum lt_corr_type { LT_CORR_EVENT_COUNT, LT_CORR_VALUE_COUNT, LT_CORR_TEMPORAL,
		    LT_CORR_TEMPORAL_ORDERED, LT_CORR_BASELINE, LT_CORR_VALUE_SUM };

struct lt_param {
	char *name;
	char *value;		/* after overrides */
	char *source;		/* "rule", "context", "--set" */
};

/* A count condition: lo < count (or <=), count < hi (or <=). */
struct lt_range {
	bool has_lo, lo_incl, has_hi, hi_incl;
	int64_t lo, hi;
};

struct lt_alias {		/* group-by alias: for rule name -> field */
	char *alias;
	char *rule;
	struct lt_fkey field;
};

struct lt_correlation {
	enum lt_corr_type type;
	char **refs;		/* rule ids or names, as written */
	size_t nrefs;
	int *ref_idx;		/* resolved rule indexes */
	struct lt_fkey *group;	/* group-by fields */
	size_t ngroup;
	struct lt_alias *aliases;
	size_t naliases;
	lt_time_us timespan;	/* microseconds */
	char *timespan_text;
	struct lt_fkey field;	/* value_count / baseline distinct field (name NULL: count events); value_sum: the summed field */
	struct lt_range cond;
	bool has_cond;
	/* baseline */
	int history;		/* working days of history */
	int min_history;	/* working days needed before judging */
	double factor;
	int64_t floor;
};

struct lt_rule {
	int index;
	enum lt_rule_kind kind;
	char *file;		/* path as given */
	char *file_base;	/* file name */
	char *file_sha256;
	unsigned line, col;	/* start of the document */
	char *id, *name, *title, *title_ja, *description, *description_ja;
	char *status, *author, *date, *modified, *level;
	char **tags;
	size_t ntags;
	char **references;
	size_t nreferences;
	char **falsepositives;
	size_t nfalsepositives;
	char *message_en, *message_ja;	/* templates */
	char **requires;	/* context parts */
	size_t nrequires;
	struct lt_param *params;
	size_t nparams;
	/* logsource: category ~ event.category, product ~ leaktrail.family,
	 * service ~ event.dataset or leaktrail.parser (NULL = any) */
	char *ls_category, *ls_product, *ls_service;
	/* the logsource mapping entry (rs->lsmaps) for product, category and
	 * service (LT_LS_*); -1: compared with the fields above instead */
	int ls_map[3];
	/* detection */
	struct lt_selection *sels;
	size_t nsels;
	struct lt_cond cond;
	/* correlation */
	struct lt_correlation corr;
	unsigned corr_line, corr_col;	/* where correlation.rules is, for reference errors */
	bool generate;		/* emit findings even though a correlation uses it */
	bool referenced;	/* used by a correlation */
	int *consumers;		/* correlation rules fed by this rule's hits */
	size_t nconsumers;
};

struct lt_ruleset;

/* ---- log-source mapping (lsmap.c, rules/logsources/, doc/rules.md) ---- */

enum { LT_LS_PRODUCT, LT_LS_CATEGORY, LT_LS_SERVICE };

struct lt_lsalt {		/* one way a log source shows in records */
	struct lt_conj when;
	struct lt_fkey *ren_from;	/* a rule's field name ... */
	struct lt_fkey *ren_to;		/* ... read from this record field */
	size_t nren;
};

struct lt_lsmap {		/* product alone, or a category or service (with its product) */
	char *product, *category, *service;
	struct lt_lsalt *alts;	/* any of them */
	size_t nalts;
};

/* Link every detection rule's logsource to its mapping entries (ls_map). */
void lt_lsmap_resolve(struct lt_ruleset *rs);
void lt_lsmap_free(struct lt_lsmap *m);
/* Whether alternative a holds for the record (its renames not applied). */
bool lt_lsalt_eval(const struct lt_lsalt *a, const struct lt_ridx *ix);
/* Make the names from[i] find the record's field to[i] (a log source's
 * field renames, e.g. Image -> NewProcessName on Security 4688); targets are
 * looked up before any alias is set. */
void lt_ridx_alias(struct lt_ridx *ix, const struct lt_fkey *from, const struct lt_fkey *to, size_t n);

struct lt_override {
	char *rule, *param, *value, *source;
	bool used;
};

/* A placeholder for |expand (the context's placeholders:, doc/context.md):
 * %name% in a value stands for each of vals in turn (any may match). */
struct lt_placeholder {
	char *name;
	char **vals;
	size_t n;
};

struct lt_ruleset {
	struct lt_rule **rules;
	size_t n;
	char **errors;		/* "file:line:col: reason" */
	size_t nerrors;
	char **warnings;	/* "file:line:col: warning: ..." (lint.h); rules still load */
	size_t nwarnings;
	struct lt_override *overrides;
	size_t noverrides;
	struct {
		char *path;
		char sha256[LT_SHA256_HEX];
	} *files;
	size_t nfiles;
	size_t nfiles_failed;		/* files refused (each has errors above) */
	size_t nfiles_implicit;		/* of nfiles: the shipped mapping, loaded because none was given */
	/* set before loading: rule files found in a directory whose only
	 * problem is an undeclared placeholder are skipped, not errors */
	bool skip_placeholders;
	char **skipped;			/* their "file:line:col: reason" messages */
	size_t nskipped, nfiles_skipped;
	struct lt_placeholder *placeholders;	/* set before loading (lt_ruleset_set_placeholder) */
	size_t nplaceholders;
	struct lt_lsmap *lsmaps;	/* log-source mapping entries, in load order */
	size_t nlsmaps;
	char digest[LT_SHA256_HEX];	/* over the sorted (file name, sha256) list and parameter values */
};

struct lt_ruleset *lt_ruleset_new(void);
/* Set a parameter before loading: rule is an id or a name. source says where
 * it came from (for coverage.json and the manifest). */
void lt_ruleset_set_param(struct lt_ruleset *rs, const char *rule, const char *param,
			  const char *value, const char *source);
/* Define %name% for |expand before loading: each of vals[0..n) in turn.
 * A later definition of the same name replaces an earlier one. */
void lt_ruleset_set_placeholder(struct lt_ruleset *rs, const char *name, const char *const *vals, size_t n);
/* "rule.param=value" (--set). Returns 0 or -1 when malformed. */
int lt_ruleset_set_param_arg(struct lt_ruleset *rs, const char *arg, const char *source);
/* Load a file, or every *.yml / *.yaml under a directory (recursive, sorted).
 * Errors go into rs->errors; a file with an error contributes no rule.
 * Returns the number of errors added. */
size_t lt_ruleset_add_path(struct lt_ruleset *rs, const char *path);
/* Resolve correlation references, check overrides, compute the digest.
 * Returns the total number of errors. */
size_t lt_ruleset_finish(struct lt_ruleset *rs);
void lt_ruleset_free(struct lt_ruleset *rs);
const struct lt_rule *lt_ruleset_find(const struct lt_ruleset *rs, const char *id_or_name);

/* Default rule directories: $LEAKTRAIL_RULES, else the source tree's rules/
 * when running from the build tree, else pkgdatadir/rules. Static string. */
const char *lt_rules_default_dir(void);

/* "1h", "30m", "45s", "2d" -> microseconds; -1 if malformed. */
lt_time_us lt_parse_timespan(const char *s);

#endif
