/* Unit tests for src/record/record.c: fields, arena, msgpack, JSON. */
#include <criterion/criterion.h>
#include <msgpack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/record.h"

static void encode(const struct lt_record *r, msgpack_sbuffer *sb)
{
	msgpack_packer pk;
	msgpack_sbuffer_init(sb);
	msgpack_packer_init(&pk, sb, msgpack_sbuffer_write);
	lt_rec_encode(r, &pk);
}

static void fill(struct lt_record *r)
{
	lt_rec_set_time(r, LT_F_TIMESTAMP, INT64_C(1764057662123456)); /* 2025-11-25T08:01:02.123456Z */
	lt_rec_set_cstr(r, LT_F_USER_NAME, "tanaka");
	lt_rec_set_int(r, LT_F_HTTP_STATUS, 200);
	lt_rec_set_int(r, LT_F_OFFSET, INT64_C(5000000000));
	lt_rec_set_int(r, "leaktrail.neg", -70000);
	lt_rec_set_bool(r, LT_F_TIME_YEAR_INFERRED, true);
	lt_rec_set_bytes(r, LT_F_RAW, "a\0b\xff", 4);
	lt_rec_add_str(r, LT_F_EMAIL_TO, "a@example.jp", 12);
	lt_rec_add_str(r, LT_F_EMAIL_TO, "b@example.jp", 12);
}

Test(record, set_get_replace_keeps_order)
{
	struct lt_record r;
	lt_rec_init(&r);
	fill(&r);
	struct lt_str s;
	cr_assert(lt_rec_get_str(&r, LT_F_USER_NAME, &s));
	cr_assert_eq(s.n, 6);
	cr_assert_str_eq(s.p, "tanaka");
	lt_rec_set_cstr(&r, LT_F_USER_NAME, "suzuki");
	cr_assert(lt_rec_get_str(&r, LT_F_USER_NAME, &s));
	cr_assert_str_eq(s.p, "suzuki");
	cr_assert_eq(r.nfields, 8);
	cr_assert_str_eq(r.fields[1].key.p, LT_F_USER_NAME);
	int64_t i;
	cr_assert(lt_rec_get_int(&r, LT_F_HTTP_STATUS, &i));
	cr_assert_eq(i, 200);
	cr_assert_not(lt_rec_get_int(&r, LT_F_USER_NAME, &i));
	cr_assert_null(lt_rec_get(&r, "nope"));
	lt_rec_remove(&r, LT_F_HTTP_STATUS);
	cr_assert_null(lt_rec_get(&r, LT_F_HTTP_STATUS));
	cr_assert_eq(r.nfields, 7);
	cr_assert_str_eq(r.fields[2].key.p, LT_F_OFFSET);
	/* replacing with another type */
	lt_rec_set_int(&r, LT_F_USER_NAME, 7);
	cr_assert(lt_rec_get_int(&r, LT_F_USER_NAME, &i));
	cr_assert_eq(i, 7);
	lt_rec_free(&r);
}

Test(record, lists_stay_contiguous_when_interleaved)
{
	struct lt_record r;
	lt_rec_init(&r);
	lt_rec_add_str(&r, "a", "1", 1);
	lt_rec_add_str(&r, "b", "x", 1);
	lt_rec_add_str(&r, "a", "2", 1);
	lt_rec_add_str(&r, "b", "y", 1);
	lt_rec_add_str(&r, "a", "3", 1);
	const struct lt_value *a = lt_rec_get(&r, "a");
	const struct lt_value *b = lt_rec_get(&r, "b");
	cr_assert_eq(a->type, LT_V_LIST);
	cr_assert_eq(a->v.list.count, 3);
	cr_assert_eq(b->v.list.count, 2);
	cr_assert_eq(memcmp(lt_rec_list_item(&r, a, 0).p, "1", 1), 0);
	cr_assert_eq(memcmp(lt_rec_list_item(&r, a, 2).p, "3", 1), 0);
	cr_assert_eq(memcmp(lt_rec_list_item(&r, b, 1).p, "y", 1), 0);
	cr_assert_eq(lt_rec_list_item(&r, b, 5).n, 0);
	lt_rec_free(&r);
}

Test(record, arena_pointers_survive_growth_and_clear_reuses)
{
	struct lt_record r;
	lt_rec_init(&r);
	char big[3000];
	memset(big, 'x', sizeof big);
	lt_rec_set_cstr(&r, "first", "keep-me");
	struct lt_str first;
	cr_assert(lt_rec_get_str(&r, "first", &first));
	for (int k = 0; k < 20; k++)
		lt_rec_set_str(&r, "big", big, sizeof big);
	cr_assert_str_eq(first.p, "keep-me"); /* block did not move */
	lt_rec_clear(&r);
	cr_assert_eq(r.nfields, 0);
	cr_assert_not_null(r.arena);
	const void *block = r.arena;
	for (int k = 0; k < 20; k++)
		lt_rec_set_str(&r, "big", big, sizeof big);
	cr_assert_eq(r.arena, block, "a cleared record refilled the same way must not allocate");
	lt_rec_free(&r);
}

