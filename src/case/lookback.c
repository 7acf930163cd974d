/* The rules' look-back (lookback.h). */
#include "case/lookback.h"

#include <stdio.h>

#include "case/scan.h"
#include "rules/rule.h"

#define HOLIDAY_ROOM_DAYS 20	/* Japan's 16 public holidays, New Year and Obon closures */

long lt_baseline_calendar_days(int history)
{
	if (history <= 0)
		return 0;
	return ((long)history * 7 + 4) / 5 + HOLIDAY_ROOM_DAYS;
}

static lt_time_us rule_lookback(const struct lt_rule *r)
{
	if (r->kind != LT_RULE_CORRELATION)
		return 0;
	lt_time_us t = r->corr.timespan > 0 ? r->corr.timespan : 0;
	if (r->corr.type == LT_CORR_BASELINE) {
		lt_time_us days = (lt_time_us)lt_baseline_calendar_days(r->corr.history) * 86400 * LT_US_PER_SEC;
		if (days > t)
			t = days;
	}
	return t;
}

int lt_rules_lookback(const char *context_path, const char *const *rule_paths, size_t nrule_paths,
		      lt_time_us *out, char *err, size_t errlen)
{
	*out = 0;
	struct lt_ruleset *rs = lt_ruleset_new();
	int rc = 0;
	if (context_path && lt_rules_params_from_context(rs, context_path, err, errlen) != 0)
		rc = -1;
	if (rc == 0 && nrule_paths == 0)
		lt_ruleset_add_path(rs, lt_rules_default_dir());
	for (size_t i = 0; rc == 0 && i < nrule_paths; i++)
		lt_ruleset_add_path(rs, rule_paths[i]);
	if (rc == 0 && lt_ruleset_finish(rs) != 0) {
		snprintf(err, errlen, "%s", rs->nerrors ? rs->errors[0] : "problems in the rules");
		rc = -1;
	}
	for (size_t i = 0; rc == 0 && i < rs->n; i++) {
		lt_time_us t = rule_lookback(rs->rules[i]);
		if (t > *out)
			*out = t;
	}
	lt_ruleset_free(rs);
	return rc;
}
