/* Unit tests for the network-family parsers (proxy, logon, VPN) on lines we
 * wrote ourselves, one quirk per test where possible. */
#include <criterion/criterion.h>
#include <string.h>

#include "parse/fields.h"
#include "parser_harness.h"

#define STR_EQ(h, i, key, want) do { \
	const char *got_ = lth_str((h), (i), (key)); \
	cr_assert(got_ != NULL, "record %zu: %s missing (want %s)", (size_t)(i), (key), (want)); \
	cr_assert_str_eq(got_, (want), "record %zu: %s", (size_t)(i), (key)); \
} while (0)
#define ABSENT(h, i, key) cr_assert_null(lt_rec_get(&(h)->recs[(i)], (key)), "record %zu: %s should be absent", (size_t)(i), (key))
#define INT_EQ(h, i, key, want) do { \
	int64_t v_; \
	cr_assert(lth_int((h), (i), (key), &v_), "record %zu: %s missing", (size_t)(i), (key)); \
	cr_assert_eq(v_, (int64_t)(want), "record %zu: %s = %lld", (size_t)(i), (key), (long long)v_); \
} while (0)
#define TIME_EQ(h, i, want) do { \
	const char *t_ = lth_time((h), (i)); \
	cr_assert(t_ != NULL, "record %zu: no @timestamp", (size_t)(i)); \
	cr_assert_str_eq(t_, (want)); \
} while (0)

extern const struct lt_parser lt_parser_squid, lt_parser_linux_auth, lt_parser_access_log, lt_parser_w3c,
	lt_parser_zscaler_nss, lt_parser_openvpn, lt_parser_cisco_asa, lt_parser_fortigate,
	lt_parser_panos_globalprotect, lt_parser_strongswan;

/* ---- squid --------------------------------------------------------------- */

Test(squid, connect_line)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_squid, "Asia/Tokyo", NULL, NULL);
	cr_assert_eq(lth_feed(&h, "1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 CONNECT login.yahoo.com:443 badeyek DIRECT/209.73.177.115 -"), LT_LINE_RECORD);
	cr_assert_eq(h.nrec, 1);
	TIME_EQ(&h, 0, "2006-09-08T04:21:52.049000Z");
	STR_EQ(&h, 0, LT_F_TIME_TEXT, "1157689312.049");
	STR_EQ(&h, 0, LT_F_TIME_ZONE, "+00:00");	/* epoch is UTC whatever --tz says */
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "10.105.21.199");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "TCP_MISS");
	INT_EQ(&h, 0, LT_F_HTTP_STATUS, 200);
	INT_EQ(&h, 0, LT_F_HTTP_RESP_BYTES, 19763);
	INT_EQ(&h, 0, LT_F_EVENT_DURATION, INT64_C(5006000000));
	STR_EQ(&h, 0, LT_F_HTTP_METHOD, "CONNECT");
	STR_EQ(&h, 0, LT_F_URL_ORIGINAL, "login.yahoo.com:443");
	STR_EQ(&h, 0, LT_F_URL_DOMAIN, "login.yahoo.com");
	STR_EQ(&h, 0, LT_F_USER_NAME, "badeyek");
	STR_EQ(&h, 0, LT_F_DEST_IP, "209.73.177.115");
	STR_EQ(&h, 0, "leaktrail.proxy.action", "allowed");
	STR_EQ(&h, 0, LT_F_EVENT_OUTCOME, "success");
	ABSENT(&h, 0, LT_F_HTTP_MIME);
	STR_EQ(&h, 0, LT_F_PARSER, "squid");
	lth_free(&h);
}

Test(squid, denied_ipv6_no_user_and_crlf)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_squid, NULL, NULL, NULL);
	cr_assert_eq(lth_feed(&h, "1764057600.000      0 2001:db8::7 TCP_DENIED/403 3905 GET http://[2001:db8::1]:8080/secret.zip - HIER_NONE/- text/html\r"), LT_LINE_RECORD);
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "2001:db8::7");
	STR_EQ(&h, 0, "leaktrail.proxy.action", "blocked");
	STR_EQ(&h, 0, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 0, LT_F_URL_DOMAIN, "2001:db8::1");
	STR_EQ(&h, 0, LT_F_HTTP_MIME, "text/html");	/* no CR remnant */
	ABSENT(&h, 0, LT_F_USER_NAME);
	ABSENT(&h, 0, LT_F_DEST_IP);
	STR_EQ(&h, 0, "leaktrail.squid.hierarchy", "HIER_NONE");
	lth_free(&h);
}

Test(squid, status_000_and_duplicates_are_kept)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_squid, NULL, NULL, NULL);
	const char *l = "1764057600.123 12 192.168.1.5 TCP_MISS_ABORTED/000 0 POST https://upload.example.com/api alice@CORP FIRSTUP_PARENT/10.0.0.1 -";
	lth_feed(&h, l);
	lth_feed(&h, l);
	cr_assert_eq(h.nrec, 2, "a repeated line is a second piece of evidence, not dropped");
	ABSENT(&h, 0, LT_F_HTTP_STATUS);
	STR_EQ(&h, 0, LT_F_USER_NAME, "alice@CORP");
	INT_EQ(&h, 1, LT_F_LINE, 2);
	lth_free(&h);
}

Test(squid, junk_is_unparsed_with_reason)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_squid, NULL, NULL, NULL);
	cr_assert_eq(lth_feed(&h, "garbage here"), LT_LINE_UNPARSED);
	cr_assert_eq(lth_feed(&h, "1764057600.123 12 192.168.1.5 TCP_MISS 0 GET http://x/ - DIRECT/x -"), LT_LINE_UNPARSED);
	cr_assert_eq(lth_feed(&h, ""), LT_LINE_META);	/* a blank line is no event, and not an error */
	cr_assert_not_null(h.results[0].reason);
	cr_assert_eq(h.nrec, 0);
	lth_free(&h);
}

/* ---- linux_auth ---------------------------------------------------------- */

static void auth_feed(struct lt_harness *h, const char *line)
{
	cr_assert_eq(lth_feed(h, line), LT_LINE_RECORD, "not parsed: %s", line);
}

Test(linux_auth, sshd_accepted_and_failed)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-03-10T00:00:00Z", NULL);
	auth_feed(&h, "Feb 21 21:54:44 localhost sshd[3402]: Accepted publickey for vagrant from 10.0.2.2 port 63673 ssh2: RSA 39:33:99");
	auth_feed(&h, "Feb 20 08:35:22 slave22 sshd[5774]: Failed password for root from 216.160.83.57 port 29160 ssh2");
	auth_feed(&h, "Feb 20 08:35:23 slave22 sshd[5774]: Failed password for invalid user admin from 2001:db8::5 port 22 ssh2");
	auth_feed(&h, "Feb 20 08:35:24 slave22 sshd[5775]: Failed none for invalid user  from 10.1.1.1 port 4242 ssh2");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "ssh_login");
	STR_EQ(&h, 0, LT_F_EVENT_OUTCOME, "success");
	STR_EQ(&h, 0, LT_F_EVENT_CATEGORY, "authentication");
	STR_EQ(&h, 0, LT_F_USER_NAME, "vagrant");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "10.0.2.2");
	INT_EQ(&h, 0, LT_F_SOURCE_PORT, 63673);
	STR_EQ(&h, 0, "leaktrail.auth.method", "publickey");
	STR_EQ(&h, 0, LT_F_HOST_NAME, "localhost");
	STR_EQ(&h, 0, LT_F_PROCESS_NAME, "sshd");
	INT_EQ(&h, 0, LT_F_PROCESS_PID, 3402);
	TIME_EQ(&h, 0, "2026-02-21T21:54:44.000000Z");
	STR_EQ(&h, 1, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 1, LT_F_USER_NAME, "root");
	STR_EQ(&h, 2, LT_F_USER_NAME, "admin");
	STR_EQ(&h, 2, LT_F_SOURCE_IP, "2001:db8::5");
	cr_assert_not_null(lt_rec_get(&h.recs[2], "leaktrail.auth.invalid_user"));
	ABSENT(&h, 3, LT_F_USER_NAME);
	STR_EQ(&h, 3, LT_F_SOURCE_IP, "10.1.1.1");
	lth_free(&h);
}

