/* Sigma rule files to compiled rules.
 *
 * Every problem is reported as "file:line:column: reason" with the position
 * of the YAML node at fault; a file with any problem contributes no rule, so
 * a half-understood rule never runs. See doc/rules.md for the language.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rules/lint.h"
#include "rules/rule.h"
#include "rules/modifier.h"
#include "rules/yamldoc.h"
#include "util/buf.h"
#include "util/sort.h"
#include "util/xalloc.h"

struct lctx {
	struct lt_ruleset *rs;
	const char *path;
	size_t errors;
	size_t placeholder_errors;	/* of errors: undeclared %placeholders% */
	bool in_dir;			/* found by walking a directory */
};

static void add_error(struct lt_ruleset *rs, char *msg)
{
	rs->errors = lt_xrealloc(rs->errors, (rs->nerrors + 1) * sizeof *rs->errors);
	rs->errors[rs->nerrors++] = msg;
}

__attribute__((format(printf, 3, 4)))
static int err_at(struct lctx *c, const struct lt_ynode *n, const char *fmt, ...)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_printf(&b, "%s:%u:%u: ", c->path, n ? n->line : 1, n ? n->col : 1);
	va_list ap;
	va_start(ap, fmt);
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lt_buf_puts(&b, msg);
	add_error(c->rs, lt_buf_detach(&b));
	c->errors++;
	return -1;
}

lt_time_us lt_parse_timespan(const char *s)
{
	char *end;
	if (!s || !*s || *s < '0' || *s > '9')
		return -1;
	long long v = strtoll(s, &end, 10);
	if (end[0] == 0 || end[1] != 0 || v < 0 || v > 100000000LL)
		return -1;
	int64_t unit;
	switch (end[0]) {
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return -1;
	}
	return (lt_time_us)v * unit * LT_US_PER_SEC;
}

/* ---- scalar helpers ---- */

static const char *scalar(struct lctx *c, const struct lt_ynode *n, const char *what)
{
	if (!n)
		return NULL;
	if (n->type != LT_Y_SCALAR) {
		err_at(c, n, "%s must be a single value", what);
		return NULL;
	}
	return n->str;
}

static char *dup_scalar(struct lctx *c, const struct lt_ynode *map, const char *key)
{
	const struct lt_ynode *n = lt_ymap_get(map, key);
	const char *s = scalar(c, n, key);
	return s ? lt_xstrdup(s) : NULL;
}

/* A list of strings (a single scalar counts as a list of one). */
static int str_list(struct lctx *c, const struct lt_ynode *n, const char *what, char ***out, size_t *nout)
{
	*out = NULL;
	*nout = 0;
	if (!n || lt_ynode_is_null(n))
		return 0;
	if (n->type == LT_Y_SCALAR) {
		*out = lt_xcalloc(1, sizeof **out);
		(*out)[(*nout)++] = lt_xstrdup(n->str);
		return 0;
	}
	if (n->type != LT_Y_SEQ)
		return err_at(c, n, "%s must be a list", what);
	*out = lt_xcalloc(n->n ? n->n : 1, sizeof **out);
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->type != LT_Y_SCALAR)
			return err_at(c, n->items[i], "%s: each item must be a single value", what);
		(*out)[(*nout)++] = lt_xstrdup(n->items[i]->str);
	}
	return 0;
}

/* ---- parameters ---- */

static struct lt_param *find_param(struct lt_rule *r, const char *name, size_t len)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strlen(r->params[i].name) == len && strncmp(r->params[i].name, name, len) == 0)
			return &r->params[i];
	return NULL;
}

static int load_params(struct lctx *c, struct lt_rule *r, const struct lt_ynode *n)
{
	if (!n)
		return 0;
	if (n->type != LT_Y_MAP)
		return err_at(c, n, "leaktrail.params must be a map of name: default value");
	r->params = lt_xcalloc(n->n ? n->n : 1, sizeof *r->params);
	for (size_t i = 0; i < n->n; i++) {
		if (n->items[i]->type != LT_Y_SCALAR)
			return err_at(c, n->items[i], "parameter '%s' must have a single default value", n->keys[i]->str);
		struct lt_param *p = &r->params[r->nparams++];
		p->name = lt_xstrdup(n->keys[i]->str);
		p->value = lt_xstrdup(n->items[i]->str);
		p->source = lt_xstrdup("rule");
	}
	/* Overrides given before loading: later ones win (--set after context). */
	for (size_t i = 0; i < c->rs->noverrides; i++) {
		struct lt_override *o = &c->rs->overrides[i];
		if (!((r->id && strcmp(o->rule, r->id) == 0) || (r->name && strcmp(o->rule, r->name) == 0)))
			continue;
		struct lt_param *p = find_param(r, o->param, strlen(o->param));
		if (!p)
			continue;	/* reported by lt_ruleset_finish */
		free(p->value);
		free(p->source);
		p->value = lt_xstrdup(o->value);
		p->source = lt_xstrdup(o->source);
		o->used = true;
	}
	return 0;
}

/* Replace %name% by the parameter's value. NULL (error reported) when a
 * placeholder names no parameter of the rule. */
static char *expand(struct lctx *c, struct lt_rule *r, const struct lt_ynode *n, const char *s)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_buf_puts(&b, "");
	while (*s) {
		const char *pct = strchr(s, '%');
		const char *close = pct ? strchr(pct + 1, '%') : NULL;
		if (!pct || !close) {
			lt_buf_puts(&b, s);
			break;
		}
		lt_buf_append(&b, s, (size_t)(pct - s));
		struct lt_param *p = find_param(r, pct + 1, (size_t)(close - pct - 1));
		if (!p) {
			err_at(c, n, "'%.*s' is not a parameter of this rule (declare it under leaktrail.params)",
			       (int)(close - pct + 1), pct);
			c->placeholder_errors++;
			lt_buf_free(&b);
			return NULL;
		}
		lt_buf_puts(&b, p->value);
		s = close + 1;
	}
	return lt_buf_detach(&b);
}

