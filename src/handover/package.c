/* Building a hand-over package (handover.h, doc/handover.md).
 *
 * Order: refuse bad input before anything is written (audience, persons,
 * existing folder), check the case with verify, then write every file into
 * the new folder, SHA256SUMS over them (sorted by path) and, with a key, its
 * signature. Nothing in the package depends on the clock: the same case
 * gives the same bytes.
 */
#include "handover/handover.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence/casefile.h"
#include "export/csv.h"
#include "export/jsonl.h"
#include "export/out.h"
#include "handover/pkgsign.h"
#include "handover/readme.h"
#include "handover/session.h"
#include "handover/zip.h"
#include "util/diag.h"
#include "util/sort.h"
#include "util/xalloc.h"

struct pkg {
	struct hsession s;
	const char *dir;
	struct lt_audit_list *outputs;
	json_t *files;		/* [{path, role}] in the order written */
	bool case_sig_by_key;	/* case/manifest.sig checks with the package's key */
};

static void choice(struct hsession *s, const char *what, const char *ja, const char *en)
{
	json_array_append_new(s->choices, json_pack("{s:s, s:s, s:s}", "what", what, "choice_ja", ja, "choice_en", en));
}

static void record_choices(struct pkg *p)
{
	struct hsession *s = &p->s;
	bool internal = strcmp(s->o->audience, "internal") == 0;
	choice(s, "audience", s->o->audience, s->o->audience);
	if (internal)
		choice(s, "names",
		       "対象者以外の人物・端末・メールアドレスは鍵付き仮名（PSN-…）に置換。対象者の氏名は表示",
		       "people, hosts and mail addresses other than the persons under investigation replaced by "
		       "keyed pseudonyms (PSN-...); the persons under investigation keep their names");
	else
		choice(s, "names", "実名のまま（弁護士・警察への提出用）",
		       "names kept as they are (for counsel or police)");
	choice(s, "raw journals",
	       internal ? "notes.jsonl・custody.jsonl・audit.log は同梱しない（仮名化できない原文を含むため）"
			: "notes.jsonl・custody.jsonl・audit.log を原文のまま case/ に同梱",
	       internal ? "notes.jsonl, custody.jsonl and audit.log not included (they hold text that cannot be "
			  "pseudonymised)"
			: "notes.jsonl, custody.jsonl and audit.log included in case/ as they are");
	char *ja = lt_xasprintf("所見ごとに証拠 %d 件まで全文引用、残りは件数と timeline の finding_id で参照",
				HS_CITES_PER_FINDING);
	char *en = lt_xasprintf("up to %d items of evidence quoted per finding; the rest counted and found in the "
				"timelines by finding_id", HS_CITES_PER_FINDING);
	choice(s, "citations", ja, en);
	free(ja);
	free(en);
	choice(s, "timelines", "対象者の所見と証拠行のみ（timeline.csv: Excel 用 UTF-8 BOM 付き）",
	       "only the persons' findings and their evidence (timeline.csv: UTF-8 with BOM for Excel)");
	choice(s, "signature", s->o->sign_key ? "SHA256SUMS に Ed25519 署名（SHA256SUMS.sig, signer.pub.pem）" : "署名なし",
	       s->o->sign_key ? "SHA256SUMS signed with Ed25519 (SHA256SUMS.sig, signer.pub.pem)" : "not signed");
}

static char *pkg_path(const struct pkg *p, const char *rel)
{
	return lt_xasprintf("%s/%s", p->dir, rel);
}

static void added(struct pkg *p, const char *rel, const char *role)
{
	json_array_append_new(p->files, json_pack("{s:s, s:s}", "path", rel, "role", role));
	char *full = pkg_path(p, rel);
	lt_audit_list_add(p->outputs, full, NULL);
	free(full);
}

static int write_timeline(struct pkg *p, const char *rel, bool csv, char *err, size_t errlen)
{
	char *path = pkg_path(p, rel);
	struct lt_out *o = lt_out_open(path);
	int rc = o ? 0 : -1;
	if (o) {
		if (csv)
			lt_export_csv(&p->s.tl, o, 1);
		else
			lt_export_jsonl(&p->s.tl, o);
		char sha[LT_SHA256_HEX];
		uint64_t size;
		rc = lt_out_close(o, sha, &size);
	}
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	free(path);
	if (rc == 0)
		added(p, rel, csv ? "timeline (CSV)" : "timeline (JSON lines)");
	return rc;
}

