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

/* ---- Apache and nginx: beats system modules (Apache-2.0) ------------------ */

static const struct cc_map access_map[] = {
	{ LT_F_TIMESTAMP, "@timestamp", CC_TIME_MS },
	{ LT_F_SOURCE_IP, "source.ip", CC_STR },
	{ LT_F_USER_NAME, "user.name", CC_STR },
	{ LT_F_HTTP_METHOD, "http.request.method", CC_STR },
	{ LT_F_URL_ORIGINAL, "url.original", CC_STR },
	{ LT_F_HTTP_STATUS, "http.response.status_code", CC_INT },
	{ LT_F_HTTP_RESP_BYTES, "http.response.body.bytes", CC_INT },
	{ LT_F_USER_AGENT, "user_agent.original", CC_STR },
	{ "http.request.referrer", "http.request.referrer", CC_STR },
	{ "http.version", "http.version", CC_STR },
	{ "destination.domain", "destination.domain", CC_STR },
	{ "tls.cipher", "tls.cipher", CC_STR },
	{ "tls.version", "tls.version", CC_STR },
	{ LT_F_EVENT_OUTCOME, "event.outcome", CC_STR },
	{ "source.address", "source.domain", CC_STR },
};

static const struct cc_accept access_accept[] = {
	{ -1, "user.name", "-", "the log's '-' means no user; we leave user.name out" },
	{ -1, "http.request.referrer", "-", "'-' means no referrer; we leave the field out" },
	{ -1, "user_agent.original", "-", "'-' means no user agent; we leave the field out" },
	/* nginx test.log: for a list of addresses beats takes the first public
	 * one; we take the first of the list, the originating client as the
	 * proxies report it, which is what an internal investigation needs
	 * (the employee's private address). The whole list is kept. */
	{ 730, "source.ip", "175.16.199.1", "first address of the list, not the first public one" },
	{ 341, "source.ip", "81.2.69.143", "first address of the list, not the first public one" },
};

static void access_set(const char *set, const char *file, size_t min)
{
	run_set("access_log", "Etc/GMT+2", NULL, set, file, access_map, NELEM(access_map), access_accept,
		NELEM(access_accept), min);
}

Test(corpus, beats_apache)
{
	access_set("proxy/beats-apache-access", "test.log", 6);
	access_set("proxy/beats-apache-access", "darwin-2.4.23.log", 1);
	access_set("proxy/beats-apache-access", "ssl-request.log", 2);
	access_set("proxy/beats-apache-access", "test-vhost.log", 1);
	access_set("proxy/beats-apache-access", "ubuntu-2.2.22.log", 1);
}

Test(corpus, beats_nginx)
{
	access_set("proxy/beats-nginx-access", "access.log", 10);
	access_set("proxy/beats-nginx-access", "test.log", 8);
}

/* ---- ProxySG ELFF via syslog: Azure Sentinel parsed columns (MIT) -------- */

static const struct cc_map proxysg_map[] = {
	{ LT_F_TIMESTAMP, "logTime", CC_TIME_S },
	{ "source.address", "c_ip", CC_STR },
	{ LT_F_USER_NAME, "cs_userdn", CC_STR },
	{ "leaktrail.proxy.filter_result", "sc_filter_result", CC_STR },
	{ "leaktrail.proxy.category", "cs_categories", CC_STR_IN_JSON_LIST },
	{ LT_F_HTTP_STATUS, "sc_status", CC_INT },
	{ LT_F_EVENT_ACTION, "s_action", CC_STR },
	{ LT_F_HTTP_METHOD, "cs_method", CC_STR },
	{ LT_F_HTTP_MIME, "content_type", CC_STR_IN_JSON_LIST },
	{ "url.scheme", "cs_uri_scheme", CC_STR },
	{ LT_F_URL_DOMAIN, "cs_host", CC_STR },
	{ "url.port", "cs_uri_port", CC_INT },
	{ "url.path", "cs_uri_path", CC_STR },
	{ "url.query", "cs_uri_query", CC_STR },
	{ LT_F_USER_AGENT, "cs_user_agent", CC_STR },
	{ LT_F_HTTP_RESP_BYTES, "sent_bytes", CC_INT },
	{ LT_F_HTTP_REQ_BYTES, "received_bytes", CC_INT },
	{ LT_F_EVENT_DURATION, "time_taken", CC_INT_DIV_1E6 },
	{ "leaktrail.proxy.threat_risk", "cs_threat_risk", CC_INT },
};

static const struct cc_accept proxysg_accept[] = {
	{ -1, "cs_userdn", "-", "'-' means no user; we leave user.name out" },
	{ -1, "cs_uri_query", "-", "'-' means no query; we leave url.query out" },
	{ -1, "content_type", "[\"-\"]", "'-' means no content type; we leave the field out" },
	{ -1, "cs_user_agent", "", "'-' means no user agent (Sentinel writes an empty string); we leave the field out" },
	{ -1, "sc_status", "0", "status 0 means no response; we leave the status out" },
	{ -1, "s_action", "-", "'-' means no action; we leave event.action out" },
};

Test(corpus, azure_proxysg_parsed_columns)
{
	const char *corpus = corpus_or_skip();
	if (!corpus)
		return;
	char path[4096];
	snprintf(path, sizeof path, "%s/proxy/azure-sentinel-symantec-proxysg/SymantecProxySG.first8.json", corpus);
	struct lt_harness h;
	lth_init(&h, lt_parser_find("w3c"), "Asia/Tokyo", NULL, NULL);
	struct cc_stats st;
	cc_compare_fed(&h, path, "SyslogMessage", proxysg_map, NELEM(proxysg_map), proxysg_accept,
		       NELEM(proxysg_accept), &st);
	fprintf(stderr, "proxysg: %zu expected, %zu paired, %zu fields compared, %zu accepted, %zu failed\n",
		st.expected, st.paired, st.compared, st.accepted, st.failed);
	cr_expect_eq(st.failed, 0);
	cr_expect_eq(st.paired, 8);
	lth_free(&h);
}
