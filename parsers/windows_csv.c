/* Windows events as CSV:
 *  - Event Viewer "Save All Events As... CSV": header
 *    "Level,Date and Time,Source,Event ID,Task Category" (or the Japanese
 *    "レベル,日付と時刻,ソース,イベント ID,タスクのカテゴリ"), then rows with a
 *    sixth column holding the rendered message, quoted and multi-line;
 *  - PowerShell `Get-WinEvent | Export-Csv` (optional "#TYPE ..." line, then
 *    a header naming the columns: Message, Id, ProviderName, TimeCreated,
 *    MachineName, RecordId, LogName, Keywords, ...), and the older
 *    `Get-EventLog | Export-Csv` (EventID, Source, TimeGenerated, Index ...).
 *
 * The CSV carries no EventData: the fields of the events leaktrail knows
 * are read back from the English message text ("Account Name:\tbob" under
 * "New Logon:"); see doc/parsers.md for what can and cannot be recovered.
 * Times are local times without a zone: they are read in the --tz zone and
 * the zone is recorded (leaktrail.time.zone). Day/month order follows the
 * text (4-digit year first = Y/M/D; AM/PM = M/D/Y); option date_order=dmy
 * or mdy settles "03/04/2026" for other locales (default mdy). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/winevent.h"
#include "util/buf.h"

enum csv_mode { MODE_NONE, MODE_VIEWER, MODE_PWSH };

/* Columns of the PowerShell exports we use. */
enum pcol { PC_MESSAGE, PC_ID, PC_PROVIDER, PC_TIME, PC_MACHINE, PC_RECORD, PC_LOG, PC_KEYWORDS,
	    PC_LEVEL, PC_TASK, PC_USER, PC_NCOLS };

#define CSV_MAX_FIELDS 64
#define CSV_RECORD_CAP (1u << 20)

struct csv_state {
	enum csv_mode mode;
	int col[PC_NCOLS];		/* column index + 1; 0 = absent */
	bool dmy;
	const struct lt_tz *tz;
	/* a quoted record spanning lines */
	struct lt_buf rec;
	struct lt_buf raw;
	uint64_t rec_off, rec_line;
	bool pending;
	struct lt_buf scratch;
	struct lt_winevent ev;
	struct lt_buf msgbuf;		/* message parsing: "section\0label\0value\0" triples */
};

static int init(void *state, const struct lt_parse_env *env, const char **error)
{
	struct csv_state *st = state;
	(void)error;
	const char *o = lt_parse_option(env, "windows_csv.date_order");
	st->dmy = o && strcmp(o, "dmy") == 0;
	st->tz = env->tz;
	lt_winevent_init(&st->ev);
	return 0;
}

static void fini(void *state)
{
	struct csv_state *st = state;
	lt_buf_free(&st->rec);
	lt_buf_free(&st->raw);
	lt_buf_free(&st->scratch);
	lt_buf_free(&st->msgbuf);
	lt_winevent_free(&st->ev);
}

/* ---- header recognition --------------------------------------------------- */

static struct lt_str skip_bom(const char *s, size_t n)
{
	if (n >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB && (unsigned char)s[2] == 0xBF)
		return (struct lt_str){ s + 3, n - 3 };
	return (struct lt_str){ s, n };
}

static bool viewer_header(struct lt_str l)
{
	return lt_str_has_prefix(l, "Level,Date and Time,Source,Event ID,Task Category") ||
	       lt_str_has_prefix(l, "\xe3\x83\xac\xe3\x83\x99\xe3\x83\xab,\xe6\x97\xa5\xe4\xbb\x98\xe3\x81\xa8\xe6\x99\x82\xe5\x88\xbb,");
}

static const struct {
	const char *name;
	enum pcol col;
} pwsh_names[] = {
	{ "Message", PC_MESSAGE }, { "Id", PC_ID }, { "EventID", PC_ID }, { "ProviderName", PC_PROVIDER },
	{ "Source", PC_PROVIDER }, { "TimeCreated", PC_TIME }, { "TimeGenerated", PC_TIME },
	{ "MachineName", PC_MACHINE }, { "RecordId", PC_RECORD }, { "Index", PC_RECORD },
	{ "LogName", PC_LOG }, { "Keywords", PC_KEYWORDS }, { "LevelDisplayName", PC_LEVEL },
	{ "EntryType", PC_LEVEL }, { "TaskDisplayName", PC_TASK }, { "Category", PC_TASK },
	{ "UserId", PC_USER },
};