static int param_int(struct lctx *c, struct lt_rule *r, const struct lt_ynode *n, const char *what, int64_t *out)
{
	const char *s = scalar(c, n, what);
	if (!s)
		return -1;
	char *v = expand(c, r, n, s);
	if (!v)
		return -1;
	char *end;
	long long x = strtoll(v, &end, 10);
	int bad = !*v || *end;
	free(v);
	if (bad)
		return err_at(c, n, "%s must be a whole number", what);
	*out = x;
	return 0;
}

static int param_double(struct lctx *c, struct lt_rule *r, const struct lt_ynode *n, const char *what, double *out)
{
	const char *s = scalar(c, n, what);
	if (!s)
		return -1;
	char *v = expand(c, r, n, s);
	if (!v)
		return -1;
	char *end;
	double x = strtod(v, &end);
	int bad = !*v || *end || x < 0;
	free(v);
	if (bad)
		return err_at(c, n, "%s must be a non-negative number", what);
	*out = x;
	return 0;
}

/* ---- detection ---- */

/* Modifier names, their combinations and their order are checked against
 * the modifier table (modifier.h); what each does lives there. */
static int check_mod_combination(struct lctx *c, const struct lt_ynode *key, const char *const *mods, size_t n)
{
	size_t grouped = 0;
	bool re = false, reflag = false;
	for (size_t i = 0; i < n; i++) {
		const struct lt_modifier *m = lt_modifier_find(mods[i]);
		re |= !strcmp(mods[i], "re");
		reflag |= m->class == LT_MOD_REFLAG;
		grouped += m->group != NULL;
	}
	/* one placement or one matcher per field: contains|re, gt|lt ... mean nothing */
	if (grouped > 1)
		return err_at(c, key, "modifiers '%s' cannot be combined", key->str);
	if (reflag && !re)
		return err_at(c, key, "i, m and s only go with re");
	return 0;
}

static int split_mods(struct lctx *c, const struct lt_ynode *key, char **field, const char *mods[16])
{
	char *spec = lt_xstrdup(key->str);
	char *bar = strchr(spec, '|');
	size_t n = 0;
	*field = NULL;
	if (bar)
		*bar = 0;
	*field = spec[0] ? lt_xstrdup(spec) : NULL;
	char *m = bar ? bar + 1 : NULL;
	int rc = 0;
	while (m) {
		char *nb = strchr(m, '|');
		if (nb)
			*nb = 0;
		const struct lt_modifier *mod = lt_modifier_find(m);
		if (!mod) {
			rc = err_at(c, key, "unsupported modifier '%s' (leaktrail knows: %s)", m, lt_modifier_names());
			break;
		}
		if (n == 15) {
			rc = err_at(c, key, "too many modifiers");
			break;
		}
		mods[n++] = mod->name;
		m = nb ? nb + 1 : NULL;
	}
	mods[n] = NULL;
	free(spec);
	if (!rc)
		rc = check_mod_combination(c, key, mods, n);
	if (rc) {
		free(*field);
		*field = NULL;
	}
	return rc;
}

static bool mods_have(const char *const *mods, const char *m)
{
	for (size_t i = 0; mods[i]; i++)
		if (!strcmp(mods[i], m))
			return true;
	return false;
}

static const struct lt_placeholder *find_placeholder(const struct lt_ruleset *rs, const char *name, size_t len)
{
	for (size_t i = 0; i < rs->nplaceholders; i++)
		if (strlen(rs->placeholders[i].name) == len && memcmp(rs->placeholders[i].name, name, len) == 0)
			return &rs->placeholders[i];
	return NULL;
}

/* More combinations than this from one value is a mistake in the context,
 * not a rule to run. */
#define EXPAND_MAX 4096

struct strv {
	char **v;
	size_t n;
};

static void strv_free(struct strv *x)
{
	for (size_t i = 0; i < x->n; i++)
		free(x->v[i]);
	free(x->v);
	memset(x, 0, sizeof *x);
}

/* Every result so far, followed by each of add[0..nadd). */
static void strv_cross(struct strv *x, char *const *add, size_t nadd)
{
	struct strv y = { lt_xcalloc(x->n * nadd + 1, sizeof *y.v), 0 };
	for (size_t i = 0; i < x->n; i++)
		for (size_t k = 0; k < nadd; k++)
			y.v[y.n++] = lt_xasprintf("%s%s", x->v[i], add[k]);
	strv_free(x);
	*x = y;
}

/* |expand: %name% is the rule's parameter of that name (one value), else
 * the context's placeholder (each of its values: one result per
 * combination). Returns the number of results (>= 1), or 0 with an error
 * reported when a name is neither or there are too many combinations. */
