/* Japanese national holidays, 1990-2050: see jp_holidays.h.
 *
 * The law (国民の祝日に関する法律) and its special acts, as they applied in
 * each year:
 * - fixed days and their history: 成人の日 01-15 until 1999, then the 2nd
 *   Monday of January (Happy Monday, 2000); 体育の日 10-10 until 1999, then
 *   the 2nd Monday of October, renamed スポーツの日 from 2020; 海の日 from
 *   1996 on 07-20, the 3rd Monday of July from 2003; 敬老の日 09-15 until
 *   2002, the 3rd Monday of September from 2003; 山の日 08-11 from 2016;
 *   天皇誕生日 12-23 from 1989 to 2018, none in 2019, 02-23 from 2020;
 *   04-29 みどりの日 until 2006, 昭和の日 from 2007, when みどりの日 moved
 *   to 05-04;
 * - the Olympic moves: 2020 海の日 07-23, スポーツの日 07-24, 山の日 08-10;
 *   2021 海の日 07-22, スポーツの日 07-23, 山の日 08-08;
 * - one-off days: 1990-11-12 即位礼正殿の儀, 1993-06-09 皇太子徳仁親王の結婚の儀,
 *   2019-05-01 天皇の即位の日, 2019-10-22 即位礼正殿の儀 (treated as 祝日);
 * - equinoxes by the standard formula (valid 1980-2099);
 * - 振替休日: a holiday on a Sunday moves to the next day (until 2006, only
 *   if that day is not itself a holiday); from 2007 to the nearest following
 *   day that is not a holiday;
 * - 国民の休日: a day that is not a holiday but whose previous and next days
 *   are (until 2006, not a Sunday nor a 振替休日 either).
 */
#include <pthread.h>
#include <stdint.h>

#include "context/jp_holidays.h"
#include "util/timeutil.h"

enum hol {
	H_NONE, H_NEWYEAR, H_COMING_OF_AGE, H_FOUNDATION, H_EMPEROR, H_VERNAL,
	H_SHOWA, H_GREENERY, H_CONSTITUTION, H_CHILDREN, H_MARINE, H_MOUNTAIN,
	H_AGED, H_AUTUMNAL, H_HEALTH_SPORTS, H_SPORTS, H_CULTURE, H_LABOUR,
	H_SUBSTITUTE, H_CITIZENS, H_ENTHRONEMENT_CEREMONY, H_ROYAL_WEDDING,
	H_ENTHRONEMENT_DAY, H_COUNT
};

static const struct lt_holiday_name names[H_COUNT] = {
	[H_NEWYEAR] = { "元日", "New Year's Day" },
	[H_COMING_OF_AGE] = { "成人の日", "Coming of Age Day" },
	[H_FOUNDATION] = { "建国記念の日", "National Foundation Day" },
	[H_EMPEROR] = { "天皇誕生日", "The Emperor's Birthday" },
	[H_VERNAL] = { "春分の日", "Vernal Equinox Day" },
	[H_SHOWA] = { "昭和の日", "Showa Day" },
	[H_GREENERY] = { "みどりの日", "Greenery Day" },
	[H_CONSTITUTION] = { "憲法記念日", "Constitution Memorial Day" },
	[H_CHILDREN] = { "こどもの日", "Children's Day" },
	[H_MARINE] = { "海の日", "Marine Day" },
	[H_MOUNTAIN] = { "山の日", "Mountain Day" },
	[H_AGED] = { "敬老の日", "Respect for the Aged Day" },
	[H_AUTUMNAL] = { "秋分の日", "Autumnal Equinox Day" },
	[H_HEALTH_SPORTS] = { "体育の日", "Health and Sports Day" },
	[H_SPORTS] = { "スポーツの日", "Sports Day" },
	[H_CULTURE] = { "文化の日", "Culture Day" },
	[H_LABOUR] = { "勤労感謝の日", "Labour Thanksgiving Day" },
	[H_SUBSTITUTE] = { "振替休日", "Substitute Holiday" },
	[H_CITIZENS] = { "国民の休日", "Citizens' Holiday" },
	[H_ENTHRONEMENT_CEREMONY] = { "即位礼正殿の儀", "Enthronement Ceremony" },
	[H_ROYAL_WEDDING] = { "皇太子徳仁親王の結婚の儀", "Wedding of Crown Prince Naruhito" },
	[H_ENTHRONEMENT_DAY] = { "天皇の即位の日", "Day of the Emperor's Enthronement" },
};

