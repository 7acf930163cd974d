/* Badge presence per person (presence.h). */
#include "enrich/presence.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "context/strmap.h"
#include "enrich/enrich.h"
#include "util/xalloc.h"

/* The last granted card read of a person at a building door. */
struct read {
	bool out;
	lt_time_us t;
	char *door, *direction;
	int64_t source_id;		/* -1 when the record has none */
	char *path, *sha, *member, *raw;
	int64_t offset, line;
};

struct lt_presence {
	const struct lt_context *ctx;
	struct lt_strmap index;		/* person id -> index into reads */
	struct read *reads;
	size_t n, cap;
	bool any;			/* a building read has been seen */
};

struct lt_presence *lt_presence_new(const struct lt_context *ctx)
{
	struct lt_presence *p = lt_xcalloc(1, sizeof *p);
	p->ctx = ctx;
	lt_strmap_init(&p->index, false);
	return p;
}

static void read_clear(struct read *x)
{
	free(x->door);
	free(x->direction);
	free(x->path);
	free(x->sha);
	free(x->member);
	free(x->raw);
	memset(x, 0, sizeof *x);
}

void lt_presence_free(struct lt_presence *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		read_clear(&p->reads[i]);
	free(p->reads);
	lt_strmap_free(&p->index);
	free(p);
}

/* KEY is VALUE, as a string or as one item of a list. */
static bool has_value(const struct lt_record *r, const char *key, const char *value)
{
	const struct lt_value *v = lt_rec_get(r, key);
	if (!v)
		return false;
	if (v->type == LT_V_STR)
		return v->v.s.n == strlen(value) && memcmp(v->v.s.p, value, v->v.s.n) == 0;
	if (v->type != LT_V_LIST)
		return false;
	for (uint32_t i = 0; i < v->v.list.count; i++) {
		struct lt_str s = lt_rec_list_item(r, v, i);
		if (s.n == strlen(value) && memcmp(s.p, value, s.n) == 0)
			return true;
	}
	return false;
}

static bool one_of(struct lt_str s, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strlen(words[i]) == s.n && strncasecmp(s.p, words[i], s.n) == 0)
			return true;
	return false;
}

/* The words of the shipped badge format (formats/badge.yaml) and their usual
 * English forms; any other direction or result is not a building move. */
static const char *const in_words[] = { "入室", "入館", "入", "in", "entry", "enter", NULL };
static const char *const out_words[] = { "退室", "退館", "退", "out", "exit", NULL };
static const char *const granted_words[] = { "許可", "OK", "granted", "allowed", "success", NULL };

static char *dup_str(const struct lt_record *r, const char *key)
{
	struct lt_str s;
	return lt_rec_get_str(r, key, &s) ? lt_xstrndup(s.p, s.n) : NULL;
}

static int64_t int_or(const struct lt_record *r, const char *key, int64_t dflt)
{
	int64_t v;
	return lt_rec_get_int(r, key, &v) ? v : dflt;
}

static struct read *slot_of(struct lt_presence *p, struct lt_str person)
{
	int64_t i;
	if (lt_strmap_get(&p->index, person.p, person.n, &i))
		return &p->reads[i];
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->reads = lt_xrealloc(p->reads, p->cap * sizeof *p->reads);
	}
	memset(&p->reads[p->n], 0, sizeof p->reads[p->n]);
	lt_strmap_put(&p->index, person.p, person.n, (int64_t)p->n);
	return &p->reads[p->n++];
}

