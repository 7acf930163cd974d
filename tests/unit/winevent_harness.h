/* Shared by the Windows event model tests (test_winevent.c,
 * test_winevent_sigma.c): one event and one record per test, an XML text
 * read into the event and mapped to the record, and assertions on the
 * record's fields.
 *
 * Ownership: rec and ev belong to the suite; wev_setup and
 * wev_teardown (the suite's .init/.fini) create and free them, load
 * reuses them. Everything is static inline so that a test file pays only
 * for what it calls.
 */
#ifndef LT_WINEVENT_HARNESS_H
#define LT_WINEVENT_HARNESS_H
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "parse/winevent.h"
#include "record/record.h"

static struct lt_record rec;
static struct lt_winevent ev;

static inline void wev_setup(void)
{
	lt_rec_init(&rec);
	lt_winevent_init(&ev);
}

static inline void wev_teardown(void)
{
	lt_rec_free(&rec);
	lt_winevent_free(&ev);
}

/* Read xml into the event (it must parse) and map it to a fresh record. */
static inline void load(const char *xml)
{
	const char *why = NULL;
	int rc = lt_winevent_from_xml(&ev, xml, strlen(xml), &why);
	cr_assert_eq(rc, 0, "from_xml: %s", why ? why : "?");
	lt_rec_clear(&rec);
	lt_winevent_to_record(&ev, &rec);
}

static inline void want_str(const char *key, const char *val)
{
	struct lt_str s;
	cr_assert(lt_rec_get_str(&rec, key, &s), "missing %s", key);
	cr_assert(s.n == strlen(val) && memcmp(s.p, val, s.n) == 0, "%s = '%.*s', want '%s'", key, (int)s.n,
		  s.p, val);
}

static inline void want_int(const char *key, int64_t val)
{
	int64_t v;
	cr_assert(lt_rec_get_int(&rec, key, &v), "missing %s", key);
	cr_assert_eq(v, val, "%s = %lld, want %lld", key, (long long)v, (long long)val);
}

static inline void want_absent(const char *key)
{
	cr_assert_null(lt_rec_get(&rec, key), "%s should be absent", key);
}

static inline void want_list(const char *key, const char *const *items, size_t n)
{
	const struct lt_value *v = lt_rec_get(&rec, key);
	cr_assert(v && v->type == LT_V_LIST, "missing list %s", key);
	cr_assert_eq(v->v.list.count, n, "%s has %u items, want %zu", key, v->v.list.count, n);
	for (uint32_t i = 0; i < n; i++) {
		struct lt_str s = lt_rec_list_item(&rec, v, i);
		cr_assert(s.n == strlen(items[i]) && memcmp(s.p, items[i], s.n) == 0, "%s[%u] = '%.*s', want '%s'",
			  key, i, (int)s.n, s.p, items[i]);
	}
}

/* The value of a bool field, which must be present. */
static inline bool want_bool(const char *key)
{
	const struct lt_value *v = lt_rec_get(&rec, key);
	cr_assert(v && v->type == LT_V_BOOL, "missing bool %s", key);
	return v->v.b;
}

#endif
