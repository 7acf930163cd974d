/* input-walk: drive the input layer by hand (and for the input benchmark).
 *
 *   tests/input-walk [-c] [-q] [-r MAXRATIO] [-s MAXBYTES] [-d DEPTH] PATH...
 *
 * Prints one line per source and per stream (kind, member chain, filters,
 * size, SHA-256, status). -c copies every stream's content to stdout instead
 * (the listing then goes to stderr); -q reads the streams but prints only a
 * summary (used by doc/performance.md's "Input layer" measurement). Built
 * by `make check` but never run by it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "input/input.h"
#include "util/diag.h"

struct ctx {
	bool copy, quiet;
	FILE *list;
	uint64_t bytes, streams, sources;
};

static char buf[1 << 20];

static int on_stream(struct lt_stream *s, void *arg)
{
	struct ctx *c = arg;
	ssize_t n;
	while ((n = lt_stream_read(s, buf, sizeof buf)) > 0) {
		c->bytes += (uint64_t)n;
		if (c->copy && fwrite(buf, 1, (size_t)n, stdout) != (size_t)n)
			return -1;
	}
	return 0;
}

static void on_stream_end(const struct lt_stream *s, void *arg)
{
	struct ctx *c = arg;
	c->streams++;
	if (c->quiet)
		return;
	fprintf(c->list, "  stream %s member=%s filters=%s size=%" PRIu64 " sha256=%s%s%s\n", lt_kind_name(s->kind),
		s->member ? s->member : "-", s->filters[0] ? s->filters : "-", s->size, s->sha256,
		s->partial ? " PARTIAL: " : "", s->partial && s->fault ? s->fault : "");
}

static void on_source_end(const struct lt_source *src, void *arg)
{
	struct ctx *c = arg;
	c->sources++;
	if (c->quiet)
		return;
	fprintf(c->list, "source %u %s kind=%s status=%s size=%" PRIu64 " sha256=%s sha1=%s md5=%s%s%s\n", src->id,
		src->path, lt_kind_name(src->kind), lt_source_status_name(src->status), src->size, src->digests.sha256,
		src->digests.sha1, src->digests.md5, src->reason ? " reason: " : "", src->reason ? src->reason : "");
}

int main(int argc, char **argv)
{
	struct ctx c = { .list = stdout };
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	int opt;
	while ((opt = getopt(argc, argv, "cqr:s:d:m:")) != -1) {
		switch (opt) {
		case 'c': c.copy = true; c.list = stderr; break;
		case 'q': c.quiet = true; break;
		case 'r': o.max_ratio = strtoull(optarg, NULL, 10); break;
		case 'm': o.ratio_min_bytes = strtoull(optarg, NULL, 10); break;
		case 's': o.max_stream_bytes = strtoull(optarg, NULL, 10); break;
		case 'd': o.max_depth = (unsigned)strtoul(optarg, NULL, 10); break;
		default:
			fprintf(stderr, "usage: input-walk [-c] [-q] [-r RATIO] [-m RATIO-MIN] [-s MAXBYTES] [-d DEPTH] PATH...\n");
			return 64;
		}
	}
	struct lt_input_callbacks cb = { NULL, on_stream, on_stream_end, on_source_end, &c };
	int r = lt_input_walk((const char *const *)argv + optind, (size_t)(argc - optind), &o, &cb);
	if (c.quiet)
		printf("%" PRIu64 " sources, %" PRIu64 " streams, %" PRIu64 " bytes\n", c.sources, c.streams, c.bytes);
	return r < 0 ? 1 : lt_diag_count(LT_ERROR) ? 2 : 0;
}