/* A granted read at a building door: the person's new state. */
static void take_read(struct lt_presence *p, struct lt_record *r, struct lt_str person, lt_time_us t)
{
	struct lt_str door, dir, result;
	if (!lt_rec_get_str(r, LT_F_BADGE_DOOR, &door) || !lt_rec_get_str(r, LT_F_BADGE_DIRECTION, &dir))
		return;
	if (lt_rec_get_str(r, LT_F_BADGE_RESULT, &result) && !one_of(result, granted_words))
		return;
	bool in = one_of(dir, in_words), out = one_of(dir, out_words);
	if (!in && !out)
		return;
	char *door_name = lt_xstrndup(door.p, door.n);	/* a decoded value need not end in NUL */
	bool building = lt_context_building_door(p->ctx, door_name);
	free(door_name);
	if (!building)
		return;
	struct read *x = slot_of(p, person);
	read_clear(x);
	x->out = out;
	x->t = t;
	x->door = lt_xstrndup(door.p, door.n);
	x->direction = lt_xstrndup(dir.p, dir.n);
	x->source_id = int_or(r, LT_F_SOURCE_ID, -1);
	x->path = dup_str(r, LT_F_SOURCE_PATH);
	x->sha = dup_str(r, LT_F_SOURCE_SHA256);
	x->member = dup_str(r, LT_F_MEMBER);
	x->raw = dup_str(r, LT_F_RAW);
	x->offset = int_or(r, LT_F_OFFSET, 0);
	x->line = int_or(r, LT_F_LINE, 0);
	p->any = true;
}

static void cite(struct lt_record *r, const struct read *x)
{
	lt_rec_set_time(r, LT_E_CITE_TIME, x->t);
	if (x->source_id >= 0)
		lt_rec_set_int(r, LT_E_CITE_SOURCE_ID, x->source_id);
	if (x->path)
		lt_rec_set_cstr(r, LT_E_CITE_SOURCE_PATH, x->path);
	if (x->sha)
		lt_rec_set_cstr(r, LT_E_CITE_SOURCE_SHA256, x->sha);
	if (x->member)
		lt_rec_set_cstr(r, LT_E_CITE_MEMBER, x->member);
	lt_rec_set_int(r, LT_E_CITE_OFFSET, x->offset);
	lt_rec_set_int(r, LT_E_CITE_LINE, x->line);
	if (x->raw)
		lt_rec_set_cstr(r, LT_E_CITE_RAW, x->raw);
}

static void stamp(struct lt_presence *p, struct lt_record *r, struct lt_str person, lt_time_us t)
{
	int64_t i;
	if (!lt_strmap_get(&p->index, person.p, person.n, &i)) {
		lt_rec_set_cstr(r, LT_E_BADGE_STATE, "unknown");
		return;
	}
	const struct read *x = &p->reads[i];
	lt_time_us max_age = (lt_time_us)lt_context_badge_max_age_hours(p->ctx) * 3600 * INT64_C(1000000);
	bool stale = t - x->t > max_age;
	lt_rec_set_cstr(r, LT_E_BADGE_STATE, stale ? "unknown" : x->out ? "out" : "in");
	lt_rec_set_time(r, LT_E_BADGE_TIME, x->t);
	struct lt_civil c;
	int32_t off;
	lt_context_local(p->ctx, x->t, &c, &off);
	char iso[LT_ISO_LEN];
	size_t n = lt_civil_format(&c, off, iso);
	lt_rec_set_str(r, LT_E_BADGE_LOCAL_TIME, iso, n);
	lt_rec_set_cstr(r, LT_E_BADGE_DOOR, x->door);
	lt_rec_set_cstr(r, LT_E_BADGE_DIRECTION, x->direction);
	if (!stale && x->out)
		cite(r, x);
}

void lt_presence_apply(struct lt_presence *p, struct lt_record *r)
{
	struct lt_str person;
	lt_time_us t;
	if (!lt_rec_get_str(r, LT_E_PERSON_ID, &person) || !person.n || !lt_rec_get_time(r, LT_F_TIMESTAMP, &t))
		return;
	if (has_value(r, LT_F_EVENT_CATEGORY, "physical_access"))
		take_read(p, r, person, t);
	else if (p->any && has_value(r, LT_F_EVENT_CATEGORY, "authentication"))
		stamp(p, r, person, t);
}
