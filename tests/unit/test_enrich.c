/* Unit tests for src/enrich: each derived field on hand-built records. */
#include <criterion/criterion.h>
#include <string.h>

#include "enrich/enrich.h"
#include "util/diag.h"

#define DATA LT_SRCDIR "/tests/data/context/"

static struct lt_context *ctx;
static struct lt_record rec;

static void setup(void)
{
	char err[512];
	lt_diag_set_quiet(1);
	ctx = lt_context_load(DATA "good.yaml", LT_SRCDIR, err, sizeof(err));
	cr_assert_not_null(ctx, "%s", err);
	lt_rec_init(&rec);
}

static void teardown(void)
{
	lt_rec_free(&rec);
	lt_context_free(ctx);
	lt_enrich_thread_cleanup();
}

/* Local Tokyo time -> @timestamp. */
static void at(const char *local_iso)
{
	lt_time_us t;
	cr_assert_eq(lt_time_parse_iso(local_iso, strlen(local_iso), lt_tz_load("Asia/Tokyo"), &t), 0);
	lt_rec_set_time(&rec, LT_F_TIMESTAMP, t);
}

static void expect_str(const char *key, const char *want)
{
	struct lt_str s;
	cr_assert(lt_rec_get_str(&rec, key, &s), "%s missing", key);
	cr_assert(s.n == strlen(want) && memcmp(s.p, want, s.n) == 0, "%s = '%.*s', want '%s'", key,
		  (int)s.n, s.p, want);
}

static void expect_bool(const char *key, bool want)
{
	const struct lt_value *v = lt_rec_get(&rec, key);
	cr_assert_not_null(v, "%s missing", key);
	cr_assert_eq(v->type, LT_V_BOOL, "%s not a bool", key);
	cr_assert_eq(v->v.b, want, "%s = %d, want %d", key, v->v.b, want);
}

static void expect_int(const char *key, int64_t want)
{
	int64_t v;
	cr_assert(lt_rec_get_int(&rec, key, &v), "%s missing", key);
	cr_assert_eq(v, want, "%s = %lld, want %lld", key, (long long)v, (long long)want);
}

static void expect_absent(const char *key)
{
	cr_assert_null(lt_rec_get(&rec, key), "%s should be absent", key);
}

TestSuite(enrich, .init = setup, .fini = teardown);

Test(enrich, time_and_calendar)
{
	at("2026-09-22 23:30:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "EXAMPLE\\tyamada");
	lt_enrich(ctx, &rec);
	expect_str(LT_E_LOCAL_TIME, "2026-09-22T23:30:00.000000+09:00");
	expect_str(LT_E_LOCAL_DATE, "2026-09-22");
	expect_str(LT_E_LOCAL_WEEKDAY, "tue");
	expect_int(LT_E_LOCAL_HOUR, 23);
	expect_bool(LT_E_WORKDAY, false);
	expect_bool(LT_E_HOLIDAY, true);
	expect_str(LT_E_HOLIDAY_NAME, "国民の休日");
	expect_str(LT_E_HOLIDAY_NAME_EN, "Citizens' Holiday");
	expect_bool(LT_E_OFF_HOURS, true);
	expect_str(LT_E_OFF_HOURS_TIME, "2026-09-22T23:30:00.000000+09:00");
}

Test(enrich, business_hours_workday)
{
	at("2026-11-25 10:00:00");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_WORKDAY, true);
	expect_bool(LT_E_HOLIDAY, false);
	expect_absent(LT_E_HOLIDAY_NAME);
	expect_bool(LT_E_OFF_HOURS, false);
	expect_absent(LT_E_OFF_HOURS_TIME);
	expect_absent(LT_E_PERSON_ID);
}

