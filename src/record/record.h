/* The normalised record.
 *
 * A record is a flat map from dotted field names (Elastic Common Schema where
 * ECS has a name, "leaktrail.*" for our own) to typed values. Parsers fill it
 * through lt_rec_set_*; the framework stamps provenance (source, member,
 * offset, line, raw bytes) before the parser sees it. On disk a record is one
 * msgpack map (doc/record-format.md); lt_rec_encode/lt_rec_decode convert.
 *
 * Ownership: a record owns an arena that holds copies of every string set
 * into it; keys given to lt_rec_set_* must be string literals or otherwise
 * outlive the record (field names are static in practice). lt_rec_clear
 * keeps the memory for reuse, so filling a record on the hot path does not
 * allocate once the arena has grown. A decoded record's strings point into
 * the buffer given to lt_rec_decode, which must outlive the record's use.
 * The field names C code uses are constants in record/fieldnames.h.
 *
 * Setting a key that is already present replaces its value (keeping the
 * field's position), except for lists, which lt_rec_add_str extends. Values
 * set through lt_rec_set_* are copied and NUL-terminated (s.p[s.n] == 0).
 */
#ifndef LT_RECORD_H
#define LT_RECORD_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <msgpack.h>

#include "record/fieldnames.h"
#include "util/buf.h"

struct lt_arena_block;
#include "util/timeutil.h"

enum lt_vtype {
	LT_V_STR,	/* UTF-8 text (raw line may be bytes: see lt_rec_set_bytes) */
	LT_V_BYTES,	/* opaque bytes, msgpack bin */
	LT_V_INT,	/* int64 */
	LT_V_BOOL,
	LT_V_TIME,	/* lt_time_us; msgpack timestamp extension (type -1) */
	LT_V_LIST	/* list of strings */
};

struct lt_str {
	const char *p;
	size_t n;
};

struct lt_value {
	enum lt_vtype type;
	union {
		struct lt_str s;	/* STR, BYTES */
		int64_t i;		/* INT */
		bool b;			/* BOOL */
		lt_time_us t;		/* TIME */
		struct {
			uint32_t first;	/* index into the record's list items */
			uint32_t count;
		} list;
	} v;
};

struct lt_field {
	struct lt_str key;
	uint32_t tag;		/* private to record.c: a cheap digest of key for lookups */
	struct lt_value val;
};

struct lt_record {
	struct lt_field *fields;
	uint32_t nfields, capfields;
	struct lt_str *items;		/* list elements */
	uint32_t nitems, capitems;
	/* String storage for set values: a chain of blocks that never move, so
	 * the pointers in fields stay valid until lt_rec_clear. */
	struct lt_arena_block *arena;
	size_t arena_used;		/* bytes used in the head block */
	/* Private to record.c: one bit per key tag present (a Bloom filter),
	 * so setting a new key, the common case, skips the search. Code that
	 * reorders fields keeps it valid; removing fields goes through
	 * lt_rec_remove. */
	uint64_t keymask[4];
};

void lt_rec_init(struct lt_record *r);
void lt_rec_free(struct lt_record *r);
/* Empty the record, keeping its memory. */
void lt_rec_clear(struct lt_record *r);

void lt_rec_set_str(struct lt_record *r, const char *key, const char *s, size_t n);
void lt_rec_set_cstr(struct lt_record *r, const char *key, const char *s);
void lt_rec_set_bytes(struct lt_record *r, const char *key, const void *p, size_t n);
void lt_rec_set_int(struct lt_record *r, const char *key, int64_t v);
void lt_rec_set_bool(struct lt_record *r, const char *key, bool v);
void lt_rec_set_time(struct lt_record *r, const char *key, lt_time_us t);
/* Append s to the list field key (creating it). */
void lt_rec_add_str(struct lt_record *r, const char *key, const char *s, size_t n);
void lt_rec_remove(struct lt_record *r, const char *key);

/* Lookup; NULL when absent. Pointers stay valid until the record changes. */
const struct lt_value *lt_rec_get(const struct lt_record *r, const char *key);
/* Convenience getters: fill *out and return true when the field exists with that type. */
bool lt_rec_get_str(const struct lt_record *r, const char *key, struct lt_str *out);
bool lt_rec_get_int(const struct lt_record *r, const char *key, int64_t *out);
bool lt_rec_get_time(const struct lt_record *r, const char *key, lt_time_us *out);
/* List element i of a LT_V_LIST value. */
struct lt_str lt_rec_list_item(const struct lt_record *r, const struct lt_value *v, uint32_t i);

/* Copy src into dst (deep: dst owns its strings afterwards). */
void lt_rec_copy(struct lt_record *dst, const struct lt_record *src);

/* msgpack: encode as one map with keys in a fixed, deterministic order
 * (the order fields were first set). Decode replaces r's content; keys and
 * strings point into buf (and, unlike set values, are not NUL-terminated).
 * lt_rec_decode returns 0 and sets *consumed to the map's length, -1 when the
 * bytes are not a record map, or LT_DECODE_SHORT when buf ends inside the map
 * (read more and try again); r is left empty on failure. */
#define LT_DECODE_SHORT 1
void lt_rec_encode(const struct lt_record *r, msgpack_packer *pk);
int lt_rec_decode(struct lt_record *r, const char *buf, size_t len, size_t *consumed);
/* lt_rec_encode's bytes appended to out directly (no packer callbacks): the
 * store's hot path. */
void lt_rec_encode_buf(const struct lt_record *r, struct lt_buf *out);

/* One JSON object on one line (no newline), keys in record order; times as
 * ISO 8601 UTC with microseconds; bytes as UTF-8 with U+FFFD for invalid sequences. */
/* Append v (a value of r) as plain text: strings as they are, times as ISO
 * 8601 UTC, lists joined with ','; nothing for NULL. For group keys,
 * distinct values and messages. */
void lt_rec_value_text(const struct lt_record *r, const struct lt_value *v, struct lt_buf *out);
void lt_rec_to_json(const struct lt_record *r, struct lt_buf *out);

#endif
