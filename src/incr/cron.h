/* Incremental (cron) runs: the steps `leaktrail run --state DIR` adds around
 * the ordinary run (doc/cron.md).
 *
 *   lt_cron_open      lock DIR, load DIR/state.json, undo what an interrupted
 *                     run left (record runs no committed state lists, a
 *                     manifest newer than the committed one), print reports
 *                     an interrupted run saved but did not print
 *   lt_cron_hook      the ingest hook that resumes streams (resume.h)
 *   lt_cron_prune     --keep-days: drop records older than the window and
 *                     the rules' look-back, committed on its own; the
 *                     findings it removed are counted in lt_cron_report
 *   lt_cron_report    after scan: the findings not reported before, saved
 *                     as DIR/reports/GENERATION.txt
 *   lt_cron_record    record the increment in the manifest (before the
 *                     seal and the audit line, which must cover it)
 *   lt_cron_commit    keep a copy of the manifest, then replace
 *                     state.json atomically: the single commit point
 *   lt_cron_print     print the saved report and mark it printed
 *   lt_cron_close     release the lock
 *
 * Ownership: struct lt_cron owns everything it points to; lt_cron_close
 * frees it.
 */
#ifndef LT_CRON_H
#define LT_CRON_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "incr/resume.h"
#include "incr/state.h"
#include "util/timeutil.h"

struct lt_cron {
	char *dir;		/* the state folder */
	char *case_dir;		/* DIR/case */
	char *state_path;	/* DIR/state.json */
	int lock_fd;
	struct lt_incr_state st;
	struct lt_resume *resume;
	const struct lt_tz *tz;	/* zone of the report's times (set by the caller; NULL: UTC) */
	int64_t base_source;	/* highest manifest source id before this run */
	uint64_t leftover_runs;	/* record runs of an interrupted run, removed */
	size_t new_findings;
	size_t prune;		/* 1 + index in st.prunes of this run's prune; 0: none */
	struct lt_cron_finding { char *id; lt_time_us last; bool seen; } *before;	/* findings before the prune */
	size_t nbefore;
	struct json_t *links;	/* the manifest with tonight's links, for the report */
	uint64_t lost_in_window;	/* removed findings inside the window (must stay 0) */
	char *report_path;	/* DIR/reports/GEN.txt, when there are new findings */
};

/* Returns an exit status: LT_EXIT_OK, LT_EXIT_LOCKED, LT_EXIT_USAGE (bad
 * state file), LT_EXIT_IO. Messages go to stderr. */
int lt_cron_open(struct lt_cron *c, const char *dir, FILE *out);
/* True when earlier runs committed a case: ingest appends to it. */
bool lt_cron_has_case(const struct lt_cron *c);
const struct lt_stream_hook *lt_cron_hook(struct lt_cron *c);
/* lookback: how far the rules look back from an event (case/lookback.h);
 * records from the newest event minus keep_days minus lookback stay. */
int lt_cron_prune(struct lt_cron *c, unsigned keep_days, lt_time_us lookback);
/* The retention of this run for its audit line ({"keep_days":...}; NULL
 * when nothing was pruned). The caller frees it. */
char *lt_cron_retention_json(const struct lt_cron *c);
int lt_cron_report(struct lt_cron *c);
int lt_cron_record(struct lt_cron *c);
int lt_cron_commit(struct lt_cron *c);
void lt_cron_print(struct lt_cron *c, FILE *out);
void lt_cron_close(struct lt_cron *c);

/* Test hook: LEAKTRAIL_TEST_KILL=STEP makes the run kill itself (SIGKILL)
 * when it reaches STEP, so tests can interrupt a run at a chosen point. */
void lt_cron_test_kill_point(const char *step);

#endif
