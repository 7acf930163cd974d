/* Unit tests for src/context: loading (with file:line:column errors),
 * identity resolution, the business calendar and Japanese holidays. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "context/context.h"
#include "context/jp_holidays.h"
#include "util/diag.h"

#define DATA LT_SRCDIR "/tests/data/context/"

static struct lt_context *load(const char *name)
{
	char err[512];
	lt_diag_set_quiet(1);
	struct lt_context *ctx = lt_context_load(name ? name : NULL, LT_SRCDIR, err, sizeof(err));
	cr_assert_not_null(ctx, "load failed: %s", err);
	return ctx;
}

static void expect_error(const char *file, const char *want)
{
	char err[512];
	lt_diag_set_quiet(1);
	struct lt_context *ctx = lt_context_load(file, LT_SRCDIR, err, sizeof(err));
	cr_assert_null(ctx);
	cr_assert(strstr(err, want) != NULL, "error '%s' lacks '%s'", err, want);
}

/* ---- Japanese national holidays ---- */

static void expect_holiday(int y, int m, int d, const char *ja)
{
	const struct lt_holiday_name *h = lt_jp_holiday(y, m, d);
	cr_assert_not_null(h, "%04d-%02d-%02d should be %s", y, m, d, ja);
	cr_assert_str_eq(h->ja, ja, "%04d-%02d-%02d", y, m, d);
}

static void expect_no_holiday(int y, int m, int d)
{
	const struct lt_holiday_name *h = lt_jp_holiday(y, m, d);
	cr_assert_null(h, "%04d-%02d-%02d is not a holiday (got %s)", y, m, d, h ? h->ja : "");
}

Test(jp_holidays, pinned_dates)
{
	expect_holiday(2026, 9, 22, "国民の休日");
	expect_holiday(2015, 9, 22, "国民の休日");
	expect_holiday(2009, 9, 22, "国民の休日");
	expect_holiday(2025, 11, 24, "振替休日");
	expect_holiday(2019, 5, 1, "天皇の即位の日");
	expect_holiday(2019, 4, 30, "国民の休日");
	expect_holiday(2019, 5, 2, "国民の休日");
	expect_holiday(2019, 10, 22, "即位礼正殿の儀");
	expect_holiday(2020, 7, 23, "海の日");
	expect_holiday(2020, 7, 24, "スポーツの日");
	expect_holiday(2020, 8, 10, "山の日");
	expect_holiday(2021, 7, 22, "海の日");
	expect_holiday(2021, 7, 23, "スポーツの日");
	expect_holiday(2021, 8, 8, "山の日");
	expect_holiday(2021, 8, 9, "振替休日");
	expect_no_holiday(2020, 10, 12);
	expect_no_holiday(2021, 10, 11);
	expect_no_holiday(2020, 7, 20);
	expect_holiday(1990, 11, 12, "即位礼正殿の儀");
	expect_holiday(1993, 6, 9, "皇太子徳仁親王の結婚の儀");
}

Test(jp_holidays, emperor_birthday_history)
{
	expect_holiday(2018, 12, 23, "天皇誕生日");
	expect_holiday(2018, 12, 24, "振替休日");
	expect_no_holiday(2019, 12, 23);
	expect_no_holiday(2019, 2, 23);
	expect_holiday(2020, 2, 23, "天皇誕生日");
	expect_holiday(2020, 2, 24, "振替休日");
	expect_holiday(2006, 4, 29, "みどりの日");
	expect_holiday(2007, 4, 29, "昭和の日");
	expect_holiday(2007, 5, 4, "みどりの日");
	expect_holiday(2005, 5, 4, "国民の休日");
}

Test(jp_holidays, happy_monday_and_before)
{
	expect_holiday(1999, 1, 15, "成人の日");
	expect_holiday(2000, 1, 10, "成人の日");
	expect_holiday(1999, 10, 11, "振替休日"); /* 10-10 was a Sunday */
	expect_holiday(2000, 10, 9, "体育の日");
	expect_holiday(2002, 7, 20, "海の日");
	expect_holiday(2003, 7, 21, "海の日");
	expect_holiday(2002, 9, 16, "振替休日"); /* 敬老の日 09-15 on a Sunday */
	expect_holiday(2003, 9, 15, "敬老の日");
	expect_no_holiday(1995, 7, 20);	/* 海の日 starts in 1996 */
	expect_no_holiday(2015, 8, 11);	/* 山の日 starts in 2016 */
	expect_holiday(2016, 8, 11, "山の日");
}

