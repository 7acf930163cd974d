/* Bounded regular expressions: every PCRE2 match in leaktrail goes through
 * lt_re_match, which sets a match limit, a depth limit, a heap limit and a
 * JIT stack, and says how a match ended -- never a bool, so a pattern that
 * gives up on hostile input cannot pass for "no match" (doc/rules.md,
 * "Regular expressions and their limits").
 *
 * Ownership: the caller owns its pcre2_code (compile with lt_re_compile or
 * pcre2_compile and lt_re_jit) and its pcre2_match_data. The match context
 * and the JIT stack are this module's, one per thread, created on first use
 * and released by lt_re_thread_cleanup (call it before a thread ends).
 */
#ifndef LT_REGEX_H
#define LT_REGEX_H
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

enum lt_re_result {
	LT_RE_MATCH,
	LT_RE_NO_MATCH,
	LT_RE_LIMIT,	/* match, depth or heap limit, or JIT stack exhausted */
	LT_RE_ERROR	/* any other PCRE2 error */
};

/* The limits (doc/rules.md). The match limit bounds the work per subject;
 * the depth and heap limits bound the interpreter's backtracking memory. */
#define LT_RE_MATCH_LIMIT 20000u
#define LT_RE_DEPTH_LIMIT 10000u
#define LT_RE_HEAP_LIMIT_KIB 20480u	/* 20 MiB */
#define LT_RE_JIT_STACK_MAX (1024u * 1024u)

/* JIT-compile when the platform has it; the interpreter is the fallback
 * (both obey the limits). */
void lt_re_jit(pcre2_code *re);

/* Compile pat[0..n) with opts (PCRE2_UTF and PCRE2_MATCH_INVALID_UTF are
 * always added) and JIT it. NULL with err holding "at offset N: reason". */
pcre2_code *lt_re_compile(const char *pat, size_t n, uint32_t opts, char *err, size_t errlen);

/* Match s[0..n) from offset 0. md must come from the same pattern (or be
 * large enough). *pcre_rc, when not NULL, receives pcre2_match's value. */
enum lt_re_result lt_re_match(const pcre2_code *re, const char *s, size_t n, pcre2_match_data *md,
			      int *pcre_rc);

/* Human words for a result other than MATCH / NO_MATCH ("match limit
 * reached", ...), from the last pcre2_match value. Static string. */
const char *lt_re_why(int pcre_rc);

/* Does the pattern have a quantified group that itself holds a quantifier
 * or an alternation -- (a+)+, (a*)*, (a|a)*, (?:x+y?)+ -- the shape of
 * catastrophic backtracking? A syntactic check, for `rules check`. */
int lt_re_nested_quantifier(const char *pat, size_t n);

/* Release this thread's match context and JIT stack. */
void lt_re_thread_cleanup(void);

#endif
