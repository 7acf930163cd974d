/* The normalised record: fields, arena, msgpack and JSON forms.
 * See record.h for the contract and doc/record-format.md for the on-disk form. */
#include "record/record.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/jsonesc.h"
#include "util/xalloc.h"

/* Arena blocks never move once allocated, so pointers handed out stay valid
 * until lt_rec_clear. The newest block is the head; older ones follow. */
struct lt_arena_block {
	struct lt_arena_block *next;
	size_t cap;
	char data[];
};

#define ARENA_MIN 4096

void lt_rec_init(struct lt_record *r)
{
	memset(r, 0, sizeof *r);
}

static void arena_free_chain(struct lt_arena_block *b)
{
	while (b) {
		struct lt_arena_block *next = b->next;
		free(b);
		b = next;
	}
}

void lt_rec_free(struct lt_record *r)
{
	free(r->fields);
	free(r->items);
	arena_free_chain(r->arena);
	memset(r, 0, sizeof *r);
}

/* Emptying keeps one block as large as all the blocks together, so that a
 * record filled the same way again fits without allocating. */
void lt_rec_clear(struct lt_record *r)
{
	r->nfields = 0;
	memset(r->keymask, 0, sizeof r->keymask);
	r->nitems = 0;
	r->arena_used = 0;
	if (r->arena && r->arena->next) {
		size_t total = 0;
		for (struct lt_arena_block *b = r->arena; b; b = b->next)
			total += b->cap;
		arena_free_chain(r->arena);
		r->arena = lt_xmalloc(sizeof *r->arena + total);
		r->arena->next = NULL;
		r->arena->cap = total;
	}
}

static char *arena_alloc(struct lt_record *r, size_t n)
{
	struct lt_arena_block *head = r->arena;
	if (!head || head->cap - r->arena_used < n) {
		size_t cap = head ? head->cap * 2 : ARENA_MIN;
		if (cap < n)
			cap = n;
		struct lt_arena_block *b = lt_xmalloc(sizeof *b + cap);
		b->next = head;
		b->cap = cap;
		r->arena = b;
		r->arena_used = 0;
		head = b;
	}
	char *p = head->data + r->arena_used;
	r->arena_used += n;
	return p;
}