/* A PowerShell header names at least an id, a provider and a time column. */
static bool pwsh_header(struct csv_state *st, struct lt_str l, struct lt_buf *scratch)
{
	struct lt_str f[CSV_MAX_FIELDS];
	size_t n = lt_split_csv(l.p, l.n, ',', f, CSV_MAX_FIELDS, scratch);
	if (n == LT_CSV_OPEN_QUOTE || n < 3)
		return false;
	if (n > CSV_MAX_FIELDS)
		n = CSV_MAX_FIELDS;
	int col[PC_NCOLS] = { 0 };
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizeof(pwsh_names) / sizeof(pwsh_names[0]); k++)
			if (lt_str_eq(f[i], pwsh_names[k].name) && !col[pwsh_names[k].col])
				col[pwsh_names[k].col] = (int)i + 1;
	if (!col[PC_ID] || !col[PC_PROVIDER] || !col[PC_TIME])
		return false;
	if (st)
		memcpy(st->col, col, sizeof(col));
	return true;
}

static int probe(const struct lt_probe_data *pd)
{
	if (pd->nlines == 0)
		return 0;
	struct lt_str l = skip_bom(pd->lines[0].text, pd->lines[0].len);
	if (viewer_header(l))
		return 95;
	size_t h = 0;
	if (lt_str_has_prefix(l, "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord") ||
	    lt_str_has_prefix(l, "#TYPE System.Diagnostics.EventLogEntry")) {
		if (pd->nlines < 2)
			return 90;
		h = 1;
	}
	if (h >= pd->nlines)
		return 0;
	struct lt_buf scratch = LT_BUF_INIT;
	struct lt_str hl = skip_bom(pd->lines[h].text, pd->lines[h].len);
	bool ok = pwsh_header(NULL, hl, &scratch) && lt_memcasemem(hl.p, hl.n, "Message");
	lt_buf_free(&scratch);
	return ok ? (h ? 95 : 85) : 0;
}

/* ---- time ------------------------------------------------------------------ */

/* "11/25/2026 5:01:02 PM", "2026/11/25 17:01:02", "25.11.2026 17:01:02",
 * "2026-11-25T17:01:02" in local time. Returns 0 or -1. */
static int parse_local_time(const char *s, size_t n, bool dmy, struct lt_civil *c)
{
	int num[6] = { 0 }, len[6] = { 0 };
	size_t k = 0, i = 0;
	while (i < n && k < 6) {
		if (isdigit((unsigned char)s[i])) {
			int v = 0, l = 0;
			while (i < n && isdigit((unsigned char)s[i]) && l < 9) {
				v = v * 10 + (s[i] - '0');
				i++;
				l++;
			}
			num[k] = v;
			len[k] = l;
			k++;
			/* fractional seconds after the sixth number are ignored */
		} else {
			i++;
		}
	}
	if (k < 5)
		return -1;
	bool pm = lt_memcasemem(s, n, "PM") || strstr(s, "\xe5\x8d\x88\xe5\xbe\x8c");	/* 午後 */
	bool am = lt_memcasemem(s, n, "AM") || strstr(s, "\xe5\x8d\x88\xe5\x89\x8d");	/* 午前 */
	memset(c, 0, sizeof(*c));
	if (len[0] == 4) {
		c->year = num[0];
		c->month = num[1];
		c->day = num[2];
	} else if (len[2] == 4) {
		c->year = num[2];
		if (dmy && !am && !pm) {
			c->day = num[0];
			c->month = num[1];
		} else {
			c->month = num[0];
			c->day = num[1];
		}
		if (c->month > 12 && c->day <= 12) {
			int t = c->month;
			c->month = c->day;
			c->day = t;
		}
	} else {
		return -1;
	}
	c->hour = num[3];
	c->min = num[4];
	c->sec = k > 5 ? num[5] : 0;
	if (pm && c->hour < 12)
		c->hour += 12;
	if (am && c->hour == 12)
		c->hour = 0;
	if (c->month < 1 || c->month > 12 || c->day < 1 || c->day > 31 || c->hour > 23 || c->min > 59 || c->sec > 60)
		return -1;
	return 0;
}

static void set_time(struct csv_state *st, struct lt_str t)
{
	t = lt_str_rtrim(t);
	if (!t.n)
		return;
	lt_winevent_set(&st->ev, LT_WE_TIME_TEXT, t.p, t.n);
	lt_time_us out;
	bool had_zone;
	int32_t off;
	/* ISO with its own zone (a custom export): honoured */
	if (lt_time_parse_iso_ex(t.p, t.n, st->tz, &out, &had_zone, &off) == 0) {
		st->ev.time = out;
		st->ev.time_zone = had_zone ? (off == 0 ? "+00:00" : "offset in text") :
				   (st->tz ? lt_tz_name(st->tz) : "UTC");
		return;
	}
	char tmp[128];
	size_t n = t.n < sizeof(tmp) - 1 ? t.n : sizeof(tmp) - 1;
	memcpy(tmp, t.p, n);
	tmp[n] = '\0';
	struct lt_civil c;
	if (parse_local_time(tmp, n, st->dmy, &c) != 0)
		return;
	st->ev.time = st->tz ? lt_tz_local_to_utc(st->tz, &c) : lt_time_from_civil(&c, 0);
	st->ev.time_zone = st->tz ? lt_tz_name(st->tz) : "UTC";
}

