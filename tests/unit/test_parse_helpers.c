/* Unit tests for the shared parse helpers: syslog headers, year inference,
 * zones, timestamp formats and tokenizers (src/parse/syslog.c, fields.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/session.h"
#include "parse/syslog.h"

static lt_time_us iso(const char *s)
{
	lt_time_us t;
	cr_assert_eq(lt_time_parse_iso(s, strlen(s), NULL, &t), 0, "bad test time %s", s);
	return t;
}

static struct lt_parse_env env_at(const char *ref, const char *zone)
{
	struct lt_parse_env e;
	memset(&e, 0, sizeof e);
	e.tz = lt_tz_load(zone);
	cr_assert(e.tz);
	e.ref_time = ref ? iso(ref) : LT_TIME_NONE;
	return e;
}

#define SPAN_EQ(span, lit) cr_assert(lt_str_eq((span), (lit)), "got '%.*s', want '%s'", (int)(span).n, (span).p, (lit))

static void parse(const char *line, const struct lt_parse_env *e, struct lt_syslog *h)
{
	cr_assert_eq(lt_syslog_parse(line, strlen(line), e, h), 0, "not syslog: %s", line);
}

Test(syslog, rfc3164_padded_day_and_tag)
{
	struct lt_parse_env e = env_at("2026-03-10T00:00:00Z", "UTC");
	struct lt_syslog h;
	parse("Feb  6 12:00:01 web1 sshd[123]: Accepted password for bob", &e, &h);
	SPAN_EQ(h.time_text, "Feb  6 12:00:01");
	SPAN_EQ(h.host, "web1");
	SPAN_EQ(h.prog, "sshd");
	SPAN_EQ(h.pid, "123");
	SPAN_EQ(h.msg, "Accepted password for bob");
	cr_assert(h.year_inferred);
	cr_assert_eq(h.time, iso("2026-02-06T12:00:01Z"));
}

Test(syslog, no_pid_and_crlf_remnant)
{
	struct lt_parse_env e = env_at("2026-03-10T00:00:00Z", "UTC");
	struct lt_syslog h;
	parse("Feb 21 23:35:33 localhost sudo: vagrant : TTY=pts/0 ; COMMAND=/bin/ls\r", &e, &h);
	SPAN_EQ(h.prog, "sudo");
	cr_assert_eq(h.pid.n, 0);
	SPAN_EQ(h.msg, "vagrant : TTY=pts/0 ; COMMAND=/bin/ls");
}

Test(syslog, configured_zone_applies_to_zoneless_stamp)
{
	struct lt_parse_env e = env_at("2026-11-25T00:00:00Z", "Asia/Tokyo");
	struct lt_syslog h;
	parse("Nov 25 09:00:00 h prog: x", &e, &h);
	cr_assert_eq(h.time, iso("2026-11-25T00:00:00Z"));
	cr_assert_not(h.has_zone);
}

Test(syslog, december_lines_in_a_january_file_are_last_year)
{
	struct lt_parse_env e = env_at("2027-01-02T03:00:00Z", "UTC");
	struct lt_syslog h;
	parse("Dec 31 23:59:59 h cron[1]: x", &e, &h);
	cr_assert_eq(h.time, iso("2026-12-31T23:59:59Z"));
	parse("Jan  1 00:00:01 h cron[1]: x", &e, &h);
	cr_assert_eq(h.time, iso("2027-01-01T00:00:01Z"));
}

Test(syslog, reference_month_is_read_in_configured_zone)
{
	/* 2026-12-31T20:00Z is already January in Tokyo: a Jan line is 2027 */
	struct lt_parse_env e = env_at("2026-12-31T20:00:00Z", "Asia/Tokyo");
	struct lt_syslog h;
	parse("Jan  1 04:00:00 h p: x", &e, &h);
	cr_assert_eq(h.time, iso("2026-12-31T19:00:00Z"));
}

Test(syslog, feb29_goes_to_a_leap_year)
{
	cr_assert_eq(lt_infer_year(2, 29, iso("2027-03-01T00:00:00Z"), NULL), 2024);
	cr_assert_eq(lt_infer_year(2, 29, iso("2028-03-01T00:00:00Z"), NULL), 2028);
	cr_assert_eq(lt_infer_year(2, 28, iso("2027-03-01T00:00:00Z"), NULL), 2027);
	cr_assert_eq(lt_infer_year(3, 1, iso("2027-02-01T00:00:00Z"), NULL), 2026);
	cr_assert_eq(lt_infer_year(3, 1, LT_TIME_NONE, NULL), 0);
}

