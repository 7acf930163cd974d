/* The Sigma modifier table (modifier.h) and the value transforms. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/modifier.h"
#include "util/buf.h"
#include "util/xalloc.h"

void lt_variants_add(struct lt_variants *v, const char *s, size_t n)
{
	v->s = lt_xrealloc(v->s, (v->count + 1) * sizeof *v->s);
	v->n = lt_xrealloc(v->n, (v->count + 1) * sizeof *v->n);
	v->s[v->count] = lt_xstrndup(s, n);
	v->n[v->count] = n;
	v->count++;
}

void lt_variants_free(struct lt_variants *v)
{
	for (size_t i = 0; i < v->count; i++)
		free(v->s[i]);
	free(v->s);
	free(v->n);
	memset(v, 0, sizeof *v);
}

/* ---- windash ---- */

static bool word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

#define WINDASH_MAX_FLAGS 4

/* A command-line flag sign: - or / that starts a word (not inside one, as
 * in "C:/x" or "a-b"). Every such sign becomes each of - / and the en dash,
 * em dash and horizontal bar, in every combination (the spec's windash). */
static int t_windash(const char *v, size_t n, struct lt_variants *out, char *err, size_t errlen)
{
	static const char *const dash[] = { "-", "/", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\x95" };
	size_t pos[WINDASH_MAX_FLAGS], np = 0;
	for (size_t i = 0; i < n; i++) {
		if ((v[i] != '-' && v[i] != '/') || i + 1 >= n || !word_char((unsigned char)v[i + 1]))
			continue;
		if (i > 0 && word_char((unsigned char)v[i - 1]))
			continue;
		if (np == WINDASH_MAX_FLAGS) {
			snprintf(err, errlen, "windash: more than %d flags in one value", WINDASH_MAX_FLAGS);
			return -1;
		}
		pos[np++] = i;
	}
	size_t combos = 1;
	for (size_t k = 0; k < np; k++)
		combos *= 5;
	struct lt_buf b = LT_BUF_INIT;
	for (size_t c = 0; c < combos; c++) {
		lt_buf_reset(&b);
		size_t from = 0, code = c;
		for (size_t k = 0; k < np; k++) {
			lt_buf_append(&b, v + from, pos[k] - from);
			lt_buf_puts(&b, dash[code % 5]);
			code /= 5;
			from = pos[k] + 1;
		}
		lt_buf_append(&b, v + from, n - from);
		lt_variants_add(out, b.data ? b.data : "", b.len);
	}
	lt_buf_free(&b);
	return 0;
}

/* ---- base64 ---- */

static void b64(const unsigned char *p, size_t n, struct lt_buf *out)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		uint32_t x = (uint32_t)p[i] << 16;
		if (i + 1 < n)
			x |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			x |= p[i + 2];
		lt_buf_putc(out, al[x >> 18 & 63]);
		lt_buf_putc(out, al[x >> 12 & 63]);
		lt_buf_putc(out, i + 1 < n ? al[x >> 6 & 63] : '=');
		lt_buf_putc(out, i + 2 < n ? al[x & 63] : '=');
	}
}

static int t_base64(const char *v, size_t n, struct lt_variants *out, char *err, size_t errlen)
{
	(void)err, (void)errlen;
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, "");
	b64((const unsigned char *)v, n, &b);
	lt_variants_add(out, b.data, b.len);
	lt_buf_free(&b);
	return 0;
}

/* The value at each of the three byte offsets inside a longer base64 text:
 * encode it behind 0, 1 or 2 filler bytes and keep only the characters that
 * depend on the value alone (the spec's base64offset). */
static int t_base64offset(const char *v, size_t n, struct lt_variants *out, char *err, size_t errlen)
{
	static const size_t start[3] = { 0, 2, 3 };
	static const size_t cut_end[3] = { 0, 3, 2 };
	(void)err, (void)errlen;
	unsigned char *tmp = lt_xmalloc(n + 2);
	struct lt_buf b = LT_BUF_INIT;
	for (size_t i = 0; i < 3; i++) {
		memset(tmp, ' ', i);
		memcpy(tmp + i, v, n);
		lt_buf_reset(&b);
		lt_buf_puts(&b, "");
		b64(tmp, n + i, &b);
		size_t cut = cut_end[(n + i) % 3];
		if (b.len >= start[i] + cut)
			lt_variants_add(out, b.data + start[i], b.len - start[i] - cut);
	}
	lt_buf_free(&b);
	free(tmp);
	return 0;
}

/* ---- UTF-16 ---- */

