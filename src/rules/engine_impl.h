/* Internals of the rule engine, shared by its files (engine.c: setup,
 * dispatch, feeding, finishing; engine_refs.c; engine_findings.c;
 * engine_correlate.c; engine_baseline.c; engine_coverage.c). Not for use
 * outside src/rules/engine*.c.
 *
 * Ownership: the engine owns every structure below; strings marked
 * "interned" live in lt_engine.strings until lt_engine_free.
 */
#ifndef LT_ENGINE_IMPL_H
#define LT_ENGINE_IMPL_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "rules/engine.h"
#include "rules/smap.h"
#include "util/buf.h"

#define DEFAULT_MAX_GROUPS 100000
#define WINDOW_MAX 100000	/* entries kept per group window */
#define MAX_PEOPLE 100000
#define HISTORY_DAYS_KEPT 800	/* calendar days of daily counts per baseline group */

/* ---- evidence references ---- */

struct eref {
	lt_time_us t;
	const char *path, *sha, *member;	/* interned */
	uint64_t offset, line;
	char *raw, *summary;
	bool cited;	/* a line the record's enrichment rests on (leaktrail.cite.*), not an event of the window */
};

struct refs {
	struct eref *v;
	size_t n, cap;
	uint64_t total;
};

struct cov {
	uint64_t n;
	lt_time_us first, last;
};

/* A hit delivered to a correlation: from a record or from a fired correlation. */
struct hit {
	lt_time_us t;
	const char *person;
	const struct refs *refs;
	const struct lt_ridx *ix;		/* NULL when the producer closed without a record */
	const struct lt_rule *producer;
	char *const *gvals;			/* producer's group values (correlations) */
};

struct whit {
	lt_time_us t;
	const char *person;
	struct refs refs;
	char *value;				/* value_count */
	int64_t num;				/* value_sum: the field's number (0 when not a number) */
};

struct wq {				/* a queue of hits, oldest first */
	struct whit *v;
	size_t start, n, cap;
};

struct chain {
	bool set;
	lt_time_us start;
	struct refs refs;
};

struct dayc {
	int64_t day, count;
};

struct acc {				/* a finding being built */
	const struct lt_rule *r;
	const char *person;
	char *group_key;
	lt_time_us first, last;
	struct refs refs;
	int64_t count;
	double baseline;
	bool has_baseline;
	char day[16];
};

struct group {
	char **gvals;
	const char *person;
	lt_time_us last_seen;
	struct wq win;
	struct lt_smap vals;		/* value_count: value -> count in window */
	int64_t sum;			/* value_sum: the sum over the window */
	bool anchored_open;
	lt_time_us t0;
	struct acc *active;
	struct wq *slots;		/* temporal: one queue per referenced rule */
	struct chain *chains;		/* temporal_ordered */
	/* baseline */
	int64_t day, first_day;
	bool day_open;
	int64_t day_count;
	struct lt_smap day_vals;
	struct refs day_refs;
	lt_time_us day_first, day_last;
	struct dayc *hist;
	size_t nhist;
};

struct cstate {
	struct lt_smap groups;
	uint64_t dropped;		/* groups closed early because of max_groups */
	uint64_t saturated;		/* window entries dropped because of WINDOW_MAX */
};

struct rstate {
	char *status;			/* NULL = runs; else "not evaluable: ..." */
	struct cov all;
	uint64_t nfind;
	uint64_t nmatch;		/* records the detection matched (coverage "matched") */
	struct cstate cs;
	lt_time_us last_sweep;		/* event time of this correlation's last sweep */
	uint64_t re_limits;		/* records where a regular expression hit a limit */
	uint64_t unevaluated;		/* ... and the rule's result was therefore unknown */
};

struct findex {
	lt_time_us first;
	const char *rule_id;		/* the rule's, borrowed */
	char *group_key;
	char id[33];
	long off;
	size_t len;
};