Test(jp_holidays, substitute_rule_change_2007)
{
	/* 2008-05-04 (Sun): the substitute goes to the first non-holiday, 05-06. */
	expect_holiday(2008, 5, 6, "振替休日");
	/* 2015-05-03 (Sun) -> 05-06. */
	expect_holiday(2015, 5, 6, "振替休日");
	/* Before 2007, 2004-05-03 (Mon) no substitute; 1998-05-03 (Sun) -> 05-04 is
	 * the substitute, not 国民の休日. */
	expect_holiday(1998, 5, 4, "振替休日");
	expect_no_holiday(1998, 5, 6);
}

Test(jp_holidays, equinoxes)
{
	cr_assert_eq(lt_jp_vernal_equinox_day(2026), 20);
	cr_assert_eq(lt_jp_autumnal_equinox_day(2026), 23);
	cr_assert_eq(lt_jp_vernal_equinox_day(2024), 20);
	cr_assert_eq(lt_jp_autumnal_equinox_day(2024), 22);
	cr_assert_eq(lt_jp_vernal_equinox_day(2025), 20);
	cr_assert_eq(lt_jp_autumnal_equinox_day(2025), 23);
	cr_assert_eq(lt_jp_vernal_equinox_day(2023), 21);
	cr_assert_eq(lt_jp_autumnal_equinox_day(2012), 22);
	cr_assert_eq(lt_jp_vernal_equinox_day(1990), 21);
	cr_assert_eq(lt_jp_autumnal_equinox_day(1990), 23);
	cr_assert_eq(lt_jp_autumnal_equinox_day(2020), 22);
	expect_holiday(2024, 9, 23, "振替休日"); /* 秋分 09-22 on a Sunday */
}

struct collect {
	char buf[2048];
};

static void add_day(void *arg, int m, int d, const struct lt_holiday_name *n)
{
	struct collect *c = arg;
	size_t len = strlen(c->buf);
	snprintf(c->buf + len, sizeof(c->buf) - len, "%02d-%02d %s\n", m, d, n->ja);
}

Test(jp_holidays, full_year_2026_matches_cabinet_office)
{
	struct collect c = { "" };
	int n = lt_jp_holidays_of_year(2026, add_day, &c);
	cr_assert_eq(n, 18);
	cr_assert_str_eq(c.buf,
			 "01-01 元日\n01-12 成人の日\n02-11 建国記念の日\n02-23 天皇誕生日\n"
			 "03-20 春分の日\n04-29 昭和の日\n05-03 憲法記念日\n05-04 みどりの日\n"
			 "05-05 こどもの日\n05-06 振替休日\n07-20 海の日\n08-11 山の日\n"
			 "09-21 敬老の日\n09-22 国民の休日\n09-23 秋分の日\n10-12 スポーツの日\n"
			 "11-03 文化の日\n11-23 勤労感謝の日\n");
}

Test(jp_holidays, full_year_2019_matches_cabinet_office)
{
	struct collect c = { "" };
	int n = lt_jp_holidays_of_year(2019, add_day, &c);
	cr_assert_eq(n, 22);
	cr_assert_str_eq(c.buf,
			 "01-01 元日\n01-14 成人の日\n02-11 建国記念の日\n03-21 春分の日\n"
			 "04-29 昭和の日\n04-30 国民の休日\n05-01 天皇の即位の日\n05-02 国民の休日\n"
			 "05-03 憲法記念日\n05-04 みどりの日\n05-05 こどもの日\n05-06 振替休日\n"
			 "07-15 海の日\n08-11 山の日\n08-12 振替休日\n09-16 敬老の日\n"
			 "09-23 秋分の日\n10-14 体育の日\n10-22 即位礼正殿の儀\n11-03 文化の日\n"
			 "11-04 振替休日\n11-23 勤労感謝の日\n");
}