/* ---- message text ---------------------------------------------------------- */

/* Where a "Label:" of an English message goes in EventData. id 0 = any
 * event; section NULL = any section, "" = not indented under a section. */
struct msgmap {
	uint32_t id;
	const char *section;
	const char *label;
	const char *data;
};

static const struct msgmap msgmaps[] = {
	/* logon events whose "Subject:" is the account the event is about */
	{ 4634, "Subject", "Security ID", "TargetUserSid" },
	{ 4634, "Subject", "Account Name", "TargetUserName" },
	{ 4634, "Subject", "Account Domain", "TargetDomainName" },
	{ 4634, "Subject", "Logon ID", "TargetLogonId" },
	{ 4647, "Subject", "Security ID", "TargetUserSid" },
	{ 4647, "Subject", "Account Name", "TargetUserName" },
	{ 4647, "Subject", "Account Domain", "TargetDomainName" },
	{ 4647, "Subject", "Logon ID", "TargetLogonId" },
	{ 4778, "Subject", "Account Name", "AccountName" },
	{ 4778, "Subject", "Account Domain", "AccountDomain" },
	{ 4778, "Subject", "Logon ID", "LogonID" },
	{ 4779, "Subject", "Account Name", "AccountName" },
	{ 4779, "Subject", "Account Domain", "AccountDomain" },
	{ 4779, "Subject", "Logon ID", "LogonID" },
	{ 4776, NULL, "Logon Account", "TargetUserName" },
	{ 4776, NULL, "Source Workstation", "Workstation" },
	{ 4776, NULL, "Error Code", "Status" },
	{ 4776, NULL, "Authentication Package", "PackageName" },
	{ 4740, "Additional Information", "Caller Computer Name", "TargetDomainName" },
	{ 4740, "Account That Was Locked Out", "Security ID", "TargetSid" },
	{ 4648, "Additional Information", "Additional Information", "TargetInfo" },
	/* the account logged on (4624), failed (4625), whose credentials were used (4648), locked out (4740) */
	{ 0, "New Logon", "Security ID", "TargetUserSid" },
	{ 0, "New Logon", "Account Name", "TargetUserName" },
	{ 0, "New Logon", "Account Domain", "TargetDomainName" },
	{ 0, "New Logon", "Logon ID", "TargetLogonId" },
	{ 0, "Account For Which Logon Failed", "Security ID", "TargetUserSid" },
	{ 0, "Account For Which Logon Failed", "Account Name", "TargetUserName" },
	{ 0, "Account For Which Logon Failed", "Account Domain", "TargetDomainName" },
	{ 0, "Account Whose Credentials Were Used", "Account Name", "TargetUserName" },
	{ 0, "Account Whose Credentials Were Used", "Account Domain", "TargetDomainName" },
	{ 0, "Account That Was Locked Out", "Security ID", "TargetUserSid" },
	{ 0, "Account That Was Locked Out", "Account Name", "TargetUserName" },
	{ 0, "Target Server", "Target Server Name", "TargetServerName" },
	{ 0, "Subject", "Security ID", "SubjectUserSid" },
	{ 0, "Subject", "Account Name", "SubjectUserName" },
	{ 0, "Subject", "Account Domain", "SubjectDomainName" },
	{ 0, "Subject", "Logon ID", "SubjectLogonId" },
	{ 0, NULL, "Logon Type", "LogonType" },
	{ 0, "Failure Information", "Failure Reason", "FailureReason" },
	{ 0, "Failure Information", "Status", "Status" },
	{ 0, "Failure Information", "Sub Status", "SubStatus" },
	{ 0, "Network Information", "Workstation Name", "WorkstationName" },
	{ 0, "Network Information", "Source Network Address", "IpAddress" },
	{ 0, "Network Information", "Network Address", "IpAddress" },
	{ 0, "Network Information", "Source Address", "IpAddress" },
	{ 0, "Network Information", "Source Port", "IpPort" },
	{ 0, "Network Information", "Port", "IpPort" },
	{ 0, "Network Information", "Object Type", "ObjectType" },
	{ 0, "Process Information", "Process ID", "ProcessId" },
	{ 0, "Process Information", "Process Name", "ProcessName" },
	{ 0, "Process Information", "Caller Process ID", "ProcessId" },
	{ 0, "Process Information", "Caller Process Name", "ProcessName" },
	{ 0, "Detailed Authentication Information", "Logon Process", "LogonProcessName" },
	{ 0, "Detailed Authentication Information", "Authentication Package", "AuthenticationPackageName" },
	{ 0, "Session", "Session Name", "SessionName" },
	{ 0, "Additional Information", "Client Name", "ClientName" },
	{ 0, "Additional Information", "Client Address", "ClientAddress" },
	{ 0, NULL, "Privileges", "PrivilegeList" },
	{ 0, "Object", "Object Server", "ObjectServer" },
	{ 0, "Object", "Object Type", "ObjectType" },
	{ 0, "Object", "Object Name", "ObjectName" },
	{ 0, "Object", "Handle ID", "HandleId" },
	{ 0, "Access Request Information", "Accesses", "AccessList" },
	{ 0, "Access Request Information", "Access Mask", "AccessMask" },
	{ 0, "Access Request Information", "Access Reasons", "AccessReason" },
	{ 0, "Share Information", "Share Name", "ShareName" },
	{ 0, "Share Information", "Share Path", "ShareLocalPath" },
	{ 0, "Share Information", "Relative Target Name", "RelativeTargetName" },
	{ 0, NULL, "Device ID", "DeviceId" },
	{ 0, NULL, "Device Name", "DeviceDescription" },
	{ 0, NULL, "Class ID", "ClassId" },
	{ 0, NULL, "Class Name", "ClassName" },
	{ 0, NULL, "Vendor IDs", "VendorIds" },
	{ 0, NULL, "Compatible IDs", "CompatibleIds" },
	{ 0, NULL, "Location Information", "LocationInformation" },
	{ 0, NULL, "Driver Name", "DriverName" },
};

