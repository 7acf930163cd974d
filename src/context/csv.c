/* CSV reader: see csv.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context/csv.h"
#include "util/xalloc.h"

int lt_csv_open(struct lt_csv *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	size_t cap = 4096, len = 0;
	char *d = lt_xmalloc(cap);
	for (;;) {
		if (len + 1024 > cap) {
			cap *= 2;
			d = lt_xrealloc(d, cap);
		}
		size_t got = fread(d + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	int failed = ferror(f);
	fclose(f);
	if (failed) {
		free(d);
		errno = EIO;
		return -1;
	}
	d[len] = 0;
	c->data = d;
	c->len = len;
	if (len >= 3 && memcmp(d, "\xef\xbb\xbf", 3) == 0)
		c->pos = 3;
	c->line = 1;
	c->out = lt_xmalloc(len + 1);
	return 0;
}

static void push_field(struct lt_csv *c, char *start, size_t col)
{
	if (c->nfields == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->fields = lt_xrealloc(c->fields, c->cap * sizeof(char *));
		c->cols = lt_xrealloc(c->cols, c->cap * sizeof(size_t));
	}
	c->fields[c->nfields] = start;
	c->cols[c->nfields] = col;
	c->nfields++;
}

int lt_csv_next(struct lt_csv *c, size_t *row_line, size_t *err_line, size_t *err_col)
{
	/* Skip blank lines. */
	while (c->pos < c->len && (c->data[c->pos] == '\n' || c->data[c->pos] == '\r')) {
		if (c->data[c->pos] == '\n')
			c->line++;
		c->pos++;
	}
	if (c->pos >= c->len)
		return 0;
	c->nfields = 0;
	*row_line = c->line;
	size_t line_start = c->pos;
	char *o = c->out;
	for (;;) {
		char *field = o;
		size_t col = c->pos - line_start + 1;
		if (c->data[c->pos] == '"') {
			size_t qline = c->line, qcol = col;
			c->pos++;
			for (;;) {
				if (c->pos >= c->len) {
					*err_line = qline;
					*err_col = qcol;
					return -1;
				}
				char ch = c->data[c->pos++];
				if (ch == '"') {
					if (c->data[c->pos] != '"')
						break;
					c->pos++;
				} else if (ch == '\n') {
					c->line++;
					line_start = c->pos;
				}
				*o++ = ch;
			}
			char nx = c->data[c->pos];
			if (nx != ',' && nx != '\n' && nx != '\r' && nx != 0) {
				*err_line = c->line;
				*err_col = c->pos - line_start + 1;
				return -1;
			}
		} else {
			while (c->pos < c->len && c->data[c->pos] != ',' && c->data[c->pos] != '\n' &&
			       c->data[c->pos] != '\r')
				*o++ = c->data[c->pos++];
		}
		*o++ = 0;
		push_field(c, field, col);
		if (c->pos < c->len && c->data[c->pos] == ',') {
			c->pos++;
			continue;
		}
		if (c->pos < c->len && c->data[c->pos] == '\r')
			c->pos++;
		if (c->pos < c->len && c->data[c->pos] == '\n') {
			c->pos++;
			c->line++;
		}
		return 1;
	}
}

void lt_csv_close(struct lt_csv *c)
{
	free(c->data);
	free(c->fields);
	free(c->cols);
	free(c->out);
	memset(c, 0, sizeof(*c));
}
