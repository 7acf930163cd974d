/* The data-driven rule suite (jq style): every folder under tests/rules/
 * is one case. Adding a case is adding files:
 *
 *   *.yml                rules (all YAML files of the folder are loaded)
 *   records.jsonl        one record per line: a JSON object with dotted keys;
 *                        "@timestamp" is an ISO 8601 time, numbers are ints,
 *                        arrays are lists; provenance is filled in (path
 *                        records.jsonl, line number, offset, raw line)
 *   expected.jsonl       the findings in order, one JSON object per line with
 *                        rule_id, first, last, nrefs_total and lines (the
 *                        records.jsonl line numbers quoted), plus any of
 *                        person, group_key, level, message_en, message_ja
 *   expected-errors.txt  instead of expected.jsonl: each line must appear
 *                        in one of the loader's messages ("rule.yml:7:9: ...")
 *   expected-status.txt  optional: "RULE-ID TEXT": the rule's coverage
 *                        status contains TEXT ("evaluated" when it ran)
 *   options.json         optional: {"tz": "Asia/Tokyo", "holidays": ["2026-09-22"],
 *                        "context": ["hr_dates"], "set": ["rule.param=1"],
 *                        "calendar": "japan"}
 *                        (context absent = every context part is present;
 *                        "calendar": "japan" uses leaktrail's own calendar,
 *                        the context without a file: Japanese national
 *                        holidays and Asia/Tokyo, instead of "holidays")
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "context/context.h"
#include "record/record.h"
#include "rules/engine.h"
#include "rules/rule.h"
#include "util/buf.h"
#include "util/xalloc.h"

#define MAX_LINES 4096

struct opts {
	json_t *o;
	const struct lt_tz *tz;
	struct lt_context *ctx;		/* "calendar": "japan" */
};

static bool ctx_has(void *arg, const char *part)
{
	json_t *list = json_object_get(((struct opts *)arg)->o, "context");
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (json_is_string(v) && !strcmp(json_string_value(v), part))
			return true;
	}
	return false;
}

static bool workday(void *arg, int y, int m, int d)
{
	if (((struct opts *)arg)->ctx)
		return lt_calendar_is_workday(((struct opts *)arg)->ctx, y, m, d);
	int64_t days = lt_days_from_civil(y, m, d);
	int64_t wd = ((days + 4) % 7 + 7) % 7;
	if (wd == 0 || wd == 6)
		return false;
	char iso[16];
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
	json_t *list = json_object_get(((struct opts *)arg)->o, "holidays");
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (json_is_string(v) && !strcmp(json_string_value(v), iso))
			return false;
	}
	return true;
}

/* keys must outlive the record: keep them in a per-case pool */
static const char *pool_key(char ***pool, size_t *n, const char *k)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*pool)[i], k))
			return (*pool)[i];
	*pool = lt_xrealloc(*pool, (*n + 1) * sizeof **pool);
	(*pool)[*n] = lt_xstrdup(k);
	return (*pool)[(*n)++];
}

static int json_to_record(json_t *o, struct lt_record *r, char ***pool, size_t *npool, char *err, size_t errlen)
{
	const char *k;
	json_t *v;
	json_object_foreach(o, k, v) {
		const char *key = pool_key(pool, npool, k);
		if (json_is_string(v) && !strcmp(k, "@timestamp")) {
			lt_time_us t;
			if (lt_time_parse_iso(json_string_value(v), json_string_length(v), NULL, &t) != 0) {
				snprintf(err, errlen, "bad @timestamp '%s'", json_string_value(v));
				return -1;
			}
			lt_rec_set_time(r, key, t);
		} else if (json_is_string(v)) {
			lt_rec_set_str(r, key, json_string_value(v), json_string_length(v));
		} else if (json_is_integer(v)) {
			lt_rec_set_int(r, key, json_integer_value(v));
		} else if (json_is_boolean(v)) {
			lt_rec_set_bool(r, key, json_is_true(v));
		} else if (json_is_array(v)) {
			size_t i;
			json_t *it;
			json_array_foreach(v, i, it) {
				if (!json_is_string(it)) {
					snprintf(err, errlen, "list '%s' holds a non-string", k);
					return -1;
				}
				lt_rec_add_str(r, key, json_string_value(it), json_string_length(it));
			}
		} else if (!json_is_null(v)) {
			snprintf(err, errlen, "field '%s' has an unsupported type", k);
			return -1;
		}
	}
	return 0;
}

