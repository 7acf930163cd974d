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

/* Well-known field names, so that a typo is a compile error. */
#define LT_F_TIMESTAMP		"@timestamp"
#define LT_F_MESSAGE		"message"
#define LT_F_EVENT_CATEGORY	"event.category"
#define LT_F_EVENT_TYPE		"event.type"
#define LT_F_EVENT_ACTION	"event.action"
#define LT_F_EVENT_OUTCOME	"event.outcome"
#define LT_F_EVENT_CODE		"event.code"
#define LT_F_EVENT_DATASET	"event.dataset"
#define LT_F_EVENT_DURATION	"event.duration"
#define LT_F_USER_NAME		"user.name"
#define LT_F_USER_DOMAIN	"user.domain"
#define LT_F_SOURCE_IP		"source.ip"
#define LT_F_SOURCE_PORT	"source.port"
#define LT_F_SOURCE_BYTES	"source.bytes"
#define LT_F_DEST_IP		"destination.ip"
#define LT_F_DEST_PORT		"destination.port"
#define LT_F_DEST_BYTES		"destination.bytes"
#define LT_F_HOST_NAME		"host.name"
#define LT_F_PROCESS_NAME	"process.name"
#define LT_F_PROCESS_PID	"process.pid"
#define LT_F_URL_ORIGINAL	"url.original"
#define LT_F_URL_DOMAIN		"url.domain"
#define LT_F_HTTP_METHOD	"http.request.method"
#define LT_F_HTTP_STATUS	"http.response.status_code"
#define LT_F_HTTP_RESP_BYTES	"http.response.bytes"
#define LT_F_HTTP_REQ_BYTES	"http.request.bytes"
#define LT_F_HTTP_MIME		"http.response.mime_type"
#define LT_F_USER_AGENT		"user_agent.original"
#define LT_F_FILE_PATH		"file.path"
#define LT_F_FILE_NAME		"file.name"
#define LT_F_FILE_SIZE		"file.size"
#define LT_F_EMAIL_FROM		"email.from.address"
#define LT_F_EMAIL_TO		"email.to.address"
#define LT_F_EMAIL_SUBJECT	"email.subject"
#define LT_F_EMAIL_MSGID	"email.message_id"
#define LT_F_EMAIL_ATT_NAME	"email.attachments.file.name"
#define LT_F_EMAIL_ATT_SIZE	"email.attachments.file.size"
#define LT_F_EMAIL_ATT_SHA256	"email.attachments.file.hash.sha256"

/* Provenance, stamped by the framework (never by a parser). */
#define LT_F_SOURCE_PATH	"leaktrail.source.path"
#define LT_F_SOURCE_SHA256	"leaktrail.source.sha256"
#define LT_F_SOURCE_ID		"leaktrail.source.id"
#define LT_F_MEMBER		"leaktrail.member"
#define LT_F_OFFSET		"leaktrail.offset"
#define LT_F_LINE		"leaktrail.line"
#define LT_F_RAW		"leaktrail.raw"
#define LT_F_PARSER		"leaktrail.parser"
#define LT_F_TRUNCATED		"leaktrail.truncated"	/* bool: the line was cut at 1 MiB */
#define LT_F_GENERIC		"leaktrail.generic"	/* bool: only the syslog header was understood */
#define LT_F_ENCODING_ERROR	"leaktrail.encoding_error"	/* text: the line was invalid in its stream's encoding, and how it was decoded */
/* Time provenance, set by the time helpers. */
#define LT_F_TIME_TEXT		"leaktrail.time.original"
#define LT_F_TIME_ZONE		"leaktrail.time.zone"
#define LT_F_TIME_YEAR_INFERRED	"leaktrail.time.year_inferred"
#define LT_F_TIME_ZONE_FROM	"leaktrail.time.zone_from"	/* a host rule chose this line's zone */

#endif
