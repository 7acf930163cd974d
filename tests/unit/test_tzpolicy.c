/* Unit tests for src/case/tzpolicy.c: the time-zone policy's order
 * (--tz GLOB=ZONE > context sources: > --tz ZONE > organisation.time_zone >
 * UTC assumed), glob matching on names, paths and archive members, and the
 * command-line errors. */
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
	return lt_tz_name(lt_tz_policy_pick(p, path, member, from, &rule));
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