Test(linux_auth, invalid_user_and_disconnects)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-03-10T00:00:00Z", NULL);
	auth_feed(&h, "Feb 21 21:56:12 localhost sshd[3430]: Invalid user test from 10.0.2.2");
	auth_feed(&h, "Feb 21 21:56:13 localhost sshd[3430]: Invalid user test from 10.0.2.2 port 51234");
	auth_feed(&h, "Feb 21 21:56:14 localhost sshd[3430]: Disconnected from invalid user test 10.0.2.2 port 51234 [preauth]");
	auth_feed(&h, "Feb 21 21:56:15 localhost sshd[3431]: Connection closed by authenticating user root 10.0.2.3 port 40000 [preauth]");
	auth_feed(&h, "Feb 21 21:56:16 localhost sshd[3432]: Received disconnect from 10.0.2.4 port 5555:11: disconnected by user");
	auth_feed(&h, "Feb 21 21:56:17 localhost sshd[3433]: Disconnected from user bob 192.168.1.9 port 22022");
	STR_EQ(&h, 0, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 0, LT_F_USER_NAME, "test");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "10.0.2.2");
	INT_EQ(&h, 1, LT_F_SOURCE_PORT, 51234);
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "ssh_disconnect");
	STR_EQ(&h, 2, LT_F_USER_NAME, "test");
	INT_EQ(&h, 2, LT_F_SOURCE_PORT, 51234);
	STR_EQ(&h, 3, LT_F_EVENT_ACTION, "ssh_connection_closed");
	STR_EQ(&h, 3, LT_F_USER_NAME, "root");
	STR_EQ(&h, 3, LT_F_SOURCE_IP, "10.0.2.3");
	STR_EQ(&h, 4, LT_F_SOURCE_IP, "10.0.2.4");
	INT_EQ(&h, 4, LT_F_SOURCE_PORT, 5555);
	STR_EQ(&h, 5, LT_F_USER_NAME, "bob");
	lth_free(&h);
}

Test(linux_auth, sudo_with_semicolons_in_command)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-03-10T00:00:00Z", NULL);
	auth_feed(&h, "Feb  9 21:19:40 precise32 sudo:  vagrant : TTY=pts/0 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/sh -c echo A; rm -rf /tmp/x >/dev/null 2>&1");
	auth_feed(&h, "Feb  9 21:20:40 precise32 sudo:      tsg : user NOT in sudoers ; TTY=pts/1 ; PWD=/home/vagrant ; USER=root ; COMMAND=/bin/ls");
	auth_feed(&h, "Feb  9 21:21:40 precise32 sudo: pam_unix(sudo:session): session opened for user root by vagrant(uid=1000)");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "sudo");
	STR_EQ(&h, 0, LT_F_USER_NAME, "vagrant");
	STR_EQ(&h, 0, "user.effective.name", "root");
	STR_EQ(&h, 0, "leaktrail.auth.tty", "pts/0");
	STR_EQ(&h, 0, "process.working_directory", "/home/vagrant");
	STR_EQ(&h, 0, "process.command_line", "/bin/sh -c echo A; rm -rf /tmp/x >/dev/null 2>&1");
	STR_EQ(&h, 0, LT_F_EVENT_OUTCOME, "success");
	STR_EQ(&h, 1, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 1, "leaktrail.auth.reason", "user NOT in sudoers");
	STR_EQ(&h, 1, LT_F_USER_NAME, "tsg");
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "session_opened");
	STR_EQ(&h, 2, LT_F_USER_NAME, "vagrant");
	STR_EQ(&h, 2, "user.effective.name", "root");
	STR_EQ(&h, 2, "leaktrail.auth.service", "sudo");
	lth_free(&h);
}

Test(linux_auth, su_forms_and_pam_failure)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-03-10T00:00:00Z", NULL);
	auth_feed(&h, "Mar  1 10:00:00 h su[100]: Successful su for root by alice");
	auth_feed(&h, "Mar  1 10:00:01 h su[101]: FAILED su for root by mallory");
	auth_feed(&h, "Mar  1 10:00:02 h su: (to root) alice on pts/3");
	auth_feed(&h, "Mar  1 10:00:03 h su[102]: - pts/4 mallory:root");
	auth_feed(&h, "Mar  1 10:00:04 h su[103]: pam_unix(su:auth): authentication failure; logname=mallory uid=1001 euid=0 tty=pts/4 ruser=mallory rhost=  user=root");
	auth_feed(&h, "Mar  1 10:00:05 h sshd[104]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.9  user=root");
	STR_EQ(&h, 0, LT_F_USER_NAME, "alice");
	STR_EQ(&h, 0, "user.effective.name", "root");
	STR_EQ(&h, 0, LT_F_EVENT_OUTCOME, "success");
	STR_EQ(&h, 1, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 1, LT_F_USER_NAME, "mallory");
	STR_EQ(&h, 2, LT_F_USER_NAME, "alice");
	STR_EQ(&h, 2, "leaktrail.auth.tty", "pts/3");
	STR_EQ(&h, 3, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 3, "user.effective.name", "root");
	STR_EQ(&h, 4, LT_F_USER_NAME, "mallory");
	STR_EQ(&h, 4, "user.effective.name", "root");
	STR_EQ(&h, 4, LT_F_EVENT_ACTION, "auth_failure");
	STR_EQ(&h, 5, LT_F_USER_NAME, "root");
	STR_EQ(&h, 5, LT_F_SOURCE_IP, "203.0.113.9");
	lth_free(&h);
}

Test(linux_auth, accounts_and_other_lines)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-03-10T00:00:00Z", NULL);
	auth_feed(&h, "Mar  2 10:00:00 h useradd[6995]: new user: name=apache, UID=48, GID=48, home=/usr/share/httpd, shell=/sbin/nologin");
	auth_feed(&h, "Mar  2 10:00:01 h groupadd[6991]: new group: name=apache, GID=48");
	auth_feed(&h, "Mar  2 10:00:02 h CRON[77]: pam_unix(cron:session): session closed for user root");
	auth_feed(&h, "Mar  2 10:00:03 h systemd-logind[1]: New session 3 of user vagrant.");
	cr_assert_eq(lth_feed(&h, "this is not syslog"), LT_LINE_UNPARSED);
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "user_created");
	STR_EQ(&h, 0, LT_F_USER_NAME, "apache");
	STR_EQ(&h, 0, "user.id", "48");
	STR_EQ(&h, 1, "group.name", "apache");
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "session_closed");
	STR_EQ(&h, 2, LT_F_USER_NAME, "root");
	ABSENT(&h, 3, LT_F_EVENT_ACTION);
	STR_EQ(&h, 3, LT_F_MESSAGE, "New session 3 of user vagrant.");
	lth_free(&h);
}

