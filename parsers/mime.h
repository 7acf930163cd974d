/* MIME helpers for the RFC 5322 parser: header words (RFC 2047), parameters
 * (RFC 2045 and RFC 2231), addresses, dates, and streaming base64 and
 * quoted-printable decoders. Owner: parsers-mail.
 *
 * Ownership: every function appends to a caller's lt_buf or fills spans
 * into the caller's input; nothing keeps pointers after it returns.
 */
#ifndef LT_MIME_H
#define LT_MIME_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* Decode a header value to UTF-8: RFC 2047 encoded words ("=?ISO-2022-JP?B?...?="),
 * adjacent encoded words joined (whitespace between them dropped, and words
 * of one charset decoded together so a multibyte character split across
 * two words survives), raw 8-bit text taken as UTF-8 when valid and as
 * CP932 otherwise (Japanese mailers that skip the encoding). */
void lt_mime_decode_header(const char *s, size_t n, struct lt_buf *out);

/* The value of parameter name (case-insensitive) in a Content-Type or
 * Content-Disposition value, decoded to UTF-8: plain (quoted or token),
 * RFC 2231 extended (name*=charset'lang'%XX...) and continuations
 * (name*0=, name*1*= ...), and RFC 2047 words inside quotes (what Outlook
 * and many Japanese mailers write). Returns true when present. */
bool lt_mime_param(const char *s, size_t n, const char *name, struct lt_buf *out);

/* The type/subtype at the start of a Content-Type value, lower-cased. */
void lt_mime_type(const char *s, size_t n, char *out, size_t outlen);

/* Split an address list (To, Cc, From) and call fn for each addr-spec
 * (angle brackets, comments, quoted display names and groups handled).
 * name is the raw display name (may be empty). */
void lt_mime_addresses(const char *s, size_t n,
		       void (*fn)(void *arg, struct lt_str addr, struct lt_str name), void *arg);

/* RFC 5322 date ("Tue, 24 Nov 2026 10:00:00 +0900 (JST)"; obsolete zones
 * UT/GMT/EST..PDT, and JST, accepted). Returns 0 with *t and *off, or -1. */
int lt_mime_date(const char *s, size_t n, lt_time_us *t, int32_t *off);

/* Streaming base64 decoder: feed any slices; whitespace ignored. */
struct lt_b64 {
	uint32_t acc;
	int nbits;
	bool done;		/* saw '=' padding */
	uint64_t invalid;	/* bytes that are not base64 */
};
void lt_b64_init(struct lt_b64 *d);
/* Decode s[0..n) and append the bytes to out. */
void lt_b64_feed(struct lt_b64 *d, const char *s, size_t n, struct lt_buf *out);

/* Quoted-printable, one encoded line at a time (without its line break).
 * Returns true when the line ended in a soft break ("=" at the end). */
bool lt_qp_line(const char *s, size_t n, struct lt_buf *out);

#endif
