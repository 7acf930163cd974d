/* Comparison with corpus expected output (see corpus_compare.h). */
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus_compare.h"

static const struct lt_record *record_at(const struct lt_harness *h, long long offset)
{
	for (size_t i = 0; i < h->nrec; i++) {
		int64_t off;
		if (lt_rec_get_int(&h->recs[i], LT_F_OFFSET, &off) && off == offset)
			return &h->recs[i];
	}
	return NULL;
}

static const char *accepted(const struct cc_accept *acc, size_t nacc, long long offset,
			    const char *theirs, const char *their_value)
{
	for (size_t i = 0; i < nacc; i++) {
		if (acc[i].offset != -1 && acc[i].offset != offset)
			continue;
		if (strcmp(acc[i].theirs, theirs) != 0)
			continue;
		if (acc[i].their_value && (!their_value || strcmp(acc[i].their_value, their_value) != 0))
			continue;
		return acc[i].reason;
	}
	return NULL;
}

/* Their value as text for messages and string comparison. */
static void their_text(json_t *v, char *out, size_t n)
{
	if (json_is_string(v))
		snprintf(out, n, "%s", json_string_value(v));
	else if (json_is_integer(v))
		snprintf(out, n, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v))
		snprintf(out, n, "%g", json_real_value(v));
	else if (json_is_boolean(v))
		snprintf(out, n, "%s", json_is_true(v) ? "true" : "false");
	else {
		char *d = json_dumps(v, JSON_COMPACT);
		snprintf(out, n, "%s", d ? d : "?");
		free(d);
	}
}

static void our_text(const struct lt_record *r, const struct cc_map *m, char *out, size_t n)
{
	const struct lt_value *v = lt_rec_get(r, m->ours);
	if (!v) {
		snprintf(out, n, "(absent)");
		return;
	}
	switch (v->type) {
	case LT_V_STR:
	case LT_V_BYTES:
		snprintf(out, n, "%.*s", (int)v->v.s.n, v->v.s.p);
		break;
	case LT_V_INT:
		snprintf(out, n, "%" PRId64, v->v.i);
		break;
	case LT_V_BOOL:
		snprintf(out, n, "%s", v->v.b ? "true" : "false");
		break;
	case LT_V_TIME: {
		char iso[LT_ISO_LEN];
		lt_time_format_utc(v->v.t, iso);
		snprintf(out, n, "%s", iso);
		break;
	}
	default:
		snprintf(out, n, "(list)");
	}
}

static bool same(const struct lt_record *r, const struct cc_map *m, json_t *v, const char *ttext)
{
	const struct lt_value *o = lt_rec_get(r, m->ours);
	char otext[16384];
	our_text(r, m, otext, sizeof otext);
	switch (m->kind) {
	case CC_STR:
		return o && strcmp(otext, ttext) == 0;
	case CC_STR_IN_LIST:
		if (!o)
			return false;
		if (json_is_array(v)) {
			size_t i;
			json_t *e;
			json_array_foreach(v, i, e)
				if (json_is_string(e) && strcmp(json_string_value(e), otext) == 0)
					return true;
			return false;
		}
		return strcmp(otext, ttext) == 0;
	case CC_STR_IN_JSON_LIST: {
		if (!o)
			return false;
		json_t *arr = json_loads(ttext, 0, NULL);
		bool ok = false;
		size_t i;
		json_t *e;
		if (json_is_array(arr))
			json_array_foreach(arr, i, e)
				ok = ok || (json_is_string(e) && strcmp(json_string_value(e), otext) == 0);
		json_decref(arr);
		return ok;
	}
	case CC_INT_DIV_1E6: {
		if (!o || o->type != LT_V_INT)
			return false;
		char *end;
		long long t = strtoll(ttext, &end, 10);
		return *end == '\0' && t == o->v.i / 1000000;
	}
	case CC_INT: {
		if (!o || o->type != LT_V_INT)
			return false;
		char *end;
		long long t = strtoll(ttext, &end, 10);
		return *end == '\0' && t == o->v.i;
	}
	case CC_TIME_MS:
	case CC_TIME_S: {
		lt_time_us ours, theirs;
		if (!o || o->type != LT_V_TIME)
			return false;
		ours = o->v.t;
		if (lt_time_parse_iso(ttext, strlen(ttext), NULL, &theirs))
			return false;
		int64_t unit = m->kind == CC_TIME_MS ? 1000 : LT_US_PER_SEC;
		return ours / unit == theirs / unit;
	}
	}
	return false;
}