Test(linux_auth, sshd_preauth_and_pam_shapes)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-03-10T00:00:00Z", NULL);
	auth_feed(&h, "Mar  3 04:10:00 gw sshd[2201]: input_userauth_request: invalid user kanri [preauth]");
	auth_feed(&h, "Mar  3 04:10:01 gw sshd[2202]: reverse mapping checking getaddrinfo for host-7.example.net [198.51.100.7] failed - POSSIBLE BREAK-IN ATTEMPT!");
	auth_feed(&h, "Mar  3 04:10:02 gw sshd[2203]: pam_unix(sshd:auth): check pass; user unknown");
	auth_feed(&h, "Mar  3 04:10:03 gw sshd[2204]: PAM service(sshd) ignoring max retries; 6 > 3");
	auth_feed(&h, "Mar  3 04:10:04 gw sshd[2205]: PAM 4 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.40  user=root");
	auth_feed(&h, "Mar  3 04:10:05 gw sshd[2206]: PAM 1 more authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.41");
	auth_feed(&h, "Mar  3 04:10:06 gw sshd[2207]: message repeated 3 times: [ Failed password for root from 203.0.113.42 port 40112 ssh2]");
	auth_feed(&h, "Mar  3 04:10:07 gw sshd[2208]: fatal: Read from socket failed: Connection reset by peer [preauth]");
	auth_feed(&h, "Mar  3 04:10:08 gw sshd[2209]: Disconnecting: Too many authentication failures for suzuki [preauth]");
	auth_feed(&h, "Mar  3 04:10:09 gw sshd[2210]: Address 192.0.2.9 maps to mail.example.org, but this does not map back to the address - POSSIBLE BREAK-IN ATTEMPT!");
	auth_feed(&h, "Mar  3 04:10:10 gw sshd(pam_unix)[2211]: check pass; user unknown");
	STR_EQ(&h, 0, LT_F_EVENT_CATEGORY, "authentication");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "ssh_login");
	STR_EQ(&h, 0, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 0, LT_F_USER_NAME, "kanri");
	cr_assert_not_null(lt_rec_get(&h.recs[0], "leaktrail.auth.invalid_user"));
	STR_EQ(&h, 1, LT_F_EVENT_CATEGORY, "network");
	STR_EQ(&h, 1, LT_F_EVENT_ACTION, "ssh_reverse_mapping_failed");
	STR_EQ(&h, 1, LT_F_SOURCE_IP, "198.51.100.7");
	STR_EQ(&h, 1, "source.domain", "host-7.example.net");
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "auth_failure");
	STR_EQ(&h, 2, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 2, "leaktrail.auth.service", "sshd");
	STR_EQ(&h, 2, "leaktrail.auth.reason", "user unknown");
	cr_assert_not_null(lt_rec_get(&h.recs[2], "leaktrail.auth.invalid_user"));
	ABSENT(&h, 2, LT_F_USER_NAME);
	STR_EQ(&h, 3, LT_F_EVENT_ACTION, "pam_max_retries");
	STR_EQ(&h, 3, "leaktrail.auth.service", "sshd");
	STR_EQ(&h, 3, "leaktrail.auth.reason", "ignoring max retries; 6 > 3");
	STR_EQ(&h, 4, LT_F_EVENT_ACTION, "auth_failure");
	STR_EQ(&h, 4, LT_F_USER_NAME, "root");
	STR_EQ(&h, 4, LT_F_SOURCE_IP, "203.0.113.40");
	INT_EQ(&h, 4, "leaktrail.auth.repeat_count", 4);
	ABSENT(&h, 5, LT_F_USER_NAME);
	STR_EQ(&h, 5, LT_F_SOURCE_IP, "203.0.113.41");
	INT_EQ(&h, 5, "leaktrail.auth.repeat_count", 1);
	STR_EQ(&h, 6, LT_F_EVENT_ACTION, "ssh_login");
	STR_EQ(&h, 6, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 6, LT_F_USER_NAME, "root");
	STR_EQ(&h, 6, LT_F_SOURCE_IP, "203.0.113.42");
	INT_EQ(&h, 6, LT_F_SOURCE_PORT, 40112);
	STR_EQ(&h, 6, "leaktrail.auth.method", "password");
	INT_EQ(&h, 6, "leaktrail.auth.repeat_count", 3);
	STR_EQ(&h, 7, LT_F_EVENT_ACTION, "ssh_connection_lost");
	STR_EQ(&h, 7, "leaktrail.auth.reason", "Connection reset by peer");
	STR_EQ(&h, 8, LT_F_EVENT_ACTION, "ssh_login");
	STR_EQ(&h, 8, LT_F_USER_NAME, "suzuki");
	STR_EQ(&h, 8, "leaktrail.auth.reason", "too many authentication failures");
	STR_EQ(&h, 9, LT_F_SOURCE_IP, "192.0.2.9");
	STR_EQ(&h, 9, "source.domain", "mail.example.org");
	STR_EQ(&h, 10, LT_F_EVENT_ACTION, "auth_failure");
	STR_EQ(&h, 10, "leaktrail.auth.service", "sshd");
	lth_free(&h);
}

Test(linux_auth, sshd_service_and_near_misses)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-03-10T00:00:00Z", NULL);
	auth_feed(&h, "Mar  3 05:00:00 gw sshd[900]: Server listening on 0.0.0.0 port 22.");
	auth_feed(&h, "Mar  3 05:00:01 gw sshd[900]: Server listening on :: port 2222.");
	auth_feed(&h, "Mar  3 05:00:02 gw sshd[900]: Received signal 15; terminating.");
	STR_EQ(&h, 0, LT_F_EVENT_CATEGORY, "process");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "ssh_server_started");
	STR_EQ(&h, 0, "server.ip", "0.0.0.0");
	INT_EQ(&h, 0, "server.port", 22);
	STR_EQ(&h, 1, "server.ip", "::");
	INT_EQ(&h, 1, "server.port", 2222);
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "ssh_server_stopped");
	/* near misses of the shapes stay generic (the framework's record: header
	 * and message only, leaktrail.generic set), with no event fields */
	auth_feed(&h, "Mar  3 05:00:03 gw sshd[901]: PAM many more authentication failures; logname=");
	auth_feed(&h, "Mar  3 05:00:04 gw sshd[901]: message repeated 2 times: [ something sshd never says]");
	auth_feed(&h, "Mar  3 05:00:05 gw sshd[901]: reverse mapping checking getaddrinfo for host.example.net failed");
	auth_feed(&h, "Mar  3 05:00:06 gw sshd[901]: last message repeated 2 times");
	for (size_t i = 0; i < 3; i++)
		ABSENT(&h, i, "leaktrail.generic");
	for (size_t i = 3; i < 7; i++) {
		cr_assert_not_null(lt_rec_get(&h.recs[i], "leaktrail.generic"), "record %zu not generic", i);
		ABSENT(&h, i, LT_F_EVENT_ACTION);
		ABSENT(&h, i, "leaktrail.auth.repeat_count");
	}
	lth_free(&h);
}

Test(linux_auth, sshd_verbose_and_kex_shapes)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-03-10T00:00:00Z", NULL);
	auth_feed(&h, "Mar  4 06:00:00 gw sshd[3100]: Connection from 198.51.100.20 port 50123 on 192.0.2.1 port 22 rdomain \"\"");
	auth_feed(&h, "Mar  4 06:00:01 gw sshd[3101]: error: kex_exchange_identification: banner line too long");
	auth_feed(&h, "Mar  4 06:00:02 gw sshd[3102]: fatal: Unable to negotiate a key exchange method [preauth]");
	auth_feed(&h, "Mar  4 06:00:03 gw sshd[3103]: Timeout before authentication for connection from 198.51.100.21 to 192.0.2.1, pid = 3103");
	auth_feed(&h, "Mar  4 06:00:04 gw sshd[3104]: Postponed publickey for tanaka from 198.51.100.22 port 50200 ssh2 [preauth]");
	auth_feed(&h, "Mar  4 06:00:05 gw sshd[3105]: User root not allowed because account is locked");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "ssh_connection");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "198.51.100.20");
	INT_EQ(&h, 0, LT_F_SOURCE_PORT, 50123);
	STR_EQ(&h, 0, "destination.ip", "192.0.2.1");
	INT_EQ(&h, 0, "destination.port", 22);
	STR_EQ(&h, 1, LT_F_EVENT_ACTION, "ssh_protocol_error");
	STR_EQ(&h, 1, "leaktrail.auth.reason", "banner line too long");
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "ssh_negotiation_failed");
	STR_EQ(&h, 2, "leaktrail.auth.reason", "a key exchange method");
	STR_EQ(&h, 3, LT_F_EVENT_ACTION, "ssh_negotiation_failed");
	STR_EQ(&h, 3, LT_F_SOURCE_IP, "198.51.100.21");
	STR_EQ(&h, 4, LT_F_EVENT_ACTION, "ssh_login_postponed");
	ABSENT(&h, 4, LT_F_EVENT_OUTCOME);
	STR_EQ(&h, 4, LT_F_USER_NAME, "tanaka");
	STR_EQ(&h, 4, LT_F_SOURCE_IP, "198.51.100.22");
	STR_EQ(&h, 4, "leaktrail.auth.method", "publickey");
	STR_EQ(&h, 5, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 5, LT_F_USER_NAME, "root");
	STR_EQ(&h, 5, "leaktrail.auth.reason", "not allowed because account is locked");
	lth_free(&h);
}

