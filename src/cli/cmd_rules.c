/* leaktrail rules check DIR... | rules list [--rules DIR]...: validate and show rules. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "context/context.h"
#include "rules/rule.h"
#include "util/diag.h"
#include "util/escape.h"

static const char rules_help[] =
	"usage: leaktrail rules check DIR|FILE...\n"
	"       leaktrail rules list [--rules DIR]...\n\n"
	"check  loads every rule file (*.yml, *.yaml) and reports each problem as\n"
	"       file:line:column: reason; exit 0 when all are valid, 64 otherwise.\n"
	"list   shows the loaded rules: id, level, kind, title and file\n"
	"       (default: the shipped rules, or $LEAKTRAIL_RULES).\n";

static int report_errors(const struct lt_ruleset *rs)
{
	for (size_t i = 0; i < rs->nerrors; i++)
		fprintf(stderr, "%s\n", lt_esc(rs->errors[i]));
	return rs->nerrors ? LT_EXIT_USAGE : LT_EXIT_OK;
}

static const char *kind_of(const struct lt_rule *r)
{
	static const char *const names[] = { "event_count", "value_count", "temporal", "temporal_ordered", "baseline",
					     "value_sum" };
	return r->kind == LT_RULE_DETECTION ? "detection" : names[r->corr.type];
}

static int rules_check(int argc, char **argv)
{
	if (argc < 2)
		return lt_usage_error("rules", "check needs a directory or file");
	struct lt_ruleset *rs = lt_ruleset_new();
	for (int i = 1; i < argc; i++)
		lt_ruleset_add_path(rs, argv[i]);
	lt_ruleset_finish(rs);
	int status = report_errors(rs);
	if (rs->nfiles_failed) {
		/* how much of a rule collection (e.g. SigmaHQ's) leaktrail can run */
		size_t ok = rs->nfiles - rs->nfiles_implicit, all = ok + rs->nfiles_failed;
		printf("%zu of %zu files load (%.2f %%), %zu refused\n", ok, all, 100.0 * (double)ok / (double)all,
		       rs->nfiles_failed);
	}
	/* A misspelt requirement would turn a rule off for good: refuse it. */
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		for (size_t k = 0; k < r->nrequires; k++) {
			if (lt_context_part_from_name(r->requires[k]) == 0) {
				fprintf(stderr, "%s:%u:%u: rule %s requires '%s', which is not a context part "
					"(doc/rules.md, Context requirements)\n", lt_esc(r->file), r->line, r->col,
					lt_esc(r->id ? r->id : r->name), lt_esc(r->requires[k]));
				status = LT_EXIT_USAGE;
			}
		}
	}
	/* a misspelt key may be why a rule is refused: warnings come always */
	for (size_t i = 0; i < rs->nwarnings; i++)
		fprintf(stderr, "%s\n", lt_esc(rs->warnings[i]));
	if (status == LT_EXIT_OK) {
		size_t warn = rs->nwarnings;
		for (size_t i = 0; i < rs->n; i++) {
			const struct lt_rule *r = rs->rules[i];
			bool standalone = !r->referenced || r->generate;
			if (standalone && !r->title_ja) {
				fprintf(stderr, "%s:%u:%u: warning: rule %s has no leaktrail.title_ja\n", lt_esc(r->file), r->line,
					r->col, lt_esc(r->id ? r->id : r->name));
				warn++;
			}
			if (standalone && r->nreferences == 0) {
				fprintf(stderr, "%s:%u:%u: warning: rule %s has no references (name the handbook section)\n",
					lt_esc(r->file), r->line, r->col, lt_esc(r->id ? r->id : r->name));
				warn++;
			}
		}
		printf("%zu rules in %zu files: ok%s\n", rs->n, rs->nfiles, warn ? " (with warnings)" : "");
	}
	lt_ruleset_free(rs);
	return status;
}

static int rules_list(int argc, char **argv)
{
	struct lt_ruleset *rs = lt_ruleset_new();
	int given = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--rules") && i + 1 < argc) {
			lt_ruleset_add_path(rs, argv[++i]);
			given = 1;
		} else if (!strncmp(argv[i], "--rules=", 8)) {
			lt_ruleset_add_path(rs, argv[i] + 8);
			given = 1;
		} else {
			lt_ruleset_free(rs);
			return lt_usage_error("rules", "list: unexpected argument '%s'", argv[i]);
		}
	}
	if (!given)
		lt_ruleset_add_path(rs, lt_rules_default_dir());
	lt_ruleset_finish(rs);
	int status = report_errors(rs);
	printf("%-36s %-13s %-16s %-40s %s\n", "ID", "LEVEL", "KIND", "TITLE", "FILE");
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		const char *level = (!r->referenced || r->generate) ? r->level : "(used)";
		/* rule files may come from anywhere: their text is escaped */
		printf("%-36s %-13s %-16s %-40s %s\n", lt_esc(r->id ? r->id : r->name), lt_esc(level), kind_of(r),
		       lt_esc(r->title), lt_esc(r->file));
	}
	printf("rule-set digest %s\n", rs->digest);
	lt_ruleset_free(rs);
	return status;
}

int cmd_rules(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(rules_help, argc < 2 ? stderr : stdout);
		return argc < 2 ? LT_EXIT_USAGE : LT_EXIT_OK;
	}
	if (!strcmp(argv[1], "check"))
		return rules_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return rules_list(argc - 1, argv + 1);
	return lt_usage_error("rules", "unknown subcommand '%s' (check, list)", argv[1]);
}