Test(jp_holidays, range_limits_and_english)
{
	cr_assert_null(lt_jp_holiday(1989, 1, 1));
	cr_assert_null(lt_jp_holiday(2051, 1, 1));
	cr_assert_not_null(lt_jp_holiday(2050, 1, 1));
	cr_assert_str_eq(lt_jp_holiday(2026, 9, 22)->en, "Citizens' Holiday");
	cr_assert_str_eq(lt_jp_holiday(2025, 11, 24)->en, "Substitute Holiday");
	for (int y = 1990; y <= 2050; y++) {
		int n = lt_jp_holidays_of_year(y, NULL, NULL);
		cr_assert(n >= 14 && n <= 22, "%d has %d holidays", y, n);
	}
}

/* ---- loading ---- */

Test(context, loads_everything_and_reports_parts)
{
	struct lt_context *ctx = load(DATA "good.yaml");
	cr_assert_str_eq(lt_context_org_name(ctx), "テスト株式会社");
	cr_assert_eq(lt_context_lookback_days(ctx), 60);
	const enum lt_ctx_part all[] = {
		LT_CTX_TIME_ZONE, LT_CTX_BUSINESS_HOURS, LT_CTX_COMPANY_HOLIDAYS,
		LT_CTX_INTERNAL_DOMAINS, LT_CTX_PARTNER_DOMAINS, LT_CTX_APPROVED_CLOUD,
		LT_CTX_APPROVED_USB, LT_CTX_CLASSIFICATION, LT_CTX_SECRET_REPOS, LT_CTX_PEOPLE,
		LT_CTX_HR_DATES, LT_CTX_PERSONAL_ADDRESSES, LT_CTX_CONTRACT_WINDOWS,
		LT_CTX_NATIONAL_HOLIDAYS, LT_CTX_HOSTS,
	};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		cr_assert(lt_context_has(ctx, all[i]), "part %s missing", lt_context_part_name(all[i]));
	cr_assert_eq(lt_context_person_count(ctx), 4);
	const struct lt_person *c = lt_context_person_by_id(ctx, "C001");
	cr_assert_not_null(c);
	cr_assert_str_eq(c->name, "高橋, 次郎");
	cr_assert_eq(c->type, LT_PERSON_CONTRACTOR);
	cr_assert_eq(lt_context_mail_weights(ctx)->partner, -3);
	cr_assert_eq(lt_context_mail_weights(ctx)->freemail, 1);
	lt_context_free(ctx);
}

Test(context, empty_and_null_context_have_no_optional_parts)
{
	struct lt_context *a = load(DATA "empty.yaml");
	struct lt_context *b = load(NULL);
	cr_assert_eq(lt_context_parts(a), LT_CTX_NATIONAL_HOLIDAYS);
	cr_assert_eq(lt_context_parts(b), LT_CTX_NATIONAL_HOLIDAYS);
	cr_assert_str_eq(lt_tz_name(lt_context_tz(b)), "Asia/Tokyo");
	/* The shipped lists are there without any context file. */
	cr_assert(lt_context_domain_is(b, LT_DOM_FREEMAIL, "gmail.com", 9));
	cr_assert_str_eq(lt_context_web_category(b, "www.dropbox.com", 15), "online-storage");
	/* The default label pattern. */
	const char *label;
	size_t n;
	const char *s = "2026_社外秘_設計仕様.xlsx";
	cr_assert(lt_context_classified(b, s, strlen(s), &label, &n));
	cr_assert_eq(n, strlen("社外秘"));
	cr_assert_not(lt_context_classified(b, "report.docx", 11, NULL, NULL));
	lt_context_free(a);
	lt_context_free(b);
}

Test(context, part_names_round_trip)
{
	for (int i = 0; i < LT_CTX_PART_COUNT; i++) {
		enum lt_ctx_part p = (enum lt_ctx_part)(1u << i);
		cr_assert_eq(lt_context_part_from_name(lt_context_part_name(p)), p);
	}
	cr_assert_eq(lt_context_part_from_name("nonsense"), 0);
}