/* A person seen in the records: activity period and per-rule coverage. */
struct pinfo {
	const char *name;		/* the key in lt_engine.people */
	struct cov act;
	struct cov *rc;			/* per rule, allocated at the person's first match (LT_RULE_INDEX=0) */
	struct cov *gc;			/* per log-source group, likewise (with the rule index) */
};

struct lt_engine {
	const struct lt_ruleset *rs;
	struct lt_engine_opts o;
	struct lt_fkey k_time, k_person, k_user, k_cat, k_family, k_dataset, k_parser;
	struct lt_fkey k_path, k_sha, k_member, k_offset, k_line, k_raw, k_action, k_msg, k_srcid;
	struct lt_ridx ix;
	struct rstate *st;
	uint8_t *ls_memo;		/* per mapping entry, this record: 0 not yet, 1 no, 2 yes */
	uint8_t *ls_template;		/* ls_memo's start on a record with a numeric EventID: 1 for event-id entries */
	struct evid_entry *evids;	/* (event id, mapping entry), sorted (engine.c) */
	size_t nevids;
	struct lt_fkey k_evid;
	struct lt_smap strings;		/* interned strings */
	struct lt_smap people;		/* person -> struct pinfo* */
	uint64_t records, untimed;
	lt_time_us now, first_time, last_sweep, sweep_every;
	/* Findings wait in a temporary file (JSON lines, in the order they
	 * closed) so that memory holds only a small index entry per finding;
	 * lt_engine_finish sorts the index and reads them back in order. */
	FILE *spill;
	char *spill_mem;		/* when no temporary file can be made */
	size_t spill_memlen;
	struct findex *fidx;
	size_t nfinds, capfinds;
	bool spill_failed;
	bool finished;
	struct lt_buf scratch;		/* reused per record: no allocation on the hot path */
	struct lt_buf keybuf;		/* group keys */
	/* Distinct logsource categories: each record's event.category is
	 * compared with these once, not once per rule. */
	char **cats;
	size_t ncats;
	int *rule_cat;			/* per rule: index into cats, or -1 */
	bool *cat_hit;			/* per record */
	/* Log-source index: detection rules with the same logsource form one
	 * group, whose logsource is tested once per record; a group's bitmap
	 * (nwords words, bit i = rule i) says which rules it holds, and the
	 * union of the groups that hold for a record is walked in rule order. */
	size_t ngroups, nwords;
	int *group_rep;			/* per group: a rule of it, whose logsource is tested */
	uint64_t *group_bits;		/* ngroups * nwords */
	uint64_t *live;			/* per record: the rules to test */
	/* Context patterns that gave up while the record was enriched
	 * (lt_engine_context_limit): all counted, the first ones listed as
	 * JSON objects for coverage.json. */
	uint64_t ctx_limits, ctx_limits_listed;
	struct lt_buf ctx_limits_json;
	int *group_of;			/* per rule: its group, or -1 (correlations) */
	/* Coverage is kept per group with the index (every rule of a group
	 * has the same records), per rule without it: eng_rule_cov. */
	struct cov *gcov;
	size_t *ghits, nghits;		/* per record: the groups that hold */
	/* Literal prefilter (engine_prefilter.c); NULL when the rule index is
	 * off (LT_RULE_INDEX=0: every rule's logsource and condition is then
	 * tested on every record, for comparison and debugging). */
	bool no_index;
	struct eng_prefilter *pf;
	uint64_t evaluations;		/* eng_detect calls */
	long spill_off;			/* bytes written to spill so far */
	struct lt_buf spill_line;	/* one finding's JSON line, reused */
};

/* ---- the literal prefilter (engine_prefilter.c, doc/rules.md "Rule index") ---- */

struct lt_ac;

