/* The 経緯書 (chronological account) in Japanese or English (session.h).
 *
 * Sections: 1 the persons' standing, 2 the findings in time order with their
 * evidence and the examiner's notes, 3 the secret repositories touched and
 * how they were marked and restricted (秘密管理性), 4 the custody record, 5
 * the choices made for this recipient. Every text that comes from evidence
 * goes through hs_text, so the internal package is pseudonymised throughout.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handover/secrets.h"
#include "handover/session.h"
#include "util/buf.h"
#include "util/xalloc.h"

struct acc {
	struct hsession *s;
	struct lt_doc *d;
	bool ja;
};

static const char *tr(const struct acc *a, const char *ja, const char *en)
{
	return a->ja ? ja : en;
}

static void kv(struct acc *a, const char *ja, const char *en, const char *value)
{
	char *t = hs_text(a->s, value ? value : "-");
	lt_doc_add(a->d, LT_BLK_KV, tr(a, ja, en), t);
	free(t);
}

static void date_kv(struct acc *a, const char *ja, const char *en, int64_t days)
{
	if (days == LT_DATE_NONE)
		return;
	int y, m, dd;
	lt_civil_from_days(days, &y, &m, &dd);
	char buf[16];
	snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
	kv(a, ja, en, buf);
}

static char *join(char *const *v, size_t n, const char *sep)
{
	struct lt_buf b = LT_BUF_INIT;
	for (size_t i = 0; i < n; i++)
		lt_buf_printf(&b, "%s%s", i ? sep : "", v[i]);
	lt_buf_putc(&b, '\0');
	return lt_buf_detach(&b);
}

static void header(struct acc *a)
{
	const struct lt_handover_opts *o = a->s->o;
	lt_doc_add(a->d, LT_BLK_TITLE, NULL, a->d->title);
	kv(a, "事件番号", "Case", a->s->case_id);
	kv(a, "作成者（調査担当）", "Examiner", a->s->examiner);
	char *who = join((char *const *)o->persons, o->npersons, ", ");
	kv(a, "対象者", "Persons", who);
	free(who);
	kv(a, "提出先", "Prepared for", o->audience);
	kv(a, "基準日（証拠の最終読込）", "Case date (evidence last read)", a->s->date);
	kv(a, "証拠目録 manifest.json の SHA-256", "SHA-256 of the manifest", a->s->manifest_sha256);
	lt_doc_add(a->d, LT_BLK_P, NULL,
		   tr(a, "本書は、社内ログの調査で判明した事実を時系列で記す。各項目は根拠となる証拠（ファイル、"
			 "アーカイブ内のメンバー、行番号、証拠ファイルの SHA-256、原文の行）を引用する。"
			 "証拠の同一性は同梱の README.ja.txt の手順で確認できる。",
		      "This document sets out, in time order, what the examination of the company's logs "
		      "found. Each entry cites its evidence (file, archive member, line, SHA-256 of the "
		      "evidence file, the line as written). README.ja.txt in this package shows how to "
		      "check that the evidence is unchanged."));
}

static void standing_of(struct acc *a, const char *id)
{
	const struct lt_person *p = a->s->ctx ? lt_context_person_by_id(a->s->ctx, id) : NULL;
	char *h = hs_text(a->s, id);
	const char *latin = !a->ja && p && p->name_latin ? p->name_latin : NULL;
	lt_doc_addf(a->d, LT_BLK_H3, NULL, "%s%s%s%s%s%s", h, p && p->name ? " " : "", p && p->name ? p->name : "",
		    latin ? " (" : "", latin ? latin : "", latin ? ")" : "");
	free(h);
	if (!p) {
		lt_doc_add(a->d, LT_BLK_P, NULL,
			   tr(a, "この者は組織情報（people.csv）に登録がない。", "This person is not in the context's people.csv."));
		return;
	}
	kv(a, "部署", "Department", p->department);
	kv(a, "役職", "Role", p->role);
	kv(a, "区分", "Type", lt_person_type_name(p->type));
	char *areas = join(p->areas, p->nareas, "; ");
	kv(a, "業務上アクセスを認められた領域", "Areas the person may access", areas);
	free(areas);
	date_kv(a, "入社日・契約開始日", "Hired / contract from", p->hire_date);
	date_kv(a, "退職の申出日", "Notice given", p->notice_date);
	date_kv(a, "最終出社日・契約終了日", "Last day / contract to", p->last_day);
}

static void standing(struct acc *a)
{
	lt_doc_add(a->d, LT_BLK_H2, NULL, tr(a, "1. 対象者の立場（アクセス権限）", "1. The persons' standing (access rights)"));
	if (!a->s->ctx)
		lt_doc_add(a->d, LT_BLK_P, NULL,
			   tr(a, "このケースには組織情報（context）の記録がないため、立場は記載できない。",
			      "The case recorded no context, so the persons' standing cannot be stated."));
	for (size_t i = 0; i < a->s->o->npersons; i++)
		standing_of(a, a->s->o->persons[i]);
}

static void notes_of(struct acc *a, const char *finding_id)
{
	size_t i;
	json_t *n;
	json_array_foreach(a->s->notes, i, n) {
		if (strcmp(json_string_value(json_object_get(n, "finding")), finding_id) != 0)
			continue;
		char *label = lt_xasprintf("%s %s (%s):", tr(a, "調査担当の所見", "Examiner's note"),
					   json_string_value(json_object_get(n, "examiner")),
					   json_string_value(json_object_get(n, "recorded")));
		char *t = hs_text(a->s, json_string_value(json_object_get(n, "text")));
		lt_doc_add(a->d, LT_BLK_NOTE, label, t);
		free(t);
		free(label);
	}
}

static void cite(struct acc *a, size_t n, const struct lt_evidence_ref *r)
{
	char when[48];
	hs_local_time(a->s, r->time, when);
	char *label = lt_xasprintf("%s %zu:", tr(a, "証拠", "Evidence"), n);
	char *src = hs_text(a->s, r->source_path ? r->source_path : "-");
	char *mem = r->member ? hs_text(a->s, r->member) : NULL;
	lt_doc_addf(a->d, LT_BLK_CITE, label, "%s — %s%s%s, %s %llu, %s %llu, SHA-256 %s", when, src,
		    mem ? " : " : "", mem ? mem : "", tr(a, "行", "line"), (unsigned long long)r->line,
		    tr(a, "オフセット", "offset"), (unsigned long long)r->offset,
		    r->source_sha256 ? r->source_sha256 : "-");
	char *raw = hs_text(a->s, r->raw ? r->raw : "");
	lt_doc_add(a->d, LT_BLK_RAW, NULL, raw);
	free(raw);
	free(mem);
	free(src);
	free(label);
}

static void finding_entry(struct acc *a, size_t k, const struct lt_finding *f)
{
	char when[48], last[48];
	hs_local_time(a->s, f->first, when);
	hs_local_time(a->s, f->last, last);
	const char *title = a->ja && f->rule_title_ja ? f->rule_title_ja : f->rule_title_en;
	lt_doc_addf(a->d, LT_BLK_H3, NULL, "2-%zu. %s  %s [%s]", k, when, title ? title : f->rule_id, f->level);
	char *msg = hs_text(a->s, a->ja && f->message_ja ? f->message_ja : f->message_en ? f->message_en : "");
	lt_doc_add(a->d, LT_BLK_P, NULL, msg);
	free(msg);
	lt_doc_addf(a->d, LT_BLK_KV, tr(a, "期間", "Window"), "%s — %s", when, last);
	if (f->kind && strcmp(f->kind, LT_FINDING_KIND_ALERT) == 0)
		/* not one rule's finding: the sum of the findings it lists */
		lt_doc_add(a->d, LT_BLK_KV, tr(a, "種類", "Kind"),
			   tr(a, "人物アラート（本文に挙げた所見のリスクの累積）",
			      "Person alert (the accumulated risk of the findings it lists)"));
	else
		lt_doc_addf(a->d, LT_BLK_KV, tr(a, "検知規則", "Rule"), "%s (%s %s, SHA-256 %s)", f->rule_id,
			    f->rule_file ? f->rule_file : "-", f->rule_version ? f->rule_version : "-",
			    f->rule_sha256 ? f->rule_sha256 : "-");
	lt_doc_add(a->d, LT_BLK_KV, tr(a, "所見 ID", "Finding id"), f->id);
	if (f->nreferences)
		lt_doc_add(a->d, LT_BLK_KV, tr(a, "根拠", "Reference"), f->references[0]);
	notes_of(a, f->id);
	size_t shown = f->nrefs < HS_CITES_PER_FINDING ? f->nrefs : HS_CITES_PER_FINDING;
	for (size_t r = 0; r < shown; r++)
		cite(a, r + 1, &f->refs[r]);
	if (f->nrefs_total > shown)
		lt_doc_addf(a->d, LT_BLK_P, NULL,
			    a->ja ? "ほか %llu 件の証拠は timeline.csv / timeline.jsonl の finding_id が %s の行に全件ある。"
				  : "The other %llu items of evidence are in timeline.csv / timeline.jsonl, rows with "
				    "finding_id %s.",
			    (unsigned long long)(f->nrefs_total - shown), f->id);
}