Test(context_errors, located_errors)
{
	expect_error(DATA "bad_tz.yaml", "bad_tz.yaml:2:14: unknown time zone 'Asia/Tokio'");
	expect_error(DATA "bad_key.yaml", "bad_key.yaml:3:3: organisation: unknown key 'bussiness_hours'");
	expect_error(DATA "bad_syntax.yaml", "bad_syntax.yaml:3:1: YAML syntax");
	expect_error(DATA "bad_re.yaml", "bad_re.yaml:2:12: bad pattern at offset 9");
	expect_error(DATA "bad_people.yaml", "bad_people.csv:2:15: last_day: '2026-13-01' is not a date");
	expect_error(DATA "bad_range.yaml", "bad_range.yaml:4:9: '2026-12-31..2026-12-01' is not a date");
	expect_error(DATA "missing.yaml", "missing.yaml: cannot read context file");
}

/* ---- identity ---- */

static const char *who(const struct lt_context *ctx, const char *user, const char *domain)
{
	const struct lt_person *p = lt_context_resolve(ctx, user, strlen(user), domain,
						       domain ? strlen(domain) : 0);
	return p ? p->id : "-";
}

Test(identity, every_alias_form_resolves)
{
	struct lt_context *ctx = load(DATA "good.yaml");
	cr_assert_str_eq(who(ctx, "EXAMPLE\\tyamada", NULL), "E001");
	cr_assert_str_eq(who(ctx, "example\\TYAMADA", NULL), "E001");
	cr_assert_str_eq(who(ctx, "tyamada", NULL), "E001");
	cr_assert_str_eq(who(ctx, "tyamada", "EXAMPLE"), "E001");
	cr_assert_str_eq(who(ctx, "TYamada@Example.co.jp", NULL), "E001");
	cr_assert_str_eq(who(ctx, "t.yamada@example.co.jp", NULL), "E001");
	cr_assert_str_eq(who(ctx, "yamada-vpn", NULL), "E001");
	cr_assert_str_eq(who(ctx, "E001", NULL), "E001");
	/* hsato has no domain form in the CSV; the internal UPN suffix is stripped. */
	cr_assert_str_eq(who(ctx, "hsato@example.co.jp", NULL), "E002");
	cr_assert_str_eq(who(ctx, "EXAMPLE\\hsato", NULL), "E002");
	/* Not stripped: a foreign Windows domain or a foreign mail domain. */
	cr_assert_str_eq(who(ctx, "OTHER\\hsato", NULL), "-");
	cr_assert_str_eq(who(ctx, "hsato@elsewhere.example", NULL), "-");
	cr_assert_str_eq(who(ctx, "nobody", NULL), "-");
	lt_context_free(ctx);
}

Test(identity, personal_addresses_and_unresolved_list)
{
	struct lt_context *ctx = load(DATA "good.yaml");
	const struct lt_person *p = lt_context_personal_owner(ctx, "taro.y1985@gmail.com", 20);
	cr_assert_not_null(p);
	cr_assert_str_eq(p->id, "E001");
	cr_assert(lt_person_has_area(p, "試作"));
	cr_assert_not(lt_person_has_area(p, "経営企画"));
	cr_assert(lt_person_has_area(lt_context_person_by_id(ctx, "E002"), "経営企画"));
	cr_assert_str_eq(lt_context_host_owner(ctx, "pc-yamada", 9)->id, "E001");
	cr_assert_str_eq(lt_context_host_owner(ctx, "PC-YAMADA.example.co.jp", 23)->id, "E001");
	cr_assert_str_eq(lt_context_host_owner(ctx, "yamada-note", 11)->id, "E001");
	cr_assert_null(lt_context_host_owner(ctx, "pc-sato", 7));
	lt_context_note_unresolved(ctx, "zeta", 4);
	lt_context_note_unresolved(ctx, "alpha", 5);
	lt_context_note_unresolved(ctx, "zeta", 4);
	size_t n;
	char **v = lt_context_unresolved(ctx, &n);
	cr_assert_eq(n, 2);
	cr_assert_str_eq(v[0], "alpha");
	cr_assert_str_eq(v[1], "zeta");
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
	lt_context_free(ctx);
}

