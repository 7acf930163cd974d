/* Pseudonymisation of person identifiers in exports (--pseudonymize KEYFILE).
 *
 * A token is "PSN-" followed by the first 16 hex digits (64 bits) of
 * HMAC-SHA-256(key, identifier), where key is the key file's bytes (trailing
 * newlines removed) and identifier the exact UTF-8 text; e-mail addresses are
 * lowercased first. The same key gives the same token in every export and every
 * case, so tokens can be correlated without revealing names; without the key
 * a token cannot be reversed, only confirmed by guessing (doc/privacy.md).
 *
 * Identifiers replaced: every word the resolver (if any) maps to a person
 * (by that person's token), every registered identifier (the persons of the
 * case's findings; callers add more) wherever it occurs in text as a whole
 * word, and every other e-mail address found in text.
 *
 * Ownership: lt_pseudo_load allocates, lt_pseudo_free releases; returned
 * strings are the caller's.
 */
#ifndef LT_PSEUDO_H
#define LT_PSEUDO_H
#include <stddef.h>

#define LT_PSEUDO_TOKEN_LEN 21	/* "PSN-" + 16 hex + NUL */

struct lt_pseudo;

struct lt_pseudo *lt_pseudo_load(const char *keyfile, char *err, size_t errlen);
struct lt_pseudo *lt_pseudo_new(const void *key, size_t keylen);
void lt_pseudo_free(struct lt_pseudo *p);
/* Register an identifier to replace in text (ignored when empty or shorter than 2 bytes). */
void lt_pseudo_add(struct lt_pseudo *p, const char *identifier);
/* Register text (a name, an address) that stands for canonical: it is
 * replaced by canonical's token. */
void lt_pseudo_add_alias(struct lt_pseudo *p, const char *text, const char *canonical);
void lt_pseudo_token(const struct lt_pseudo *p, const char *identifier, char out[LT_PSEUDO_TOKEN_LEN]);
/* A resolver maps a word of text (a user name in any form: DOMAIN\user,
 * user@domain, an alias) to the person id it stands for, or NULL. With one
 * set, every such word becomes the token of that person id, so all of a
 * person's aliases get the same token. */
typedef const char *(*lt_pseudo_resolver)(void *arg, const char *word, size_t n);
void lt_pseudo_set_resolver(struct lt_pseudo *p, lt_pseudo_resolver fn, void *arg);
/* A keeper says whether a word of text (as the resolver sees words) stays as
 * it is: the hand-over package for internal use keeps the names of the
 * persons under investigation and pseudonymises everyone else
 * (doc/handover.md). Checked before the resolver and the e-mail rule. */
typedef int (*lt_pseudo_keeper)(void *arg, const char *word, size_t n);
void lt_pseudo_set_keeper(struct lt_pseudo *p, lt_pseudo_keeper fn, void *arg);
/* A copy of s with identifiers and e-mail addresses replaced by tokens. */
char *lt_pseudo_text(struct lt_pseudo *p, const char *s);

#endif
