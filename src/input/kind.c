/* Content kinds by magic bytes, and the names used in messages and the manifest.
 *
 * The file name is never consulted: evidence is often renamed (access.log.1
 * that is really gzip, a .log that is a tar). Magic numbers follow the
 * formats' specifications (RFC 1952 gzip, the bzip2, xz and zstd frame
 * formats, POSIX ustar, PKWARE APPNOTE, 7-Zip, cpio(5), MS-EVEN6 EVTX).
 */
#include "input/input.h"

#include <string.h>

const char *lt_kind_name(enum lt_kind k)
{
	switch (k) {
	case LT_KIND_TEXT: return "text";
	case LT_KIND_EMPTY: return "empty";
	case LT_KIND_GZIP: return "gzip";
	case LT_KIND_BZIP2: return "bzip2";
	case LT_KIND_XZ: return "xz";
	case LT_KIND_ZSTD: return "zstd";
	case LT_KIND_TAR: return "tar";
	case LT_KIND_ZIP: return "zip";
	case LT_KIND_7Z: return "7z";
	case LT_KIND_CPIO: return "cpio";
	case LT_KIND_EVTX: return "evtx";
	case LT_KIND_BINARY: return "binary";
	}
	return "unknown";
}

const char *lt_source_status_name(enum lt_source_status s)
{
	switch (s) {
	case LT_SOURCE_COMPLETE: return "complete";
	case LT_SOURCE_PARTIAL: return "partial";
	case LT_SOURCE_UNREADABLE: return "unreadable";
	case LT_SOURCE_SKIPPED: return "skipped";
	}
	return "unknown";
}

static int starts(const unsigned char *h, size_t n, const void *magic, size_t m)
{
	return n >= m && memcmp(h, magic, m) == 0;
}

/* Old (pre-POSIX) tar headers have no magic; a valid header checksum over
 * the 512-byte block is what tar(1) itself trusts. */
static int tar_checksum_ok(const unsigned char *h, size_t n)
{
	if (n < 512)
		return 0;
	unsigned long stored = 0;
	int digits = 0;
	for (int i = 148; i < 156; i++) {
		unsigned char c = h[i];
		if (c >= '0' && c <= '7') {
			stored = stored * 8 + (unsigned long)(c - '0');
			digits++;
		} else if (c == ' ' || c == '\0') {
			if (digits)
				break;
		} else {
			return 0;
		}
	}
	if (!digits)
		return 0;
	unsigned long sum = 0;
	int all_zero = 1;
	for (int i = 0; i < 512; i++) {
		unsigned char c = (i >= 148 && i < 156) ? ' ' : h[i];
		sum += c;
		if (h[i])
			all_zero = 0;
	}
	/* A name is required: an all-blank header is padding, not an archive. */
	return !all_zero && h[0] != '\0' && sum == stored;
}

static int is_tar(const unsigned char *h, size_t n)
{
	if (n >= 263 && memcmp(h + 257, "ustar", 5) == 0 && (h[262] == '\0' || h[262] == ' '))
		return 1;
	return tar_checksum_ok(h, n);
}

static int is_cpio(const unsigned char *h, size_t n)
{
	if (starts(h, n, "070707", 6) || starts(h, n, "070701", 6) || starts(h, n, "070702", 6))
		return 1;
	/* Old binary cpio: the 16-bit magic 070707 in either byte order, then
	 * a header of 26 bytes; require the name size field to be plausible. */
	if (n >= 26 && ((h[0] == 0xc7 && h[1] == 0x71) || (h[0] == 0x71 && h[1] == 0xc7))) {
		unsigned namesize = h[0] == 0xc7 ? (unsigned)h[20] | (unsigned)h[21] << 8
						 : (unsigned)h[20] << 8 | (unsigned)h[21];
		return namesize > 0 && namesize < 4096;
	}
	return 0;
}

/* UTF-16 text (Windows exports) has NUL in every other byte; it is text
 * for the parse layer, which transcodes it. */
static int looks_utf16(const unsigned char *h, size_t n)
{
	if (starts(h, n, "\xff\xfe", 2) || starts(h, n, "\xfe\xff", 2))
		return 1;
	if (n < 16)
		return 0;
	size_t even = 0, odd = 0, pairs = n / 2;
	for (size_t i = 0; i + 1 < n; i += 2) {
		if (h[i] == 0)
			even++;
		if (h[i + 1] == 0)
			odd++;
	}
	return (odd * 10 >= pairs * 9 && even * 10 < pairs) || (even * 10 >= pairs * 9 && odd * 10 < pairs);
}

/* Text unless more than 1 in 20 bytes is NUL or a control character that
 * text files do not contain (tab, LF, CR, FF, VT, ESC are fine): random or
 * compressed data has about 1 in 9. A log with a few NUL bytes (a crash
 * mid-write) stays text. */
static int looks_binary(const unsigned char *h, size_t n)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = h[i];
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b)
			bad++;
		else if (c == 0x7f)
			bad++;
	}
	return bad * 20 > n;
}

enum lt_kind lt_kind_detect(const unsigned char *h, size_t n)
{
	if (n == 0)
		return LT_KIND_EMPTY;
	if (starts(h, n, "\x1f\x8b", 2))
		return LT_KIND_GZIP;
	if (n >= 4 && memcmp(h, "BZh", 3) == 0 && h[3] >= '1' && h[3] <= '9')
		return LT_KIND_BZIP2;
	if (starts(h, n, "\xfd" "7zXZ\0", 6))
		return LT_KIND_XZ;
	if (starts(h, n, "\x28\xb5\x2f\xfd", 4))
		return LT_KIND_ZSTD;
	/* zstd skippable frame (magic 0x184D2A50..5F, little-endian) */
	if (n >= 4 && (h[0] & 0xf0) == 0x50 && h[1] == 0x2a && h[2] == 0x4d && h[3] == 0x18)
		return LT_KIND_ZSTD;
	if (starts(h, n, "7z\xbc\xaf\x27\x1c", 6))
		return LT_KIND_7Z;
	if (starts(h, n, "PK\3\4", 4) || starts(h, n, "PK\5\6", 4) || starts(h, n, "PK\7\x08", 4))
		return LT_KIND_ZIP;
	if (starts(h, n, "ElfFile\0", 8))
		return LT_KIND_EVTX;
	if (is_tar(h, n))
		return LT_KIND_TAR;
	if (is_cpio(h, n))
		return LT_KIND_CPIO;
	if (looks_utf16(h, n))
		return LT_KIND_TEXT;
	if (looks_binary(h, n))
		return LT_KIND_BINARY;
	return LT_KIND_TEXT;
}