#define NYEARS (LT_JP_HOLIDAY_LAST_YEAR - LT_JP_HOLIDAY_FIRST_YEAR + 1)
/* [year][month 1..12][day 1..31] */
static uint8_t table[NYEARS][13][32];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

int lt_jp_vernal_equinox_day(int year)
{
	int y = year - 1980;
	return (int)(20.8431 + 0.242194 * y) - y / 4;
}

int lt_jp_autumnal_equinox_day(int year)
{
	int y = year - 1980;
	return (int)(23.2488 + 0.242194 * y) - y / 4;
}

static int weekday(int y, int m, int d)
{
	int64_t days = lt_days_from_civil(y, m, d);
	return (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday (4) */
}

/* Day of the month of the n-th Monday. */
static int nth_monday(int y, int m, int n)
{
	int w1 = weekday(y, m, 1);
	int first = 1 + (8 - w1) % 7;
	return first + 7 * (n - 1);
}

static void mark(uint8_t (*yt)[32], int m, int d, enum hol h)
{
	yt[m][d] = (uint8_t)h;
}

static void mark_fixed_days(int y, uint8_t (*yt)[32])
{
	mark(yt, 1, 1, H_NEWYEAR);
	mark(yt, 1, y < 2000 ? 15 : nth_monday(y, 1, 2), H_COMING_OF_AGE);
	mark(yt, 2, 11, H_FOUNDATION);
	if (y >= 2020)
		mark(yt, 2, 23, H_EMPEROR);
	else if (y <= 2018)
		mark(yt, 12, 23, H_EMPEROR);
	mark(yt, 3, lt_jp_vernal_equinox_day(y), H_VERNAL);
	mark(yt, 4, 29, y < 2007 ? H_GREENERY : H_SHOWA);
	mark(yt, 5, 3, H_CONSTITUTION);
	if (y >= 2007)
		mark(yt, 5, 4, H_GREENERY);
	mark(yt, 5, 5, H_CHILDREN);
	mark(yt, 9, lt_jp_autumnal_equinox_day(y), H_AUTUMNAL);
	mark(yt, 9, y < 2003 ? 15 : nth_monday(y, 9, 3), H_AGED);
	mark(yt, 11, 3, H_CULTURE);
	mark(yt, 11, 23, H_LABOUR);
}

static void mark_moving_days(int y, uint8_t (*yt)[32])
{
	if (y == 2020) {
		mark(yt, 7, 23, H_MARINE);
		mark(yt, 7, 24, H_SPORTS);
		mark(yt, 8, 10, H_MOUNTAIN);
		return;
	}
	if (y == 2021) {
		mark(yt, 7, 22, H_MARINE);
		mark(yt, 7, 23, H_SPORTS);
		mark(yt, 8, 8, H_MOUNTAIN);
		return;
	}
	if (y >= 2003)
		mark(yt, 7, nth_monday(y, 7, 3), H_MARINE);
	else if (y >= 1996)
		mark(yt, 7, 20, H_MARINE);
	if (y >= 2016)
		mark(yt, 8, 11, H_MOUNTAIN);
	if (y < 2000)
		mark(yt, 10, 10, H_HEALTH_SPORTS);
	else
		mark(yt, 10, nth_monday(y, 10, 2), y < 2020 ? H_HEALTH_SPORTS : H_SPORTS);
}

static void mark_one_off_days(int y, uint8_t (*yt)[32])
{
	if (y == 1990)
		mark(yt, 11, 12, H_ENTHRONEMENT_CEREMONY);
	if (y == 1993)
		mark(yt, 6, 9, H_ROYAL_WEDDING);
	if (y == 2019) {
		mark(yt, 5, 1, H_ENTHRONEMENT_DAY);
		mark(yt, 10, 22, H_ENTHRONEMENT_CEREMONY);
	}
}

static int days_in_month(int y, int m)
{
	static const int dm[13] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m];
}

