/* Unit tests for the Windows parsers (windows_evtx, windows_xml,
 * windows_csv) run through the parse framework: our own XML and CSV
 * snippets for the quirks (no root, several events on a line, UTF-16, cut
 * events, multi-line quoted CSV, local times, English message texts), and
 * the corpus for EVTX (skipped with a message when $LT_SHARED/corpus is
 * absent): record counts, the Winlogbeat golden JSON field by field, EVTX
 * against its libevtx XML rendering, and autodetection of every file. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "parse/parse.h"
#include "parse/winevent.h"
#include "util/xalloc.h"

extern const struct lt_parser lt_parser_windows_evtx;
extern const struct lt_parser lt_parser_windows_xml;
extern const struct lt_parser lt_parser_windows_csv;

/* ---- harness ------------------------------------------------------------ */

struct mem {
	const char *p;
	size_t n, pos, chunk;
};

static ssize_t mem_read(void *arg, void *buf, size_t n)
{
	struct mem *m = arg;
	size_t k = m->n - m->pos;
	if (k > n)
		k = n;
	if (m->chunk && k > m->chunk)
		k = m->chunk;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	return (ssize_t)k;
}

struct recs {
	struct lt_record *r;
	size_t n, cap;
};

static int collect(void *arg, const struct lt_record *rec)
{
	struct recs *s = arg;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->r = lt_xrealloc(s->r, s->cap * sizeof(*s->r));
	}
	lt_rec_init(&s->r[s->n]);
	lt_rec_copy(&s->r[s->n], rec);
	s->n++;
	return 0;
}

static void recs_free(struct recs *s)
{
	for (size_t i = 0; i < s->n; i++)
		lt_rec_free(&s->r[i]);
	free(s->r);
	memset(s, 0, sizeof(*s));
}

/* Parse data (auto-detected unless forced) into out. */
static void run(const char *data, size_t n, const char *name, const struct lt_parser *forced, const char *tz,
		size_t chunk, struct recs *out, struct lt_parse_result *res)
{
	struct mem m = { data, n, 0, chunk };
	bool binary = n >= 8 && memcmp(data, "ElfFile\0", 8) == 0;
	struct lt_parse_input in = { .read = mem_read, .read_arg = &m, .binary = binary, .name = name,
				     .source_id = 1, .source_path = name };
	struct lt_parse_env env = { .tz = tz ? lt_tz_load(tz) : NULL, .source_path = name };
	struct lt_parse_opts opts = { .parser = forced };
	memset(out, 0, sizeof(*out));
	memset(res, 0, sizeof(*res));
	cr_assert_eq(lt_parse_stream(&in, &env, &opts, collect, out, res), 0);
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long len = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = lt_xmalloc((size_t)len + 1);
	*n = fread(p, 1, (size_t)len, f);
	p[*n] = '\0';
	fclose(f);
	return p;
}

static bool str_is(const struct lt_record *r, const char *key, const char *val)
{
	struct lt_str s;
	return lt_rec_get_str(r, key, &s) && s.n == strlen(val) && memcmp(s.p, val, s.n) == 0;
}

static void want_str(const struct lt_record *r, const char *key, const char *val)
{
	struct lt_str s = { "", 0 };
	bool have = lt_rec_get_str(r, key, &s);
	cr_assert(have && s.n == strlen(val) && memcmp(s.p, val, s.n) == 0, "%s = '%.*s'%s, want '%s'", key,
		  (int)s.n, s.p, have ? "" : " (absent)", val);
}

static void want_int(const struct lt_record *r, const char *key, int64_t val)
{
	int64_t v = -1;
	cr_assert(lt_rec_get_int(r, key, &v), "missing %s", key);
	cr_assert_eq(v, val, "%s = %lld, want %lld", key, (long long)v, (long long)val);
}

static void want_time(const struct lt_record *r, const char *iso)
{
	lt_time_us t;
	cr_assert(lt_rec_get_time(r, LT_F_TIMESTAMP, &t), "no @timestamp");
	char s[LT_ISO_LEN];
	lt_time_format_utc(t, s);
	cr_assert_str_eq(s, iso);
}

/* ---- XML ------------------------------------------------------------------ */

#define EV(id, rid, user)                                                                               \
	"<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"                  \
	"<Provider Name='Microsoft-Windows-Security-Auditing'/><EventID>" #id "</EventID>"               \
	"<Keywords>0x8020000000000000</Keywords><TimeCreated SystemTime='2026-11-25T08:00:0" #rid ".5Z'/>" \
	"<EventRecordID>" #rid "</EventRecordID><Channel>Security</Channel><Computer>DC1</Computer>"     \
	"</System><EventData><Data Name='TargetUserName'>" user "</Data>"                                \
	"<Data Name='LogonType'>3</Data></EventData></Event>"

