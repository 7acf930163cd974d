#include "util/timeutil.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms). */
int64_t lt_days_from_civil(int y, int m, int d)
{
	int64_t yy = y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void lt_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (mm <= 2));
	*m = mm;
	*d = dd;
}

lt_time_us lt_time_from_civil(const struct lt_civil *c, int32_t off)
{
	int64_t days = lt_days_from_civil(c->year, c->month, c->day);
	int64_t secs = days * 86400 + c->hour * 3600 + c->min * 60 + c->sec - off;
	return secs * LT_US_PER_SEC + c->usec;
}

void lt_time_to_civil(lt_time_us t, int32_t off, struct lt_civil *out)
{
	int64_t us = t + (int64_t)off * LT_US_PER_SEC;
	int64_t secs = us / LT_US_PER_SEC;
	int64_t frac = us % LT_US_PER_SEC;
	if (frac < 0) {
		frac += LT_US_PER_SEC;
		secs--;
	}
	int64_t days = secs / 86400;
	int64_t rem = secs % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	lt_civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(rem / 3600);
	out->min = (int)(rem / 60 % 60);
	out->sec = (int)(rem % 60);
	out->usec = (int32_t)frac;
	out->wday = (int)(((days % 7) + 11) % 7); /* 1970-01-01 was a Thursday */
}

