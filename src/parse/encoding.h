/* Source text encodings: names, detection and transcoding to UTF-8.
 *
 * Owner: parsers-mail. Japanese tools write CP932 (Windows Shift_JIS) CSV,
 * older Unix tools EUC-JP, Windows exports UTF-16; mail uses ISO-2022-JP.
 * Everything a parser sees is UTF-8 (struct lt_line.text); the line layer
 * uses this module to get there while keeping the original bytes (raw).
 *
 * Ownership: lt_transcoder_new returns a transcoder the caller frees with
 * lt_transcoder_free. lt_encoding_name returns a static string.
 *
 * NOTE FOR THE LINE LAYER (core):
 *  - Skip the byte order mark at the start of a stream:
 *    lt_encoding_bom_len(enc, head, n) says how many bytes it has (0 if none).
 *  - Line splitting: for every encoding except UTF-16, LF (0x0A) never occurs
 *    inside a multibyte character (CP932 trail bytes are 0x40-0xFC minus
 *    0x7F, EUC-JP bytes are >= 0x80, ISO-2022-JP is 7-bit without LF in
 *    escapes), so the byte splitter works unchanged. For UTF-16 a newline is
 *    the 16-bit unit 0x000A at an even offset from the stream start: use
 *    lt_encoding_line_len(enc, p, n) to find the end of the next line and
 *    lt_encoding_eol_len(enc, p, len) to know how many bytes of terminator
 *    (LF or CR LF, in that encoding) to leave out of the text.
 *  - Transcode each line's raw bytes without its terminator with
 *    lt_transcode; raw keeps the original bytes.
 */
#ifndef LT_ENCODING_H
#define LT_ENCODING_H
#include <stddef.h>

#include "util/buf.h"

enum lt_encoding {
	LT_ENC_UTF8,
	LT_ENC_CP932,		/* Windows-31J: Shift_JIS with NEC and IBM extensions */
	LT_ENC_EUCJP,
	LT_ENC_UTF16LE,
	LT_ENC_UTF16BE,
	LT_ENC_ISO2022JP,	/* 7-bit JIS, as used in Japanese mail */
	LT_ENC_LATIN1,		/* Windows-1252 (a superset of ISO-8859-1 for text) */
	LT_ENC_COUNT
};

/* Canonical name: "UTF-8", "CP932", "EUC-JP", "UTF-16LE", "UTF-16BE",
 * "ISO-2022-JP", "WINDOWS-1252". This is what the manifest records. */
const char *lt_encoding_name(enum lt_encoding e);

/* Accepts the canonical names and common aliases, case-insensitively and
 * ignoring '-' and '_': utf8, sjis, shift_jis, shiftjis, cp932, ms932,
 * windows-31j, x-sjis, euc-jp, eucjp, ujis, utf-16le, utf-16be, utf-16
 * (taken as LE, which is what Windows writes), unicode (likewise),
 * iso-2022-jp, jis, latin1, iso-8859-1, windows-1252, cp1252.
 * Returns 0, or -1 when the name is unknown. */
int lt_encoding_from_name(const char *name, enum lt_encoding *out);

/* Guess the encoding of a stream from its first bytes. In order:
 *  1. byte order marks (UTF-8, UTF-16LE, UTF-16BE);
 *  2. UTF-16 without BOM: at least a quarter of the 16-bit units have a NUL
 *     byte on one side and almost none on the other (ASCII-heavy text, as
 *     logs are; UTF-16 text made only of kana/kanji is not recognised);
 *  3. ISO-2022-JP: only 7-bit bytes and a JIS escape (ESC $ B, ESC $ @, ESC ( J);
 *  4. UTF-8 when its multi-byte sequences are mostly valid: more than twice
 *     as many valid sequences as runs of invalid bytes (pure ASCII included;
 *     a character cut at the end of head is tolerated), so one bad line does
 *     not turn a UTF-8 stream into CP932 -- that line is decoded on its own
 *     (parse.c, leaktrail.encoding_error);
 *  5. otherwise CP932 and EUC-JP are both decoded and scored: each valid
 *     double-byte character scores 2, each CP932 half-width katakana 1, each
 *     invalid byte -8. The higher score wins; a tie goes to CP932 (what
 *     Japanese Windows tools write). If both decoders fail badly (more
 *     invalid bytes than valid characters) the text is taken as Windows-1252.
 * Limits: short samples are ambiguous (a few bytes in 0xA1-0xDF read as
 * either), so a declared encoding (--encoding) always wins over detection;
 * NUL-free UTF-16 is not detected; binary data is reported as whatever
 * scores best, the caller decides whether text parsing makes sense. */
enum lt_encoding lt_encoding_detect(const unsigned char *head, size_t n);
/* For one line that is invalid in its stream's encoding: CP932 or EUC-JP
 * when the line decodes cleanly so (the better score), else LT_ENC_UTF8,
 * meaning "UTF-8 with replacement characters". */
enum lt_encoding lt_encoding_line_guess(const unsigned char *p, size_t n);

/* Bytes of byte order mark at the start of head for encoding e (0 if none). */
size_t lt_encoding_bom_len(enum lt_encoding e, const unsigned char *head, size_t n);
/* 1, or 2 for UTF-16. */
size_t lt_encoding_unit(enum lt_encoding e);
/* Length of the first line in p[0..n) including its newline, or 0 when p
 * has no complete line yet. p must start on a code unit boundary. */
size_t lt_encoding_line_len(enum lt_encoding e, const unsigned char *p, size_t n);
/* How many bytes at the end of line p[0..len) are its terminator (LF or CR LF
 * in the encoding; 0 when the line has none, e.g. the last line). */
size_t lt_encoding_eol_len(enum lt_encoding e, const unsigned char *p, size_t len);

struct lt_transcoder;

/* A converter from e to UTF-8. Never NULL (glibc iconv knows all of them;
 * a missing iconv module is a fatal installation problem). */
struct lt_transcoder *lt_transcoder_new(enum lt_encoding e);
/* A converter from a MIME/IANA charset name (mail headers and parts), or
 * NULL when iconv does not know it. Shift_JIS and its aliases map to CP932,
 * ISO-2022-JP to its CP932-extended variant when available, US-ASCII and
 * ISO-8859-1 to Windows-1252 (as mail clients do). */
struct lt_transcoder *lt_transcoder_new_charset(const char *charset);
/* Append the UTF-8 form of in[0..n) to out. Each call converts a complete
 * unit (a line, a header word): shift state is reset at the start and an
 * incomplete sequence at the end is invalid. Invalid sequences become
 * U+FFFD. Returns the number of invalid sequences in this call. */
size_t lt_transcode(struct lt_transcoder *t, const char *in, size_t n, struct lt_buf *out);
/* Total invalid sequences since the transcoder was made. */
size_t lt_transcoder_errors(const struct lt_transcoder *t);
void lt_transcoder_free(struct lt_transcoder *t);


#endif