Test(syslog, later_day_of_the_same_month_is_last_year)
{
	/* issue 11: a "Dec 10" line in a file last written on Dec 2 */
	cr_assert_eq(lt_infer_year(12, 10, iso("2026-12-02T08:00:00Z"), NULL), 2025);
	cr_assert_eq(lt_infer_year(12, 2, iso("2026-12-02T08:00:00Z"), NULL), 2026);
	cr_assert_eq(lt_infer_year(12, 1, iso("2026-12-02T08:00:00Z"), NULL), 2026);
	/* Feb 29 after a Feb 28 mtime of a leap year: the leap year before */
	cr_assert_eq(lt_infer_year(2, 29, iso("2028-02-28T12:00:00Z"), NULL), 2024);
	struct lt_parse_env e = env_at("2026-12-02T08:00:00Z", "Asia/Tokyo");
	struct lt_syslog h;
	parse("Dec 10 09:00:00 h p: x", &e, &h);
	cr_assert_eq(h.time, iso("2025-12-10T00:00:00Z"));
	cr_assert(h.year_inferred);
}

Test(syslog, unknown_reference_keeps_text_without_time)
{
	struct lt_parse_env e = env_at(NULL, "UTC");
	struct lt_syslog h;
	parse("Feb  6 12:00:01 web1 sshd[123]: x", &e, &h);
	cr_assert_eq(h.time, LT_TIME_NONE);
	SPAN_EQ(h.time_text, "Feb  6 12:00:01");
}

Test(syslog, explicit_year_cisco_style)
{
	struct lt_parse_env e = env_at("2026-03-10T00:00:00Z", "UTC");
	struct lt_syslog h;
	parse("Oct 10 2018 12:34:56 asa1 : %ASA-6-113019: Group = x", &e, &h);
	cr_assert_not(h.year_inferred);
	cr_assert_eq(h.time, iso("2018-10-10T12:34:56Z"));
	SPAN_EQ(h.host, "asa1");
	SPAN_EQ(h.prog, "%ASA-6-113019");
	SPAN_EQ(h.msg, "Group = x");
}

Test(syslog, rsyslog_high_precision_with_zone)
{
	struct lt_parse_env e = env_at("2026-03-10T00:00:00Z", "UTC");
	struct lt_syslog h;
	parse("2026-11-25T08:01:02.123456+09:00 host1 openvpn[77]: peer up", &e, &h);
	cr_assert(h.has_zone);
	cr_assert_eq(h.offset, 9 * 3600);
	cr_assert_eq(h.time, iso("2026-11-24T23:01:02.123456Z"));
	SPAN_EQ(h.host, "host1");
	SPAN_EQ(h.prog, "openvpn");
	SPAN_EQ(h.msg, "peer up");
}

Test(syslog, iso_without_zone_uses_configured)
{
	struct lt_parse_env e = env_at(NULL, "Asia/Tokyo");
	struct lt_syslog h;
	parse("2019-06-14T10:40:20.912134 localhost sudo: x", &e, &h);
	cr_assert_not(h.has_zone);
	cr_assert_eq(h.time, iso("2019-06-14T01:40:20.912134Z"));
}

Test(syslog, iso_odd_offset)
{
	struct lt_parse_env e = env_at(NULL, "UTC");
	struct lt_syslog h;
	parse("2019-06-14T13:01:15.412+01:30 localhost pam: user nobody logged out.", &e, &h);
	cr_assert_eq(h.time, iso("2019-06-14T11:31:15.412Z"));
	SPAN_EQ(h.prog, "pam");
}

Test(syslog, rfc5424_with_structured_data)
{
	struct lt_parse_env e = env_at(NULL, "UTC");
	struct lt_syslog h;
	parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
	      "[exampleSDID@32473 iut=\"3\" eventSource=\"App]lication\"] An application event", &e, &h);
	cr_assert_eq(h.rfc, 5424);
	cr_assert_eq(h.pri, 165);
	SPAN_EQ(h.host, "mymachine.example.com");
	SPAN_EQ(h.prog, "evntslog");
	cr_assert_eq(h.pid.n, 0);
	SPAN_EQ(h.msg, "An application event");
	cr_assert_eq(h.time, iso("2003-10-11T22:14:15.003Z"));
}

