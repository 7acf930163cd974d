/* Multi-literal search (Aho-Corasick): which of many literals occur in a
 * text, in one pass over it. ASCII letters compare without case (both the
 * literals and the text are folded); every other byte compares as it is.
 * The rule engine's literal prefilter uses it (doc/rules.md, "Rule index").
 *
 * Ownership: lt_ac_new allocates; lt_ac_free releases the automaton and
 * the literals it copied. Literals are added before lt_ac_build; after it
 * the automaton is immutable and may be scanned by several callers at once.
 * Built the same way from the same literals in the same order, it is the
 * same automaton: no hashing seed, no address-dependent order.
 */
#ifndef LT_ACMATCH_H
#define LT_ACMATCH_H
#include <stddef.h>
#include <stdint.h>

struct lt_ac;

struct lt_ac *lt_ac_new(void);
/* Add a literal (n > 0) before lt_ac_build; returns its id. Ids are dense
 * from 0 in the order of first addition; a literal equal to an earlier one
 * (after folding) gets the earlier one's id. */
uint32_t lt_ac_add(struct lt_ac *a, const char *s, size_t n);
/* Number of distinct literals (the ids are 0 .. count-1). */
uint32_t lt_ac_count(const struct lt_ac *a);
/* Turn the literals into the automaton. Returns 0, or -1 when the table
 * would not fit 32-bit offsets (about a billion entries): the automaton
 * then finds nothing and the caller must not rely on it. */
int lt_ac_build(struct lt_ac *a);
/* Call fn(id, arg) for every occurrence of every literal in s[0..n):
 * a literal that occurs three times is reported three times. */
typedef void (*lt_ac_hit_fn)(uint32_t id, void *arg);
void lt_ac_scan(const struct lt_ac *a, const char *s, size_t n, lt_ac_hit_fn fn, void *arg);
/* Bytes of memory the built automaton holds (for doc/performance.md). */
size_t lt_ac_bytes(const struct lt_ac *a);
void lt_ac_free(struct lt_ac *a);

#endif
