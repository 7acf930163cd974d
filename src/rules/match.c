/* Field matchers: Sigma values with their modifiers, evaluated against a
 * record through a per-record key index. Nothing here allocates per record.
 *
 * String comparison is case-insensitive for ASCII letters (Sigma's default;
 * Japanese has no case), case-sensitive with |cased and for |re unless the
 * pattern says (?i). A list field matches when any element matches.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "rules/modifier.h"
#include "rules/rule.h"
#include "util/buf.h"
#include "util/regex.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* ---- key index ---- */

uint32_t lt_fkey_hash(const char *s, size_t n)
{
	/* FNV-1a: keys are short, and this runs once per field per record. */
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* Field names are short and differ in length or at their ends, so the
 * index hashes only the length and four bytes: O(1) per field, and a
 * collision costs one memcmp. */
uint32_t lt_field_hash(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	uint32_t h = (uint32_t)n * 0x9e3779b1u;
	h ^= (uint32_t)(unsigned char)s[0] | (uint32_t)(unsigned char)s[n - 1] << 8 |
	     (uint32_t)(unsigned char)s[n / 2] << 16 | (uint32_t)(unsigned char)s[n > 3 ? n - 3 : 0] << 24;
	h ^= h >> 15;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

void lt_fkey_init(struct lt_fkey *k, const char *name)
{
	k->name = name ? lt_xstrdup(name) : NULL;
	k->len = name ? strlen(name) : 0;
	k->hash = name ? lt_field_hash(name, k->len) : 0;
}

void lt_ridx_build(struct lt_ridx *ix, const struct lt_record *r)
{
	ix->r = r;
	ix->gen++;
	if (ix->gen == 0) {
		/* wrapped: forget every slot */
		memset(ix->slot_gen, 0, sizeof ix->slot_gen);
		ix->gen = 1;
	}
	for (uint32_t i = 0; i < r->nfields; i++) {
		const struct lt_str *k = &r->fields[i].key;
		uint32_t h = lt_field_hash(k->p, k->n);
		uint32_t s = h & (LT_RIDX_SLOTS - 1);
		/* Linear probing; a record with more fields than slots keeps the
		 * rest findable through the slow path in lt_ridx_get. */
		for (uint32_t probe = 0; probe < LT_RIDX_SLOTS; probe++) {
			if (ix->slot_gen[s] != ix->gen) {
				ix->slot_gen[s] = ix->gen;
				ix->slot_field[s] = i;
				ix->slot_hash[s] = h;
				ix->slot_alias[s] = NULL;
				break;
			}
			s = (s + 1) & (LT_RIDX_SLOTS - 1);
		}
	}
}

const struct lt_value *lt_ridx_get(const struct lt_ridx *ix, const struct lt_fkey *k)
{
	const struct lt_record *r = ix->r;
	uint32_t s = k->hash & (LT_RIDX_SLOTS - 1);
	for (uint32_t probe = 0; probe < LT_RIDX_SLOTS; probe++) {
		if (ix->slot_gen[s] != ix->gen)
			return NULL;
		if (ix->slot_hash[s] == k->hash) {
			const struct lt_field *f = &r->fields[ix->slot_field[s]];
			const char *alias = ix->slot_alias[s];
			if (alias ? strcmp(alias, k->name) == 0
				  : f->key.n == k->len && memcmp(f->key.p, k->name, k->len) == 0)
				return &f->val;
		}
		s = (s + 1) & (LT_RIDX_SLOTS - 1);
	}
	return lt_rec_get(r, k->name);
}

/* The slot that answers name (hash h) now, or an empty one; -1 when full. */
static int ridx_slot_for(const struct lt_ridx *ix, const struct lt_fkey *k)
{
	uint32_t s = k->hash & (LT_RIDX_SLOTS - 1);
	for (uint32_t probe = 0; probe < LT_RIDX_SLOTS; probe++) {
		if (ix->slot_gen[s] != ix->gen)
			return (int)s;
		if (ix->slot_hash[s] == k->hash) {
			const struct lt_field *f = &ix->r->fields[ix->slot_field[s]];
			const char *alias = ix->slot_alias[s];
			if (alias ? strcmp(alias, k->name) == 0
				  : f->key.n == k->len && memcmp(f->key.p, k->name, k->len) == 0)
				return (int)s;
		}
		s = (s + 1) & (LT_RIDX_SLOTS - 1);
	}
	return -1;
}

void lt_ridx_alias(struct lt_ridx *ix, const struct lt_fkey *from, const struct lt_fkey *to, size_t n)
{
	enum { MAXREN = 32 };
	int64_t target[MAXREN];
	if (n > MAXREN)
		n = MAXREN;
	/* every target first, so that swapped names (ProcessId <-> NewProcessId)
	 * read the record's own fields, not an alias set a moment before */
	for (size_t i = 0; i < n; i++) {
		const struct lt_value *v = lt_ridx_get(ix, &to[i]);
		target[i] = v ? (int64_t)((const struct lt_field *)((const char *)v - offsetof(struct lt_field, val)) -
					  ix->r->fields)
			      : -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (target[i] < 0)
			continue;
		int s = ridx_slot_for(ix, &from[i]);
		if (s < 0)
			continue;
		ix->slot_gen[s] = ix->gen;
		ix->slot_field[s] = (uint32_t)target[i];
		ix->slot_hash[s] = from[i].hash;
		ix->slot_alias[s] = from[i].name;
	}
}

/* ---- compiling values ---- */

static bool has_mod(const char *const *mods, const char *m)
{
	for (size_t i = 0; mods[i]; i++)
		if (strcmp(mods[i], m) == 0)
			return true;
	return false;
}

static void lower_ascii(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
}

static bool parse_int(const char *s, size_t n, int64_t *out)
{
	if (n == 0 || n > 20)
		return false;
	char buf[24];
	memcpy(buf, s, n);
	buf[n] = 0;
	char *end;
	long long v = strtoll(buf, &end, 10);
	if (*end || !(isdigit((unsigned char)buf[0]) || (buf[0] == '-' && n > 1)))
		return false;
	*out = v;
	return true;
}

static bool parse_num(const char *s, size_t n, double *out)
{
	if (n == 0 || n > 60)
		return false;
	char buf[64];
	memcpy(buf, s, n);
	buf[n] = 0;
	char *end;
	double v = strtod(buf, &end);
	if (*end || end == buf || !isfinite(v))
		return false;
	*out = v;
	return true;
}

/* Sigma plain values: * and ? are wildcards, \* \? \\ are literal.
 * The compiled glob pattern uses bytes 0x01 (any run) and 0x02 (any one),
 * which do not occur in our text fields. */
#define GLOB_STAR '\x01'
#define GLOB_ONE '\x02'

static void compile_plain(struct lt_mvalue *mv, const char *val, size_t vlen, bool lead_star, bool trail_star)
{
	char *p = lt_xmalloc(vlen + 3);
	size_t n = 0;
	if (lead_star)
		p[n++] = GLOB_STAR;
	for (size_t i = 0; i < vlen; i++) {
		char c = val[i];
		if (c == '\\' && i + 1 < vlen && (val[i + 1] == '*' || val[i + 1] == '?' || val[i + 1] == '\\')) {
			p[n++] = val[++i];
			continue;
		}
		if (c == '*' || c == '?') {
			p[n++] = c == '*' ? GLOB_STAR : GLOB_ONE;
			continue;
		}
		p[n++] = c;
	}
	if (trail_star)
		p[n++] = GLOB_STAR;
	p[n] = 0;
	if (!mv->cased)
		lower_ascii(p, n);
	if (!mv->cased && lt_utf8_has_nonascii(p, n)) {
		/* Ｓｅｃｒｅｔ, ÄÖÜ, Cyrillic: fold the pattern now and the value
		 * at match time (match_str), so that case does not matter beyond
		 * ASCII either. The glob bytes are ASCII and stay as they are. */
		struct lt_buf b = LT_BUF_INIT;
		lt_utf8_fold(p, n, &b);
		lt_buf_putc(&b, '\0');
		free(p);
		n = b.len - 1;
		p = lt_buf_detach(&b);
		mv->ufold = true;
	}
	/* Pick the cheapest form: exact, prefix, suffix, contains, else glob. */
	size_t lo = 0, hi = n;
	bool lstar = false, tstar = false, inner_wild = false;
	while (lo < hi && p[lo] == GLOB_STAR) {
		lo++;
		lstar = true;
	}
	while (hi > lo && p[hi - 1] == GLOB_STAR) {
		hi--;
		tstar = true;
	}
	for (size_t i = lo; i < hi; i++)
		if (p[i] == GLOB_STAR || p[i] == GLOB_ONE)
			inner_wild = true;
	if (!inner_wild) {
		size_t len = hi - lo;
		memmove(p, p + lo, len);
		p[len] = 0;
		mv->plen = len;
		mv->pat = p;
		if (lstar && tstar)
			mv->kind = LT_M_CONTAINS;
		else if (lstar)
			mv->kind = LT_M_SUFFIX;
		else if (tstar)
			mv->kind = LT_M_PREFIX;
		else
			mv->kind = LT_M_EXACT;
		return;
	}
	mv->kind = LT_M_GLOB;
	mv->pat = p;
	mv->plen = n;
}

int lt_mod_compile_re(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen,
		      char *err, size_t errlen)
{
	uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
	if (has_mod(mods, "i"))
		opts |= PCRE2_CASELESS;
	if (has_mod(mods, "m"))
		opts |= PCRE2_MULTILINE;
	if (has_mod(mods, "s"))
		opts |= PCRE2_DOTALL;
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)val, vlen, opts, &ec, &eo, NULL);
	if (!re) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof msg);
		snprintf(err, errlen, "bad regular expression at offset %zu: %s", (size_t)eo, (char *)msg);
		return -1;
	}
	lt_re_jit(re);
	mv->kind = LT_M_RE;
	mv->re = re;
	mv->md = pcre2_match_data_create_from_pattern(re, NULL);
	mv->pat = lt_xstrndup(val, vlen);
	mv->plen = vlen;
	return 0;
}

