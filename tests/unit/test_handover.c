/* Unit tests for src/handover: the chained journals (append, re-walk, an
 * edited entry named), the pseudonymiser's keeper (the persons under
 * investigation keep their words, others become tokens), the document's
 * HTML escaping, and SHA256SUMS signing. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evidence/chain.h"
#include "export/pseudo.h"
#include "handover/doc.h"
#include "handover/journal.h"
#include "handover/pkgsign.h"
#include "util/xalloc.h"

static char *tmpdir(void)
{
	char *d = lt_xstrdup("/tmp/lt-test-handover.XXXXXX");
	cr_assert_not_null(mkdtemp(d));
	return d;
}

static void rmrf(const char *d)
{
	char *cmd = lt_xasprintf("rm -rf '%s'", d);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
}

Test(journal, append_chains_and_reloads)
{
	char *d = tmpdir();
	char err[256];
	const char *keys[] = { "finding", "text" };
	const char *v1[] = { "f1", "最初の所見" }, *v2[] = { "f2", "second" };
	cr_assert_eq(lt_journal_append(d, "j.jsonl", keys, v1, 2, err, sizeof err), 0);
	cr_assert_eq(lt_journal_append(d, "j.jsonl", keys, v2, 2, err, sizeof err), 0);
	json_t *all = lt_journal_load(d, "j.jsonl", err, sizeof err);
	cr_assert_not_null(all, "%s", err);
	cr_assert_eq(json_array_size(all), 2);
	json_t *a = json_array_get(all, 0), *b = json_array_get(all, 1);
	cr_assert_str_eq(json_string_value(json_object_get(a, "prev")), LT_CHAIN_GENESIS);
	cr_assert_str_eq(json_string_value(json_object_get(b, "prev")), json_string_value(json_object_get(a, "hash")));
	/* the hash is the chain hash of the values in key order */
	char h[LT_SHA256_HEX];
	lt_chain_hash(LT_CHAIN_GENESIS, v1, 2, h);
	cr_assert_str_eq(json_string_value(json_object_get(a, "hash")), h);
	json_decref(all);
	rmrf(d);
	free(d);
}

Test(journal, edited_entry_is_named)
{
	char *d = tmpdir();
	char err[256];
	const char *keys[] = { "text" };
	const char *v[] = { "USB" };
	cr_assert_eq(lt_journal_append(d, "j.jsonl", keys, v, 1, err, sizeof err), 0);
	cr_assert_eq(lt_journal_append(d, "j.jsonl", keys, v, 1, err, sizeof err), 0);
	char *p = lt_xasprintf("%s/j.jsonl", d);
	char *cmd = lt_xasprintf("sed -i '2s/USB/DVD/' '%s'", p);
	cr_assert_eq(system(cmd), 0);
	cr_assert_null(lt_journal_load(d, "j.jsonl", err, sizeof err));
	cr_assert(strstr(err, "entry 2 differs") != NULL, "%s", err);
	/* an append onto a broken chain is refused, not forked */
	cr_assert_eq(lt_journal_append(d, "j.jsonl", keys, v, 1, err, sizeof err), -1);
	free(cmd);
	free(p);
	rmrf(d);
	free(d);
}

Test(journal, absent_file_is_empty)
{
	char err[64];
	json_t *all = lt_journal_load("/nonexistent-dir", "j.jsonl", err, sizeof err);
	cr_assert_not_null(all);
	cr_assert_eq(json_array_size(all), 0);
	json_decref(all);
}

static int keep_isuzuki(void *arg, const char *w, size_t n)
{
	(void)arg;
	return (n == 7 && memcmp(w, "isuzuki", 7) == 0) || (n > 8 && memcmp(w, "isuzuki@", 8) == 0);
}

Test(pseudo, keeper_keeps_words_others_become_tokens)
{
	struct lt_pseudo *p = lt_pseudo_new("0123456789abcdef", 16);
	lt_pseudo_add(p, "htanaka");
	lt_pseudo_set_keeper(p, keep_isuzuki, NULL);
	char *t = lt_pseudo_text(p, "isuzuki isuzuki@x.co.jp htanaka other@x.co.jp");
	char tok[LT_PSEUDO_TOKEN_LEN];
	lt_pseudo_token(p, "htanaka", tok);
	char *want_prefix = lt_xasprintf("isuzuki isuzuki@x.co.jp %s PSN-", tok);
	cr_assert(strncmp(t, want_prefix, strlen(want_prefix)) == 0, "%s", t);
	free(want_prefix);
	free(t);
	lt_pseudo_free(p);
}

Test(doc, html_escapes_and_keeps_order)
{
	char *d = tmpdir();
	struct lt_doc doc;
	lt_doc_init(&doc, "ja", "経緯書", "2026-11-25T00:00:00Z");
	lt_doc_add(&doc, LT_BLK_TITLE, NULL, "経緯書");
	lt_doc_add(&doc, LT_BLK_KV, "a<b", "x & \"y\"");
	lt_doc_addf(&doc, LT_BLK_RAW, NULL, "<script>%d</script>", 1);
	char *path = lt_xasprintf("%s/d.html", d);
	char sha[LT_SHA256_HEX], err[128];
	cr_assert_eq(lt_doc_write_html(&doc, path, sha, err, sizeof err), 0);
	FILE *f = fopen(path, "r");
	char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_assert(strstr(buf, "<dt>a&lt;b</dt><dd>x &amp; &quot;y&quot;</dd>") != NULL);
	cr_assert(strstr(buf, "&lt;script&gt;1&lt;/script&gt;") != NULL);
	cr_assert(strstr(buf, "<script>") == NULL);
	cr_assert(strstr(buf, "<h1>経緯書</h1>") < strstr(buf, "<dl class=\"kv\">"));
	free(path);
	lt_doc_free(&doc);
	rmrf(d);
	free(d);
}

Test(pkgsign, sign_verify_and_a_changed_file)
{
	char *d = tmpdir();
	char *cmd = lt_xasprintf("cd '%s' && openssl genpkey -algorithm ed25519 -out k.pem 2>/dev/null && "
				 "printf 'abc\\n' > f", d);
	cr_assert_eq(system(cmd), 0);
	char *k = lt_xasprintf("%s/k.pem", d), *f = lt_xasprintf("%s/f", d), *s = lt_xasprintf("%s/f.sig", d),
	     *pub = lt_xasprintf("%s/pub.pem", d);
	char err[256];
	cr_assert_eq(lt_pkg_write_pub(k, pub, err, sizeof err), 0, "%s", err);
	cr_assert_eq(lt_pkg_sign(f, k, s, err, sizeof err), 0, "%s", err);
	cr_assert_eq(lt_pkg_sig_verify(f, s, pub, err, sizeof err), 0, "%s", err);
	FILE *fp = fopen(f, "a");
	fputs("x", fp);
	fclose(fp);
	cr_assert_eq(lt_pkg_sig_verify(f, s, pub, err, sizeof err), 1);
	cr_assert_eq(lt_pkg_sig_verify(f, s, k, err, sizeof err), -1);	/* a private key is no public key */
	free(cmd);
	free(k);
	free(f);
	free(s);
	free(pub);
	rmrf(d);
	free(d);
}