static bool span_is(const char *s, size_t n, const char *lit)
{
	return lit && strlen(lit) == n && memcmp(s, lit, n) == 0;
}

static const char *map_label(uint32_t id, const char *sec, size_t secn, const char *lab, size_t labn)
{
	for (size_t i = 0; i < sizeof(msgmaps) / sizeof(msgmaps[0]); i++) {
		const struct msgmap *m = &msgmaps[i];
		if (m->id && m->id != id)
			continue;
		if (m->section && !span_is(sec, secn, m->section))
			continue;
		if (span_is(lab, labn, m->label))
			return m->data;
	}
	return NULL;
}

/* Japanese message texts (ja-JP Windows), as Microsoft's ja-JP message
 * tables render 4624: sections and labels translated to the English ones
 * the table above uses. Only the strings checked against a published ja-JP
 * 4624 template are here (doc/parsers.md). */
static const struct {
	const char *ja, *en;
} ja_labels[] = {
	{ "\xe3\x82\xb5\xe3\x83\x96\xe3\x82\xb8\xe3\x82\xa7\xe3\x82\xaf\xe3\x83\x88", "Subject" },
	{ "\xe6\x96\xb0\xe3\x81\x97\xe3\x81\x84\xe3\x83\xad\xe3\x82\xb0\xe3\x82\xaa\xe3\x83\xb3", "New Logon" },
	{ "\xe3\x83\x97\xe3\x83\xad\xe3\x82\xbb\xe3\x82\xb9\xe6\x83\x85\xe5\xa0\xb1", "Process Information" },
	{ "\xe3\x83\x8d\xe3\x83\x83\xe3\x83\x88\xe3\x83\xaf\xe3\x83\xbc\xe3\x82\xaf\xe6\x83\x85\xe5\xa0\xb1", "Network Information" },
	{ "\xe8\xa9\xb3\xe7\xb4\xb0\xe3\x81\xaa\xe8\xaa\x8d\xe8\xa8\xbc\xe6\x83\x85\xe5\xa0\xb1", "Detailed Authentication Information" },
	{ "\xe3\x82\xbb\xe3\x82\xad\xe3\x83\xa5\xe3\x83\xaa\xe3\x83\x86\xe3\x82\xa3 ID", "Security ID" },
	{ "\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88\xe5\x90\x8d", "Account Name" },
	{ "\xe3\x82\xa2\xe3\x82\xab\xe3\x82\xa6\xe3\x83\xb3\xe3\x83\x88 \xe3\x83\x89\xe3\x83\xa1\xe3\x82\xa4\xe3\x83\xb3", "Account Domain" },
	{ "\xe3\x83\xad\xe3\x82\xb0\xe3\x82\xaa\xe3\x83\xb3 ID", "Logon ID" },
	{ "\xe3\x83\xad\xe3\x82\xb0\xe3\x82\xaa\xe3\x83\xb3\xe3\x81\xae\xe7\xa8\xae\xe9\xa1\x9e", "Logon Type" },
	{ "\xe3\x83\xad\xe3\x82\xb0\xe3\x82\xaa\xe3\x83\xb3 \xe3\x82\xbf\xe3\x82\xa4\xe3\x83\x97", "Logon Type" },
	{ "\xe3\x83\xaf\xe3\x83\xbc\xe3\x82\xaf\xe3\x82\xb9\xe3\x83\x86\xe3\x83\xbc\xe3\x82\xb7\xe3\x83\xa7\xe3\x83\xb3\xe5\x90\x8d", "Workstation Name" },
	{ "\xe3\x82\xbd\xe3\x83\xbc\xe3\x82\xb9 \xe3\x83\x8d\xe3\x83\x83\xe3\x83\x88\xe3\x83\xaf\xe3\x83\xbc\xe3\x82\xaf \xe3\x82\xa2\xe3\x83\x89\xe3\x83\xac\xe3\x82\xb9", "Source Network Address" },
	{ "\xe3\x82\xbd\xe3\x83\xbc\xe3\x82\xb9 \xe3\x83\x9d\xe3\x83\xbc\xe3\x83\x88", "Source Port" },
	{ "\xe3\x83\x97\xe3\x83\xad\xe3\x82\xbb\xe3\x82\xb9 ID", "Process ID" },
	{ "\xe3\x83\x97\xe3\x83\xad\xe3\x82\xbb\xe3\x82\xb9\xe5\x90\x8d", "Process Name" },
	{ "\xe3\x83\xad\xe3\x82\xb0\xe3\x82\xaa\xe3\x83\xb3 \xe3\x83\x97\xe3\x83\xad\xe3\x82\xbb\xe3\x82\xb9", "Logon Process" },
	{ "\xe8\xaa\x8d\xe8\xa8\xbc\xe3\x83\x91\xe3\x83\x83\xe3\x82\xb1\xe3\x83\xbc\xe3\x82\xb8", "Authentication Package" },
};