static size_t expand_values(struct lctx *c, struct lt_rule *r, const struct lt_ynode *n, const char *s,
			    struct strv *out)
{
	out->v = lt_xcalloc(1, sizeof *out->v);
	out->v[0] = lt_xstrdup("");
	out->n = 1;
	while (*s) {
		const char *pct = strchr(s, '%');
		const char *close = pct ? strchr(pct + 1, '%') : NULL;
		if (!pct || !close) {
			char *rest = (char *)s;
			strv_cross(out, &rest, 1);
			break;
		}
		char *lit = lt_xstrndup(s, (size_t)(pct - s));
		strv_cross(out, &lit, 1);
		free(lit);
		size_t len = (size_t)(close - pct - 1);
		struct lt_param *p = find_param(r, pct + 1, len);
		const struct lt_placeholder *ph = p ? NULL : find_placeholder(c->rs, pct + 1, len);
		if (p) {
			strv_cross(out, &p->value, 1);
		} else if (ph && ph->n && out->n * ph->n <= EXPAND_MAX) {
			strv_cross(out, ph->vals, ph->n);
		} else if (ph) {
			err_at(c, n, "'%.*s' gives %s", (int)(close - pct + 1), pct,
			       ph->n ? "more than 4096 values" : "no value (an empty placeholder list)");
			strv_free(out);
			return 0;
		} else {
			err_at(c, n, "'%.*s' is not a parameter of this rule (declare it under leaktrail.params) "
				     "nor a placeholder of the context (placeholders:)", (int)(close - pct + 1), pct);
			c->placeholder_errors++;
			strv_free(out);
			return 0;
		}
		s = close + 1;
	}
	return out->n;
}

/* Several expansions of one value are alternatives of one value (any may
 * match, also under |all): the first is the value, the others and their own
 * variants join its alternatives. */
static void merge_alternatives(struct lt_mvalue *into, struct lt_mvalue *more, size_t n)
{
	size_t total = into->nalt;
	for (size_t i = 0; i < n; i++)
		total += 1 + more[i].nalt;
	if (total == into->nalt)
		return;
	struct lt_mvalue *alt = lt_xcalloc(total, sizeof *alt);
	size_t k = 0;
	for (size_t j = 0; j < into->nalt; j++)
		alt[k++] = into->alt[j];
	for (size_t i = 0; i < n; i++) {
		struct lt_mvalue *sub = more[i].alt;
		size_t nsub = more[i].nalt;
		more[i].alt = NULL;
		more[i].nalt = 0;
		alt[k++] = more[i];
		for (size_t j = 0; j < nsub; j++)
			alt[k++] = sub[j];
		free(sub);
	}
	free(into->alt);
	into->alt = alt;
	into->nalt = k;
}

static int compile_value(struct lctx *c, struct lt_rule *r, const struct lt_ynode *v, const char *const *mods,
			 struct lt_mvalue *out)
{
	if (v->type != LT_Y_SCALAR)
		return err_at(c, v, "a value must be text, a number or null (a list of values is one level deep)");
	bool is_null = lt_ynode_is_null(v);
	struct strv vals = { 0 };
	if (mods_have(mods, "expand")) {
		if (!expand_values(c, r, v, v->str, &vals))
			return -1;
	} else {
		vals.v = lt_xcalloc(1, sizeof *vals.v);
		vals.v[0] = lt_xstrdup(v->str);
		vals.n = 1;
	}
	char err[300];
	int rc = lt_mvalue_compile(out, mods, vals.v[0], strlen(vals.v[0]), is_null, err, sizeof err);
	struct lt_mvalue *more = lt_xcalloc(vals.n, sizeof *more);
	size_t nmore = 0;
	for (size_t i = 1; i < vals.n && !rc; i++) {
		rc = lt_mvalue_compile(&more[i - 1], mods, vals.v[i], strlen(vals.v[i]), is_null, err, sizeof err);
		nmore = i;
	}
	if (!rc)
		merge_alternatives(out, more, nmore);
	else
		for (size_t i = 0; i < nmore; i++)
			lt_mvalue_free(&more[i]);
	free(more);
	strv_free(&vals);
	if (rc)
		return err_at(c, v, "%s", err);
	return 0;
}

static int compile_fmatch(struct lctx *c, struct lt_rule *r, const struct lt_ynode *key, const struct lt_ynode *val,
			  struct lt_fmatch *fm)
{
	char *field;
	const char *mods[16];
	memset(fm, 0, sizeof *fm);
	if (split_mods(c, key, &field, mods))
		return -1;
	/* A keyword (no field name, e.g. '|all': [...]) is a substring search
	 * of the message unless a modifier says otherwise. */
	if (!field && !mods_have(mods, "contains") && !mods_have(mods, "startswith") && !mods_have(mods, "endswith") &&
	    !mods_have(mods, "re") && !mods_have(mods, "cidr")) {
		size_t n = 0;
		while (mods[n])
			n++;
		if (n < 15) {
			mods[n] = "contains";
			mods[n + 1] = NULL;
		}
	}
	lt_fkey_init(&fm->key, field);
	free(field);
	fm->all = mods_have(mods, "all");
	if (val->type == LT_Y_MAP)
		return err_at(c, val, "field '%s' takes a value or a list of values, not a map", key->str);
	if (val->type == LT_Y_SEQ) {
		if (val->n == 0)
			return err_at(c, val, "empty list of values for '%s'", key->str);
		fm->vals = lt_xcalloc(val->n, sizeof *fm->vals);
		for (size_t i = 0; i < val->n; i++) {
			if (compile_value(c, r, val->items[i], mods, &fm->vals[i]))
				return -1;
			fm->nvals = i + 1;
		}
		return 0;
	}
	fm->vals = lt_xcalloc(1, sizeof *fm->vals);
	if (compile_value(c, r, val, mods, &fm->vals[0]))
		return -1;
	fm->nvals = 1;
	return 0;
}

