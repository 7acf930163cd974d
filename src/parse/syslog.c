/* Syslog header parsing and year inference (see syslog.h). */
#include <ctype.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/syslog.h"

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int lt_infer_year(int month, int day, lt_time_us ref, const struct lt_tz *tz)
{
	if (ref == LT_TIME_NONE)
		return 0;
	struct lt_civil rc;
	lt_time_to_civil(ref, tz ? lt_tz_offset_at(tz, ref) : 0, &rc);
	/* A day later in the year than the file's last write can only be last
	 * year's: "Dec 10" in a file written on Dec 2 is from the year before.
	 * The comparison is by day, not by second: a line of the mtime's own
	 * day stays in that year even when its clock runs a little ahead. */
	bool later = month > rc.month || (month == rc.month && day > rc.day);
	int year = later ? rc.year - 1 : rc.year;
	if (month == 2 && day == 29)
		while (!is_leap(year))
			year--;
	return year;
}

static bool dig2(const char *s, int *out)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return false;
	*out = (s[0] - '0') * 10 + (s[1] - '0');
	return true;
}

size_t lt_syslog_bsd_stamp(const char *s, size_t n, struct lt_civil *c)
{
	memset(c, 0, sizeof *c);
	if (n < 15 || s[3] != ' ')
		return 0;
	c->month = lt_month_from_abbr(s, 3);
	if (!c->month)
		return 0;
	size_t i = 4;
	/* day: " 6", "06", "6" (some relays drop the padding) */
	if (s[i] == ' ')
		i++;
	if (i >= n || !isdigit((unsigned char)s[i]))
		return 0;
	c->day = s[i++] - '0';
	if (i < n && isdigit((unsigned char)s[i]))
		c->day = c->day * 10 + (s[i++] - '0');
	if (i >= n || s[i++] != ' ' || c->day < 1 || c->day > 31)
		return 0;
	/* optional year: "Oct 10 2018 12:34:56" */
	if (i + 5 <= n && isdigit((unsigned char)s[i]) && isdigit((unsigned char)s[i + 1]) &&
	    isdigit((unsigned char)s[i + 2]) && isdigit((unsigned char)s[i + 3]) && s[i + 4] == ' ') {
		c->year = (s[i] - '0') * 1000 + (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0');
		i += 5;
	}
	if (i + 8 > n || s[i + 2] != ':' || s[i + 5] != ':' ||
	    !dig2(s + i, &c->hour) || !dig2(s + i + 3, &c->min) || !dig2(s + i + 6, &c->sec))
		return 0;
	if (c->hour > 23 || c->min > 59 || c->sec > 60)
		return 0;
	i += 8;
	if (i < n && s[i] == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1])) {
		int32_t scale = 100000;
		i++;
		while (i < n && isdigit((unsigned char)s[i])) {
			c->usec += (s[i] - '0') * scale;
			scale /= 10;
			i++;
		}
	}
	/* Cisco writes "Feb 20 2020 16:11:11: %ASA-..." */
	if (i < n && s[i] != ' ' && s[i] != ':')
		return 0;
	return i;
}

/* Length of an ISO stamp at s (up to the first blank), 0 if not one. */
static size_t iso_stamp_len(const char *s, size_t n)
{
	if (n < 19 || !isdigit((unsigned char)s[0]) || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != ' '))
		return 0;
	size_t i = 11;
	while (i < n && s[i] != ' ')
		i++;
	return i;
}

bool lt_syslog_looks(const char *s, size_t n)
{
	struct lt_civil c;
	size_t i = 0;
	if (n && s[0] == '<') {
		while (i < n && i < 5 && s[i] != '>')
			i++;
		if (i >= n || s[i] != '>')
			return false;
		i++;
		if (i + 1 < n && s[i] == '1' && s[i + 1] == ' ')
			i += 2;
	}
	return lt_syslog_bsd_stamp(s + i, n - i, &c) > 0 || iso_stamp_len(s + i, n - i) > 0;
}