static int write_account(struct pkg *p, const char *lang, char *err, size_t errlen)
{
	struct lt_doc d;
	hs_account(&p->s, lang, &d);
	char *rel_html = lt_xasprintf("keii.%s.html", lang), *rel_pdf = lt_xasprintf("keii.%s.pdf", lang);
	char *html = pkg_path(p, rel_html), *pdf = pkg_path(p, rel_pdf);
	char sha[LT_SHA256_HEX];
	int rc = lt_doc_write_html(&d, html, sha, err, errlen);
	if (rc == 0)
		rc = lt_doc_write_pdf(&d, pdf, err, errlen);
	if (rc == 0) {
		added(p, rel_html, "経緯書 / chronological account (HTML)");
		added(p, rel_pdf, "経緯書 / chronological account (PDF)");
	}
	free(html);
	free(pdf);
	free(rel_html);
	free(rel_pdf);
	lt_doc_free(&d);
	return rc;
}

static int copy_file(const char *from, const char *to, char *err, size_t errlen)
{
	FILE *in = fopen(from, "rb");
	FILE *out = in ? fopen(to, "wb") : NULL;
	int rc = in && out ? 0 : -1;
	char buf[65536];
	for (; rc == 0;) {
		size_t n = fread(buf, 1, sizeof buf, in);
		if (n == 0)
			break;
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	}
	if (in && ferror(in))
		rc = -1;
	if (out && fclose(out) != 0)
		rc = -1;
	if (in)
		fclose(in);
	if (rc != 0)
		snprintf(err, errlen, "copying %s to %s: %s", from, to, strerror(errno));
	return rc;
}

/* Copy CASE/name to case/name when it exists; required files must. */
static int copy_case_file(struct pkg *p, const char *name, bool required, const char *role, char *err, size_t errlen)
{
	char *from = lt_case_path(p->s.o->case_dir, name);
	char *rel = lt_xasprintf("case/%s", name);
	char *to = pkg_path(p, rel);
	int rc = 0;
	if (access(from, F_OK) == 0 || required) {
		rc = copy_file(from, to, err, errlen);
		if (rc == 0)
			added(p, rel, role);
	}
	free(from);
	free(rel);
	free(to);
	return rc;
}

static int copy_case(struct pkg *p, char *err, size_t errlen)
{
	char *d = pkg_path(p, "case");
	int rc = mkdir(d, 0755);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", d, strerror(errno));
	free(d);
	if (rc == 0)
		rc = copy_case_file(p, "manifest.json", true, "証拠目録 / case manifest", err, errlen);
	if (rc == 0)
		rc = copy_case_file(p, "manifest.sig", false, "manifest signature (Ed25519)", err, errlen);
	if (rc == 0)
		rc = copy_case_file(p, "manifest.tsq", false, "RFC 3161 time-stamp request", err, errlen);
	if (rc == 0)
		rc = copy_case_file(p, "manifest.tsr", false, "RFC 3161 time-stamp reply", err, errlen);
	if (strcmp(p->s.o->audience, "internal") == 0)
		return rc;
	if (rc == 0)
		rc = copy_case_file(p, "notes.jsonl", false, "examiner's notes (chained)", err, errlen);
	if (rc == 0)
		rc = copy_case_file(p, "custody.jsonl", false, "custody record (chained)", err, errlen);
	if (rc == 0)
		rc = copy_case_file(p, "audit.log", false, "audit log (chained)", err, errlen);
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(json_string_value(json_object_get(*(json_t *const *)a, "path")),
		      json_string_value(json_object_get(*(json_t *const *)b, "path")));
}