Test(windows_xml, wevtutil_without_root_two_events_on_a_line)
{
	const char *x = EV(4624, 1, "tanaka") EV(4634, 2, "tanaka") "\r\n" EV(4625, 3, "suzuki") "\r\n";
	struct recs rs;
	struct lt_parse_result res;
	run(x, strlen(x), "events.xml", NULL, NULL, 7, &rs, &res);
	cr_assert_eq(res.parser, &lt_parser_windows_xml);
	cr_assert_eq(rs.n, 3);
	cr_assert_eq(res.stats.unparsed, 0);
	want_str(&rs.r[0], "event.action", "logged-in");
	want_str(&rs.r[1], "event.action", "logged-out");
	want_str(&rs.r[2], "user.name", "suzuki");
	want_time(&rs.r[2], "2026-11-25T08:00:03.500000Z");
	/* provenance: offset and line of each "<Event" */
	size_t second = strlen(EV(4624, 1, "tanaka"));
	want_int(&rs.r[0], LT_F_OFFSET, 0);
	want_int(&rs.r[1], LT_F_OFFSET, (int64_t)second);
	want_int(&rs.r[1], LT_F_LINE, 1);
	want_int(&rs.r[2], LT_F_OFFSET, (int64_t)(2 * second + 2));
	want_int(&rs.r[2], LT_F_LINE, 2);
	struct lt_str raw;
	cr_assert(lt_rec_get_str(&rs.r[1], LT_F_RAW, &raw) || lt_rec_get(&rs.r[1], LT_F_RAW));
	recs_free(&rs);
	lt_parse_result_free(&res);
}

/* Event Viewer "Save as XML": UTF-16LE with a BOM, a declaration, a root. */
Test(windows_xml, event_viewer_utf16_with_root)
{
	const char *u8 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\r\n<Events>" EV(4624, 1, "\xe7\x94\xb0\xe4\xb8\xad")
		"\r\n" EV(4634, 2, "x") "</Events>";
	size_t n8 = strlen(u8);
	/* UTF-8 -> UTF-16LE (BMP only here) */
	unsigned char *u16 = lt_xmalloc(2 * n8 + 2);
	size_t k = 0;
	u16[k++] = 0xFF;
	u16[k++] = 0xFE;
	size_t event1_u16 = 0;
	for (size_t i = 0; i < n8;) {
		unsigned c = (unsigned char)u8[i];
		uint32_t cp;
		if (c < 0x80) {
			cp = c;
			i++;
		} else {
			cp = ((c & 0x0F) << 12) | ((u8[i + 1] & 0x3F) << 6) | (u8[i + 2] & 0x3F);
			i += 3;
		}
		if (!event1_u16 && i > 1 && strncmp(u8 + i - 1, "<Event ", 7) == 0)
			event1_u16 = k;
		u16[k++] = (unsigned char)(cp & 0xFF);
		u16[k++] = (unsigned char)(cp >> 8);
	}
	struct recs rs;
	struct lt_parse_result res;
	run((const char *)u16, k, "saved.xml", NULL, NULL, 0, &rs, &res);
	cr_assert_eq(res.parser, &lt_parser_windows_xml);
	cr_assert_eq(rs.n, 2);
	want_str(&rs.r[0], "user.name", "\xe7\x94\xb0\xe4\xb8\xad");
	want_int(&rs.r[0], LT_F_OFFSET, (int64_t)event1_u16);
	want_int(&rs.r[0], LT_F_LINE, 2);
	recs_free(&rs);
	lt_parse_result_free(&res);
	free(u16);
}

Test(windows_xml, cut_and_broken_events_are_reported_not_dropped)
{
	const char *x = "<Events>\n" EV(4624, 1, "a")
			"\n<Event><System><EventID>4624</EventID></System><EventData><Data Name='x'>&bad;</Data></EventData></Event>\n"
			"<Event><System><EventID>4634</EventID>\n" EV(4634, 4, "b") "\n<Event><System>";
	struct recs rs;
	struct lt_parse_result res;
	run(x, strlen(x), "x.xml", &lt_parser_windows_xml, NULL, 0, &rs, &res);
	cr_assert_eq(rs.n, 2);
	want_str(&rs.r[1], "user.name", "b");
	cr_assert_eq(res.stats.unparsed, 3, "unparsed %llu", (unsigned long long)res.stats.unparsed);
	cr_assert_eq(res.stats.samples[0].lineno, 3);
	cr_assert_eq(res.stats.samples[1].lineno, 4);
	cr_assert_eq(res.stats.samples[2].lineno, 6);
	recs_free(&rs);
	lt_parse_result_free(&res);
}

/* ---- CSV ------------------------------------------------------------------ */

static const char viewer_csv[] =
	"Level,Date and Time,Source,Event ID,Task Category\r\n"
	"Information,11/25/2026 5:01:02 PM,Microsoft-Windows-Security-Auditing,4624,Logon,\"An account was successfully logged on.\r\n"
	"\r\n"
	"Subject:\r\n"
	"\tSecurity ID:\t\tSYSTEM\r\n"
	"\tAccount Name:\t\tPC-0042$\r\n"
	"\tAccount Domain:\t\tCORP\r\n"
	"\tLogon ID:\t\t0x3E7\r\n"
	"\r\n"
	"Logon Information:\r\n"
	"\tLogon Type:\t\t10\r\n"
	"\r\n"
	"Impersonation Level:\t\tImpersonation\r\n"
	"\r\n"
	"New Logon:\r\n"
	"\tSecurity ID:\t\tS-1-5-21-1-2-3-1104\r\n"
	"\tAccount Name:\t\ttanaka\r\n"
	"\tAccount Domain:\t\tCORP\r\n"
	"\tLogon ID:\t\t0x3A4F1C\r\n"
	"\r\n"
	"Process Information:\r\n"
	"\tProcess ID:\t\t0x1f0\r\n"
	"\tProcess Name:\t\tC:\\Windows\\System32\\svchost.exe\r\n"
	"\r\n"
	"Network Information:\r\n"
	"\tWorkstation Name:\tPC-0042\r\n"
	"\tSource Network Address:\t192.0.2.15\r\n"
	"\tSource Port:\t\t50123\r\n"
	"\r\n"
	"This event is generated when a logon session is created. It is generated on the computer that was accessed.\"\r\n"
	"Audit Success,11/25/2026 5:03:00 PM,Microsoft-Windows-Security-Auditing,5145,Detailed File Share,\"A network share object was checked to see whether client can be granted desired access.\r\n"
	"\r\n"
	"Subject:\r\n"
	"\tSecurity ID:\t\tCORP\\tanaka\r\n"
	"\tAccount Name:\t\ttanaka\r\n"
	"\tAccount Domain:\t\tCORP\r\n"
	"\tLogon ID:\t\t0x3A4F1C\r\n"
	"\r\n"
	"Network Information:\t\r\n"
	"\tObject Type:\t\tFile\r\n"
	"\tSource Address:\t\t192.0.2.15\r\n"
	"\tSource Port:\t\t50200\r\n"
	"\t\r\n"
	"Share Information:\r\n"
	"\tShare Name:\t\t\\\\*\\Sales\r\n"
	"\tShare Path:\t\t\\??\\D:\\Shares\\Sales\r\n"
	"\tRelative Target Name:\t\"\"Customers, 2026.xlsx\"\"\r\n"
	"\r\n"
	"Access Request Information:\r\n"
	"\tAccess Mask:\t\t0x100080\r\n"
	"\tAccesses:\t\tSYNCHRONIZE\r\n"
	"\t\t\t\tReadAttributes\r\n"
	"\t\t\t\t\r\n"
	"Access Check Results:\r\n"
	"\t-\"\r\n"
	"Information,11/25/2026 12:30:00 AM,Contoso-Agent,9001,None,Agent started.\r\n";