/* UTF-8 -> UTF-16 (le or be), optionally behind a byte order mark. */
static int utf16(const char *v, size_t n, struct lt_variants *out, bool be, bool bom, char *err, size_t errlen)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, "");
	if (bom)
		lt_buf_append(&b, be ? "\xfe\xff" : "\xff\xfe", 2);
	const unsigned char *p = (const unsigned char *)v;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len;
		if (p[i] < 0x80) {
			cp = p[i], len = 1;
		} else if ((p[i] & 0xe0) == 0xc0 && i + 1 < n) {
			cp = (uint32_t)(p[i] & 0x1f) << 6 | (p[i + 1] & 0x3f), len = 2;
		} else if ((p[i] & 0xf0) == 0xe0 && i + 2 < n) {
			cp = (uint32_t)(p[i] & 0x0f) << 12 | (uint32_t)(p[i + 1] & 0x3f) << 6 | (p[i + 2] & 0x3f), len = 3;
		} else if ((p[i] & 0xf8) == 0xf0 && i + 3 < n) {
			cp = (uint32_t)(p[i] & 0x07) << 18 | (uint32_t)(p[i + 1] & 0x3f) << 12 |
			     (uint32_t)(p[i + 2] & 0x3f) << 6 | (p[i + 3] & 0x3f), len = 4;
		} else {
			lt_buf_free(&b);
			snprintf(err, errlen, "wide/utf16: the value is not valid UTF-8");
			return -1;
		}
		i += len;
		uint16_t units[2];
		size_t nu = 1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			units[0] = (uint16_t)(0xd800 | cp >> 10);
			units[1] = (uint16_t)(0xdc00 | (cp & 0x3ff));
			nu = 2;
		} else {
			units[0] = (uint16_t)cp;
		}
		for (size_t k = 0; k < nu; k++) {
			char two[2] = { (char)(be ? units[k] >> 8 : units[k] & 0xff), (char)(be ? units[k] & 0xff : units[k] >> 8) };
			lt_buf_append(&b, two, 2);
		}
	}
	lt_variants_add(out, b.data, b.len);
	lt_buf_free(&b);
	return 0;
}

static int t_utf16le(const char *v, size_t n, struct lt_variants *out, char *err, size_t errlen)
{
	return utf16(v, n, out, false, false, err, errlen);
}

static int t_utf16be(const char *v, size_t n, struct lt_variants *out, char *err, size_t errlen)
{
	return utf16(v, n, out, true, false, err, errlen);
}

static int t_utf16(const char *v, size_t n, struct lt_variants *out, char *err, size_t errlen)
{
	return utf16(v, n, out, false, true, err, errlen);
}

/* ---- the table ---- */

const struct lt_modifier lt_modifiers[] = {
	{ "contains", LT_MOD_PLACE, "string", true, true, NULL, NULL, NULL },
	{ "startswith", LT_MOD_PLACE, "string", false, true, NULL, NULL, NULL },
	{ "endswith", LT_MOD_PLACE, "string", true, false, NULL, NULL, NULL },
	{ "all", LT_MOD_FLAG, NULL, false, false, NULL, NULL, NULL },
	{ "cased", LT_MOD_FLAG, NULL, false, false, NULL, NULL, NULL },
	{ "expand", LT_MOD_FLAG, NULL, false, false, NULL, NULL, NULL },
	{ "windash", LT_MOD_TRANSFORM, NULL, false, false, t_windash, NULL, NULL },
	{ "base64", LT_MOD_TRANSFORM, NULL, false, false, t_base64, NULL, NULL },
	{ "base64offset", LT_MOD_TRANSFORM, NULL, false, false, t_base64offset, NULL, NULL },
	{ "wide", LT_MOD_TRANSFORM, NULL, false, false, t_utf16le, NULL, NULL },
	{ "utf16le", LT_MOD_TRANSFORM, NULL, false, false, t_utf16le, NULL, NULL },
	{ "utf16be", LT_MOD_TRANSFORM, NULL, false, false, t_utf16be, NULL, NULL },
	{ "utf16", LT_MOD_TRANSFORM, NULL, false, false, t_utf16, NULL, NULL },
	{ "re", LT_MOD_MATCHER, "re", false, false, NULL, lt_mod_compile_re, lt_mod_match_re },
	{ "i", LT_MOD_REFLAG, NULL, false, false, NULL, NULL, NULL },
	{ "m", LT_MOD_REFLAG, NULL, false, false, NULL, NULL, NULL },
	{ "s", LT_MOD_REFLAG, NULL, false, false, NULL, NULL, NULL },
	{ "cidr", LT_MOD_MATCHER, "cidr", false, false, NULL, lt_mod_compile_cidr, lt_mod_match_cidr },
	{ "gt", LT_MOD_MATCHER, "num", false, false, NULL, lt_mod_compile_num, lt_mod_match_num },
	{ "gte", LT_MOD_MATCHER, "num", false, false, NULL, lt_mod_compile_num, lt_mod_match_num },
	{ "lt", LT_MOD_MATCHER, "num", false, false, NULL, lt_mod_compile_num, lt_mod_match_num },
	{ "lte", LT_MOD_MATCHER, "num", false, false, NULL, lt_mod_compile_num, lt_mod_match_num },
	{ "exists", LT_MOD_MATCHER, "exists", false, false, NULL, lt_mod_compile_exists, NULL },
	{ "fieldref", LT_MOD_MATCHER, "fieldref", false, false, NULL, lt_mod_compile_fieldref, NULL },
	{ NULL, LT_MOD_FLAG, NULL, false, false, NULL, NULL, NULL },
};

const struct lt_modifier *lt_modifier_find(const char *name)
{
	for (const struct lt_modifier *m = lt_modifiers; m->name; m++)
		if (strcmp(m->name, name) == 0)
			return m;
	return NULL;
}

const char *lt_modifier_names(void)
{
	static char buf[512];
	if (!buf[0]) {
		size_t at = 0;
		for (const struct lt_modifier *m = lt_modifiers; m->name && at < sizeof buf; m++)
			at += (size_t)snprintf(buf + at, sizeof buf - at, "%s%s", at ? ", " : "", m->name);
	}
	return buf;
}