struct collected {
	struct lt_buf out;	/* actual findings, projected, one per line */
	json_t *actual;		/* array of projections */
};

static int collect(const struct lt_finding *f, void *arg)
{
	struct collected *c = arg;
	json_t *o = json_object();
	char iso[LT_ISO_LEN];
	json_object_set_new(o, "rule_id", json_string(f->rule_id));
	lt_time_format_utc(f->first, iso);
	json_object_set_new(o, "first", json_string(iso));
	lt_time_format_utc(f->last, iso);
	json_object_set_new(o, "last", json_string(iso));
	json_object_set_new(o, "nrefs_total", json_integer((json_int_t)f->nrefs_total));
	json_t *lines = json_array();
	for (size_t i = 0; i < f->nrefs; i++)
		json_array_append_new(lines, json_integer((json_int_t)f->refs[i].line));
	json_object_set_new(o, "lines", lines);
	json_object_set_new(o, "person", f->person ? json_string(f->person) : json_null());
	json_object_set_new(o, "group_key", f->group_key ? json_string(f->group_key) : json_null());
	json_object_set_new(o, "level", json_string(f->level));
	json_object_set_new(o, "message_en", json_string(f->message_en));
	json_object_set_new(o, "message_ja", json_string(f->message_ja));
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	lt_buf_printf(&c->out, "  %s\n", s);
	free(s);
	json_array_append_new(c->actual, o);
	/* The finding must also survive its own JSON form. */
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	int wr = lt_finding_write(m, f);
	fclose(m);
	FILE *in = fmemopen(buf, len, "r");
	struct lt_finding g;
	char err[200];
	int rd = lt_finding_read(in, &g, err, sizeof err);
	fclose(in);
	free(buf);
	if (wr != 0 || rd != 1)
		lt_buf_printf(&c->out, "  !! finding does not round-trip through JSON: %s\n", err);
	else
		lt_finding_free(&g);
	return 0;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct lt_buf b = LT_BUF_INIT;
	char tmp[4096];
	size_t n;
	lt_buf_puts(&b, "");
	for (;;) {
		n = fread(tmp, 1, sizeof tmp, f);
		if (n == 0)
			break;
		lt_buf_append(&b, tmp, n);
	}
	fclose(f);
	return lt_buf_detach(&b);
}