/* Tag: "prog[pid]:" or "prog:" with no blank inside, up to 64 bytes. */
static bool take_tag(const char *s, size_t n, size_t *i, struct lt_syslog *h)
{
	size_t start = *i, j = *i;
	while (j < n && j - start < 64 && s[j] != ' ' && s[j] != ':' && s[j] != '[')
		j++;
	if (j == start || j >= n)
		return false;
	struct lt_str prog = { s + start, j - start };
	struct lt_str pid = { NULL, 0 };
	if (s[j] == '[') {
		size_t ps = ++j;
		while (j < n && s[j] != ']' && j - ps < 20)
			j++;
		if (j >= n || s[j] != ']')
			return false;
		pid = (struct lt_str){ s + ps, j - ps };
		j++;
	}
	if (j >= n || s[j] != ':')
		return false;
	j++;
	if (j < n && s[j] != ' ')
		return false;
	h->prog = prog;
	h->pid = pid;
	*i = j < n ? j + 1 : j;
	return true;
}

static void finish_msg(const char *s, size_t n, size_t i, struct lt_syslog *h)
{
	/* only a CR remnant goes: trailing blanks are part of the message */
	h->msg = (struct lt_str){ s + i, n > i ? n - i : 0 };
	if (h->msg.n && h->msg.p[h->msg.n - 1] == '\r')
		h->msg.n--;
}

/* After the stamp: "host tag: msg", "tag: msg" (no host) or "host msg". */
static void parse_host_tag(const char *s, size_t n, size_t i, struct lt_syslog *h)
{
	if (i < n && s[i] == ':')
		i++;
	while (i < n && s[i] == ' ')
		i++;
	size_t save = i;
	if (take_tag(s, n, &i, h)) {
		/* "Feb 6 12:00:00 kernel: ..." has no host; but a host
		 * named like "fw1:" is rare enough to accept the reading. */
		finish_msg(s, n, i, h);
		return;
	}
	i = save;
	size_t hs = i;
	while (i < n && s[i] != ' ')
		i++;
	h->host = (struct lt_str){ s + hs, i - hs };
	/* Cisco writes "host : %ASA-..." and "host: %ASA-" */
	if (h->host.n && h->host.p[h->host.n - 1] == ':')
		h->host.n--;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == ':') {
		i++;
		while (i < n && s[i] == ' ')
			i++;
	}
	save = i;
	if (!take_tag(s, n, &i, h))
		i = save;
	finish_msg(s, n, i, h);
}

/* The zone for this line's zone-less stamp: by its host when a host rule
 * says so (a collector's file mixes hosts in several zones), else the
 * stream's. Called once the host is known, before the time is placed. */
static const struct lt_tz *line_zone(const struct lt_parse_env *env, struct lt_syslog *h)
{
	h->tz = env ? env->tz : NULL;
	if (env && env->host_tz && h->host.n) {
		const char *from = NULL;
		const struct lt_tz *tz = env->host_tz(env->host_tz_arg, h->host.p, h->host.n, &from);
		if (tz) {
			h->tz = tz;
			h->zone_from = from;
		}
	}
	return h->tz;
}

static void place_bsd_time(struct lt_civil *c, const struct lt_parse_env *env, struct lt_syslog *h)
{
	const struct lt_tz *tz = line_zone(env, h);
	if (c->year == 0) {
		c->year = lt_infer_year(c->month, c->day, env ? env->ref_time : LT_TIME_NONE, tz);
		if (c->year == 0) {
			h->time = LT_TIME_NONE;
			return;
		}
		h->year_inferred = true;
	}
	h->time = tz ? lt_tz_local_to_utc(tz, c) : lt_time_from_civil(c, 0);
}

