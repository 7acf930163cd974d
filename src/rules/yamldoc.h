/* A small YAML document tree with source positions, built from libyaml's
 * event stream, for the rule and context loaders: every node knows the line
 * and column it started at, so a wrong rule is refused with file:line:column.
 *
 * Ownership: lt_yaml_load returns documents that own all their nodes and
 * strings; lt_yaml_free releases them. Anchors and aliases are resolved by
 * sharing (an alias node points at the anchored node; the tree is freed once).
 */
#ifndef LT_YAMLDOC_H
#define LT_YAMLDOC_H
#include <stdbool.h>
#include <stddef.h>

enum lt_ynode_type { LT_Y_SCALAR, LT_Y_SEQ, LT_Y_MAP };

struct lt_ynode {
	enum lt_ynode_type type;
	unsigned line, col;		/* 1-based */
	/* SCALAR */
	char *str;
	size_t len;
	bool plain;			/* unquoted: may be null, a number or a bool */
	/* SEQ: items; MAP: keys[i] -> items[i] (keys are scalars, in file order) */
	size_t n;
	struct lt_ynode **items;
	struct lt_ynode **keys;
};

struct lt_ydocs {
	size_t n;
	struct lt_ynode **docs;		/* root node of each document */
	/* every node allocated, for freeing */
	struct lt_ynode **all;
	size_t nall, capall;
};

/* Parse path. On error returns -1 and writes "path:line:col: reason" into err. */
int lt_yaml_load(const char *path, struct lt_ydocs *out, char *err, size_t errlen);
/* Same, from memory; name is used in messages. */
int lt_yaml_load_mem(const char *name, const char *text, size_t len, struct lt_ydocs *out,
		     char *err, size_t errlen);
void lt_yaml_free(struct lt_ydocs *d);

/* Value of key in a mapping, or NULL. */
const struct lt_ynode *lt_ymap_get(const struct lt_ynode *map, const char *key);
/* A plain scalar spelled null, ~ or empty. */
bool lt_ynode_is_null(const struct lt_ynode *n);

#endif
