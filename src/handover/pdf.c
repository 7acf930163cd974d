/* The document as a print-ready A4 PDF through cairo and pango (doc.h).
 *
 * Why cairo/pango: pango shapes Japanese and wraps it at character
 * boundaries, cairo embeds the subset of the Noto CJK fonts actually used, so
 * the PDF prints the same on any machine without fonts installed there.
 * Determinism: the creation and modification dates are the case's date
 * (d->date), never the clock; everything else cairo writes depends only on
 * the content (checked by tests/e2e/handover.sh, which renders twice).
 */
#include "handover/doc.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#include "util/xalloc.h"

/* A4 in points, 20 mm margins. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 56.693
#define TEXT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN)

struct pen {
	cairo_t *cr;
	double y;
	int page;
};

static const char *font_of(enum lt_blk_kind k)
{
	switch (k) {
	case LT_BLK_TITLE: return "Noto Sans CJK JP Bold 18";
	case LT_BLK_H2: return "Noto Sans CJK JP Bold 13";
	case LT_BLK_H3: return "Noto Sans CJK JP Bold 10.5";
	case LT_BLK_RAW: return "Noto Sans Mono CJK JP 7.5";
	case LT_BLK_CITE: return "Noto Sans CJK JP 8.5";
	default: return "Noto Sans CJK JP 9.5";
	}
}

static double indent_of(enum lt_blk_kind k)
{
	return k == LT_BLK_RAW ? 28 : k == LT_BLK_CITE || k == LT_BLK_NOTE ? 14 : 0;
}

static double space_before(enum lt_blk_kind k)
{
	return k == LT_BLK_H2 ? 16 : k == LT_BLK_H3 ? 9 : k == LT_BLK_CITE ? 3 : k == LT_BLK_TITLE ? 0 : 2;
}

static void footer(struct pen *p)
{
	char num[32];
	snprintf(num, sizeof num, "- %d -", p->page);
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_from_string("Noto Sans CJK JP 8");
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, num, -1);
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	cairo_move_to(p->cr, (PAGE_W - w) / 2, PAGE_H - MARGIN / 2 - h);
	pango_cairo_show_layout(p->cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
}

static void new_page(struct pen *p)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
}

#define LABEL_W 130.0

static PangoLayout *layout(struct pen *p, const char *font, double width, const char *markup)
{
	PangoLayout *l = pango_cairo_create_layout(p->cr);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_markup(l, markup, -1);
	return l;
}

/* The block's text as pango markup; a note's or citation's label in bold
 * in front (a KV label is laid out on its own, in the left column). */
static char *markup_of(const struct lt_blk *b)
{
	char *text = g_markup_escape_text(b->text, -1);
	char *m;
	if (b->label && b->kind != LT_BLK_KV) {
		char *label = g_markup_escape_text(b->label, -1);
		m = lt_xasprintf("<b>%s</b> %s", label, text);
		g_free(label);
	} else {
		m = lt_xstrdup(text);
	}
	g_free(text);
	return m;
}

/* A KV label in the left column, at the current position; returns where it ends. */
static double draw_label(struct pen *p, const struct lt_blk *b)
{
	char *label = g_markup_escape_text(b->label ? b->label : "", -1);
	char *m = lt_xasprintf("<b>%s</b>", label);
	g_free(label);
	PangoLayout *l = layout(p, font_of(b->kind), LABEL_W - 8, m);
	free(m);
	int w, h;
	pango_layout_get_pixel_size(l, &w, &h);
	if (p->y + h > BOTTOM)
		new_page(p);
	cairo_move_to(p->cr, MARGIN, p->y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	return p->y + h;
}

static void rule_under(struct pen *p)
{
	cairo_set_line_width(p->cr, 0.6);
	cairo_move_to(p->cr, MARGIN, p->y + 1);
	cairo_line_to(p->cr, PAGE_W - MARGIN, p->y + 1);
	cairo_stroke(p->cr);
	p->y += 4;
}

/* Lay the block out and draw it line by line, so that a long block breaks
 * across pages between lines. */
static void draw_block(struct pen *p, const struct lt_blk *b)
{
	double indent = b->kind == LT_BLK_KV ? LABEL_W : indent_of(b->kind);
	char *markup = markup_of(b);
	PangoLayout *l = layout(p, font_of(b->kind), TEXT_W - indent, markup);
	free(markup);
	if (b->kind == LT_BLK_TITLE)
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	p->y += space_before(b->kind);
	double label_end = b->kind == LT_BLK_KV ? draw_label(p, b) : 0;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	do {
		PangoRectangle logical;
		pango_layout_iter_get_line_extents(it, NULL, &logical);
		double h = (double)logical.height / PANGO_SCALE;
		if (p->y + h > BOTTOM)
			new_page(p);
		double x = MARGIN + indent + (double)logical.x / PANGO_SCALE;
		double baseline = p->y + (double)(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
		cairo_move_to(p->cr, x, baseline);
		pango_cairo_show_layout_line(p->cr, pango_layout_iter_get_line_readonly(it));
		p->y += h;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	if (label_end > p->y)
		p->y = label_end;
	if (b->kind == LT_BLK_H2)
		rule_under(p);
	g_object_unref(l);
}

/* Pango, cairo and fontconfig keep the loaded fonts in process-wide caches;
 * they are released after each document, so that a run checked for leaks
 * (the AddressSanitizer build of the tests) shows only leaktrail's own, and
 * the next document loads them again. */
static void release_font_caches(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

static void set_metadata(cairo_surface_t *s, const struct lt_doc *d)
{
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "leaktrail " PACKAGE_VERSION);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, d->date);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, d->date);
}

int lt_doc_write_pdf(const struct lt_doc *d, const char *path, char *err, size_t errlen)
{
	cairo_surface_t *s = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "%s: %s", path, cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return -1;
	}
	set_metadata(s, d);
	struct pen p = { cairo_create(s), MARGIN, 1 };
	cairo_set_source_rgb(p.cr, 0, 0, 0);
	for (size_t i = 0; i < d->n; i++)
		draw_block(&p, &d->v[i]);
	footer(&p);
	cairo_show_page(p.cr);
	cairo_destroy(p.cr);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	release_font_caches();
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "%s: %s", path, cairo_status_to_string(st));
		return -1;
	}
	return 0;
}
