/* libFuzzer target for every parser of the table: the input is fed as a
 * stream (lines) to the parser named by the environment variable
 * LT_FUZZ_PARSER through the parse framework, exactly as ingest does with
 * --format, and every record is turned into JSON and msgpack so that what
 * the parser stored is read back too. One binary (--enable-fuzzing);
 * tests/fuzz/run-fuzz.sh runs it once per parser that `leaktrail parsers`
 * lists, so a new parser is fuzzed without a build change. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "record/record.h"
#include "util/buf.h"
#include "util/diag.h"


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct mem {
	const uint8_t *p;
	size_t n, off;
};

static ssize_t mem_read(void *arg, void *buf, size_t n)
{
	struct mem *m = arg;
	size_t left = m->n - m->off;
	if (n > left)
		n = left;
	memcpy(buf, m->p + m->off, n);
	m->off += n;
	return (ssize_t)n;
}

static int emit(void *arg, const struct lt_record *rec)
{
	struct lt_buf *json = arg;
	lt_buf_reset(json);
	lt_rec_to_json(rec, json);
	msgpack_sbuffer sb;
	msgpack_sbuffer_init(&sb);
	msgpack_packer pk;
	msgpack_packer_init(&pk, &sb, msgpack_sbuffer_write);
	lt_rec_encode(rec, &pk);
	struct lt_record back;
	lt_rec_init(&back);
	size_t used = 0;
	if (lt_rec_decode(&back, sb.data, sb.size, &used) != 0 || used != sb.size)
		abort();	/* a record we wrote must read back */
	lt_rec_free(&back);
	msgpack_sbuffer_destroy(&sb);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct lt_parser *parser;
	static struct lt_parse_env env;
	static const char *const options[] = { "w3c.fields=date time c-ip cs-username cs-method cs-uri sc-status", NULL };
	if (!parser) {
		lt_diag_set_quiet(1);
		const char *name = getenv("LT_FUZZ_PARSER");
		parser = name ? lt_parser_find(name) : NULL;
		if (!parser)
			abort();	/* run-fuzz.sh names a parser of the table */
		env.tz = lt_tz_load("Asia/Tokyo");
		env.ref_time = INT64_C(1764028800000000);	/* 2025-11-25T00:00:00Z */
		env.source_path = "fuzz";
		env.options = options;
		env.noptions = 1;
	}
	struct mem m = { data, size, 0 };
	struct lt_parse_input in = { mem_read, &m, NULL, false, "fuzz", 1, "fuzz", NULL, 0, 0 };
	struct lt_parse_opts opts = { .parser = parser, .max_line = 4096 };
	struct lt_parse_result res;
	struct lt_buf json = LT_BUF_INIT;
	lt_parse_stream(&in, &env, &opts, emit, &json, &res);
	lt_parse_result_free(&res);
	lt_buf_free(&json);
	return 0;
}
