/* CUPS page_log.
 *
 * Default PageLogFormat of CUPS 1.6 and later, one line per job:
 *   printer user job-id [date] total num-sheets job-billing host job-name media sides
 *   "DeskJet root 1 [20/May/1999:19:21:06 +0000] total 2 acme-123 localhost myjob na_letter_8.5x11in one-sided"
 * CUPS 1.2-1.5 (and 1.6+ configured so), one line per page with the same tail:
 *   "ML1640 alice 28 [18/Aug/2014:11:28:50 -0300] 1 1 - 192.168.0.105 Test Page - -"
 * CUPS 1.1, one line per page without host and name:
 *   "tec_IS2027 kurt 401 [22/Apr/2003:10:28:43 +0100] 1 3 #marketing"
 *
 * Job names are not quoted and may contain spaces: the fixed fields are
 * read from the left, media and sides from the right, and the job name is
 * what lies between. Decision (doc/parsers.md): one record per line, no
 * aggregation of per-page lines (a job's pages can interleave with other
 * jobs and aggregation would need unbounded state); a per-page record has
 * leaktrail.print.page = the page number and leaktrail.print.copies, and
 * leaktrail.print.pages = copies (sheets for that page), so summing
 * leaktrail.print.pages over a job gives its impressions either way.
 */
#include <ctype.h>
#include <string.h>

#include "mailcommon.h"
#include "parse/fields.h"
#include "parse/parser.h"

#define MAX_TOK 256

struct cups_line {
	struct lt_str printer, user, job, date, page, count;
	struct lt_str billing, host, name, media, sides;
	bool total;
	bool has_tail;	/* host/name/media/sides present (CUPS 1.2+) */
};

static bool all_digits(struct lt_str s)
{
	if (s.n == 0)
		return false;
	for (size_t i = 0; i < s.n; i++)
		if (!isdigit((unsigned char)s.p[i]))
			return false;
	return true;
}

static bool split_cups(const char *s, size_t n, struct cups_line *cl)
{
	memset(cl, 0, sizeof *cl);
	const char *lb = memchr(s, '[', n);
	if (!lb)
		return false;
	const char *rb = memchr(lb, ']', n - (size_t)(lb - s));
	if (!rb)
		return false;
	struct lt_str head[4];
	if (lt_split_ws(s, (size_t)(lb - s), head, 4) != 3)
		return false;
	cl->printer = head[0];
	cl->user = head[1];
	cl->job = head[2];
	if (!all_digits(cl->job))
		return false;
	cl->date = (struct lt_str){ lb + 1, (size_t)(rb - lb - 1) };
	const char *rest = rb + 1;
	size_t rn = n - (size_t)(rest - s);
	struct lt_str t[MAX_TOK];
	size_t nt = lt_split_ws(rest, rn, t, MAX_TOK);
	if (nt < 2 || nt > MAX_TOK)
		return false;
	cl->page = t[0];
	cl->total = lt_str_eq(t[0], "total");
	if (!cl->total && !all_digits(t[0]))
		return false;
	cl->count = t[1];
	if (!all_digits(cl->count))
		return false;
	if (nt >= 3)
		cl->billing = t[2];
	if (nt >= 4)
		cl->host = t[3];
	if (nt >= 7) {
		cl->has_tail = true;
		cl->media = t[nt - 2];
		cl->sides = t[nt - 1];
		cl->name = (struct lt_str){ t[4].p, (size_t)(t[nt - 3].p + t[nt - 3].n - t[4].p) };
	} else if (nt >= 5) {
		/* host and name without media/sides (a custom PageLogFormat) */
		cl->name = (struct lt_str){ t[4].p, (size_t)(t[nt - 1].p + t[nt - 1].n - t[4].p) };
	}
	return true;
}

static bool probe_line(const char *s, size_t n)
{
	struct cups_line cl;
	lt_time_us t;
	int32_t off;
	return split_cups(s, n, &cl) && lt_time_parse_apache(cl.date.p, cl.date.n, &t, &off) == 0;
}

static int cups_probe(const struct lt_probe_data *pd)
{
	int ratio = lt_mc_ratio(pd, probe_line);
	bool named = pd->name && strstr(pd->name, "page_log");
	if (ratio >= 80)
		return named ? 90 : 75;
	if (ratio >= 50)
		return 50;
	return 0;
}

static void set_host(struct lt_record *r, struct lt_str host)
{
	if (lt_str_is_dash(host))
		return;
	lt_rec_set_span(r, LT_F_PRINT_CLIENT, host);
	if (lt_is_ip(host))
		lt_rec_set_span(r, LT_F_SOURCE_IP, host);
	else
		lt_rec_set_span(r, LT_F_SOURCE_DOMAIN, host);
}

static enum lt_line_result cups_parse_line(void *state, struct lt_parse_ctx *ctx,
					   const struct lt_line *line, const char **reason)
{
	(void)state;
	struct cups_line cl;
	size_t n = line->len;
	while (n && (line->text[n - 1] == '\r' || line->text[n - 1] == ' '))
		n--;
	if (n == 0)
		return LT_LINE_META;
	if (!split_cups(line->text, n, &cl)) {
		*reason = "not a CUPS page_log line (printer user job [date] page copies ...)";
		return LT_LINE_UNPARSED;
	}
	lt_time_us t;
	int32_t off;
	if (lt_time_parse_apache(cl.date.p, cl.date.n, &t, &off) != 0) {
		*reason = "CUPS page_log: bad date (want [DD/Mon/YYYY:HH:MM:SS +ZZZZ])";
		return LT_LINE_UNPARSED;
	}
	struct lt_record *r = lt_parse_begin(ctx, line);
	lt_rec_set_event_time_off(r, t, cl.date.p, cl.date.n, off);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "print");
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "print");
	lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, "success");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "cups.page_log");
	lt_rec_set_span(r, LT_F_PRINT_PRINTER, cl.printer);
	lt_rec_set_span(r, LT_F_USER_NAME, cl.user);
	lt_rec_set_span_int(r, LT_F_PRINT_JOB_ID, cl.job);
	int64_t count = 0;
	lt_parse_int(cl.count.p, cl.count.n, &count);
	if (cl.total) {
		/* total line: the count is job-media-sheets-completed */
		lt_rec_set_int(r, LT_F_PRINT_PAGES, count);
	} else {
		lt_rec_set_span_int(r, LT_F_PRINT_PAGE, cl.page);
		lt_rec_set_int(r, LT_F_PRINT_COPIES, count);
		lt_rec_set_int(r, LT_F_PRINT_PAGES, count);
	}
	lt_rec_set_span(r, LT_F_PRINT_BILLING, cl.billing);
	set_host(r, cl.host);
	if (!lt_str_is_dash(cl.name)) {
		lt_rec_set_span(r, LT_F_PRINT_DOCUMENT, cl.name);
		lt_rec_set_span(r, LT_F_FILE_NAME, cl.name);
	}
	lt_rec_set_span(r, LT_F_PRINT_MEDIA, cl.media);
	lt_rec_set_span(r, LT_F_PRINT_SIDES, cl.sides);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

const struct lt_parser lt_parser_cups_page_log = {
	.name = "cups_page_log",
	.family = "print",
	.description = "CUPS page_log (default PageLogFormat and the older per-page form)",
	.probe = cups_probe,
	.parse_line = cups_parse_line,
};