static int compile_conj(struct lctx *c, struct lt_rule *r, const struct lt_ynode *map, struct lt_conj *cj)
{
	cj->m = lt_xcalloc(map->n ? map->n : 1, sizeof *cj->m);
	if (map->n == 0)
		return err_at(c, map, "an empty selection matches nothing useful");
	for (size_t i = 0; i < map->n; i++) {
		if (compile_fmatch(c, r, map->keys[i], map->items[i], &cj->m[i])) {
			cj->n = i + 1;
			return -1;
		}
		cj->n = i + 1;
	}
	return 0;
}

static int compile_selection(struct lctx *c, struct lt_rule *r, const struct lt_ynode *key,
			     const struct lt_ynode *v, struct lt_selection *s)
{
	s->name = lt_xstrdup(key->str);
	if (v->type == LT_Y_MAP) {
		s->alts = lt_xcalloc(1, sizeof *s->alts);
		s->nalts = 1;
		return compile_conj(c, r, v, &s->alts[0]);
	}
	if (v->type == LT_Y_SCALAR || (v->type == LT_Y_SEQ && v->n > 0 && v->items[0]->type == LT_Y_SCALAR)) {
		/* keywords: free-text search over the message (or the raw line) */
		s->alts = lt_xcalloc(1, sizeof *s->alts);
		s->nalts = 1;
		s->alts[0].m = lt_xcalloc(1, sizeof *s->alts[0].m);
		s->alts[0].n = 1;
		struct lt_ynode kw = *key;
		kw.str = (char *)"|contains";
		return compile_fmatch(c, r, &kw, v, &s->alts[0].m[0]);
	}
	if (v->type == LT_Y_SEQ && v->n > 0) {
		s->alts = lt_xcalloc(v->n, sizeof *s->alts);
		for (size_t i = 0; i < v->n; i++) {
			if (v->items[i]->type != LT_Y_MAP)
				return err_at(c, v->items[i], "a list in a selection holds either maps or plain values, not both");
			s->nalts = i + 1;
			if (compile_conj(c, r, v->items[i], &s->alts[i]))
				return -1;
		}
		return 0;
	}
	return err_at(c, v, "selection '%s' is empty", key->str);
}

static int load_detection(struct lctx *c, struct lt_rule *r, const struct lt_ynode *det)
{
	if (det->type != LT_Y_MAP)
		return err_at(c, det, "detection must be a map of selections and a condition");
	const struct lt_ynode *cond = NULL;
	int bad = 0;
	r->sels = lt_xcalloc(det->n ? det->n : 1, sizeof *r->sels);
	for (size_t i = 0; i < det->n; i++) {
		const char *k = det->keys[i]->str;
		if (!strcmp(k, "condition")) {
			cond = det->items[i];
			continue;
		}
		if (!strcmp(k, "timeframe"))
			return err_at(c, det->keys[i], "'timeframe' is obsolete Sigma: write a correlation rule with a timespan");
		for (size_t j = 0; j < r->nsels; j++)
			if (!strcmp(r->sels[j].name, k))
				return err_at(c, det->keys[i], "selection '%s' is defined twice", k);
		r->nsels++;
		/* keep going: report every broken selection at once */
		if (compile_selection(c, r, det->keys[i], det->items[i], &r->sels[r->nsels - 1]))
			bad = 1;
	}
	if (bad)
		return -1;
	if (!cond)
		return err_at(c, det, "detection has no condition");
	/* A list of conditions means any of them. */
	struct lt_buf text = LT_BUF_INIT;
	if (cond->type == LT_Y_SEQ) {
		for (size_t i = 0; i < cond->n; i++) {
			if (cond->items[i]->type != LT_Y_SCALAR) {
				lt_buf_free(&text);
				return err_at(c, cond->items[i], "condition must be text");
			}
			lt_buf_printf(&text, "%s(%s)", i ? " or " : "", cond->items[i]->str);
		}
		if (cond->n == 0)
			lt_buf_puts(&text, "");
	} else if (cond->type == LT_Y_SCALAR) {
		lt_buf_puts(&text, cond->str);
	} else {
		return err_at(c, cond, "condition must be text");
	}
	char **names = lt_xcalloc(r->nsels ? r->nsels : 1, sizeof *names);
	for (size_t i = 0; i < r->nsels; i++)
		names[i] = r->sels[i].name;
	char err[300];
	size_t col = 0;
	int rc = lt_cond_parse(&r->cond, text.data, names, r->nsels, err, sizeof err, &col);
	free(names);
	if (rc) {
		/* Point at the offending token when the condition is on one line. */
		struct lt_ynode at = *cond;
		if (cond->type == LT_Y_SCALAR && cond->plain && !strchr(cond->str, '\n'))
			at.col += (unsigned)col;
		err_at(c, &at, "condition: %s", err);
	}
	lt_buf_free(&text);
	return rc;
}

/* ---- correlation ---- */