static void chronology(struct acc *a)
{
	lt_doc_add(a->d, LT_BLK_H2, NULL, tr(a, "2. 経緯（時系列）", "2. Chronology"));
	const struct lt_timeline *tl = &a->s->tl;
	size_t k = 0;
	for (size_t i = 0; i < tl->nentries; i++)
		if (tl->entries[i].kind == LT_TL_FINDING)
			finding_entry(a, ++k, &tl->findings[tl->entries[i].fidx]);
	if (k == 0)
		lt_doc_add(a->d, LT_BLK_P, NULL,
			   tr(a, "対象者について検知された事象はない。", "Nothing was found for these persons."));
}


static void custody_entry(struct acc *a, const json_t *e)
{
	char *path = hs_text(a->s, json_string_value(json_object_get(e, "path")));
	lt_doc_add(a->d, LT_BLK_H3, NULL, path);
	free(path);
	kv(a, "受領元", "Received from", json_string_value(json_object_get(e, "from")));
	kv(a, "受領者", "Received by", json_string_value(json_object_get(e, "by")));
	kv(a, "受領日時", "When", json_string_value(json_object_get(e, "when")));
	kv(a, "方法", "How", json_string_value(json_object_get(e, "how")));
	kv(a, "受領時の SHA-256", "SHA-256 at receipt", json_string_value(json_object_get(e, "sha256")));
	kv(a, "記録日時 (UTC)", "Recorded (UTC)", json_string_value(json_object_get(e, "recorded")));
}

