/* The shard plan (shard.h). */
#include "case/shard.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/sort.h"
#include "util/xalloc.h"

int lt_shard_parse(const char *spec, unsigned *index, unsigned *count, char *err, size_t errlen)
{
	char *end;
	errno = 0;
	unsigned long i = strtoul(spec, &end, 10);
	bool ok = errno == 0 && end != spec && *spec != '-' && *spec != '+' && *end == '/';
	unsigned long n = 0;
	if (ok) {
		const char *ns = end + 1;
		n = strtoul(ns, &end, 10);
		ok = errno == 0 && end != ns && *ns != '-' && *ns != '+' && *end == '\0';
	}
	if (!ok || n < 1 || n > LT_SHARD_MAX || i >= n) {
		snprintf(err, errlen, "--shard wants I/N with 0 <= I < N <= %d (e.g. 0/4), not '%s'", LT_SHARD_MAX,
			 spec);
		return -1;
	}
	*index = (unsigned)i;
	*count = (unsigned)n;
	return 0;
}

/* The plan walk: number and size every source, read none. */
struct planwalk {
	char **paths;
	uint64_t *sizes;
	size_t n, cap;
};

static bool plan_note(uint32_t id, const char *path, void *arg)
{
	struct planwalk *p = arg;
	if (id > p->cap) {
		p->cap = p->cap ? p->cap * 2 : 256;
		p->paths = lt_xrealloc(p->paths, p->cap * sizeof *p->paths);
		p->sizes = lt_xrealloc(p->sizes, p->cap * sizeof *p->sizes);
	}
	struct stat st;
	p->paths[id - 1] = lt_xstrdup(path);
	p->sizes[id - 1] = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
	p->n = id;
	return false;
}

static const struct planwalk *sort_ctx;

/* Largest first; equal sizes by path, byte-wise. */
static int cmp_big_first(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	uint64_t sx = sort_ctx->sizes[x], sy = sort_ctx->sizes[y];
	if (sx != sy)
		return sx < sy ? 1 : -1;
	int c = strcmp(sort_ctx->paths[x], sort_ctx->paths[y]);
	if (c)
		return c;
	return (x > y) - (x < y);
}

static void digest_list(struct lt_shard *sh, const struct planwalk *p)
{
	struct lt_hasher h;
	lt_hasher_init(&h, LT_HASH_SHA256);
	for (size_t i = 0; i < p->n; i++) {
		char size[32];
		int len = snprintf(size, sizeof size, "%llu\t", (unsigned long long)p->sizes[i]);
		lt_hasher_update(&h, size, (size_t)len);
		lt_hasher_update(&h, p->paths[i], strlen(p->paths[i]));
		lt_hasher_update(&h, "\n", 1);
	}
	struct lt_digests d;
	lt_hasher_final(&h, &d);
	memcpy(sh->digest, d.sha256, LT_SHA256_HEX);
}

static void assign(struct lt_shard *sh, const struct planwalk *p)
{
	size_t *order = lt_xcalloc(p->n ? p->n : 1, sizeof *order);
	for (size_t i = 0; i < p->n; i++)
		order[i] = i;
	sort_ctx = p;
	lt_qsort(order, p->n, sizeof *order, cmp_big_first);
	sort_ctx = NULL;
	uint64_t *load = lt_xcalloc(sh->count, sizeof *load);
	for (size_t k = 0; k < p->n; k++) {
		unsigned best = 0;
		for (unsigned s = 1; s < sh->count; s++)
			if (load[s] < load[best])
				best = s;
		load[best] += p->sizes[order[k]];
		sh->owner[order[k]] = best;
	}
	for (size_t i = 0; i < p->n; i++) {
		sh->bytes += p->sizes[i];
		if (sh->owner[i] == sh->index) {
			sh->my_sources++;
			sh->my_bytes += p->sizes[i];
		}
	}
	free(load);
	free(order);
}

int lt_shard_plan(struct lt_shard *sh, unsigned index, unsigned count, const char *const *inputs,
		  size_t ninputs, const struct lt_input_opts *in, char *err, size_t errlen)
{
	memset(sh, 0, sizeof *sh);
	for (size_t i = 0; i < ninputs; i++)
		if (strcmp(inputs[i], "-") == 0) {
			snprintf(err, errlen, "--shard cannot share stdin ('-') between machines: give paths");
			return -1;
		}
	sh->index = index;
	sh->count = count;
	struct planwalk p = { 0 };
	struct lt_input_opts po = *in;
	po.shard_count = 0;
	po.select = plan_note;
	po.select_arg = &p;
	lt_input_walk(inputs, ninputs, &po, &(struct lt_input_callbacks){ 0 });
	sh->nsources = p.n;
	sh->paths = p.paths;
	sh->owner = lt_xcalloc(p.n ? p.n : 1, sizeof *sh->owner);
	digest_list(sh, &p);
	assign(sh, &p);
	free(p.sizes);
	return 0;
}

bool lt_shard_select(uint32_t id, const char *path, void *arg)
{
	struct lt_shard *sh = arg;
	if (id < 1 || id > sh->nsources || strcmp(sh->paths[id - 1], path) != 0) {
		if (!sh->moved)
			sh->moved = lt_xstrdup(path);
		return false;
	}
	return sh->owner[id - 1] == sh->index;
}

json_t *lt_shard_json(const struct lt_shard *sh)
{
	return json_pack("{s:i, s:i, s:s, s:I, s:I, s:I, s:I}", "index", (int)sh->index, "count", (int)sh->count,
			 "inputs_digest", sh->digest, "inputs_sources", (json_int_t)sh->nsources,
			 "inputs_bytes", (json_int_t)sh->bytes, "sources", (json_int_t)sh->my_sources,
			 "bytes", (json_int_t)sh->my_bytes);
}

void lt_shard_free(struct lt_shard *sh)
{
	if (!sh)
		return;
	for (size_t i = 0; i < sh->nsources; i++)
		free(sh->paths[i]);
	free(sh->paths);
	free(sh->owner);
	free(sh->moved);
	memset(sh, 0, sizeof *sh);
}
