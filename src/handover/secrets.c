/* Secret repositories and their marks in the cited evidence (secrets.h).
 *
 * A repository is "touched" when a token of a cited raw line (split at '|',
 * spaces and tabs) falls in it by the context's secret_repositories
 * patterns; a document is "marked" when a token matches the context's
 * classification pattern. Only evidence cited by the persons' findings is
 * looked at, so the section speaks about the acts in the account.
 */
#include "handover/secrets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handover/session.h"
#include "record/fieldnames.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/xalloc.h"

#define MAX_REPOS 64

struct repo {
	const char *name, *area;	/* owned by the context */
	unsigned long hits;
	struct lt_buf marked;		/* distinct marked tokens, one per line */
	size_t nmarked;
};

struct tally {
	struct repo v[MAX_REPOS];
	size_t n;
	bool report_limits;	/* once per package: the account is written in two languages */
	struct lt_buf sent;		/* marked documents printed or mailed, one per line */
	size_t nsent;
	size_t overflow;		/* repositories beyond MAX_REPOS (reported, not hidden) */
	json_t *seen;			/* "path:offset" of events already counted: findings
					 * over the same evening cite the same lines */
};

static struct repo *repo_for(struct tally *t, const char *name, const char *area)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	if (t->n == MAX_REPOS) {
		t->overflow++;
		return NULL;
	}
	t->v[t->n] = (struct repo){ name, area, 0, LT_BUF_INIT, 0 };
	return &t->v[t->n++];
}

/* Add line to a set of lines kept in b (linear: the sets are small). */
static bool add_line(struct lt_buf *b, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = b->data; p && p < b->data + b->len;) {
		const char *nl = memchr(p, '\n', (size_t)(b->data + b->len - p));
		if ((size_t)(nl - p) == n && memcmp(p, line, n) == 0)
			return false;
		p = nl + 1;
	}
	lt_buf_append(b, line, n);
	lt_buf_putc(b, '\n');
	return true;
}

static bool is_sending(const struct lt_finding *f)
{
	return strncmp(f->rule_id, "lt-print", 8) == 0 || strncmp(f->rule_id, "lt-mail", 7) == 0;
}

static void scan_token(struct hsession *s, struct tally *t, const char *tok, const struct lt_finding *f, bool *hit,
		       const bool *dup)
{
	const char *name, *area, *label;
	size_t llen;
	size_t n = strlen(tok);
	bool marked = lt_context_classified(s->ctx, tok, n, &label, &llen);
	if (marked && is_sending(f) && add_line(&t->sent, tok))
		t->nsent++;
	if (!lt_context_secret_repo(s->ctx, tok, n, &name, &area))
		return;
	struct repo *r = repo_for(t, name, area);
	if (!r)
		return;
	if (!*hit && !*dup)
		r->hits++;
	*hit = true;
	if (marked && add_line(&r->marked, tok))
		r->nmarked++;
}

/* A context pattern that gave up on a token: that token was not counted
 * as marked or in a repository; the examiner is told where (doc/context.md,
 * "Pattern limits"), never left with a silently smaller count. */
static void report_limits(const struct lt_evidence_ref *e)
{
	struct lt_ctx_limit lim[8];
	size_t n = lt_context_limits_take(lim, 8);
	struct lt_loc loc = { e->source_path, e->member, e->offset, e->line, 1 };
	for (size_t i = 0; i < n && i < 8; i++)
		lt_diag(LT_WARN, &loc, "hand-over: the context pattern at %s gave up on a token of the cited "
			"line (%s); it is not counted as marked or in a secret repository", lim[i].origin,
			lim[i].why);
	if (n > 8)
		lt_diag(LT_WARN, &loc, "hand-over: %zu more context pattern limit(s) on this line", n - 8);
}

static void scan_ref(struct hsession *s, struct tally *t, const struct lt_evidence_ref *e, const struct lt_finding *f)
{
	if (!e->raw)
		return;
	char *key = lt_xasprintf("%s:%llu", e->source_path ? e->source_path : "", (unsigned long long)e->offset);
	bool dup = json_object_get(t->seen, key) != NULL;
	json_object_set_new(t->seen, key, json_true());
	free(key);
	char *copy = lt_xstrdup(e->raw);
	char *save = NULL;
	bool hit = false;
	lt_context_limits_take(NULL, 0);
	for (char *tok = strtok_r(copy, "| \t", &save); tok; tok = strtok_r(NULL, "| \t", &save))
		scan_token(s, t, tok, f, &hit, &dup);
	free(copy);
	if (t->report_limits && !dup)
		report_limits(e);
	else
		lt_context_limits_take(NULL, 0);
}

