/* Japanese words for record values in messages (vocab.h). */
#include "rules/vocab.h"

#include <stdlib.h>
#include <string.h>

#include "record/fieldnames.h"
#include "util/xalloc.h"

struct word {
	const char *field, *value, *ja;
	const char *en;		/* NULL: the value reads as English already */
};

static const struct word words[] = {
	/* rules/lists/web categories */
	{ LT_E_WEB_CATEGORY, "file-sharing", "ファイル共有", NULL },
	{ LT_E_WEB_CATEGORY, "online-storage", "オンラインストレージ", NULL },
	{ LT_E_WEB_CATEGORY, "webmail", "Web メール", NULL },
	{ LT_E_WEB_CATEGORY, "uploader", "アップローダー", NULL },
	{ LT_E_WEB_CATEGORY, "sns", "SNS", NULL },
	{ LT_E_WEB_CATEGORY, "bbs", "掲示板", NULL },
	{ LT_E_WEB_CATEGORY, "job-search", "求人・転職サイト", NULL },
	{ LT_E_WEB_CATEGORY, "leak-site", "暴露・リークサイト", NULL },
	/* src/enrich/enrich_mail.c score reasons */
	{ LT_E_MAIL_SCORE_WHY, "personal_address", "本人の私用アドレス", "personal address" },
	{ LT_E_MAIL_SCORE_WHY, "name_like", "本人の氏名に似たアドレス", "address like the person's name" },
	{ LT_E_MAIL_SCORE_WHY, "freemail", "フリーメール", "free mail" },
	{ LT_E_MAIL_SCORE_WHY, "classified_attachment", "秘密表示のある添付ファイル", "classified attachment" },
	{ LT_E_MAIL_SCORE_WHY, "off_hours", "業務時間外", "off-hours" },
	{ LT_E_MAIL_SCORE_WHY, "departing", "退職予定者", "departing" },
	{ LT_E_MAIL_SCORE_WHY, "partner_only", "取引先のみ宛て", "partners only" },
	/* logon actions of the parsers */
	{ LT_F_EVENT_ACTION, "ssh_login", "SSH ログオン", "SSH logon" },
	{ LT_F_EVENT_ACTION, "logged-in", "Windows ログオン", "Windows logon" },
	{ LT_F_EVENT_ACTION, "logon", "ログオン", NULL },
	{ LT_F_EVENT_ACTION, "vpn_login", "VPN ログオン", "VPN logon" },
	{ LT_F_EVENT_ACTION, "vpn_session_start", "VPN 接続", "VPN session" },
	{ LT_F_EVENT_ACTION, "vpn_connection_established", "VPN 接続", "VPN session" },
	{ LT_F_EVENT_ACTION, "open", "ファイルを開く", NULL },
	{ LT_F_EVENT_ACTION, "read", "読み取り", NULL },
	{ LT_F_EVENT_ACTION, "print", "印刷", NULL },
};

/* The entry for a value of a field, or NULL. */
static const struct word *word_of(const char *field, const char *value)
{
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(words[i].field, field) && !strcmp(words[i].value, value))
			return &words[i];
	return NULL;
}

const char *lt_vocab_ja(const char *field, const char *value)
{
	const struct word *w = word_of(field, value);
	return w ? w->ja : NULL;
}

/* Each item of a comma-separated value in the language's words (the value
 * itself where there are none: it reads as that language already), joined
 * with the language's separator. */
static void words_into(struct lt_buf *b, const char *field, const char *value, bool ja)
{
	const char *p = value;
	for (bool first = true;; first = false) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *item = lt_xstrndup(p, n);
		const struct word *w = word_of(field, item);
		const char *text = w ? (ja ? w->ja : w->en) : NULL;
		if (!first)
			lt_buf_puts(b, ja ? "、" : ", ");
		lt_buf_puts(b, text ? text : item);
		free(item);
		if (!comma)
			break;
		p = comma + 1;
	}
}

void lt_vocab_en_into(struct lt_buf *b, const char *field, const char *value)
{
	words_into(b, field, value, false);
}

void lt_vocab_ja_into(struct lt_buf *b, const char *field, const char *value)
{
	words_into(b, field, value, true);
}

const char *lt_vocab_ja_missing(const char *field)
{
	if (!strcmp(field, LT_E_HOLIDAY_NAME))
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
	{ LT_F_URL_DOMAIN, "接続先ドメイン", "Domain" },
	{ LT_E_WEB_CATEGORY, "サイトの分類", "Site category" },
	{ LT_F_EMAIL_FROM, "送信者", "Sender" },
	{ LT_E_MAIL_ATT_COUNT, "添付ファイル数", "Attachments" },
	{ LT_E_MAIL_EXT_RCPT, "社外の宛先", "External recipients" },
	{ LT_E_MAIL_SCORE, "スコア", "Score" },
	{ LT_E_MAIL_SCORE_WHY, "スコアの理由", "Score reasons" },
	{ LT_F_PRINT_DOCUMENT, "文書名", "Document" },
	{ LT_F_PRINT_PAGES, "ページ数", "Pages" },
	{ LT_E_FILE_LABEL, "秘密表示", "Classification label" },
	{ LT_E_LOCAL_DATE, "日付", "Date" },
	{ LT_E_FILE_AREA, "業務分野", "Business area" },
	{ LT_F_EVENT_ACTION, "操作", "Action" },
	{ LT_F_HOST_NAME, "端末・サーバー", "Computer" },
	{ LT_E_HOLIDAY_NAME, "休日", "Holiday" },
	{ LT_F_USB_VENDOR, "USB メーカー", "USB vendor" },
	{ LT_F_USB_PRODUCT, "USB 製品名", "USB product" },
	{ LT_F_USB_SERIAL, "USB シリアル番号", "USB serial number" },
	{ "finding.id", "寄与した検知", "Contributing findings" },
	{ LT_E_RISK_RAISED_AT, "アラート発生", "Alert raised" },
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
