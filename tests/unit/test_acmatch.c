/* Unit tests for util/acmatch: the multi-literal search behind the rule
 * index's prefilter. Every occurrence the automaton reports is checked
 * against a naive search over the same folded text, on fixed and on
 * generated (seeded, so reproducible) literals and texts. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "util/acmatch.h"

struct hits {
	unsigned count[64];
};

static void on_hit(uint32_t id, void *arg)
{
	struct hits *h = arg;
	if (id < 64)
		h->count[id]++;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static unsigned naive(const char *text, size_t n, const char *lit, size_t m)
{
	unsigned k = 0;
	for (size_t i = 0; i + m <= n; i++) {
		size_t j = 0;
		while (j < m && lower((unsigned char)text[i + j]) == lower((unsigned char)lit[j]))
			j++;
		k += j == m;
	}
	return k;
}

Test(acmatch, overlapping_literals_and_case)
{
	struct lt_ac *a = lt_ac_new();
	const char *lits[] = { "he", "she", "his", "hers", "\\cmd.exe", "CMD" };
	uint32_t ids[6];
	for (int i = 0; i < 6; i++)
		ids[i] = lt_ac_add(a, lits[i], strlen(lits[i]));
	cr_assert_eq(lt_ac_add(a, "HERS", 4), ids[3], "equal after folding: same id");
	cr_assert_eq(lt_ac_count(a), 6);
	cr_assert_eq(lt_ac_build(a), 0);
	const char *text = "uSHErs ran C:\\Windows\\System32\\CMD.EXE /c his";
	struct hits h = { { 0 } };
	lt_ac_scan(a, text, strlen(text), on_hit, &h);
	for (int i = 0; i < 6; i++)
		cr_assert_eq(h.count[ids[i]], naive(text, strlen(text), lits[i], strlen(lits[i])), "literal %s", lits[i]);
	cr_assert_eq(h.count[ids[1]], 1);	/* she */
	cr_assert_eq(h.count[ids[0]], 1);	/* he, inside sHErs */
	cr_assert_eq(h.count[ids[4]], 1);
	struct hits none = { { 0 } };
	lt_ac_scan(a, "nothing here", 12, on_hit, &none);
	for (int i = 0; i < 6; i++)
		cr_assert_eq(none.count[ids[i]], naive("nothing here", 12, lits[i], strlen(lits[i])));
	lt_ac_free(a);
}

Test(acmatch, non_ascii_bytes_compare_as_they_are)
{
	struct lt_ac *a = lt_ac_new();
	uint32_t id = lt_ac_add(a, "\xe6\xa9\x9f\xe5\xaf\x86", 6);	/* 機密 */
	lt_ac_build(a);
	struct hits h = { { 0 } };
	const char *t = "x \xe6\xa9\x9f\xe5\xaf\x86 y \xe6\xa9\x9f";
	lt_ac_scan(a, t, strlen(t), on_hit, &h);
	cr_assert_eq(h.count[id], 1);
	lt_ac_free(a);
}

Test(acmatch, matches_naive_search_on_generated_input)
{
	srand(18);
	const char alphabet[] = "abAB\\.c-";
	for (int round = 0; round < 200; round++) {
		struct lt_ac *a = lt_ac_new();
		char lits[40][8];
		size_t len[40];
		uint32_t ids[40];
		int nl = 1 + rand() % 40;
		for (int i = 0; i < nl; i++) {
			len[i] = 1 + (size_t)(rand() % 6);
			for (size_t j = 0; j < len[i]; j++)
				lits[i][j] = alphabet[rand() % 8];
			ids[i] = lt_ac_add(a, lits[i], len[i]);
		}
		cr_assert_eq(lt_ac_build(a), 0);
		char text[200];
		size_t n = (size_t)(rand() % 200);
		for (size_t j = 0; j < n; j++)
			text[j] = alphabet[rand() % 8];
		struct hits h = { { 0 } };
		lt_ac_scan(a, text, n, on_hit, &h);
		for (int i = 0; i < nl; i++)
			cr_assert_eq(h.count[ids[i]], naive(text, n, lits[i], len[i]), "round %d literal %d", round, i);
		lt_ac_free(a);
	}
}