Test(windows_csv, event_viewer_multiline_local_time)
{
	struct recs rs;
	struct lt_parse_result res;
	run(viewer_csv, strlen(viewer_csv), "Security.csv", NULL, "Asia/Tokyo", 13, &rs, &res);
	cr_assert_eq(res.parser, &lt_parser_windows_csv);
	cr_assert_eq(rs.n, 3, "%zu records", rs.n);
	cr_assert_eq(res.stats.unparsed, 0);
	const struct lt_record *r = &rs.r[0];
	want_time(r, "2026-11-25T08:01:02.000000Z");
	want_str(r, LT_F_TIME_ZONE, "Asia/Tokyo");
	want_str(r, LT_F_TIME_TEXT, "11/25/2026 5:01:02 PM");
	want_str(r, "event.code", "4624");
	want_str(r, "event.action", "logged-in");
	want_str(r, "user.name", "tanaka");
	want_str(r, "user.domain", "CORP");
	want_str(r, "user.id", "S-1-5-21-1-2-3-1104");
	want_str(r, "source.ip", "192.0.2.15");
	want_int(r, "source.port", 50123);
	want_str(r, "winlog.logon.type", "RemoteInteractive");
	want_str(r, "winlog.logon.id", "0x3a4f1c");
	want_str(r, "process.name", "svchost.exe");
	want_int(r, LT_F_LINE, 2);
	cr_assert(lt_rec_get(r, "message"));
	r = &rs.r[1];
	want_int(r, LT_F_LINE, 31);
	want_str(r, "event.action", "read");
	want_str(r, "event.outcome", "success");
	want_str(r, "user.name", "tanaka");
	cr_assert_null(lt_rec_get(r, "user.id"), "a resolved name is not a SID");
	want_str(r, "file.path", "D:\\Shares\\Sales\\\"Customers, 2026.xlsx\"");
	want_str(r, "leaktrail.share.name", "\\\\*\\Sales");
	want_str(r, "source.ip", "192.0.2.15");
	want_int(r, "source.port", 50200);
	r = &rs.r[2];
	want_time(r, "2026-11-24T15:30:00.000000Z");
	want_str(r, "event.code", "9001");
	want_str(r, "message", "Agent started.");
	cr_assert_not(lt_rec_get(r, LT_F_WIN_MAPPED)->v.b);
	recs_free(&rs);
	lt_parse_result_free(&res);
}