static int parse_ip(const char *s, size_t n, int *family, uint8_t out[16])
{
	char buf[64];
	if (n == 0 || n >= sizeof buf)
		return -1;
	memcpy(buf, s, n);
	buf[n] = 0;
	/* IPv6 literals may carry a zone (%eth0); it does not take part. */
	char *pct = strchr(buf, '%');
	if (pct)
		*pct = 0;
	memset(out, 0, 16);
	if (inet_pton(AF_INET, buf, out) == 1) {
		*family = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, out) == 1) {
		/* An IPv4-mapped IPv6 address is the IPv4 address. */
		static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
		if (memcmp(out, mapped, 12) == 0) {
			memmove(out, out + 12, 4);
			memset(out + 4, 0, 12);
			*family = 4;
		} else {
			*family = 6;
		}
		return 0;
	}
	return -1;
}

int lt_mod_compile_cidr(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen,
			char *err, size_t errlen)
{
	(void)mods;
	const char *slash = memchr(val, '/', vlen);
	size_t alen = slash ? (size_t)(slash - val) : vlen;
	if (parse_ip(val, alen, &mv->family, mv->net) != 0) {
		snprintf(err, errlen, "cidr: '%.*s' is not an IPv4 or IPv6 address", (int)alen, val);
		return -1;
	}
	int maxp = mv->family == 4 ? 32 : 128;
	mv->prefix = maxp;
	if (slash) {
		int64_t p;
		if (!parse_int(slash + 1, vlen - alen - 1, &p) || p < 0 || p > maxp) {
			snprintf(err, errlen, "cidr: bad prefix length in '%.*s'", (int)vlen, val);
			return -1;
		}
		mv->prefix = (int)p;
	}
	mv->kind = LT_M_CIDR;
	mv->pat = lt_xstrndup(val, vlen);
	return 0;
}