Test(record, set_from_own_value)
{
	struct lt_record r;
	lt_rec_init(&r);
	lt_rec_set_cstr(&r, "a", "hello world");
	struct lt_str s;
	lt_rec_get_str(&r, "a", &s);
	lt_rec_set_str(&r, "a", s.p + 6, 5);
	lt_rec_get_str(&r, "a", &s);
	cr_assert_str_eq(s.p, "world");
	lt_rec_free(&r);
}

Test(record, msgpack_roundtrip)
{
	struct lt_record r, d, c;
	lt_rec_init(&r);
	lt_rec_init(&d);
	lt_rec_init(&c);
	fill(&r);
	lt_rec_set_time(&r, "before1970", INT64_C(-1500001)); /* negative, fractional */
	msgpack_sbuffer sb;
	encode(&r, &sb);
	size_t used = 0;
	cr_assert_eq(lt_rec_decode(&d, sb.data, sb.size, &used), 0);
	cr_assert_eq(used, sb.size);
	cr_assert_eq(d.nfields, r.nfields);
	for (uint32_t i = 0; i < r.nfields; i++) {
		cr_assert_eq(d.fields[i].key.n, r.fields[i].key.n);
		cr_assert_eq(memcmp(d.fields[i].key.p, r.fields[i].key.p, r.fields[i].key.n), 0);
		cr_assert_eq(d.fields[i].val.type, r.fields[i].val.type, "field %u", i);
	}
	lt_time_us t;
	cr_assert(lt_rec_get_time(&d, LT_F_TIMESTAMP, &t));
	cr_assert_eq(t, INT64_C(1764057662123456));
	cr_assert(lt_rec_get_time(&d, "before1970", &t));
	cr_assert_eq(t, INT64_C(-1500001));
	int64_t i;
	cr_assert(lt_rec_get_int(&d, LT_F_OFFSET, &i));
	cr_assert_eq(i, INT64_C(5000000000));
	cr_assert(lt_rec_get_int(&d, "leaktrail.neg", &i));
	cr_assert_eq(i, -70000);
	struct lt_str s;
	cr_assert(lt_rec_get_str(&d, LT_F_RAW, &s));
	cr_assert_eq(s.n, 4);
	cr_assert_eq(memcmp(s.p, "a\0b\xff", 4), 0);
	cr_assert_eq(lt_rec_get(&d, LT_F_RAW)->type, LT_V_BYTES);
	const struct lt_value *l = lt_rec_get(&d, LT_F_EMAIL_TO);
	cr_assert_eq(l->v.list.count, 2);
	cr_assert_eq(memcmp(lt_rec_list_item(&d, l, 1).p, "b@example.jp", 12), 0);

	/* deep copy survives the buffer */
	lt_rec_copy(&c, &d);
	memset(sb.data, 0, sb.size);
	cr_assert(lt_rec_get_str(&c, LT_F_USER_NAME, &s));
	cr_assert_str_eq(s.p, "tanaka");
	l = lt_rec_get(&c, LT_F_EMAIL_TO);
	cr_assert_str_eq(lt_rec_list_item(&c, l, 0).p, "a@example.jp");

	/* re-encoding the copy gives the same bytes as the original */
	msgpack_sbuffer sb2, sb3;
	encode(&c, &sb2);
	encode(&r, &sb3);
	cr_assert_eq(sb2.size, sb3.size);
	cr_assert_eq(memcmp(sb2.data, sb3.data, sb2.size), 0);
	msgpack_sbuffer_destroy(&sb);
	msgpack_sbuffer_destroy(&sb2);
	msgpack_sbuffer_destroy(&sb3);
	lt_rec_free(&r);
	lt_rec_free(&d);
	lt_rec_free(&c);
}

Test(record, decode_short_and_malformed)
{
	struct lt_record r, d;
	lt_rec_init(&r);
	lt_rec_init(&d);
	fill(&r);
	msgpack_sbuffer sb;
	encode(&r, &sb);
	for (size_t n = 0; n < sb.size; n++)
		cr_assert_eq(lt_rec_decode(&d, sb.data, n, NULL), LT_DECODE_SHORT, "prefix %zu", n);
	cr_assert_eq(lt_rec_decode(&d, "\x93\x01\x02\x03", 4, NULL), -1); /* array, not map */
	cr_assert_eq(lt_rec_decode(&d, "\x81\xa1" "a" "\xc0", 4, NULL), -1); /* nil value */
	cr_assert_eq(d.nfields, 0);
	msgpack_sbuffer_destroy(&sb);
	lt_rec_free(&r);
	lt_rec_free(&d);
}