static const char pwsh_csv[] =
	"#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\n"
	"\"Message\",\"Id\",\"Version\",\"Qualifiers\",\"Level\",\"Task\",\"Opcode\",\"Keywords\",\"RecordId\",\"ProviderName\",\"ProviderId\",\"LogName\",\"ProcessId\",\"ThreadId\",\"MachineName\",\"UserId\",\"TimeCreated\",\"LevelDisplayName\",\"TaskDisplayName\"\n"
	"\"An account failed to log on.\n"
	"\n"
	"Subject:\n"
	"\tSecurity ID:\t\tS-1-0-0\n"
	"\tAccount Name:\t\t-\n"
	"\n"
	"Logon Type:\t\t\t3\n"
	"\n"
	"Account For Which Logon Failed:\n"
	"\tSecurity ID:\t\tS-1-0-0\n"
	"\tAccount Name:\t\tadministrator\n"
	"\tAccount Domain:\t\tCORP\n"
	"\n"
	"Failure Information:\n"
	"\tFailure Reason:\t\tUnknown user name or bad password.\n"
	"\tStatus:\t\t\t0xC000006D\n"
	"\tSub Status:\t\t0xC000006A\n"
	"\n"
	"Network Information:\n"
	"\tWorkstation Name:\tKALI\n"
	"\tSource Network Address:\t203.0.113.7\n"
	"\tSource Port:\t\t0\",\"4625\",\"0\",,\"0\",\"12544\",\"0\",\"-9218868437227405312\",\"88123\",\"Microsoft-Windows-Security-Auditing\",\"54849625-5478-4994-a5ba-3e3b0328c30d\",\"Security\",\"620\",\"1234\",\"DC1.corp.example\",,\"2026/11/25 9:15:00\",\"Information\",\"Logon\"\n"
	"\"Document 12, 顧客名簿.xlsx owned by sato on \\\\PC-0042 was printed on Floor2-MFP through port IP_10.0.0.50.  Size in bytes: 772216. Pages printed: 31. No user action is required.\",\"307\",\"0\",,\"4\",\"26\",\"11\",\"4611686018427389952\",\"29\",\"Microsoft-Windows-PrintService\",,\"Microsoft-Windows-PrintService/Operational\",\"3944\",\"1\",\"PRN01\",\"S-1-5-21-1-2-3-1001\",\"2026/11/25 9:20:00\",\"Information\",\"Printing a document\"\n"
	"\"A new external device was recognized by the system.\n"
	"\n"
	"Subject:\n"
	"\tSecurity ID:\t\tSYSTEM\n"
	"\tAccount Name:\t\tPC-0042$\n"
	"\n"
	"Device ID:\tUSBSTOR\\DISK&VEN_BUFFALO&PROD_USB_FLASH_DISK&REV_1.00\\0701234ABCD5678&0\n"
	"\n"
	"Device Name:\tBUFFALO USB Flash Disk USB Device\n"
	"\n"
	"Class ID:\t{4d36e967-e325-11ce-bfc1-08002be10318}\n"
	"\n"
	"Class Name:\tDiskDrive\n"
	"\n"
	"Vendor IDs:\n"
	"\tUSBSTOR\\DiskBUFFALO_USB_FLASH_DISK___1.00\n"
	"\tGenDisk\n"
	"\n"
	"Location Information:\tPort_#0002.Hub_#0001\",\"6416\",\"1\",,\"0\",\"13316\",\"0\",\"-9214364837600034816\",\"501\",\"Microsoft-Windows-Security-Auditing\",,\"Security\",\"4\",\"8\",\"PC-0042.corp.example\",,\"2026/11/25 9:30:00\",\"Information\",\"Plug and Play Events\"\n";

Test(windows_csv, powershell_export_csv)
{
	struct recs rs;
	struct lt_parse_result res;
	run(pwsh_csv, strlen(pwsh_csv), "events.csv", NULL, "Asia/Tokyo", 0, &rs, &res);
	cr_assert_eq(res.parser, &lt_parser_windows_csv);
	cr_assert_eq(rs.n, 3, "%zu records", rs.n);
	const struct lt_record *r = &rs.r[0];
	want_time(r, "2026-11-25T00:15:00.000000Z");
	want_str(r, "event.outcome", "failure");
	want_str(r, "user.name", "administrator");
	want_str(r, "source.ip", "203.0.113.7");
	want_str(r, "winlog.logon.type", "Network");
	want_str(r, "event.reason", "Unknown user name or bad password.");
	want_str(r, "host.name", "DC1.corp.example");
	want_str(r, "winlog.channel", "Security");
	want_int(r, "winlog.record_id", 88123);
	want_int(r, LT_F_LINE, 3);
	r = &rs.r[1];
	want_str(r, "event.action", "document-printed");
	want_str(r, "leaktrail.print.document", "顧客名簿.xlsx");
	want_str(r, "user.name", "sato");
	want_str(r, "leaktrail.print.client", "PC-0042");
	want_str(r, "leaktrail.print.printer", "Floor2-MFP");
	want_str(r, "leaktrail.print.port", "IP_10.0.0.50");
	want_int(r, "leaktrail.print.bytes", 772216);
	want_int(r, "leaktrail.print.pages", 31);
	want_int(r, "leaktrail.print.job_id", 12);
	r = &rs.r[2];
	want_str(r, "event.action", "device-recognized");
	want_str(r, "leaktrail.usb.vendor", "BUFFALO");
	want_str(r, "leaktrail.usb.product", "USB_FLASH_DISK");
	want_str(r, "leaktrail.usb.serial", "0701234ABCD5678");
	want_str(r, "leaktrail.usb.class", "DiskDrive");
	want_str(r, "winlog.event_data.VendorIds", "USBSTOR\\DiskBUFFALO_USB_FLASH_DISK___1.00 GenDisk");
	recs_free(&rs);
	lt_parse_result_free(&res);
}

Test(windows_csv, day_first_option_and_unterminated_quote)
{
	const char *x = "Level,Date and Time,Source,Event ID,Task Category\n"
			"Information,03/04/2026 10:00:00,Contoso,1,None,ok\n"
			"Information,not a date,Contoso,2,None,ok\n"
			"Information,03/04/2026 10:00:00,Contoso,x,None,bad id\n"
			"Information,03/04/2026 10:00:00,Contoso,3,None,\"never closed\n"
			"more\n";
	struct mem m = { x, strlen(x), 0, 0 };
	const char *opt[] = { "windows_csv.date_order=dmy" };
	struct lt_parse_input in = { .read = mem_read, .read_arg = &m, .name = "a.csv", .source_path = "a.csv" };
	struct lt_parse_env env = { .tz = lt_tz_load("UTC"), .source_path = "a.csv", .options = opt, .noptions = 1 };
	struct lt_parse_opts opts = { 0 };
	struct recs rs = { 0 };
	struct lt_parse_result res;
	memset(&res, 0, sizeof(res));
	cr_assert_eq(lt_parse_stream(&in, &env, &opts, collect, &rs, &res), 0);
	cr_assert_eq(rs.n, 2);
	want_time(&rs.r[0], "2026-04-03T10:00:00.000000Z");
	cr_assert_null(lt_rec_get(&rs.r[1], LT_F_TIMESTAMP), "an unreadable time is not invented");
	want_str(&rs.r[1], LT_F_TIME_TEXT, "not a date");
	cr_assert_eq(res.stats.unparsed, 2);
	cr_assert_eq(res.stats.samples[0].lineno, 4);
	cr_assert_eq(res.stats.samples[1].lineno, 5);
	recs_free(&rs);
	lt_parse_result_free(&res);
}

