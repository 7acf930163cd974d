/* Sigma value modifiers as a table (doc/rules.md, "Modifiers"): adding a
 * modifier is one line in lt_modifiers (modifier.c) plus its functions.
 * The loader checks names and combinations against the table; the matcher
 * runs the transforms in the order written, then the matcher modifier's
 * compile function (or the plain/wildcard compiler with the placement), and
 * compares texts with the matcher modifier's match function.
 *
 * Ownership: the table is static. struct lt_variants owns its strings;
 * lt_variants_free releases them.
 */
#ifndef LT_MODIFIER_H
#define LT_MODIFIER_H
#include <stdbool.h>
#include <stddef.h>

struct lt_mvalue;

enum lt_modclass {
	LT_MOD_FLAG,		/* all, cased, expand: change how values are read or combined */
	LT_MOD_PLACE,		/* contains, startswith, endswith: where the value sits */
	LT_MOD_TRANSFORM,	/* windash, base64, base64offset, wide, utf16*: value -> variants */
	LT_MOD_MATCHER,		/* re, cidr, gt/gte/lt/lte, exists, fieldref: another comparison */
	LT_MOD_REFLAG		/* i, m, s: flags of re */
};

/* A value and the variants transforms made of it (any one may match). */
struct lt_variants {
	char **s;
	size_t *n;
	size_t count;
};

struct lt_modifier {
	const char *name;
	enum lt_modclass class;
	/* placements and matchers: at most one modifier with a group per field */
	const char *group;
	bool lead, trail;	/* LT_MOD_PLACE: implied wildcards */
	/* LT_MOD_TRANSFORM: append the variants of v to out; -1 with err */
	int (*transform)(const char *v, size_t n, struct lt_variants *out, char *err, size_t errlen);
	/* LT_MOD_MATCHER: compile one value (mods: every modifier of the field) */
	int (*compile)(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen,
		       char *err, size_t errlen);
	/* LT_MOD_MATCHER: does the text s[0..n) match the compiled value? (the
	 * compiler stores it in mv->match). NULL for exists and fieldref, which
	 * look at the field's presence or at another field, not at a text. */
	bool (*match)(const struct lt_mvalue *mv, const char *s, size_t n);
};

extern const struct lt_modifier lt_modifiers[];
/* The table entry for a name, or NULL. */
const struct lt_modifier *lt_modifier_find(const char *name);
/* "contains, startswith, ..." (static): for error messages. */
const char *lt_modifier_names(void);

void lt_variants_add(struct lt_variants *v, const char *s, size_t n);
void lt_variants_free(struct lt_variants *v);

/* matcher compile functions, defined in match.c */
int lt_mod_compile_re(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen, char *err, size_t errlen);
int lt_mod_compile_cidr(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen, char *err, size_t errlen);
int lt_mod_compile_num(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen, char *err, size_t errlen);
int lt_mod_compile_exists(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen, char *err, size_t errlen);
int lt_mod_compile_fieldref(struct lt_mvalue *mv, const char *const *mods, const char *val, size_t vlen, char *err, size_t errlen);
/* matcher match functions, defined in match.c */
bool lt_mod_match_re(const struct lt_mvalue *mv, const char *s, size_t n);
bool lt_mod_match_cidr(const struct lt_mvalue *mv, const char *s, size_t n);
bool lt_mod_match_num(const struct lt_mvalue *mv, const char *s, size_t n);

#endif
