/* Unit tests for leaktrail's own EVTX BinXML reader (src/parse/evtx_binxml.c).
 * Every chunk here is built by the test after the documented layout
 * (MS-EVEN6 BinXml tokens, EVTX chunk and record headers). */
#include <criterion/criterion.h>
#include <string.h>

#include "parse/evtx_binxml.h"

struct w {
	unsigned char c[LT_EVTX_CHUNK_SIZE];
	size_t pos;
};

static void u8(struct w *w, unsigned v) { w->c[w->pos++] = (unsigned char)v; }
static void u16(struct w *w, unsigned v) { u8(w, v & 0xff); u8(w, (v >> 8) & 0xff); }
static void u32(struct w *w, uint32_t v) { u16(w, v & 0xffff); u16(w, v >> 16); }
static void put32(struct w *w, size_t at, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		w->c[at + (size_t)i] = (unsigned char)(v >> (8 * i));
}

/* A name defined in place: its offset field points right after itself. */
static void name(struct w *w, const char *s)
{
	size_t n = strlen(s);
	uint32_t h = 0;
	for (size_t i = 0; i < n; i++)
		h = h * 65599u + (unsigned char)s[i];
	u32(w, (uint32_t)(w->pos + 4));
	u32(w, 0);
	u16(w, h & 0xffff);
	u16(w, (unsigned)n);
	for (size_t i = 0; i < n; i++)
		u16(w, (unsigned char)s[i]);
	u16(w, 0);
}

static void wstr(struct w *w, const char *s)
{
	for (; *s; s++)
		u16(w, (unsigned char)*s);
}

/* Element start; dep = with the dependency id templates carry. */
static void open_el(struct w *w, const char *n, bool attrs, bool dep)
{
	u8(w, attrs ? 0x41 : 0x01);
	if (dep)
		u16(w, 0xffff);
	u32(w, 0);
	name(w, n);
	if (attrs)
		u32(w, 0);
}

static size_t record_start(struct w *w)
{
	memset(w->c, 0, sizeof(w->c));
	memcpy(w->c, "ElfChnk", 8);
	w->pos = LT_EVTX_CHUNK_HEADER;
	size_t r = w->pos;
	memcpy(w->c + r, "**\0\0", 4);
	w->pos += 8;
	u32(w, 7);	/* record number */
	u32(w, 0);
	u32(w, 0xd53e8000u);	/* written time: 1601 + 2^63 ticks would be silly; any */
	u32(w, 0x01d1a0b0u);
	return r;
}

static void record_end(struct w *w, size_t r)
{
	u8(w, 0x00);	/* EOF */
	while ((w->pos - r + 4) % 8)
		u8(w, 0);
	size_t size = w->pos - r + 4;
	u32(w, (uint32_t)size);
	put32(w, r + 4, (uint32_t)size);
}

/* <Event Id="%0"><Data>%1</Data><Opt>%2</Opt><List>%3</List></Event> with
 * an inline template definition and 4 values. */
static size_t templated(struct w *w)
{
	size_t r = record_start(w);
	u8(w, 0x0f); u8(w, 1); u8(w, 1); u8(w, 0);
	u8(w, 0x0c); u8(w, 1); u32(w, 0x1234);
	u32(w, (uint32_t)(w->pos + 4));		/* the definition follows */
	u32(w, 0);				/* next template */
	for (int i = 0; i < 16; i++)
		u8(w, (unsigned)i);
	size_t dsize_at = w->pos;
	u32(w, 0);
	size_t body = w->pos;
	u8(w, 0x0f); u8(w, 1); u8(w, 1); u8(w, 0);
	open_el(w, "Event", true, true);
	u8(w, 0x06); name(w, "Id"); u8(w, 0x0d); u16(w, 0); u8(w, 0x08);
	u8(w, 0x02);
	open_el(w, "Data", false, true); u8(w, 0x02); u8(w, 0x0d); u16(w, 1); u8(w, 0x01); u8(w, 0x04);
	open_el(w, "Opt", false, true); u8(w, 0x02); u8(w, 0x0e); u16(w, 2); u8(w, 0x00); u8(w, 0x04);
	open_el(w, "List", false, true); u8(w, 0x02); u8(w, 0x0d); u16(w, 3); u8(w, 0x81); u8(w, 0x04);
	u8(w, 0x04);
	u8(w, 0x00);
	put32(w, dsize_at, (uint32_t)(w->pos - body));
	u32(w, 4);
	u16(w, 4); u8(w, 0x08); u8(w, 0);
	u16(w, 6); u8(w, 0x01); u8(w, 0);
	u16(w, 0); u8(w, 0x00); u8(w, 0);
	u16(w, 8); u8(w, 0x81); u8(w, 0);
	u32(w, 4624);
	wstr(w, "a<b");
	wstr(w, "x"); u16(w, 0); wstr(w, "y"); u16(w, 0);
	record_end(w, r);
	return r;
}