static void allowed(struct hsession *s, const char *area, bool ja, struct lt_doc *d)
{
	struct lt_buf b = LT_BUF_INIT;
	for (size_t i = 0; i < lt_context_person_count(s->ctx); i++) {
		const struct lt_person *p = lt_context_person(s->ctx, i);
		if (!lt_person_has_area(p, area))
			continue;
		lt_buf_printf(&b, "%s%s %s", b.len ? ", " : "", p->id, p->name ? p->name : "");
	}
	lt_buf_putc(&b, '\0');
	char *t = hs_text(s, b.len > 1 ? b.data : (ja ? "（登録なし）" : "(none registered)"));
	lt_doc_add(d, LT_BLK_KV, ja ? "アクセスを認められた者" : "Persons allowed", t);
	free(t);
	lt_buf_free(&b);
}

static void list_lines(struct hsession *s, struct lt_doc *d, const struct lt_buf *b)
{
	if (!b->len)
		return;
	char *copy = lt_xstrndup(b->data, b->len);
	char *t = hs_text(s, copy);
	lt_doc_add(d, LT_BLK_RAW, NULL, t);
	free(t);
	free(copy);
}

static bool is_subject(const struct hsession *s, const char *person)
{
	for (size_t i = 0; person && i < s->o->npersons; i++)
		if (strcmp(s->o->persons[i], person) == 0)
			return true;
	return false;
}

/* A token of the cited raw line falls in the repository called name. */
static bool ref_in_repo(const struct hsession *s, const struct lt_evidence_ref *e, const char *name)
{
	if (!e->raw)
		return false;
	char *copy = lt_xstrdup(e->raw);
	char *save = NULL;
	bool in = false;
	for (char *tok = strtok_r(copy, "| \t", &save); tok && !in; tok = strtok_r(NULL, "| \t", &save)) {
		const char *rn, *area;
		in = lt_context_secret_repo(s->ctx, tok, strlen(tok), &rn, &area) && strcmp(rn, name) == 0;
	}
	free(copy);
	return in;
}

/* The finding names exactly this one repository (its message's
 * leaktrail.file.repository values): for raw lines whose paths the context's
 * patterns do not match token by token (Windows backslashes). */
static bool finding_only_repo(const struct lt_finding *f, const char *name)
{
	for (size_t i = 0; i < f->nvalues; i++)
		if (strcmp(f->values[i].field, LT_E_FILE_REPO) == 0)
			return f->values[i].n == 1 && !f->values[i].more && strcmp(f->values[i].v[0], name) == 0;
	return false;
}

/* Refused file access in the repository by anyone but the persons under
 * investigation (lt-secret-repo-denied): the restriction at work. Their own
 * refusals are acts, in the chronology. */
static void denied_by_others(struct hsession *s, const struct repo *r, bool ja, struct lt_doc *d)
{
	const struct lt_timeline *tl = &s->fdenied;
	struct lt_buf lines = LT_BUF_INIT;
	unsigned long n = 0;
	for (size_t i = 0; i < tl->nentries; i++) {
		if (tl->entries[i].kind != LT_TL_FINDING)
			continue;
		const struct lt_finding *f = &tl->findings[tl->entries[i].fidx];
		if (is_subject(s, f->person))
			continue;
		bool whole = finding_only_repo(f, r->name);
		for (size_t k = 0; k < f->nrefs; k++) {
			const struct lt_evidence_ref *e = &f->refs[k];
			if (!whole && !ref_in_repo(s, e, r->name))
				continue;
			char when[48];
			hs_local_time(s, e->time, when);
			lt_buf_printf(&lines, "%s  %s  %s\n", when, f->person ? f->person : "?",
				      e->summary ? e->summary : "");
			n++;
		}
	}
	lt_doc_addf(d, LT_BLK_KV, ja ? "他の者へのアクセス拒否（ファイルサーバ）" : "Access refused to others (file servers)",
		    "%lu", n);
	list_lines(s, d, &lines);
	lt_buf_free(&lines);
}