Test(enrich, person_and_departing_window)
{
	/* E001: notice 2026-10-01, last day 2026-11-30, look-back 60 days. */
	at("2026-08-01 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "TYAMADA");
	lt_rec_set_cstr(&rec, LT_F_USER_DOMAIN, "EXAMPLE");
	lt_enrich(ctx, &rec);
	expect_str(LT_E_PERSON_ID, "E001");
	expect_str(LT_E_PERSON_NAME, "山田 太郎");
	expect_str(LT_E_PERSON_TYPE, "employee");
	expect_str(LT_E_PERSON_DEPT, "設計");
	expect_bool(LT_E_PERSON_RESOLVED, true);
	expect_bool(LT_E_DEPARTING, false); /* before 2026-08-02 */
	expect_int(LT_E_DAYS_TO_LAST, 121);
	lt_rec_clear(&rec);
	at("2026-08-02 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "tyamada");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_DEPARTING, true);
	lt_rec_clear(&rec);
	at("2026-11-30 23:59:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "yamada-vpn");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_DEPARTING, true);
	expect_bool(LT_E_AFTER_LAST, false);
	expect_int(LT_E_DAYS_TO_LAST, 0);
	lt_rec_clear(&rec);
	at("2026-12-01 00:00:01");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "yamada-vpn");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_DEPARTING, false);
	expect_bool(LT_E_AFTER_LAST, true);
	expect_int(LT_E_DAYS_TO_LAST, -1);
}

Test(enrich, vendor_contract_window)
{
	at("2026-11-10 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "vendor01");
	lt_enrich(ctx, &rec);
	expect_str(LT_E_PERSON_TYPE, "vendor");
	expect_bool(LT_E_OUTSIDE_CONTRACT, false);
	expect_absent(LT_E_DEPARTING);
	lt_rec_clear(&rec);
	at("2026-11-16 09:00:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "vendor01");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_OUTSIDE_CONTRACT, true);
	expect_bool(LT_E_AFTER_LAST, true);
	lt_rec_clear(&rec);
	at("2026-10-31 09:00:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "vendor01");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_OUTSIDE_CONTRACT, true);
	expect_bool(LT_E_AFTER_LAST, false);
}

Test(enrich, unresolved_user_is_kept_and_listed)
{
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "OTHER\\ghost");
	lt_enrich(ctx, &rec);
	expect_str(LT_E_PERSON_ID, "OTHER\\ghost");
	expect_bool(LT_E_PERSON_RESOLVED, false);
	expect_str(LT_F_USER_NAME, "OTHER\\ghost");
	lt_rec_clear(&rec);
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "PC-0042$"); /* a machine account: not listed */
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_PERSON_RESOLVED, false);
	size_t n;
	char **v = lt_context_unresolved(ctx, &n);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(v[0], "OTHER\\ghost");
	free(v[0]);
	free(v);
}

static void mail(const char *when, const char *from, const char **to, const char **att)
{
	at(when);
	lt_rec_set_cstr(&rec, LT_F_EVENT_CATEGORY, "email");
	lt_rec_set_cstr(&rec, LT_F_EMAIL_FROM, from);
	for (; to && *to; to++)
		lt_rec_add_str(&rec, LT_F_EMAIL_TO, *to, strlen(*to));
	for (; att && *att; att++)
		lt_rec_add_str(&rec, LT_F_EMAIL_ATT_NAME, *att, strlen(*att));
	lt_enrich(ctx, &rec);
}

Test(enrich, mail_to_own_personal_address_scores_high)
{
	const char *to[] = { "colleague@example.co.jp", "Taro.Y1985@gmail.com", NULL };
	const char *att[] = { "【社外秘】設計仕様書.xlsx", NULL };
	mail("2026-11-20 22:15:00", "t.yamada@example.co.jp", to, att);
	expect_str(LT_E_PERSON_ID, "E001");
	expect_bool(LT_E_MAIL_OUTBOUND, true);
	expect_bool(LT_E_MAIL_EXTERNAL, true);
	expect_int(LT_E_MAIL_EXT_COUNT, 1);
	expect_bool(LT_E_MAIL_FREEMAIL, true);
	expect_bool(LT_E_MAIL_TO_PERSONAL, true);
	expect_bool(LT_E_MAIL_PARTNER_ONLY, false);
	expect_int(LT_E_MAIL_ATT_COUNT, 1);
	expect_bool(LT_E_MAIL_CLASSIFIED, true);
	expect_bool(LT_E_OFF_HOURS, true);
	expect_bool(LT_E_DEPARTING, true);
	/* personal 2 + freemail 1 + classified 2 + off-hours 1 + departing 2 */
	expect_int(LT_E_MAIL_SCORE, 8);
	const struct lt_value *pr = lt_rec_get(&rec, LT_E_MAIL_PERSONAL_RCPT);
	cr_assert(pr && pr->type == LT_V_LIST && pr->v.list.count == 1);
	struct lt_str one = lt_rec_list_item(&rec, pr, 0);
	cr_assert(one.n == 20 && memcmp(one.p, "Taro.Y1985@gmail.com", 20) == 0);
	const struct lt_value *why = lt_rec_get(&rec, LT_E_MAIL_SCORE_WHY);
	cr_assert_eq(why->v.list.count, 5);
}

Test(enrich, mail_name_like_and_partner_discount)
{
	const char *to[] = { "yamada.taro@yahoo.co.jp", NULL };
	mail("2026-07-01 10:00:00", "tyamada@example.co.jp", to, NULL);
	expect_bool(LT_E_MAIL_NAME_LIKE, true);
	expect_bool(LT_E_MAIL_TO_PERSONAL, false);
	expect_int(LT_E_MAIL_ATT_COUNT, 0);
	expect_absent(LT_E_MAIL_CLASSIFIED);
	expect_int(LT_E_MAIL_SCORE, 3); /* name-like 2 + freemail 1 */
	lt_rec_clear(&rec);
	const char *to2[] = { "buyer@partner.example", NULL };
	const char *att[] = { "見積書.pdf", NULL };
	mail("2026-07-01 10:00:00", "hsato@example.co.jp", to2, att);
	expect_bool(LT_E_MAIL_PARTNER_ONLY, true);
	expect_bool(LT_E_MAIL_NAME_LIKE, false);
	expect_int(LT_E_MAIL_SCORE, -3);
}

Test(enrich, internal_mail_is_not_external)
{
	const char *to[] = { "hanako.sato@example.co.jp", NULL };
	const char *att[] = { "社外秘_議事録.docx", NULL };
	mail("2026-11-25 10:00:00", "tyamada@example.co.jp", to, att);
	expect_bool(LT_E_MAIL_EXTERNAL, false);
	expect_absent(LT_E_MAIL_SCORE);
	expect_bool(LT_E_MAIL_CLASSIFIED, true);
}

Test(enrich, auto_forward_to_outside)
{
	const char *to[] = { "taro.y1985@gmail.com", NULL };
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_EMAIL_FROM, "customer@client.example");
	lt_rec_add_str(&rec, LT_F_EMAIL_TO, to[0], strlen(to[0]));
	lt_rec_set_cstr(&rec, "leaktrail.mail.orig_to", "tyamada@example.co.jp");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_MAIL_FORWARDED, true);
	expect_bool(LT_E_MAIL_OUTBOUND, false);
	lt_rec_clear(&rec);
	mail("2026-11-25 10:00:00", "customer@client.example", to, NULL);
	expect_bool(LT_E_MAIL_FORWARDED, false);
	/* The Postfix parser's delivery descriptions. */
	lt_rec_clear(&rec);
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_EMAIL_FROM, "customer@client.example");
	lt_rec_add_str(&rec, LT_F_EMAIL_TO, to[0], strlen(to[0]));
	const char *d = "to=<taro.y1985@gmail.com> orig_to=<tyamada@example.co.jp> status=sent dsn=2.0.0";
	lt_rec_add_str(&rec, "leaktrail.email.deliveries", d, strlen(d));
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_MAIL_FORWARDED, true);
	expect_str(LT_E_PERSON_ID, "E001"); /* the forwarding mailbox's owner */
	size_t nu;
	char **u = lt_context_unresolved(ctx, &nu);
	cr_assert_eq(nu, 0, "an outside sender is not an unresolved user");
	free(u);
	lt_rec_clear(&rec);
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_EMAIL_FROM, "customer@client.example");
	lt_rec_add_str(&rec, LT_F_EMAIL_TO, to[0], strlen(to[0]));
	d = "to=<taro.y1985@gmail.com> status=sent dsn=2.0.0";
	lt_rec_add_str(&rec, "leaktrail.email.deliveries", d, strlen(d));
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_MAIL_FORWARDED, false);
}

