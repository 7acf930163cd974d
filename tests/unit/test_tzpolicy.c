/* Unit tests for src/case/tzpolicy.c: the time-zone policy's order
 * (--tz GLOB=ZONE > context sources: > --tz ZONE > organisation.time_zone >
 * UTC assumed), glob matching on names, paths and archive members, and the
 * command-line errors; host rules (context `host:`, --tz host:GLOB=ZONE)
 * matching a path's folder or file name, or single lines by host. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "case/tzpolicy.h"
#include "util/diag.h"

static struct lt_context *context_from(const char *yaml)
{
	char path[] = "/tmp/lt-tzpolicy-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	char err[512];
	lt_diag_set_quiet(1);
	struct lt_context *ctx = lt_context_load(path, LT_SRCDIR, err, sizeof err);
	unlink(path);
	cr_assert_not_null(ctx, "%s", err);
	return ctx;
}

static const char *zone(const struct lt_tz_policy *p, const char *path, const char *member, const char **from)
{
	const char *rule;
	return lt_tz_name(lt_tz_policy_pick(p, path, member, from, &rule, NULL));
}

Test(tzpolicy, nothing_given_is_utc_assumed)
{
	struct lt_tz_policy p;
	lt_tz_policy_init(&p);
	lt_tz_policy_finish(&p, NULL);
	const char *from;
	cr_assert_str_eq(zone(&p, "logs/auth.log", NULL, &from), "UTC");
	cr_assert(p.assumed);
	cr_assert(strstr(from, "UTC assumed"));
	lt_tz_policy_free(&p);
}

Test(tzpolicy, order_of_the_rules)
{
	struct lt_context *ctx = context_from("organisation:\n  time_zone: Asia/Tokyo\n"
					      "sources:\n  - { path: \"fw-*.log\", time_zone: UTC }\n"
					      "  - { path: \"*/osaka/*\", time_zone: Asia/Seoul }\n");
	struct lt_tz_policy p;
	char err[256];
	lt_tz_policy_init(&p);
	lt_tz_policy_finish(&p, ctx);
	const char *from;
	cr_assert_str_eq(zone(&p, "logs/auth.log", NULL, &from), "Asia/Tokyo");
	cr_assert_str_eq(from, "context organisation.time_zone");
	cr_assert_str_eq(zone(&p, "logs/fw-01.log", NULL, &from), "UTC");
	cr_assert(strstr(from, "context sources (") && strstr(from, ":4)"), "%s", from);
	cr_assert_str_eq(zone(&p, "/evidence/osaka/auth.log", NULL, &from), "Asia/Seoul");
	lt_tz_policy_free(&p);

	lt_tz_policy_init(&p);
	cr_assert_eq(lt_tz_policy_add_arg(&p, "America/New_York", err, sizeof err), 0);
	cr_assert_eq(lt_tz_policy_add_arg(&p, "fw-01*=Europe/Berlin", err, sizeof err), 0);
	lt_tz_policy_finish(&p, ctx);
	cr_assert_str_eq(zone(&p, "logs/auth.log", NULL, &from), "America/New_York");
	cr_assert_str_eq(from, "--tz");
	cr_assert_str_eq(zone(&p, "logs/fw-01.log", NULL, &from), "Europe/Berlin");
	cr_assert_str_eq(from, "--tz fw-01*=Europe/Berlin");
	cr_assert_str_eq(zone(&p, "logs/fw-02.log", NULL, &from), "UTC");
	cr_assert(!p.assumed);
	lt_tz_policy_free(&p);
	lt_context_free(ctx);
}

Test(tzpolicy, members_match_by_their_own_name_or_full_path)
{
	struct lt_tz_policy p;
	char err[256];
	lt_tz_policy_init(&p);
	cr_assert_eq(lt_tz_policy_add_arg(&p, "vpn-*.log=UTC", err, sizeof err), 0);
	cr_assert_eq(lt_tz_policy_add_arg(&p, "*.tar.gz/branch/*=Asia/Seoul", err, sizeof err), 0);
	cr_assert_eq(lt_tz_policy_add_arg(&p, "Asia/Tokyo", err, sizeof err), 0);
	lt_tz_policy_finish(&p, NULL);
	const char *from;
	cr_assert_str_eq(zone(&p, "logs.tar.gz", "var/log/vpn-1.log", &from), "UTC");
	cr_assert_str_eq(zone(&p, "logs.tar.gz", "branch/auth.log", &from), "Asia/Seoul");
	cr_assert_str_eq(zone(&p, "logs.tar.gz", "hq/auth.log", &from), "Asia/Tokyo");
	cr_assert_str_eq(zone(&p, "vpn-logs.log", NULL, &from), "UTC");
	/* a name glob matches a member's own name, not its archive's */
	cr_assert_str_eq(zone(&p, "vpn-logs.log", "inner.txt", &from), "Asia/Tokyo");
	lt_tz_policy_free(&p);
}

