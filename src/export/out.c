/* Hashing output files with atomic replacement (out.h). */
#include "export/out.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

struct lt_out {
	FILE *f;
	char *path, *tmp;	/* tmp NULL for stdout */
	struct lt_hasher h;
	uint64_t size;
	int err;
};

struct lt_out *lt_out_open(const char *path)
{
	struct lt_out *o = lt_xcalloc(1, sizeof *o);
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
	} else {
		o->path = lt_xstrdup(path);
		o->tmp = lt_xasprintf("%s.tmp.%ld", path, (long)getpid());
		o->f = fopen(o->tmp, "wb");
		if (!o->f) {
			int e = errno;
			free(o->path);
			free(o->tmp);
			free(o);
			errno = e;
			return NULL;
		}
	}
	lt_hasher_init(&o->h, LT_HASH_SHA256);
	return o;
}

void lt_out_write(struct lt_out *o, const void *p, size_t n)
{
	if (n == 0)
		return;
	lt_hasher_update(&o->h, p, n);
	o->size += n;
	if (fwrite(p, 1, n, o->f) != n && !o->err)
		o->err = errno ? errno : EIO;
}

void lt_out_puts(struct lt_out *o, const char *s)
{
	lt_out_write(o, s, strlen(s));
}

void lt_out_printf(struct lt_out *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fputs("leaktrail: out of memory\n", stderr);
		exit(70);
	}
	lt_out_write(o, s, (size_t)n);
	free(s);
}

uint64_t lt_out_written(const struct lt_out *o)
{
	return o->size;
}

int lt_out_close(struct lt_out *o, char sha256[LT_SHA256_HEX], uint64_t *size)
{
	struct lt_digests d;
	lt_hasher_final(&o->h, &d);
	strcpy(sha256, d.sha256);
	*size = o->size;
	int err = o->err;
	if (fflush(o->f) != 0 && !err)
		err = errno;
	if (o->tmp) {
		if (fsync(fileno(o->f)) != 0 && !err)
			err = errno;
		if (fclose(o->f) != 0 && !err)
			err = errno;
		if (!err && rename(o->tmp, o->path) != 0)
			err = errno;
		if (err)
			unlink(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	free(o);
	errno = err;
	return err ? -1 : 0;
}
