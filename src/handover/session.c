/* Opening a case for a hand-over: what the writers share (session.h). */
#include "handover/session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "evidence/casefile.h"
#include "handover/journal.h"
#include "util/diag.h"
#include "util/xalloc.h"

char *hs_text(const struct hsession *s, const char *text)
{
	return s->pseudo ? lt_pseudo_text(s->pseudo, text ? text : "") : lt_xstrdup(text ? text : "");
}

void hs_local_time(const struct hsession *s, lt_time_us t, char out[48])
{
	char iso[LT_ISO_LEN];
	int32_t off = lt_tz_offset_at(s->tl.tz, t);
	lt_time_format_offset(t, off, iso);
	/* 2026-11-03T20:12:56.000000+09:00 -> 2026-11-03 20:12:56 (+09:00) */
	snprintf(out, 48, "%.10s %.8s (%s)", iso, iso + 11, iso + 26);
}

/* The case's date: when its evidence was last read (the last ingest run
 * that finished), as cairo wants it for the PDF metadata. */
static void case_date(const json_t *m, char out[32])
{
	const json_t *runs = json_object_get(m, "ingest");
	const json_t *last = json_is_array(runs) ? json_array_get(runs, json_array_size(runs) - 1) : runs;
	const char *fin = json_string_value(json_object_get(last, "finished"));
	if (fin && strlen(fin) >= 19)
		snprintf(out, 32, "%.19sZ", fin);
	else
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

static const char *mstr(const json_t *m, const char *section, const char *key)
{
	const char *v = json_string_value(json_object_get(json_object_get(m, section), key));
	return v && *v ? v : NULL;
}

/* Findings quote their source's path; the SHA-256 is taken from the
 * manifest's sources when a finding was written without it. */
static void complete_refs(struct lt_timeline *tl, const json_t *manifest)
{
	const json_t *sources = json_object_get(manifest, "sources");
	for (size_t i = 0; i < tl->nfindings; i++) {
		for (size_t r = 0; r < tl->findings[i].nrefs; r++) {
			struct lt_evidence_ref *e = &tl->findings[i].refs[r];
			if ((e->source_sha256 && *e->source_sha256) || !e->source_path)
				continue;
			size_t k;
			json_t *src;
			json_array_foreach(sources, k, src) {
				const char *path = json_string_value(json_object_get(src, "path"));
				if (path && strcmp(path, e->source_path) == 0) {
					free(e->source_sha256);
					e->source_sha256 = lt_xstrdup(json_string_value(json_object_get(src, "sha256")));
					break;
				}
			}
		}
	}
	lt_timeline_sort(tl);
}

/* verify and handover runs from CASE/audit.log, in order. */
static json_t *audit_checks(const char *case_dir)
{
	json_t *out = json_array();
	char *path = lt_case_path(case_dir, "audit.log");
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return out;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		json_t *e = json_loads(line, 0, NULL);
		const char *cmd = json_string_value(json_array_get(json_object_get(e, "argv"), 0));
		if (cmd && (strcmp(cmd, "verify") == 0 || strcmp(cmd, "handover") == 0))
			json_array_append_new(out, json_pack("{s:O, s:s, s:O}", "time", json_object_get(e, "time"),
							     "command", cmd, "exit", json_object_get(e, "exit")));
		json_decref(e);
	}
	free(line);
	fclose(f);
	return out;
}

static bool person_known(const struct hsession *s, const struct lt_timeline *all, const char *id)
{
	if (s->ctx && lt_context_person_by_id(s->ctx, id))
		return true;
	for (size_t i = 0; i < all->nfindings; i++)
		if (all->findings[i].person && strcmp(all->findings[i].person, id) == 0)
			return true;
	return false;
}

static int load_context(struct hsession *s, char *err, size_t errlen)
{
	const char *cf = mstr(s->manifest, "scan", "context");
	struct stat st;
	if (!cf)
		return LT_EXIT_OK;
	if (stat(cf, &st) != 0) {
		snprintf(err, errlen, "the case's context %s cannot be read: %s", cf, strerror(errno));
		return LT_EXIT_IO;
	}
	s->ctx = lt_context_load(cf, NULL, err, errlen);
	return s->ctx ? LT_EXIT_OK : LT_EXIT_IO;
}