static int load_range(struct lctx *c, struct lt_rule *r, const struct lt_ynode *n, struct lt_correlation *k)
{
	if (n->type != LT_Y_MAP)
		return err_at(c, n, "condition must be a map such as {gte: 10}");
	for (size_t i = 0; i < n->n; i++) {
		const char *op = n->keys[i]->str;
		if (!strcmp(op, "field")) {
			const char *f = scalar(c, n->items[i], "field");
			if (!f)
				return -1;
			free(k->field.name);
			lt_fkey_init(&k->field, f);
			continue;
		}
		int64_t v;
		if (strcmp(op, "gt") && strcmp(op, "gte") && strcmp(op, "lt") && strcmp(op, "lte") && strcmp(op, "eq"))
			return err_at(c, n->keys[i], "'%s' is not a condition (gt, gte, lt, lte, eq, field)", op);
		if (param_int(c, r, n->items[i], op, &v))
			return -1;
		if (!strcmp(op, "gt") || !strcmp(op, "gte") || !strcmp(op, "eq")) {
			if (k->cond.has_lo)
				return err_at(c, n->keys[i], "two lower bounds in one condition");
			k->cond.has_lo = true;
			k->cond.lo = v;
			k->cond.lo_incl = strcmp(op, "gt") != 0;
		}
		if (!strcmp(op, "lt") || !strcmp(op, "lte") || !strcmp(op, "eq")) {
			if (k->cond.has_hi)
				return err_at(c, n->keys[i], "two upper bounds in one condition");
			k->cond.has_hi = true;
			k->cond.hi = v;
			k->cond.hi_incl = strcmp(op, "lt") != 0;
		}
		k->has_cond = true;
	}
	if (!k->has_cond)
		return err_at(c, n, "condition needs one of gt, gte, lt, lte, eq");
	return 0;
}

static int load_aliases(struct lctx *c, const struct lt_ynode *n, struct lt_correlation *k)
{
	if (n->type != LT_Y_MAP)
		return err_at(c, n, "aliases must map an alias to {rule name: field}");
	for (size_t i = 0; i < n->n; i++) {
		const struct lt_ynode *m = n->items[i];
		if (m->type != LT_Y_MAP)
			return err_at(c, m, "alias '%s' must map rule names to fields", n->keys[i]->str);
		for (size_t j = 0; j < m->n; j++) {
			const char *f = scalar(c, m->items[j], "alias field");
			if (!f)
				return -1;
			k->aliases = lt_xrealloc(k->aliases, (k->naliases + 1) * sizeof *k->aliases);
			struct lt_alias *a = &k->aliases[k->naliases++];
			a->alias = lt_xstrdup(n->keys[i]->str);
			a->rule = lt_xstrdup(m->keys[j]->str);
			lt_fkey_init(&a->field, f);
		}
	}
	return 0;
}

static int load_correlation(struct lctx *c, struct lt_rule *r, const struct lt_ynode *n)
{
	struct lt_correlation *k = &r->corr;
	if (n->type != LT_Y_MAP)
		return err_at(c, n, "correlation must be a map");
	size_t errors0 = c->errors;
	const char *type = scalar(c, lt_ymap_get(n, "type"), "type");
	if (!type)
		return c->errors > errors0 ? -1 : err_at(c, n, "correlation needs a type");
	static const char *const types[] = { "event_count", "value_count", "temporal", "temporal_ordered", "baseline",
					     "value_sum" };
	size_t t = 0;
	while (t < 6 && strcmp(types[t], type))
		t++;
	if (t == 6)
		return err_at(c, lt_ymap_get(n, "type"), "unknown correlation type '%s' "
			      "(event_count, value_count, value_sum, temporal, temporal_ordered, baseline)", type);
	k->type = (enum lt_corr_type)t;
	const struct lt_ynode *rules = lt_ymap_get(n, "rules");
	if (!rules)
		return err_at(c, n, "correlation needs 'rules' (ids or names of the rules it correlates)");
	r->corr_line = rules->line;
	r->corr_col = rules->col;
	if (str_list(c, rules, "rules", &k->refs, &k->nrefs))
		return -1;
	if (k->nrefs == 0)
		return err_at(c, rules, "correlation needs at least one rule");
	if ((k->type == LT_CORR_TEMPORAL || k->type == LT_CORR_TEMPORAL_ORDERED) && k->nrefs < 2)
		return err_at(c, rules, "a temporal correlation needs at least two rules");
	char **group = NULL;
	size_t ngroup = 0;
	if (str_list(c, lt_ymap_get(n, "group-by"), "group-by", &group, &ngroup))
		return -1;
	k->group = lt_xcalloc(ngroup ? ngroup : 1, sizeof *k->group);
	for (size_t i = 0; i < ngroup; i++) {
		lt_fkey_init(&k->group[i], group[i]);
		free(group[i]);
	}
	free(group);
	k->ngroup = ngroup;
	const struct lt_ynode *al = lt_ymap_get(n, "aliases");
	if (al && load_aliases(c, al, k))
		return -1;
	const struct lt_ynode *ts = lt_ymap_get(n, "timespan");
	if (ts) {
		const char *s = scalar(c, ts, "timespan");
		char *v = s ? expand(c, r, ts, s) : NULL;
		if (!v)
			return -1;
		k->timespan = lt_parse_timespan(v);
		k->timespan_text = v;
		if (k->timespan <= 0)
			return err_at(c, ts, "timespan '%s' is not a number followed by s, m, h, d or w", v);
	} else if (k->type != LT_CORR_BASELINE) {
		return err_at(c, n, "correlation needs a timespan (e.g. 1h)");
	}
	const struct lt_ynode *field = lt_ymap_get(n, "field");
	if (field) {
		const char *f = scalar(c, field, "field");
		if (!f)
			return -1;
		lt_fkey_init(&k->field, f);
	}
	const struct lt_ynode *cond = lt_ymap_get(n, "condition");
	if (cond && load_range(c, r, cond, k))
		return -1;
	if (!cond && (k->type == LT_CORR_EVENT_COUNT || k->type == LT_CORR_VALUE_COUNT || k->type == LT_CORR_VALUE_SUM))
		return err_at(c, n, "%s needs a condition such as {gte: 10}", type);
	if (k->type == LT_CORR_VALUE_COUNT && !k->field.name)
		return err_at(c, cond, "value_count needs 'field' in its condition");
	if (k->type == LT_CORR_VALUE_SUM && !k->field.name)
		return err_at(c, cond, "value_sum needs 'field' (the numeric field to add up) in its condition");
	const struct lt_ynode *gen = lt_ymap_get(n, "generate");
	if (gen)
		r->generate = gen->type == LT_Y_SCALAR && !strcmp(gen->str, "true");
	if (k->type == LT_CORR_BASELINE) {
		int64_t v;
		k->history = 30;
		k->min_history = 10;
		k->factor = 3.0;
		k->floor = 10;
		const struct lt_ynode *x;
		const struct lt_ynode *w = lt_ymap_get(n, "window");
		if (w && (w->type != LT_Y_SCALAR || strcmp(w->str, "day")))
			return err_at(c, w, "baseline window: only 'day' (a local calendar day) is supported");
		if (ts)
			return err_at(c, ts, "a baseline counts per local calendar day: use 'window: day', not a timespan");
		x = lt_ymap_get(n, "history");
		if (x) {
			if (param_int(c, r, x, "history", &v))
				return -1;
			if (v < 1 || v > 366)
				return err_at(c, x, "history must be 1 to 366 working days");
			k->history = (int)v;
		}
		x = lt_ymap_get(n, "min_history");
		if (x) {
			if (param_int(c, r, x, "min_history", &v))
				return -1;
			if (v < 1 || v > k->history)
				return err_at(c, x, "min_history must be between 1 and history");
			k->min_history = (int)v;
		}
		if (k->min_history > k->history)
			k->min_history = k->history;
		x = lt_ymap_get(n, "factor");
		if (x && param_double(c, r, x, "factor", &k->factor))
			return -1;
		x = lt_ymap_get(n, "floor");
		if (x) {
			if (param_int(c, r, x, "floor", &v))
				return -1;
			k->floor = v;
		}
		k->timespan = 86400 * LT_US_PER_SEC;
		k->timespan_text = lt_xstrdup("1d");
		if (k->nrefs != 1)
			return err_at(c, rules, "a baseline correlation takes exactly one rule");
	}
	return 0;
}