/* ---- calendar and lists ---- */

Test(calendar, workdays_holidays_and_hours)
{
	struct lt_context *ctx = load(DATA "good.yaml");
	cr_assert(lt_calendar_is_workday(ctx, 2026, 11, 25));	/* Wednesday */
	cr_assert_not(lt_calendar_is_workday(ctx, 2026, 11, 23)); /* 勤労感謝の日 */
	cr_assert_not(lt_calendar_is_workday(ctx, 2026, 9, 22));	/* 国民の休日 */
	cr_assert_not(lt_calendar_is_workday(ctx, 2026, 11, 29)); /* Sunday */
	cr_assert(lt_calendar_is_workday(ctx, 2026, 11, 28));	/* Saturday morning shift */
	cr_assert_not(lt_calendar_is_workday(ctx, 2026, 12, 30)); /* 年末年始 */
	cr_assert_not(lt_calendar_is_workday(ctx, 2027, 1, 3));
	cr_assert_not(lt_calendar_is_workday(ctx, 2026, 6, 1));	/* single company day */
	const char *en;
	cr_assert_str_eq(lt_calendar_holiday_name(ctx, 2026, 8, 14, &en), "夏季休業");
	cr_assert_str_eq(lt_calendar_holiday_name(ctx, 2026, 9, 22, &en), "国民の休日");
	cr_assert_str_eq(en, "Citizens' Holiday");
	cr_assert_null(lt_calendar_holiday_name(ctx, 2026, 11, 25, NULL));

	struct lt_civil c = { 2026, 11, 25, 8, 59, 0, 0, 0 };
	cr_assert(lt_calendar_off_hours(ctx, &c));
	c.hour = 9, c.min = 0;
	cr_assert_not(lt_calendar_off_hours(ctx, &c));
	c.hour = 17, c.min = 59;
	cr_assert_not(lt_calendar_off_hours(ctx, &c));
	c.hour = 18, c.min = 0;
	cr_assert(lt_calendar_off_hours(ctx, &c));
	c.day = 28, c.hour = 11; /* Saturday, within 09-12 */
	cr_assert_not(lt_calendar_off_hours(ctx, &c));
	c.hour = 13;
	cr_assert(lt_calendar_off_hours(ctx, &c));
	c.month = 9, c.day = 22, c.hour = 10; /* holiday, daytime */
	cr_assert(lt_calendar_off_hours(ctx, &c));

	/* Local time: 2026-11-25T00:30Z is 09:30 in Tokyo. */
	struct lt_civil l;
	int32_t off;
	lt_context_local(ctx, INT64_C(1795566600) * LT_US_PER_SEC, &l, &off);
	cr_assert_eq(off, 9 * 3600);
	cr_assert_eq(l.hour, 9);
	cr_assert_eq(l.min, 30);
	lt_context_free(ctx);
}

Test(calendar, national_none_turns_holidays_off)
{
	char path[] = "/tmp/lt_ctx_none_XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	const char *y = "organisation:\n  holidays:\n    national: none\n";
	cr_assert_eq(write(fd, y, strlen(y)), (ssize_t)strlen(y));
	close(fd);
	struct lt_context *ctx = load(path);
	unlink(path);
	cr_assert_not(lt_context_has(ctx, LT_CTX_NATIONAL_HOLIDAYS));
	cr_assert(lt_calendar_is_workday(ctx, 2026, 11, 23));
	lt_context_free(ctx);
}