static char *put_digits(char *p, int v, int width)
{
	for (int k = width - 1; k >= 0; k--) {
		p[k] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* "YYYY-MM-DDTHH:MM:SS.uuuuuu" by hand (scan and the exports format a time
 * per record; snprintf costs ten times more). Only for years 0..9999, where
 * it writes exactly what "%04d-%02d-%02dT%02d:%02d:%02d.%06d" writes. */
static bool civil_fits(const struct lt_civil *c)
{
	return c->year >= 0 && c->year <= 9999;
}

static char *put_civil(char *p, const struct lt_civil *c)
{
	p = put_digits(p, c->year, 4);
	*p++ = '-';
	p = put_digits(p, c->month, 2);
	*p++ = '-';
	p = put_digits(p, c->day, 2);
	*p++ = 'T';
	p = put_digits(p, c->hour, 2);
	*p++ = ':';
	p = put_digits(p, c->min, 2);
	*p++ = ':';
	p = put_digits(p, c->sec, 2);
	*p++ = '.';
	return put_digits(p, (int)c->usec, 6);
}

size_t lt_time_format_utc(lt_time_us t, char *out)
{
	struct lt_civil c;
	lt_time_to_civil(t, 0, &c);
	if (civil_fits(&c)) {
		char *p = put_civil(out, &c);
		*p++ = 'Z';
		*p = '\0';
		return (size_t)(p - out);
	}
	return (size_t)snprintf(out, LT_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
				c.year, c.month, c.day, c.hour, c.min, c.sec, (int)c.usec);
}

size_t lt_civil_format(const struct lt_civil *c, int32_t off, char *out)
{
	int a = off < 0 ? -off : off;
	if (civil_fits(c) && a / 3600 <= 99) {
		char *p = put_civil(out, c);
		*p++ = off < 0 ? '-' : '+';
		p = put_digits(p, a / 3600, 2);
		*p++ = ':';
		p = put_digits(p, a / 60 % 60, 2);
		*p = '\0';
		return (size_t)(p - out);
	}
	return (size_t)snprintf(out, LT_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%c%02d:%02d",
				c->year, c->month, c->day, c->hour, c->min, c->sec, (int)c->usec,
				off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

size_t lt_time_format_offset(lt_time_us t, int32_t off, char *out)
{
	struct lt_civil c;
	lt_time_to_civil(t, off, &c);
	return lt_civil_format(&c, off, out);
}

/* ---- ISO 8601 parsing ------------------------------------------------- */

static int digits(const char *s, size_t n, size_t *i, int count, int *out)
{
	int v = 0;
	for (int k = 0; k < count; k++) {
		if (*i >= n || !isdigit((unsigned char)s[*i]))
			return -1;
		v = v * 10 + (s[*i] - '0');
		(*i)++;
	}
	*out = v;
	return 0;
}

int lt_time_parse_iso(const char *s, size_t n, const struct lt_tz *tz, lt_time_us *out)
{
	struct lt_civil c = { 0 };
	size_t i = 0;
	if (digits(s, n, &i, 4, &c.year) || i >= n || s[i++] != '-' ||
	    digits(s, n, &i, 2, &c.month) || i >= n || s[i++] != '-' ||
	    digits(s, n, &i, 2, &c.day))
		return -1;
	if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31)
		return -1;
	if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
		i++;
		if (digits(s, n, &i, 2, &c.hour) || i >= n || s[i++] != ':' ||
		    digits(s, n, &i, 2, &c.min))
			return -1;
		if (i < n && s[i] == ':') {
			i++;
			if (digits(s, n, &i, 2, &c.sec))
				return -1;
		}
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			i++;
			int32_t scale = 100000;
			if (i >= n || !isdigit((unsigned char)s[i]))
				return -1;
			while (i < n && isdigit((unsigned char)s[i])) {
				c.usec += (s[i] - '0') * scale;
				scale /= 10;
				i++;
			}
		}
	}
	if (c.hour > 23 || c.min > 59 || c.sec > 60)
		return -1;
	if (i == n) {
		*out = tz ? lt_tz_local_to_utc(tz, &c) : lt_time_from_civil(&c, 0);
		return 0;
	}
	if (s[i] == 'Z' || s[i] == 'z') {
		if (i + 1 != n)
			return -1;
		*out = lt_time_from_civil(&c, 0);
		return 0;
	}
	if (s[i] != '+' && s[i] != '-')
		return -1;
	int sign = s[i++] == '-' ? -1 : 1;
	int oh, om = 0;
	if (digits(s, n, &i, 2, &oh))
		return -1;
	if (i < n && s[i] == ':')
		i++;
	if (i < n && digits(s, n, &i, 2, &om))
		return -1;
	if (i != n || oh > 23 || om > 59)
		return -1;
	*out = lt_time_from_civil(&c, sign * (oh * 3600 + om * 60));
	return 0;
}

/* ---- Zones from TZif files --------------------------------------------- */

struct lt_tz {
	char *name;
	size_t ntrans;
	int64_t *trans;		/* UTC seconds of each transition, ascending */
	int32_t *trans_off;	/* offset in force from trans[i] on */
	int32_t first_off;	/* offset before the first transition */
	struct lt_tz *next;	/* cache list */
};

static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;
static struct lt_tz *tz_cache;

static int64_t be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v = (v << 8) | p[i];
	if (n == 4)
		return (int32_t)(uint32_t)v;
	return (int64_t)v;
}

/* Parse the 64-bit (v2+) body of a TZif file, or the v1 body when that is all. */
static int tzif_parse(const unsigned char *d, size_t n, struct lt_tz *tz)
{
	if (n < 44 || memcmp(d, "TZif", 4) != 0)
		return -1;
	int v2 = d[4] >= '2';
	size_t off = 0;
	int tsize = 4;
	for (int pass = 0; pass < 2; pass++) {
		if (off + 44 > n)
			return -1;
		const unsigned char *h = d + off;
		int64_t isutc = be(h + 20, 4), isstd = be(h + 24, 4), leap = be(h + 28, 4);
		int64_t timecnt = be(h + 32, 4), typecnt = be(h + 36, 4), charcnt = be(h + 40, 4);
		if (timecnt < 0 || typecnt <= 0 || charcnt < 0 || leap < 0 || isutc < 0 || isstd < 0)
			return -1;
		size_t body = (size_t)(timecnt * tsize + timecnt + typecnt * 6 + charcnt +
				       leap * (tsize + 4) + isstd + isutc);
		if (pass == 0 && v2) {
			off += 44 + body;
			tsize = 8;
			continue;
		}
		const unsigned char *p = d + off + 44;
		if (off + 44 + body > n)
			return -1;
		const unsigned char *types = p + timecnt * tsize + timecnt;
		tz->ntrans = (size_t)timecnt;
		tz->trans = lt_xcalloc((size_t)timecnt + 1, sizeof *tz->trans);
		tz->trans_off = lt_xcalloc((size_t)timecnt + 1, sizeof *tz->trans_off);
		for (int64_t i = 0; i < timecnt; i++) {
			unsigned idx = p[timecnt * tsize + i];
			if (idx >= typecnt)
				return -1;
			tz->trans[i] = be(p + i * tsize, tsize);
			tz->trans_off[i] = (int32_t)be(types + idx * 6, 4);
		}
		/* Before the first transition: the first non-DST type (RFC 8536 3.2). */
		tz->first_off = (int32_t)be(types, 4);
		for (int64_t t = 0; t < typecnt; t++) {
			if (!types[t * 6 + 4]) {
				tz->first_off = (int32_t)be(types + t * 6, 4);
				break;
			}
		}
		return 0;
	}
	return -1;
}