/* Replace a Japanese section or label by its English form, if known. */
static void english(const char **s, size_t *n)
{
	if (!*n || (unsigned char)(*s)[0] < 0x80)
		return;
	for (size_t i = 0; i < sizeof(ja_labels) / sizeof(ja_labels[0]); i++) {
		if (strlen(ja_labels[i].ja) == *n && memcmp(ja_labels[i].ja, *s, *n) == 0) {
			*s = ja_labels[i].en;
			*n = strlen(ja_labels[i].en);
			return;
		}
	}
}

/* A label is a few words: letters, spaces, parentheses, '-' and '/'; or a
 * short non-ASCII (Japanese) phrase. */
static bool looks_like_label(const char *s, size_t n)
{
	if (n >= 2 && n <= 96 && (unsigned char)s[0] >= 0x80)
		return memchr(s, '\t', n) == NULL && memchr(s, ',', n) == NULL && memchr(s, '.', n) == NULL;
	if (n < 2 || n > 48 || !isupper((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isalnum(c) && c != ' ' && c != '(' && c != ')' && c != '-' && c != '/')
			return false;
	}
	return true;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

struct msgpair {
	const char *sec, *lab;
	size_t secn, labn;
	size_t val_off;		/* into the value buffer */
	size_t val_len;
};

/* Turn "Label:\tvalue" lines (indented under "Section:" lines) into data. */
static void message_pairs(struct csv_state *st, const char *m, size_t n)
{
	uint32_t id = st->ev.event_id;
	struct msgpair pairs[96];
	size_t np = 0;
	struct lt_buf *vals = &st->msgbuf;
	lt_buf_reset(vals);
	const char *sec = "";
	size_t secn = 0;
	size_t i = 0;
	while (i < n) {
		const char *line = m + i;
		const char *nl = memchr(line, '\n', n - i);
		size_t ll = nl ? (size_t)(nl - line) : n - i;
		i += ll + (nl ? 1 : 0);
		bool indented = ll && (line[0] == '\t' || line[0] == ' ');
		const char *t = line;
		size_t tn = ll;
		trim(&t, &tn);
		if (!tn) {
			sec = "";
			secn = 0;
			continue;
		}
		const char *colon = memchr(t, ':', tn);
		const char *lab = t;
		size_t labn = colon ? (size_t)(colon - t) : 0;
		if (colon && looks_like_label(lab, labn)) {
			const char *v = colon + 1;
			size_t vn = tn - labn - 1;
			trim(&v, &vn);
			english(&lab, &labn);
			if (!indented) {
				sec = vn ? "" : lab;
				secn = vn ? 0 : labn;
			}
			if (np < sizeof(pairs) / sizeof(pairs[0])) {
				struct msgpair *p = &pairs[np++];
				p->sec = indented ? sec : "";
				p->secn = indented ? secn : 0;
				p->lab = lab;
				p->labn = labn;
				p->val_off = vals->len;
				lt_buf_append(vals, v, vn);
				p->val_len = vn;
			}
			continue;
		}
		/* a value continued on its own indented line (Accesses, Vendor IDs, Privileges) */
		if (indented && np && pairs[np - 1].val_off + pairs[np - 1].val_len == vals->len) {
			if (pairs[np - 1].val_len)
				lt_buf_putc(vals, ' ');
			lt_buf_append(vals, t, tn);
			pairs[np - 1].val_len = vals->len - pairs[np - 1].val_off;
		}
	}
	for (size_t k = 0; k < np; k++) {
		struct msgpair *p = &pairs[k];
		const char *v = vals->data + p->val_off;
		const char *dname = map_label(id, p->sec, p->secn, p->lab, p->labn);
		if (dname) {
			/* the CSV shows resolved names ("CORP\bob") where EventData has SIDs */
			if (strstr(dname, "Sid") && !(p->val_len > 2 && v[0] == 'S' && v[1] == '-'))
				continue;
			if (!lt_winevent_data(&st->ev, dname, NULL))
				lt_winevent_add_data(&st->ev, dname, strlen(dname), v, p->val_len);
		} else if (p->val_len) {
			lt_winevent_add_data(&st->ev, p->lab, p->labn, v, p->val_len);
		}
	}
}

static const char *find_in(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(s + i, lit, m) == 0)
			return s + i;
	return NULL;
}

static const char *rfind_in(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit);
	for (size_t i = n >= m ? n - m + 1 : 0; i-- > 0;)
		if (memcmp(s + i, lit, m) == 0)
			return s + i;
	return NULL;
}