Test(tzpolicy, command_line_errors)
{
	struct lt_tz_policy p;
	char err[256];
	lt_tz_policy_init(&p);
	cr_assert_eq(lt_tz_policy_add_arg(&p, "Mars/Base", err, sizeof err), -1);
	cr_assert(strstr(err, "unknown time zone 'Mars/Base'"));
	cr_assert_eq(lt_tz_policy_add_arg(&p, "=UTC", err, sizeof err), -1);
	cr_assert(strstr(err, "empty pattern"));
	cr_assert_eq(lt_tz_policy_add_arg(&p, "UTC", err, sizeof err), 0);
	cr_assert_eq(lt_tz_policy_add_arg(&p, "UTC", err, sizeof err), 0);	/* the same twice is fine */
	cr_assert_eq(lt_tz_policy_add_arg(&p, "Asia/Tokyo", err, sizeof err), -1);
	cr_assert(strstr(err, "two default zones"));
	lt_tz_policy_free(&p);
}

Test(tzpolicy, host_rules)
{
	struct lt_context *ctx = context_from("organisation:\n  time_zone: Asia/Tokyo\n"
					      "sources:\n  - { host: \"ny-*\", time_zone: America/New_York }\n"
					      "  - { path: \"collector*.log\", time_zone: UTC }\n"
					      "  - { host: \"ber-gw\", time_zone: Europe/Berlin }\n");
	struct lt_tz_policy p;
	char err[256];
	lt_tz_policy_init(&p);
	cr_assert_eq(lt_tz_policy_add_arg(&p, "host:fw-*=Asia/Seoul", err, sizeof err), 0);
	lt_tz_policy_finish(&p, ctx);
	const char *from, *rule;
	size_t first;
	/* the host named by a folder, or by the file name before its '.' */
	cr_assert_str_eq(lt_tz_name(lt_tz_policy_pick(&p, "/var/log/remote/NY-vpn1/auth.log", NULL, &from, &rule, &first)),
			 "America/New_York");
	cr_assert_str_eq(rule, "ny-*");
	cr_assert_str_eq(zone(&p, "logs/fw-osaka.log", NULL, &from), "Asia/Seoul");
	cr_assert_str_eq(from, "--tz host:fw-*=Asia/Seoul");
	cr_assert_str_eq(zone(&p, "logs/x.tar", "ber-gw/syslog", &from), "Europe/Berlin");
	/* not inside a name: "ber-gw2" is another host */
	cr_assert_str_eq(zone(&p, "logs/ber-gw2.log", NULL, &from), "Asia/Tokyo");
	/* a collector's file: the path rule is the third; the two host rules before it decide lines */
	cr_assert_str_eq(lt_tz_name(lt_tz_policy_pick(&p, "in/collector.log", NULL, &from, &rule, &first)), "UTC");
	cr_assert_eq(first, 2);
	cr_assert(lt_tz_policy_has_host_rules(&p, first));
	cr_assert_str_eq(lt_tz_name(lt_tz_policy_host(&p, first, "NY-VPN1", 7, &from, &rule)), "America/New_York");
	cr_assert(strstr(from, "host ny-*: context sources ("), "%s", from);
	cr_assert_str_eq(lt_tz_name(lt_tz_policy_host(&p, first, "fw-01 trailing", 5, &from, &rule)), "Asia/Seoul");
	/* ber-gw comes after the path rule: the path rule wins for this stream */
	cr_assert_null(lt_tz_policy_host(&p, first, "ber-gw", 6, &from, &rule));
	cr_assert_null(lt_tz_policy_host(&p, first, "", 0, &from, &rule));
	lt_tz_policy_free(&p);
	lt_context_free(ctx);
}

Test(tzpolicy, host_entry_errors)
{
	char path[] = "/tmp/lt-tzpolicy-XXXXXX";
	int fd = mkstemp(path);
	const char *yaml = "sources:\n  - { path: \"a*\", host: \"b\", time_zone: UTC }\n";
	cr_assert(fd >= 0);
	cr_assert_eq(write(fd, yaml, strlen(yaml)), (ssize_t)strlen(yaml));
	close(fd);
	char err[512];
	lt_diag_set_quiet(1);
	struct lt_context *ctx = lt_context_load(path, LT_SRCDIR, err, sizeof err);
	unlink(path);
	cr_assert_null(ctx);
	cr_assert(strstr(err, "one of 'path' or 'host'"), "%s", err);
}
