/* Local time and the business calendar for a record's @timestamp. */
#include "enrich/enrich.h"

static const char *const weekdays[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

void lt_enrich_time(const struct lt_context *ctx, struct lt_record *r, struct lt_enrich_state *st)
{
	lt_time_us t;
	if (!lt_rec_get_time(r, LT_F_TIMESTAMP, &t))
		return;
	struct lt_civil c;
	int32_t off;
	lt_context_local(ctx, t, &c, &off);
	char iso[LT_ISO_LEN];
	size_t n = lt_civil_format(&c, off, iso);
	lt_rec_set_str(r, LT_E_LOCAL_TIME, iso, n);
	lt_rec_set_str(r, LT_E_LOCAL_DATE, iso, 10);
	st->day = lt_days_from_civil(c.year, c.month, c.day);
	int wday = (int)(((st->day % 7) + 11) % 7);
	lt_rec_set_cstr(r, LT_E_LOCAL_WEEKDAY, weekdays[wday]);
	lt_rec_set_int(r, LT_E_LOCAL_HOUR, c.hour);
	lt_rec_set_bool(r, LT_E_WORKDAY, lt_calendar_is_workday(ctx, c.year, c.month, c.day));
	const char *en = NULL;
	const char *name = lt_calendar_holiday_name(ctx, c.year, c.month, c.day, &en);
	lt_rec_set_bool(r, LT_E_HOLIDAY, name != NULL);
	if (name) {
		lt_rec_set_cstr(r, LT_E_HOLIDAY_NAME, name);
		lt_rec_set_cstr(r, LT_E_HOLIDAY_NAME_EN, en);
	}
	/* Without configured business hours, off-hours is not known: rules
	 * needing it are turned off by scan rather than fed a guess. */
	if (lt_context_has(ctx, LT_CTX_BUSINESS_HOURS)) {
		st->off_hours = lt_calendar_off_hours(ctx, &c);
		st->off_hours_known = true;
		lt_rec_set_bool(r, LT_E_OFF_HOURS, st->off_hours);
		/* The local time again, only off-hours: a baseline correlation
		 * over all logons can then count the off-hours ones (field:) while
		 * every logon still marks the person as seen. */
		if (st->off_hours)
			lt_rec_set_str(r, LT_E_OFF_HOURS_TIME, iso, n);
	}
}
