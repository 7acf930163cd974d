/* UTF-8 validation and repair, below every stage that handles text from
 * evidence (parse, evidence, export). Pure functions: nothing is allocated
 * except through the caller's lt_buf.
 */
#ifndef LT_UTF8_H
#define LT_UTF8_H
#include <stddef.h>

#include "util/buf.h"

/* U+FFFD REPLACEMENT CHARACTER, 3 bytes. */
#define LT_UTF8_REPLACEMENT "\xef\xbf\xbd"

/* Length of the UTF-8 sequence at p (n > 0 bytes available): its length,
 * 0 if invalid (overlong, surrogate, > U+10FFFF, bad continuation), or
 * SIZE_MAX when it is valid so far but cut by the end of the buffer. */
size_t lt_utf8_seq(const unsigned char *p, size_t n);

/* Append in[0..n) to out with every invalid UTF-8 sequence replaced by
 * U+FFFD; returns how many were replaced. */
size_t lt_utf8_sanitize(const char *in, size_t n, struct lt_buf *out);

/* Append in[0..n) to out with every code point replaced by its simple case
 * folding (Unicode CaseFolding.txt, status C and S) for the scripts the
 * table covers: ASCII, Latin-1, Latin Extended-A, Latin Extended
 * Additional, Greek, Cyrillic, Armenian, Roman numerals, circled letters
 * and fullwidth forms. Other code points and invalid bytes are copied. */
void lt_utf8_fold(const char *in, size_t n, struct lt_buf *out);

/* Whether s[0..n) has a byte outside ASCII. */
int lt_utf8_has_nonascii(const char *s, size_t n);

#endif
