/* Source text encodings: see encoding.h. */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parse/encoding.h"
#include "util/utf8.h"
#include "util/diag.h"
#include "util/xalloc.h"

static const char *const enc_names[LT_ENC_COUNT] = {
	[LT_ENC_UTF8] = "UTF-8",
	[LT_ENC_CP932] = "CP932",
	[LT_ENC_EUCJP] = "EUC-JP",
	[LT_ENC_UTF16LE] = "UTF-16LE",
	[LT_ENC_UTF16BE] = "UTF-16BE",
	[LT_ENC_ISO2022JP] = "ISO-2022-JP",
	[LT_ENC_LATIN1] = "WINDOWS-1252",
};

const char *lt_encoding_name(enum lt_encoding e)
{
	if ((unsigned)e >= LT_ENC_COUNT)
		return "?";
	return enc_names[e];
}

struct enc_alias {
	const char *name;	/* lower case, without '-' and '_' */
	enum lt_encoding enc;
};

static const struct enc_alias enc_aliases[] = {
	{ "utf8", LT_ENC_UTF8 }, { "ascii", LT_ENC_UTF8 }, { "usascii", LT_ENC_UTF8 },
	{ "cp932", LT_ENC_CP932 }, { "ms932", LT_ENC_CP932 }, { "windows31j", LT_ENC_CP932 },
	{ "sjis", LT_ENC_CP932 }, { "shiftjis", LT_ENC_CP932 }, { "xsjis", LT_ENC_CP932 },
	{ "mskanji", LT_ENC_CP932 }, { "csshiftjis", LT_ENC_CP932 }, { "windows932", LT_ENC_CP932 },
	{ "eucjp", LT_ENC_EUCJP }, { "ujis", LT_ENC_EUCJP }, { "xeucjp", LT_ENC_EUCJP },
	{ "eucjpms", LT_ENC_EUCJP }, { "cp51932", LT_ENC_EUCJP },
	{ "utf16le", LT_ENC_UTF16LE }, { "utf16", LT_ENC_UTF16LE }, { "unicode", LT_ENC_UTF16LE },
	{ "ucs2le", LT_ENC_UTF16LE }, { "utf16be", LT_ENC_UTF16BE }, { "ucs2be", LT_ENC_UTF16BE },
	{ "iso2022jp", LT_ENC_ISO2022JP }, { "jis", LT_ENC_ISO2022JP }, { "csiso2022jp", LT_ENC_ISO2022JP },
	{ "latin1", LT_ENC_LATIN1 }, { "iso88591", LT_ENC_LATIN1 }, { "windows1252", LT_ENC_LATIN1 },
	{ "cp1252", LT_ENC_LATIN1 },
};

/* Lower-case s into out without '-', '_' and spaces; false if it does not fit. */
static bool normalise_name(const char *s, char *out, size_t outlen)
{
	size_t j = 0;
	for (; *s; s++) {
		if (*s == '-' || *s == '_' || *s == ' ')
			continue;
		if (j + 1 >= outlen)
			return false;
		out[j++] = (char)tolower((unsigned char)*s);
	}
	out[j] = '\0';
	return true;
}

int lt_encoding_from_name(const char *name, enum lt_encoding *out)
{
	char norm[32];
	if (!name || !normalise_name(name, norm, sizeof norm))
		return -1;
	for (size_t i = 0; i < sizeof enc_aliases / sizeof enc_aliases[0]; i++) {
		if (strcmp(norm, enc_aliases[i].name) == 0) {
			*out = enc_aliases[i].enc;
			return 0;
		}
	}
	return -1;
}

/* ---- detection ---- */

static bool utf16_by_nuls(const unsigned char *p, size_t n, enum lt_encoding *out)
{
	size_t units = n / 2, nul_even = 0, nul_odd = 0;
	if (units < 4)
		return false;
	for (size_t i = 0; i + 1 < n; i += 2) {
		nul_even += p[i] == 0;
		nul_odd += p[i + 1] == 0;
	}
	/* ASCII in UTF-16LE is "a\0": NULs at odd offsets. */
	if (nul_odd * 4 >= units && nul_even * 20 <= nul_odd) {
		*out = LT_ENC_UTF16LE;
		return true;
	}
	if (nul_even * 4 >= units && nul_odd * 20 <= nul_even) {
		*out = LT_ENC_UTF16BE;
		return true;
	}
	return false;
}

static bool looks_iso2022jp(const unsigned char *p, size_t n)
{
	bool escape = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] >= 0x80)
			return false;
		if (p[i] == 0x1b && i + 2 < n) {
			if ((p[i + 1] == '$' && (p[i + 2] == 'B' || p[i + 2] == '@' || p[i + 2] == '(')) ||
			    (p[i + 1] == '(' && (p[i + 2] == 'J' || p[i + 2] == 'I')))
				escape = true;
		}
	}
	return escape;
}