/* SHA256SUMS in sha256sum's text format, sorted by path. */
static int write_sums(struct pkg *p, char *err, size_t errlen)
{
	size_t n = json_array_size(p->files);
	json_t **v = lt_xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(p->files, i);
	lt_qsort(v, n, sizeof *v, cmp_path);
	char *path = pkg_path(p, "SHA256SUMS");
	struct lt_out *o = lt_out_open(path);
	int rc = o ? 0 : -1;
	for (size_t i = 0; o && rc == 0 && i < n; i++) {
		const char *rel = json_string_value(json_object_get(v[i], "path"));
		char *full = pkg_path(p, rel);
		char sha[LT_SHA256_HEX];
		rc = lt_sha256_file(full, sha);
		if (rc == 0)
			lt_out_printf(o, "%s  %s\n", sha, rel);
		free(full);
	}
	char sha[LT_SHA256_HEX];
	uint64_t size;
	if (o && lt_out_close(o, sha, &size) != 0)
		rc = -1;
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	else
		lt_audit_list_add(p->outputs, path, sha);
	free(path);
	free(v);
	return rc;
}

static int write_description(struct pkg *p, char *err, size_t errlen)
{
	const struct lt_handover_opts *o = p->s.o;
	json_t *persons = json_array();
	for (size_t i = 0; i < o->npersons; i++)
		json_array_append_new(persons, json_string(o->persons[i]));
	json_t *d = json_pack("{s:s, s:s, s:s?, s:s?, s:s, s:o, s:s, s:s, s:b, s:b, s:O, s:O}", "format",
			      "leaktrail-handover/1", "tool", "leaktrail " PACKAGE_VERSION, "case_id", p->s.case_id,
			      "examiner", p->s.examiner, "audience", o->audience, "persons", persons, "case_date",
			      p->s.date, "case_manifest_sha256", p->s.manifest_sha256, "signed", o->sign_key != NULL,
			      "case_manifest_signed_with_package_key", p->case_sig_by_key, "choices", p->s.choices,
			      "files", p->files);
	char *path = pkg_path(p, "handover.json");
	int rc = lt_case_json_save(path, d);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
	free(path);
	json_decref(d);
	if (rc == 0)
		added(p, "handover.json", "package description");
	return rc;
}

static int write_readme(struct pkg *p, char *err, size_t errlen)
{
	char *path = pkg_path(p, "README.ja.txt");
	int rc = hs_write_readme(&p->s, path, p->case_sig_by_key, err, errlen);
	free(path);
	if (rc == 0)
		added(p, "README.ja.txt", "README (ja)");
	return rc;
}

/* With a key: its public half goes into the package (listed in SHA256SUMS),
 * and it is noted whether the case's own manifest signature checks with it. */
static int write_pub(struct pkg *p, char *err, size_t errlen)
{
	if (!p->s.o->sign_key)
		return 0;
	char *pub = pkg_path(p, "signer.pub.pem");
	int rc = lt_pkg_write_pub(p->s.o->sign_key, pub, err, errlen);
	if (rc == 0) {
		added(p, "signer.pub.pem", "public key of the signer (Ed25519)");
		char *m = lt_case_path(p->s.o->case_dir, "manifest.json");
		char *sig = lt_case_path(p->s.o->case_dir, "manifest.sig");
		char e2[256];
		p->case_sig_by_key = access(sig, F_OK) == 0 && lt_pkg_sig_verify(m, sig, pub, e2, sizeof e2) == 0;
		free(m);
		free(sig);
	}
	free(pub);
	return rc;
}

static int sign_sums(struct pkg *p, char *err, size_t errlen)
{
	if (!p->s.o->sign_key)
		return 0;
	char *sums = pkg_path(p, "SHA256SUMS"), *sig = pkg_path(p, "SHA256SUMS.sig");
	int rc = lt_pkg_sign(sums, p->s.o->sign_key, sig, err, errlen);
	if (rc == 0)
		lt_audit_list_add(p->outputs, sig, NULL);
	free(sums);
	free(sig);
	return rc;
}

