/* A growable byte buffer, reused across records to keep the hot path free of
 * per-line allocation. The buffer owns data; lt_buf_free releases it.
 * data is always NUL-terminated after any append (the NUL is not in len).
 */
#ifndef LT_BUF_H
#define LT_BUF_H
#include <stddef.h>

struct lt_buf {
	char *data;
	size_t len;
	size_t cap;
};

#define LT_BUF_INIT { NULL, 0, 0 }

void lt_buf_init(struct lt_buf *b);
void lt_buf_free(struct lt_buf *b);
/* Append the whole file at path to b (b->data is never NULL afterwards).
 * Returns 0, or -1 with the reason in err (when err is not NULL). */
int lt_buf_load_file(struct lt_buf *b, const char *path, char *err, size_t errlen);
void lt_buf_reset(struct lt_buf *b);
void lt_buf_reserve(struct lt_buf *b, size_t extra);
void lt_buf_append(struct lt_buf *b, const void *p, size_t n);
void lt_buf_puts(struct lt_buf *b, const char *s);
void lt_buf_putc(struct lt_buf *b, char c);
void lt_buf_printf(struct lt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Hand the bytes to the caller (who frees them) and leave b empty. */
char *lt_buf_detach(struct lt_buf *b);

#endif
