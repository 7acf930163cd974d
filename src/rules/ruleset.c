/* The rule set: parameters, cross-references between correlations and the
 * rules they use, the digest recorded in the manifest, and freeing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules/rule.h"
#include "util/buf.h"
#include "util/sort.h"
#include "util/xalloc.h"

void lt_rule_free(struct lt_rule *r);

struct lt_ruleset *lt_ruleset_new(void)
{
	return lt_xcalloc(1, sizeof(struct lt_ruleset));
}

void lt_ruleset_set_param(struct lt_ruleset *rs, const char *rule, const char *param,
			  const char *value, const char *source)
{
	rs->overrides = lt_xrealloc(rs->overrides, (rs->noverrides + 1) * sizeof *rs->overrides);
	struct lt_override *o = &rs->overrides[rs->noverrides++];
	o->rule = lt_xstrdup(rule);
	o->param = lt_xstrdup(param);
	o->value = lt_xstrdup(value);
	o->source = lt_xstrdup(source);
	o->used = false;
}

static void free_strv(char **v, size_t n);

void lt_ruleset_set_placeholder(struct lt_ruleset *rs, const char *name, const char *const *vals, size_t n)
{
	struct lt_placeholder *p = NULL;
	for (size_t i = 0; i < rs->nplaceholders && !p; i++)
		if (strcmp(rs->placeholders[i].name, name) == 0)
			p = &rs->placeholders[i];
	if (!p) {
		rs->placeholders = lt_xrealloc(rs->placeholders, (rs->nplaceholders + 1) * sizeof *rs->placeholders);
		p = &rs->placeholders[rs->nplaceholders++];
		p->name = lt_xstrdup(name);
	} else {
		free_strv(p->vals, p->n);
	}
	p->vals = lt_xcalloc(n ? n : 1, sizeof *p->vals);
	for (size_t i = 0; i < n; i++)
		p->vals[i] = lt_xstrdup(vals[i]);
	p->n = n;
}

int lt_ruleset_set_param_arg(struct lt_ruleset *rs, const char *arg, const char *source)
{
	const char *eq = strchr(arg, '=');
	if (!eq)
		return -1;
	/* The rule part may itself contain dots (names rarely do, ids never):
	 * the parameter is what follows the last dot before '='. */
	const char *dot = NULL;
	for (const char *p = arg; p < eq; p++)
		if (*p == '.')
			dot = p;
	if (!dot || dot == arg || dot + 1 == eq)
		return -1;
	char *rule = lt_xstrndup(arg, (size_t)(dot - arg));
	char *param = lt_xstrndup(dot + 1, (size_t)(eq - dot - 1));
	lt_ruleset_set_param(rs, rule, param, eq + 1, source);
	free(rule);
	free(param);
	return 0;
}

static void add_error(struct lt_ruleset *rs, char *msg)
{
	rs->errors = lt_xrealloc(rs->errors, (rs->nerrors + 1) * sizeof *rs->errors);
	rs->errors[rs->nerrors++] = msg;
}

const struct lt_rule *lt_ruleset_find(const struct lt_ruleset *rs, const char *id_or_name)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		if ((r->id && !strcmp(r->id, id_or_name)) || (r->name && !strcmp(r->name, id_or_name)))
			return r;
	}
	return NULL;
}

/* Cycle check: a correlation may use correlations, never itself. */
static int on_stack(const struct lt_ruleset *rs, int at, int target, int depth)
{
	const struct lt_rule *r = rs->rules[at];
	if (r->kind != LT_RULE_CORRELATION || depth > 64)
		return depth > 64;
	for (size_t i = 0; i < r->corr.nrefs; i++) {
		int j = r->corr.ref_idx[i];
		if (j == target || on_stack(rs, j, target, depth + 1))
			return 1;
	}
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	return strcmp(x, y);
}