/* The stream is UTF-8 when most of its multi-byte sequences are valid
 * UTF-8: a run of invalid bytes counts as one bad sequence, so one junk
 * line cannot outvote the real text (issue 13), while CP932 or EUC-JP read
 * as UTF-8 is almost all bad. Pure ASCII is UTF-8. */
static bool mostly_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0, good = 0, bad = 0;
	bool in_bad = false;
	while (i < n) {
		if (p[i] < 0x80) {
			in_bad = false;
			i++;
			continue;
		}
		size_t len = lt_utf8_seq(p + i, n - i);
		if (len == SIZE_MAX)
			break;	/* cut at the end of the sample */
		if (len == 0) {
			bad += !in_bad;
			in_bad = true;
			i++;
			continue;
		}
		in_bad = false;
		good++;
		i += len;
	}
	return bad == 0 || good > 2 * bad;
}


struct mb_score {
	long good;
	long bad;
};

static bool sjis_lead(unsigned c)
{
	return (c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc);
}

static bool sjis_trail(unsigned c)
{
	return c >= 0x40 && c <= 0xfc && c != 0x7f;
}

static struct mb_score score_cp932(const unsigned char *p, size_t n)
{
	struct mb_score s = { 0, 0 };
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		if (c < 0x80)
			continue;
		if (c >= 0xa1 && c <= 0xdf) {
			s.good += 1;	/* half-width katakana: weak evidence */
		} else if (sjis_lead(c)) {
			if (i + 1 >= n)
				break;
			if (sjis_trail(p[i + 1])) {
				s.good += 2;
				i++;
			} else {
				s.bad++;
			}
		} else {
			s.bad++;
		}
	}
	return s;
}

static bool euc_byte(unsigned c)
{
	return c >= 0xa1 && c <= 0xfe;
}

static struct mb_score score_eucjp(const unsigned char *p, size_t n)
{
	struct mb_score s = { 0, 0 };
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		if (c < 0x80)
			continue;
		if (c == 0x8e) {	/* half-width katakana */
			if (i + 1 >= n)
				break;
			if (p[i + 1] >= 0xa1 && p[i + 1] <= 0xdf) {
				s.good += 1;
				i++;
			} else {
				s.bad++;
			}
		} else if (c == 0x8f) {	/* JIS X 0212 */
			if (i + 2 >= n)
				break;
			if (euc_byte(p[i + 1]) && euc_byte(p[i + 2])) {
				s.good += 2;
				i += 2;
			} else {
				s.bad++;
			}
		} else if (euc_byte(c)) {
			if (i + 1 >= n)
				break;
			if (euc_byte(p[i + 1])) {
				s.good += 2;
				i++;
			} else {
				s.bad++;
			}
		} else {
			s.bad++;
		}
	}
	return s;
}

enum lt_encoding lt_encoding_line_guess(const unsigned char *p, size_t n)
{
	struct mb_score sj = score_cp932(p, n);
	struct mb_score eu = score_eucjp(p, n);
	/* only a clean decoding is a better candidate than replacement */
	if (sj.bad == 0 && sj.good > 0 && sj.good >= eu.good)
		return LT_ENC_CP932;
	if (eu.bad == 0 && eu.good > 0)
		return LT_ENC_EUCJP;
	return LT_ENC_UTF8;
}