int lt_mod_compile_num(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen,
		       char *err, size_t errlen)
{
	mv->kind = LT_M_NUM;
	mv->numop = has_mod(mods, "gt") ? LT_NUM_GT : has_mod(mods, "gte") ? LT_NUM_GTE
		  : has_mod(mods, "lt") ? LT_NUM_LT : LT_NUM_LTE;
	mv->pat = lt_xstrndup(val, vlen);
	if (parse_num(val, vlen, &mv->num))
		return 0;
	if (lt_time_parse_iso(val, vlen, NULL, &mv->tval) == 0) {
		mv->has_time = true;
		mv->num = NAN;
		return 0;
	}
	snprintf(err, errlen, "'%.*s' is neither a number nor an ISO 8601 time", (int)vlen, val);
	return -1;
}

int lt_mod_compile_exists(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen,
			  char *err, size_t errlen)
{
	(void)mods;
	mv->kind = LT_M_EXISTS;
	if (vlen == 4 && strncmp(val, "true", 4) == 0)
		mv->want = true;
	else if (vlen == 5 && strncmp(val, "false", 5) == 0)
		mv->want = false;
	else {
		snprintf(err, errlen, "|exists takes true or false");
		return -1;
	}
	return 0;
}

int lt_mod_compile_fieldref(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen,
			    char *err, size_t errlen)
{
	(void)mods;
	if (vlen == 0) {
		snprintf(err, errlen, "|fieldref takes the name of another field");
		return -1;
	}
	char *name = lt_xstrndup(val, vlen);
	mv->kind = LT_M_FIELDREF;
	mv->ref = lt_xcalloc(1, sizeof *mv->ref);
	lt_fkey_init(mv->ref, name);
	mv->pat = name;
	mv->plen = vlen;
	return 0;
}