/* ---- one document ---- */

static const char *const levels[] = { "informational", "low", "medium", "high", "critical", NULL };

static int load_meta(struct lctx *c, struct lt_rule *r, const struct lt_ynode *doc)
{
	size_t errors0 = c->errors;
	const struct lt_ynode *t = lt_ymap_get(doc, "title");
	if (!t)
		return err_at(c, doc, "a rule needs a title");
	r->title = dup_scalar(c, doc, "title");
	r->id = dup_scalar(c, doc, "id");
	r->name = dup_scalar(c, doc, "name");
	r->status = dup_scalar(c, doc, "status");
	r->description = dup_scalar(c, doc, "description");
	r->author = dup_scalar(c, doc, "author");
	r->date = dup_scalar(c, doc, "date");
	r->modified = dup_scalar(c, doc, "modified");
	r->level = dup_scalar(c, doc, "level");
	if (r->level) {
		size_t i = 0;
		while (levels[i] && strcmp(levels[i], r->level))
			i++;
		if (!levels[i])
			return err_at(c, lt_ymap_get(doc, "level"),
				      "level '%s' is not informational, low, medium, high or critical", r->level);
	}
	if (str_list(c, lt_ymap_get(doc, "tags"), "tags", &r->tags, &r->ntags) ||
	    str_list(c, lt_ymap_get(doc, "references"), "references", &r->references, &r->nreferences) ||
	    str_list(c, lt_ymap_get(doc, "falsepositives"), "falsepositives", &r->falsepositives, &r->nfalsepositives))
		return -1;
	const struct lt_ynode *g = lt_ymap_get(doc, "generate");
	if (g)
		r->generate = g->type == LT_Y_SCALAR && !strcmp(g->str, "true");
	const struct lt_ynode *ext = lt_ymap_get(doc, "leaktrail");
	if (ext) {
		if (ext->type != LT_Y_MAP)
			return err_at(c, ext, "the leaktrail block must be a map");
		static const char *const known[] = { "title_ja", "description_ja", "message_en", "message_ja",
						     "requires", "params", NULL };
		for (size_t i = 0; i < ext->n; i++) {
			size_t k = 0;
			while (known[k] && strcmp(known[k], ext->keys[i]->str))
				k++;
			if (!known[k])
				return err_at(c, ext->keys[i], "unknown leaktrail field '%s' (title_ja, description_ja, "
					      "message_en, message_ja, requires, params)", ext->keys[i]->str);
		}
		r->title_ja = dup_scalar(c, ext, "title_ja");
		r->description_ja = dup_scalar(c, ext, "description_ja");
		r->message_en = dup_scalar(c, ext, "message_en");
		r->message_ja = dup_scalar(c, ext, "message_ja");
		if (str_list(c, lt_ymap_get(ext, "requires"), "requires", &r->requires, &r->nrequires))
			return -1;
		if (load_params(c, r, lt_ymap_get(ext, "params")))
			return -1;
	}
	const struct lt_ynode *fields = lt_ymap_get(doc, "fields");
	if (fields && fields->type == LT_Y_MAP)
		return err_at(c, fields, "fields must be a list");
	return c->errors > errors0 ? -1 : 0;
}