static bool is_verification(const json_t *e)
{
	const char *k = json_string_value(json_object_get(e, "kind"));
	return k && strcmp(k, "verify") == 0;
}

/* The result of one `custody --verify` entry, in words. */
static char *verification_text(struct acc *a, const json_t *e)
{
	const char *res = json_string_value(json_object_get(e, "result"));
	const char *sha = json_string_value(json_object_get(e, "sha256"));
	char *by = hs_text(a->s, json_string_value(json_object_get(e, "by")));
	char *t;
	if (res && strcmp(res, "match") == 0)
		t = lt_xasprintf(a->ja ? "一致（確認者 %s）" : "matches (checked by %s)", by);
	else if (res && strcmp(res, "differs") == 0)
		t = lt_xasprintf(a->ja ? "不一致: その時の SHA-256 は %s（確認者 %s）" : "DIFFERS: SHA-256 then was %s "
			"(checked by %s)", sha ? sha : "-", by);
	else
		t = lt_xasprintf(a->ja ? "確認できず: %s（確認者 %s）" : "could not be checked: %s (checked by %s)",
				 res ? res : "-", by);
	free(by);
	return t;
}

/* Per evidence item: its SHA-256 at receipt (ingest) and every later
 * `leaktrail custody --verify` of it, in order, with its date and result. */