static void add(struct csv_state *st, const char *name, const char *b, const char *e)
{
	if (b && e && e >= b)
		lt_winevent_add_data(&st->ev, name, strlen(name), b, (size_t)(e - b));
}

/* "Document 3, Print Document owned by baz on \\POOH was printed on
 * Microsoft Print to PDF through port D:\x.pdf.  Size in bytes: 772216.
 * Pages printed: 2. No user action is required." */
static void message_307(struct csv_state *st, const char *m, size_t n)
{
	const char *end = m + n;
	const char *printed = find_in(m, n, " was printed on ");
	const char *size = find_in(m, n, "Size in bytes: ");
	if (!printed || strncmp(m, "Document ", 9) != 0)
		return;
	const char *comma = find_in(m, (size_t)(printed - m), ", ");
	const char *owned = rfind_in(m, (size_t)(printed - m), " owned by ");
	if (!comma || !owned || owned < comma)
		return;
	add(st, "Param1", m + 9, comma);
	add(st, "Param2", comma + 2, owned);
	const char *on = find_in(owned + 10, (size_t)(printed - owned - 10), " on ");
	add(st, "Param3", owned + 10, on ? on : printed);
	if (on)
		add(st, "Param4", on + 4, printed);
	const char *pstart = printed + 16;
	const char *stop = size ? size : end;
	const char *port = rfind_in(pstart, (size_t)(stop - pstart), " through port ");
	add(st, "Param5", pstart, port ? port : stop);
	if (port) {
		const char *pe = stop;
		while (pe > port + 14 && (pe[-1] == ' ' || pe[-1] == '.'))
			pe--;
		add(st, "Param6", port + 14, pe);
	}
	if (size) {
		const char *b = size + 15, *e = b;
		while (e < end && isdigit((unsigned char)*e))
			e++;
		add(st, "Param7", b, e);
	}
	const char *pages = find_in(m, n, "Pages printed: ");
	if (pages) {
		const char *b = pages + 15, *e = b;
		while (e < end && isdigit((unsigned char)*e))
			e++;
		add(st, "Param8", b, e);
	}
}

/* "Device USBSTOR\Disk&Ven_X&Prod_Y\SERIAL&0 was configured." (Kernel-PnP),
 * "... for device USBSTOR\..." (DriverFrameworks-UserMode). */
static void message_device(struct csv_state *st, const char *m, size_t n, const char *lead, const char *name)
{
	const char *p = find_in(m, n, lead);
	if (!p)
		return;
	p += strlen(lead);
	const char *e = p;
	while (e < m + n && !isspace((unsigned char)*e))
		e++;
	while (e > p && (e[-1] == '.' || e[-1] == ','))
		e--;
	add(st, name, p, e);
}