static int load_logsource(struct lctx *c, struct lt_rule *r, const struct lt_ynode *ls)
{
	size_t errors0 = c->errors;
	if (ls->type != LT_Y_MAP)
		return err_at(c, ls, "logsource must be a map (category, product, service)");
	for (size_t i = 0; i < ls->n; i++) {
		const char *k = ls->keys[i]->str;
		if (strcmp(k, "category") && strcmp(k, "product") && strcmp(k, "service") && strcmp(k, "definition"))
			return err_at(c, ls->keys[i], "unknown logsource field '%s' (category, product, service, definition)", k);
	}
	r->ls_category = dup_scalar(c, ls, "category");
	r->ls_product = dup_scalar(c, ls, "product");
	r->ls_service = dup_scalar(c, ls, "service");
	return c->errors > errors0 ? -1 : 0;
}

/* ---- log-source mapping documents (rules/logsources/) ---- */

static int load_lsalt(struct lctx *c, const struct lt_ynode *n, struct lt_lsalt *alt)
{
	static struct lt_rule none;	/* mapping values have no parameters */
	const struct lt_ynode *match = n->type == LT_Y_MAP ? lt_ymap_get(n, "match") : NULL;
	if (!match || match->type != LT_Y_MAP)
		return err_at(c, n, "a mapping alternative needs 'match:' (a map of field conditions)");
	for (size_t i = 0; i < n->n; i++)
		if (strcmp(n->keys[i]->str, "match") && strcmp(n->keys[i]->str, "fields"))
			return err_at(c, n->keys[i], "unknown key '%s' in a mapping alternative (match, fields)",
				      n->keys[i]->str);
	if (compile_conj(c, &none, match, &alt->when))
		return -1;
	const struct lt_ynode *fields = lt_ymap_get(n, "fields");
	if (!fields)
		return 0;
	if (fields->type != LT_Y_MAP)
		return err_at(c, fields, "fields must map a rule's field name to the record's");
	alt->ren_from = lt_xcalloc(fields->n ? fields->n : 1, sizeof *alt->ren_from);
	alt->ren_to = lt_xcalloc(fields->n ? fields->n : 1, sizeof *alt->ren_to);
	for (size_t i = 0; i < fields->n; i++) {
		const char *to = scalar(c, fields->items[i], "a record field name");
		if (!to)
			return -1;
		lt_fkey_init(&alt->ren_from[i], fields->keys[i]->str);
		lt_fkey_init(&alt->ren_to[i], to);
		alt->nren = i + 1;
	}
	return 0;
}

static int load_lsentry(struct lctx *c, const struct lt_ynode *n, struct lt_lsmap *m)
{
	if (n->type != LT_Y_MAP)
		return err_at(c, n, "a mapping entry is a map (product, category, service, when)");
	for (size_t i = 0; i < n->n; i++) {
		const char *k = n->keys[i]->str;
		if (strcmp(k, "product") && strcmp(k, "category") && strcmp(k, "service") && strcmp(k, "when") &&
		    strcmp(k, "description"))
			return err_at(c, n->keys[i], "unknown key '%s' in a mapping entry", k);
	}
	m->product = dup_scalar(c, n, "product");
	m->category = dup_scalar(c, n, "category");
	m->service = dup_scalar(c, n, "service");
	if (!m->product && !m->category && !m->service)
		return err_at(c, n, "a mapping entry names a product, category or service");
	if (m->category && m->service)
		return err_at(c, n, "a mapping entry maps a category or a service, not both");
	const struct lt_ynode *when = lt_ymap_get(n, "when");
	if (!when || when->type != LT_Y_SEQ || when->n == 0)
		return err_at(c, n, "a mapping entry needs 'when:', a list of alternatives");
	m->alts = lt_xcalloc(when->n, sizeof *m->alts);
	for (size_t i = 0; i < when->n; i++) {
		m->nalts = i + 1;
		if (load_lsalt(c, when->items[i], &m->alts[i]))
			return -1;
	}
	return 0;
}

static void load_lsmap_doc(struct lctx *c, const struct lt_ynode *list)
{
	if (list->type != LT_Y_SEQ) {
		err_at(c, list, "logsource_mapping must be a list of entries");
		return;
	}
	struct lt_ruleset *rs = c->rs;
	for (size_t i = 0; i < list->n; i++) {
		rs->lsmaps = lt_xrealloc(rs->lsmaps, (rs->nlsmaps + 1) * sizeof *rs->lsmaps);
		struct lt_lsmap *m = &rs->lsmaps[rs->nlsmaps];
		memset(m, 0, sizeof *m);
		if (load_lsentry(c, list->items[i], m)) {
			lt_lsmap_free(m);
			return;
		}
		rs->nlsmaps++;
	}
}

static struct lt_rule *load_doc(struct lctx *c, const struct lt_ynode *doc, const char *sha)
{
	if (doc->type != LT_Y_MAP) {
		if (lt_ynode_is_null(doc))
			return NULL;	/* an empty document, e.g. a trailing --- */
		err_at(c, doc, "a rule must be a YAML map");
		return NULL;
	}
	const struct lt_ynode *lsmap = lt_ymap_get(doc, "logsource_mapping");
	if (lsmap) {
		load_lsmap_doc(c, lsmap);
		return NULL;
	}
	struct lt_rule *r = lt_xcalloc(1, sizeof *r);
	r->ls_map[LT_LS_PRODUCT] = r->ls_map[LT_LS_CATEGORY] = r->ls_map[LT_LS_SERVICE] = -1;
	r->file = lt_xstrdup(c->path);
	const char *slash = strrchr(c->path, '/');
	r->file_base = lt_xstrdup(slash ? slash + 1 : c->path);
	r->file_sha256 = lt_xstrdup(sha);
	r->line = doc->line;
	r->col = doc->col;
	int rc = load_meta(c, r, doc);
	const struct lt_ynode *corr = lt_ymap_get(doc, "correlation");
	const struct lt_ynode *det = lt_ymap_get(doc, "detection");
	if (!rc && corr && det)
		rc = err_at(c, corr, "a rule has either detection or correlation, not both");
	if (!rc && corr) {
		r->kind = LT_RULE_CORRELATION;
		rc = load_correlation(c, r, corr);
	} else if (!rc) {
		r->kind = LT_RULE_DETECTION;
		const struct lt_ynode *ls = lt_ymap_get(doc, "logsource");
		if (!det)
			rc = err_at(c, doc, "a rule needs detection (or correlation)");
		else if (!ls)
			rc = err_at(c, doc, "a detection rule needs a logsource");
		else if (!(rc = load_logsource(c, r, ls)))
			rc = load_detection(c, r, det);
	}
	if (!r->level)
		r->level = lt_xstrdup("medium");
	if (!r->id && !r->name && !rc)
		rc = err_at(c, doc, "a rule needs an id or a name (findings and correlations refer to it)");
	return r;
}

