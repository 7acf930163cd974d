/* Japanese words for record values in messages (vocab.h). */
#include "rules/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct word {
	const char *field, *value, *ja;
	const char *en;		/* NULL: the value reads as English already */
};

static const struct word words[] = {
	/* rules/lists/web categories */
	{ "leaktrail.web.category", "file-sharing", "ファイル共有", NULL },
	{ "leaktrail.web.category", "online-storage", "オンラインストレージ", NULL },
	{ "leaktrail.web.category", "webmail", "Web メール", NULL },
	{ "leaktrail.web.category", "uploader", "アップローダー", NULL },
	{ "leaktrail.web.category", "sns", "SNS", NULL },
	{ "leaktrail.web.category", "bbs", "掲示板", NULL },
	{ "leaktrail.web.category", "job-search", "求人・転職サイト", NULL },
	{ "leaktrail.web.category", "leak-site", "暴露・リークサイト", NULL },
	/* src/enrich/enrich_mail.c score reasons */
	{ "leaktrail.mail.score_reasons", "personal_address", "本人の私用アドレス", "personal address" },
	{ "leaktrail.mail.score_reasons", "name_like", "本人の氏名に似たアドレス", "address like the person's name" },
	{ "leaktrail.mail.score_reasons", "freemail", "フリーメール", "free mail" },
	{ "leaktrail.mail.score_reasons", "classified_attachment", "秘密表示のある添付ファイル", "classified attachment" },
	{ "leaktrail.mail.score_reasons", "off_hours", "業務時間外", "off-hours" },
	{ "leaktrail.mail.score_reasons", "departing", "退職予定者", "departing" },
	{ "leaktrail.mail.score_reasons", "partner_only", "取引先のみ宛て", "partners only" },
	/* logon actions of the parsers */
	{ "event.action", "ssh_login", "SSH ログオン", "SSH logon" },
	{ "event.action", "logged-in", "Windows ログオン", "Windows logon" },
	{ "event.action", "logon", "ログオン", NULL },
	{ "event.action", "vpn_login", "VPN ログオン", "VPN logon" },
	{ "event.action", "vpn_session_start", "VPN 接続", "VPN session" },
	{ "event.action", "vpn_connection_established", "VPN 接続", "VPN session" },
	{ "event.action", "open", "ファイルを開く", NULL },
	{ "event.action", "read", "読み取り", NULL },
	{ "event.action", "print", "印刷", NULL },
};

const char *lt_vocab_ja(const char *field, const char *value)
{
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(words[i].field, field) && !strcmp(words[i].value, value))
			return words[i].ja;
	return NULL;
}

/* The English words for a value, or NULL when it reads as English already. */
static const char *vocab_en(const char *field, const char *value)
{
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(words[i].field, field) && !strcmp(words[i].value, value))
			return words[i].en;
	return NULL;
}

void lt_vocab_en_into(struct lt_buf *b, const char *field, const char *value)
{
	const char *p = value;
	for (bool first = true;; first = false) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *item = lt_xstrndup(p, n);
		const char *en = vocab_en(field, item);
		if (!first)
			lt_buf_puts(b, ", ");
		lt_buf_puts(b, en ? en : item);
		free(item);
		if (!comma)
			break;
		p = comma + 1;
	}
}

void lt_vocab_ja_into(struct lt_buf *b, const char *field, const char *value)
{
	const char *p = value;
	bool first = true;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *item = lt_xstrndup(p, n);
		const char *ja = lt_vocab_ja(field, item);
		if (!first)
			lt_buf_puts(b, "、");
		lt_buf_puts(b, ja ? ja : item);
		free(item);
		first = false;
		if (!comma)
			break;
		p = comma + 1;
	}
}

const char *lt_vocab_ja_missing(const char *field)
{
	if (!strcmp(field, "leaktrail.calendar.holiday_name"))
		return "なし";
	return "不明";
}

bool lt_vocab_timespan_ja(struct lt_buf *b, const char *text)
{
	static const struct {
		char unit;
		const char *ja;
	} units[] = { { 's', "秒" }, { 'm', "分" }, { 'h', "時間" }, { 'd', "日" }, { 'w', "週間" } };
	size_t n = text ? strlen(text) : 0;
	if (n < 2 || strspn(text, "0123456789") != n - 1)
		return false;
	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (units[i].unit == text[n - 1]) {
			lt_buf_append(b, text, n - 1);
			lt_buf_puts(b, " ");
			lt_buf_puts(b, units[i].ja);
			return true;
		}
	}
	return false;
}

bool lt_vocab_local_time(struct lt_buf *b, const char *iso, bool ja)
{
	static const char *const wja[] = { "日", "月", "火", "水", "木", "金", "土" };
	static const char *const wen[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const int tt[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (!iso || strlen(iso) < 16 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':')
		return false;
	int y = atoi(iso), m = atoi(iso + 5), d = atoi(iso + 8);
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	int yy = m < 3 ? y - 1 : y;
	int w = (yy + yy / 4 - yy / 100 + yy / 400 + tt[m - 1] + d) % 7;	/* Sakamoto: 0 = Sunday */
	lt_buf_append(b, iso, 10);
	lt_buf_puts(b, ja ? "（" : " (");
	lt_buf_puts(b, ja ? wja[w] : wen[w]);
	lt_buf_puts(b, ja ? "）" : ") ");
	lt_buf_append(b, iso + 11, 5);
	return true;
}

/* Record fields a report lists values of: Japanese and English names. */
static const char *const field_names[][3] = {
	{ "url.domain", "接続先ドメイン", "Domain" },
	{ "leaktrail.web.category", "サイトの分類", "Site category" },
	{ "email.from.address", "送信者", "Sender" },
	{ "leaktrail.mail.attachment_count", "添付ファイル数", "Attachments" },
	{ "leaktrail.mail.external_recipients", "社外の宛先", "External recipients" },
	{ "leaktrail.mail.score", "スコア", "Score" },
	{ "leaktrail.mail.score_reasons", "スコアの理由", "Score reasons" },
	{ "leaktrail.print.document", "文書名", "Document" },
	{ "leaktrail.print.pages", "ページ数", "Pages" },
	{ "leaktrail.file.label", "秘密表示", "Classification label" },
	{ "leaktrail.local.date", "日付", "Date" },
	{ "leaktrail.file.business_area", "業務分野", "Business area" },
	{ "event.action", "操作", "Action" },
	{ "host.name", "端末・サーバー", "Computer" },
	{ "leaktrail.calendar.holiday_name", "休日", "Holiday" },
	{ "leaktrail.usb.vendor", "USB メーカー", "USB vendor" },
	{ "leaktrail.usb.product", "USB 製品名", "USB product" },
	{ "leaktrail.usb.serial", "USB シリアル番号", "USB serial number" },
	{ "finding.id", "寄与した検知", "Contributing findings" },
	{ "leaktrail.risk.raised_at", "アラート発生", "Alert raised" },
};

static const char *field_name(const char *field, int lang)
{
	for (size_t i = 0; i < sizeof field_names / sizeof field_names[0]; i++)
		if (!strcmp(field_names[i][0], field))
			return field_names[i][lang];
	return NULL;
}

const char *lt_vocab_field_ja(const char *field)
{
	return field_name(field, 1);
}

const char *lt_vocab_field_en(const char *field)
{
	return field_name(field, 2);
}