/* A Japanese Event Viewer: Japanese header and levels, year-first times,
 * Japanese message texts (labels of the ja-JP 4624 template are mapped). */
Test(windows_csv, japanese_event_viewer)
{
	const char *x = "\xef\xbb\xbfレベル,日付と時刻,ソース,イベント ID,タスクのカテゴリ\r\n"
			"監査の失敗,2026/11/25 17:01:02,Microsoft-Windows-Security-Auditing,5140,ファイル共有,"
			"\"ネットワーク共有オブジェクトにアクセスしました。\r\n\r\n"
			"サブジェクト:\r\n\tアカウント名:\t\ttanaka\r\n\t共有名:\t\t\\\\*\\経理\"\r\n"
			"情報,2026/11/25 17:05:00,Microsoft-Windows-Security-Auditing,4624,ログオン,"
			"\"アカウントが正常にログオンしました。\r\n\r\nサブジェクト:\r\n\tセキュリティ ID:\t\tS-1-5-18\r\n"
			"\tアカウント名:\t\tPC-0042$\r\n\r\nログオンの種類:\t\t\t3\r\n\r\n新しいログオン:\r\n"
			"\tセキュリティ ID:\t\tS-1-5-21-1-2-3-1104\r\n\tアカウント名:\t\tsuzuki\r\n"
			"\tアカウント ドメイン:\t\tCORP\r\n\tログオン ID:\t\t0x5D2C1\r\n\r\nネットワーク情報:\r\n"
			"\tワークステーション名:\tPC-0077\r\n\tソース ネットワーク アドレス:\t192.0.2.77\r\n"
			"\tソース ポート:\t\t51515\r\n\r\nこのイベントは、ログオン セッションの作成時に生成されます。\"\r\n";
	struct recs rs;
	struct lt_parse_result res;
	run(x, strlen(x), "sec.csv", NULL, "Asia/Tokyo", 0, &rs, &res);
	cr_assert_eq(res.parser, &lt_parser_windows_csv);
	cr_assert_eq(rs.n, 2);
	want_time(&rs.r[0], "2026-11-25T08:01:02.000000Z");
	want_str(&rs.r[0], "event.code", "5140");
	want_str(&rs.r[0], "event.outcome", "failure");
	want_str(&rs.r[0], "user.name", "tanaka");
	/* share labels are not in the ja-JP table: kept as data, not mapped */
	cr_assert_null(lt_rec_get(&rs.r[0], "leaktrail.share.name"));
	cr_assert_not_null(lt_rec_get(&rs.r[0], "message"));
	const struct lt_record *r = &rs.r[1];
	want_str(r, "event.action", "logged-in");
	want_str(r, "user.name", "suzuki");
	want_str(r, "user.domain", "CORP");
	want_str(r, "user.id", "S-1-5-21-1-2-3-1104");
	want_str(r, "winlog.logon.type", "Network");
	want_str(r, "source.ip", "192.0.2.77");
	want_int(r, "source.port", 51515);
	want_str(r, "source.domain", "PC-0077");
	recs_free(&rs);
	lt_parse_result_free(&res);
}

/* ---- corpus --------------------------------------------------------------- */

static const char *corpus(void)
{
	static char path[4096];
	const char *shared = getenv("LT_SHARED");
	snprintf(path, sizeof(path), "%s/corpus", shared ? shared : LT_SRCDIR "/../shared");
	DIR *d = opendir(path);
	if (!d)
		return NULL;
	closedir(d);
	return path;
}

#define NEED_CORPUS(dir)                                                                          \
	const char *dir = corpus();                                                               \
	if (!dir) {                                                                               \
		fprintf(stderr, "SKIP: %s: corpus not found ($LT_SHARED/corpus)\n", __func__);    \
		cr_skip_test("corpus not found ($LT_SHARED/corpus): Windows corpus test skipped"); \
	}

static void run_file(const char *path, const struct lt_parser *forced, struct recs *rs, struct lt_parse_result *res)
{
	size_t n = 0;
	char *data = slurp(path, &n);
	cr_assert_not_null(data, "cannot read %s", path);
	run(data, n, path, forced, NULL, 0, rs, res);
	free(data);
}