static void compute_digest(struct lt_ruleset *rs)
{
	/* Over what decides the findings: each file's name and content hash, in
	 * name order, then every parameter's effective value. */
	char **lines = lt_xcalloc(rs->nfiles + 1, sizeof *lines);
	for (size_t i = 0; i < rs->nfiles; i++) {
		const char *slash = strrchr(rs->files[i].path, '/');
		lines[i] = lt_xasprintf("file %s %s\n", slash ? slash + 1 : rs->files[i].path, rs->files[i].sha256);
	}
	lt_qsort(lines, rs->nfiles, sizeof *lines, cmp_file);
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, "leaktrail-rules-1\n");
	for (size_t i = 0; i < rs->nfiles; i++) {
		lt_buf_puts(&b, lines[i]);
		free(lines[i]);
	}
	free(lines);
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		for (size_t k = 0; k < r->nparams; k++)
			lt_buf_printf(&b, "param %s.%s=%s\n", r->id ? r->id : r->name, r->params[k].name, r->params[k].value);
	}
	/* placeholders change what rules match: in the order defined */
	for (size_t i = 0; i < rs->nplaceholders; i++)
		for (size_t k = 0; k < rs->placeholders[i].n; k++)
			lt_buf_printf(&b, "placeholder %s=%s\n", rs->placeholders[i].name, rs->placeholders[i].vals[k]);
	lt_sha256_hex(b.data, b.len, rs->digest);
	lt_buf_free(&b);
}

/* Rules given without a mapping document (a SigmaHQ checkout, a single
 * file) use the shipped one, rules/logsources/ of the default rule
 * directory; its files enter the digest like rule files. */
static void default_lsmap(struct lt_ruleset *rs)
{
	if (rs->nlsmaps)
		return;
	char *dir = lt_xasprintf("%s/logsources", lt_rules_default_dir());
	struct stat st;
	size_t before = rs->nfiles;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		lt_ruleset_add_path(rs, dir);
	rs->nfiles_implicit = rs->nfiles - before;
	free(dir);
}

