#include "util/diag.h"
#include "util/buf.h"
#include "util/escape.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long counts[3];
static int quiet_mode;

void lt_loc_format(const struct lt_loc *loc, char *out, unsigned long outlen)
{
	struct lt_buf b = LT_BUF_INIT;
	out[0] = '\0';
	if (!loc || outlen == 0)
		return;
	if (loc->path)
		lt_buf_puts(&b, loc->path);
	if (loc->member)
		lt_buf_printf(&b, "%smember %s", b.len ? ": " : "", loc->member);
	if (loc->has_offset)
		lt_buf_printf(&b, "%soffset %" PRIu64, b.len ? ": " : "", loc->offset);
	if (loc->line)
		lt_buf_printf(&b, "%sline %" PRIu64, b.len ? ": " : "", loc->line);
	if (b.len) {
		size_t n = b.len < outlen - 1 ? b.len : outlen - 1;
		memcpy(out, b.data, n);
		out[n] = '\0';
	}
	lt_buf_free(&b);
}

void lt_diag(enum lt_severity sev, const struct lt_loc *loc, const char *fmt, ...)
{
	static const char *const names[] = { "note", "warning", "error" };
	counts[sev]++;
	if (quiet_mode && sev != LT_ERROR)
		return;
	char where[1024];
	lt_loc_format(loc, where, sizeof where);
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	/* Paths, member names and messages quote evidence: escaped, so a
	 * crafted name cannot drive the examiner's terminal (escape.h). */
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_printf(&b, "leaktrail: %s: ", names[sev]);
	if (where[0]) {
		lt_escape_append(&b, where, strlen(where));
		lt_buf_puts(&b, ": ");
	}
	if (n >= 0)
		lt_escape_append(&b, msg, (size_t)n);
	else
		lt_buf_puts(&b, "(message could not be formatted)");
	lt_buf_putc(&b, '\n');
	fwrite(b.data, 1, b.len, stderr);
	lt_buf_free(&b);
	free(msg);
}

unsigned long lt_diag_count(enum lt_severity sev)
{
	return counts[sev];
}

void lt_diag_reset(void)
{
	memset(counts, 0, sizeof counts);
}

void lt_diag_set_quiet(int quiet)
{
	quiet_mode = quiet;
}
