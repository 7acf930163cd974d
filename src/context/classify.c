/* Classification labels and secret repositories (see context.h).
 *
 * Patterns are PCRE2 (UTF, JIT compiled at load). Matching needs a
 * pcre2_match_data, which must not be shared between threads: each thread
 * keeps one in thread-local storage, created on first use, so matching a
 * record never allocates after the first call.
 */
#include <stdlib.h>
#include <string.h>

#include "context/context_impl.h"
#include "util/regex.h"

pcre2_code *lt_ctx_compile(const char *pattern, const char *file, size_t line, size_t col,
			   struct lt_ctx_err *e)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF,
				       &errcode, &erroff, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		lt_ctx_error(e, file, line, col, "bad pattern at offset %zu: %s", (size_t)erroff,
			     (const char *)msg);
		return NULL;
	}
	lt_re_jit(re); /* falls back to the interpreter */
	return re;
}

static _Thread_local pcre2_match_data *tls_md;

static pcre2_match_data *thread_match_data(void)
{
	if (!tls_md)
		tls_md = pcre2_match_data_create(4, NULL);
	return tls_md;
}

/* Patterns that gave up (util/regex.h): counted, and kept per thread until
 * the caller takes them with lt_context_limits_take, so that the record
 * and the field can be named -- never a silent "not classified". */
static _Atomic unsigned long limit_hits;

#define PENDING_MAX 8
static _Thread_local struct {
	struct lt_ctx_limit v[PENDING_MAX];
	size_t n;		/* may exceed PENDING_MAX: the rest are counted only */
} pending;

unsigned long lt_context_regex_limits(void)
{
	return limit_hits;
}

size_t lt_context_limits_take(struct lt_ctx_limit *v, size_t max)
{
	size_t n = pending.n;
	for (size_t i = 0; i < n && i < max && i < PENDING_MAX; i++)
		v[i] = pending.v[i];
	pending.n = 0;
	return n;
}

static void note_limit(const char *origin, int rc)
{
	limit_hits++;
	if (pending.n < PENDING_MAX)
		pending.v[pending.n] = (struct lt_ctx_limit){ origin, lt_re_why(rc) };
	pending.n++;
}

/* Returns the match start and length, or false. */
static bool match(const pcre2_code *re, const char *origin, const char *s, size_t len, size_t *off,
		  size_t *mlen)
{
	pcre2_match_data *md = thread_match_data();
	int rc = 0;
	enum lt_re_result res = lt_re_match(re, s, len, md, &rc);
	if (res == LT_RE_LIMIT || res == LT_RE_ERROR)
		note_limit(origin, rc);
	if (res != LT_RE_MATCH)
		return false;
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	*off = ov[0];
	*mlen = ov[1] - ov[0];
	return true;
}

bool lt_context_classified(const struct lt_context *ctx, const char *s, size_t len,
			   const char **label, size_t *label_len)
{
	size_t off, n;
	if (!ctx->label_re || !match(ctx->label_re, ctx->label_origin, s, len, &off, &n))
		return false;
	if (label)
		*label = s + off;
	if (label_len)
		*label_len = n;
	return true;
}

bool lt_context_secret_repo(const struct lt_context *ctx, const char *path, size_t len,
			    const char **name, const char **area)
{
	for (size_t i = 0; i < ctx->nrepos; i++) {
		size_t off, n;
		if (!match(ctx->repos[i].re, ctx->repos[i].origin, path, len, &off, &n))
			continue;
		if (name)
			*name = ctx->repos[i].name;
		if (area)
			*area = ctx->repos[i].area;
		return true;
	}
	return false;
}

/* Release this thread's match data (for tests and thread exit). */
void lt_context_thread_cleanup(void)
{
	pcre2_match_data_free(tls_md);
	tls_md = NULL;
	lt_re_thread_cleanup();
}