Test(linux_auth, account_file_and_change_lines)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-03-10T00:00:00Z", NULL);
	auth_feed(&h, "Mar  5 09:00:00 h groupadd[700]: group added to /etc/group: name=keiri, GID=1005");
	auth_feed(&h, "Mar  5 09:00:00 h groupadd[700]: group added to /etc/gshadow: name=keiri");
	auth_feed(&h, "Mar  5 09:00:01 h chfn[701]: changed user 'sato' information");
	auth_feed(&h, "Mar  5 09:00:02 h chage[702]: changed password expiry for sato");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "group_file_updated");
	STR_EQ(&h, 0, "file.path", "/etc/group");
	STR_EQ(&h, 0, "group.name", "keiri");
	STR_EQ(&h, 1, "file.path", "/etc/gshadow");
	STR_EQ(&h, 1, "group.name", "keiri");
	STR_EQ(&h, 2, LT_F_EVENT_CATEGORY, "iam");
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "user_changed");
	STR_EQ(&h, 2, LT_F_USER_NAME, "sato");
	STR_EQ(&h, 3, LT_F_EVENT_ACTION, "password_expiry_changed");
	STR_EQ(&h, 3, LT_F_USER_NAME, "sato");
	lth_free(&h);
}

Test(linux_auth, year_rollover_zone_and_crlf)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_linux_auth, "Asia/Tokyo", "2027-01-03T00:00:00Z", NULL);
	auth_feed(&h, "Dec 31 23:59:59 h sshd[1]: Accepted password for bob from 10.0.0.1 port 1 ssh2\r");
	auth_feed(&h, "Jan  2 09:00:00 h sshd[1]: Accepted password for bob from 10.0.0.1 port 2 ssh2");
	TIME_EQ(&h, 0, "2026-12-31T14:59:59.000000Z");
	STR_EQ(&h, 0, LT_F_TIME_ZONE, "Asia/Tokyo");
	cr_assert_not_null(lt_rec_get(&h.recs[0], LT_F_TIME_YEAR_INFERRED));
	TIME_EQ(&h, 1, "2027-01-02T00:00:00.000000Z");
	STR_EQ(&h, 0, LT_F_MESSAGE, "Accepted password for bob from 10.0.0.1 port 1 ssh2");
	lth_free(&h);
}

/* ---- access_log --------------------------------------------------------- */

Test(access_log, combined_with_user_and_ipv6)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_access_log, "UTC", NULL, NULL);
	cr_assert_eq(lth_feed(&h, "2001:db8::42 - alice [25/Nov/2026:09:15:02 +0900] \"POST /upload?name=a%20b HTTP/1.1\" 201 1234 \"https://intra.example.jp/\" \"Mozilla/5.0 (X11; Linux x86_64)\""), LT_LINE_RECORD);
	TIME_EQ(&h, 0, "2026-11-25T00:15:02.000000Z");
	STR_EQ(&h, 0, LT_F_TIME_ZONE, "+09:00");
	STR_EQ(&h, 0, LT_F_TIME_TEXT, "25/Nov/2026:09:15:02 +0900");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "2001:db8::42");
	STR_EQ(&h, 0, LT_F_USER_NAME, "alice");
	STR_EQ(&h, 0, LT_F_HTTP_METHOD, "POST");
	STR_EQ(&h, 0, LT_F_URL_ORIGINAL, "/upload?name=a%20b");
	STR_EQ(&h, 0, "http.version", "1.1");
	INT_EQ(&h, 0, LT_F_HTTP_STATUS, 201);
	INT_EQ(&h, 0, LT_F_HTTP_RESP_BYTES, 1234);
	STR_EQ(&h, 0, "http.request.referrer", "https://intra.example.jp/");
	STR_EQ(&h, 0, LT_F_USER_AGENT, "Mozilla/5.0 (X11; Linux x86_64)");
	lth_free(&h);
}

Test(access_log, dash_bytes_bad_request_and_escaped_quotes)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_access_log, "UTC", NULL, NULL);
	cr_assert_eq(lth_feed(&h, "::1 - - [26/Dec/2016:16:16:48 +0200] \"-\" 408 -"), LT_LINE_RECORD);
	ABSENT(&h, 0, LT_F_HTTP_RESP_BYTES);
	ABSENT(&h, 0, LT_F_HTTP_METHOD);
	ABSENT(&h, 0, LT_F_USER_NAME);
	INT_EQ(&h, 0, LT_F_HTTP_STATUS, 408);
	STR_EQ(&h, 0, LT_F_EVENT_OUTCOME, "failure");
	cr_assert_eq(lth_feed(&h, "10.0.0.9 - - [26/Dec/2016:16:16:48 -0500] \"GET /a\\\"b HTTP/1.0\" 200 5 \"-\" \"curl \\\"x\\\"\"\r"), LT_LINE_RECORD);
	STR_EQ(&h, 1, LT_F_URL_ORIGINAL, "/a\\\"b");
	STR_EQ(&h, 1, LT_F_USER_AGENT, "curl \\\"x\\\"");
	TIME_EQ(&h, 1, "2016-12-26T21:16:48.000000Z");
	ABSENT(&h, 1, "http.request.referrer");
	cr_assert_eq(lth_feed(&h, "10.0.0.9 - - 26/Dec/2016:16:16:48 \"GET / HTTP/1.0\" 200 5"), LT_LINE_UNPARSED);
	lth_free(&h);
}

Test(access_log, squid_common_proxy_and_connect)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_access_log, "UTC", NULL, NULL);
	lth_feed(&h, "192.168.1.20 - bob [25/Nov/2026:10:00:00 +0900] \"CONNECT drive.example.com:443 HTTP/1.1\" 200 51234 TCP_TUNNEL:HIER_DIRECT");
	lth_feed(&h, "192.168.1.20 - bob [25/Nov/2026:10:00:01 +0900] \"GET http://bad.example.net/x HTTP/1.1\" 403 3905 \"-\" \"Wget\" TCP_DENIED:HIER_NONE");
	STR_EQ(&h, 0, LT_F_URL_DOMAIN, "drive.example.com");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "TCP_TUNNEL");
	STR_EQ(&h, 0, "leaktrail.proxy.action", "allowed");
	STR_EQ(&h, 1, "leaktrail.proxy.action", "blocked");
	STR_EQ(&h, 1, LT_F_URL_DOMAIN, "bad.example.net");
	STR_EQ(&h, 1, LT_F_USER_AGENT, "Wget");
	lth_free(&h);
}

Test(access_log, vhost_forwarded_lists_and_ssl_request)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_access_log, "UTC", NULL, NULL);
	lth_feed(&h, "vhost1.example.fr 192.168.33.2 - - [26/Dec/2016:16:22:14 +0000] \"GET /hello HTTP/1.1\" 404 499 \"-\" \"UA\"");
	lth_feed(&h, "10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] \"GET /o HTTP/1.1\" 200 571 \"-\" \"UA\"");
	lth_feed(&h, "\"10.5.102.222, 175.16.199.1\" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"UA\"");
	lth_feed(&h, "[10/Aug/2018:09:45:56 +0200] 172.30.0.119 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 \"GET /x HTTP/1.1\" 1375");
	STR_EQ(&h, 0, "destination.domain", "vhost1.example.fr");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "192.168.33.2");
	STR_EQ(&h, 1, LT_F_SOURCE_IP, "10.0.0.2");
	const struct lt_value *v = lt_rec_get(&h.recs[1], "leaktrail.http.client_list");
	cr_assert(v && v->type == LT_V_LIST && v->v.list.count == 3);
	STR_EQ(&h, 2, LT_F_SOURCE_IP, "10.5.102.222");
	STR_EQ(&h, 3, LT_F_SOURCE_IP, "172.30.0.119");
	STR_EQ(&h, 3, "tls.version", "1.2");
	STR_EQ(&h, 3, "tls.version_protocol", "tls");
	INT_EQ(&h, 3, LT_F_HTTP_RESP_BYTES, 1375);
	ABSENT(&h, 3, LT_F_HTTP_STATUS);
	lth_free(&h);
}

