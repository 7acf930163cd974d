/* The timeline row as a _bulk pair (ecsrow.h). */
#include "evidence/ecsrow.h"

#include <string.h>

#include "util/jsonesc.h"

/* In document order; fields sharing a prefix are adjacent, so one pass
 * opens and closes the nested objects. */
const struct lt_ecs_field lt_ecs_fields[] = {
	{ "@timestamp", LT_COL_DATETIME, false },
	{ "message", LT_COL_MESSAGE, false },
	{ "event.kind", -1, false },
	{ "event.sequence", LT_COL_SEQ, true },
	{ "event.original", LT_COL_RAW, false },
	{ "event.hash", LT_COL_HASH, false },
	{ "user.name", LT_COL_PERSON, false },
	{ "rule.id", LT_COL_RULE_ID, false },
	{ "rule.name", LT_COL_RULE_TITLE, false },
	{ "log.file.path", LT_COL_SOURCE_PATH, false },
	{ "log.offset", LT_COL_OFFSET, true },
	{ "leaktrail.entry_type", LT_COL_ENTRY_TYPE, false },
	{ "leaktrail.datetime_local", LT_COL_DATETIME_LOCAL, false },
	{ "leaktrail.timestamp", LT_COL_TIMESTAMP, true },
	{ "leaktrail.timestamp_desc", LT_COL_TIMESTAMP_DESC, false },
	{ "leaktrail.level", LT_COL_LEVEL, false },
	{ "leaktrail.finding_id", LT_COL_FINDING_ID, false },
	{ "leaktrail.source_sha256", LT_COL_SOURCE_SHA256, false },
	{ "leaktrail.member", LT_COL_MEMBER, false },
	{ "leaktrail.line", LT_COL_LINE, true },
	{ "leaktrail.prev_hash", LT_COL_PREV_HASH, false },
};
const int lt_ecs_nfields = (int)(sizeof lt_ecs_fields / sizeof lt_ecs_fields[0]);

#define MAXDEPTH 4

/* A path split at its dots (segments point into the static path). */
struct segs {
	const char *s[MAXDEPTH];
	size_t len[MAXDEPTH];
	int n;
};

static void split(const char *path, struct segs *p)
{
	p->n = 0;
	while (p->n < MAXDEPTH) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		p->s[p->n] = path;
		p->len[p->n] = len;
		p->n++;
		if (!dot)
			break;
		path = dot + 1;
	}
}

static bool same_seg(const struct segs *a, const struct segs *b, int i)
{
	return a->len[i] == b->len[i] && memcmp(a->s[i], b->s[i], a->len[i]) == 0;
}

/* event.kind: ECS's categorisation of the entry. */
static const char *kind_of(const char *const *v)
{
	return strcmp(v[LT_COL_ENTRY_TYPE], "finding") == 0 ? "alert" : "event";
}

/* The writer's state: the objects open now (as the path of the last field)
 * and whether the innermost one already has a member. */
struct nest {
	struct segs open;
	int depth;
	bool comma;
};

static void key(struct lt_buf *b, struct nest *st, const char *s, size_t n)
{
	if (st->comma)
		lt_buf_putc(b, ',');
	lt_json_str(b, s, n);
	lt_buf_putc(b, ':');
}

/* Close the objects f does not share, open the ones it needs. */
static void descend(struct lt_buf *b, struct nest *st, const struct segs *f)
{
	int keep = 0;
	while (keep < st->depth && keep < f->n - 1 && same_seg(&st->open, f, keep))
		keep++;
	for (; st->depth > keep; st->depth--) {
		lt_buf_putc(b, '}');
		st->comma = true;
	}
	for (int i = keep; i < f->n - 1; i++) {
		key(b, st, f->s[i], f->len[i]);
		lt_buf_putc(b, '{');
		st->open.s[i] = f->s[i];
		st->open.len[i] = f->len[i];
		st->depth = i + 1;
		st->comma = false;
	}
}

static void put_field(struct lt_buf *b, struct nest *st, const struct lt_ecs_field *fd, const char *val)
{
	struct segs f;
	split(fd->path, &f);
	descend(b, st, &f);
	key(b, st, f.s[f.n - 1], f.len[f.n - 1]);
	if (fd->num)
		lt_buf_puts(b, val);
	else
		lt_json_str(b, val, strlen(val));
	st->comma = true;
}

void lt_ecs_row_render(struct lt_buf *b, const char *const *v)
{
	lt_buf_puts(b, "{\"index\":{\"_index\":\"" LT_ECS_INDEX "\",\"_id\":");
	lt_json_str(b, v[LT_COL_HASH], strlen(v[LT_COL_HASH]));
	lt_buf_puts(b, "}}\n{");
	struct nest st = { .depth = 0, .comma = false };
	for (int i = 0; i < lt_ecs_nfields; i++) {
		const struct lt_ecs_field *fd = &lt_ecs_fields[i];
		const char *val = fd->col < 0 ? kind_of(v) : v[fd->col];
		if (*val)
			put_field(b, &st, fd, val);
	}
	for (; st.depth > 0; st.depth--)
		lt_buf_putc(b, '}');
	lt_buf_puts(b, "}\n");
}