Test(evtx_binxml, template_instance_with_values)
{
	static struct w w;
	size_t r = templated(&w);
	struct lt_buf out = LT_BUF_INIT;
	struct lt_evtx_error e;
	uint64_t num = 0;
	cr_assert_eq(lt_evtx_record_xml(w.c, sizeof(w.c), r, &out, &num, NULL, &e), 0, "%s at %zu", e.reason, e.offset);
	cr_assert_eq(num, 7);
	/* the NULL optional value leaves <Opt> out; the array repeats <List> */
	cr_assert_str_eq(out.data, "<Event Id=\"4624\"><Data>a&lt;b</Data><List>x</List><List>y</List></Event>");
	lt_buf_free(&out);
}

/* Records written without templates: plain value tokens (0x05) in
 * attributes and text, elements without the dependency id. libevtx
 * 20181227 refuses exactly these. */
Test(evtx_binxml, plain_values_without_dependency_ids)
{
	static struct w w;
	size_t r = record_start(&w);
	u8(&w, 0x0f); u8(&w, 1); u8(&w, 1); u8(&w, 0);
	open_el(&w, "Event", true, false);
	u8(&w, 0x06); name(&w, "Name"); u8(&w, 0x05); u8(&w, 0x01); u16(&w, 2); wstr(&w, "\"q");
	u8(&w, 0x02);
	u8(&w, 0x05); u8(&w, 0x01); u16(&w, 4); wstr(&w, "t&\"u");
	u8(&w, 0x04);
	record_end(&w, r);
	struct lt_buf out = LT_BUF_INIT;
	struct lt_evtx_error e;
	cr_assert_eq(lt_evtx_record_xml(w.c, sizeof(w.c), r, &out, NULL, NULL, &e), 0, "%s", e.reason);
	cr_assert_str_eq(out.data, "<Event Name=\"&quot;q\">t&amp;\"u</Event>");
	lt_buf_free(&out);
}

Test(evtx_binxml, damaged_name_is_refused_with_its_offset)
{
	static struct w w;
	size_t r = templated(&w);
	/* the first name's hash (after "**", size, number, time, fragment,
	 * template header, definition header, fragment, element header) */
	size_t hash_at = r + 24 + 4 + 10 + 24 + 4 + 1 + 2 + 4 + 4 + 4;
	w.c[hash_at] ^= 0x55;
	struct lt_buf out = LT_BUF_INIT;
	struct lt_evtx_error e;
	cr_assert_eq(lt_evtx_record_xml(w.c, sizeof(w.c), r, &out, NULL, NULL, &e), -1);
	cr_assert_str_eq(e.reason, "name hash does not match (not a name)");
	cr_assert_eq(e.offset, hash_at - 4);
	lt_buf_free(&out);
}

Test(evtx_binxml, record_size_must_repeat)
{
	static struct w w;
	size_t r = templated(&w);
	w.c[w.pos - 4] ^= 1;
	struct lt_buf out = LT_BUF_INIT;
	struct lt_evtx_error e;
	cr_assert_eq(lt_evtx_record_xml(w.c, sizeof(w.c), r, &out, NULL, NULL, &e), -1);
	cr_assert_str_eq(e.reason, "record size damaged (does not repeat at its end)");
	cr_assert_eq(lt_evtx_record_xml(w.c, sizeof(w.c), r + 8, &out, NULL, NULL, &e), -1);
	cr_assert_str_eq(e.reason, "no record signature");
	lt_buf_free(&out);
}

/* Every cut of the binary XML ends in an answer, never past the bytes. */
Test(evtx_binxml, every_truncation_is_bounded)
{
	static struct w w;
	size_t r = templated(&w);
	size_t end = w.pos - 4;
	struct lt_buf out = LT_BUF_INIT;
	struct lt_evtx_error e;
	size_t failed = 0;
	for (size_t len = 0; len < end - r - 24; len++) {
		if (lt_evtx_binxml_xml(w.c, sizeof(w.c), r + 24, len, &out, &e) != 0) {
			failed++;
			cr_assert(e.reason != NULL);
			cr_assert(e.offset <= r + 24 + len);
		}
	}
	cr_assert_gt(failed, 0);
	lt_buf_free(&out);
}
