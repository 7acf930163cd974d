/* Bounded regular expressions (src/util/regex.c): every outcome is told
 * apart, limits are set, and the nested-quantifier check of rules check. */
#include <criterion/criterion.h>
#include <string.h>

#include "util/regex.h"

static enum lt_re_result run(const char *pat, const char *subject)
{
	char err[200];
	pcre2_code *re = lt_re_compile(pat, strlen(pat), 0, err, sizeof err);
	cr_assert_not_null(re, "%s: %s", pat, err);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	enum lt_re_result r = lt_re_match(re, subject, strlen(subject), md, NULL);
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return r;
}

Test(regex, match_and_no_match)
{
	cr_assert_eq(run("secret", "a/secret"), LT_RE_MATCH);
	cr_assert_eq(run("secret", "a/public"), LT_RE_NO_MATCH);
	lt_re_thread_cleanup();
}

Test(regex, the_issue_example_hits_the_limit_not_no_match)
{
	char s[64];
	memset(s, 'a', 40);
	strcpy(s + 40, "b/secret");
	/* Without limits PCRE2's default (10 million) would take seconds and,
	 * once reached, used to read as "no match". */
	cr_assert_eq(run("^(a+)+$|secret", s), LT_RE_LIMIT);
	int rc;
	char err[200];
	pcre2_code *re = lt_re_compile("^(a+)+$|secret", 14, 0, err, sizeof err);
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	cr_assert_eq(lt_re_match(re, s, strlen(s), md, &rc), LT_RE_LIMIT);
	cr_assert_str_eq(lt_re_why(rc), "regular expression match limit reached");
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	lt_re_thread_cleanup();
}

Test(regex, invalid_utf8_subject_is_no_error)
{
	cr_assert_eq(run("b", "a\xff" "b"), LT_RE_MATCH);
	cr_assert_eq(run("c", "a\xff" "b"), LT_RE_NO_MATCH);
	lt_re_thread_cleanup();
}

Test(regex, compile_error_is_located)
{
	char err[200];
	cr_assert_null(lt_re_compile("a(b", 3, 0, err, sizeof err));
	cr_assert(strstr(err, "at offset 3") != NULL, "%s", err);
}

Test(regex, nested_quantifiers)
{
	static const char *const bad[] = { "(a+)+", "(a*)*", "(a|a)*", "^(a+)+$|secret", "(?:x+y?)+",
					   "((ab)*c)+", "(\\w+\\s?)+$", "(a|ab){2,}", NULL };
	static const char *const good[] = { "secret", "(abc)+", "(foo|bar)+", "a+b+", "(a+)?", "(a{1,3})+",
					    "(?>a+)+", "(a++)+", "[(a+)+]", "\\(a+\\)+", "(a|b)*", NULL };
	for (size_t i = 0; bad[i]; i++)
		cr_assert(lt_re_nested_quantifier(bad[i], strlen(bad[i])), "should warn: %s", bad[i]);
	for (size_t i = 0; good[i]; i++)
		cr_assert(!lt_re_nested_quantifier(good[i], strlen(good[i])), "should not warn: %s", good[i]);
}

/* ---- escaping (src/util/escape.c), the other half of "hostile output" ---- */
#include "util/escape.h"

Test(escape, controls_c1_del_and_invalid_utf8)
{
	struct lt_buf b = LT_BUF_INIT;
	const char in[] = "a\x1b]0;title\x07\tb\nc\x7f\xc2\x9b" "2J\xff\xfe佐藤\\x";
	size_t n = lt_escape_append(&b, in, sizeof in - 1);
	cr_assert_str_eq(b.data, "a\\x1b]0;title\\x07\\x09b\\x0ac\\x7f\\xc2\\x9b2J\\xff\\xfe佐藤\\x");
	cr_assert_eq(n, 9);
	lt_buf_free(&b);
}

Test(escape, clean_text_unchanged_and_cut_sequence)
{
	cr_assert_str_eq(lt_esc("C:\\Users\\佐藤\\社外秘.xlsx"), "C:\\Users\\佐藤\\社外秘.xlsx");
	cr_assert_str_eq(lt_esc("\xe4\xbd"), "\\xe4\\xbd");
	cr_assert_str_eq(lt_esc(NULL), "");
	lt_esc_cleanup();
}