static void evidence_item(struct acc *a, const json_t *src)
{
	char *path = hs_text(a->s, json_string_value(json_object_get(src, "path")));
	lt_doc_add(a->d, LT_BLK_H3, NULL, path);
	free(path);
	kv(a, "受領時（読込時）の SHA-256", "SHA-256 at receipt (ingest)",
	   json_string_value(json_object_get(src, "sha256")));
	char id[32];
	snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(src, "id")));
	size_t i, n = 0;
	json_t *e;
	json_array_foreach(a->s->custody, i, e) {
		const char *sid = json_string_value(json_object_get(e, "source_id"));
		if (!is_verification(e) || !sid || strcmp(sid, id) != 0)
			continue;
		char *t = verification_text(a, e);
		/* the date in the value: a label column this narrow would break it */
		lt_doc_addf(a->d, LT_BLK_KV, tr(a, "検証", "Verified"), "%s  %s",
			    json_string_value(json_object_get(e, "recorded")), t);
		free(t);
		n++;
	}
	if (n == 0)
		lt_doc_add(a->d, LT_BLK_KV, tr(a, "その後の検証", "Later verification"),
			   tr(a, "記録なし（leaktrail custody --verify）", "none recorded (leaktrail custody --verify)"));
}

static void custody(struct acc *a)
{
	lt_doc_add(a->d, LT_BLK_H2, NULL, tr(a, "4. 証拠保全記録", "4. Custody record"));
	size_t i, nreceipts = 0;
	json_t *e;
	json_array_foreach(a->s->custody, i, e)
		if (!is_verification(e)) {
			custody_entry(a, e);
			nreceipts++;
		}
	if (nreceipts == 0)
		lt_doc_add(a->d, LT_BLK_P, NULL,
			   tr(a, "受け渡しの記録（leaktrail custody）はない。",
			      "No hand-over of evidence was recorded (leaktrail custody)."));
	lt_doc_add(a->d, LT_BLK_P, NULL,
		   tr(a, "証拠目録: 各証拠の受領時（読込時）の SHA-256 と、その後の検証（leaktrail custody --verify）ごとに"
			 "再計算した SHA-256 の比較結果。",
		      "Evidence list: each item's SHA-256 at receipt (ingest) and the result of every later "
		      "verification (leaktrail custody --verify), which hashed it again."));
	json_array_foreach(json_object_get(a->s->manifest, "sources"), i, e)
		evidence_item(a, e);
	lt_doc_add(a->d, LT_BLK_H3, NULL, tr(a, "その後の検証（audit.log より）", "Later verifications (from audit.log)"));
	lt_doc_add(a->d, LT_BLK_P, NULL,
		   tr(a, "検証（verify）は全証拠の SHA-256 を再計算し、上の値と比べる。結果 0 は全件一致を示す。",
		      "Each verification re-hashes every evidence file and compares it with the values above; "
		      "result 0 means all matched."));
	json_array_foreach(a->s->checks, i, e) {
		/* seconds are enough; the date in the value (the label column is narrow) */
		const char *t = json_string_value(json_object_get(e, "time"));
		char *label = lt_xasprintf("leaktrail %s", json_string_value(json_object_get(e, "command")));
		lt_doc_addf(a->d, LT_BLK_KV, label, "%.19sZ  %s %lld", t ? t : "-", tr(a, "結果", "result"),
			    (long long)json_integer_value(json_object_get(e, "exit")));
		free(label);
	}
}

static void choices(struct acc *a)
{
	lt_doc_add(a->d, LT_BLK_H2, NULL, tr(a, "5. 本資料の取扱い", "5. How this package was prepared"));
	size_t i;
	json_t *c;
	json_array_foreach(a->s->choices, i, c)
		lt_doc_add(a->d, LT_BLK_KV, json_string_value(json_object_get(c, "what")),
			   json_string_value(json_object_get(c, a->ja ? "choice_ja" : "choice_en")));
}

void hs_account(struct hsession *s, const char *lang, struct lt_doc *d)
{
	struct acc a = { s, d, strcmp(lang, "ja") == 0 };
	lt_doc_init(d, lang, a.ja ? "経緯書" : "Chronological account", s->date);
	header(&a);
	standing(&a);
	chronology(&a);
	hs_secrets(s, a.ja, d);
	custody(&a);
	choices(&a);
}
