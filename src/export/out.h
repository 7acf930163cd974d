/* An output file that hashes what is written to it.
 *
 * Exports are written to "PATH.tmp.PID" and renamed into place on
 * lt_out_close, so a crash never leaves half a report under the real name;
 * "-" writes to stdout. The SHA-256 and size of the bytes written are
 * available after close, for the manifest's "outputs" section.
 *
 * Ownership: lt_out_open allocates; lt_out_close frees everything.
 */
#ifndef LT_OUT_H
#define LT_OUT_H
#include <stddef.h>
#include <stdint.h>

#include "util/hash.h"

struct lt_out;

struct lt_out *lt_out_open(const char *path);	/* NULL with errno set */
void lt_out_write(struct lt_out *o, const void *p, size_t n);
void lt_out_puts(struct lt_out *o, const char *s);
void lt_out_printf(struct lt_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Finish: 0 on success (sha256 and size filled), -1 on a write error (errno). */
/* Bytes written so far (writers that keep an output bounded read it). */
uint64_t lt_out_written(const struct lt_out *o);
int lt_out_close(struct lt_out *o, char sha256[LT_SHA256_HEX], uint64_t *size);

#endif