struct eng_prefilter {
	struct lt_ac *ac;		/* every rule's literals */
	uint32_t nlits;
	uint32_t *lit_off;		/* literal id -> its rules: lit_rules[lit_off[id] .. lit_off[id+1]) */
	uint32_t *lit_rules;
	uint32_t *lit_gen;		/* per literal: the record generation it last hit in */
	uint32_t gen;
	size_t nwords;
	uint64_t *always;		/* rules without a prefilter */
	uint64_t *hit;			/* per record: rules one of whose literals occurred */
	const struct lt_fkey **names;	/* the fields to scan (open addressing, nslots a power of 2) */
	size_t nslots, nnames;
	size_t nalways, nfiltered;	/* detection rules without / with a prefilter */
	uint32_t *high_rules;		/* rules that need a byte >= 0x80 in a scanned value */
	size_t nhigh;
	bool high_seen;			/* per record */
};

/* Derive every detection rule's literal set and build the automaton; NULL
 * when the literals do not fit one (then every rule is evaluated). */
struct eng_prefilter *eng_prefilter_new(const struct lt_ruleset *rs, size_t nwords);
void eng_prefilter_free(struct eng_prefilter *pf);
/* Scan the record's values: fills pf->hit. */
void eng_prefilter_record(struct eng_prefilter *pf, const struct lt_record *r);

/* ---- shared between the engine's files ---- */

void eng_cov_context_limits(const struct lt_engine *e, struct lt_buf *b);
/* A rule's coverage (records its logsource held for), overall and for one
 * person (NULL when none). */
const struct cov *eng_rule_cov(const struct lt_engine *e, size_t i);
const struct cov *eng_rule_pcov(const struct lt_engine *e, const struct pinfo *pi, size_t i);

void eng_close_day(struct lt_engine *e, const struct lt_rule *r, struct group *g);
void eng_baseline_hit(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct hit *h);
void eng_corr_hit(struct lt_engine *e, int ci, const struct hit *h);
char *eng_display_key(char *const *vals, size_t n);
void eng_close_anchored(struct lt_engine *e, const struct lt_rule *r, struct group *g);
void eng_close_active(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct lt_ridx *ix);
void eng_group_free(const struct lt_rule *r, struct group *g);
void eng_group_value(const struct lt_rule *r, const struct hit *h, size_t i, struct lt_buf *b);
void eng_count_hit(struct lt_engine *e, struct cstate *cs, const struct lt_rule *r, struct group *g,
		      const struct hit *h);
void eng_temporal_hit(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct hit *h, size_t slot);
void eng_ordered_hit(struct lt_engine *e, const struct lt_rule *r, struct group *g, const struct hit *h, size_t slot);
void eng_acc_free(struct acc *a);
struct acc *eng_acc_new(const struct lt_rule *r, const char *person, const char *gkey);
void eng_acc_add(struct acc *a, lt_time_us t, const struct refs *refs);
void eng_finalize(struct lt_engine *e, struct acc *a, const struct lt_ridx *ix, char *const *gvals, bool chain);
const char *eng_tz_name(const struct lt_engine *e);
bool eng_lookup_text(const struct lt_ridx *ix, const struct lt_fkey *k, struct lt_buf *out);
void eng_refs_free(struct refs *r);
void eng_refs_add(struct refs *d, const struct refs *s);
void eng_wq_free(struct wq *q);
struct whit *eng_wq_front(struct wq *q);
void eng_wq_pop(struct wq *q);
void eng_wq_push(struct wq *q, struct whit *h);
const char *eng_intern(struct lt_engine *e, const char *s, size_t n);
void eng_refs_push_owned(struct refs *d, struct eref *r);
void eng_cov_add(struct cov *c, lt_time_us t);
void eng_refs_push(struct refs *d, const struct eref *r);
void eng_whit_free(struct whit *h);
/* qsort comparator for int64_t (and lt_time_us). */
int eng_cmp_i64(const void *a, const void *b);

/* engine_limits.c: a rule on the current record. 1 = match, 0 = no match,
 * -1 = unknown because a regular expression hit a limit (doc/rules.md). */
int eng_detect(struct lt_engine *e, const struct lt_rule *r);
/* The finding "rule could not be evaluated on this record" (engine_findings.c). */
void eng_emit_unevaluated(struct lt_engine *e, const struct lt_rule *r, const char *person, lt_time_us t,
			  const struct refs *ref);

#endif