/* One variant of a value: the matcher modifier's compiler, else a plain
 * value with the placement's wildcards. */
static int compile_one(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen,
		       char *err, size_t errlen)
{
	bool lead = false, trail = false;
	mv->cased = has_mod(mods, "cased");
	for (size_t i = 0; mods[i]; i++) {
		const struct lt_modifier *m = lt_modifier_find(mods[i]);
		if (m && m->compile) {
			mv->match = m->match;
			return m->compile(mv, mods, val, vlen, err, errlen);
		}
		if (m && m->class == LT_MOD_PLACE) {
			lead |= m->lead;
			trail |= m->trail;
		}
	}
	compile_plain(mv, val, vlen, lead, trail);
	if (mv->kind == LT_M_EXACT && !lead && !trail)
		mv->has_int = parse_int(val, vlen, &mv->ival);
	return 0;
}

/* Run the transforms in the order written: each turns every variant so far
 * into its own variants. */
static int transform_value(const char *const *mods, const char *val, size_t vlen, struct lt_variants *out,
			   char *err, size_t errlen)
{
	lt_variants_add(out, val, vlen);
	for (size_t i = 0; mods[i]; i++) {
		const struct lt_modifier *m = lt_modifier_find(mods[i]);
		if (!m || !m->transform)
			continue;
		struct lt_variants next = { 0 };
		for (size_t k = 0; k < out->count; k++) {
			if (m->transform(out->s[k], out->n[k], &next, err, errlen)) {
				lt_variants_free(&next);
				return -1;
			}
		}
		lt_variants_free(out);
		*out = next;
	}
	return 0;
}

int lt_mvalue_compile(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen,
		      bool is_null, char *err, size_t errlen)
{
	memset(mv, 0, sizeof *mv);
	if (is_null && !has_mod(mods, "exists")) {
		mv->kind = LT_M_NULL;
		return 0;
	}
	struct lt_variants v = { 0 };
	int rc = transform_value(mods, val, vlen, &v, err, errlen);
	if (!rc && v.count == 0) {
		snprintf(err, errlen, "the modifiers leave no value to match");
		rc = -1;
	}
	if (!rc)
		rc = compile_one(mv, mods, v.s[0], v.n[0], err, errlen);
	if (!rc && v.count > 1) {
		mv->alt = lt_xcalloc(v.count - 1, sizeof *mv->alt);
		for (size_t k = 1; k < v.count && !rc; k++) {
			rc = compile_one(&mv->alt[k - 1], mods, v.s[k], v.n[k], err, errlen);
			mv->nalt = k;
		}
	}
	lt_variants_free(&v);
	return rc;
}

