/* Japanese words for the values that finding messages quote (web
 * categories, mail score reasons, logon actions) and for timespans, so that
 * a Japanese message does not carry the English vocabulary of the records.
 *
 * Ownership: lt_vocab_ja returns a static string or NULL; lt_vocab_ja_into
 * and lt_vocab_timespan_ja append to the caller's buffer.
 */
#ifndef LT_VOCAB_H
#define LT_VOCAB_H
#include <stdbool.h>

#include "util/buf.h"

/* The Japanese word for one value of field, or NULL when there is none (the
 * value is then shown as recorded: a host name, a domain, a file). */
const char *lt_vocab_ja(const char *field, const char *value);
/* Append value (a comma-separated list for list fields) to b, each item in
 * Japanese where the vocabulary has it, joined by "、". */
void lt_vocab_ja_into(struct lt_buf *b, const char *field, const char *value);
/* The same in English: identifiers such as personal_address or ssh_login
 * as words ("personal address", "SSH logon"), joined by ", "; other values
 * as recorded. */
void lt_vocab_en_into(struct lt_buf *b, const char *field, const char *value);
/* The Japanese name of a record field a report lists values of, or NULL. */
const char *lt_vocab_field_ja(const char *field);
/* Its English name ("Site category"), or NULL. */
const char *lt_vocab_field_en(const char *field);
/* What a Japanese message says for a field the record does not have. */
const char *lt_vocab_ja_missing(const char *field);
/* "24h" -> "24 時間", "1d" -> "1 日"; false when text is not a timespan. */
bool lt_vocab_timespan_ja(struct lt_buf *b, const char *text);
/* "2026-11-03T20:12:56.000000+09:00" (a local time as enrichment writes
 * it) -> "2026-11-03（火）20:12" or "2026-11-03 (Tue) 20:12"; false when
 * iso is not such a time. */
bool lt_vocab_local_time(struct lt_buf *b, const char *iso, bool ja);

#endif