static int load_timeline(struct hsession *s, char *err, size_t errlen)
{
	const struct lt_handover_opts *o = s->o;
	char *fp = lt_case_path(o->case_dir, "findings.jsonl");
	struct lt_timeline all;
	memset(&all, 0, sizeof all);
	int rc = lt_timeline_load(&all, fp, NULL, err, errlen) == 0 ? LT_EXIT_OK : LT_EXIT_IO;
	for (size_t i = 0; rc == LT_EXIT_OK && i < o->npersons; i++) {
		if (!person_known(s, &all, o->persons[i])) {
			snprintf(err, errlen, "person '%s' is not in the case (no finding names them and the "
				 "context's people do not list them)", o->persons[i]);
			rc = LT_EXIT_USAGE;
		}
	}
	lt_timeline_free(&all);
	struct lt_tl_filter flt;
	lt_tl_filter_init(&flt);
	flt.persons = o->persons;
	flt.npersons = o->npersons;
	if (rc == LT_EXIT_OK && lt_timeline_load(&s->tl, fp, &flt, err, errlen) != 0)
		rc = LT_EXIT_IO;
	/* Refused card reads by anyone: the record that the restriction worked. */
	struct lt_tl_filter den;
	lt_tl_filter_init(&den);
	den.rule = "lt-badge-denied";
	if (rc == LT_EXIT_OK && lt_timeline_load(&s->denied, fp, &den, err, errlen) != 0)
		rc = LT_EXIT_IO;
	/* Refused file access by anyone, listed per repository by others than
	 * the persons (secrets.c). */
	struct lt_tl_filter fden;
	lt_tl_filter_init(&fden);
	fden.rule = "lt-secret-repo-denied";
	if (rc == LT_EXIT_OK && lt_timeline_load(&s->fdenied, fp, &fden, err, errlen) != 0)
		rc = LT_EXIT_IO;
	free(fp);
	return rc;
}

static int load_journals(struct hsession *s, char *err, size_t errlen)
{
	s->notes = lt_journal_load(s->o->case_dir, "notes.jsonl", err, errlen);
	if (s->notes)
		s->custody = lt_journal_load(s->o->case_dir, "custody.jsonl", err, errlen);
	return s->notes && s->custody ? LT_EXIT_OK : LT_EXIT_VERIFY;
}

int hs_open(struct hsession *s, const struct lt_handover_opts *o, char *err, size_t errlen)
{
	memset(s, 0, sizeof *s);
	s->o = o;
	char *mp = lt_case_path(o->case_dir, "manifest.json");
	s->manifest = lt_case_json_load(mp, err, errlen);
	int rc = s->manifest && lt_sha256_file(mp, s->manifest_sha256) == 0 ? LT_EXIT_OK : LT_EXIT_IO;
	free(mp);
	if (rc == LT_EXIT_OK)
		rc = load_context(s, err, errlen);
	if (rc == LT_EXIT_OK)
		rc = load_timeline(s, err, errlen);
	if (rc == LT_EXIT_OK)
		rc = load_journals(s, err, errlen);
	if (rc != LT_EXIT_OK)
		return rc;
	const char *tzname = json_string_value(json_object_get(json_object_get(
		json_array_get(json_object_get(s->manifest, "ingest"), 0), "time_zone"), "name"));
	s->tl.tz = tzname ? lt_tz_load(tzname) : NULL;
	if (!s->tl.tz)
		s->tl.tz = s->ctx ? lt_context_tz(s->ctx) : lt_tz_load("UTC");
	s->tl.lang = "ja";
	complete_refs(&s->tl, s->manifest);
	s->checks = audit_checks(o->case_dir);
	s->choices = json_array();
	case_date(s->manifest, s->date);
	s->case_id = mstr(s->manifest, "case", "id");
	s->examiner = mstr(s->manifest, "case", "examiner");
	return LT_EXIT_OK;
}

void hs_free(struct hsession *s)
{
	lt_timeline_free(&s->tl);
	lt_timeline_free(&s->denied);
	lt_timeline_free(&s->fdenied);
	lt_pseudo_free(s->pseudo);
	lt_context_free(s->ctx);
	json_decref(s->manifest);
	json_decref(s->notes);
	json_decref(s->custody);
	json_decref(s->checks);
	json_decref(s->choices);
	memset(s, 0, sizeof *s);
}
