/* Squid "logformat" templates (squid.conf's logformat directive), for
 * access logs written in a custom layout:
 *
 *   --parser-option squid.logformat='%ts.%03tu %6tr %>a %Ss/%03>Hs %<st %rm %ru %un %Sh/%<a %mt'
 *
 * The value may also be the whole directive ("logformat NAME FORMAT").
 * Codes read (Squid's names): %ts %tu %tl %tg %tr %>a %>A %<a %<A %>p %<p
 * %Ss %Sh %>Hs %<Hs %<st %>st %st %rm %ru %>ru %rp %rv %un %ul %ue %us %ui
 * %mt %{Header}>h; any other code is skipped as an unnamed field. Modifiers
 * (- " [ # ' width .precision) are accepted and ignored: a field runs up to
 * the template's next literal text, and blanks in the template match runs
 * of blanks (widths pad with them).
 *
 * Ownership: squid_fmt_compile allocates the template (lt_x*), which
 * squid_fmt_free releases; squid_fmt_match fills spans into the caller's
 * line, valid while the line is.
 */
#ifndef LT_SQUID_FMT_H
#define LT_SQUID_FMT_H
#include <stdbool.h>
#include <stddef.h>

#include "record/record.h"

enum squid_code {
	SQF_LIT,	/* literal text */
	SQF_OTHER,	/* a code we do not map: skipped */
	SQF_TS, SQF_TU, SQF_TL, SQF_TG, SQF_TR,
	SQF_CLIENT, SQF_CLIENT_NAME, SQF_SERVER, SQF_SERVER_NAME, SQF_CLIENT_PORT, SQF_SERVER_PORT,
	SQF_SQUID_STATUS, SQF_HIER, SQF_HTTP_STATUS, SQF_REPLY_BYTES, SQF_REQUEST_BYTES, SQF_TOTAL_BYTES,
	SQF_METHOD, SQF_URL, SQF_PATH, SQF_VERSION, SQF_USER, SQF_MIME,
	SQF_USER_AGENT, SQF_REFERER, SQF_HEADER,
	SQF_NCODES
};

struct squid_tok {
	enum squid_code code;
	const char *lit;	/* SQF_LIT: the text (into the template's copy) */
	size_t lit_n;
};

struct squid_fmt {
	char *text;		/* the template, copied */
	struct squid_tok *tok;
	size_t ntok;
};

/* Compile spec; 0, or -1 with *error set (static string). */
int squid_fmt_compile(const char *spec, struct squid_fmt *f, const char **error);
void squid_fmt_free(struct squid_fmt *f);

/* Match a line: out[code] gets the value of the last field of that code
 * ("-" left as it is). Returns true when the whole template matched. */
bool squid_fmt_match(const struct squid_fmt *f, const char *s, size_t n, struct lt_str out[SQF_NCODES]);

#endif