Test(record, decode_foreign_encodings)
{
	/* map16 with: uint8, int16, str8, fixext8 timestamp64, fixext4 timestamp32, array16 */
	static const unsigned char buf[] = {
		0xde, 0x00, 0x06,
		0xa1, 'a', 0xcc, 0xff,
		0xa1, 'b', 0xd1, 0xff, 0x00,
		0xa1, 'c', 0xd9, 0x02, 'h', 'i',
		0xa1, 't', 0xd7, 0xff, 0x00, 0x00, 0x0f, 0xa0, 0x00, 0x00, 0x00, 0x10,	/* 1000 ns, 16 s */
		0xa1, 'u', 0xd6, 0xff, 0x00, 0x00, 0x00, 0x20,
		0xa1, 'l', 0xdc, 0x00, 0x01, 0xa1, 'z',
	};
	struct lt_record d;
	lt_rec_init(&d);
	size_t used;
	cr_assert_eq(lt_rec_decode(&d, (const char *)buf, sizeof buf, &used), 0);
	cr_assert_eq(used, sizeof buf);
	int64_t i;
	lt_time_us t;
	cr_assert(lt_rec_get_int(&d, "a", &i));
	cr_assert_eq(i, 255);
	cr_assert(lt_rec_get_int(&d, "b", &i));
	cr_assert_eq(i, -256);
	cr_assert(lt_rec_get_time(&d, "t", &t));
	cr_assert_eq(t, 16 * LT_US_PER_SEC + 1);
	cr_assert(lt_rec_get_time(&d, "u", &t));
	cr_assert_eq(t, 32 * LT_US_PER_SEC);
	cr_assert_eq(lt_rec_get(&d, "l")->v.list.count, 1);
	lt_rec_free(&d);
}

Test(record, json_line)
{
	struct lt_record r;
	lt_rec_init(&r);
	fill(&r);
	lt_rec_set_time(&r, "none", LT_TIME_NONE);
	struct lt_buf b = LT_BUF_INIT;
	lt_rec_to_json(&r, &b);
	cr_assert_str_eq(b.data,
		"{\"@timestamp\":\"2025-11-25T08:01:02.123456Z\",\"user.name\":\"tanaka\","
		"\"http.response.status_code\":200,\"leaktrail.offset\":5000000000,"
		"\"leaktrail.neg\":-70000,\"leaktrail.time.year_inferred\":true,"
		"\"leaktrail.raw\":\"a\\u0000b\xef\xbf\xbd\","
		"\"email.to.address\":[\"a@example.jp\",\"b@example.jp\"],\"none\":null}");
	lt_buf_free(&b);
	lt_rec_free(&r);
}

/* The store's direct encoder must write exactly msgpack-c's bytes, at every
 * boundary where the header form changes. */
static void assert_encoders_agree(const struct lt_record *r)
{
	msgpack_sbuffer sb;
	encode(r, &sb);
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_append(&b, "x", 1);	/* appends after existing content */
	lt_rec_encode_buf(r, &b);
	cr_assert_eq(b.len, sb.size + 1);
	cr_assert(memcmp(b.data + 1, sb.data, sb.size) == 0);
	cr_assert_eq(b.data[b.len], '\0');
	lt_buf_free(&b);
	msgpack_sbuffer_destroy(&sb);
}

Test(record, direct_encoder_matches_msgpack_c)
{
	static const int64_t ints[] = {
		0, 1, 127, 128, 255, 256, 65535, 65536, INT64_C(4294967295), INT64_C(4294967296),
		INT64_MAX, -1, -32, -33, -128, -129, -32768, -32769, INT64_C(-2147483648),
		INT64_C(-2147483649), INT64_MIN,
	};
	static const size_t lens[] = { 0, 1, 31, 32, 255, 256, 65535, 65536 };
	static const lt_time_us times[] = { 0, 1, -1, INT64_C(1764057662123456), INT64_C(-86400000001) };
	static char keys[40][16];
	char *text = calloc(1, 65537);
	memset(text, 'a', 65536);
	struct lt_record r;
	lt_rec_init(&r);
	assert_encoders_agree(&r);	/* empty map */
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
		lt_rec_clear(&r);
		lt_rec_set_int(&r, "i", ints[i]);
		assert_encoders_agree(&r);
	}
	for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
		lt_rec_clear(&r);
		lt_rec_set_str(&r, "s", text, lens[i]);
		lt_rec_set_bytes(&r, "b", text, lens[i]);
		lt_rec_add_str(&r, "l", text, lens[i]);
		assert_encoders_agree(&r);
	}
	for (size_t i = 0; i < sizeof times / sizeof *times; i++) {
		lt_rec_clear(&r);
		lt_rec_set_time(&r, "t", times[i]);
		lt_rec_set_bool(&r, "y", true);
		lt_rec_set_bool(&r, "n", false);
		assert_encoders_agree(&r);
	}
	/* maps and lists of 15, 16 and 40 entries */
	static const unsigned counts[] = { 15, 16, 40 };
	for (size_t c = 0; c < sizeof counts / sizeof *counts; c++) {
		lt_rec_clear(&r);
		for (unsigned k = 0; k < counts[c]; k++) {
			snprintf(keys[k], sizeof keys[k], "k%u", k);
			lt_rec_set_int(&r, keys[k], k);
			lt_rec_add_str(&r, "list", keys[k], strlen(keys[k]));
		}
		assert_encoders_agree(&r);
	}
	lt_rec_clear(&r);
	fill(&r);
	assert_encoders_agree(&r);
	lt_rec_free(&r);
	free(text);
}