static bool is_shukujitsu(uint8_t (*yt)[32], int m, int d)
{
	uint8_t h = yt[m][d];
	return h != H_NONE && h != H_SUBSTITUTE && h != H_CITIZENS;
}

/* Step a (month, day) by one day within the year; false past 12-31 or before 01-01. */
static bool step(int y, int *m, int *d, int dir)
{
	*d += dir;
	if (*d < 1) {
		if (--*m < 1)
			return false;
		*d = days_in_month(y, *m);
	} else if (*d > days_in_month(y, *m)) {
		if (++*m > 12)
			return false;
		*d = 1;
	}
	return true;
}

static void mark_substitutes(int y, uint8_t (*yt)[32])
{
	for (int m = 1; m <= 12; m++)
		for (int d = 1; d <= days_in_month(y, m); d++) {
			if (!is_shukujitsu(yt, m, d) || weekday(y, m, d) != 0)
				continue;
			int sm = m, sd = d;
			if (!step(y, &sm, &sd, 1))
				continue;
			if (y < 2007) {
				if (yt[sm][sd] == H_NONE)
					mark(yt, sm, sd, H_SUBSTITUTE);
				continue;
			}
			while (is_shukujitsu(yt, sm, sd))
				if (!step(y, &sm, &sd, 1))
					break;
			if (yt[sm][sd] == H_NONE)
				mark(yt, sm, sd, H_SUBSTITUTE);
		}
}

static void mark_citizens_holidays(int y, uint8_t (*yt)[32])
{
	for (int m = 1; m <= 12; m++)
		for (int d = 1; d <= days_in_month(y, m); d++) {
			if (yt[m][d] != H_NONE)
				continue;
			if (y < 2007 && weekday(y, m, d) == 0)
				continue;
			int pm = m, pd = d, nm = m, nd = d;
			if (!step(y, &pm, &pd, -1) || !step(y, &nm, &nd, 1))
				continue;
			if (is_shukujitsu(yt, pm, pd) && is_shukujitsu(yt, nm, nd))
				mark(yt, m, d, H_CITIZENS);
		}
}

static void build_table(void)
{
	for (int y = LT_JP_HOLIDAY_FIRST_YEAR; y <= LT_JP_HOLIDAY_LAST_YEAR; y++) {
		uint8_t (*yt)[32] = table[y - LT_JP_HOLIDAY_FIRST_YEAR];
		mark_fixed_days(y, yt);
		mark_moving_days(y, yt);
		mark_one_off_days(y, yt);
		mark_substitutes(y, yt);
		mark_citizens_holidays(y, yt);
	}
}

const struct lt_holiday_name *lt_jp_holiday(int year, int month, int day)
{
	if (year < LT_JP_HOLIDAY_FIRST_YEAR || year > LT_JP_HOLIDAY_LAST_YEAR ||
	    month < 1 || month > 12 || day < 1 || day > 31)
		return NULL;
	pthread_once(&table_once, build_table);
	uint8_t h = table[year - LT_JP_HOLIDAY_FIRST_YEAR][month][day];
	return h == H_NONE ? NULL : &names[h];
}

int lt_jp_holidays_of_year(int year,
			   void (*fn)(void *arg, int month, int day, const struct lt_holiday_name *name),
			   void *arg)
{
	int count = 0;
	for (int m = 1; m <= 12; m++)
		for (int d = 1; d <= 31; d++) {
			const struct lt_holiday_name *h = lt_jp_holiday(year, m, d);
			if (!h)
				continue;
			count++;
			if (fn)
				fn(arg, m, d, h);
		}
	return count;
}