/* Copy n bytes into the arena, NUL-terminated for callers' convenience. */
static const char *arena_copy(struct lt_record *r, const void *p, size_t n)
{
	char *d = arena_alloc(r, n + 1);
	if (n)
		memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

/* A digest of a key computed in constant time from its length and three of
 * its bytes: lookups compare it before the bytes, so the linear search over
 * a record's 20 to 40 fields costs a few instructions a field instead of a
 * memcmp wherever lengths happen to match. */
static uint32_t key_tag(const char *key, size_t klen)
{
	uint32_t t = (uint32_t)klen & 0xff;
	if (klen) {
		const unsigned char *k = (const unsigned char *)key;
		t |= (uint32_t)k[klen - 1] << 8 | (uint32_t)k[klen / 2] << 16 |
		     (uint32_t)k[(klen - 1) / 3] << 24;
	}
	return t;
}

static unsigned tag_bit(uint32_t tag)
{
	return (unsigned)((tag * UINT32_C(0x9e3779b1)) >> 24);	/* 0..255 */
}

static bool mask_has(const struct lt_record *r, uint32_t tag)
{
	unsigned b = tag_bit(tag);
	return (r->keymask[b >> 6] >> (b & 63)) & 1;
}

static void mask_add(struct lt_record *r, uint32_t tag)
{
	unsigned b = tag_bit(tag);
	r->keymask[b >> 6] |= UINT64_C(1) << (b & 63);
}

static struct lt_field *find_field_tag(const struct lt_record *r, const char *key, size_t klen,
				       uint32_t tag)
{
	if (!mask_has(r, tag))
		return NULL;
	for (uint32_t i = 0; i < r->nfields; i++) {
		struct lt_field *f = &r->fields[i];
		if (f->tag != tag || f->key.n != klen)
			continue;
		/* keys are mostly the same string literal: skip the compare */
		if (f->key.p == key || memcmp(f->key.p, key, klen) == 0)
			return f;
	}
	return NULL;
}

static struct lt_field *find_field(const struct lt_record *r, const char *key, size_t klen)
{
	return find_field_tag(r, key, klen, key_tag(key, klen));
}

/* The field for key: the existing one (value to be replaced, position kept)
 * or a new one at the end, so the order is the order of first setting. */
static struct lt_field *field_slot(struct lt_record *r, const char *key, size_t klen)
{
	uint32_t tag = key_tag(key, klen);
	struct lt_field *f = find_field_tag(r, key, klen, tag);
	if (f)
		return f;
	if (r->nfields == r->capfields) {
		r->capfields = r->capfields ? r->capfields * 2 : 32;
		r->fields = lt_xrealloc(r->fields, r->capfields * sizeof *r->fields);
	}
	f = &r->fields[r->nfields++];
	f->key.p = key;
	f->key.n = klen;
	f->tag = tag;
	mask_add(r, tag);
	f->val.type = LT_V_INT;	/* placeholder: every caller sets the value */
	f->val.v.i = 0;
	return f;
}

static void set_text(struct lt_record *r, const char *key, enum lt_vtype type, const void *p, size_t n)
{
	/* Copy first: p may point into the record's own arena or buffer. */
	const char *copy = arena_copy(r, p, n);
	struct lt_field *f = field_slot(r, key, strlen(key));
	f->val.type = type;
	f->val.v.s.p = copy;
	f->val.v.s.n = n;
}

void lt_rec_set_str(struct lt_record *r, const char *key, const char *s, size_t n)
{
	set_text(r, key, LT_V_STR, s, n);
}

void lt_rec_set_cstr(struct lt_record *r, const char *key, const char *s)
{
	set_text(r, key, LT_V_STR, s, strlen(s));
}

void lt_rec_set_bytes(struct lt_record *r, const char *key, const void *p, size_t n)
{
	set_text(r, key, LT_V_BYTES, p, n);
}

void lt_rec_set_int(struct lt_record *r, const char *key, int64_t v)
{
	struct lt_field *f = field_slot(r, key, strlen(key));
	f->val.type = LT_V_INT;
	f->val.v.i = v;
}

void lt_rec_set_bool(struct lt_record *r, const char *key, bool v)
{
	struct lt_field *f = field_slot(r, key, strlen(key));
	f->val.type = LT_V_BOOL;
	f->val.v.b = v;
}

void lt_rec_set_time(struct lt_record *r, const char *key, lt_time_us t)
{
	struct lt_field *f = field_slot(r, key, strlen(key));
	f->val.type = LT_V_TIME;
	f->val.v.t = t;
}

static void push_item(struct lt_record *r, struct lt_str s)
{
	if (r->nitems == r->capitems) {
		r->capitems = r->capitems ? r->capitems * 2 : 16;
		r->items = lt_xrealloc(r->items, r->capitems * sizeof *r->items);
	}
	r->items[r->nitems++] = s;
}

void lt_rec_add_str(struct lt_record *r, const char *key, const char *s, size_t n)
{
	struct lt_str item = { arena_copy(r, s, n), n };
	struct lt_field *f = field_slot(r, key, strlen(key));
	if (f->val.type != LT_V_LIST || f->val.v.list.count == 0) {
		f->val.type = LT_V_LIST;
		f->val.v.list.first = r->nitems;
		f->val.v.list.count = 0;
	} else if (f->val.v.list.first + f->val.v.list.count != r->nitems) {
		/* Another list was extended since: move this one to the end so
		 * its items stay contiguous. The old slots are reclaimed by clear. */
		uint32_t first = f->val.v.list.first, count = f->val.v.list.count;
		f->val.v.list.first = r->nitems;
		for (uint32_t i = 0; i < count; i++)
			push_item(r, r->items[first + i]);
	}
	push_item(r, item);
	f->val.v.list.count++;
}

void lt_rec_remove(struct lt_record *r, const char *key)
{
	struct lt_field *f = find_field(r, key, strlen(key));
	if (!f)
		return;
	size_t i = (size_t)(f - r->fields);
	memmove(&r->fields[i], &r->fields[i + 1], (r->nfields - i - 1) * sizeof *r->fields);
	r->nfields--;
	memset(r->keymask, 0, sizeof r->keymask);
	for (uint32_t k = 0; k < r->nfields; k++)
		mask_add(r, r->fields[k].tag);
}

const struct lt_value *lt_rec_get(const struct lt_record *r, const char *key)
{
	const struct lt_field *f = find_field(r, key, strlen(key));
	return f ? &f->val : NULL;
}

bool lt_rec_get_str(const struct lt_record *r, const char *key, struct lt_str *out)
{
	const struct lt_value *v = lt_rec_get(r, key);
	if (!v || (v->type != LT_V_STR && v->type != LT_V_BYTES))
		return false;
	*out = v->v.s;
	return true;
}

bool lt_rec_get_int(const struct lt_record *r, const char *key, int64_t *out)
{
	const struct lt_value *v = lt_rec_get(r, key);
	if (!v || v->type != LT_V_INT)
		return false;
	*out = v->v.i;
	return true;
}

bool lt_rec_get_time(const struct lt_record *r, const char *key, lt_time_us *out)
{
	const struct lt_value *v = lt_rec_get(r, key);
	if (!v || v->type != LT_V_TIME)
		return false;
	*out = v->v.t;
	return true;
}

struct lt_str lt_rec_list_item(const struct lt_record *r, const struct lt_value *v, uint32_t i)
{
	struct lt_str none = { "", 0 };
	if (v->type != LT_V_LIST || i >= v->v.list.count)
		return none;
	return r->items[v->v.list.first + i];
}

void lt_rec_copy(struct lt_record *dst, const struct lt_record *src)
{
	lt_rec_clear(dst);
	for (uint32_t i = 0; i < src->nfields; i++) {
		const struct lt_field *sf = &src->fields[i];
		/* Keys too: a decoded record's keys live in its input buffer.
		 * src's keys are distinct, so no search: append. */
		if (dst->nfields == dst->capfields) {
			dst->capfields = dst->capfields ? dst->capfields * 2 : 32;
			dst->fields = lt_xrealloc(dst->fields, dst->capfields * sizeof *dst->fields);
		}
		struct lt_field *df = &dst->fields[dst->nfields++];
		df->key.p = arena_copy(dst, sf->key.p, sf->key.n);
		df->key.n = sf->key.n;
		df->tag = sf->tag;
		mask_add(dst, sf->tag);
		df->val = sf->val;
		switch (sf->val.type) {
		case LT_V_STR:
		case LT_V_BYTES:
			df->val.v.s.p = arena_copy(dst, sf->val.v.s.p, sf->val.v.s.n);
			break;
		case LT_V_LIST:
			df->val.v.list.first = dst->nitems;
			for (uint32_t k = 0; k < sf->val.v.list.count; k++) {
				struct lt_str it = src->items[sf->val.v.list.first + k];
				it.p = arena_copy(dst, it.p, it.n);
				push_item(dst, it);
			}
			break;
		default:
			break;
		}
	}
}

/* ---- msgpack ---- */

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Timestamps use the 96-bit form of the msgpack timestamp extension (type
 * -1): nanoseconds (uint32) then seconds (int64), both big-endian. It covers
 * every lt_time_us, negative ones included. */
static void pack_time(msgpack_packer *pk, lt_time_us t)
{
	int64_t sec = t / LT_US_PER_SEC;
	int64_t us = t % LT_US_PER_SEC;
	if (us < 0) {
		us += LT_US_PER_SEC;
		sec--;
	}
	unsigned char b[12];
	put_be32(b, (uint32_t)(us * 1000));
	put_be32(b + 4, (uint32_t)((uint64_t)sec >> 32));
	put_be32(b + 8, (uint32_t)(uint64_t)sec);
	msgpack_pack_ext(pk, sizeof b, -1);
	msgpack_pack_ext_body(pk, b, sizeof b);
}

void lt_rec_encode(const struct lt_record *r, msgpack_packer *pk)
{
	msgpack_pack_map(pk, r->nfields);
	for (uint32_t i = 0; i < r->nfields; i++) {
		const struct lt_field *f = &r->fields[i];
		msgpack_pack_str(pk, f->key.n);
		msgpack_pack_str_body(pk, f->key.p, f->key.n);
		const struct lt_value *v = &f->val;
		switch (v->type) {
		case LT_V_STR:
			msgpack_pack_str(pk, v->v.s.n);
			msgpack_pack_str_body(pk, v->v.s.p, v->v.s.n);
			break;
		case LT_V_BYTES:
			msgpack_pack_bin(pk, v->v.s.n);
			msgpack_pack_bin_body(pk, v->v.s.p, v->v.s.n);
			break;
		case LT_V_INT:
			msgpack_pack_int64(pk, v->v.i);
			break;
		case LT_V_BOOL:
			if (v->v.b)
				msgpack_pack_true(pk);
			else
				msgpack_pack_false(pk);
			break;
		case LT_V_TIME:
			pack_time(pk, v->v.t);
			break;
		case LT_V_LIST:
			msgpack_pack_array(pk, v->v.list.count);
			for (uint32_t k = 0; k < v->v.list.count; k++) {
				struct lt_str it = r->items[v->v.list.first + k];
				msgpack_pack_str(pk, it.n);
				msgpack_pack_str_body(pk, it.p, it.n);
			}
			break;
		}
	}
}

/* The same bytes as lt_rec_encode, written straight into a buffer: the
 * store encodes every record, and msgpack-c's packer calls its write
 * callback once per header and once per body (about 60 calls a record).
 * Every header uses the smallest form, exactly as msgpack-c 4 chooses it;
 * tests/unit/test_record.c checks both encoders agree byte for byte. */
static unsigned char *put_len(unsigned char *p, size_t n, unsigned fix, unsigned fixmax,
			      unsigned c8, unsigned c16)
{
	if (n < fixmax) {
		*p++ = (unsigned char)(fix | n);
	} else if (c8 && n < 256) {
		*p++ = (unsigned char)c8;
		*p++ = (unsigned char)n;
	} else if (n < 65536) {
		*p++ = (unsigned char)c16;
		*p++ = (unsigned char)(n >> 8);
		*p++ = (unsigned char)n;
	} else {
		*p++ = (unsigned char)(c16 + 1);
		put_be32(p, (uint32_t)n);
		p += 4;
	}
	return p;
}

static unsigned char *put_str(unsigned char *p, const char *s, size_t n)
{
	p = put_len(p, n, 0xa0, 32, 0xd9, 0xda);
	if (n)
		memcpy(p, s, n);
	return p + n;
}

static unsigned char *put_be(unsigned char *p, unsigned char tag, uint64_t v, int bytes)
{
	*p++ = tag;
	for (int i = bytes - 1; i >= 0; i--)
		*p++ = (unsigned char)(v >> (8 * i));
	return p;
}

/* msgpack-c's msgpack_pack_int64 choice of form. */
static unsigned char *put_int(unsigned char *p, int64_t d)
{
	if (d < -(INT64_C(1) << 5)) {
		if (d < -(INT64_C(1) << 31))
			return put_be(p, 0xd3, (uint64_t)d, 8);
		if (d < -(INT64_C(1) << 15))
			return put_be(p, 0xd2, (uint64_t)d, 4);
		if (d < -(INT64_C(1) << 7))
			return put_be(p, 0xd1, (uint64_t)d, 2);
		return put_be(p, 0xd0, (uint64_t)d, 1);
	}
	if (d < (INT64_C(1) << 7)) {
		*p++ = (unsigned char)d;
		return p;
	}
	if (d < (INT64_C(1) << 8))
		return put_be(p, 0xcc, (uint64_t)d, 1);
	if (d < (INT64_C(1) << 16))
		return put_be(p, 0xcd, (uint64_t)d, 2);
	if (d < (INT64_C(1) << 32))
		return put_be(p, 0xce, (uint64_t)d, 4);
	return put_be(p, 0xcf, (uint64_t)d, 8);
}

void lt_rec_encode_buf(const struct lt_record *r, struct lt_buf *out)
{
	/* Upper bound: 5-byte headers everywhere, 9-byte ints, 15-byte times. */
	size_t bound = 5;
	for (uint32_t i = 0; i < r->nfields; i++) {
		const struct lt_field *f = &r->fields[i];
		bound += 5 + f->key.n + 15;
		if (f->val.type == LT_V_STR || f->val.type == LT_V_BYTES) {
			bound += f->val.v.s.n;
		} else if (f->val.type == LT_V_LIST) {
			for (uint32_t k = 0; k < f->val.v.list.count; k++)
				bound += 5 + r->items[f->val.v.list.first + k].n;
		}
	}
	lt_buf_reserve(out, bound);
	unsigned char *start = (unsigned char *)out->data + out->len, *p = start;
	p = put_len(p, r->nfields, 0x80, 16, 0, 0xde);
	for (uint32_t i = 0; i < r->nfields; i++) {
		const struct lt_field *f = &r->fields[i];
		const struct lt_value *v = &f->val;
		p = put_str(p, f->key.p, f->key.n);
		switch (v->type) {
		case LT_V_STR:
			p = put_str(p, v->v.s.p, v->v.s.n);
			break;
		case LT_V_BYTES:
			p = put_len(p, v->v.s.n, 0, 0, 0xc4, 0xc5);
			if (v->v.s.n)
				memcpy(p, v->v.s.p, v->v.s.n);
			p += v->v.s.n;
			break;
		case LT_V_INT:
			p = put_int(p, v->v.i);
			break;
		case LT_V_BOOL:
			*p++ = v->v.b ? 0xc3 : 0xc2;
			break;
		case LT_V_TIME: {
			int64_t sec = v->v.t / LT_US_PER_SEC;
			int64_t us = v->v.t % LT_US_PER_SEC;
			if (us < 0) {
				us += LT_US_PER_SEC;
				sec--;
			}
			*p++ = 0xc7;	/* ext 8: 12 bytes of type -1, as pack_time */
			*p++ = 12;
			*p++ = 0xff;
			put_be32(p, (uint32_t)(us * 1000));
			put_be32(p + 4, (uint32_t)((uint64_t)sec >> 32));
			put_be32(p + 8, (uint32_t)(uint64_t)sec);
			p += 12;
			break;
		}
		case LT_V_LIST:
			p = put_len(p, v->v.list.count, 0x90, 16, 0, 0xdc);
			for (uint32_t k = 0; k < v->v.list.count; k++) {
				struct lt_str it = r->items[v->v.list.first + k];
				p = put_str(p, it.p, it.n);
			}
			break;
		}
	}
	out->len += (size_t)(p - start);
	out->data[out->len] = '\0';
}

/* A small zero-allocation msgpack reader for the subset records use. It
 * accepts every encoding msgpack allows for those types (any int width, any
 * str/bin/array/map header, all three timestamp forms) so records written by
 * other msgpack tools decode too. */
struct mp {
	const unsigned char *p, *end;
	int err;	/* 0, LT_DECODE_SHORT or -1 */
};

static int need(struct mp *m, size_t n)
{
	if ((size_t)(m->end - m->p) < n) {
		if (!m->err)
			m->err = LT_DECODE_SHORT;
		return 0;
	}
	return 1;
}

static uint64_t rd_be(struct mp *m, size_t n)
{
	uint64_t v = 0;
	if (!need(m, n))
		return 0;
	for (size_t i = 0; i < n; i++)
		v = (v << 8) | m->p[i];
	m->p += n;
	return v;
}

static void bad(struct mp *m)
{
	if (!m->err)
		m->err = -1;
}

/* Read a str (or bin when bin is set) header; returns the payload. */
static int rd_strlike(struct mp *m, struct lt_str *out, enum lt_vtype *type)
{
	if (!need(m, 1))
		return -1;
	unsigned c = *m->p++;
	uint64_t n;
	enum lt_vtype t = LT_V_STR;
	if ((c & 0xe0) == 0xa0) {
		n = c & 0x1f;
	} else if (c == 0xd9 || c == 0xda || c == 0xdb) {
		n = rd_be(m, (size_t)1 << (c - 0xd9));
	} else if (c == 0xc4 || c == 0xc5 || c == 0xc6) {
		n = rd_be(m, (size_t)1 << (c - 0xc4));
		t = LT_V_BYTES;
	} else {
		m->p--;
		return 1;	/* not a string */
	}
	if (m->err || !need(m, n))
		return -1;
	out->p = (const char *)m->p;
	out->n = (size_t)n;
	m->p += n;
	if (type)
		*type = t;
	return 0;
}

static lt_time_us time_from_ts(int64_t sec, uint32_t nsec)
{
	return sec * LT_US_PER_SEC + nsec / 1000;
}

static int rd_value(struct mp *m, struct lt_record *r, struct lt_value *v)
{
	if (!need(m, 1))
		return -1;
	unsigned c = *m->p;
	enum lt_vtype st;
	struct lt_str s;
	int rc = rd_strlike(m, &s, &st);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		v->type = st;
		v->v.s = s;
		return 0;
	}
	m->p++;
	if (c <= 0x7f) {
		v->type = LT_V_INT;
		v->v.i = (int64_t)c;
	} else if (c >= 0xe0) {
		v->type = LT_V_INT;
		v->v.i = (int64_t)(int8_t)c;
	} else if (c >= 0xcc && c <= 0xcf) {
		uint64_t u = rd_be(m, (size_t)1 << (c - 0xcc));
		if (u > INT64_MAX) {
			bad(m);
			return -1;
		}
		v->type = LT_V_INT;
		v->v.i = (int64_t)u;
	} else if (c >= 0xd0 && c <= 0xd3) {
		size_t n = (size_t)1 << (c - 0xd0);
		uint64_t u = rd_be(m, n);
		int shift = (int)(64 - 8 * n);
		v->type = LT_V_INT;
		/* sign-extend from n bytes */
		v->v.i = shift ? (int64_t)(u << shift) >> shift : (int64_t)u;
	} else if (c == 0xc2 || c == 0xc3) {
		v->type = LT_V_BOOL;
		v->v.b = c == 0xc3;
	} else if (c == 0xd6 || c == 0xd7 || c == 0xc7) {
		size_t len = c == 0xd6 ? 4 : c == 0xd7 ? 8 : (size_t)rd_be(m, 1);
		if (!need(m, 1))
			return -1;
		int8_t type = (int8_t)*m->p++;
		if (type != -1 || !need(m, len)) {
			bad(m);
			return -1;
		}
		v->type = LT_V_TIME;
		if (len == 4) {
			v->v.t = time_from_ts((int64_t)rd_be(m, 4), 0);
		} else if (len == 8) {
			uint64_t d = rd_be(m, 8);
			v->v.t = time_from_ts((int64_t)(d & 0x3ffffffffULL), (uint32_t)(d >> 34));
		} else if (len == 12) {
			uint32_t ns = (uint32_t)rd_be(m, 4);
			v->v.t = time_from_ts((int64_t)rd_be(m, 8), ns);
		} else {
			bad(m);
			return -1;
		}
	} else if ((c & 0xf0) == 0x90 || c == 0xdc || c == 0xdd) {
		uint64_t n = (c & 0xf0) == 0x90 ? (c & 0x0f) : rd_be(m, c == 0xdc ? 2 : 4);
		if (m->err)
			return -1;
		v->type = LT_V_LIST;
		v->v.list.first = r->nitems;
		v->v.list.count = 0;
		for (uint64_t k = 0; k < n; k++) {
			if (rd_strlike(m, &s, NULL) != 0) {
				bad(m);
				return -1;
			}
			push_item(r, s);
			v->v.list.count++;
		}
	} else {
		bad(m);		/* nil, floats, maps as values: not in our records */
		return -1;
	}
	return m->err ? -1 : 0;
}

