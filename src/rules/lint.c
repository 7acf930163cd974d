#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/lint.h"
#include "util/buf.h"
#include "util/regex.h"
#include "util/xalloc.h"

/* The Sigma specification's top-level keys (rules, correlations, filters,
 * collections) and leaktrail's extension block. */
/* The Sigma specification's top-level keys, leaktrail's own, and the two
 * that SigmaHQ's repository adds for its regression tests and simulations
 * (regression_tests_path, simulation): a typo is reported, a known key is not. */
static const char *const top_keys[] = {
	"action", "author", "correlation", "date", "description", "detection", "falsepositives", "fields",
	"filter", "generate", "id", "leaktrail", "level", "license", "logsource", "modified", "name",
	"references", "regression_tests_path", "related", "scope", "simulation", "status", "tags", "taxonomy",
	"title", NULL
};

__attribute__((format(printf, 4, 5)))
static void warn_at(struct lt_ruleset *rs, const char *path, const struct lt_ynode *n, const char *fmt, ...)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_printf(&b, "%s:%u:%u: warning: ", path, n->line, n->col);
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lt_buf_puts(&b, msg);
	rs->warnings = lt_xrealloc(rs->warnings, (rs->nwarnings + 1) * sizeof *rs->warnings);
	rs->warnings[rs->nwarnings++] = lt_buf_detach(&b);
}

/* Levenshtein distance, capped: keys are short. */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la > 30 || lb > 30)
		return 99;
	size_t d[31][31];
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
			size_t m = sub < del ? sub : del;
			d[i][j] = m < ins ? m : ins;
		}
	}
	return d[la][lb];
}

static void lint_top_keys(struct lt_ruleset *rs, const char *path, const struct lt_ynode *doc)
{
	for (size_t i = 0; i < doc->n; i++) {
		const char *k = doc->keys[i]->str;
		const char *best = NULL;
		size_t bestd = 3;
		size_t j = 0;
		for (; top_keys[j] && strcmp(top_keys[j], k); j++) {
			size_t dd = distance(k, top_keys[j]);
			if (dd < bestd) {
				bestd = dd;
				best = top_keys[j];
			}
		}
		if (top_keys[j])
			continue;
		if (distance(k, "condition") < 3)
			warn_at(rs, path, doc->keys[i], "unknown top-level key '%s' is ignored (did you mean 'condition'? "
				"it belongs under detection)", k);
		else if (best)
			warn_at(rs, path, doc->keys[i], "unknown top-level key '%s' is ignored (did you mean '%s'?)", k,
				best);
		else
			warn_at(rs, path, doc->keys[i], "unknown top-level key '%s' is ignored (not in the Sigma "
				"specification)", k);
	}
}

static int has_re_modifier(const char *key)
{
	for (const char *p = strchr(key, '|'); p; p = strchr(p + 1, '|'))
		if (p[1] == 'r' && p[2] == 'e' && (p[3] == '|' || p[3] == 0))
			return 1;
	return 0;
}

static void lint_pattern(struct lt_ruleset *rs, const char *path, const struct lt_ynode *v)
{
	if (v->type == LT_Y_SCALAR && v->str && lt_re_nested_quantifier(v->str, v->len))
		warn_at(rs, path, v, "regular expression '%s' has nested quantifiers and may backtrack "
			"catastrophically; on a record where it hits its limit the rule is not evaluated", v->str);
}

/* Selections are maps (or lists of maps) of field|modifiers -> value(s). */
static void lint_selection(struct lt_ruleset *rs, const char *path, const struct lt_ynode *sel, int depth)
{
	if (depth > 4)
		return;
	if (sel->type == LT_Y_SEQ) {
		for (size_t i = 0; i < sel->n; i++)
			lint_selection(rs, path, sel->items[i], depth + 1);
		return;
	}
	if (sel->type != LT_Y_MAP)
		return;
	for (size_t i = 0; i < sel->n; i++) {
		if (!has_re_modifier(sel->keys[i]->str))
			continue;
		const struct lt_ynode *v = sel->items[i];
		if (v->type == LT_Y_SEQ)
			for (size_t k = 0; k < v->n; k++)
				lint_pattern(rs, path, v->items[k]);
		else
			lint_pattern(rs, path, v);
	}
}

void lt_rules_lint_doc(struct lt_ruleset *rs, const char *path, const struct lt_ynode *doc)
{
	if (!doc || doc->type != LT_Y_MAP)
		return;
	/* A log-source mapping document (rules/logsources/) is leaktrail's,
	 * not a Sigma rule: its keys are not the specification's. */
	if (lt_ymap_get(doc, "logsource_mapping"))
		return;
	lint_top_keys(rs, path, doc);
	const struct lt_ynode *det = lt_ymap_get(doc, "detection");
	if (!det || det->type != LT_Y_MAP)
		return;
	for (size_t i = 0; i < det->n; i++)
		if (strcmp(det->keys[i]->str, "condition") != 0)
			lint_selection(rs, path, det->items[i], 0);
}
