/* Corpus tests for the network-family parsers: our records against the
 * expected output shipped with public test suites ($LT_SHARED/corpus), and
 * autodetection on every corpus file of our families. Skips (visibly) when
 * the corpus is absent. Disagreements we accept are listed with a reason. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "corpus_compare.h"
#include "parser_harness.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *corpus_or_skip(void)
{
	const char *c = lth_corpus();
	if (!c)
		cr_skip_test("corpus absent: set LT_SHARED to the shared folder to run this test");
	return c;
}

static void run_set(const char *parser, const char *tz, const char *ref, const char *set, const char *file,
		    const struct cc_map *map, size_t nmap, const struct cc_accept *acc, size_t nacc,
		    size_t min_paired)
{
	const char *corpus = corpus_or_skip();
	if (!corpus)
		return;
	char path[4096], exp[4200];
	snprintf(path, sizeof path, "%s/%s/%s", corpus, set, file);
	snprintf(exp, sizeof exp, "%s-expected.json", path);
	const struct lt_parser *p = lt_parser_find(parser);
	cr_assert_not_null(p, "parser %s not registered", parser);
	struct lt_harness h;
	lth_init(&h, p, tz, ref, NULL);
	cr_assert_geq(lth_feed_file(&h, path), 0, "cannot read %s", path);
	lth_finish(&h);
	struct cc_stats st;
	cc_compare(&h, exp, map, nmap, acc, nacc, &st);
	fprintf(stderr, "%s/%s: %zu expected, %zu paired, %zu fields compared, %zu accepted, %zu failed\n",
		set, file, st.expected, st.paired, st.compared, st.accepted, st.failed);
	cr_expect_eq(st.failed, 0, "%s: %zu disagreements (see stderr)", file, st.failed);
	cr_expect_geq(st.paired, min_paired, "%s: only %zu records paired", file, st.paired);
	lth_free(&h);
}

/* ---- Squid: beats x-pack squid module ----------------------------------- */

static const struct cc_map squid_map[] = {
	{ LT_F_TIMESTAMP, "@timestamp", CC_TIME_S },
	{ LT_F_SOURCE_IP, "source.ip", CC_STR },
	{ LT_F_USER_NAME, "user.name", CC_STR },
	{ LT_F_HTTP_METHOD, "event.code", CC_STR },
	{ LT_F_URL_ORIGINAL, "url.original", CC_STR },
	{ LT_F_URL_DOMAIN, "url.domain", CC_STR },
	{ LT_F_HTTP_STATUS, "rsa.misc.result_code", CC_INT },
	{ LT_F_HTTP_RESP_BYTES, "source.bytes", CC_INT },
	{ LT_F_EVENT_ACTION, "event.action", CC_STR },
	{ LT_F_DEST_IP, "destination.ip", CC_STR },
	{ LT_F_HTTP_MIME, "rsa.misc.content_type", CC_STR },
};

static const struct cc_accept squid_accept[] = {
	/* Beats' RSA pipeline truncates the epoch to whole seconds; we keep the
	 * milliseconds, so @timestamp is compared to the second (CC_TIME_S). */
	/* Beats fills url.domain for a bare "host" CONNECT target with the
	 * text before the port; so do we: no entry needed. */
	{ -1, "rsa.misc.content_type", "-", "squid writes '-' for no content type; we leave the field out" },
	{ -1, "user.name", "-", "squid writes '-' for no user; we leave user.name out instead of naming a user '-'" },
};

Test(corpus, beats_squid)
{
	run_set("squid", "UTC", NULL, "proxy/beats-squid", "access1.log", squid_map, NELEM(squid_map),
		squid_accept, NELEM(squid_accept), 100);
}

/* ---- Linux auth: beats system module (Apache-2.0) ----------------------- */

static const struct cc_map auth_map[] = {
	{ LT_F_TIMESTAMP, "@timestamp", CC_TIME_MS },
	{ LT_F_USER_NAME, "user.name", CC_STR },
	{ "user.effective.name", "user.effective.name", CC_STR },
	{ LT_F_SOURCE_IP, "source.ip", CC_STR },
	{ LT_F_SOURCE_PORT, "source.port", CC_INT },
	{ LT_F_EVENT_ACTION, "event.action", CC_STR },
	{ LT_F_EVENT_OUTCOME, "event.outcome", CC_STR },
	{ LT_F_HOST_NAME, "host.hostname", CC_STR },
	{ LT_F_PROCESS_NAME, "process.name", CC_STR },
	{ LT_F_PROCESS_PID, "process.pid", CC_INT },
	{ "process.command_line", "system.auth.sudo.command", CC_STR },
	{ "leaktrail.auth.tty", "system.auth.sudo.tty", CC_STR },
	{ "process.working_directory", "system.auth.sudo.pwd", CC_STR },
	{ "leaktrail.auth.method", "system.auth.ssh.method", CC_STR },
	{ "group.name", "group.name", CC_STR },
};

/* The beats harness reads zone-less times at -02:00 (Etc/GMT+2 in POSIX
 * sign convention) and drops @timestamp for year-less lines, so the year
 * we infer is never compared. */
Test(corpus, beats_system_auth_test)
{
	run_set("linux_auth", "Etc/GMT+2", "2026-06-01T00:00:00Z", "auth/beats-system-auth", "test.log",
		auth_map, NELEM(auth_map), NULL, 0, 10);
}

Test(corpus, beats_system_auth_timestamp)
{
	run_set("linux_auth", "Etc/GMT+2", "2026-06-01T00:00:00Z", "auth/beats-system-auth", "timestamp.log",
		auth_map, NELEM(auth_map), NULL, 0, 2);
}

Test(corpus, beats_system_auth_ubuntu)
{
	run_set("linux_auth", "Etc/GMT+2", "2026-06-01T00:00:00Z", "auth/beats-system-auth", "auth-ubuntu1204.log",
		auth_map, NELEM(auth_map), NULL, 0, 100);
}

Test(corpus, beats_system_auth_rhel)
{
	run_set("linux_auth", "Etc/GMT+2", "2026-06-01T00:00:00Z", "auth/beats-system-auth", "secure-rhel7.log",
		auth_map, NELEM(auth_map), NULL, 0, 100);
}
