/* Unit tests for src/parse/encoding: names, detection, transcoding, UTF-16 lines.
 * The byte strings are written here by hand (「社外秘」 = "confidential"). */
#include <criterion/criterion.h>
#include <string.h>

#include "parse/encoding.h"

#define SHAGAIHI_UTF8 "\xe7\xa4\xbe\xe5\xa4\x96\xe7\xa7\x98"
#define SHAGAIHI_CP932 "\x8e\xd0\x8a\x4f\x94\xe9"
#define SHAGAIHI_EUCJP "\xbc\xd2\xb3\xb0\xc8\xeb"
#define SHAGAIHI_U16LE "\x3e\x79\x16\x59\xd8\x79"
#define SHAGAIHI_JIS "\x1b$B<R30Hk\x1b(B"

static void check_conv(enum lt_encoding e, const char *in, size_t n, const char *want, size_t want_bad)
{
	struct lt_transcoder *t = lt_transcoder_new(e);
	struct lt_buf out = LT_BUF_INIT;
	size_t bad = lt_transcode(t, in, n, &out);
	cr_assert_eq(bad, want_bad, "%s: %zu invalid, want %zu", lt_encoding_name(e), bad, want_bad);
	cr_assert_str_eq(out.data ? out.data : "", want, "%s", lt_encoding_name(e));
	cr_assert_eq(lt_transcoder_errors(t), want_bad);
	lt_buf_free(&out);
	lt_transcoder_free(t);
}

Test(encoding, names_and_aliases)
{
	enum lt_encoding e;
	cr_assert_eq(lt_encoding_from_name("Shift_JIS", &e), 0);
	cr_assert_eq(e, LT_ENC_CP932);
	cr_assert_eq(lt_encoding_from_name("sjis", &e), 0);
	cr_assert_eq(e, LT_ENC_CP932);
	cr_assert_eq(lt_encoding_from_name("Windows-31J", &e), 0);
	cr_assert_eq(e, LT_ENC_CP932);
	cr_assert_eq(lt_encoding_from_name("euc_jp", &e), 0);
	cr_assert_eq(e, LT_ENC_EUCJP);
	cr_assert_eq(lt_encoding_from_name("UTF-16LE", &e), 0);
	cr_assert_eq(e, LT_ENC_UTF16LE);
	cr_assert_eq(lt_encoding_from_name("utf-16be", &e), 0);
	cr_assert_eq(e, LT_ENC_UTF16BE);
	cr_assert_eq(lt_encoding_from_name("iso-2022-jp", &e), 0);
	cr_assert_eq(e, LT_ENC_ISO2022JP);
	cr_assert_eq(lt_encoding_from_name("utf8", &e), 0);
	cr_assert_eq(e, LT_ENC_UTF8);
	cr_assert_eq(lt_encoding_from_name("klingon", &e), -1);
	cr_assert_eq(lt_encoding_from_name("a-very-long-name-that-does-not-fit-the-buffer", &e), -1);
	cr_assert_str_eq(lt_encoding_name(LT_ENC_CP932), "CP932");
	cr_assert_str_eq(lt_encoding_name(LT_ENC_EUCJP), "EUC-JP");
}

Test(encoding, transcode_japanese)
{
	check_conv(LT_ENC_CP932, SHAGAIHI_CP932, 6, SHAGAIHI_UTF8, 0);
	check_conv(LT_ENC_EUCJP, SHAGAIHI_EUCJP, 6, SHAGAIHI_UTF8, 0);
	check_conv(LT_ENC_UTF16LE, SHAGAIHI_U16LE, 6, SHAGAIHI_UTF8, 0);
	check_conv(LT_ENC_UTF16BE, "\x79\x3e\x59\x16\x79\xd8", 6, SHAGAIHI_UTF8, 0);
	check_conv(LT_ENC_ISO2022JP, SHAGAIHI_JIS, strlen(SHAGAIHI_JIS), SHAGAIHI_UTF8, 0);
	check_conv(LT_ENC_UTF8, SHAGAIHI_UTF8, 9, SHAGAIHI_UTF8, 0);
}

Test(encoding, cp932_extensions_not_in_plain_shift_jis)
{
	/* ① (NEC row 13) and 髙 (IBM extension, FB FC) exist only in CP932 */
	check_conv(LT_ENC_CP932, "\x87\x40\xfb\xfc", 4, "\xe2\x91\xa0\xe9\xab\x99", 0);
	/* wave dash: CP932 maps 81 60 to U+FF5E FULLWIDTH TILDE */
	check_conv(LT_ENC_CP932, "\x81\x60", 2, "\xef\xbd\x9e", 0);
	/* ① in ISO-2022-JP as Outlook writes it (row 13 of JIS X 0208) */
	check_conv(LT_ENC_ISO2022JP, "\x1b$B-!\x1b(B", 8, "\xe2\x91\xa0", 0);
}

Test(encoding, invalid_sequences_become_fffd_and_are_counted)
{
	/* CP932 lead byte followed by a control char, and a cut lead byte at the end */
	check_conv(LT_ENC_CP932, "a\x81\x01" "b\x82", 5, "a\xef\xbf\xbd\x01" "b\xef\xbf\xbd", 2);
	/* UTF-8: lone continuation, overlong, surrogate, cut sequence */
	check_conv(LT_ENC_UTF8, "x\x80y\xc0\xafz", 6, "x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbdz", 3);
	check_conv(LT_ENC_UTF8, "\xed\xa0\x80!", 4, "\xef\xbf\xbd!", 1);
	check_conv(LT_ENC_UTF8, "ok\xe7\xa4", 4, "ok\xef\xbf\xbd", 1);
	/* odd byte count in UTF-16 */
	check_conv(LT_ENC_UTF16LE, "A\0B", 3, "A\xef\xbf\xbd", 1);
}