size_t lt_ruleset_finish(struct lt_ruleset *rs)
{
	default_lsmap(rs);
	lt_lsmap_resolve(rs);
	/* ids and names are unique */
	for (size_t i = 0; i < rs->n; i++) {
		struct lt_rule *a = rs->rules[i];
		for (size_t j = 0; j < i; j++) {
			struct lt_rule *b = rs->rules[j];
			if (a->id && b->id && !strcmp(a->id, b->id))
				add_error(rs, lt_xasprintf("%s:%u:%u: id '%s' is already used by %s:%u:%u", a->file, a->line,
							   a->col, a->id, b->file, b->line, b->col));
			if (a->name && b->name && !strcmp(a->name, b->name))
				add_error(rs, lt_xasprintf("%s:%u:%u: name '%s' is already used by %s:%u:%u", a->file,
							   a->line, a->col, a->name, b->file, b->line, b->col));
		}
	}
	for (size_t i = 0; i < rs->n; i++) {
		struct lt_rule *r = rs->rules[i];
		if (r->kind != LT_RULE_CORRELATION)
			continue;
		r->corr.ref_idx = lt_xcalloc(r->corr.nrefs, sizeof *r->corr.ref_idx);
		for (size_t k = 0; k < r->corr.nrefs; k++) {
			const struct lt_rule *t = lt_ruleset_find(rs, r->corr.refs[k]);
			if (!t) {
				add_error(rs, lt_xasprintf("%s:%u:%u: correlation refers to '%s', which no loaded rule has "
							   "as id or name", r->file, r->corr_line, r->corr_col, r->corr.refs[k]));
				r->corr.ref_idx[k] = -1;
				continue;
			}
			r->corr.ref_idx[k] = t->index;
		}
	}
	if (rs->nerrors)
		return rs->nerrors;
	for (size_t i = 0; i < rs->n; i++) {
		struct lt_rule *r = rs->rules[i];
		if (r->kind != LT_RULE_CORRELATION)
			continue;
		if (on_stack(rs, (int)i, (int)i, 0)) {
			add_error(rs, lt_xasprintf("%s:%u:%u: correlation refers to itself through its rules", r->file,
						   r->corr_line, r->corr_col));
			continue;
		}
		for (size_t k = 0; k < r->corr.nrefs; k++) {
			struct lt_rule *t = rs->rules[r->corr.ref_idx[k]];
			int dup = 0;
			for (size_t q = 0; q < t->nconsumers; q++)
				dup |= t->consumers[q] == (int)i;
			if (dup)
				continue;
			t->referenced = true;
			/* Sigma: "generate" on the correlation makes its rules stand alone too. */
			if (r->generate && t->kind == LT_RULE_DETECTION)
				t->generate = true;
			t->consumers = lt_xrealloc(t->consumers, (t->nconsumers + 1) * sizeof *t->consumers);
			t->consumers[t->nconsumers++] = (int)i;
		}
	}
	for (size_t i = 0; i < rs->noverrides; i++) {
		struct lt_override *o = &rs->overrides[i];
		if (o->used)
			continue;
		const struct lt_rule *r = lt_ruleset_find(rs, o->rule);
		if (!r)
			add_error(rs, lt_xasprintf("%s %s.%s: no loaded rule has the id or name '%s'", o->source, o->rule,
						   o->param, o->rule));
		else
			add_error(rs, lt_xasprintf("%s %s.%s: rule '%s' (%s) has no parameter '%s'", o->source, o->rule,
						   o->param, o->rule, r->file, o->param));
	}
	compute_digest(rs);
	return rs->nerrors;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void lt_rule_free(struct lt_rule *r)
{
	if (!r)
		return;
	free(r->file);
	free(r->file_base);
	free(r->file_sha256);
	free(r->id);
	free(r->name);
	free(r->title);
	free(r->title_ja);
	free(r->description);
	free(r->description_ja);
	free(r->status);
	free(r->author);
	free(r->date);
	free(r->modified);
	free(r->level);
	free_strv(r->tags, r->ntags);
	free_strv(r->references, r->nreferences);
	free_strv(r->falsepositives, r->nfalsepositives);
	free(r->message_en);
	free(r->message_ja);
	free_strv(r->requires, r->nrequires);
	for (size_t i = 0; i < r->nparams; i++) {
		free(r->params[i].name);
		free(r->params[i].value);
		free(r->params[i].source);
	}
	free(r->params);
	free(r->ls_category);
	free(r->ls_product);
	free(r->ls_service);
	for (size_t i = 0; i < r->nsels; i++)
		lt_selection_free(&r->sels[i]);
	free(r->sels);
	lt_cond_free(&r->cond);
	struct lt_correlation *k = &r->corr;
	free_strv(k->refs, k->nrefs);
	free(k->ref_idx);
	for (size_t i = 0; i < k->ngroup; i++)
		free(k->group[i].name);
	free(k->group);
	for (size_t i = 0; i < k->naliases; i++) {
		free(k->aliases[i].alias);
		free(k->aliases[i].rule);
		free(k->aliases[i].field.name);
	}
	free(k->aliases);
	free(k->timespan_text);
	free(k->field.name);
	free(r->consumers);
	free(r);
}

void lt_ruleset_free(struct lt_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->n; i++)
		lt_rule_free(rs->rules[i]);
	free(rs->rules);
	free_strv(rs->errors, rs->nerrors);
	free_strv(rs->skipped, rs->nskipped);
	free_strv(rs->warnings, rs->nwarnings);
	for (size_t i = 0; i < rs->noverrides; i++) {
		free(rs->overrides[i].rule);
		free(rs->overrides[i].param);
		free(rs->overrides[i].value);
		free(rs->overrides[i].source);
	}
	free(rs->overrides);
	for (size_t i = 0; i < rs->nplaceholders; i++) {
		free(rs->placeholders[i].name);
		free_strv(rs->placeholders[i].vals, rs->placeholders[i].n);
	}
	free(rs->placeholders);
	for (size_t i = 0; i < rs->nfiles; i++)
		free(rs->files[i].path);
	free(rs->files);
	for (size_t i = 0; i < rs->nlsmaps; i++)
		lt_lsmap_free(&rs->lsmaps[i]);
	free(rs->lsmaps);
	free(rs);
}

const char *lt_rules_default_dir(void)
{
	static char buf[4096];
	const char *env = getenv("LEAKTRAIL_RULES");
	if (env && *env)
		return env;
	/* Run from the build tree (a Makefile sits next to the binary in our
	 * non-recursive build): use the source tree's rules/, so that a
	 * developer never tests against an older installed copy. */
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			struct stat st;
			snprintf(slash, sizeof exe - (size_t)(slash - exe), "/Makefile");
			snprintf(buf, sizeof buf, "%s/rules", LT_SRCDIR);
			if (stat(exe, &st) == 0 && stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
				return buf;
		}
	}
	snprintf(buf, sizeof buf, "%s/rules", LT_DATADIR);
	return buf;
}
