/* Unit tests for src/export and src/evidence: the chain's canonical bytes,
 * timeline order and filters (findings built in C), the CSV dialect and its
 * formula guard, pseudonyms, aliases, the audit log. */
#include <criterion/criterion.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "evidence/audit.h"
#include "evidence/chain.h"
#include "export/csv.h"
#include "export/out.h"
#include "export/pseudo.h"
#include "export/redact.h"
#include "export/timeline.h"
#include "evidence/tlcheck.h"
#include "util/xalloc.h"

Test(chain, canonical_bytes_escape_and_join)
{
	const char *f[] = { "a\\b", "x\ny\rz", "" };
	struct lt_buf b = LT_BUF_INIT;
	lt_chain_canonical(&b, LT_CHAIN_GENESIS, f, 3);
	cr_assert_str_eq(b.data, LT_CHAIN_GENESIS "\na\\\\b\nx\\ny\\rz\n");
	char h[LT_SHA256_HEX], want[LT_SHA256_HEX];
	lt_chain_hash(LT_CHAIN_GENESIS, f, 3, h);
	lt_sha256_hex(b.data, b.len, want);
	cr_assert_str_eq(h, want);
	lt_buf_free(&b);
}

static struct lt_evidence_ref mkref(lt_time_us t, const char *sha, uint64_t off, const char *raw)
{
	struct lt_evidence_ref r = { 0 };
	r.time = t;
	r.source_path = lt_xstrdup("/ev/log");
	r.source_sha256 = lt_xstrdup(sha);
	r.offset = off;
	r.line = off + 1;
	r.raw = lt_xstrdup(raw);
	r.summary = lt_xstrdup("");
	return r;
}

static void mkfinding(struct lt_finding *f, const char *id, const char *person, const char *level, lt_time_us t0)
{
	memset(f, 0, sizeof *f);
	f->id = lt_xstrdup(id);
	f->rule_id = lt_xasprintf("rule-%s", id);
	f->rule_title_en = lt_xstrdup("Title");
	f->level = lt_xstrdup(level);
	f->person = lt_xstrdup(person);
	f->message_en = lt_xstrdup("msg");
	f->first = t0;
	f->last = t0 + 10;
	f->nrefs = 2;
	f->nrefs_total = 2;
	f->refs = lt_xcalloc(2, sizeof *f->refs);
	/* Same time for both: the tie is broken by source hash, then offset. */
	f->refs[0] = mkref(t0 + 10, "bb", 5, "second line");
	f->refs[1] = mkref(t0 + 10, "aa", 9, "first line");
}

static void build(struct lt_timeline *tl, const struct lt_tl_filter *flt)
{
	memset(tl, 0, sizeof *tl);
	struct lt_finding *fs = lt_xcalloc(3, sizeof *fs);
	mkfinding(&fs[0], "f2", "bob", "low", 2000);
	mkfinding(&fs[1], "f1", "alice", "high", 1000);
	mkfinding(&fs[2], "f0", "carol", "critical", 2000);
	tl->lang = "en";
	tl->tz = lt_tz_load("UTC");
	lt_timeline_build(tl, fs, 3, flt);
}

Test(timeline, sorted_by_time_kind_id_source_offset)
{
	struct lt_timeline tl;
	build(&tl, NULL);
	cr_assert_eq(tl.nentries, 9);
	cr_assert_eq(tl.entries[0].time, 1000);
	cr_assert_eq(tl.entries[0].kind, LT_TL_FINDING);
	cr_assert_str_eq(tl.findings[tl.entries[1].fidx].refs[tl.entries[1].ridx].source_sha256, "aa");
	/* 2000: two findings, f0 before f2 (id order). */
	cr_assert_str_eq(tl.findings[tl.entries[3].fidx].id, "f0");
	cr_assert_str_eq(tl.findings[tl.entries[4].fidx].id, "f2");
	lt_timeline_free(&tl);
}

Test(timeline, filters_person_level_rule_time)
{
	struct lt_tl_filter f;
	lt_tl_filter_init(&f);
	const char *who[] = { "bob", "carol" };
	f.persons = who;
	f.npersons = 2;
	f.min_level = lt_level_rank("medium");
	struct lt_timeline tl;
	build(&tl, &f);
	cr_assert_eq(tl.nfindings, 1);
	cr_assert_str_eq(tl.findings[0].person, "carol");
	lt_timeline_free(&tl);
	lt_tl_filter_init(&f);
	f.from = 1500;
	build(&tl, &f);
	cr_assert_eq(tl.nfindings, 2);
	lt_timeline_free(&tl);
	lt_tl_filter_init(&f);
	f.rule = "rule-f1";
	build(&tl, &f);
	cr_assert_eq(tl.nfindings, 1);
	lt_timeline_free(&tl);
}