Test(windows_corpus, omerbenamram_security_evtx_has_636_records)
{
	NEED_CORPUS(dir);
	char path[4200];
	snprintf(path, sizeof(path), "%s/auth/omerbenamram-evtx/Security_with_size_t.evtx", dir);
	struct recs rs;
	struct lt_parse_result res;
	run_file(path, NULL, &rs, &res);
	cr_assert_eq(res.parser, &lt_parser_windows_evtx);
	cr_assert_eq(rs.n, 636, "%zu records", rs.n);	/* SOURCE.md: 636 records */
	cr_assert_eq(res.stats.unparsed, 0);
	size_t c4624 = 0, c4625 = 0, c4672 = 0, c4648 = 0;
	int64_t prev = -1;
	for (size_t i = 0; i < rs.n; i++) {
		c4624 += str_is(&rs.r[i], "event.code", "4624");
		c4625 += str_is(&rs.r[i], "event.code", "4625");
		c4648 += str_is(&rs.r[i], "event.code", "4648");
		c4672 += str_is(&rs.r[i], "event.code", "4672");
		/* every record points at its bytes: "**\0\0" at a growing offset */
		int64_t off;
		cr_assert(lt_rec_get_int(&rs.r[i], LT_F_OFFSET, &off));
		cr_assert_gt(off, prev);
		prev = off;
	}
	cr_assert_eq(c4624, 126);	/* counts from SOURCE.md */
	cr_assert_eq(c4625, 15);
	cr_assert_eq(c4648, 92);
	cr_assert_eq(c4672, 109);
	recs_free(&rs);
	lt_parse_result_free(&res);
}

/* Compare our EVTX records with Winlogbeat's golden JSON: time (to the
 * microsecond; Winlogbeat keeps 100 ns), code, user, domain, logon type,
 * source ip, outcome, action. */
static void golden(const char *dir, const char *name)
{
	char path[4200], gpath[4300];
	snprintf(path, sizeof(path), "%s/auth/beats-winlogbeat-security/%s", dir, name);
	snprintf(gpath, sizeof(gpath), "%s.golden.json", path);
	json_error_t jerr;
	json_t *g = json_load_file(gpath, 0, &jerr);
	cr_assert_not_null(g, "%s: %s", gpath, jerr.text);
	struct recs rs;
	struct lt_parse_result res;
	run_file(path, NULL, &rs, &res);
	size_t gi = 0;
	for (size_t i = 0; i < rs.n && gi < json_array_size(g); i++) {
		/* the golden files hold the Security channel only; the EVTX may
		 * also carry recovered records of other channels */
		if (!str_is(&rs.r[i], "winlog.channel", "Security") || lt_rec_get(&rs.r[i], LT_F_WIN_RECOVERED))
			continue;
		json_t *e = json_array_get(g, gi++);
		const char *ts = json_string_value(json_object_get(e, "@timestamp"));
		lt_time_us want;
		cr_assert_eq(lt_time_parse_iso(ts, strlen(ts) > 27 ? 26 : strlen(ts) - 1, NULL, &want), 0, "%s", ts);
		lt_time_us got;
		cr_assert(lt_rec_get_time(&rs.r[i], LT_F_TIMESTAMP, &got));
		cr_assert_eq(got, want, "%s #%zu time", name, gi);
		json_t *ev = json_object_get(e, "event");
		want_str(&rs.r[i], "event.code", json_string_value(json_object_get(ev, "code")));
		want_str(&rs.r[i], "event.outcome", json_string_value(json_object_get(ev, "outcome")));
		want_str(&rs.r[i], "event.action", json_string_value(json_object_get(ev, "action")));
		json_t *u = json_object_get(e, "user");
		if (json_object_get(u, "name"))
			want_str(&rs.r[i], "user.name", json_string_value(json_object_get(u, "name")));
		if (json_object_get(u, "domain"))
			want_str(&rs.r[i], "user.domain", json_string_value(json_object_get(u, "domain")));
		json_t *src = json_object_get(e, "source");
		if (json_object_get(src, "ip"))
			want_str(&rs.r[i], "source.ip", json_string_value(json_object_get(src, "ip")));
		else
			cr_assert_null(lt_rec_get(&rs.r[i], "source.ip"), "%s #%zu: unexpected source.ip", name, gi);
		json_t *logon = json_object_get(json_object_get(e, "winlog"), "logon");
		if (json_object_get(logon, "type"))
			want_str(&rs.r[i], "winlog.logon.type", json_string_value(json_object_get(logon, "type")));
		if (json_object_get(logon, "id"))
			want_str(&rs.r[i], "winlog.logon.id", json_string_value(json_object_get(logon, "id")));
		want_str(&rs.r[i], "host.name", json_string_value(json_object_get(json_object_get(e, "host"), "name")));
	}
	cr_assert_eq(gi, json_array_size(g), "%s: compared %zu of %zu golden events", name, gi,
		     json_array_size(g));
	json_decref(g);
	recs_free(&rs);
	lt_parse_result_free(&res);
}

Test(windows_corpus, winlogbeat_golden)
{
	NEED_CORPUS(dir);
	golden(dir, "security-windows2012r2-logon.evtx");
	golden(dir, "security-windows2016-logoff.evtx");
	golden(dir, "security-windows2016_4740_Account_Locked_Out.evtx");
	golden(dir, "security-windows2012_4776.evtx");
	golden(dir, "security-windows2012_4778.evtx");
	golden(dir, "security-windows2012_4779.evtx");
}

