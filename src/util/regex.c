#include "util/regex.h"

#include <stdio.h>
#include <string.h>

/* One match context and JIT stack per thread: pcre2_match may not share a
 * JIT stack between threads, and a context set up once costs nothing per
 * match. */
static _Thread_local pcre2_match_context *tls_ctx;
static _Thread_local pcre2_jit_stack *tls_jit;

static pcre2_jit_stack *jit_stack_cb(void *arg)
{
	(void)arg;
	return tls_jit;
}

static pcre2_match_context *thread_ctx(void)
{
	if (tls_ctx)
		return tls_ctx;
	tls_ctx = pcre2_match_context_create(NULL);
	if (!tls_ctx)
		return NULL;
	pcre2_set_match_limit(tls_ctx, LT_RE_MATCH_LIMIT);
	pcre2_set_depth_limit(tls_ctx, LT_RE_DEPTH_LIMIT);
	pcre2_set_heap_limit(tls_ctx, LT_RE_HEAP_LIMIT_KIB);
	tls_jit = pcre2_jit_stack_create(32 * 1024, LT_RE_JIT_STACK_MAX, NULL);
	/* Without a JIT stack of our own the JIT uses 32 KiB of the machine
	 * stack; a failure to create one leaves that default. */
	if (tls_jit)
		pcre2_jit_stack_assign(tls_ctx, jit_stack_cb, NULL);
	return tls_ctx;
}

void lt_re_jit(pcre2_code *re)
{
	/* PCRE2_ERROR_JIT_BADOPTION or no JIT support: the interpreter runs
	 * the pattern, under the same limits. */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
}

pcre2_code *lt_re_compile(const char *pat, size_t n, uint32_t opts, char *err, size_t errlen)
{
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, n, opts | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec, &eo,
				       NULL);
	if (!re) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof msg);
		snprintf(err, errlen, "at offset %zu: %s", (size_t)eo, (char *)msg);
		return NULL;
	}
	lt_re_jit(re);
	return re;
}

static int is_limit(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
	       rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_NOMEMORY;
}

enum lt_re_result lt_re_match(const pcre2_code *re, const char *s, size_t n, pcre2_match_data *md,
			      int *pcre_rc)
{
	pcre2_match_context *ctx = thread_ctx();
	int rc = ctx ? pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, ctx) : PCRE2_ERROR_NOMEMORY;
	if (pcre_rc)
		*pcre_rc = rc;
	if (rc >= 0)
		return LT_RE_MATCH;
	if (rc == PCRE2_ERROR_NOMATCH || rc == PCRE2_ERROR_PARTIAL)
		return LT_RE_NO_MATCH;
	return is_limit(rc) ? LT_RE_LIMIT : LT_RE_ERROR;
}

const char *lt_re_why(int rc)
{
	switch (rc) {
	case PCRE2_ERROR_MATCHLIMIT: return "regular expression match limit reached";
	case PCRE2_ERROR_DEPTHLIMIT: return "regular expression depth limit reached";
	case PCRE2_ERROR_HEAPLIMIT: return "regular expression heap limit reached";
	case PCRE2_ERROR_JIT_STACKLIMIT: return "regular expression JIT stack exhausted";
	case PCRE2_ERROR_NOMEMORY: return "regular expression out of memory";
	default: return "regular expression failed";
	}
}

void lt_re_thread_cleanup(void)
{
	pcre2_match_context_free(tls_ctx);
	pcre2_jit_stack_free(tls_jit);
	tls_ctx = NULL;
	tls_jit = NULL;
}

/* ---- nested quantifiers ---- */

#define NQ_DEPTH 64

struct nq_group {
	size_t open;		/* index of the first byte inside the group */
	size_t alt_start[16];	/* start of each top-level alternative */
	size_t nalt;
	int inner;		/* an unbounded quantifier somewhere inside */
};

/* At p[i] (just after an atom): length of an unbounded quantifier (*, +,
 * {n,}) there, 0 when none or bounded, and *possessive when it is *+ / ++. */
static size_t unbounded_quant(const char *p, size_t n, size_t i, int *possessive)
{
	size_t len = 0;
	*possessive = 0;
	if (i < n && (p[i] == '*' || p[i] == '+')) {
		len = 1;
	} else if (i < n && p[i] == '{') {
		size_t j = i + 1;
		while (j < n && p[j] >= '0' && p[j] <= '9')
			j++;
		if (j > i + 1 && j + 1 < n && p[j] == ',' && p[j + 1] == '}')
			len = j + 2 - i;
	}
	if (len && i + len < n && p[i + len] == '+')
		*possessive = 1;
	return len;
}

/* Two alternatives where one starts with the other ((a|a), (a|ab)) can
 * both match at one place: under a repeat that is exponential. */
static int overlapping_alts(const char *p, const struct nq_group *g, size_t close)
{
	for (size_t a = 0; a < g->nalt; a++) {
		size_t ea = a + 1 < g->nalt ? g->alt_start[a + 1] - 1 : close;
		for (size_t b = a + 1; b < g->nalt; b++) {
			size_t eb = b + 1 < g->nalt ? g->alt_start[b + 1] - 1 : close;
			size_t la = ea - g->alt_start[a], lb = eb - g->alt_start[b];
			size_t m = la < lb ? la : lb;
			if (memcmp(p + g->alt_start[a], p + g->alt_start[b], m) == 0)
				return 1;
		}
	}
	return 0;
}

static size_t skip_class(const char *p, size_t n, size_t i)
{
	i++;			/* '[' */
	if (i < n && p[i] == '^')
		i++;
	if (i < n && p[i] == ']')
		i++;
	while (i < n && p[i] != ']')
		i += p[i] == '\\' ? 2 : 1;
	return i < n ? i + 1 : n;
}

int lt_re_nested_quantifier(const char *p, size_t n)
{
	struct nq_group st[NQ_DEPTH];
	size_t depth = 0;
	memset(&st[0], 0, sizeof st[0]);
	st[0].nalt = 1;
	size_t i = 0;
	while (i < n) {
		struct nq_group *top = &st[depth];
		char c = p[i];
		size_t after;
		if (c == '\\') {
			after = i + 2;
		} else if (c == '[') {
			after = skip_class(p, n, i);
		} else if (c == '(') {
			if (depth + 1 >= NQ_DEPTH)
				return 0;
			depth++;
			memset(&st[depth], 0, sizeof st[depth]);
			/* (?: is a plain group: its first alternative starts after the colon */
			size_t skip = i + 2 < n && p[i + 1] == '?' && p[i + 2] == ':' ? 3 : 1;
			st[depth].open = i + 1;
			st[depth].alt_start[0] = i + skip;
			st[depth].nalt = 1;
			i += skip;
			continue;
		} else if (c == '|') {
			if (top->nalt < 16)
				top->alt_start[top->nalt++] = i + 1;
			i++;
			continue;
		} else if (c == ')' && depth > 0) {
			struct nq_group *g = &st[depth];
			int poss;
			size_t q = unbounded_quant(p, n, i + 1, &poss);
			int atomic = g->open + 1 < n && p[g->open] == '?' && p[g->open + 1] == '>';
			if (q && !poss && !atomic && (g->inner || overlapping_alts(p, g, i)))
				return 1;
			int inner = g->inner || q;
			depth--;
			st[depth].inner |= inner;
			i += 1 + q + (size_t)poss;
			continue;
		} else {
			after = i + 1;
		}
		int poss;
		size_t q = unbounded_quant(p, n, after, &poss);
		if (q && !poss)
			top->inner = 1;
		i = after + q + (size_t)poss;
	}
	return 0;
}
