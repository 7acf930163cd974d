/* The time-zone policy (tzpolicy.h). */
#include "case/tzpolicy.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

void lt_tz_policy_init(struct lt_tz_policy *p)
{
	memset(p, 0, sizeof *p);
}

static void add_rule(struct lt_tz_policy *p, const char *glob, size_t glob_len, const struct lt_tz *tz, char *from,
		     bool host)
{
	p->rules = lt_xrealloc(p->rules, (p->nrules + 1) * sizeof *p->rules);
	p->rules[p->nrules].glob = lt_xstrndup(glob, glob_len);
	p->rules[p->nrules].tz = tz;
	p->rules[p->nrules].from = from;
	p->rules[p->nrules].host = host;
	p->rules[p->nrules].line_from = host ? lt_xasprintf("host %s: %s", p->rules[p->nrules].glob, from) : NULL;
	p->nrules++;
}

int lt_tz_policy_add_arg(struct lt_tz_policy *p, const char *arg, char *err, size_t errlen)
{
	const char *eq = strrchr(arg, '=');
	const char *zone = eq ? eq + 1 : arg;
	const struct lt_tz *tz = lt_tz_load(zone);
	if (!tz) {
		snprintf(err, errlen, "--tz: unknown time zone '%s' (e.g. Asia/Tokyo, UTC)", zone);
		return -1;
	}
	if (!eq) {
		if (p->cli_zone && strcmp(p->cli_zone, zone) != 0) {
			snprintf(err, errlen, "--tz: two default zones (%s, %s); per-source zones are GLOB=ZONE",
				 p->cli_zone, zone);
			return -1;
		}
		free(p->cli_zone);
		p->cli_zone = lt_xstrdup(zone);
		return 0;
	}
	bool host = strncmp(arg, "host:", 5) == 0;
	const char *glob = host ? arg + 5 : arg;
	if (eq == glob) {
		snprintf(err, errlen, "--tz: '%s' has an empty pattern before '='", arg);
		return -1;
	}
	add_rule(p, glob, (size_t)(eq - glob), tz, lt_xasprintf("--tz %s", arg), host);
	return 0;
}

void lt_tz_policy_finish(struct lt_tz_policy *p, const struct lt_context *ctx)
{
	const struct lt_ctx_source *src;
	size_t n = lt_context_sources(ctx, &src);
	const char *file = lt_context_path(ctx);
	for (size_t i = 0; i < n; i++)
		add_rule(p, src[i].glob, strlen(src[i].glob), src[i].tz,
			 lt_xasprintf("context sources (%s:%zu)", file ? file : "context", src[i].line), src[i].by_host);
	if (p->cli_zone) {
		p->tz = lt_tz_load(p->cli_zone);
		p->from = "--tz";
	} else if (lt_context_tz_given(ctx)) {
		p->tz = lt_context_tz(ctx);
		p->from = "context organisation.time_zone";
	} else {
		p->tz = lt_tz_load("UTC");
		p->from = "none given: UTC assumed";
		p->assumed = true;
	}
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static bool glob_matches(const char *glob, const char *path, const char *member)
{
	if (!strchr(glob, '/')) {
		const char *name = member ? base_name(member) : base_name(path);
		return fnmatch(glob, name, 0) == 0;
	}
	if (!member)
		return fnmatch(glob, path, 0) == 0;
	char *full = lt_xasprintf("%s/%s", path, member);
	bool m = fnmatch(glob, full, 0) == 0 || fnmatch(glob, path, 0) == 0;
	free(full);
	return m;
}

/* Does a folder or file name of path (the file's up to its first '.')
 * match the host glob? rsyslog's per-host layouts put the host there:
 * /var/log/remote/fw-osaka/syslog.log, logs/fw-osaka.log. */
static bool names_host(const char *glob, const char *path)
{
	bool m = false;
	for (const char *p = path; *p && !m;) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (!slash) {
			const char *dot = memchr(p, '.', n);
			if (dot && dot > p)
				n = (size_t)(dot - p);
		}
		if (n) {
			char *part = lt_xstrndup(p, n);
			m = fnmatch(glob, part, FNM_CASEFOLD) == 0;
			free(part);
		}
		p = slash ? slash + 1 : p + n;
		if (!slash)
			break;
	}
	return m;
}

static bool rule_matches(const struct lt_tz_rule *r, const char *path, const char *member)
{
	if (!r->host)
		return glob_matches(r->glob, path, member);
	return names_host(r->glob, path) || (member && names_host(r->glob, member));
}

const struct lt_tz *lt_tz_policy_pick(const struct lt_tz_policy *p, const char *path, const char *member,
				      const char **from, const char **rule, size_t *first)
{
	for (size_t i = 0; i < p->nrules; i++)
		if (path && rule_matches(&p->rules[i], path, member)) {
			*from = p->rules[i].from;
			*rule = p->rules[i].glob;
			if (first)
				*first = i;
			return p->rules[i].tz;
		}
	*from = p->from;
	*rule = NULL;
	if (first)
		*first = p->nrules;
	return p->tz;
}

const struct lt_tz *lt_tz_policy_host(const struct lt_tz_policy *p, size_t before, const char *host, size_t n,
				      const char **from, const char **rule)
{
	char name[256];
	if (!n || n >= sizeof name)
		return NULL;
	memcpy(name, host, n);
	name[n] = '\0';
	for (size_t i = 0; i < before && i < p->nrules; i++)
		if (p->rules[i].host && fnmatch(p->rules[i].glob, name, FNM_CASEFOLD) == 0) {
			*from = p->rules[i].line_from;
			*rule = p->rules[i].glob;
			return p->rules[i].tz;
		}
	return NULL;
}

bool lt_tz_policy_has_host_rules(const struct lt_tz_policy *p, size_t before)
{
	for (size_t i = 0; i < before && i < p->nrules; i++)
		if (p->rules[i].host)
			return true;
	return false;
}

void lt_tz_policy_free(struct lt_tz_policy *p)
{
	for (size_t i = 0; i < p->nrules; i++) {
		free(p->rules[i].glob);
		free(p->rules[i].from);
		free(p->rules[i].line_from);
	}
	free(p->rules);
	free(p->cli_zone);
	memset(p, 0, sizeof *p);
}