static void print_repo(struct hsession *s, struct repo *r, bool ja, struct lt_doc *d)
{
	lt_doc_addf(d, LT_BLK_H3, NULL, "%s", r->name);
	lt_doc_add(d, LT_BLK_KV, ja ? "管理区分（業務領域）" : "Restricted to area", r->area);
	allowed(s, r->area, ja, d);
	lt_doc_addf(d, LT_BLK_KV, ja ? "引用した証拠のうち該当する事象" : "Cited events in it (each once)", "%lu", r->hits);
	lt_doc_addf(d, LT_BLK_KV, ja ? "秘密表示のある文書" : "Documents marked secret", "%zu", r->nmarked);
	list_lines(s, d, &r->marked);
	denied_by_others(s, r, ja, d);
}

/* Refused card reads, anyone's: the restriction at work. */
static void denied(struct hsession *s, bool ja, struct lt_doc *d)
{
	lt_doc_add(d, LT_BLK_H3, NULL, ja ? "入室拒否の記録（入退室記録）" : "Refused card reads (entry/exit records)");
	const struct lt_timeline *tl = &s->denied;
	lt_doc_addf(d, LT_BLK_KV, ja ? "件数" : "Count", "%zu", tl->nfindings);
	for (size_t i = 0; i < tl->nentries; i++) {
		if (tl->entries[i].kind != LT_TL_FINDING)
			continue;
		const struct lt_finding *f = &tl->findings[tl->entries[i].fidx];
		char when[48];
		hs_local_time(s, f->first, when);
		char *m = hs_text(s, ja && f->message_ja ? f->message_ja : f->message_en ? f->message_en : "");
		lt_doc_add(d, LT_BLK_KV, when, m);
		free(m);
	}
}

static void intro(struct hsession *s, bool ja, struct lt_doc *d)
{
	lt_doc_add(d, LT_BLK_H2, NULL, ja ? "3. 秘密情報の管理状況（秘密管理性）" : "3. How the information was kept secret");
	lt_doc_add(d, LT_BLK_P, NULL,
		   ja ? "組織情報（context）の秘密情報の保管場所と秘密表示の定義に照らし、引用した証拠が触れた保管場所、"
			"その閲覧を認められた者、秘密表示（マル秘等）のある文書、その保管場所で調査対象者以外の者が"
			"アクセスを拒否された記録（ファイルサーバの記録: Samba の Permission denied、Windows の"
			"失敗の監査）を示す。入退室記録の入室拒否も示す。いずれもアクセス制限が機能していたことの証拠である。"
			"ファイルサーバ以外の拒否記録（文書管理システム等）は収集していないため、必要なら別途提出する。"
		      : "Against the context's secret repositories and classification marks: the repositories the "
			"cited evidence touched, who may access them, the documents marked secret, and the file "
			"servers' records of access refused to anyone other than the persons under investigation "
			"(Samba 'Permission denied', Windows failure audits), and refused card reads: evidence that "
			"the restriction worked. Denials by other systems (document management and the like) are "
			"not collected: supply them separately where needed.");
	(void)s;
}

void hs_secrets(struct hsession *s, bool ja, struct lt_doc *d)
{
	intro(s, ja, d);
	if (!s->ctx) {
		lt_doc_add(d, LT_BLK_P, NULL, ja ? "このケースには組織情報（context）の記録がない。" : "The case recorded no context.");
		return;
	}
	struct tally t;
	memset(&t, 0, sizeof t);
	t.seen = json_object();
	t.report_limits = ja;
	for (size_t i = 0; i < s->tl.nfindings; i++)
		for (size_t r = 0; r < s->tl.findings[i].nrefs; r++)
			scan_ref(s, &t, &s->tl.findings[i].refs[r], &s->tl.findings[i]);
	if (t.n == 0)
		lt_doc_add(d, LT_BLK_P, NULL, ja ? "引用した証拠は秘密情報の保管場所に触れていない。"
					      : "The cited evidence touches no secret repository.");
	for (size_t i = 0; i < t.n; i++) {
		print_repo(s, &t.v[i], ja, d);
		lt_buf_free(&t.v[i].marked);
	}
	if (t.overflow)
		lt_doc_addf(d, LT_BLK_P, NULL, ja ? "ほか %zu 件の保管場所は省略した。" : "%zu further repositories omitted.",
			    t.overflow);
	lt_doc_add(d, LT_BLK_H3, NULL, ja ? "秘密表示のある文書の印刷・メール送信" : "Marked documents printed or mailed");
	lt_doc_addf(d, LT_BLK_KV, ja ? "件数" : "Count", "%zu", t.nsent);
	list_lines(s, d, &t.sent);
	lt_buf_free(&t.sent);
	denied(s, ja, d);
	json_decref(t.seen);
}