Test(syslog, pri_and_no_host)
{
	struct lt_parse_env e = env_at("2026-03-10T00:00:00Z", "UTC");
	struct lt_syslog h;
	parse("<38>Mar  1 10:00:00 kernel: usb 1-1: new device", &e, &h);
	cr_assert_eq(h.pri, 38);
	cr_assert_eq(h.host.n, 0);
	SPAN_EQ(h.prog, "kernel");
	SPAN_EQ(h.msg, "usb 1-1: new device");
}

Test(syslog, rejects_non_syslog)
{
	struct lt_syslog h;
	cr_assert_neq(lt_syslog_parse("1157689312.049 5006 10.1.1.1 TCP_MISS/200", 40, NULL, &h), 0);
	cr_assert_neq(lt_syslog_parse("Foo  6 12:00:01 x", 17, NULL, &h), 0);
	cr_assert_neq(lt_syslog_parse("Feb 36 12:00:01 x", 17, NULL, &h), 0);
	cr_assert_not(lt_syslog_looks("hello", 5));
	cr_assert(lt_syslog_looks("Feb  6 12:00:01 x", 17));
}

Test(syslog, apply_records_zone_and_inference)
{
	struct lt_parse_env e = env_at("2026-03-10T00:00:00Z", "Asia/Tokyo");
	struct lt_syslog h;
	struct lt_record r;
	lt_rec_init(&r);
	parse("Feb  6 12:00:01 web1 sshd[123]: x", &e, &h);
	lt_syslog_apply(&r, &h, &e);
	struct lt_str s;
	cr_assert(lt_rec_get_str(&r, LT_F_TIME_ZONE, &s));
	SPAN_EQ(s, "Asia/Tokyo");
	cr_assert(lt_rec_get_str(&r, LT_F_TIME_TEXT, &s));
	SPAN_EQ(s, "Feb  6 12:00:01");
	const struct lt_value *v = lt_rec_get(&r, LT_F_TIME_YEAR_INFERRED);
	cr_assert(v && v->type == LT_V_BOOL && v->v.b);
	int64_t pid;
	cr_assert(lt_rec_get_int(&r, LT_F_PROCESS_PID, &pid));
	cr_assert_eq(pid, 123);
	lt_rec_clear(&r);
	parse("2026-11-25T08:01:02+09:00 host1 p: x", &e, &h);
	lt_syslog_apply(&r, &h, &e);
	cr_assert(lt_rec_get_str(&r, LT_F_TIME_ZONE, &s));
	SPAN_EQ(s, "+09:00");
	cr_assert_null(lt_rec_get(&r, LT_F_TIME_YEAR_INFERRED));
	lt_rec_free(&r);
}

Test(fields, apache_time_with_offset)
{
	lt_time_us t;
	int32_t off;
	cr_assert_eq(lt_time_parse_apache("10/Oct/2000:13:55:36 -0700", 26, &t, &off), 0);
	cr_assert_eq(off, -7 * 3600);
	cr_assert_eq(t, iso("2000-10-10T20:55:36Z"));
	cr_assert_eq(lt_time_parse_apache("25/Nov/2026:09:00:00 +0900", 26, &t, &off), 0);
	cr_assert_eq(t, iso("2026-11-25T00:00:00Z"));
	cr_assert_neq(lt_time_parse_apache("25/Foo/2026:09:00:00 +0900", 26, &t, &off), 0);
	cr_assert_neq(lt_time_parse_apache("25/Nov/2026:09:00:00", 20, &t, &off), 0);
}

Test(fields, epoch_with_fraction)
{
	lt_time_us t;
	cr_assert_eq(lt_time_parse_epoch("1157689312.049", 14, &t), 0);
	cr_assert_eq(t, INT64_C(1157689312049000));
	cr_assert_eq(lt_time_parse_epoch("1157689312", 10, &t), 0);
	cr_assert_eq(t, INT64_C(1157689312000000));
	cr_assert_neq(lt_time_parse_epoch("11576x", 6, &t), 0);
	cr_assert_neq(lt_time_parse_epoch("1.", 2, &t), 0);
	cr_assert_neq(lt_time_parse_epoch("", 0, &t), 0);
}