static int is_yml(const char *n)
{
	size_t l = strlen(n);
	return (l > 4 && !strcmp(n + l - 4, ".yml")) || (l > 5 && !strcmp(n + l - 5, ".yaml"));
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run one case; append what went wrong to fail (empty = passed). */
static void run_case(const char *dir, struct lt_buf *fail)
{
	char path[16384];
	struct opts op = { NULL, NULL, NULL };
	snprintf(path, sizeof path, "%s/options.json", dir);
	json_error_t je;
	struct stat st;
	if (stat(path, &st) == 0) {
		op.o = json_load_file(path, 0, &je);
		if (!op.o) {
			lt_buf_printf(fail, "options.json: %s\n", je.text);
			return;
		}
	} else {
		op.o = json_object();
	}
	json_t *tzname = json_object_get(op.o, "tz");
	op.tz = json_is_string(tzname) ? lt_tz_load(json_string_value(tzname)) : NULL;
	json_t *cal = json_object_get(op.o, "calendar");
	if (json_is_string(cal) && !strcmp(json_string_value(cal), "japan")) {
		char cerr[256];
		op.ctx = lt_context_load(NULL, NULL, cerr, sizeof cerr);
		if (!op.ctx) {
			lt_buf_printf(fail, "context: %s\n", cerr);
			json_decref(op.o);
			return;
		}
		op.tz = lt_context_tz(op.ctx);
	}

	struct lt_ruleset *rs = lt_ruleset_new();
	json_t *sets = json_object_get(op.o, "set");
	size_t i;
	json_t *v;
	json_array_foreach(sets, i, v) {
		if (lt_ruleset_set_param_arg(rs, json_string_value(v), "--set") != 0)
			lt_buf_printf(fail, "options.json: bad set '%s'\n", json_string_value(v));
	}
	/* every YAML file of the folder, in name order */
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t nn = 0;
	struct dirent *de;
	for (;;) {
		de = d ? readdir(d) : NULL;
		if (!de)
			break;
		if (is_yml(de->d_name)) {
			names = lt_xrealloc(names, (nn + 1) * sizeof *names);
			names[nn++] = lt_xstrdup(de->d_name);
		}
	}
	if (d)
		closedir(d);
	if (nn > 1)
		qsort(names, nn, sizeof *names, cmp_names);
	for (size_t k = 0; k < nn; k++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[k]);
		lt_ruleset_add_path(rs, path);
		free(names[k]);
	}
	free(names);
	lt_ruleset_finish(rs);

	snprintf(path, sizeof path, "%s/expected-errors.txt", dir);
	char *experr = read_all(path);
	if (experr) {
		if (rs->nerrors == 0)
			lt_buf_printf(fail, "expected load errors, got none\n");
		for (char *line = strtok(experr, "\n"); line; line = strtok(NULL, "\n")) {
			bool found = false;
			for (size_t k = 0; k < rs->nerrors; k++)
				found |= strstr(rs->errors[k], line) != NULL;
			if (!found)
				lt_buf_printf(fail, "expected an error containing: %s\n", line);
		}
		if (fail->len)
			for (size_t k = 0; k < rs->nerrors; k++)
				lt_buf_printf(fail, "  got: %s\n", rs->errors[k]);
		free(experr);
		lt_ruleset_free(rs);
		lt_context_free(op.ctx);
		json_decref(op.o);
		return;
	}
	if (rs->nerrors) {
		for (size_t k = 0; k < rs->nerrors; k++)
			lt_buf_printf(fail, "load error: %s\n", rs->errors[k]);
		lt_ruleset_free(rs);
		lt_context_free(op.ctx);
		json_decref(op.o);
		return;
	}

	struct lt_engine_opts eo = { 0 };
	eo.tz = op.tz;
	eo.is_workday = workday;
	eo.workday_arg = &op;
	if (json_object_get(op.o, "context")) {
		eo.has_context = ctx_has;
		eo.context_arg = &op;
	}
	struct lt_engine *e = lt_engine_new(rs, &eo);
	snprintf(path, sizeof path, "%s/records.jsonl", dir);
	FILE *rf = fopen(path, "r");
	char **pool = NULL;
	size_t npool = 0;
	struct lt_record rec;
	lt_rec_init(&rec);
	if (rf) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		uint64_t lineno = 0, offset = 0;
		for (;;) {
			n = getline(&line, &cap, rf);
			if (n <= 0)
				break;
			lineno++;
			uint64_t here = offset;
			offset += (uint64_t)n;
			if (strspn(line, " \t\r\n") == (size_t)n || line[0] == '#')
				continue;
			json_t *o = json_loadb(line, (size_t)n, 0, &je);
			char err[200];
			lt_rec_clear(&rec);
			lt_rec_set_cstr(&rec, LT_F_SOURCE_PATH, "records.jsonl");
			lt_rec_set_int(&rec, LT_F_OFFSET, (int64_t)here);
			lt_rec_set_int(&rec, LT_F_LINE, (int64_t)lineno);
			lt_rec_set_str(&rec, LT_F_RAW, line, line[n - 1] == '\n' ? (size_t)n - 1 : (size_t)n);
			if (!o || json_to_record(o, &rec, &pool, &npool, err, sizeof err) != 0) {
				lt_buf_printf(fail, "records.jsonl:%" PRIu64 ": %s\n", lineno, o ? err : je.text);
				json_decref(o);
				continue;
			}
			json_decref(o);
			lt_engine_feed(e, &rec);
		}
		free(line);
		fclose(rf);
	}
	lt_rec_free(&rec);
	struct collected c = { LT_BUF_INIT, json_array() };
	lt_buf_puts(&c.out, "");
	lt_engine_finish(e, collect, &c);

	snprintf(path, sizeof path, "%s/expected.jsonl", dir);
	FILE *xf = fopen(path, "r");
	size_t nexp = 0;
	if (!xf) {
		lt_buf_printf(fail, "no expected.jsonl\n");
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		for (;;) {
			n = getline(&line, &cap, xf);
			if (n <= 0)
				break;
			if (strspn(line, " \t\r\n") == (size_t)n || line[0] == '#')
				continue;
			json_t *x = json_loadb(line, (size_t)n, 0, &je);
			if (!x) {
				lt_buf_printf(fail, "expected.jsonl: %s\n", je.text);
				continue;
			}
			static const char *const must[] = { "rule_id", "first", "last", "nrefs_total", "lines" };
			for (size_t k = 0; k < 5; k++)
				if (!json_object_get(x, must[k]))
					lt_buf_printf(fail, "expected.jsonl finding %zu lacks '%s'\n", nexp + 1, must[k]);
			json_t *a = json_array_get(c.actual, nexp);
			const char *key;
			json_t *want;
			json_object_foreach(x, key, want) {
				json_t *got = a ? json_object_get(a, key) : NULL;
				if (!got || !json_equal(got, want)) {
					char *ws = json_dumps(want, JSON_ENCODE_ANY);
					char *gs = got ? json_dumps(got, JSON_ENCODE_ANY) : lt_xstrdup("(nothing)");
					lt_buf_printf(fail, "finding %zu: %s: want %s, got %s\n", nexp + 1, key, ws, gs);
					free(ws);
					free(gs);
				}
			}
			json_decref(x);
			nexp++;
		}
		free(line);
		fclose(xf);
		if (nexp != json_array_size(c.actual))
			lt_buf_printf(fail, "want %zu findings, got %zu\n", nexp, json_array_size(c.actual));
	}
	snprintf(path, sizeof path, "%s/expected-status.txt", dir);
	char *xs = read_all(path);
	for (char *line = xs ? strtok(xs, "\n") : NULL; line; line = strtok(NULL, "\n")) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = 0;
		bool found = false;
		for (size_t k = 0; k < rs->n; k++) {
			const struct lt_rule *r = rs->rules[k];
			if (strcmp(r->id ? r->id : r->name, line))
				continue;
			found = true;
			const char *status = lt_engine_rule_status(e, k);
			if (!strstr(status ? status : "evaluated", sp + 1))
				lt_buf_printf(fail, "status of %s: want '%s', got '%s'\n", line, sp + 1,
					      status ? status : "evaluated");
		}
		if (!found)
			lt_buf_printf(fail, "expected-status.txt: no rule %s\n", line);
	}
	free(xs);
	/* coverage must be written without error */
	FILE *devnull = fopen("/dev/null", "w");
	if (devnull) {
		if (lt_engine_write_coverage(e, devnull) != 0)
			lt_buf_printf(fail, "coverage write failed\n");
		fclose(devnull);
	}
	if (fail->len) {
		lt_buf_printf(fail, "actual findings:\n%s", c.out.data);
	}
	lt_buf_free(&c.out);
	json_decref(c.actual);
	lt_engine_free(e);
	lt_ruleset_free(rs);
	for (size_t k = 0; k < npool; k++)
		free(pool[k]);
	free(pool);
	lt_context_free(op.ctx);
	json_decref(op.o);
}