static void message_fields(struct csv_state *st)
{
	size_t n;
	const char *m = lt_winevent_str(&st->ev, LT_WE_MESSAGE, &n);
	if (!m || !n)
		return;
	/* copy: adding data may move the pool the message lives in */
	struct lt_buf copy = LT_BUF_INIT;
	lt_buf_append(&copy, m, n);
	m = copy.data;
	const char *prov = lt_winevent_str(&st->ev, LT_WE_PROVIDER, NULL);
	uint32_t id = st->ev.event_id;
	if (prov && strcmp(prov, "Microsoft-Windows-PrintService") == 0 && id == 307)
		message_307(st, m, n);
	else if (prov && strcmp(prov, "Microsoft-Windows-Kernel-PnP") == 0 && (id == 400 || id == 410))
		message_device(st, m, n, "Device ", "DeviceInstanceId");
	else if (prov && strcmp(prov, "Microsoft-Windows-DriverFrameworks-UserMode") == 0)
		message_device(st, m, n, "for device ", "instance");
	message_pairs(st, m, n);
	lt_buf_free(&copy);
}

/* ---- rows ---------------------------------------------------------------- */

static bool parse_id(struct lt_str s, uint32_t *out)
{
	int64_t v;
	s = lt_str_rtrim(s);
	if (!lt_parse_int(s.p, s.n, &v) || v < 0 || v > UINT32_MAX)
		return false;
	*out = (uint32_t)v;
	return true;
}

static void set_prop(struct csv_state *st, enum lt_we_prop p, struct lt_str v)
{
	v = lt_str_rtrim(v);
	if (v.n)
		lt_winevent_set(&st->ev, p, v.p, v.n);
}

static struct lt_str col(const struct csv_state *st, const struct lt_str *f, size_t nf, enum pcol c)
{
	int i = st->col[c];
	if (i <= 0 || (size_t)i > nf)
		return (struct lt_str){ "", 0 };
	return f[i - 1];
}

/* Fill the event from one complete CSV record; reason on failure. */
static const char *row_to_event(struct csv_state *st, const char *text, size_t len)
{
	struct lt_str f[CSV_MAX_FIELDS];
	size_t nf = lt_split_csv(text, len, ',', f, CSV_MAX_FIELDS, &st->scratch);
	if (nf == LT_CSV_OPEN_QUOTE)
		return "unterminated quoted field";
	if (nf > CSV_MAX_FIELDS)
		nf = CSV_MAX_FIELDS;
	lt_winevent_clear(&st->ev);
	if (st->mode == MODE_VIEWER) {
		if (nf < 5)
			return "Event Viewer CSV row with fewer than 5 columns";
		if (!parse_id(f[3], &st->ev.event_id))
			return "Event ID column is not a number";
		st->ev.has_event_id = true;
		set_prop(st, LT_WE_LEVEL, f[0]);
		set_prop(st, LT_WE_PROVIDER, f[2]);
		set_prop(st, LT_WE_TASK, f[4]);
		if (nf > 5)
			set_prop(st, LT_WE_MESSAGE, f[5]);
		set_time(st, f[1]);
	} else {
		if (!parse_id(col(st, f, nf, PC_ID), &st->ev.event_id))
			return "Id column is not a number";
		st->ev.has_event_id = true;
		set_prop(st, LT_WE_PROVIDER, col(st, f, nf, PC_PROVIDER));
		set_prop(st, LT_WE_MESSAGE, col(st, f, nf, PC_MESSAGE));
		set_prop(st, LT_WE_COMPUTER, col(st, f, nf, PC_MACHINE));
		set_prop(st, LT_WE_CHANNEL, col(st, f, nf, PC_LOG));
		set_prop(st, LT_WE_LEVEL, col(st, f, nf, PC_LEVEL));
		set_prop(st, LT_WE_TASK, col(st, f, nf, PC_TASK));
		set_prop(st, LT_WE_USER_SID, col(st, f, nf, PC_USER));
		struct lt_str kw = lt_str_rtrim(col(st, f, nf, PC_KEYWORDS));
		int64_t k;
		if (kw.n && lt_parse_int(kw.p, kw.n, &k)) {
			char hex[24];
			int hn = snprintf(hex, sizeof(hex), "0x%llx", (unsigned long long)k);
			lt_winevent_set(&st->ev, LT_WE_KEYWORDS, hex, (size_t)hn);
		} else if (kw.n) {
			lt_winevent_set(&st->ev, LT_WE_KEYWORDS, kw.p, kw.n);
		}
		struct lt_str rid = lt_str_rtrim(col(st, f, nf, PC_RECORD));
		int64_t r;
		if (rid.n && lt_parse_int(rid.p, rid.n, &r) && r >= 0) {
			st->ev.record_id = (uint64_t)r;
			st->ev.has_record_id = true;
		}
		set_time(st, col(st, f, nf, PC_TIME));
	}
	/* Event Viewer CSV has no keywords column: its Level says "Audit Success"/"Audit Failure" */
	if (!lt_winevent_str(&st->ev, LT_WE_KEYWORDS, NULL)) {
		size_t ln;
		const char *lv = lt_winevent_str(&st->ev, LT_WE_LEVEL, &ln);
		if (lv && (strstr(lv, "Audit") || strstr(lv, "\xe7\x9b\xa3\xe6\x9f\xbb")))
			lt_winevent_set(&st->ev, LT_WE_KEYWORDS, lv, ln);
	}
	message_fields(st);
	return NULL;
}