/* The EVTX and its libevtx XML rendering must give the same events. */
static void evtx_vs_xml(const char *dir, const char *rel)
{
	char path[4200], xpath[4300];
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	snprintf(xpath, sizeof(xpath), "%s.libevtx.xml", path);
	struct recs a, b;
	struct lt_parse_result ra, rb;
	run_file(path, NULL, &a, &ra);
	run_file(xpath, NULL, &b, &rb);
	cr_assert_eq(ra.parser, &lt_parser_windows_evtx);
	cr_assert_eq(rb.parser, &lt_parser_windows_xml);
	static const char *const keys[] = { "event.code", "event.action", "user.name", "source.ip", "file.path",
					    "leaktrail.share.name", "leaktrail.usb.serial", "host.name" };
	size_t j = 0;
	for (size_t i = 0; i < a.n; i++) {
		if (lt_rec_get(&a.r[i], LT_F_WIN_RECOVERED))
			continue;	/* evtxexport leaves recovered records out */
		cr_assert_lt(j, b.n, "%s: more EVTX records than XML ones", rel);
		int64_t ia = -1, ib = -2;
		lt_rec_get_int(&a.r[i], "winlog.record_id", &ia);
		lt_rec_get_int(&b.r[j], "winlog.record_id", &ib);
		cr_assert_eq(ia, ib, "%s: record %zu id", rel, i);
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			struct lt_str x = { "", 0 }, y = { "", 0 };
			bool hx = lt_rec_get_str(&a.r[i], keys[k], &x), hy = lt_rec_get_str(&b.r[j], keys[k], &y);
			cr_assert(hx == hy && x.n == y.n && memcmp(x.p, y.p, x.n) == 0, "%s: record %lld %s: '%.*s' vs '%.*s'",
				  rel, (long long)ia, keys[k], (int)x.n, x.p, (int)y.n, y.p);
		}
		j++;
	}
	recs_free(&a);
	recs_free(&b);
	lt_parse_result_free(&ra);
	lt_parse_result_free(&rb);
}

Test(windows_corpus, evtx_matches_its_xml_rendering)
{
	NEED_CORPUS(dir);
	evtx_vs_xml(dir, "auth/beats-winlogbeat-security/security-windows2012r2-logon.evtx");
	evtx_vs_xml(dir, "auth/evtx-attack-samples/DE_RDP_Tunneling_4624.evtx");
	evtx_vs_xml(dir, "fileserver/evtx-attack-samples/LM_5145_Remote_FileCopy.evtx");
	evtx_vs_xml(dir, "fileserver/evtx-to-mitre-attack/ID5140-Failed ADMIN$ share access.evtx");
	evtx_vs_xml(dir, "usb/evtx-to-mitre-attack/ID4674,6416 New external device connected (PrintNightmare).evtx");
}

Test(windows_corpus, fileserver_5145_and_4663)
{
	NEED_CORPUS(dir);
	char path[4200];
	snprintf(path, sizeof(path), "%s/fileserver/evtx-attack-samples/LM_5145_Remote_FileCopy.evtx", dir);
	struct recs rs;
	struct lt_parse_result res;
	run_file(path, NULL, &rs, &res);
	size_t n5145 = 0, with_path = 0, classified = 0;
	for (size_t i = 0; i < rs.n; i++) {
		if (!str_is(&rs.r[i], "event.code", "5145") || lt_rec_get(&rs.r[i], LT_F_WIN_RECOVERED))
			continue;
		n5145++;
		with_path += lt_rec_get(&rs.r[i], "file.path") != NULL;
		classified += str_is(&rs.r[i], "event.action", "read") || str_is(&rs.r[i], "event.action", "write") ||
			      str_is(&rs.r[i], "event.action", "delete");
	}
	cr_assert_eq(n5145, 869, "%zu 5145 records", n5145);	/* SOURCE: 869x 5145 */
	cr_assert_eq(with_path, n5145);
	cr_assert_eq(classified, n5145);
	recs_free(&rs);
	lt_parse_result_free(&res);
	snprintf(path, sizeof(path), "%s/fileserver/evtx-attack-samples/CA_chrome_firefox_opera_4663.evtx", dir);
	run_file(path, NULL, &rs, &res);
	size_t n4663 = 0;
	for (size_t i = 0; i < rs.n; i++)
		if (str_is(&rs.r[i], "event.code", "4663") && lt_rec_get(&rs.r[i], "file.path") &&
		    lt_rec_get(&rs.r[i], "leaktrail.access.list"))
			n4663++;
	cr_assert_geq(n4663, 1);
	recs_free(&rs);
	lt_parse_result_free(&res);
}

struct example {
	const char *rel;
	const char *code, *key, *val;
};

Test(windows_corpus, evtx_maps_examples)
{
	NEED_CORPUS(dir);
	static const struct example ex[] = {
		{ "fileserver/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_4656.example.xml",
		  "4656", "file.path", "C:\\\\Documents\\\\HBI Data.txt" },
		{ "fileserver/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_4663.example.xml",
		  "4663", "event.outcome", "success" },
		{ "fileserver/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_5140.example.xml",
		  "5140", "event.category", NULL },
		{ "fileserver/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_5142.example.xml",
		  "5142", "event.action", "share-added" },
		{ "fileserver/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_5143.example.xml",
		  "5143", "event.action", "share-modified" },
		{ "fileserver/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_5145.example.xml",
		  "5145", "leaktrail.share.relative_target", "Bginfo.exe" },
		{ "usb/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_6416.example.xml", "6416",
		  "leaktrail.usb.vendor", "JetFlash" },
		{ "usb/ericzimmerman-evtx-maps/Microsoft-Windows-Kernel-PnP-Configuration_Microsoft-Windows-Kernel-PnP_400.example.xml",
		  "400", "event.action", "device-configured" },
		{ "usb/ericzimmerman-evtx-maps/Microsoft-Windows-Kernel-PnP-Configuration_Microsoft-Windows-Kernel-PnP_410.example.xml",
		  "410", "event.action", "device-started" },
		{ "usb/ericzimmerman-evtx-maps/Microsoft-Windows-Partition-Diagnostic_Microsoft-Windows-Partition_1006.example.xml",
		  "1006", "leaktrail.usb.serial", "ABC123" },
		{ "print/ericzimmerman-evtx-maps/Microsoft-Windows-PrintService-Operational_Microsoft-Windows-PrintService_307.example.xml",
		  "307", "leaktrail.print.port",
		  "D:\\ownCloud\\SANS\\Investigating WMI Attacks\\Investigating WMI Attacks Confirmation1.pdf" },
		{ "auth/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_4624.example.xml", "4624",
		  "event.action", "logged-in" },
		{ "auth/ericzimmerman-evtx-maps/Security_Microsoft-Windows-Security-Auditing_4634.example.xml", "4634",
		  "event.action", "logged-out" },
	};
	for (size_t i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", dir, ex[i].rel);
		struct recs rs;
		struct lt_parse_result res;
		run_file(path, NULL, &rs, &res);
		cr_assert_eq(res.parser, &lt_parser_windows_xml, "%s", ex[i].rel);
		cr_assert_geq(rs.n, 1, "%s", ex[i].rel);
		want_str(&rs.r[0], "event.code", ex[i].code);
		cr_assert(lt_rec_get(&rs.r[0], LT_F_WIN_MAPPED)->v.b, "%s not mapped", ex[i].rel);
		if (ex[i].val)
			want_str(&rs.r[0], ex[i].key, ex[i].val);
		else
			cr_assert_not_null(lt_rec_get(&rs.r[0], ex[i].key));
		recs_free(&rs);
		lt_parse_result_free(&res);
	}
}