int lt_rec_decode(struct lt_record *r, const char *buf, size_t len, size_t *consumed)
{
	struct mp m = { (const unsigned char *)buf, (const unsigned char *)buf + len, 0 };
	lt_rec_clear(r);
	if (consumed)
		*consumed = 0;
	if (!need(&m, 1))
		return LT_DECODE_SHORT;
	unsigned c = *m.p++;
	uint64_t n;
	if ((c & 0xf0) == 0x80)
		n = c & 0x0f;
	else if (c == 0xde || c == 0xdf)
		n = rd_be(&m, c == 0xde ? 2 : 4);
	else
		return -1;
	for (uint64_t i = 0; i < n && !m.err; i++) {
		struct lt_str key;
		if (rd_strlike(&m, &key, NULL) != 0) {
			bad(&m);
			break;
		}
		struct lt_value v;
		if (rd_value(&m, r, &v) < 0)
			break;
		struct lt_field *f = field_slot(r, key.p, key.n);
		f->val = v;
	}
	if (m.err) {
		lt_rec_clear(r);
		return m.err;
	}
	if (consumed)
		*consumed = (size_t)(m.p - (const unsigned char *)buf);
	return 0;
}

/* ---- text and JSON ---- */

void lt_rec_value_text(const struct lt_record *r, const struct lt_value *v, struct lt_buf *out)
{
	if (!v)
		return;
	char iso[LT_ISO_LEN];
	switch (v->type) {
	case LT_V_STR:
	case LT_V_BYTES:
		lt_buf_append(out, v->v.s.p, v->v.s.n);
		break;
	case LT_V_INT:
		lt_buf_printf(out, "%" PRId64, v->v.i);
		break;
	case LT_V_BOOL:
		lt_buf_puts(out, v->v.b ? "true" : "false");
		break;
	case LT_V_TIME:
		lt_time_format_utc(v->v.t, iso);
		lt_buf_puts(out, iso);
		break;
	case LT_V_LIST:
		for (uint32_t i = 0; i < v->v.list.count; i++) {
			struct lt_str s = lt_rec_list_item(r, v, i);
			if (i)
				lt_buf_putc(out, ',');
			lt_buf_append(out, s.p, s.n);
		}
		break;
	}
}