static char *slurp(const char *p)
{
	FILE *f = fopen(p, "rb");
	cr_assert(f);
	static char buf[1 << 16];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

Test(csv, quoting_guard_and_chain_round_trip)
{
	char path[] = "/tmp/lt-test-csv-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	struct lt_out *o = lt_out_open(path);
	lt_csv_field(o, "=1+2", 1);
	lt_csv_field(o, "a\"b,c", 0);
	lt_csv_field(o, "'x", 0);
	lt_csv_eol(o);
	char sha[LT_SHA256_HEX];
	uint64_t size;
	cr_assert_eq(lt_out_close(o, sha, &size), 0);
	cr_assert_str_eq(slurp(path), "\"'=1+2\",\"a\"\"b,c\",\"''x\"\r\n");

	struct lt_timeline tl;
	build(&tl, NULL);
	o = lt_out_open(path);
	lt_export_csv(&tl, o, 1);
	lt_out_close(o, sha, &size);
	size_t n;
	char head[LT_SHA256_HEX], what[256];
	cr_assert_eq(lt_tlcheck_file(path, lt_tlcheck_csv, &n, head, what, sizeof what), 0, "%s", what);
	cr_assert_eq(n, 9);
	/* Change one character of one raw line: the chain names that entry. */
	char *text = lt_xstrdup(slurp(path));
	char *p = strstr(text, "second line");
	p[0] = 'S';
	FILE *f = fopen(path, "wb");
	fputs(text, f);
	fclose(f);
	free(text);
	cr_assert_eq(lt_tlcheck_file(path, lt_tlcheck_csv, &n, head, what, sizeof what), 1);
	cr_assert(strstr(what, "hash does not match"), "%s", what);
	lt_timeline_free(&tl);
	unlink(path);
}

Test(pseudo, tokens_are_truncated_hmac_and_replace_words_and_mail)
{
	struct lt_pseudo *p = lt_pseudo_new("0123456789abcdef", 16);
	lt_pseudo_add(p, "tanaka");
	char tok[LT_PSEUDO_TOKEN_LEN];
	lt_pseudo_token(p, "tanaka", tok);
	unsigned char mac[32];
	unsigned len = 0;
	HMAC(EVP_sha256(), "0123456789abcdef", 16, (const unsigned char *)"tanaka", 6, mac, &len);
	char want[LT_PSEUDO_TOKEN_LEN] = "PSN-";
	for (int i = 0; i < 8; i++)
		sprintf(want + 4 + 2 * i, "%02x", mac[i]);
	cr_assert_str_eq(tok, want);
	char *s = lt_pseudo_text(p, "user tanaka mailed T.Tanaka@Example.co.jp; ktanaka stays");
	cr_assert(strstr(s, tok));
	cr_assert_null(strstr(s, "Example"));
	cr_assert(strstr(s, "ktanaka stays"), "%s", s);	/* whole words only */
	free(s);
	lt_pseudo_free(p);
}

Test(redact, aliases_case_insensitive_longest_first_with_table)
{
	char path[] = "/tmp/lt-test-terms-XXXXXX";
	int fd = mkstemp(path);
	dprintf(fd, "# terms\nTsubasa\tA\nProject-Tsubasa\t本件製品A\n");
	close(fd);
	char err[256];
	struct lt_redact *r = lt_redact_load(path, err, sizeof err);
	cr_assert(r, "%s", err);
	struct lt_redact_site site = { "1", "f1", "aa", "/ev", "", "0", "1", "raw" };
	char *s = lt_redact_text(r, "get project-tsubasa/x and TSUBASA", &site);
	cr_assert_str_eq(s, "get 本件製品A/x and A");
	free(s);
	cr_assert_eq(lt_redact_noccurrences(r), 2);
	lt_redact_free(r);
	unlink(path);
}

Test(audit, chain_appends_and_detects_a_change)
{
	char dir[] = "/tmp/lt-test-audit-XXXXXX";
	cr_assert(mkdtemp(dir));
	char *argv[] = { "timeline", "CASE" };
	struct lt_audit_file out = { "/nonexistent/x", "ab" };
	cr_assert_eq(lt_audit_append(dir, 2, argv, 0, NULL, 0, &out, 1), 0);
	cr_assert_eq(lt_audit_append(dir, 2, argv, 1, NULL, 0, NULL, 0), 0);
	unsigned long n;
	char head[LT_SHA256_HEX], what[256];
	cr_assert_eq(lt_audit_verify(dir, &n, head, what, sizeof what), 0, "%s", what);
	cr_assert_eq(n, 2);
	char *log = lt_xasprintf("%s/audit.log", dir);
	char *text = lt_xstrdup(slurp(log));
	*strstr(text, "\"exit\":1") = ' ';
	FILE *f = fopen(log, "wb");
	fputs(text, f);
	fclose(f);
	cr_assert_eq(lt_audit_verify(dir, &n, head, what, sizeof what), 1);
	cr_assert(strstr(what, "line 2"), "%s", what);
	unlink(log);
	rmdir(dir);
	free(text);
	free(log);
}

static const char *fake_resolve(void *arg, const char *w, size_t n)
{
	(void)arg;
	if ((n == 7 && strncmp(w, "isuzuki", 7) == 0) || (n == 14 && strncmp(w, "SAMPLE\\isuzuki", 14) == 0))
		return "E1001";
	return NULL;
}

Test(pseudo, aliases_through_the_resolver_share_the_person_token)
{
	struct lt_pseudo *p = lt_pseudo_new("0123456789abcdef", 16);
	lt_pseudo_set_resolver(p, fake_resolve, NULL);
	char tok[LT_PSEUDO_TOKEN_LEN];
	lt_pseudo_token(p, "E1001", tok);
	char *s = lt_pseudo_text(p, "SAMPLE\\isuzuki read /eml/1932_isuzuki.eml; by isuzuki.");
	char *want = lt_xasprintf("%s read /eml/1932_%s.eml; by %s.", tok, tok, tok);
	cr_assert_str_eq(s, want);
	free(s);
	free(want);
	lt_pseudo_free(p);
}