void lt_rule_free(struct lt_rule *r);

static int file_sha(const char *path, char out[LT_SHA256_HEX])
{
	return lt_sha256_file(path, out);
}

/* A rule file found in a directory whose only problems are undeclared
 * placeholders is set aside (Hayabusa's behaviour for SigmaHQ's
 * placeholder rules) when the ruleset asks for it: its messages move to
 * rs->skipped for the caller's one warning. */
static bool set_aside(struct lt_ruleset *rs, const struct lctx *c)
{
	if (!rs->skip_placeholders || !c->in_dir || !c->errors || c->errors != c->placeholder_errors)
		return false;
	rs->skipped = lt_xrealloc(rs->skipped, (rs->nskipped + c->errors) * sizeof *rs->skipped);
	for (size_t i = rs->nerrors - c->errors; i < rs->nerrors; i++)
		rs->skipped[rs->nskipped++] = rs->errors[i];
	rs->nerrors -= c->errors;
	rs->nfiles_skipped++;
	return true;
}

static size_t load_file_in(struct lt_ruleset *rs, const char *path, bool in_dir);

static size_t load_file(struct lt_ruleset *rs, const char *path)
{
	return load_file_in(rs, path, false);
}

static size_t load_file_in(struct lt_ruleset *rs, const char *path, bool in_dir)
{
	struct lctx c = { rs, path, 0, 0, in_dir };
	char sha[LT_SHA256_HEX];
	char err[1024];
	if (file_sha(path, sha) != 0) {
		err_at(&c, NULL, "cannot read: %s", strerror(errno));
		rs->nfiles_failed++;
		return c.errors;
	}
	struct lt_ydocs docs;
	if (lt_yaml_load(path, &docs, err, sizeof err) != 0) {
		add_error(rs, lt_xstrdup(err));
		rs->nfiles_failed++;
		return 1;
	}
	struct lt_rule **got = lt_xcalloc(docs.n ? docs.n : 1, sizeof *got);
	size_t ngot = 0;
	for (size_t i = 0; i < docs.n; i++) {
		lt_rules_lint_doc(rs, path, docs.docs[i]);
		struct lt_rule *r = load_doc(&c, docs.docs[i], sha);
		if (r)
			got[ngot++] = r;
	}
	lt_yaml_free(&docs);
	if (c.errors) {
		for (size_t i = 0; i < ngot; i++)
			lt_rule_free(got[i]);
		free(got);
		if (set_aside(rs, &c))
			return 0;
		rs->nfiles_failed++;
		return c.errors;
	}
	rs->rules = lt_xrealloc(rs->rules, (rs->n + ngot + 1) * sizeof *rs->rules);
	for (size_t i = 0; i < ngot; i++) {
		got[i]->index = (int)rs->n;
		rs->rules[rs->n++] = got[i];
	}
	free(got);
	rs->files = lt_xrealloc(rs->files, (rs->nfiles + 1) * sizeof *rs->files);
	rs->files[rs->nfiles].path = lt_xstrdup(path);
	memcpy(rs->files[rs->nfiles].sha256, sha, LT_SHA256_HEX);
	rs->nfiles++;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_rule_file(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && ((n > 4 && !strcmp(name + n - 4, ".yml")) || (n > 5 && !strcmp(name + n - 5, ".yaml")));
}

/* Collect rule files under dir, recursively, in byte order. */
static void collect(const char *dir, char ***out, size_t *n, int depth)
{
	DIR *d = opendir(dir);
	if (!d || depth > 16) {
		if (d)
			closedir(d);
		return;
	}
	for (;;) {
		struct dirent *e = readdir(d);
		if (!e)
			break;
		if (e->d_name[0] == '.')
			continue;
		char *p = lt_xasprintf("%s/%s", dir, e->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			collect(p, out, n, depth + 1);
			free(p);
		} else if (is_rule_file(e->d_name)) {
			*out = lt_xrealloc(*out, (*n + 1) * sizeof **out);
			(*out)[(*n)++] = p;
		} else {
			free(p);
		}
	}
	closedir(d);
}

size_t lt_ruleset_add_path(struct lt_ruleset *rs, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		add_error(rs, lt_xasprintf("%s: %s", path, strerror(errno)));
		return 1;
	}
	if (!S_ISDIR(st.st_mode))
		return load_file(rs, path);
	char **files = NULL;
	size_t n = 0, errors = 0;
	collect(path, &files, &n, 0);
	if (n > 1)
		lt_qsort(files, n, sizeof *files, cmp_str);
	for (size_t i = 0; i < n; i++) {
		errors += load_file_in(rs, files[i], true);
		free(files[i]);
	}
	free(files);
	return errors;
}