Test(fields, iso_ex_reports_zone)
{
	lt_time_us t;
	bool z;
	int32_t off;
	cr_assert_eq(lt_time_parse_iso_ex("2026-11-25T08:01:02.5-05:00", 27, NULL, &t, &z, &off), 0);
	cr_assert(z);
	cr_assert_eq(off, -5 * 3600);
	cr_assert_eq(lt_time_parse_iso_ex("2026-11-25 08:01:02", 19, lt_tz_load("Asia/Tokyo"), &t, &z, &off), 0);
	cr_assert_not(z);
	cr_assert_eq(t, iso("2026-11-24T23:01:02Z"));
	cr_assert_eq(lt_time_parse_iso_ex("2026-11-25T08:01:02Z", 20, NULL, &t, &z, &off), 0);
	cr_assert(z);
	cr_assert_eq(off, 0);
	char buf[8];
	lt_format_offset(-(5 * 3600 + 30 * 60), buf);
	cr_assert_str_eq(buf, "-05:30");
}

Test(fields, offsets)
{
	int32_t off;
	cr_assert_eq(lt_parse_utc_offset("+0900", 5, &off), 0);
	cr_assert_eq(off, 32400);
	cr_assert_eq(lt_parse_utc_offset("-05", 3, &off), 0);
	cr_assert_eq(off, -18000);
	cr_assert_eq(lt_parse_utc_offset("+01:30", 6, &off), 0);
	cr_assert_eq(off, 5400);
	cr_assert_neq(lt_parse_utc_offset("0900", 4, &off), 0);
}

Test(fields, csv_quoted_commas_and_escaped_quotes)
{
	struct lt_buf scratch = LT_BUF_INIT;
	struct lt_str f[8];
	const char *line = "a,\"b,c\",\"say \"\"hi\"\"\",,last\r";
	size_t n = lt_split_csv(line, strlen(line), ',', f, 8, &scratch);
	cr_assert_eq(n, 5);
	SPAN_EQ(f[0], "a");
	SPAN_EQ(f[1], "b,c");
	SPAN_EQ(f[2], "say \"hi\"");
	SPAN_EQ(f[3], "");
	SPAN_EQ(f[4], "last");
	n = lt_split_csv("x\ty z\t\"q\tr\"", 11, '\t', f, 8, &scratch);
	cr_assert_eq(n, 3);
	SPAN_EQ(f[1], "y z");
	SPAN_EQ(f[2], "q\tr");
	cr_assert_eq(lt_split_csv("a,\"open", 7, ',', f, 8, &scratch), LT_CSV_OPEN_QUOTE);
	cr_assert_eq(lt_split_csv("", 0, ',', f, 8, &scratch), 1);
	lt_buf_free(&scratch);
}

Test(fields, kv_quoted_values)
{
	struct lt_kv kv[16];
	const char *line = "date=2019-05-15 devname=\"FG 1\" msg=\"tunnel \\\"x\\\" up\" empty= k2=\"\" junk tz=\"-0500\"";
	size_t n = lt_split_kv(line, strlen(line), kv, 16);
	cr_assert_eq(n, 6);
	SPAN_EQ(lt_kv_get(kv, n, "devname")->val, "FG 1");
	SPAN_EQ(lt_kv_get(kv, n, "msg")->val, "tunnel \\\"x\\\" up");
	SPAN_EQ(lt_kv_get(kv, n, "empty")->val, "");
	SPAN_EQ(lt_kv_get(kv, n, "k2")->val, "");
	cr_assert(lt_kv_get(kv, n, "k2")->quoted);
	SPAN_EQ(lt_kv_get(kv, n, "tz")->val, "-0500");
	cr_assert_null(lt_kv_get(kv, n, "junk"));
}

Test(fields, whitespace_split)
{
	struct lt_str f[8];
	bool q[8];
	const char *line = "1157689312.049   5006 10.0.0.1  TCP_MISS/200\r";
	cr_assert_eq(lt_split_ws(line, strlen(line), f, 8), 4);
	SPAN_EQ(f[3], "TCP_MISS/200");
	const char *w3c = "2026-01-01 \"Mozilla/5.0 (X11)\" - \"a\\\"b\" x";
	size_t n = lt_split_ws_quoted(w3c, strlen(w3c), f, q, 8);
	cr_assert_eq(n, 5);
	SPAN_EQ(f[1], "Mozilla/5.0 (X11)");
	cr_assert(q[1]);
	cr_assert_not(q[2]);
	SPAN_EQ(f[3], "a\\\"b");
	cr_assert_eq(lt_split_ws(line, strlen(line), f, 2), 4);
}