Test(domains, lists_and_suffix_matching)
{
	struct lt_context *ctx = load(DATA "good.yaml");
	cr_assert(lt_context_domain_is(ctx, LT_DOM_INTERNAL, "example.co.jp", 13));
	cr_assert(lt_context_domain_is(ctx, LT_DOM_INTERNAL, "mail.EXAMPLE.co.jp", 18));
	cr_assert_not(lt_context_domain_is(ctx, LT_DOM_INTERNAL, "badexample.co.jp", 16));
	cr_assert(lt_context_domain_is(ctx, LT_DOM_PARTNER, "x@partner.example", 17));
	cr_assert(lt_context_domain_is(ctx, LT_DOM_FREEMAIL, "mailbox.example", 15));
	cr_assert(lt_context_domain_is(ctx, LT_DOM_FREEMAIL, "docomo.ne.jp", 12));
	cr_assert_str_eq(lt_context_web_category(ctx, "share.example:443", 17), "file-sharing");
	cr_assert_str_eq(lt_context_web_category(ctx, "gigafile.nu", 11), "file-sharing");
	cr_assert_str_eq(lt_context_web_category(ctx, "mail.google.com", 15), "webmail");
	cr_assert_str_eq(lt_context_web_category(ctx, "drive.google.com", 16), "online-storage");
	cr_assert_null(lt_context_web_category(ctx, "www.google.com", 14));
	cr_assert(lt_context_web_approved(ctx, "app.box.com", 11));
	cr_assert_not(lt_context_web_approved(ctx, "dropbox.com", 11));
	cr_assert(lt_context_usb_approved(ctx, "aa11bb22", 8));
	cr_assert(lt_context_usb_approved(ctx, "0123456789", 10));
	cr_assert_not(lt_context_usb_approved(ctx, "FFFF", 4));
	lt_context_free(ctx);
}

Test(classify, pattern_and_repositories)
{
	struct lt_context *ctx = load(DATA "good.yaml");
	const char *s = "Q3 CONFIDENTIAL plan.pdf";
	const char *label;
	size_t n;
	cr_assert(lt_context_classified(ctx, s, strlen(s), &label, &n));
	cr_assert_eq(strncmp(label, "CONFIDENTIAL", n), 0);
	/* The configured pattern replaces the default one: 秘 alone no longer matches. */
	cr_assert_not(lt_context_classified(ctx, "秘書室.txt", strlen("秘書室.txt"), NULL, NULL));
	const char *name, *area;
	const char *p = "/srv/share/設計/2026/図面A.dwg";
	cr_assert(lt_context_secret_repo(ctx, p, strlen(p), &name, &area));
	cr_assert_str_eq(name, "設計図面");
	cr_assert_str_eq(area, "設計");
	cr_assert(lt_context_secret_repo(ctx, "/data/keiei/x", 13, &name, &area));
	cr_assert_str_eq(area, "経営企画");
	cr_assert_not(lt_context_secret_repo(ctx, "/srv/share/営業/a", strlen("/srv/share/営業/a"), NULL, NULL));
	lt_context_thread_cleanup();
	lt_context_free(ctx);
}

Test(jp_holidays, full_years_2020_2025_2027)
{
	struct collect c = { "" };
	cr_assert_eq(lt_jp_holidays_of_year(2020, add_day, &c), 18);
	cr_assert_str_eq(c.buf,
			 "01-01 元日\n01-13 成人の日\n02-11 建国記念の日\n02-23 天皇誕生日\n"
			 "02-24 振替休日\n03-20 春分の日\n04-29 昭和の日\n05-03 憲法記念日\n"
			 "05-04 みどりの日\n05-05 こどもの日\n05-06 振替休日\n07-23 海の日\n"
			 "07-24 スポーツの日\n08-10 山の日\n09-21 敬老の日\n09-22 秋分の日\n"
			 "11-03 文化の日\n11-23 勤労感謝の日\n");
	struct collect d = { "" };
	cr_assert_eq(lt_jp_holidays_of_year(2025, add_day, &d), 19);
	cr_assert_str_eq(d.buf,
			 "01-01 元日\n01-13 成人の日\n02-11 建国記念の日\n02-23 天皇誕生日\n"
			 "02-24 振替休日\n03-20 春分の日\n04-29 昭和の日\n05-03 憲法記念日\n"
			 "05-04 みどりの日\n05-05 こどもの日\n05-06 振替休日\n07-21 海の日\n"
			 "08-11 山の日\n09-15 敬老の日\n09-23 秋分の日\n10-13 スポーツの日\n"
			 "11-03 文化の日\n11-23 勤労感謝の日\n11-24 振替休日\n");
	struct collect e = { "" };
	cr_assert_eq(lt_jp_holidays_of_year(2027, add_day, &e), 17);
	cr_assert_str_eq(e.buf,
			 "01-01 元日\n01-11 成人の日\n02-11 建国記念の日\n02-23 天皇誕生日\n"
			 "03-21 春分の日\n03-22 振替休日\n04-29 昭和の日\n05-03 憲法記念日\n"
			 "05-04 みどりの日\n05-05 こどもの日\n07-19 海の日\n08-11 山の日\n"
			 "09-20 敬老の日\n09-23 秋分の日\n10-11 スポーツの日\n11-03 文化の日\n"
			 "11-23 勤労感謝の日\n");
}