/* ---- w3c ------------------------------------------------------------------ */

Test(w3c, iis_fields_header_and_change_mid_file)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_w3c, "Asia/Tokyo", NULL, NULL);
	cr_assert_eq(lth_feed(&h, "#Software: Microsoft Internet Information Services 10.0"), LT_LINE_META);
	cr_assert_eq(lth_feed(&h, "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status sc-bytes cs-bytes time-taken\r"), LT_LINE_META);
	cr_assert_eq(lth_feed(&h, "2026-11-25 00:32:17 10.0.0.5 GET /share/plan.xlsx a=1 443 CORP\\taro 2001:db8::9 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 1405 242 283\r"), LT_LINE_RECORD);
	TIME_EQ(&h, 0, "2026-11-25T00:32:17.000000Z");	/* W3C date/time are UTC, not --tz */
	STR_EQ(&h, 0, LT_F_TIME_ZONE, "+00:00");
	STR_EQ(&h, 0, LT_F_USER_NAME, "CORP\\taro");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "2001:db8::9");
	STR_EQ(&h, 0, LT_F_URL_ORIGINAL, "/share/plan.xlsx?a=1");
	INT_EQ(&h, 0, LT_F_HTTP_RESP_BYTES, 1405);
	INT_EQ(&h, 0, LT_F_HTTP_REQ_BYTES, 242);
	INT_EQ(&h, 0, LT_F_EVENT_DURATION, INT64_C(283000000));
	INT_EQ(&h, 0, "server.port", 443);
	ABSENT(&h, 0, "http.request.referrer");
	cr_assert_eq(lth_feed(&h, "#Fields: time c-ip cs-method cs-uri-stem sc-status"), LT_LINE_META);
	cr_assert_eq(lth_feed(&h, "#Date: 2000-10-09 16:44:49"), LT_LINE_META);
	cr_assert_eq(lth_feed(&h, "16:48:35 1.1.1.1 [3]sent /user/test.c 226"), LT_LINE_RECORD);
	TIME_EQ(&h, 1, "2000-10-09T16:48:35.000000Z");
	STR_EQ(&h, 1, LT_F_HTTP_METHOD, "[3]sent");
	lth_free(&h);
}

Test(w3c, gmt_offset_quoted_values_and_local_time)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_w3c, "Asia/Tokyo", NULL, NULL);
	lth_feed(&h, "#GMT-Offset: -0800");
	lth_feed(&h, "#Fields:  c-ip  c-dns  c-auth-id  date  time  cs-method  cs-uri  sc-status  bytes  cs(Cookie)  cs(Referrer)  time-taken  cs(User-Agent)");
	cr_assert_eq(lth_feed(&h, "64.103.37.2  client_joaz7  DMS.user  2001-10-31  00:00:18  GET  /admin/x.gif  200  350  \"a=b;c\"  \"http://www.example.com/p.html\"  370879  \"Mozilla/4.5 [en] (WinNT; I)\""), LT_LINE_RECORD);
	TIME_EQ(&h, 0, "2001-10-31T08:00:18.000000Z");
	STR_EQ(&h, 0, LT_F_TIME_ZONE, "-08:00");
	STR_EQ(&h, 0, LT_F_USER_AGENT, "Mozilla/4.5 [en] (WinNT; I)");
	STR_EQ(&h, 0, "http.request.referrer", "http://www.example.com/p.html");
	STR_EQ(&h, 0, LT_F_USER_NAME, "DMS.user");
	lth_feed(&h, "#Fields: date-local time-local c-ip cs-uri-stem sc-status sc-substatus");
	cr_assert_eq(lth_feed(&h, "2026-11-25 09:00:00.363 10.1.1.1 /x 404 \" \"\"garbage\"\" w/ spaces \""), LT_LINE_RECORD);
	TIME_EQ(&h, 1, "2026-11-25T00:00:00.363000Z");
	STR_EQ(&h, 1, LT_F_TIME_ZONE, "Asia/Tokyo");
	lth_free(&h);
}

Test(w3c, proxysg_without_header_and_via_syslog)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_w3c, "Asia/Tokyo", "2026-06-01T00:00:00Z", NULL);
	const char *sg = "2020-05-02 02:16:10 4393 172.48.21.85 user76 - - OBSERVED \"Web Ads/Analytics\" -  200 TCP_TUNNELED CONNECT - tcp px.moatads.com 443 / - - \"Mozilla/5.0 (Windows NT 6.1  Win64  x64)\" 172.88.888.2 939 3247 - \"none\" \"none\" 3128 Ambiguous%20-%20Special%20Use 2";
	cr_assert_eq(lth_feed(&h, sg), LT_LINE_RECORD);
	char wrapped[1024];
	snprintf(wrapped, sizeof wrapped, "<134>May  2 11:16:12 proxysg1 bluecoat[0]: %s", sg);
	cr_assert_eq(lth_feed(&h, wrapped), LT_LINE_RECORD);
	cr_assert_eq(lth_feed(&h, "2020-05-02 02:16:08 1 172.999.199.93 - - policy_denied DENIED \"Phishing\" - 403 TCP_DENIED GET - http evil.example.com 80 /login.php ?u=1 php - 172.88.888.2 0 112 - \"none\" \"none\" 8080 None 9"), LT_LINE_RECORD);
	for (size_t i = 0; i < 2; i++) {
		TIME_EQ(&h, i, "2020-05-02T02:16:10.000000Z");
		STR_EQ(&h, i, LT_F_SOURCE_IP, "172.48.21.85");
		STR_EQ(&h, i, LT_F_USER_NAME, "user76");
		STR_EQ(&h, i, LT_F_PROXY_CATEGORY, "Web Ads/Analytics");
		STR_EQ(&h, i, LT_F_EVENT_ACTION, "TCP_TUNNELED");
		STR_EQ(&h, i, LT_F_URL_DOMAIN, "px.moatads.com");
		STR_EQ(&h, i, LT_F_URL_ORIGINAL, "px.moatads.com:443");
		INT_EQ(&h, i, LT_F_HTTP_RESP_BYTES, 939);
		INT_EQ(&h, i, LT_F_HTTP_REQ_BYTES, 3247);
		STR_EQ(&h, i, "leaktrail.proxy.action", "allowed");
		STR_EQ(&h, i, LT_F_USER_AGENT, "Mozilla/5.0 (Windows NT 6.1  Win64  x64)");
	}
	/* an invalid (anonymised) address is kept as text, not as source.ip */
	ABSENT(&h, 2, LT_F_SOURCE_IP);
	STR_EQ(&h, 2, "source.address", "172.999.199.93");
	STR_EQ(&h, 2, "leaktrail.proxy.action", "blocked");
	STR_EQ(&h, 2, LT_F_EVENT_OUTCOME, "failure");
	STR_EQ(&h, 2, LT_F_URL_ORIGINAL, "http://evil.example.com/login.php?u=1");
	lth_free(&h);
}

Test(w3c, data_before_fields_and_configured_layout)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_w3c, "UTC", NULL, NULL);
	cr_assert_eq(lth_feed(&h, "2026-01-01 00:00:00 1.2.3.4 GET /"), LT_LINE_UNPARSED);
	lth_free(&h);
	const char *opts[] = { "w3c.fields=date time c-ip cs-method cs-uri-stem", NULL };
	lth_init(&h, &lt_parser_w3c, "UTC", NULL, opts);
	cr_assert_eq(lth_feed(&h, "2026-01-01 00:00:00 1.2.3.4 GET /"), LT_LINE_RECORD);
	STR_EQ(&h, 0, LT_F_URL_ORIGINAL, "/");
	lth_free(&h);
}

/* ---- zscaler_nss ---------------------------------------------------------- */

