/* Unit tests for the manifest links of nightly cases (src/incr/links.h):
 * earlier nights' sources are linked to where their bytes are now, and a
 * finding's evidence is named by the file that holds it now. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "incr/links.h"

#define A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define C "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
#define GZ "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"

static json_t *source(int id, const char *path, const char *file_sha, const char *stream_sha, int size)
{
	return json_pack("{s:i, s:s, s:s, s:[{s:n, s:s, s:i}]}", "id", id, "path", path, "sha256", file_sha,
			 "streams", "member", "sha256", stream_sha, "size", size);
}

static int link_of(const json_t *m, int id, int *bytes)
{
	const json_t *s = json_array_get(json_object_get(m, "sources"), (size_t)id - 1);
	const json_t *l = json_object_get(s, "now_in");
	*bytes = (int)json_integer_value(json_object_get(l, "bytes"));
	return (int)json_integer_value(json_object_get(l, "source"));
}

/* Night 1 read access.log (A, 100 bytes); it grew to B (150 bytes) and was
 * compressed to access.log.1.gz by night 2, whose new access.log is C. */
Test(links, grown_then_compressed_file_is_followed)
{
	json_t *m = json_pack("{s:[o, o, o]}", "sources", source(1, "/l/access.log", A, A, 100),
			      source(2, "/l/access.log.1.gz", GZ, B, 150), source(3, "/l/access.log", C, C, 80));
	json_t *log = json_pack("[{s:s, s:n, s:s, s:i, s:s}]", "path", "/l/access.log.1.gz", "member",
				"status", "resumed", "from_offset", 100, "from_sha256", A);
	cr_assert_eq(lt_incr_link_sources(m, log, 1), 1);
	int bytes = 0;
	cr_assert_eq(link_of(m, 1, &bytes), 2);
	cr_assert_eq(bytes, 100);
	cr_assert_str_eq(lt_incr_where_now(m, "/l/access.log", A), "/l/access.log.1.gz");
	cr_assert_str_eq(lt_incr_where_now(m, "/l/access.log", C), "/l/access.log");
	cr_assert_null(lt_incr_where_now(m, "/l/other.log", A));
	json_decref(log);
	json_decref(m);
}

/* A renamed file keeps its bytes; a later night moves them on again, and
 * the older source follows through its earlier link. */
Test(links, links_are_carried_to_the_latest_night)
{
	json_t *m = json_pack("{s:[o, o]}", "sources", source(1, "/l/a.log", A, A, 100), source(2, "/l/a.log.1", A, A, 100));
	json_t *empty = json_array();
	cr_assert_eq(lt_incr_link_sources(m, empty, 1), 1);
	int bytes = 0;
	cr_assert_eq(link_of(m, 1, &bytes), 2);
	/* night 3: a.log.1 became a.log.2.gz (same bytes inside) */
	json_array_append_new(json_object_get(m, "sources"), source(3, "/l/a.log.2.gz", GZ, A, 100));
	cr_assert_eq(lt_incr_link_sources(m, empty, 2), 2);
	cr_assert_eq(link_of(m, 1, &bytes), 3);
	cr_assert_eq(link_of(m, 2, &bytes), 3);
	cr_assert_str_eq(lt_incr_where_now(m, "/l/a.log", A), "/l/a.log.2.gz");
	json_decref(empty);
	json_decref(m);
}

/* Bytes found nowhere tonight keep no new link: verify names them. */
Test(links, missing_bytes_are_not_linked)
{
	json_t *m = json_pack("{s:[o, o]}", "sources", source(1, "/l/a.log", A, A, 100), source(2, "/l/a.log", C, C, 10));
	json_t *empty = json_array();
	cr_assert_eq(lt_incr_link_sources(m, empty, 1), 0);
	cr_assert_null(json_object_get(json_array_get(json_object_get(m, "sources"), 0), "now_in"));
	json_decref(empty);
	json_decref(m);
}