Test(rules_cases, every_case_folder)
{
	char root[4096];
	snprintf(root, sizeof root, "%s/tests/rules", LT_SRCDIR);
	DIR *d = opendir(root);
	cr_assert_not_null(d, "no %s", root);
	char **cases = NULL;
	size_t n = 0;
	struct dirent *de;
	for (;;) {
		de = readdir(d);
		if (!de)
			break;
		if (de->d_name[0] == '.')
			continue;
		char p[8192];
		snprintf(p, sizeof p, "%s/%s", root, de->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			cases = lt_xrealloc(cases, (n + 1) * sizeof *cases);
			cases[n++] = lt_xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n > 1)
		qsort(cases, n, sizeof *cases, cmp_names);
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		char p[8192];
		snprintf(p, sizeof p, "%s/%s", root, cases[i]);
		struct lt_buf fail = LT_BUF_INIT;
		lt_buf_puts(&fail, "");
		run_case(p, &fail);
		if (fail.len) {
			failed++;
			cr_log_error("rule case %s failed:\n%s", cases[i], fail.data);
		}
		lt_buf_free(&fail);
		free(cases[i]);
	}
	free(cases);
	cr_log_info("rule cases: %zu passed, %zu failed", n - failed, failed);
	cr_expect_eq(failed, 0, "%zu of %zu rule cases failed (see above)", failed, n);
	cr_expect_gt(n, 0);
}