static void emit_row(struct csv_state *st, struct lt_parse_ctx *ctx, uint64_t off, uint64_t line,
		     const char *raw, size_t raw_len, const char *text, size_t len)
{
	const char *reason = row_to_event(st, text, len);
	if (reason) {
		lt_parse_reject_at(ctx, off, line, raw, raw_len, reason);
		return;
	}
	struct lt_record *rec = lt_parse_begin_at(ctx, off, line, raw, raw_len);
	lt_winevent_to_record(&st->ev, rec);
	lt_parse_emit(ctx, rec);
}

/* Quotes left open after s[0..n)? ("" inside quotes cancels out.) */
static bool quote_open(const char *s, size_t n, bool open)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == '"')
			open = !open;
	return open;
}

static enum lt_line_result parse_line(void *state, struct lt_parse_ctx *ctx, const struct lt_line *line,
				      const char **reason)
{
	struct csv_state *st = state;
	if (st->pending) {
		lt_buf_putc(&st->rec, '\n');
		lt_buf_append(&st->rec, line->text, line->len);
		lt_buf_putc(&st->raw, '\n');
		lt_buf_append(&st->raw, line->raw, line->raw_len);
		if (st->rec.len > CSV_RECORD_CAP) {
			lt_parse_reject_at(ctx, st->rec_off, st->rec_line, st->raw.data, st->raw.len < 4096 ? st->raw.len : 4096,
					   "quoted CSV record longer than 1 MiB");
			st->pending = false;
			return LT_LINE_PENDING;
		}
		/* the quote state carries over line by line ("" flips it twice) */
		if (quote_open(line->text, line->len, true))
			return LT_LINE_PENDING;
		st->pending = false;
		emit_row(st, ctx, st->rec_off, st->rec_line, st->raw.data, st->raw.len, st->rec.data, st->rec.len);
		return LT_LINE_RECORD;
	}
	struct lt_str l = skip_bom(line->text, line->len);
	l = lt_str_rtrim(l);
	if (l.n == 0)
		return LT_LINE_META;
	if (viewer_header(l)) {
		st->mode = MODE_VIEWER;
		return LT_LINE_META;
	}
	if (l.p[0] == '#' && lt_str_has_prefix(l, "#TYPE "))
		return LT_LINE_META;
	if (st->mode != MODE_PWSH && pwsh_header(st, l, &st->scratch)) {
		st->mode = MODE_PWSH;
		return LT_LINE_META;
	}
	if (st->mode == MODE_NONE)
		st->mode = MODE_VIEWER;	/* a header-less Event Viewer export */
	if (quote_open(l.p, l.n, false)) {
		lt_buf_reset(&st->rec);
		lt_buf_reset(&st->raw);
		lt_buf_append(&st->rec, l.p, l.n);
		lt_buf_append(&st->raw, line->raw, line->raw_len);
		st->rec_off = line->offset;
		st->rec_line = line->lineno;
		st->pending = true;
		return LT_LINE_PENDING;
	}
	const char *why = row_to_event(st, l.p, l.n);
	if (why) {
		*reason = why;
		return LT_LINE_UNPARSED;
	}
	struct lt_record *rec = lt_parse_begin(ctx, line);
	lt_winevent_to_record(&st->ev, rec);
	lt_parse_emit(ctx, rec);
	return LT_LINE_RECORD;
}

static void finish(void *state, struct lt_parse_ctx *ctx)
{
	struct csv_state *st = state;
	if (st->pending)
		lt_parse_reject_at(ctx, st->rec_off, st->rec_line, st->raw.data, st->raw.len,
				   "stream ends inside a quoted CSV field");
	st->pending = false;
}

static const char *const date_orders[] = { "mdy", "dmy", NULL };
static const struct lt_parser_option options[] = {
	{ .name = "date_order", .type = LT_OPT_CHOICE, .def = "mdy", .choices = date_orders,
	  .help = "how to read 03/04/2026: mdy (en-US, 4 March) or dmy (en-GB, de-DE: 3 April)" },
	{ .name = NULL },
};
const struct lt_parser lt_parser_windows_csv = {
	.name = "windows_csv",
	.family = "windows",
	.description = "Windows events as CSV (Event Viewer \"Save as CSV\", Get-WinEvent/Get-EventLog | Export-Csv)",
	.probe = probe,
	.state_size = sizeof(struct csv_state),
	.init = init,
	.parse_line = parse_line,
	.finish = finish,
	.fini = fini,
	.options = options,
};