static void compare_one(const char *what, const struct lt_record *r, json_t *obj, long long offset,
			const struct cc_map *map, size_t nmap, const struct cc_accept *acc, size_t nacc,
			struct cc_stats *st)
{
	st->paired++;
	for (size_t k = 0; k < nmap; k++) {
		json_t *v = json_object_get(obj, map[k].theirs);
		if (!v || json_is_null(v))
			continue;
		/* several of our fields may stand for one of theirs: the first
		 * entry speaks for all, and any of them matching is agreement */
		bool seen = false, ok = false;
		for (size_t j = 0; j < k; j++)
			seen = seen || strcmp(map[j].theirs, map[k].theirs) == 0;
		if (seen)
			continue;
		char ttext[16384];
		their_text(v, ttext, sizeof ttext);
		st->compared++;
		for (size_t j = k; j < nmap && !ok; j++)
			ok = strcmp(map[j].theirs, map[k].theirs) == 0 && same(r, &map[j], v, ttext);
		if (ok)
			continue;
		const char *why = accepted(acc, nacc, offset, map[k].theirs, ttext);
		if (why) {
			st->accepted++;
			if (getenv("CC_VERBOSE"))
				fprintf(stderr, "%s: offset %lld: accepted %s=%s: %s\n", what, offset,
					map[k].theirs, ttext, why);
			continue;
		}
		char otext[16384];
		our_text(r, &map[k], otext, sizeof otext);
		fprintf(stderr, "%s: offset %lld: %s=%s but our %s=%s\n", what, offset,
			map[k].theirs, ttext, map[k].ours, otext);
		st->failed++;
	}
}

static json_t *load_array(const char *path, struct cc_stats *st)
{
	json_error_t err;
	json_t *root = json_load_file(path, 0, &err);
	if (!root || !json_is_array(root)) {
		fprintf(stderr, "%s: cannot read expected JSON: %s\n", path, err.text);
		st->failed++;
		json_decref(root);
		return NULL;
	}
	return root;
}

void cc_compare(const struct lt_harness *h, const char *expected_json, const struct cc_map *map,
		size_t nmap, const struct cc_accept *acc, size_t nacc, struct cc_stats *st)
{
	memset(st, 0, sizeof *st);
	json_t *root = load_array(expected_json, st);
	if (!root)
		return;
	size_t i;
	json_t *obj;
	json_array_foreach(root, i, obj) {
		st->expected++;
		json_t *off = json_object_get(obj, "log.offset");
		if (!json_is_integer(off))
			continue;
		long long offset = json_integer_value(off);
		const struct lt_record *r = record_at(h, offset);
		if (!r) {
			if (accepted(acc, nacc, offset, "log.offset", NULL)) {
				st->accepted++;
			} else {
				fprintf(stderr, "%s: offset %lld: no record of ours\n", expected_json, offset);
				st->missing++;
				st->failed++;
			}
			continue;
		}
		compare_one(expected_json, r, obj, offset, map, nmap, acc, nacc, st);
	}
	json_decref(root);
}

void cc_compare_fed(struct lt_harness *h, const char *expected_json, const char *line_key,
		    const struct cc_map *map, size_t nmap, const struct cc_accept *acc, size_t nacc,
		    struct cc_stats *st)
{
	memset(st, 0, sizeof *st);
	json_t *root = load_array(expected_json, st);
	if (!root)
		return;
	size_t i;
	json_t *obj;
	json_array_foreach(root, i, obj) {
		st->expected++;
		json_t *line = json_object_get(obj, line_key);
		if (!json_is_string(line)) {
			fprintf(stderr, "%s: object %zu has no %s\n", expected_json, i, line_key);
			st->failed++;
			continue;
		}
		size_t before = h->nrec;
		lth_feed(h, json_string_value(line));
		if (h->nrec != before + 1) {
			if (accepted(acc, nacc, (long long)i, "log.offset", NULL)) {
				st->accepted++;
			} else {
				fprintf(stderr, "%s: object %zu: no record of ours\n", expected_json, i);
				st->missing++;
				st->failed++;
			}
			continue;
		}
		compare_one(expected_json, &h->recs[before], obj, (long long)i, map, nmap, acc, nacc, st);
	}
	json_decref(root);
}