void lt_rec_to_json(const struct lt_record *r, struct lt_buf *out)
{
	lt_buf_putc(out, '{');
	for (uint32_t i = 0; i < r->nfields; i++) {
		const struct lt_field *f = &r->fields[i];
		const struct lt_value *v = &f->val;
		if (i)
			lt_buf_putc(out, ',');
		lt_json_str(out, f->key.p, f->key.n);
		lt_buf_putc(out, ':');
		switch (v->type) {
		case LT_V_STR:
		case LT_V_BYTES:
			lt_json_str(out, v->v.s.p, v->v.s.n);
			break;
		case LT_V_INT:
			lt_buf_printf(out, "%" PRId64, v->v.i);
			break;
		case LT_V_BOOL:
			lt_buf_puts(out, v->v.b ? "true" : "false");
			break;
		case LT_V_TIME: {
			if (v->v.t == LT_TIME_NONE) {
				lt_buf_puts(out, "null");
				break;
			}
			char iso[LT_ISO_LEN];
			size_t n = lt_time_format_utc(v->v.t, iso);
			lt_buf_putc(out, '"');
			lt_buf_append(out, iso, n);
			lt_buf_putc(out, '"');
			break;
		}
		case LT_V_LIST:
			lt_buf_putc(out, '[');
			for (uint32_t k = 0; k < v->v.list.count; k++) {
				struct lt_str it = r->items[v->v.list.first + k];
				if (k)
					lt_buf_putc(out, ',');
				lt_json_str(out, it.p, it.n);
			}
			lt_buf_putc(out, ']');
			break;
		}
	}
	lt_buf_putc(out, '}');
}