static struct lt_tz *tz_from_file(const char *name)
{
	if (strstr(name, "..") || name[0] == '/')
		return NULL;
	char path[512];
	const char *dir = getenv("TZDIR");
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	unsigned char *data = lt_xmalloc(1 << 20);
	size_t n = fread(data, 1, 1 << 20, f);
	fclose(f);
	struct lt_tz *tz = lt_xcalloc(1, sizeof *tz);
	if (tzif_parse(data, n, tz) != 0) {
		free(tz->trans);
		free(tz->trans_off);
		free(tz);
		tz = NULL;
	}
	free(data);
	return tz;
}

const struct lt_tz *lt_tz_load(const char *name)
{
	if (!name || !*name)
		return NULL;
	pthread_mutex_lock(&tz_lock);
	struct lt_tz *tz;
	for (tz = tz_cache; tz; tz = tz->next)
		if (strcmp(tz->name, name) == 0)
			break;
	if (!tz) {
		int is_utc = strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0 ||
			     strcmp(name, "Z") == 0;
		tz = is_utc ? NULL : tz_from_file(name);
		if (!tz && is_utc)
			tz = lt_xcalloc(1, sizeof *tz);
		if (tz) {
			tz->name = lt_xstrdup(name);
			tz->next = tz_cache;
			tz_cache = tz;
		}
	}
	pthread_mutex_unlock(&tz_lock);
	return tz;
}

const char *lt_tz_name(const struct lt_tz *tz)
{
	return tz ? tz->name : "UTC";
}

int32_t lt_tz_offset_at(const struct lt_tz *tz, lt_time_us t)
{
	if (!tz || tz->ntrans == 0)
		return tz ? tz->first_off : 0;
	int64_t s = t / LT_US_PER_SEC - (t % LT_US_PER_SEC < 0);
	if (s < tz->trans[0])
		return tz->first_off;
	size_t lo = 0, hi = tz->ntrans;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (tz->trans[mid] <= s)
			lo = mid;
		else
			hi = mid;
	}
	/* Beyond the last transition the last offset holds; this is right for
	 * zones without DST (Asia/Tokyo) and for the ranges tzdata tabulates. */
	return tz->trans_off[lo];
}

lt_time_us lt_tz_local_to_utc(const struct lt_tz *tz, const struct lt_civil *local)
{
	lt_time_us as_utc = lt_time_from_civil(local, 0);
	if (!tz)
		return as_utc;
	/* Two rounds settle on the offset in force, also near a transition. */
	int32_t off = lt_tz_offset_at(tz, as_utc);
	int32_t off2 = lt_tz_offset_at(tz, as_utc - (int64_t)off * LT_US_PER_SEC);
	if (off2 != off) {
		int32_t off3 = lt_tz_offset_at(tz, as_utc - (int64_t)off2 * LT_US_PER_SEC);
		off = off3 == off2 ? off2 : (off > off2 ? off : off2);
	}
	return as_utc - (int64_t)off * LT_US_PER_SEC;
}