Test(zscaler_nss, blocked_and_allowed_with_zone)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_zscaler_nss, "Asia/Tokyo", NULL, NULL);
	cr_assert_eq(lth_feed(&h, "{ \"sourcetype\" : \"zscalernss-web\", \"event\" :{\"time\":\"Wed Nov 25 09:07:07 2026\",\"login\":\"taro@example.jp\",\"eurl\":\"drive.example.com/upload?id=1\",\"action\":\"Blocked\",\"urlcat\":\"Online Storage\",\"cip\":\"2001:db8::5\",\"sip\":\"203.0.113.7\",\"reqmethod\":\"POST\",\"respcode\":\"403\",\"reqsize\":\"5242880\",\"respsize\":\"120\",\"ua\":\"Mozilla/5.0, \\\"x\\\"\",\"ereferer\":\"None\",\"contenttype\":\"Other\",\"devicehostname\":\"PC-01\",\"dlpeng\":\"None\"}}"), LT_LINE_RECORD);
	TIME_EQ(&h, 0, "2026-11-25T00:07:07.000000Z");
	STR_EQ(&h, 0, LT_F_USER_NAME, "taro@example.jp");
	STR_EQ(&h, 0, LT_F_URL_DOMAIN, "drive.example.com");
	STR_EQ(&h, 0, "leaktrail.proxy.action", "blocked");
	STR_EQ(&h, 0, LT_F_PROXY_CATEGORY, "Online Storage");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "2001:db8::5");
	INT_EQ(&h, 0, LT_F_HTTP_REQ_BYTES, 5242880);
	STR_EQ(&h, 0, LT_F_USER_AGENT, "Mozilla/5.0, \"x\"");
	ABSENT(&h, 0, "http.request.referrer");
	ABSENT(&h, 0, "leaktrail.proxy.dlp_engine");
	cr_assert_eq(lth_feed(&h, "{\"time\":\"Thu Aug  9 09:20:35 2022\",\"login\":\"a@b\",\"eurl\":\"www.example.com:443\",\"action\":\"Allowed\",\"respcode\":\"200\"}"), LT_LINE_RECORD);
	STR_EQ(&h, 1, "leaktrail.proxy.action", "allowed");
	STR_EQ(&h, 1, LT_F_URL_DOMAIN, "www.example.com");
	TIME_EQ(&h, 1, "2022-08-09T00:20:35.000000Z");
	cr_assert_eq(lth_feed(&h, "{\"time\": broken"), LT_LINE_UNPARSED);
	cr_assert_eq(lth_feed(&h, "{\"foo\":1}"), LT_LINE_UNPARSED);
	lth_free(&h);
}

/* ---- openvpn -------------------------------------------------------------- */

Test(openvpn, session_with_duplicates_and_derived_duration)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_openvpn, "Asia/Tokyo", "2026-11-30T00:00:00Z", NULL);
	lth_feed(&h, "Nov 25 09:00:00 gw openvpn[30264]: 203.0.113.5:41445 [taro] Peer Connection Initiated with [AF_INET]203.0.113.5:41445");
	lth_feed(&h, "Nov 25 09:00:00 gw openvpn: 203.0.113.5:41445 [taro] Peer Connection Initiated with [AF_INET]203.0.113.5:41445");
	lth_feed(&h, "Nov 25 09:00:01 gw openvpn[30264]: taro/203.0.113.5:41445 MULTI: primary virtual IP for taro/203.0.113.5:41445: 10.8.0.6");
	lth_feed(&h, "Nov 25 10:30:01 gw openvpn[30264]: taro/203.0.113.5:41445 SIGTERM[soft,remote-exit] received, client-instance exiting");
	lth_feed(&h, "Nov 25 10:30:01 gw openvpn: taro/203.0.113.5:41445 SIGTERM[soft,remote-exit] received, client-instance exiting");
	cr_assert_eq(h.nrec, 5);
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "vpn_login");
	STR_EQ(&h, 0, LT_F_USER_NAME, "taro");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "203.0.113.5");
	INT_EQ(&h, 0, LT_F_SOURCE_PORT, 41445);
	INT_EQ(&h, 1, "leaktrail.duplicate_of_line", 1);
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "vpn_session_start");
	STR_EQ(&h, 2, "leaktrail.vpn.assigned_ip", "10.8.0.6");
	STR_EQ(&h, 2, LT_F_USER_NAME, "taro");
	TIME_EQ(&h, 2, "2026-11-25T00:00:01.000000Z");
	STR_EQ(&h, 3, LT_F_EVENT_ACTION, "vpn_session_end");
	STR_EQ(&h, 3, "leaktrail.vpn.assigned_ip", "10.8.0.6");
	/* from the session's first line (the peer connection), not the address (issue 11) */
	INT_EQ(&h, 3, LT_F_EVENT_DURATION, INT64_C(5401) * 1000000000);
	STR_EQ(&h, 0, "leaktrail.session.role", "start");
	STR_EQ(&h, 2, "leaktrail.session.role", "continued");
	STR_EQ(&h, 3, "leaktrail.session.role", "end");
	STR_EQ(&h, 3, "event.reason", "soft,remote-exit");
	INT_EQ(&h, 4, "leaktrail.duplicate_of_line", 4);
	lth_free(&h);
}

Test(openvpn, own_log_file_and_failures)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_openvpn, "Asia/Tokyo", NULL, NULL);
	cr_assert_eq(lth_feed(&h, "2026-11-25 09:00:00 us=123456 2001:db8::5:1194 TLS Auth Error: Auth Username/Password verification failed for peer"), LT_LINE_RECORD);
	cr_assert_eq(lth_feed(&h, "Wed Nov 25 09:00:01 2026 192.0.2.251:55329 VERIFY ERROR: depth=2, error=unable to get issuer certificate"), LT_LINE_RECORD);
	cr_assert_eq(lth_feed(&h, "Jan 28 14:25:49 VPN-SERVER openvpn: Incorrect password supplied for LDAP DN \"CN=Harry T. Hacker,OU=x,DC=example,DC=com\""), LT_LINE_RECORD);
	cr_assert_eq(lth_feed(&h, "garbage"), LT_LINE_UNPARSED);
	TIME_EQ(&h, 0, "2026-11-25T00:00:00.123456Z");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "vpn_login_failed");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "2001:db8::5");
	TIME_EQ(&h, 1, "2026-11-25T00:00:01.000000Z");
	STR_EQ(&h, 1, LT_F_SOURCE_IP, "192.0.2.251");
	STR_EQ(&h, 2, LT_F_USER_NAME, "CN=Harry T. Hacker,OU=x,DC=example,DC=com");
	lth_free(&h);
}

/* ---- cisco_asa ------------------------------------------------------------ */