enum lt_encoding lt_encoding_detect(const unsigned char *head, size_t n)
{
	enum lt_encoding e;
	if (n >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
		return LT_ENC_UTF8;
	if (n >= 2 && head[0] == 0xff && head[1] == 0xfe)
		return LT_ENC_UTF16LE;
	if (n >= 2 && head[0] == 0xfe && head[1] == 0xff)
		return LT_ENC_UTF16BE;
	if (utf16_by_nuls(head, n, &e))
		return e;
	if (looks_iso2022jp(head, n))
		return LT_ENC_ISO2022JP;
	if (mostly_utf8(head, n))
		return LT_ENC_UTF8;
	struct mb_score sj = score_cp932(head, n);
	struct mb_score eu = score_eucjp(head, n);
	long sj_score = sj.good - 8 * sj.bad;
	long eu_score = eu.good - 8 * eu.bad;
	if (sj_score <= 0 && eu_score <= 0)
		return LT_ENC_LATIN1;
	return eu_score > sj_score ? LT_ENC_EUCJP : LT_ENC_CP932;
}

size_t lt_encoding_bom_len(enum lt_encoding e, const unsigned char *head, size_t n)
{
	if (e == LT_ENC_UTF8 && n >= 3 && head[0] == 0xef && head[1] == 0xbb && head[2] == 0xbf)
		return 3;
	if (e == LT_ENC_UTF16LE && n >= 2 && head[0] == 0xff && head[1] == 0xfe)
		return 2;
	if (e == LT_ENC_UTF16BE && n >= 2 && head[0] == 0xfe && head[1] == 0xff)
		return 2;
	return 0;
}

size_t lt_encoding_unit(enum lt_encoding e)
{
	return (e == LT_ENC_UTF16LE || e == LT_ENC_UTF16BE) ? 2 : 1;
}

size_t lt_encoding_line_len(enum lt_encoding e, const unsigned char *p, size_t n)
{
	if (e == LT_ENC_UTF16LE || e == LT_ENC_UTF16BE) {
		size_t lo = e == LT_ENC_UTF16LE ? 0 : 1;
		for (size_t i = 0; i + 1 < n; i += 2)
			if (p[i + lo] == '\n' && p[i + 1 - lo] == 0)
				return i + 2;
		return 0;
	}
	const unsigned char *nl = memchr(p, '\n', n);
	return nl ? (size_t)(nl - p) + 1 : 0;
}

size_t lt_encoding_eol_len(enum lt_encoding e, const unsigned char *p, size_t len)
{
	if (e == LT_ENC_UTF16LE || e == LT_ENC_UTF16BE) {
		size_t lo = e == LT_ENC_UTF16LE ? 0 : 1;
		if (len < 2 || p[len - 2 + lo] != '\n' || p[len - 1 - lo] != 0)
			return 0;
		if (len >= 4 && p[len - 4 + lo] == '\r' && p[len - 3 - lo] == 0)
			return 4;
		return 2;
	}
	if (len < 1 || p[len - 1] != '\n')
		return 0;
	return (len >= 2 && p[len - 2] == '\r') ? 2 : 1;
}

/* ---- transcoding ---- */

struct lt_transcoder {
	enum lt_encoding enc;
	bool utf8;		/* validate only */
	bool iso2022;		/* ISO-2022-JP: rewritten to EUC-JP bytes first */
	size_t unit;		/* bytes skipped on an invalid sequence */
	iconv_t cd;
	size_t errors;
	struct lt_buf tmp;	/* ISO-2022-JP rewriting */
};

static iconv_t open_iconv(const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		iconv_t cd = iconv_open("UTF-8", names[i]);
		if (cd != (iconv_t)-1)
			return cd;
	}
	return (iconv_t)-1;
}

static struct lt_transcoder *transcoder_alloc(enum lt_encoding e)
{
	struct lt_transcoder *t = lt_xcalloc(1, sizeof *t);
	t->enc = e;
	t->cd = (iconv_t)-1;
	t->unit = lt_encoding_unit(e);
	lt_buf_init(&t->tmp);
	return t;
}

static const char *const *iconv_names(enum lt_encoding e)
{
	static const char *const cp932[] = { "CP932", "WINDOWS-31J", "SJIS", NULL };
	/* EUC-JP-MS reads the NEC/IBM rows that Windows-made EUC-JP and
	 * CP932-extended ISO-2022-JP carry; plain EUC-JP as a fallback. */
	static const char *const eucjp[] = { "EUC-JP-MS", "EUC-JP", NULL };
	static const char *const u16le[] = { "UTF-16LE", NULL };
	static const char *const u16be[] = { "UTF-16BE", NULL };
	static const char *const latin1[] = { "WINDOWS-1252", "ISO-8859-1", NULL };
	switch (e) {
	case LT_ENC_CP932:
		return cp932;
	case LT_ENC_EUCJP:
	case LT_ENC_ISO2022JP:
		return eucjp;
	case LT_ENC_UTF16LE:
		return u16le;
	case LT_ENC_UTF16BE:
		return u16be;
	case LT_ENC_LATIN1:
		return latin1;
	default:
		return NULL;
	}
}

struct lt_transcoder *lt_transcoder_new(enum lt_encoding e)
{
	struct lt_transcoder *t = transcoder_alloc(e);
	if (e == LT_ENC_UTF8 || (unsigned)e >= LT_ENC_COUNT) {
		t->utf8 = true;
		return t;
	}
	t->iso2022 = e == LT_ENC_ISO2022JP;
	t->cd = open_iconv(iconv_names(e));
	if (t->cd == (iconv_t)-1) {
		lt_diag(LT_ERROR, NULL, "iconv cannot convert from %s: is glibc's gconv installed?",
			lt_encoding_name(e));
		exit(LT_EXIT_FATAL);
	}
	return t;
}

