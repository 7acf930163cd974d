/* libFuzzer target for user-defined formats (src/parse/userformat.c): a
 * regex format and a CP932 CSV format are loaded once, and every input is
 * parsed by each of them through the parse framework; records are turned
 * into JSON to read back what was stored. Built with --enable-fuzzing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/parse.h"
#include "parse/userformat.h"
#include "record/record.h"
#include "util/buf.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char formats[] =
	"formats:\n"
	"  - name: fz_regex\n"
	"    type: regex\n"
	"    pattern: '^(?<date>\\d{4}年\\d{1,2}月\\d{1,2}日) (?<time>\\S+) user=(?<user>\\S+) path=\"(?<path>[^\"]*)\" bytes=(?<bytes>\\d+)'\n"
	"    fields: { date: '@timestamp', time: '@timestamp', user: user.name, path: file.path, bytes: file.size }\n"
	"    time_format: '%Y年%m月%d日 %H:%M:%S.%f'\n"
	"  - name: fz_csv\n"
	"    type: csv\n"
	"    encoding: CP932\n"
	"    comment: '#'\n"
	"    columns: { a: '@timestamp', b: user.name, c: email.to.address, d: source.port }\n"
	"    time_format: '%d/%b/%Y:%H:%M:%S %z'\n";

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
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct lt_parser *parsers[2];
	static struct lt_parse_env env;
	if (!parsers[0]) {
		char err[512];
		lt_diag_set_quiet(1);
		if (lt_userformat_load_string(formats, sizeof formats - 1, "fuzz.yaml", err, sizeof err) < 0)
			abort();
		parsers[0] = lt_parser_find("fz_regex");
		parsers[1] = lt_parser_find("fz_csv");
		env.tz = lt_tz_load("Asia/Tokyo");
		env.source_path = "fuzz";
	}
	struct lt_buf json = LT_BUF_INIT;
	for (size_t i = 0; i < 2; i++) {
		struct mem m = { data, size, 0 };
		struct lt_parse_input in = { .read = mem_read, .read_arg = &m, .name = "fuzz", .source_id = 1,
					     .source_path = "fuzz" };
		struct lt_parse_opts opts = { .parser = parsers[i], .max_line = 4096 };
		struct lt_parse_result res;
		lt_parse_stream(&in, &env, &opts, emit, &json, &res);
		lt_parse_result_free(&res);
	}
	lt_buf_free(&json);
	return 0;
}