Test(cisco_asa, anyconnect_session_messages)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_cisco_asa, "UTC", "2026-11-30T00:00:00Z", NULL);
	lth_feed(&h, "<166>Nov 25 2026 09:00:00 asa1 : %ASA-6-113039: Group <GroupPolicy_VPN> User <taro@example.jp> IP <203.0.113.5> AnyConnect parent session started.");
	lth_feed(&h, "Nov 25 2026 09:00:01: %ASA-4-722051: Group <GroupPolicy_VPN> User <taro@example.jp> IP <203.0.113.5> IPv4 Address <10.10.0.7> IPv6 address <::> assigned to session");
	lth_feed(&h, "Nov 25 2026 11:00:00: %ASA-4-113019: Group = VPN, Username = taro@example.jp, IP = 203.0.113.5, Session disconnected. Session Type: AnyConnect-Parent, Duration: 1d 2h:01m:52s, Bytes xmt: 32452, Bytes rcv: 1200, Reason: User Requested");
	lth_feed(&h, "Nov 25 09:00:02 asa1 %ASA-6-722022: Group <G> User <Philip> IP <2001:db8::7> TCP SVC connection established without compression");
	lth_feed(&h, "Nov 25 09:00:03 asa1 : %ASA-6-113005: AAA user authentication Rejected : reason = AAA failure : server = 10.1.1.1 : user = jiro : user IP = 198.51.100.9");
	lth_feed(&h, "Nov 25 09:00:04 asa1 : %ASA-6-302013: Built inbound TCP connection 1 for outside:1.2.3.4/5 (1.2.3.4/5) to inside:10.0.0.1/80 (10.0.0.1/80)");
	cr_assert_eq(lth_feed(&h, "no tag here"), LT_LINE_UNPARSED);
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "vpn_session_start");
	STR_EQ(&h, 0, LT_F_USER_NAME, "taro@example.jp");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "203.0.113.5");
	STR_EQ(&h, 0, "leaktrail.vpn.group", "GroupPolicy_VPN");
	STR_EQ(&h, 0, LT_F_HOST_NAME, "asa1");
	STR_EQ(&h, 0, LT_F_EVENT_CODE, "113039");
	TIME_EQ(&h, 0, "2026-11-25T09:00:00.000000Z");
	STR_EQ(&h, 1, "leaktrail.vpn.assigned_ip", "10.10.0.7");
	ABSENT(&h, 1, "leaktrail.vpn.assigned_ipv6");
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "vpn_session_end");
	INT_EQ(&h, 2, LT_F_EVENT_DURATION, (INT64_C(86400) + 7200 + 112) * 1000000000);
	INT_EQ(&h, 2, LT_F_DEST_BYTES, 32452);
	INT_EQ(&h, 2, LT_F_SOURCE_BYTES, 1200);
	STR_EQ(&h, 2, "event.reason", "User Requested");
	STR_EQ(&h, 3, LT_F_USER_NAME, "Philip");
	STR_EQ(&h, 3, LT_F_SOURCE_IP, "2001:db8::7");
	STR_EQ(&h, 4, LT_F_EVENT_ACTION, "vpn_login_failed");
	STR_EQ(&h, 4, LT_F_USER_NAME, "jiro");
	STR_EQ(&h, 4, LT_F_SOURCE_IP, "198.51.100.9");
	ABSENT(&h, 5, LT_F_EVENT_ACTION);
	STR_EQ(&h, 5, LT_F_EVENT_CODE, "302013");
	lth_free(&h);
}

/* ---- fortigate ------------------------------------------------------------ */

Test(fortigate, ssl_vpn_tunnel_up_down_with_zone)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_fortigate, "Asia/Tokyo", NULL, NULL);
	lth_feed(&h, "<190>date=2026-11-25 time=09:00:00 devname=\"FG 60F\" logid=\"0101039947\" type=\"event\" subtype=\"vpn\" tz=\"+0900\" logdesc=\"SSL VPN tunnel up\" action=\"tunnel-up\" tunneltype=\"ssl-tunnel\" tunnelid=2345 remip=203.0.113.5 tunnelip=10.212.134.200 user=\"taro\" group=\"vpn users\" dst_host=\"N/A\" reason=\"tunnel established\" msg=\"SSL tunnel established\"");
	lth_feed(&h, "date=2026-11-25 time=11:00:00 logid=\"0101039948\" type=\"event\" subtype=\"vpn\" action=\"tunnel-down\" tunneltype=\"ssl-tunnel\" remip=203.0.113.5 tunnelip=10.212.134.200 user=\"taro\" duration=7200 sentbyte=1048576 rcvdbyte=5242880 msg=\"SSL tunnel shutdown\"");
	lth_feed(&h, "date=2026-11-25 time=11:00:01 logid=\"0101039426\" type=\"event\" subtype=\"vpn\" tz=\"-0500\" action=\"ssl-login-fail\" remip=198.51.100.1 user=\"admin\" reason=\"sslvpn_login_permission_denied\"");
	lth_feed(&h, "date=2026-11-25 time=11:00:02 logid=\"0100032001\" type=\"event\" subtype=\"system\" user=\"admin\" srcip=10.0.0.9 action=\"login\" status=\"failed\" msg=\"Administrator admin login failed\"");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "vpn_session_start");
	TIME_EQ(&h, 0, "2026-11-25T00:00:00.000000Z");
	STR_EQ(&h, 0, LT_F_TIME_ZONE, "+09:00");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "203.0.113.5");
	STR_EQ(&h, 0, "leaktrail.vpn.assigned_ip", "10.212.134.200");
	STR_EQ(&h, 0, "leaktrail.vpn.group", "vpn users");
	STR_EQ(&h, 0, "observer.name", "FG 60F");
	ABSENT(&h, 0, "destination.domain");
	STR_EQ(&h, 1, LT_F_EVENT_ACTION, "vpn_session_end");
	TIME_EQ(&h, 1, "2026-11-25T02:00:00.000000Z");	/* no tz=: --tz */
	INT_EQ(&h, 1, LT_F_EVENT_DURATION, INT64_C(7200000000000));
	INT_EQ(&h, 1, LT_F_DEST_BYTES, 1048576);
	INT_EQ(&h, 1, LT_F_SOURCE_BYTES, 5242880);
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "vpn_login_failed");
	TIME_EQ(&h, 2, "2026-11-25T16:00:01.000000Z");
	STR_EQ(&h, 3, LT_F_EVENT_CATEGORY, "authentication");
	STR_EQ(&h, 3, LT_F_EVENT_OUTCOME, "failure");
	cr_assert_eq(lth_feed(&h, "hello=world"), LT_LINE_UNPARSED);
	lth_free(&h);
}

/* ---- panos_globalprotect --------------------------------------------------- */

Test(panos_globalprotect, quoted_commas_login_logout_userid)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_panos_globalprotect, "Asia/Tokyo", NULL, NULL);
	lth_feed(&h, "1,2026/11/25 09:00:00,0131,GLOBALPROTECT,0,2305,2026/11/25 09:00:00,vsys1,gateway-auth,login,LDAP,,CORP\\taro,JP,PC-01,203.0.113.5,0.0.0.0,0.0.0.0,0.0.0.0,hostid,SER,6.0.1,Windows,\"Microsoft Windows 11 Pro , 64-bit\",1,,,\"\",success,,0,,0,GP-GW,1,0x0");
	lth_feed(&h, "Nov 25 09:00:05 pa-fw 1,2026/11/25 09:00:05,0131,GLOBALPROTECT,0,2305,2026/11/25 09:00:05,vsys1,gateway-auth,login,LDAP,,CORP\\jiro,JP,PC-02,198.51.100.7,0.0.0.0,0.0.0.0,0.0.0.0,hostid,SER,6.0.1,Windows,\"Windows, \"\"x\"\"\",1,auth failed,,\"\",failure,,0,,0,GP-GW,2,0x0");
	lth_feed(&h, "931201168,2026-11-25T03:00:00.000000Z,no-serial,GLOBALPROTECT,globalprotect,9.1,2026-11-25T02:59:59.000000Z,vsys1,gateway-logout,logout,,IPSec,taro,,PC-01,,2001:db8::5,,fd00::7,hostid,SER,6.0.1,,,1,client logout,,\"\",success,,10799,,0,GP-GW,3,true");
	lth_feed(&h, "1,2026/11/25 09:00:49,0131,USERID,login,2305,2026/11/25 09:00:49,vsys1,10.50.35.36,corp\\taro,,0,1,10800,0,0,vpn-client,globalprotect,1,0x0,0,0,0,0,,FW01,1,,2026/11/25 09:00:49,1,0x80000000,taro");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "vpn_login");
	STR_EQ(&h, 0, LT_F_USER_NAME, "taro");
	STR_EQ(&h, 0, LT_F_USER_DOMAIN, "CORP");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "203.0.113.5");
	ABSENT(&h, 0, "leaktrail.vpn.assigned_ip");
	STR_EQ(&h, 0, "host.os.full", "Microsoft Windows 11 Pro , 64-bit");
	TIME_EQ(&h, 0, "2026-11-25T00:00:00.000000Z");
	STR_EQ(&h, 1, LT_F_EVENT_ACTION, "vpn_login_failed");
	STR_EQ(&h, 1, "host.os.full", "Windows, \"x\"");
	STR_EQ(&h, 1, "event.reason", "auth failed");
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "vpn_session_end");
	STR_EQ(&h, 2, LT_F_SOURCE_IP, "2001:db8::5");
	STR_EQ(&h, 2, "leaktrail.vpn.assigned_ip", "fd00::7");
	INT_EQ(&h, 2, LT_F_EVENT_DURATION, INT64_C(10799000000000));
	TIME_EQ(&h, 2, "2026-11-25T02:59:59.000000Z");
	STR_EQ(&h, 3, LT_F_EVENT_ACTION, "userid_login");
	STR_EQ(&h, 3, LT_F_SOURCE_IP, "10.50.35.36");
	STR_EQ(&h, 3, LT_F_USER_NAME, "taro");
	cr_assert_eq(lth_feed(&h, "1,2026/11/25 09:00:49,0131,TRAFFIC,end,2305"), LT_LINE_UNPARSED);
	lth_free(&h);
}

