/* Rule engine throughput: feed synthetic, already-enriched records through a
 * rule set and print records per second. A figure, not a test.
 * usage: bench/rules_bench [RULES-DIR...] (default: the shipped rules) [-n N]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "record/record.h"
#include "rules/engine.h"
#include "rules/rule.h"

static const char *const cats[] = { "file", "web", "email", "authentication", "print", "network" };
static const char *const actions[] = { "open", "read", "write", "copy", "delete", "logon", "print", "send" };
static const char *const users[] = { "tanaka", "sato", "suzuki", "takahashi", "watanabe", "ito", "yamamoto", "nakamura" };

int main(int argc, char **argv)
{
	long n = 2000000;
	struct lt_ruleset *rs = lt_ruleset_new();
	int given = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			n = atol(argv[++i]);
			continue;
		}
		lt_ruleset_add_path(rs, argv[i]);
		given = 1;
	}
	if (!given)
		lt_ruleset_add_path(rs, lt_rules_default_dir());
	if (lt_ruleset_finish(rs)) {
		for (size_t i = 0; i < rs->nerrors; i++)
			fprintf(stderr, "%s\n", rs->errors[i]);
		return 1;
	}
	/* a pool of distinct records, reused round robin */
	enum { POOL = 512 };
	static struct lt_record pool[POOL];
	char buf[256];
	for (int i = 0; i < POOL; i++) {
		struct lt_record *r = &pool[i];
		lt_rec_init(r);
		lt_rec_set_time(r, LT_F_TIMESTAMP, 0);
		lt_rec_set_cstr(r, LT_F_SOURCE_PATH, "logs/server.log");
		lt_rec_set_cstr(r, LT_F_SOURCE_SHA256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
		lt_rec_set_int(r, LT_F_OFFSET, i * 120);
		lt_rec_set_int(r, LT_F_LINE, i + 1);
		lt_rec_set_cstr(r, LT_F_RAW, "2026-11-02 10:00:00 fs01 open \\\\fs01\\share\\dept\\plan.xlsx by tanaka");
		lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, cats[i % 6]);
		lt_rec_set_cstr(r, LT_F_EVENT_ACTION, actions[i % 8]);
		lt_rec_set_cstr(r, LT_F_EVENT_OUTCOME, i % 7 ? "success" : "failure");
		lt_rec_set_cstr(r, LT_F_USER_NAME, users[i % 8]);
		lt_rec_set_cstr(r, "leaktrail.person.id", users[i % 8]);
		/* flags set on a few records only, as in real logs */
		lt_rec_set_bool(r, "leaktrail.person.departing", i % 97 == 0);
		lt_rec_set_bool(r, "leaktrail.calendar.off_hours", i % 89 == 0);
		lt_rec_set_bool(r, "leaktrail.file.classified", i % 101 == 0);
		snprintf(buf, sizeof buf, "\\\\fs01\\share\\dept%d\\doc%d.xlsx", i % 5, i);
		lt_rec_set_cstr(r, LT_F_FILE_PATH, buf);
		lt_rec_set_cstr(r, LT_F_FILE_NAME, strrchr(buf, '\\') + 1);
		lt_rec_set_int(r, LT_F_FILE_SIZE, i * 1000);
		snprintf(buf, sizeof buf, "https://host%d.example.com/upload?id=%d", i % 40, i);
		lt_rec_set_cstr(r, LT_F_URL_ORIGINAL, buf);
		lt_rec_set_cstr(r, LT_F_SOURCE_IP, i % 2 ? "10.0.3.4" : "203.0.113.9");
		lt_rec_set_cstr(r, "leaktrail.family", i % 3 ? "fileserver" : "proxy");
	}
	struct lt_engine *e = lt_engine_new(rs, NULL);
	struct timespec t0, t1, c0, c1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
	lt_time_us base = INT64_C(1793000000) * 1000000;
	for (long i = 0; i < n; i++) {
		struct lt_record *r = &pool[i % POOL];
		/* 100 records per second of event time */
		r->fields[0].val.v.t = base + i * 10000;
		lt_engine_feed(e, r);
	}
	lt_engine_finish(e, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	double cpu = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
	/* CPU time is the figure to compare: wall time depends on the machine's load. */
	printf("rules: %zu rules, %ld records, %llu findings: %.3f s CPU = %.0f records/s (wall %.3f s)\n", rs->n, n,
	       (unsigned long long)lt_engine_nfindings(e), cpu, (double)n / cpu, secs);
	lt_engine_free(e);
	for (int i = 0; i < POOL; i++)
		lt_rec_free(&pool[i]);
	lt_ruleset_free(rs);
	return 0;
}