static int parse_5424(const char *s, size_t n, size_t i, const struct lt_parse_env *env,
		      struct lt_syslog *h)
{
	struct lt_str f[5];
	size_t start[5];
	/* TIMESTAMP HOSTNAME APP-NAME PROCID MSGID, each "-" when absent */
	for (int k = 0; k < 5; k++) {
		while (i < n && s[i] == ' ')
			i++;
		start[k] = i;
		while (i < n && s[i] != ' ')
			i++;
		f[k] = (struct lt_str){ s + start[k], i - start[k] };
		if (f[k].n == 0)
			return -1;
	}
	h->rfc = 5424;
	h->time_text = f[0];
	if (!lt_str_is_dash(f[1]))
		h->host = f[1];
	if (!lt_str_is_dash(f[0]) &&
	    lt_time_parse_iso_ex(f[0].p, f[0].n, line_zone(env, h), &h->time, &h->has_zone, &h->offset))
		return -1;
	if (lt_str_is_dash(f[0]))
		h->time = LT_TIME_NONE;
	if (!lt_str_is_dash(f[2]))
		h->prog = f[2];
	if (!lt_str_is_dash(f[3]))
		h->pid = f[3];
	while (i < n && s[i] == ' ')
		i++;
	/* STRUCTURED-DATA: "-" or one or more [id k="v" ...] */
	if (i < n && s[i] == '-') {
		i++;
	} else {
		while (i < n && s[i] == '[') {
			while (i < n && s[i] != ']') {
				if (s[i] == '\\' && i + 1 < n)
					i++;
				else if (s[i] == '"') {
					i++;
					while (i < n && s[i] != '"') {
						if (s[i] == '\\' && i + 1 < n)
							i++;
						i++;
					}
				}
				i++;
			}
			if (i < n)
				i++;
		}
	}
	if (i < n && s[i] == ' ')
		i++;
	/* a UTF-8 BOM may start MSG */
	if (i + 3 <= n && memcmp(s + i, "\xEF\xBB\xBF", 3) == 0)
		i += 3;
	finish_msg(s, n, i, h);
	return 0;
}

int lt_syslog_parse(const char *s, size_t n, const struct lt_parse_env *env, struct lt_syslog *h)
{
	memset(h, 0, sizeof *h);
	h->pri = -1;
	h->time = LT_TIME_NONE;
	h->rfc = 3164;
	size_t i = 0;
	if (n && s[0] == '<') {
		int pri = 0;
		i = 1;
		while (i < n && i < 5 && isdigit((unsigned char)s[i]))
			pri = pri * 10 + (s[i++] - '0');
		if (i == 1 || i >= n || s[i] != '>' || pri > 191)
			return -1;
		h->pri = pri;
		i++;
		if (i + 1 < n && s[i] == '1' && s[i + 1] == ' ')
			return parse_5424(s, n, i + 2, env, h);
	}
	struct lt_civil c;
	size_t len = lt_syslog_bsd_stamp(s + i, n - i, &c);
	if (len) {
		h->time_text = (struct lt_str){ s + i, len };
		parse_host_tag(s, n, i + len, h);
		place_bsd_time(&c, env, h);
		return 0;
	}
	len = iso_stamp_len(s + i, n - i);
	if (len) {
		h->time_text = (struct lt_str){ s + i, len };
		parse_host_tag(s, n, i + len, h);
		if (lt_time_parse_iso_ex(s + i, len, line_zone(env, h), &h->time, &h->has_zone, &h->offset))
			return -1;
		return 0;
	}
	return -1;
}

void lt_syslog_apply(struct lt_record *r, const struct lt_syslog *h, const struct lt_parse_env *env)
{
	if (h->has_zone) {
		char z[8];
		lt_format_offset(h->offset, z);
		lt_rec_set_event_time(r, h->time, h->time_text.p, h->time_text.n, z, false);
	} else {
		const char *zone = lt_tz_name(h->tz ? h->tz : env ? env->tz : NULL);
		lt_rec_set_event_time(r, h->time, h->time_text.p, h->time_text.n, zone, h->year_inferred);
		if (h->zone_from)
			lt_rec_set_cstr(r, LT_F_TIME_ZONE_FROM, h->zone_from);
	}
	lt_rec_set_span(r, LT_F_HOST_NAME, h->host);
	lt_rec_set_span(r, LT_F_PROCESS_NAME, h->prog);
	if (h->pid.n)
		lt_rec_set_span_int(r, LT_F_PROCESS_PID, h->pid);
}