/* Every Windows file of the corpus (.evtx, .libevtx.xml, .example.xml) is
 * recognised with no --format, and nothing crashes on the way. */
static void autodetect_dir(const char *path, size_t *seen)
{
	DIR *d = opendir(path);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char sub[4200];
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		size_t len = strlen(e->d_name);
		bool evtx = len > 5 && strcmp(e->d_name + len - 5, ".evtx") == 0;
		bool xml = len > 12 && (strcmp(e->d_name + len - 12, ".libevtx.xml") == 0 ||
					strcmp(e->d_name + len - 12, ".example.xml") == 0);
		if (e->d_type == DT_DIR) {
			autodetect_dir(sub, seen);
			continue;
		}
		if (!evtx && !xml)
			continue;
		struct recs rs;
		struct lt_parse_result res;
		run_file(sub, NULL, &rs, &res);
		cr_assert_eq(res.parser, evtx ? &lt_parser_windows_evtx : &lt_parser_windows_xml, "%s: picked %s", sub,
			     res.parser ? res.parser->name : "nothing");
		cr_assert_gt(rs.n, 0, "%s: no records", sub);
		(*seen)++;
		recs_free(&rs);
		lt_parse_result_free(&res);
	}
	closedir(d);
}

Test(windows_corpus, autodetect_every_windows_file)
{
	NEED_CORPUS(dir);
	size_t seen = 0;
	autodetect_dir(dir, &seen);
	cr_assert_geq(seen, 60, "only %zu Windows files found", seen);
}

/* A cut or damaged EVTX is read as far as possible, never a crash. */
Test(windows_corpus, damaged_evtx)
{
	NEED_CORPUS(dir);
	char path[4200];
	snprintf(path, sizeof(path), "%s/auth/omerbenamram-evtx/Security_with_size_t.evtx", dir);
	size_t n = 0;
	char *data = slurp(path, &n);
	cr_assert_not_null(data);
	struct recs rs;
	struct lt_parse_result res;
	/* cut in the middle of the third chunk */
	run(data, 4096 + 2 * 65536 + 30000, "cut.evtx", NULL, NULL, 0, &rs, &res);
	cr_assert_gt(rs.n, 100);
	cr_assert_lt(rs.n, 636);
	recs_free(&rs);
	lt_parse_result_free(&res);
	/* scribble over record bytes in the first chunk */
	for (size_t i = 4096 + 700; i < 4096 + 6000; i += 7)
		data[i] = (char)(data[i] ^ 0x5A);
	run(data, n, "damaged.evtx", NULL, NULL, 0, &rs, &res);
	cr_assert_gt(rs.n + res.stats.unparsed, 500);
	recs_free(&rs);
	lt_parse_result_free(&res);
	/* the in-memory cap: a file larger than evtx_max_bytes is read up to it
	 * (whole chunks before the cut) and the cut is reported */
	{
		struct mem m = { data, n, 0, 4096 };
		const char *opt[] = { "windows_evtx.max_bytes=200000" };
		struct lt_parse_input in = { .read = mem_read, .read_arg = &m, .binary = true, .name = "big.evtx",
					     .source_path = "big.evtx" };
		struct lt_parse_env env = { .source_path = "big.evtx", .options = opt, .noptions = 1 };
		struct lt_parse_opts opts = { .parser = &lt_parser_windows_evtx };
		memset(&rs, 0, sizeof(rs));
		memset(&res, 0, sizeof(res));
		cr_assert_eq(lt_parse_stream(&in, &env, &opts, collect, &rs, &res), 0);
		cr_assert_gt(rs.n, 50);
		cr_assert_lt(rs.n, 636);
		bool reported = false;
		for (size_t i = 0; i < res.stats.nsamples; i++)
			reported |= strstr(res.stats.samples[i].reason, "cap") != NULL;
		cr_assert(reported, "the cut at the cap is not reported");
		recs_free(&rs);
		lt_parse_result_free(&res);
	}
	/* only a header */
	run(data, 4096, "header.evtx", NULL, NULL, 0, &rs, &res);
	cr_assert_eq(rs.n, 0);
	recs_free(&rs);
	lt_parse_result_free(&res);
	free(data);
}
