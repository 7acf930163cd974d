/* How far back the rules look from an event (issue 12, retention): the
 * longest correlation timespan, and for baselines the calendar days that
 * hold their `history` working days. `run --state --keep-days N` keeps the
 * records of N days plus this look-back, so that every finding inside the
 * N days is what a batch run over all records would find.
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_CASE_LOOKBACK_H
#define LT_CASE_LOOKBACK_H
#include <stddef.h>

#include "util/timeutil.h"

/* Calendar days that hold `history` working days, with room for weekends
 * and a year's worth of public and company holidays. */
long lt_baseline_calendar_days(int history);

/* The look-back of the rules scan would load (the default folder when
 * nrule_paths is 0; parameters from the context as in scan). 0, or -1 with
 * err set (bad rules or context: scan would refuse them too). */
int lt_rules_lookback(const char *context_path, const char *const *rule_paths, size_t nrule_paths,
		      lt_time_us *out, char *err, size_t errlen);

#endif
