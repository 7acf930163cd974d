/* Japanese national holidays (国民の祝日に関する法律), computed for 1990-2050.
 *
 * The table is built once, on first use, into static storage (pthread_once),
 * and only read afterwards: safe from any thread. Names are static strings.
 */
#ifndef LT_JP_HOLIDAYS_H
#define LT_JP_HOLIDAYS_H
#include <stdbool.h>

#define LT_JP_HOLIDAY_FIRST_YEAR 1990
#define LT_JP_HOLIDAY_LAST_YEAR 2050

struct lt_holiday_name {
	const char *ja;
	const char *en;
};

/* The holiday on that civil date, or NULL (also NULL outside 1990-2050). */
const struct lt_holiday_name *lt_jp_holiday(int year, int month, int day);

/* List a year's holidays in date order: calls fn for each; returns how many. */
int lt_jp_holidays_of_year(int year,
			   void (*fn)(void *arg, int month, int day, const struct lt_holiday_name *name),
			   void *arg);

/* Equinox days (day of March / September) by the standard formula, 1980-2099. */
int lt_jp_vernal_equinox_day(int year);
int lt_jp_autumnal_equinox_day(int year);

#endif