Test(jp_holidays, full_year_1990_old_rules)
{
	struct collect c = { "" };
	cr_assert_eq(lt_jp_holidays_of_year(1990, add_day, &c), 19);
	cr_assert_str_eq(c.buf,
			 "01-01 元日\n01-15 成人の日\n02-11 建国記念の日\n02-12 振替休日\n"
			 "03-21 春分の日\n04-29 みどりの日\n04-30 振替休日\n05-03 憲法記念日\n"
			 "05-04 国民の休日\n05-05 こどもの日\n09-15 敬老の日\n09-23 秋分の日\n"
			 "09-24 振替休日\n10-10 体育の日\n11-03 文化の日\n11-12 即位礼正殿の儀\n"
			 "11-23 勤労感謝の日\n12-23 天皇誕生日\n12-24 振替休日\n");
}

/* Write a file in dir; returns its path (static buffer per call site). */
static void put(const char *dir, const char *name, const char *text, char *path, size_t n)
{
	snprintf(path, n, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

Test(context, csv_quotes_bom_crlf_and_column_order)
{
	char dir[] = "/tmp/lt_ctx_csv_XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char y[256], c[256];
	put(dir, "ctx.yaml", "people: p.csv\nmail: {internal_domains: [ex.jp]}\n", y, sizeof y);
	put(dir, "p.csv",
	    "\xef\xbb\xbf" "type,ID,Name,aliases\r\n"
	    "contractor,X1,\"山田 \"\"ヤマ\"\"\r\n太郎\",\"a1; EX\\\\a2 ;\"\r\n"
	    "\r\n"
	    "service,X2,,\r\n", c, sizeof c);
	struct lt_context *ctx = load(y);
	const struct lt_person *p = lt_context_person_by_id(ctx, "X1");
	cr_assert_not_null(p);
	cr_assert_str_eq(p->name, "山田 \"ヤマ\"\r\n太郎");
	cr_assert_eq(p->type, LT_PERSON_CONTRACTOR);
	cr_assert_str_eq(who(ctx, "A1", NULL), "X1");
	cr_assert_str_eq(who(ctx, "ex\\a2", NULL), "X1");
	cr_assert_str_eq(who(ctx, "a2", NULL), "X1");
	cr_assert_eq(lt_context_person(ctx, 1)->type, LT_PERSON_SERVICE);
	cr_assert_not(lt_context_has(ctx, LT_CTX_HR_DATES));
	lt_context_free(ctx);
	unlink(y);
	unlink(c);
	rmdir(dir);
}

Test(context_errors, csv_structure_errors)
{
	char dir[] = "/tmp/lt_ctx_csv_XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char y[256], c[256];
	put(dir, "ctx.yaml", "people: p.csv\n", y, sizeof y);
	put(dir, "p.csv", "id,name,colour\nX1,a,red\n", c, sizeof c);
	expect_error(y, "p.csv:1:9: unknown column 'colour'");
	put(dir, "p.csv", "id,name\nX1,\"open\n", c, sizeof c);
	expect_error(y, "p.csv:2:4: unterminated");
	put(dir, "p.csv", "id,type\nX1,robot\n", c, sizeof c);
	expect_error(y, "p.csv:2:4: type 'robot'");
	put(dir, "p.csv", "id\nX1\nX1\n", c, sizeof c);
	expect_error(y, "p.csv:3:1: duplicate person id 'X1'");
	put(dir, "p.csv", "name\nx\n", c, sizeof c);
	expect_error(y, "p.csv:1:1: the header has no 'id' column");
	unlink(y);
	unlink(c);
	rmdir(dir);
}