Test(enrich, web_categories)
{
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_URL_ORIGINAL, "https://xgigafile.nu/upload");
	lt_rec_set_cstr(&rec, LT_F_HTTP_METHOD, "POST");
	lt_enrich(ctx, &rec);
	expect_absent(LT_E_WEB_CATEGORY);
	expect_bool(LT_E_WEB_UPLOAD, true);
	lt_rec_clear(&rec);
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_URL_ORIGINAL, "https://user@24.gigafile.nu:443/upload?x=1");
	lt_rec_set_cstr(&rec, LT_F_HTTP_METHOD, "GET");
	lt_enrich(ctx, &rec);
	expect_str(LT_E_WEB_CATEGORY, "file-sharing");
	expect_bool(LT_E_WEB_APPROVED, false);
	expect_bool(LT_E_WEB_UPLOAD, false);
	lt_rec_clear(&rec);
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_URL_DOMAIN, "upload.app.box.com");
	lt_rec_set_int(&rec, LT_F_HTTP_REQ_BYTES, 5 << 20);
	lt_enrich(ctx, &rec);
	expect_str(LT_E_WEB_CATEGORY, "online-storage");
	expect_bool(LT_E_WEB_APPROVED, true);
	expect_bool(LT_E_WEB_UPLOAD, true);
}