Test(encoding, mime_charsets)
{
	struct lt_transcoder *t = lt_transcoder_new_charset("shift_jis");
	cr_assert_not_null(t);
	struct lt_buf out = LT_BUF_INIT;
	lt_transcode(t, "\x87\x40", 2, &out);
	cr_assert_str_eq(out.data, "\xe2\x91\xa0");
	lt_transcoder_free(t);
	lt_buf_reset(&out);
	t = lt_transcoder_new_charset("ISO-8859-15");
	cr_assert_not_null(t);
	lt_transcode(t, "\xa4", 1, &out);
	cr_assert_str_eq(out.data, "\xe2\x82\xac"); /* euro sign */
	lt_transcoder_free(t);
	cr_assert_null(lt_transcoder_new_charset("x-no-such-charset"));
	lt_buf_free(&out);
}

static enum lt_encoding detect(const char *s, size_t n)
{
	return lt_encoding_detect((const unsigned char *)s, n);
}

Test(encoding, detect)
{
	cr_assert_eq(detect("\xef\xbb\xbf" "a,b\n", 7), LT_ENC_UTF8);
	cr_assert_eq(detect("\xff\xfe" "a\0", 4), LT_ENC_UTF16LE);
	cr_assert_eq(detect("\xfe\xff\0a", 4), LT_ENC_UTF16BE);
	cr_assert_eq(detect("t\0i\0m\0e\0,\0u\0s\0e\0r\0\r\0\n\0", 22), LT_ENC_UTF16LE);
	cr_assert_eq(detect("\0t\0i\0m\0e\0,\0u\0s\0e\0r", 18), LT_ENC_UTF16BE);
	cr_assert_eq(detect("plain ascii log line\n", 21), LT_ENC_UTF8);
	cr_assert_eq(detect("file=" SHAGAIHI_UTF8 ".xlsx\n", 20), LT_ENC_UTF8);
	/* UTF-8 cut in the middle of a character at the end of the sample */
	cr_assert_eq(detect("x " SHAGAIHI_UTF8, 9), LT_ENC_UTF8);
	cr_assert_eq(detect("Subject: " SHAGAIHI_JIS, 9 + strlen(SHAGAIHI_JIS)), LT_ENC_ISO2022JP);
	/* CP932 CSV: 日時,ユーザー,ファイル名 and 社外秘 */
	static const char cp932_csv[] = "\x93\xfa\x8e\x9e,\x83\x86\x81\x5b\x83\x55\x81\x5b,"
		"\x83\x74\x83\x40\x83\x43\x83\x8b\x96\xbc\n2026/11/25," SHAGAIHI_CP932 ".xlsx\n";
	cr_assert_eq(detect(cp932_csv, sizeof cp932_csv - 1), LT_ENC_CP932);
	/* the same in EUC-JP */
	static const char euc_csv[] = "\xc6\xfc\xbb\xfe,\xa5\xe6\xa1\xbc\xa5\xb6\xa1\xbc,"
		"\xa5\xd5\xa5\xa1\xa5\xa4\xa5\xeb\xcc\xbe\n2026/11/25," SHAGAIHI_EUCJP ".xlsx\n";
	cr_assert_eq(detect(euc_csv, sizeof euc_csv - 1), LT_ENC_EUCJP);
	cr_assert_eq(detect("caf\xe9 cr\xe8me \x80", 13), LT_ENC_LATIN1);
}

Test(encoding, utf16_lines_and_boms)
{
	const unsigned char le[] = "\xff\xfe" "a\0\r\0\n\0" "\x0a\x4e\n\0" "c\0";
	size_t n = sizeof le - 1;
	size_t bom = lt_encoding_bom_len(LT_ENC_UTF16LE, le, n);
	cr_assert_eq(bom, 2);
	const unsigned char *p = le + bom;
	size_t len = lt_encoding_line_len(LT_ENC_UTF16LE, p, n - bom);
	cr_assert_eq(len, 6);
	cr_assert_eq(lt_encoding_eol_len(LT_ENC_UTF16LE, p, len), 4);
	p += len;
	/* U+4E0A: its low byte 0x0A is not a newline */
	len = lt_encoding_line_len(LT_ENC_UTF16LE, p, n - bom - 6);
	cr_assert_eq(len, 4);
	cr_assert_eq(lt_encoding_eol_len(LT_ENC_UTF16LE, p, len), 2);
	p += len;
	cr_assert_eq(lt_encoding_line_len(LT_ENC_UTF16LE, p, 2), 0);
	cr_assert_eq(lt_encoding_eol_len(LT_ENC_UTF16LE, p, 2), 0);

	const unsigned char be[] = "\0a\0\n";
	cr_assert_eq(lt_encoding_line_len(LT_ENC_UTF16BE, be, 4), 4);
	cr_assert_eq(lt_encoding_eol_len(LT_ENC_UTF16BE, be, 4), 2);
	cr_assert_eq(lt_encoding_line_len(LT_ENC_CP932, (const unsigned char *)"ab\r\ncd", 6), 4);
	cr_assert_eq(lt_encoding_eol_len(LT_ENC_CP932, (const unsigned char *)"ab\r\n", 4), 2);
	cr_assert_eq(lt_encoding_bom_len(LT_ENC_UTF8, (const unsigned char *)"\xef\xbb\xbfx", 4), 3);
	cr_assert_eq(lt_encoding_bom_len(LT_ENC_CP932, (const unsigned char *)"\xef\xbb\xbfx", 4), 0);
}