struct lt_transcoder *lt_transcoder_new_charset(const char *charset)
{
	enum lt_encoding e;
	char norm[48];
	if (!charset || !*charset)
		return lt_transcoder_new(LT_ENC_LATIN1);
	if (normalise_name(charset, norm, sizeof norm) &&
	    (strcmp(norm, "usascii") == 0 || strcmp(norm, "ascii") == 0))
		return lt_transcoder_new(LT_ENC_LATIN1);	/* 8-bit junk in "ASCII" is usually 1252 */
	if (lt_encoding_from_name(charset, &e) == 0)
		return lt_transcoder_new(e);
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	struct lt_transcoder *t = transcoder_alloc(LT_ENC_COUNT);
	t->cd = cd;
	if (strncmp(norm, "utf16", 5) == 0 || strncmp(norm, "ucs2", 4) == 0)
		t->unit = 2;
	return t;
}

/* ISO-2022-JP (RFC 1468, plus JIS X 0201 kana and JIS X 0212) to EUC-JP
 * bytes, so that EUC-JP-MS can read the CP932 extensions (circled digits,
 * NEC rows) that Outlook and Japanese mailers put in "ISO-2022-JP". */
static void iso2022_to_euc(const unsigned char *p, size_t n, struct lt_buf *out)
{
	enum { ASCII, JIS0208, JIS0212, KANA } mode = ASCII;
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		if (c == 0x1b && i + 2 < n) {
			if (p[i + 1] == '(' && (p[i + 2] == 'B' || p[i + 2] == 'J')) {
				mode = ASCII;
				i += 2;
				continue;
			}
			if (p[i + 1] == '(' && p[i + 2] == 'I') {
				mode = KANA;
				i += 2;
				continue;
			}
			if (p[i + 1] == '$' && (p[i + 2] == 'B' || p[i + 2] == '@')) {
				mode = JIS0208;
				i += 2;
				continue;
			}
			if (p[i + 1] == '$' && p[i + 2] == '(' && i + 3 < n && p[i + 3] == 'D') {
				mode = JIS0212;
				i += 3;
				continue;
			}
		}
		if (c == '\r' || c == '\n' || c >= 0x80 || mode == ASCII || c < 0x21 || c > 0x7e) {
			/* 8-bit bytes are invalid here; keep them so iconv flags them */
			lt_buf_putc(out, (char)c);
			if (c == '\n')
				mode = ASCII;
			continue;
		}
		if (mode == KANA) {
			lt_buf_putc(out, (char)0x8e);
			lt_buf_putc(out, (char)(c | 0x80));
			continue;
		}
		if (i + 1 >= n || p[i + 1] < 0x21 || p[i + 1] > 0x7e) {
			lt_buf_putc(out, (char)0xff);	/* lone half of a double byte: invalid */
			continue;
		}
		if (mode == JIS0212)
			lt_buf_putc(out, (char)0x8f);
		lt_buf_putc(out, (char)(c | 0x80));
		lt_buf_putc(out, (char)(p[i + 1] | 0x80));
		i++;
	}
}

size_t lt_transcode(struct lt_transcoder *t, const char *in, size_t n, struct lt_buf *out)
{
	if (t->utf8) {
		size_t bad = lt_utf8_sanitize(in, n, out);
		t->errors += bad;
		return bad;
	}
	if (t->iso2022) {
		lt_buf_reset(&t->tmp);
		iso2022_to_euc((const unsigned char *)in, n, &t->tmp);
		in = t->tmp.data ? t->tmp.data : "";
		n = t->tmp.len;
	}
	size_t bad = 0;
	iconv(t->cd, NULL, NULL, NULL, NULL);
	char *ip = (char *)in;
	size_t ileft = n;
	while (ileft > 0) {
		lt_buf_reserve(out, ileft * 3 + 16);
		char *op = out->data + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t r = iconv(t->cd, &ip, &ileft, &op, &oleft);
		out->len = (size_t)(op - out->data);
		out->data[out->len] = '\0';
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ (invalid) or EINVAL (cut at the end): replace one unit */
		lt_buf_append(out, LT_UTF8_REPLACEMENT, 3);
		bad++;
		size_t skip = t->unit < ileft ? t->unit : ileft;
		if (errno == EINVAL)
			skip = ileft;
		ip += skip;
		ileft -= skip;
		iconv(t->cd, NULL, NULL, NULL, NULL);
	}
	/* flush any pending shift state */
	lt_buf_reserve(out, 16);
	char *op = out->data + out->len;
	size_t oleft = out->cap - out->len - 1;
	iconv(t->cd, NULL, NULL, &op, &oleft);
	out->len = (size_t)(op - out->data);
	out->data[out->len] = '\0';
	t->errors += bad;
	return bad;
}

size_t lt_transcoder_errors(const struct lt_transcoder *t)
{
	return t->errors;
}

void lt_transcoder_free(struct lt_transcoder *t)
{
	if (!t)
		return;
	if (t->cd != (iconv_t)-1)
		iconv_close(t->cd);
	lt_buf_free(&t->tmp);
	free(t);
}