Test(enrich, files_labels_and_repositories)
{
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "hsato");
	lt_rec_set_cstr(&rec, LT_F_FILE_PATH, "設計/2026/極秘_新型ポンプ.dwg");
	lt_rec_set_cstr(&rec, LT_F_FILE_NAME, "極秘_新型ポンプ.dwg");
	lt_rec_set_cstr(&rec, "leaktrail.share.path", "/srv/share");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_FILE_CLASSIFIED, true);
	expect_str(LT_E_FILE_LABEL, "極秘");
	expect_str(LT_E_FILE_REPO, "設計図面");
	expect_str(LT_E_FILE_AREA, "設計");
	expect_bool(LT_E_FILE_OWN_AREA, false);
	lt_rec_clear(&rec);
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_USER_NAME, "tyamada");
	lt_rec_set_cstr(&rec, LT_F_FILE_PATH, "/srv/share/設計/a.txt");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_FILE_CLASSIFIED, false);
	expect_bool(LT_E_FILE_OWN_AREA, true);
	lt_rec_clear(&rec);
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, LT_F_EVENT_CATEGORY, "print");
	lt_rec_set_cstr(&rec, "leaktrail.print.document", "社外秘 顧客一覧 - Excel");
	lt_rec_set_int(&rec, "leaktrail.print.pages", 12);
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_FILE_CLASSIFIED, true);
	expect_str(LT_E_FILE_LABEL, "社外秘");
	expect_absent(LT_E_FILE_REPO);
}

Test(enrich, usb_serials)
{
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, "leaktrail.usb.serial", "aa11bb22");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_USB_APPROVED, true);
	lt_rec_clear(&rec);
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, "leaktrail.usb.serial", "4C530001230101117472");
	lt_rec_set_cstr(&rec, LT_F_HOST_NAME, "pc-yamada");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_USB_APPROVED, false);
	/* no user in a kernel line: the computer's assigned person */
	expect_str(LT_E_PERSON_ID, "E001");
	expect_bool(LT_E_PERSON_VIA_HOST, true);
	lt_rec_clear(&rec);
	at("2026-11-25 10:00:00");
	lt_rec_set_cstr(&rec, "leaktrail.usb.product", "Mass Storage");
	lt_enrich(ctx, &rec);
	expect_bool(LT_E_USB_APPROVED, false);
}

Test(enrich_plain, no_context_parts_means_no_guesses)
{
	lt_diag_set_quiet(1);
	struct lt_context *empty = lt_context_load(NULL, LT_SRCDIR, NULL, 0);
	struct lt_record r;
	lt_rec_init(&r);
	lt_time_us t;
	lt_time_parse_iso("2026-11-23T03:00:00Z", 20, NULL, &t);
	lt_rec_set_time(&r, LT_F_TIMESTAMP, t);
	lt_rec_set_cstr(&r, LT_F_USER_NAME, "someone");
	lt_rec_set_cstr(&r, LT_F_EMAIL_FROM, "someone@x.example");
	lt_rec_add_str(&r, LT_F_EMAIL_TO, "a@gmail.com", 11);
	lt_rec_set_cstr(&r, "leaktrail.usb.serial", "X");
	lt_enrich(empty, &r);
	cr_assert_not_null(lt_rec_get(&r, LT_E_HOLIDAY)); /* national holidays are built in */
	cr_assert_null(lt_rec_get(&r, LT_E_OFF_HOURS));
	cr_assert_null(lt_rec_get(&r, LT_E_MAIL_EXTERNAL));
	cr_assert_null(lt_rec_get(&r, LT_E_USB_APPROVED));
	size_t n;
	char **v = lt_context_unresolved(empty, &n);
	cr_assert_eq(n, 0); /* nobody to resolve against: nothing to list */
	free(v);
	lt_rec_free(&r);
	lt_context_free(empty);
	lt_enrich_thread_cleanup();
}