void lt_mvalue_free(struct lt_mvalue *mv)
{
	for (size_t k = 0; k < mv->nalt; k++)
		lt_mvalue_free(&mv->alt[k]);
	free(mv->alt);
	if (mv->ref) {
		free(mv->ref->name);
		free(mv->ref);
	}
	free(mv->pat);
	if (mv->md)
		pcre2_match_data_free(mv->md);
	if (mv->re)
		pcre2_code_free(mv->re);
	memset(mv, 0, sizeof *mv);
}

/* ---- matching ---- */

static inline unsigned char fold(unsigned char c, bool cased)
{
	return (!cased && c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static bool eq_fold(const char *s, const char *pat, size_t n, bool cased)
{
	if (cased)
		return memcmp(s, pat, n) == 0;
	for (size_t i = 0; i < n; i++)
		if (fold((unsigned char)s[i], false) != (unsigned char)pat[i])
			return false;
	return true;
}

static bool contains_fold(const char *s, size_t n, const char *pat, size_t m, bool cased)
{
	if (m == 0)
		return true;
	if (m > n)
		return false;
	unsigned char first = (unsigned char)pat[0];
	/* A first byte that folding cannot produce from another byte (not a
	 * lowercase ASCII letter, or a cased pattern) is found with memchr,
	 * which skips most of the value in one call. */
	bool plain = cased || ((first < 'a' || first > 'z') && (first < 'A' || first > 'Z'));
	for (size_t i = 0; i + m <= n; i++) {
		if (plain) {
			const char *hit = memchr(s + i, first, n - m + 1 - i);
			if (!hit)
				return false;
			i = (size_t)(hit - s);
		} else if (fold((unsigned char)s[i], cased) != first) {
			continue;
		}
		if (eq_fold(s + i + 1, pat + 1, m - 1, cased))
			return true;
	}
	return false;
}

/* Iterative glob with single-star backtracking: linear for one star,
 * bounded by n*m in the worst case. */
static bool glob_fold(const char *s, size_t n, const char *p, size_t m, bool cased)
{
	size_t i = 0, j = 0, star_j = (size_t)-1, star_i = 0;
	while (i < n) {
		if (j < m && p[j] == GLOB_STAR) {
			star_j = j++;
			star_i = i;
		} else if (j < m && (p[j] == GLOB_ONE || fold((unsigned char)s[i], cased) == (unsigned char)p[j])) {
			if (p[j] == GLOB_ONE) {
				/* ? is one character, not one byte: skip a whole UTF-8 sequence */
				i++;
				while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
					i++;
			} else {
				i++;
			}
			j++;
		} else if (star_j != (size_t)-1) {
			j = star_j + 1;
			i = ++star_i;
		} else {
			return false;
		}
	}
	while (j < m && p[j] == GLOB_STAR)
		j++;
	return j == m;
}

bool lt_mod_match_cidr(const struct lt_mvalue *mv, const char *s, size_t n)
{
	int fam;
	uint8_t a[16];
	if (parse_ip(s, n, &fam, a) != 0 || fam != mv->family)
		return false;
	int full = mv->prefix / 8, rest = mv->prefix % 8;
	if (memcmp(a, mv->net, (size_t)full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[full] & mask) == (mv->net[full] & mask);
}

static bool num_cmp(enum lt_numop op, double a, double b)
{
	switch (op) {
	case LT_NUM_GT: return a > b;
	case LT_NUM_GTE: return a >= b;
	case LT_NUM_LT: return a < b;
	default: return a <= b;
	}
}

/* What gave up while the current rule was evaluated on the current record
 * (rule.h, lt_match_limit_get). One evaluation at a time per thread. */
static _Thread_local struct lt_match_limit limit_note;
static _Thread_local const char *limit_field;

/* A pattern that gives up is not a non-match: it is noted for the engine,
 * which reports the record as not evaluated (doc/rules.md). */
bool lt_mod_match_re(const struct lt_mvalue *mv, const char *s, size_t n)
{
	int rc;
	enum lt_re_result res = lt_re_match(mv->re, s, n, mv->md, &rc);
	if (res == LT_RE_MATCH)
		return true;
	if (res != LT_RE_NO_MATCH) {
		if (!limit_note.hits) {
			limit_note.field = limit_field ? limit_field : "keywords";
			limit_note.why = lt_re_why(rc);
			limit_note.pattern = mv->pat;
		}
		limit_note.hits++;
	}
	return false;
}

void lt_match_limit_reset(void)
{
	memset(&limit_note, 0, sizeof limit_note);
}

const struct lt_match_limit *lt_match_limit_get(void)
{
	return &limit_note;
}

static bool match_bytes(const struct lt_mvalue *mv, const char *s, size_t n);

/* A pattern folded beyond ASCII (ufold) is compared with the folded value;
 * a value in ASCII only folds like before, byte by byte. */
static bool match_str(const struct lt_mvalue *mv, const char *s, size_t n)
{
	if (!mv->ufold || !lt_utf8_has_nonascii(s, n))
		return match_bytes(mv, s, n);
	struct lt_buf b = LT_BUF_INIT;
	lt_utf8_fold(s, n, &b);
	bool m = match_bytes(mv, b.data ? b.data : "", b.len);
	lt_buf_free(&b);
	return m;
}

/* gt, gte, lt, lte on a text: a number, or an ISO time when the value was one. */
bool lt_mod_match_num(const struct lt_mvalue *mv, const char *s, size_t n)
{
	if (mv->has_time) {
		lt_time_us t;
		return lt_time_parse_iso(s, n, NULL, &t) == 0 && num_cmp(mv->numop, (double)t, (double)mv->tval);
	}
	double d;
	return parse_num(s, n, &d) && num_cmp(mv->numop, d, mv->num);
}

/* A matcher modifier compares through its table entry's match function;
 * the plain kinds (with the placement's wildcards) are compared here. */
static bool match_bytes(const struct lt_mvalue *mv, const char *s, size_t n)
{
	if (mv->match)
		return mv->match(mv, s, n);
	switch (mv->kind) {
	case LT_M_EXACT:
		return n == mv->plen && eq_fold(s, mv->pat, n, mv->cased);
	case LT_M_PREFIX:
		return n >= mv->plen && eq_fold(s, mv->pat, mv->plen, mv->cased);
	case LT_M_SUFFIX:
		return n >= mv->plen && eq_fold(s + n - mv->plen, mv->pat, mv->plen, mv->cased);
	case LT_M_CONTAINS:
		return contains_fold(s, n, mv->pat, mv->plen, mv->cased);
	case LT_M_GLOB:
		return glob_fold(s, n, mv->pat, mv->plen, mv->cased);
	case LT_M_NULL:
		return n == 0;
	default:
		return false;
	}
}

static bool match_value_one(const struct lt_mvalue *mv, const struct lt_record *r, const struct lt_value *v)
{
	if (mv->kind == LT_M_EXISTS)
		return v ? mv->want : !mv->want;
	if (!v)
		return mv->kind == LT_M_NULL;
	char buf[32];
	int len;
	switch (v->type) {
	case LT_V_STR:
	case LT_V_BYTES:
		return match_str(mv, v->v.s.p, v->v.s.n);
	case LT_V_INT:
		if (mv->kind == LT_M_NUM)
			return !mv->has_time && num_cmp(mv->numop, (double)v->v.i, mv->num);
		if (mv->kind == LT_M_EXACT && mv->has_int)
			return v->v.i == mv->ival;
		len = snprintf(buf, sizeof buf, "%" PRId64, v->v.i);
		return match_str(mv, buf, (size_t)len);
	case LT_V_BOOL:
		return v->v.b ? match_str(mv, "true", 4) : match_str(mv, "false", 5);
	case LT_V_TIME:
		if (mv->kind == LT_M_NUM)
			return mv->has_time && num_cmp(mv->numop, (double)v->v.t, (double)mv->tval);
		len = (int)lt_time_format_utc(v->v.t, buf);
		return match_str(mv, buf, (size_t)len);
	case LT_V_LIST:
		if (v->v.list.count == 0)
			return mv->kind == LT_M_NULL;
		for (uint32_t i = 0; i < v->v.list.count; i++) {
			struct lt_str it = lt_rec_list_item(r, v, i);
			if (match_str(mv, it.p, it.n))
				return true;
		}
		return false;
	}
	return false;
}

/* A value as text for comparisons between fields (fieldref). */
static bool value_text(const struct lt_value *v, char *buf, size_t cap, struct lt_str *out)
{
	switch (v->type) {
	case LT_V_STR:
	case LT_V_BYTES:
		*out = v->v.s;
		return true;
	case LT_V_INT:
		out->n = (size_t)snprintf(buf, cap, "%" PRId64, v->v.i);
		out->p = buf;
		return true;
	case LT_V_BOOL:
		out->p = v->v.b ? "true" : "false";
		out->n = strlen(out->p);
		return true;
	case LT_V_TIME:
		out->n = lt_time_format_utc(v->v.t, buf);
		out->p = buf;
		return true;
	default:
		return false;
	}
}

/* fieldref: both fields present and equal (case-insensitive unless cased). */
static bool match_fieldref(const struct lt_mvalue *mv, const struct lt_ridx *ix, const struct lt_value *v)
{
	const struct lt_value *o = v ? lt_ridx_get(ix, mv->ref) : NULL;
	char b1[40], b2[40];
	struct lt_str a, b;
	if (!o || !value_text(v, b1, sizeof b1, &a) || !value_text(o, b2, sizeof b2, &b))
		return false;
	return a.n == b.n && (mv->cased ? memcmp(a.p, b.p, a.n) == 0 : strncasecmp(a.p, b.p, a.n) == 0);
}

/* A value matches when it or one of its variants does. */
static bool match_value(const struct lt_mvalue *mv, const struct lt_ridx *ix, const struct lt_value *v)
{
	if (mv->kind == LT_M_FIELDREF)
		return match_fieldref(mv, ix, v);
	if (match_value_one(mv, ix->r, v))
		return true;
	for (size_t k = 0; k < mv->nalt; k++)
		if (match_value_one(&mv->alt[k], ix->r, v))
			return true;
	return false;
}

static const struct lt_fkey key_message = { (char *)"message", 7, 0 };
static const struct lt_fkey key_raw = { (char *)LT_F_RAW, sizeof LT_F_RAW - 1, 0 };

static const struct lt_value *keyword_field(const struct lt_ridx *ix, int which)
{
	struct lt_fkey k = which == 0 ? key_message : key_raw;
	k.hash = lt_field_hash(k.name, k.len);
	return lt_ridx_get(ix, &k);
}

bool lt_fmatch_eval(const struct lt_fmatch *fm, const struct lt_ridx *ix)
{
	limit_field = fm->key.name;
	if (!fm->key.name) {
		/* keyword search: any value in the message, else in the raw line */
		const struct lt_value *v = keyword_field(ix, 0);
		if (!v)
			v = keyword_field(ix, 1);
		for (size_t i = 0; i < fm->nvals; i++) {
			bool m = match_value(&fm->vals[i], ix, v);
			if (fm->all && !m)
				return false;
			if (!fm->all && m)
				return true;
		}
		return fm->all;
	}
	const struct lt_value *v = lt_ridx_get(ix, &fm->key);
	for (size_t i = 0; i < fm->nvals; i++) {
		bool m = match_value(&fm->vals[i], ix, v);
		if (fm->all && !m)
			return false;
		if (!fm->all && m)
			return true;
	}
	return fm->all && fm->nvals > 0;
}

bool lt_selection_eval(const struct lt_selection *s, const struct lt_ridx *ix)
{
	for (size_t a = 0; a < s->nalts; a++) {
		const struct lt_conj *c = &s->alts[a];
		size_t i = 0;
		while (i < c->n && lt_fmatch_eval(&c->m[i], ix))
			i++;
		if (i == c->n)
			return true;
	}
	return false;
}

void lt_selection_free(struct lt_selection *s)
{
	for (size_t a = 0; a < s->nalts; a++) {
		for (size_t i = 0; i < s->alts[a].n; i++) {
			struct lt_fmatch *fm = &s->alts[a].m[i];
			for (size_t k = 0; k < fm->nvals; k++)
				lt_mvalue_free(&fm->vals[k]);
			free(fm->vals);
			free(fm->key.name);
		}
		free(s->alts[a].m);
	}
	free(s->alts);
	free(s->name);
	memset(s, 0, sizeof *s);
}
