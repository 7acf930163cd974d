/* The document model and its HTML writer (doc.h). */
#include "handover/doc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/out.h"
#include "util/xalloc.h"

void lt_doc_init(struct lt_doc *d, const char *lang, const char *title, const char *date)
{
	memset(d, 0, sizeof *d);
	d->lang = lt_xstrdup(lang);
	d->title = lt_xstrdup(title);
	d->date = lt_xstrdup(date);
}

void lt_doc_free(struct lt_doc *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].label);
		free(d->v[i].text);
	}
	free(d->v);
	free(d->lang);
	free(d->title);
	free(d->date);
	memset(d, 0, sizeof *d);
}

void lt_doc_add(struct lt_doc *d, enum lt_blk_kind kind, const char *label, const char *text)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 64;
		d->v = lt_xrealloc(d->v, d->cap * sizeof *d->v);
	}
	d->v[d->n++] = (struct lt_blk){ kind, label ? lt_xstrdup(label) : NULL, lt_xstrdup(text ? text : "") };
}

void lt_doc_addf(struct lt_doc *d, enum lt_blk_kind kind, const char *label, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = lt_xmalloc(n < 0 ? 1 : (size_t)n + 1);
	s[0] = '\0';
	if (n >= 0)
		vsnprintf(s, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	lt_doc_add(d, kind, label, s);
	free(s);
}

static void put_escaped(struct lt_out *o, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<': lt_out_puts(o, "&lt;"); break;
		case '>': lt_out_puts(o, "&gt;"); break;
		case '&': lt_out_puts(o, "&amp;"); break;
		case '"': lt_out_puts(o, "&quot;"); break;
		default: lt_out_write(o, s, 1); break;
		}
	}
}

/* Fonts are named, never fetched: the recipient's machine or the print
 * driver supplies them (the PDF carries them embedded). */
static const char css[] =
	"body{font-family:'Noto Sans CJK JP','Noto Sans JP','Hiragino Kaku Gothic ProN','Yu Gothic',"
	"'Meiryo',sans-serif;font-size:10.5pt;line-height:1.6;max-width:48em;margin:2em auto;color:#000}\n"
	"h1{font-size:18pt;text-align:center;margin-bottom:1.5em}\n"
	"h2{font-size:13pt;border-bottom:1px solid #000;margin-top:2em}\n"
	"h3{font-size:11pt;margin:1.4em 0 .3em}\n"
	"dl.kv{display:grid;grid-template-columns:12em 1fr;margin:.2em 0}\n"
	"dl.kv dt{font-weight:bold}dl.kv dd{margin:0;overflow-wrap:anywhere}\n"
	".note{border-left:3px solid #555;padding-left:.8em;margin:.4em 0}\n"
	".cite{font-size:9pt;margin:.3em 0 0 1em;overflow-wrap:anywhere}\n"
	"pre.raw{font-family:'Noto Sans Mono CJK JP',monospace;font-size:8.5pt;margin:0 0 0 2em;"
	"white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4}\n"
	"@page{size:A4;margin:20mm}\n"
	"@media print{body{margin:0;max-width:none}h3{break-after:avoid}}\n";

static void put_block(struct lt_out *o, const struct lt_blk *b)
{
	static const char *const open[] = { "<h1>", "<h2>", "<h3>", "<p>", "", "", "", "<pre class=\"raw\">" };
	static const char *const close[] = { "</h1>\n", "</h2>\n", "</h3>\n", "</p>\n", "", "", "", "</pre>\n" };
	if (b->kind == LT_BLK_KV) {
		lt_out_puts(o, "<dl class=\"kv\"><dt>");
		put_escaped(o, b->label);
		lt_out_puts(o, "</dt><dd>");
		put_escaped(o, b->text);
		lt_out_puts(o, "</dd></dl>\n");
		return;
	}
	if (b->kind == LT_BLK_NOTE || b->kind == LT_BLK_CITE) {
		lt_out_puts(o, b->kind == LT_BLK_NOTE ? "<div class=\"note\"><b>" : "<div class=\"cite\"><b>");
		put_escaped(o, b->label);
		lt_out_puts(o, "</b> ");
		put_escaped(o, b->text);
		lt_out_puts(o, "</div>\n");
		return;
	}
	lt_out_puts(o, open[b->kind]);
	put_escaped(o, b->text);
	lt_out_puts(o, close[b->kind]);
}

int lt_doc_write_html(const struct lt_doc *d, const char *path, char sha256[LT_SHA256_HEX], char *err,
		      size_t errlen)
{
	struct lt_out *o = lt_out_open(path);
	if (!o) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	lt_out_puts(o, "<!DOCTYPE html>\n<html lang=\"");
	put_escaped(o, d->lang);
	lt_out_puts(o, "\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	put_escaped(o, d->title);
	lt_out_printf(o, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
	for (size_t i = 0; i < d->n; i++)
		put_block(o, &d->v[i]);
	lt_out_puts(o, "</body>\n</html>\n");
	uint64_t size;
	if (lt_out_close(o, sha256, &size) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
