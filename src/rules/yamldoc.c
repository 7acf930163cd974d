/* YAML to a positioned tree, through libyaml's event parser. */
#include "rules/yamldoc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "util/xalloc.h"

#define MAX_DEPTH 64

struct anchor {
	char *name;
	struct lt_ynode *node;
};

struct builder {
	const char *name;
	struct lt_ydocs *out;
	char *err;
	size_t errlen;
	struct anchor *anchors;
	size_t nanchors, capanchors;
};

static struct lt_ynode *new_node(struct builder *b, enum lt_ynode_type t, const yaml_mark_t *m)
{
	struct lt_ynode *n = lt_xcalloc(1, sizeof *n);
	n->type = t;
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	struct lt_ydocs *d = b->out;
	if (d->nall == d->capall) {
		d->capall = d->capall ? d->capall * 2 : 64;
		d->all = lt_xrealloc(d->all, d->capall * sizeof *d->all);
	}
	d->all[d->nall++] = n;
	return n;
}

static void push_item(struct lt_ynode *parent, struct lt_ynode *key, struct lt_ynode *item)
{
	parent->items = lt_xrealloc(parent->items, (parent->n + 1) * sizeof *parent->items);
	parent->items[parent->n] = item;
	if (parent->type == LT_Y_MAP) {
		parent->keys = lt_xrealloc(parent->keys, (parent->n + 1) * sizeof *parent->keys);
		parent->keys[parent->n] = key;
	}
	parent->n++;
}

static void set_anchor(struct builder *b, const yaml_char_t *name, struct lt_ynode *n)
{
	if (!name)
		return;
	if (b->nanchors == b->capanchors) {
		b->capanchors = b->capanchors ? b->capanchors * 2 : 8;
		b->anchors = lt_xrealloc(b->anchors, b->capanchors * sizeof *b->anchors);
	}
	b->anchors[b->nanchors].name = lt_xstrdup((const char *)name);
	b->anchors[b->nanchors].node = n;
	b->nanchors++;
}

static struct lt_ynode *find_anchor(struct builder *b, const yaml_char_t *name)
{
	for (size_t i = b->nanchors; i-- > 0;)
		if (strcmp(b->anchors[i].name, (const char *)name) == 0)
			return b->anchors[i].node;
	return NULL;
}

static void errorf(struct builder *b, unsigned line, unsigned col, const char *msg)
{
	snprintf(b->err, b->errlen, "%s:%u:%u: %s", b->name, line, col, msg);
}

/* Walk the events of one stream. Containers are kept on an explicit stack;
 * a mapping alternates between waiting for a key and waiting for a value. */
static int build(struct builder *b, yaml_parser_t *p)
{
	struct lt_ynode *stack[MAX_DEPTH];
	struct lt_ynode *pending_key[MAX_DEPTH];
	int depth = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(p, &ev)) {
			errorf(b, (unsigned)p->problem_mark.line + 1, (unsigned)p->problem_mark.column + 1,
			       p->problem ? p->problem : "YAML syntax error");
			return -1;
		}
		struct lt_ynode *node = NULL;
		int done = 0, rc = 0;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_SCALAR_EVENT:
			node = new_node(b, LT_Y_SCALAR, &ev.start_mark);
			node->str = lt_xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			node->len = ev.data.scalar.length;
			node->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			set_anchor(b, ev.data.scalar.anchor, node);
			break;
		case YAML_ALIAS_EVENT:
			node = find_anchor(b, ev.data.alias.anchor);
			if (!node) {
				errorf(b, (unsigned)ev.start_mark.line + 1, (unsigned)ev.start_mark.column + 1,
				       "unknown alias");
				rc = -1;
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			node = new_node(b, ev.type == YAML_SEQUENCE_START_EVENT ? LT_Y_SEQ : LT_Y_MAP, &ev.start_mark);
			set_anchor(b, ev.type == YAML_SEQUENCE_START_EVENT ? ev.data.sequence_start.anchor
									   : ev.data.mapping_start.anchor, node);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			node = stack[--depth];
			if (depth == 0) {
				/* a finished document root */
				b->out->docs = lt_xrealloc(b->out->docs, (b->out->n + 1) * sizeof *b->out->docs);
				b->out->docs[b->out->n++] = node;
				node = NULL;
			} else {
				node = NULL;
			}
			break;
		default:
			break;
		}
		int is_container_start = ev.type == YAML_SEQUENCE_START_EVENT || ev.type == YAML_MAPPING_START_EVENT;
		yaml_event_delete(&ev);
		if (rc)
			return rc;
		if (done)
			return 0;
		if (!node)
			continue;
		if (depth == 0 && !is_container_start) {
			/* a document that is a bare scalar */
			b->out->docs = lt_xrealloc(b->out->docs, (b->out->n + 1) * sizeof *b->out->docs);
			b->out->docs[b->out->n++] = node;
			continue;
		}
		if (depth > 0) {
			struct lt_ynode *parent = stack[depth - 1];
			if (parent->type == LT_Y_MAP && !pending_key[depth - 1]) {
				if (node->type != LT_Y_SCALAR) {
					errorf(b, node->line, node->col, "mapping keys must be plain text");
					return -1;
				}
				/* YAML forbids duplicate keys; libyaml does not check,
				 * and a rule would silently lose one of the two. */
				for (size_t i = 0; i < parent->n; i++) {
					if (strcmp(parent->keys[i]->str, node->str) == 0) {
						char msg[300];
						snprintf(msg, sizeof msg, "duplicate key '%.200s' (first at line %u)", node->str,
							 parent->keys[i]->line);
						errorf(b, node->line, node->col, msg);
						return -1;
					}
				}
				pending_key[depth - 1] = node;
			} else {
				push_item(parent, pending_key[depth - 1], node);
				pending_key[depth - 1] = NULL;
			}
		}
		if (is_container_start) {
			if (depth == MAX_DEPTH) {
				errorf(b, node->line, node->col, "nested too deeply");
				return -1;
			}
			stack[depth] = node;
			pending_key[depth] = NULL;
			depth++;
		}
	}
}

int lt_yaml_load_mem(const char *name, const char *text, size_t len, struct lt_ydocs *out,
		     char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	struct builder b = { name, out, err, errlen, NULL, 0, 0 };
	int rc = build(&b, &p);
	yaml_parser_delete(&p);
	for (size_t i = 0; i < b.nanchors; i++)
		free(b.anchors[i].name);
	free(b.anchors);
	if (rc)
		lt_yaml_free(out);
	return rc;
}

int lt_yaml_load(const char *path, struct lt_ydocs *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	char *text = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		if (len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			text = lt_xrealloc(text, cap);
		}
		size_t n = fread(text + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(text);
		snprintf(err, errlen, "%s: read error", path);
		return -1;
	}
	int rc = lt_yaml_load_mem(path, text ? text : "", len, out, err, errlen);
	free(text);
	return rc;
}

void lt_yaml_free(struct lt_ydocs *d)
{
	for (size_t i = 0; i < d->nall; i++) {
		free(d->all[i]->str);
		free(d->all[i]->items);
		free(d->all[i]->keys);
		free(d->all[i]);
	}
	free(d->all);
	free(d->docs);
	memset(d, 0, sizeof *d);
}

const struct lt_ynode *lt_ymap_get(const struct lt_ynode *map, const char *key)
{
	if (!map || map->type != LT_Y_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->keys[i]->str, key) == 0)
			return map->items[i];
	return NULL;
}

bool lt_ynode_is_null(const struct lt_ynode *n)
{
	if (!n || n->type != LT_Y_SCALAR || !n->plain)
		return false;
	return n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
	       strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0;
}