static int write_all(struct pkg *p, char *err, size_t errlen)
{
	int rc = mkdir(p->dir, 0755);
	if (rc != 0)
		snprintf(err, errlen, "%s: %s", p->dir, strerror(errno));
	if (rc == 0)
		rc = write_pub(p, err, errlen);
	if (rc == 0)
		rc = write_account(p, "ja", err, errlen);
	if (rc == 0)
		rc = write_account(p, "en", err, errlen);
	if (rc == 0)
		rc = write_timeline(p, "timeline.csv", true, err, errlen);
	if (rc == 0)
		rc = write_timeline(p, "timeline.jsonl", false, err, errlen);
	if (rc == 0)
		rc = copy_case(p, err, errlen);
	if (rc == 0)
		rc = write_readme(p, err, errlen);
	if (rc == 0)
		rc = write_description(p, err, errlen);
	if (rc == 0)
		rc = write_sums(p, err, errlen);
	if (rc == 0)
		rc = sign_sums(p, err, errlen);
	if (rc == 0 && p->s.o->zip)
		rc = hs_write_zip(p->dir, p->s.date, err, errlen);
	return rc;
}

static bool zip_exists(const char *dir)
{
	char *z = lt_xasprintf("%s.zip", dir);
	struct stat st;
	bool yes = lstat(z, &st) == 0;
	free(z);
	return yes;
}

static int check_request(const struct lt_handover_opts *o, char *err, size_t errlen)
{
	static const char *const audiences[] = { "counsel", "police", "internal" };
	bool known = false;
	for (size_t i = 0; i < 3; i++)
		known = known || (o->audience && strcmp(o->audience, audiences[i]) == 0);
	struct stat st;
	if (!known)
		snprintf(err, errlen, "--for: counsel, police or internal, not '%s'", o->audience ? o->audience : "");
	else if (o->npersons == 0)
		snprintf(err, errlen, "name the person(s) the account is about with --person ID");
	else if (strcmp(o->audience, "internal") == 0 && !o->pseudo_key)
		snprintf(err, errlen, "--for internal needs --pseudonymize KEYFILE (names of others are replaced)");
	else if (lstat(o->out_dir, &st) == 0)
		snprintf(err, errlen, "%s exists: a package is written into a new folder only", o->out_dir);
	else if (o->zip && zip_exists(o->out_dir))
		snprintf(err, errlen, "%s.zip exists: it is not overwritten", o->out_dir);
	else
		return LT_EXIT_OK;
	return LT_EXIT_USAGE;
}

static int check_case(const struct lt_handover_opts *o, char *err, size_t errlen)
{
	FILE *devnull = fopen("/dev/null", "w");
	if (!devnull) {
		snprintf(err, errlen, "/dev/null: %s", strerror(errno));
		return LT_EXIT_IO;
	}
	struct lt_verify_result res;
	int vr = lt_verify_case(o->case_dir, &o->verify, devnull, &res);
	fclose(devnull);
	if (vr == 0)
		return LT_EXIT_OK;
	if (vr < 0) {
		snprintf(err, errlen, "%s", res.first);
		return LT_EXIT_IO;
	}
	snprintf(err, errlen, "the case fails verify, no package written: %s", res.first);
	return LT_EXIT_VERIFY;
}

int lt_handover_build(const struct lt_handover_opts *o, struct lt_audit_list *outputs, char *err, size_t errlen)
{
	int rc = check_request(o, err, errlen);
	if (rc == LT_EXIT_OK)
		rc = check_case(o, err, errlen);
	if (rc != LT_EXIT_OK)
		return rc;
	struct pkg p;
	memset(&p, 0, sizeof p);
	p.dir = o->out_dir;
	p.outputs = outputs;
	rc = hs_open(&p.s, o, err, errlen);
	if (rc == LT_EXIT_OK && o->pseudo_key) {
		p.s.pseudo = lt_pseudo_load(o->pseudo_key, err, errlen);
		if (!p.s.pseudo)
			rc = LT_EXIT_USAGE;
		else
			hs_set_pseudonyms(&p.s);
	}
	if (rc == LT_EXIT_OK) {
		p.files = json_array();
		record_choices(&p);
		rc = write_all(&p, err, errlen) == 0 ? LT_EXIT_OK : LT_EXIT_IO;
	}
	json_decref(p.files);
	hs_free(&p.s);
	return rc;
}
