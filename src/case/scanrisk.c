/* The risk model's facts and rule parameters for a scan (scanrisk.h). */
#include "case/scanrisk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/timeutil.h"
#include "util/xalloc.h"


static const struct lt_rule *rule_by_id(const struct lt_ruleset *rs, const char *id)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		if (!strcmp(r->id ? r->id : r->name, id))
			return r;
	}
	return NULL;
}

static const char *param(const struct lt_rule *r, const char *name)
{
	for (size_t k = 0; r && k < r->nparams; k++)
		if (!strcmp(r->params[k].name, name))
			return r->params[k].value;
	return NULL;
}

/* "departing, off_hours" -> flags; -1 naming the first unknown word. */
static int parse_skip(const char *v, struct lt_risk_rule *out, char *bad, size_t badlen)
{
	char *s = lt_xstrdup(v), *save = NULL;
	int rc = 0;
	for (char *w = strtok_r(s, ", ", &save); w && !rc; w = strtok_r(NULL, ", ", &save)) {
		if (!strcmp(w, "departing"))
			out->skip_departing = true;
		else if (!strcmp(w, "off_hours"))
			out->skip_off_hours = true;
		else if (!strcmp(w, "classified"))
			out->skip_classified = true;
		else if (!strcmp(w, "service"))
			out->skip_service = true;
		else if (strcmp(w, "none")) {
			snprintf(bad, badlen, "%s", w);
			rc = -1;
		}
	}
	free(s);
	return rc;
}

/* A rule's risk parameters; -1 with err set when one is not valid. */
static int rule_params(const struct lt_rule *r, struct lt_risk_rule *out, char *err, size_t errlen)
{
	*out = (struct lt_risk_rule){ 1, false, false, false, false, false };
	const char *id = r ? (r->id ? r->id : r->name) : "?";
	const char *conf = param(r, "risk_confidence");
	if (conf) {
		char *end;
		double d = strtod(conf, &end);
		if (end == conf || *end || !(d >= 0 && d <= 10)) {
			snprintf(err, errlen, "rule %s: risk_confidence '%s' is not a number from 0 to 10", id, conf);
			return -1;
		}
		out->confidence = d;
	}
	const char *contrib = param(r, "contribution");
	if (contrib) {
		if (strcmp(contrib, "true") && strcmp(contrib, "false")) {
			snprintf(err, errlen, "rule %s: contribution '%s' is not true or false", id, contrib);
			return -1;
		}
		out->contribution = !strcmp(contrib, "true");
	}
	const char *skip = param(r, "risk_skip");
	char bad[64];
	if (skip && parse_skip(skip, out, bad, sizeof bad) != 0) {
		snprintf(err, errlen, "rule %s: risk_skip names '%s' (departing, off_hours, classified, service, none)",
			 id, bad);
		return -1;
	}
	return 0;
}

static void rule_cb(void *arg, const char *rule_id, struct lt_risk_rule *out)
{
	const struct lt_scan_risk *g = arg;
	char err[256];
	/* checked in lt_scan_risk_new: cannot fail here */
	if (rule_params(rule_by_id(g->rs, rule_id), out, err, sizeof err) != 0)
		*out = (struct lt_risk_rule){ 1, false, false, false, false, false };
}

static int64_t local_day(const struct lt_context *ctx, lt_time_us t, struct lt_civil *c)
{
	const struct lt_tz *tz = lt_context_tz(ctx);
	lt_time_to_civil(t, tz ? lt_tz_offset_at(tz, t) : 0, c);
	return lt_days_from_civil(c->year, c->month, c->day);
}

/* The departing window of enrich_person.c: from notice (or last day) minus
 * the look-back to the last day. */
static bool departing(const struct lt_context *ctx, const struct lt_person *p, int64_t day)
{
	int64_t anchor = p->notice_date != LT_DATE_NONE ? p->notice_date : p->last_day;
	if (anchor == LT_DATE_NONE)
		return false;
	return day >= anchor - lt_context_lookback_days(ctx) && (p->last_day == LT_DATE_NONE || day <= p->last_day);
}

static bool classified(const struct lt_context *ctx, const struct lt_finding *f)
{
	const char *label;
	size_t llen;
	for (size_t i = 0; i < f->nvalues; i++)
		for (size_t j = 0; j < f->values[i].n; j++)
			if (lt_context_classified(ctx, f->values[i].v[j], strlen(f->values[i].v[j]), &label, &llen))
				return true;
	return false;
}

static void facts_cb(void *arg, const struct lt_finding *f, struct lt_risk_facts *out)
{
	const struct lt_scan_risk *g = arg;
	struct lt_civil c;
	int64_t day = local_day(g->ctx, f->first, &c);
	const struct lt_person *p = lt_context_person_by_id(g->ctx, f->person);
	out->departing = p && departing(g->ctx, p, day);
	out->service = p && p->type == LT_PERSON_SERVICE;
	out->off_hours = lt_context_has(g->ctx, LT_CTX_BUSINESS_HOURS) && lt_calendar_off_hours(g->ctx, &c);
	out->classified = classified(g->ctx, f);
}

struct lt_risk *lt_scan_risk_new(struct lt_scan_risk *g, const struct lt_context *ctx, const struct lt_ruleset *rs,
				 char *err, size_t errlen)
{
	g->ctx = ctx;
	g->rs = rs;
	struct lt_risk_rule tmp;
	for (size_t i = 0; i < rs->n; i++)
		if (rule_params(rs->rules[i], &tmp, err, errlen) != 0)
			return NULL;
	struct lt_risk_opts o = { lt_context_risk_params(ctx), facts_cb, rule_cb, g };
	return lt_risk_new(&o);
}
