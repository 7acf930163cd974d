/* Unit tests for src/util: buffers, JSON escaping, hashing, event time. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/hash.h"
#include "util/jsonesc.h"
#include "util/timeutil.h"

Test(buf, append_and_printf)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, "ab");
	lt_buf_printf(&b, "%d-%s", 42, "x");
	cr_assert_str_eq(b.data, "ab42-x");
	cr_assert_eq(b.len, 6);
	lt_buf_reset(&b);
	cr_assert_eq(b.len, 0);
	lt_buf_free(&b);
}

Test(jsonesc, escapes_controls_quotes_and_invalid_utf8)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_json_str(&b, "a\"b\\c\n\x01\xe7\xa7\x98\xff", 11);
	cr_assert_str_eq(b.data, "\"a\\\"b\\\\c\\n\\u0001\xe7\xa7\x98\xef\xbf\xbd\"");
	lt_buf_free(&b);
	cr_assert(lt_utf8_valid("\xe7\xa7\x98", 3));
	cr_assert_not(lt_utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
	cr_assert_not(lt_utf8_valid("\xc0\xaf", 2));	  /* overlong */
}

Test(hash, known_vectors)
{
	struct lt_hasher h;
	struct lt_digests d;
	lt_hasher_init(&h, LT_HASH_ALL);
	lt_hasher_update(&h, "abc", 3);
	lt_hasher_final(&h, &d);
	cr_assert_str_eq(d.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cr_assert_str_eq(d.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
	cr_assert_str_eq(d.md5, "900150983cd24fb0d6963f7d28e17f72");
}

/* A state saved after any number of bytes (block boundary or not) and
 * loaded into a fresh hasher continues to the same digests as one pass:
 * what an incremental run relies on to hash only a file's new bytes. */
Test(hash, save_and_load_continue_exactly)
{
	unsigned char data[300];
	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(i * 7 + 3);
	struct lt_hasher whole;
	struct lt_digests want;
	lt_hasher_init(&whole, LT_HASH_ALL);
	lt_hasher_update(&whole, data, sizeof data);
	lt_hasher_final(&whole, &want);
	size_t cuts[] = { 0, 1, 63, 64, 65, 128, 200, 299, 300 };
	for (size_t k = 0; k < sizeof cuts / sizeof cuts[0]; k++) {
		struct lt_hasher a, b;
		lt_hasher_init(&a, LT_HASH_ALL);
		lt_hasher_update(&a, data, cuts[k]);
		char *text = lt_hasher_save(&a);
		cr_assert_eq(lt_hasher_saved_bytes(text), (long long)cuts[k]);
		struct lt_digests d;
		lt_hasher_final(&a, &d);
		cr_assert_eq(lt_hasher_load(&b, text), 0, "%s", text);
		lt_hasher_update(&b, data + cuts[k], sizeof data - cuts[k]);
		lt_hasher_final(&b, &d);
		cr_assert_str_eq(d.sha256, want.sha256, "cut at %zu", cuts[k]);
		cr_assert_str_eq(d.sha1, want.sha1, "cut at %zu", cuts[k]);
		cr_assert_str_eq(d.md5, want.md5, "cut at %zu", cuts[k]);
		free(text);
	}
	/* Only the digests that were saved come back. */
	struct lt_hasher s;
	lt_hasher_init(&s, LT_HASH_SHA256);
	lt_hasher_update(&s, "ab", 2);
	char *text = lt_hasher_save(&s);
	struct lt_digests d;
	lt_hasher_final(&s, &d);
	struct lt_hasher t;
	cr_assert_eq(lt_hasher_load(&t, text), 0);
	lt_hasher_update(&t, "c", 1);
	lt_hasher_final(&t, &d);
	cr_assert_str_eq(d.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	cr_assert_str_eq(d.sha1, "");
	free(text);
}

Test(hash, load_refuses_malformed_states)
{
	const char *bad[] = { "", "sha256:00", "sha512:00000000:0:", "md5:0123456701234567012345670123456:0:",
			      "md5:01234567012345670123456701234567:2:ab",
			      "md5:01234567012345670123456701234567:1:ab extra" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct lt_hasher h;
		cr_assert_eq(lt_hasher_load(&h, bad[i]), -1, "%s", bad[i]);
		cr_assert_eq(lt_hasher_saved_bytes(bad[i]), -1);
	}
}

Test(time, civil_roundtrip_and_format)
{
	struct lt_civil c = { .year = 2026, .month = 11, .day = 25, .hour = 8, .min = 1, .sec = 2, .usec = 123456 };
	lt_time_us t = lt_time_from_civil(&c, 0);
	cr_assert_eq(t, INT64_C(1795593662123456));
	char s[LT_ISO_LEN];
	lt_time_format_utc(t, s);
	cr_assert_str_eq(s, "2026-11-25T08:01:02.123456Z");
	lt_time_format_offset(t, 9 * 3600, s);
	cr_assert_str_eq(s, "2026-11-25T17:01:02.123456+09:00");
	struct lt_civil back;
	lt_time_to_civil(t, 0, &back);
	cr_assert_eq(back.wday, 3); /* a Wednesday */
	lt_time_to_civil(-1, 0, &back);
	cr_assert_eq(back.year, 1969);
	cr_assert_eq(back.usec, 999999);
}

Test(time, iso_parse_with_and_without_zone)
{
	lt_time_us t;
	cr_assert_eq(lt_time_parse_iso("2026-11-25T17:01:02.5+09:00", 27, NULL, &t), 0);
	char s[LT_ISO_LEN];
	lt_time_format_utc(t, s);
	cr_assert_str_eq(s, "2026-11-25T08:01:02.500000Z");
	const struct lt_tz *tokyo = lt_tz_load("Asia/Tokyo");
	cr_assert_not_null(tokyo, "tzdata must be installed (Debian package tzdata)");
	cr_assert_eq(lt_time_parse_iso("2026-11-25 17:01:02", 19, tokyo, &t), 0);
	lt_time_format_utc(t, s);
	cr_assert_str_eq(s, "2026-11-25T08:01:02.000000Z");
	cr_assert_eq(lt_time_parse_iso("2026-13-01", 10, NULL, &t), -1);
	cr_assert_eq(lt_time_parse_iso("2026-11-25T17:01:02+9", 21, NULL, &t), -1);
}

Test(time, zone_with_dst)
{
	const struct lt_tz *ny = lt_tz_load("America/New_York");
	cr_assert_not_null(ny);
	struct lt_civil summer = { .year = 2025, .month = 7, .day = 1, .hour = 12 };
	struct lt_civil winter = { .year = 2025, .month = 1, .day = 1, .hour = 12 };
	lt_time_us ts = lt_tz_local_to_utc(ny, &summer), tw = lt_tz_local_to_utc(ny, &winter);
	cr_assert_eq(lt_tz_offset_at(ny, ts), -4 * 3600);
	cr_assert_eq(lt_tz_offset_at(ny, tw), -5 * 3600);
	cr_assert_null(lt_tz_load("No/Such_Zone"));
	cr_assert_null(lt_tz_load("../etc/passwd"));
}

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "util/atomicfile.h"

Test(atomicfile, replaces_content_and_leaves_no_temporary)
{
	char dir[] = "/tmp/lt-atomic-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof path, "%s/state.json", dir);
	cr_assert_eq(lt_write_file_atomic(path, "old", 3), 0);
	cr_assert_eq(lt_write_file_atomic(path, "new!", 4), 0);
	FILE *f = fopen(path, "r");
	char buf[16] = { 0 };
	cr_assert_eq(fread(buf, 1, sizeof buf, f), 4);
	fclose(f);
	cr_assert_str_eq(buf, "new!");
	char cmd[300];
	snprintf(cmd, sizeof cmd, "test $(ls %s | wc -l) -eq 1", dir);
	cr_assert_eq(system(cmd), 0, "a temporary file was left behind");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(lt_write_file_atomic("/nonexistent-dir/x", "a", 1), -1);
}

/* The hand-written formatters must agree with the printf formats they
 * replace, over the whole range they handle and around its edges. */
Test(timeutil, format_matches_printf)
{
	static const int32_t offs[] = { 0, 32400, -18000, 19800, -1, 359999, -359999, 360000 };
	static const int64_t days[] = { -719528, -719529, -1, 0, 1, 20416, 2932896, 2932897 };
	for (size_t d = 0; d < sizeof days / sizeof *days; d++) {
		for (int64_t us = -3; us <= 3; us++) {
			lt_time_us t = days[d] * INT64_C(86400000000) + us * INT64_C(3599999999);
			for (size_t o = 0; o < sizeof offs / sizeof *offs; o++) {
				char got[LT_ISO_LEN], want[LT_ISO_LEN];
				struct lt_civil c;
				lt_time_to_civil(t, offs[o], &c);
				int a = offs[o] < 0 ? -offs[o] : offs[o];
				snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%c%02d:%02d",
					 c.year, c.month, c.day, c.hour, c.min, c.sec, (int)c.usec,
					 offs[o] < 0 ? '-' : '+', a / 3600, a / 60 % 60);
				size_t n = lt_time_format_offset(t, offs[o], got);
				cr_assert_str_eq(got, want);
				cr_assert_eq(n, strlen(want));
			}
			char got[LT_ISO_LEN], want[LT_ISO_LEN];
			struct lt_civil c;
			lt_time_to_civil(t, 0, &c);
			snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
				 c.year, c.month, c.day, c.hour, c.min, c.sec, (int)c.usec);
			size_t n = lt_time_format_utc(t, got);
			cr_assert_str_eq(got, want);
			cr_assert_eq(n, strlen(want));
		}
	}
}

#include "util/utf8.h"

static char *folded(const char *s)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_utf8_fold(s, strlen(s), &b);
	lt_buf_putc(&b, '\0');
	return lt_buf_detach(&b);
}

Test(utf8, simple_case_folding)
{
	static const char *const pairs[][2] = {
		{ "ABC xyz", "abc xyz" },
		{ "ＳＥＣＲＥＴ", "ｓｅｃｒｅｔ" },			/* fullwidth */
		{ "ÄÖÜ ß É", "äöü ß é" },			/* Latin-1, ß stays */
		{ "ŁÓDŹ Ő ſ", "łódź ő s" },			/* Latin Extended-A */
		{ "СЕКРЕТНО Ёж Її", "секретно ёж її" },		/* Cyrillic */
		{ "ΑΡΧΕΙΟ Ά ς", "αρχειο ά σ" },			/* Greek, final sigma */
		{ "社外秘 秘密", "社外秘 秘密" },			/* no case: unchanged */
		{ "bad \xff byte", "bad \xff byte" },		/* invalid bytes copied */
	};
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
		char *f = folded(pairs[i][0]);
		cr_assert_str_eq(f, pairs[i][1], "fold(%s)", pairs[i][0]);
		free(f);
	}
	cr_assert(lt_utf8_has_nonascii("a\xc3\xa4", 3));
	cr_assert_not(lt_utf8_has_nonascii("plain", 5));
}
