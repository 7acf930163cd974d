/* Sigma conditions: and, or, not, parentheses, "1 of PATTERN", "all of
 * PATTERN", "1 of them", "all of them". Parsed by recursive descent into an
 * array of nodes (precedence: not > and > or); "N of" expands into AND/OR
 * chains over the matching selections at parse time.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rule.h"
#include "util/xalloc.h"

struct cparser {
	const char *s;
	size_t pos;
	char *const *names;
	size_t nnames;
	struct lt_cond *c;
	char *err;
	size_t errlen;
	size_t errcol;
	int failed;
	/* current token */
	size_t tstart, tlen;
	int depth;
};

static int add_node(struct lt_cond *c, enum lt_cop op, int a, int b)
{
	c->nodes = lt_xrealloc(c->nodes, (c->n + 1) * sizeof *c->nodes);
	c->nodes[c->n].op = op;
	c->nodes[c->n].a = a;
	c->nodes[c->n].b = b;
	return (int)c->n++;
}

static int is_word_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_' || ch == '*' || ch == '?' || ch == '-' || ch == '.';
}

/* Advance to the next token; tlen 0 = end of text. */
static void next(struct cparser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t' || p->s[p->pos] == '\n' || p->s[p->pos] == '\r')
		p->pos++;
	p->tstart = p->pos;
	if (!p->s[p->pos]) {
		p->tlen = 0;
		return;
	}
	if (p->s[p->pos] == '(' || p->s[p->pos] == ')' || p->s[p->pos] == '|') {
		p->pos++;
		p->tlen = 1;
		return;
	}
	while (is_word_char(p->s[p->pos]))
		p->pos++;
	if (p->pos == p->tstart)
		p->pos++;	/* an unknown character: a one-byte token the parser will refuse */
	p->tlen = p->pos - p->tstart;
}

static int tok_is(const struct cparser *p, const char *w)
{
	return p->tlen == strlen(w) && strncmp(p->s + p->tstart, w, p->tlen) == 0;
}

static int fail(struct cparser *p, const char *fmt)
{
	if (!p->failed) {
		p->failed = 1;
		p->errcol = p->tstart;
		if (p->tlen)
			snprintf(p->err, p->errlen, fmt, (int)p->tlen, p->s + p->tstart);
		else
			snprintf(p->err, p->errlen, fmt, 3, "end");
	}
	return -1;
}

static int parse_or(struct cparser *p);

static int parse_of(struct cparser *p, int all)
{
	next(p);
	if (!tok_is(p, "of"))
		return fail(p, "expected 'of' here, found '%.*s'");
	next(p);
	if (p->tlen == 0 || p->s[p->tstart] == '(' || p->s[p->tstart] == ')')
		return fail(p, "expected a selection pattern or 'them', found '%.*s'");
	int them = tok_is(p, "them");
	char pat[256];
	snprintf(pat, sizeof pat, "%.*s", (int)p->tlen, p->s + p->tstart);
	int acc = -1;
	for (size_t i = 0; i < p->nnames; i++) {
		if (them ? p->names[i][0] == '_' : fnmatch(pat, p->names[i], 0) != 0)
			continue;
		int sel = add_node(p->c, LT_C_SEL, (int)i, -1);
		acc = acc < 0 ? sel : add_node(p->c, all ? LT_C_AND : LT_C_OR, acc, sel);
	}
	if (acc < 0)
		return fail(p, "'%.*s' matches no selection");
	next(p);
	return acc;
}

static int parse_primary(struct cparser *p)
{
	if (p->tlen == 0)
		return fail(p, "condition ends too early (at %.*s)");
	if (tok_is(p, "(")) {
		if (++p->depth > 100)
			return fail(p, "parentheses nested too deeply at '%.*s'");
		next(p);
		int e = parse_or(p);
		if (e < 0)
			return -1;
		if (!tok_is(p, ")"))
			return fail(p, "expected ')' here, found '%.*s'");
		p->depth--;
		next(p);
		return e;
	}
	if (tok_is(p, "1") || tok_is(p, "any"))
		return parse_of(p, 0);
	if (tok_is(p, "all"))
		return parse_of(p, 1);
	if (tok_is(p, ")") || tok_is(p, "and") || tok_is(p, "or") || tok_is(p, "|"))
		return fail(p, "expected a selection name, found '%.*s'");
	if (!is_word_char(p->s[p->tstart]))
		return fail(p, "unexpected character '%.*s'");
	for (size_t i = 0; i < p->nnames; i++) {
		if (strlen(p->names[i]) == p->tlen && strncmp(p->names[i], p->s + p->tstart, p->tlen) == 0) {
			next(p);
			return add_node(p->c, LT_C_SEL, (int)i, -1);
		}
	}
	return fail(p, "'%.*s' is not a selection of this rule");
}

static int parse_not(struct cparser *p)
{
	if (tok_is(p, "not")) {
		next(p);
		int e = parse_not(p);
		return e < 0 ? -1 : add_node(p->c, LT_C_NOT, e, -1);
	}
	return parse_primary(p);
}

static int parse_and(struct cparser *p)
{
	int left = parse_not(p);
	while (left >= 0 && tok_is(p, "and")) {
		next(p);
		int right = parse_not(p);
		if (right < 0)
			return -1;
		left = add_node(p->c, LT_C_AND, left, right);
	}
	return left;
}

static int parse_or(struct cparser *p)
{
	int left = parse_and(p);
	while (left >= 0 && tok_is(p, "or")) {
		next(p);
		int right = parse_and(p);
		if (right < 0)
			return -1;
		left = add_node(p->c, LT_C_OR, left, right);
	}
	return left;
}

int lt_cond_parse(struct lt_cond *c, const char *text, char *const *names, size_t nnames,
		  char *err, size_t errlen, size_t *errcol)
{
	memset(c, 0, sizeof *c);
	struct cparser p = { .s = text, .names = names, .nnames = nnames, .c = c, .err = err, .errlen = errlen };
	next(&p);
	int root = parse_or(&p);
	if (root >= 0 && p.tlen != 0) {
		if (tok_is(&p, "|"))
			fail(&p, "aggregations after '%.*s' are obsolete Sigma: write a correlation rule");
		else
			fail(&p, "unexpected '%.*s' after a complete condition");
		root = -1;
	}
	if (root < 0) {
		*errcol = p.errcol;
		lt_cond_free(c);
		return -1;
	}
	c->root = root;
	return 0;
}

static bool eval(const struct lt_cond *c, int i, const struct lt_selection *sels, const struct lt_ridx *ix)
{
	const struct lt_cnode *n = &c->nodes[i];
	switch (n->op) {
	case LT_C_SEL:
		return lt_selection_eval(&sels[n->a], ix);
	case LT_C_AND:
		return eval(c, n->a, sels, ix) && eval(c, n->b, sels, ix);
	case LT_C_OR:
		return eval(c, n->a, sels, ix) || eval(c, n->b, sels, ix);
	case LT_C_NOT:
		return !eval(c, n->a, sels, ix);
	case LT_C_TRUE:
		return true;
	default:
		return false;
	}
}

bool lt_cond_eval(const struct lt_cond *c, const struct lt_selection *sels, const struct lt_ridx *ix)
{
	if (!c->nodes)
		return false;
	return eval(c, c->root, sels, ix);
}

void lt_cond_free(struct lt_cond *c)
{
	free(c->nodes);
	memset(c, 0, sizeof *c);
}