Test(fields, url_host)
{
	struct lt_str u;
#define HOST(in, out) do { u = lt_url_host((struct lt_str){ in, strlen(in) }); SPAN_EQ(u, out); } while (0)
	HOST("http://www.example.com/x?y", "www.example.com");
	HOST("https://user:pw@Host.example:8443/", "Host.example");
	HOST("login.yahoo.com:443", "login.yahoo.com");
	HOST("http://[2001:db8::1]:8080/a", "2001:db8::1");
	HOST("[2001:db8::1]:443", "2001:db8::1");
	HOST("/index.html", "");
	HOST("example.com", "example.com");
#undef HOST
	cr_assert(lt_is_ip((struct lt_str){ "2001:db8::1", 11 }));
	cr_assert(lt_is_ip((struct lt_str){ "10.0.0.1", 8 }));
	cr_assert_not(lt_is_ip((struct lt_str){ "192.030.0.6", 11 }));
}

Test(fields, numbers)
{
	int64_t v;
	cr_assert(lt_parse_int("-42", 3, &v));
	cr_assert_eq(v, -42);
	cr_assert_not(lt_parse_int("4x", 2, &v));
	cr_assert_not(lt_parse_int("-", 1, &v));
	cr_assert(lt_parse_decimal_scaled("1.5", 3, 1000, &v));
	cr_assert_eq(v, 1500);
	cr_assert(lt_parse_decimal_scaled("12", 2, 1000, &v));
	cr_assert_eq(v, 12000);
	cr_assert_eq(lt_month_from_abbr("dec", 3), 12);
	cr_assert_eq(lt_month_from_abbr("Dez", 3), 0);
}

Test(fields, duration_ns_bounds)
{
	int64_t ns;
	cr_assert(lt_duration_ns(5006, 1000, &ns));
	cr_assert_eq(ns, INT64_C(5006000000));
	cr_assert(lt_duration_ns(1500000, LT_US_PER_SEC, &ns));
	cr_assert_eq(ns, INT64_C(1500000000));
	cr_assert_not(lt_duration_ns(-1, 1, &ns));
	cr_assert_not(lt_duration_ns(INT64_C(5832885928243725), 1, &ns));	/* found by the fuzzer */
}

/* The session tracker (session.h): one start per key, continued, end with
 * the derived duration, a new session after the end or after a stale gap. */
static const char *role_of(struct lt_record *r)
{
	static char buf[32];
	struct lt_str s;
	if (!lt_rec_get_str(r, LT_F_SESSION_ROLE, &s))
		return "";
	snprintf(buf, sizeof buf, "%.*s", (int)s.n, s.p);
	return buf;
}

Test(session, start_continued_end_and_stale)
{
	static struct lt_sessions t;	/* zeroed = empty */
	struct lt_record r;
	lt_rec_init(&r);
	lt_time_us t0 = iso("2026-11-28T13:10:04Z");
	cr_assert(lt_session_seen(&t, &r, "1.2.3.4:5", 9, t0));
	cr_assert_str_eq(role_of(&r), "start");
	lt_rec_clear(&r);
	cr_assert(!lt_session_seen(&t, &r, "1.2.3.4:5", 9, t0 + LT_US_PER_SEC));
	cr_assert_str_eq(role_of(&r), "continued");
	lt_rec_clear(&r);
	cr_assert(lt_session_ended(&t, &r, "1.2.3.4:5", 9, t0 + 100 * LT_US_PER_SEC));
	cr_assert_str_eq(role_of(&r), "end");
	int64_t ns;
	cr_assert(lt_rec_get_int(&r, LT_F_EVENT_DURATION, &ns));
	cr_assert_eq(ns, INT64_C(100) * 1000000000);
	lt_rec_clear(&r);
	/* after its end, the same key starts a new session */
	cr_assert(lt_session_seen(&t, &r, "1.2.3.4:5", 9, t0 + 200 * LT_US_PER_SEC));
	lt_rec_clear(&r);
	/* an end never logged: a start line 5 hours later is a new session */
	cr_assert(lt_session_seen(&t, &r, "1.2.3.4:5", 9, t0 + 5 * 3600 * LT_US_PER_SEC));
	cr_assert_str_eq(role_of(&r), "start");
	lt_rec_clear(&r);
	/* an end without a known start is still an end, without a duration */
	cr_assert(!lt_session_ended(&t, &r, "9.9.9.9:1", 9, t0));
	cr_assert_str_eq(role_of(&r), "end");
	cr_assert(!lt_rec_get(&r, LT_F_EVENT_DURATION));
	lt_rec_free(&r);
}