/* ---- strongswan ----------------------------------------------------------- */

Test(strongswan, ike_sa_lifecycle_with_virtual_ip)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_strongswan, "UTC", "2026-11-30T00:00:00Z", NULL);
	lth_feed(&h, "Nov 25 09:00:00 vpn charon: 07[IKE] authentication of 'alice@example.com' with EAP successful");
	lth_feed(&h, "Nov 25 09:00:00 vpn charon: 07[IKE] authentication of 'vpn.example.com' (myself) with RSA signature successful");
	lth_feed(&h, "Nov 25 09:00:01 vpn charon: 07[IKE] assigning virtual IP 10.3.0.1 to peer 'alice@example.com'");
	lth_feed(&h, "Nov 25 09:00:01 vpn charon: 07[IKE] IKE_SA rw[3] established between 203.0.113.1[vpn.example.com]...198.51.100.7[alice@example.com]");
	lth_feed(&h, "Nov 25 09:00:01 vpn charon: 07[IKE] CHILD_SA rw{2} established with SPIs c1a2b3c4_i c5d6e7f8_o and TS 0.0.0.0/0 === 10.3.0.1/32");
	lth_feed(&h, "Nov 25 09:30:01 vpn charon: 10[IKE] closing CHILD_SA rw{2} with SPIs c1a2b3c4_i (123456 bytes) c5d6e7f8_o (654321 bytes) and TS 0.0.0.0/0 === 10.3.0.1/32");
	lth_feed(&h, "Nov 25 09:30:01 vpn charon: 10[IKE] deleting IKE_SA rw[3] between 203.0.113.1[vpn.example.com]...198.51.100.7[alice@example.com]");
	lth_feed(&h, "Nov 25 09:31:00 12[IKE] received AUTHENTICATION_FAILED notify error");
	STR_EQ(&h, 0, LT_F_EVENT_ACTION, "vpn_login");
	STR_EQ(&h, 0, LT_F_USER_NAME, "alice@example.com");
	ABSENT(&h, 1, LT_F_EVENT_ACTION);
	STR_EQ(&h, 2, LT_F_EVENT_ACTION, "vpn_address_assigned");
	STR_EQ(&h, 3, LT_F_EVENT_ACTION, "vpn_session_start");
	STR_EQ(&h, 3, LT_F_SOURCE_IP, "198.51.100.7");
	STR_EQ(&h, 3, LT_F_DEST_IP, "203.0.113.1");
	STR_EQ(&h, 3, LT_F_USER_NAME, "alice@example.com");
	STR_EQ(&h, 3, "leaktrail.vpn.assigned_ip", "10.3.0.1");
	STR_EQ(&h, 3, "leaktrail.vpn.session_id", "rw[3]");
	STR_EQ(&h, 4, "leaktrail.vpn.traffic_selectors", "0.0.0.0/0 === 10.3.0.1/32");
	INT_EQ(&h, 5, LT_F_SOURCE_BYTES, 123456);
	INT_EQ(&h, 5, LT_F_DEST_BYTES, 654321);
	STR_EQ(&h, 6, LT_F_EVENT_ACTION, "vpn_session_end");
	STR_EQ(&h, 6, "leaktrail.vpn.assigned_ip", "10.3.0.1");
	INT_EQ(&h, 6, LT_F_EVENT_DURATION, INT64_C(1800000000000));
	STR_EQ(&h, 7, LT_F_EVENT_ACTION, "vpn_login_failed");
	STR_EQ(&h, 7, LT_F_MESSAGE, "received AUTHENTICATION_FAILED notify error");
	lth_free(&h);
}

/* ---- unquoted blanks inside values ------------------------------------------ */

Test(quirks, unquoted_blanks_in_identities_and_names)
{
	struct lt_harness h;
	lth_init(&h, &lt_parser_strongswan, "UTC", "2026-11-30T00:00:00Z", NULL);
	lth_feed(&h, "Nov 25 09:00:01 vpn charon: 07[IKE] IKE_SA rw[4] established between 203.0.113.1[C=JP, O=Example, CN=vpn]...198.51.100.8[C=JP, O=Example, CN=Taro Yamada]");
	STR_EQ(&h, 0, LT_F_USER_NAME, "C=JP, O=Example, CN=Taro Yamada");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "198.51.100.8");
	lth_free(&h);

	lth_init(&h, &lt_parser_openvpn, "UTC", "2026-11-30T00:00:00Z", NULL);
	lth_feed(&h, "Nov 25 09:00:00 gw openvpn[1]: 203.0.113.5:41445 [Taro Yamada] Peer Connection Initiated with [AF_INET]203.0.113.5:41445");
	STR_EQ(&h, 0, LT_F_USER_NAME, "Taro Yamada");
	lth_free(&h);

	/* sshd: a user name with blanks (sshd logs it as typed) */
	lth_init(&h, &lt_parser_linux_auth, "UTC", "2026-11-30T00:00:00Z", NULL);
	lth_feed(&h, "Nov 25 09:00:00 h sshd[9]: Failed password for invalid user admin test from 192.0.2.9 port 2222 ssh2");
	STR_EQ(&h, 0, LT_F_USER_NAME, "admin test");
	STR_EQ(&h, 0, LT_F_SOURCE_IP, "192.0.2.9");
	lth_free(&h);

	/* ASA group names with blanks inside <> */
	lth_init(&h, &lt_parser_cisco_asa, "UTC", NULL, NULL);
	lth_feed(&h, "<166>Jun 22 2022 13:29:11 single : %ASA-6-113039: Group <GroupPolicy Remote-VPN> User <first.o'last@example.com> IP <81.2.69.144> AnyConnect parent session started.");
	STR_EQ(&h, 0, "leaktrail.vpn.group", "GroupPolicy Remote-VPN");
	STR_EQ(&h, 0, LT_F_USER_NAME, "first.o'last@example.com");
	lth_free(&h);
}

/* ---- autodetection on our own lines ------------------------------------- */

Test(probe, picks_squid_and_linux_auth)
{
	int conf;
	const struct lt_parser *p = lth_select_text(
		"1157689312.049   5006 10.105.21.199 TCP_MISS/200 19763 CONNECT login.yahoo.com:443 badeyek DIRECT/209.73.177.115 -\n"
		"1157689320.327   2864 10.105.21.199 TCP_MISS/200 10182 GET http://www.goonernews.com/ badeyek DIRECT/207.58.145.61 text/html\n", &conf);
	cr_assert(p && strcmp(p->name, "squid") == 0, "got %s", p ? p->name : "nothing");
	/* an Exchange message tracking log borrows the W3C directives, with commas */
	p = lth_select_text("#Software: Microsoft Exchange Server\n#Version: 15.02.0330.005\n#Log-type: Message Tracking Log\n"
			    "#Fields: date-time,client-ip,client-hostname,server-ip\n2024-01-25T15:16:09.843Z,,,\n", &conf);
	cr_assert(!p || strcmp(p->name, "w3c") != 0, "w3c must not claim Exchange CSV");
	p = lth_select_text("Feb 21 21:54:44 localhost sshd[3402]: Accepted publickey for vagrant from 10.0.2.2 port 63673 ssh2\n"
			    "Feb 21 21:55:01 localhost CRON[3]: pam_unix(cron:session): session opened for user root by (uid=0)\n", &conf);
	cr_assert(p && strcmp(p->name, "linux_auth") == 0, "got %s", p ? p->name : "nothing");
}
