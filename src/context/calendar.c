/* The business calendar: local time, working days, holidays, off-hours.
 *
 * A working day is a weekday with business hours that is neither a national
 * holiday (unless `national: none`) nor a company holiday. Off-hours means
 * outside that weekday's business hours, or any time on a non-working day:
 * the handbook's 「深夜帯や休日」 (L1207), with the hours left to the company.
 */
#include "context/context_impl.h"
#include "context/jp_holidays.h"

const struct lt_tz *lt_context_tz(const struct lt_context *ctx)
{
	return ctx->tz;
}

void lt_context_local(const struct lt_context *ctx, lt_time_us t, struct lt_civil *out, int32_t *offset)
{
	int32_t off = lt_tz_offset_at(ctx->tz, t);
	lt_time_to_civil(t, off, out);
	if (offset)
		*offset = off;
}

static const struct lt_company_holiday *company_holiday(const struct lt_context *ctx, int64_t day)
{
	for (size_t i = 0; i < ctx->nhol; i++)
		if (day >= ctx->hol[i].first && day <= ctx->hol[i].last)
			return &ctx->hol[i];
	return NULL;
}

const char *lt_calendar_holiday_name(const struct lt_context *ctx, int year, int month, int day,
				     const char **en)
{
	const struct lt_company_holiday *ch = company_holiday(ctx, lt_days_from_civil(year, month, day));
	if (ch) {
		if (en)
			*en = ch->name;
		return ch->name;
	}
	if (!ctx->national)
		return NULL;
	const struct lt_holiday_name *h = lt_jp_holiday(year, month, day);
	if (!h)
		return NULL;
	if (en)
		*en = h->en;
	return h->ja;
}

static int weekday_of(int year, int month, int day)
{
	int64_t days = lt_days_from_civil(year, month, day);
	return (int)(((days % 7) + 11) % 7);
}

bool lt_calendar_is_workday(const struct lt_context *ctx, int year, int month, int day)
{
	if (!ctx->hours[weekday_of(year, month, day)].open)
		return false;
	return lt_calendar_holiday_name(ctx, year, month, day, NULL) == NULL;
}

bool lt_calendar_off_hours(const struct lt_context *ctx, const struct lt_civil *local)
{
	int wday = weekday_of(local->year, local->month, local->day);
	if (!lt_calendar_is_workday(ctx, local->year, local->month, local->day))
		return true;
	const struct lt_hours *h = &ctx->hours[wday];
	int minute = local->hour * 60 + local->min;
	return minute < h->start_min || minute >= h->end_min;
}
