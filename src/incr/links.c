/* Where earlier nights' source bytes are now (links.h). */
#include "incr/links.h"

#include <string.h>

#include "evidence/manifest.h"

static const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The source's own content: its single stream that is not an archive
 * member. NULL for archives (several members: their path is checked as is). */
static const json_t *single_stream(const json_t *src)
{
	const json_t *streams = json_object_get(src, "streams");
	if (json_array_size(streams) != 1)
		return NULL;
	const json_t *st = json_array_get(streams, 0);
	if (!json_is_null(json_object_get(st, "member")) && json_object_get(st, "member"))
		return NULL;
	return jstr(st, "sha256") ? st : NULL;
}

static int64_t id_of(const json_t *src)
{
	return json_integer_value(json_object_get(src, "id"));
}

/* A source of this night whose stream is exactly these bytes. */
static int64_t find_same(const json_t *srcs, int64_t base, const char *sha, json_int_t size)
{
	size_t i;
	const json_t *s;
	json_array_foreach(srcs, i, s) {
		const json_t *st = single_stream(s);
		if (id_of(s) > base && st && strcmp(jstr(st, "sha256"), sha) == 0 &&
		    json_integer_value(json_object_get(st, "size")) == size)
			return id_of(s);
	}
	return 0;
}

/* This night's source at path (its own content). */
static int64_t find_path(const json_t *srcs, int64_t base, const char *path)
{
	size_t i;
	const json_t *s;
	json_array_foreach(srcs, i, s)
		if (id_of(s) > base && jstr(s, "path") && strcmp(jstr(s, "path"), path) == 0 && single_stream(s))
			return id_of(s);
	return 0;
}

/* A source of this night that was resumed after exactly these bytes. */
static int64_t find_resumed(const json_t *srcs, const json_t *log, int64_t base, const char *sha,
			    json_int_t size)
{
	size_t i;
	const json_t *e;
	json_array_foreach(log, i, e) {
		const char *from = jstr(e, "from_sha256");
		if (!from || strcmp(from, sha) != 0 || !jstr(e, "path") || jstr(e, "member") ||
		    json_integer_value(json_object_get(e, "from_offset")) != size)
			continue;
		int64_t id = find_path(srcs, base, jstr(e, "path"));
		if (id)
			return id;
	}
	return 0;
}

static void set_link(json_t *src, int64_t target, json_int_t bytes)
{
	json_object_set_new(src, "now_in", json_pack("{s:I, s:I}", "source", (json_int_t)target, "bytes", bytes));
}

size_t lt_incr_link_sources(json_t *manifest, const json_t *log, int64_t base)
{
	json_t *srcs = json_object_get(manifest, "sources");
	size_t linked = 0;
	/* Newest first: an older source linked to a newer earlier source
	 * follows that one's fresh link. */
	for (size_t k = json_array_size(srcs); k-- > 0;) {
		json_t *src = json_array_get(srcs, k);
		const json_t *st = single_stream(src);
		if (id_of(src) > base || !st)
			continue;
		const char *sha = jstr(st, "sha256");
		json_int_t size = json_integer_value(json_object_get(st, "size"));
		int64_t target = find_same(srcs, base, sha, size);
		if (!target)
			target = find_resumed(srcs, log, base, sha, size);
		if (!target) {
			/* Through the earlier link: the bytes are the start of
			 * a source whose own bytes moved on tonight. */
			const json_t *was = json_object_get(src, "now_in");
			const json_t *via = lt_manifest_source(manifest, json_integer_value(json_object_get(was, "source")));
			const json_t *next = json_object_get(via, "now_in");
			if (next && id_of(via) <= base)
				target = json_integer_value(json_object_get(next, "source"));
		}
		if (target) {
			set_link(src, target, size);
			linked++;
		}
	}
	return linked;
}

const char *lt_incr_where_now(const json_t *manifest, const char *path, const char *sha256)
{
	const json_t *srcs = json_object_get(manifest, "sources");
	const json_t *at = NULL;
	size_t i;
	const json_t *s;
	json_array_foreach(srcs, i, s)
		if (jstr(s, "path") && jstr(s, "sha256") && strcmp(jstr(s, "path"), path) == 0 &&
		    strcmp(jstr(s, "sha256"), sha256) == 0)
			at = s;
	/* Links point to the latest night's sources, which have none: the
	 * bound only guards against a manifest edited into a loop. */
	for (size_t hops = 0; at && json_object_get(at, "now_in") && hops < json_array_size(srcs); hops++) {
		const json_t *next = lt_manifest_source(manifest,
			json_integer_value(json_object_get(json_object_get(at, "now_in"), "source")));
		if (!next)
			break;
		at = next;
	}
	return at ? jstr(at, "path") : NULL;
}
