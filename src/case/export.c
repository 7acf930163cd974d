/* One export of a case (exporter.h). */
#include "case/export.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "context/context.h"
#include "evidence/casefile.h"
#include "evidence/outputs.h"
#include "export/activity.h"
#include "export/csv.h"
#include "export/exporters.h"
#include "export/out.h"
#include "export/pseudo.h"
#include "export/redact.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/xalloc.h"

void lt_export_opts_init(struct lt_export_opts *o)
{
	memset(o, 0, sizeof *o);
	o->lang = "ja";
	o->bom = 1;
	lt_tl_filter_init(&o->filter);
}

void lt_export_result_free(struct lt_export_result *res)
{
	free(res->path);
	free(res->table_path);
	memset(res, 0, sizeof *res);
}

/* A string somewhere in the manifest: the first of several dotted paths. */
static const char *mget(const json_t *m, const char *const *paths)
{
	for (; *paths; paths++) {
		const json_t *x = m;
		char *copy = lt_xstrdup(*paths);
		char *save = NULL;
		for (char *k = strtok_r(copy, ".", &save); k && x; k = strtok_r(NULL, ".", &save)) {
			if (json_is_array(x))	/* runs: the latest one counts */
				x = json_array_get(x, json_array_size(x) - 1);
			x = json_object_get(x, k);
		}
		free(copy);
		if (json_is_string(x) && *json_string_value(x))
			return json_string_value(x);
	}
	return NULL;
}

/* Where the manifest keeps things (core's layout first, doc/evidence.md). */
static const char *const tz_paths[] = { "ingest.time_zone.name", "tz", "time_zone", NULL };
static const char *const examiner_paths[] = { "case.examiner", "examiner", NULL };
static const char *const case_id_paths[] = { "case.id", "case_id", NULL };
static const char *const ruleset_paths[] = { "scan.ruleset_digest", "rules.digest", NULL };
static const char *const context_paths[] = { "scan.context_sha256", NULL };
static const char *const context_file_paths[] = { "scan.context", NULL };

static char *default_name(const struct lt_export_opts *o, const struct lt_exporter *x)
{
	return lt_xasprintf("%s/exports/%s%s%s%s%s.%s", o->case_dir, x->base, x->per_lang ? "." : "",
			    x->per_lang ? o->lang : "", o->pseudo_key ? ".pseudo" : "",
			    o->redact_file ? ".redacted" : "", x->ext);
}

static char *table_name(const char *out_path)
{
	const char *dot = strrchr(out_path, '.');
	const char *slash = strrchr(out_path, '/');
	size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - out_path) : strlen(out_path);
	return lt_xasprintf("%.*s.terms.csv", (int)stem, out_path);
}

static int mkdir_parent(const char *path)
{
	char *d = lt_xstrdup(path);
	char *slash = strrchr(d, '/');
	int rc = 0;
	if (slash && slash != d) {
		*slash = '\0';
		if (mkdir(d, 0755) != 0 && errno != EEXIST)
			rc = -1;
	}
	free(d);
	return rc;
}

/* Persons with findings plus those asked for: the report's sections. */
static const char **section_people(const struct lt_timeline *tl, const struct lt_tl_filter *f, size_t *n)
{
	const char **p = lt_xcalloc(tl->nfindings + f->npersons + 1, sizeof *p);
	size_t k = 0;
	for (size_t i = 0; i < tl->nfindings + f->npersons; i++) {
		const char *who = i < tl->nfindings ? tl->findings[i].person : f->persons[i - tl->nfindings];
		if (!who)
			continue;
		size_t j;
		for (j = 0; j < k && strcmp(p[j], who) != 0; j++)
			;
		if (j == k)
			p[k++] = who;
	}
	*n = k;
	return p;
}

static char *join_argv(int argc, char *const *argv)
{
	struct lt_buf b = LT_BUF_INIT;
	for (int i = 0; i < argc; i++) {
		if (i)
			lt_buf_putc(&b, ' ');
		bool plain = argv[i][0] != '\0' && strpbrk(argv[i], " \t\"'\\$`;&|<>()*?") == NULL;
		if (plain) {
			lt_buf_puts(&b, argv[i]);
			continue;
		}
		lt_buf_putc(&b, '\'');
		for (const char *c = argv[i]; *c; c++) {
			if (*c == '\'')
				lt_buf_puts(&b, "'\\''");
			else
				lt_buf_putc(&b, *c);
		}
		lt_buf_putc(&b, '\'');
	}
	return lt_buf_detach(&b);
}

/* The command lines that made the case: run, else ingest and scan. */
static char *recorded_command(const json_t *m)
{
	static const char *const sections[] = { "run", "ingest", "scan" };
	struct lt_buf b = LT_BUF_INIT;
	for (size_t i = 0; i < 3; i++) {
		const json_t *x = json_object_get(m, sections[i]);
		if (json_is_array(x))
			x = json_array_get(x, json_array_size(x) - 1);
		const json_t *cl = json_object_get(x, "command_line");
		if (json_is_string(cl)) {
			lt_buf_printf(&b, "%s%s", b.len ? "\n" : "", json_string_value(cl));
		} else if (json_is_array(cl)) {
			size_t n = json_array_size(cl);
			char **av = lt_xcalloc(n + 1, sizeof *av);
			for (size_t k = 0; k < n; k++)
				av[k] = (char *)(json_string_value(json_array_get(cl, k)) ? json_string_value(json_array_get(cl, k)) : "");
			char *j = join_argv((int)n, av);
			lt_buf_printf(&b, "%s%s", b.len ? "\n" : "", j);
			free(j);
			free(av);
		}
		if (i == 0 && b.len)
			break;
	}
	if (b.len == 0) {
		lt_buf_free(&b);
		return NULL;
	}
	return lt_buf_detach(&b);
}

/* Any form of a user name the context knows stands for its person, and so
 * does a computer people.csv assigns to them (hosts): "PC-YAMAMOTO" names
 * its user as plainly as the name does (doc/privacy.md). */
static const char *resolve_user(void *arg, const char *word, size_t n)
{
	const struct lt_person *p = lt_context_resolve(arg, word, n, NULL, 0);
	if (!p) {
		const char *at = memchr(word, '@', n);	/* a person's own private address */
		if (at)
			p = lt_context_personal_owner(arg, word, n);
	}
	if (!p)
		p = lt_context_host_owner(arg, word, n);
	return p ? p->id : NULL;
}

static void register_people(struct lt_pseudo *ps, const struct lt_timeline *tl, const struct lt_context *ctx)
{
	if (ctx)
		lt_pseudo_set_resolver(ps, resolve_user, (void *)ctx);
	for (size_t i = 0; i < tl->nfindings; i++)
		lt_pseudo_add(ps, tl->findings[i].person);
	for (size_t i = 0; ctx && i < lt_context_person_count(ctx); i++) {
		const struct lt_person *p = lt_context_person(ctx, i);
		lt_pseudo_add(ps, p->id);
		lt_pseudo_add_alias(ps, p->name, p->id);
		lt_pseudo_add_alias(ps, p->name_latin, p->id);
		for (size_t k = 0; k < p->npersonal; k++)
			lt_pseudo_add_alias(ps, p->personal[k], p->id);
	}
}

struct session {
	json_t *manifest;
	json_t *coverage;
	struct lt_context *ctx;
	struct lt_pseudo *pseudo;
	struct lt_redact *redact;
	struct lt_activity act;
	bool have_act;
	struct lt_timeline tl;
	const char **persons;	/* --person values, pseudonym tokens turned back into ids */
	size_t npersons;
	struct lt_timeline all;	/* every finding, when tokens had to be looked up */
};

static void session_free(struct session *s)
{
	free(s->persons);
	lt_timeline_free(&s->all);
	json_decref(s->manifest);
	json_decref(s->coverage);
	lt_context_free(s->ctx);
	lt_pseudo_free(s->pseudo);
	lt_redact_free(s->redact);
	if (s->have_act)
		lt_activity_free(&s->act);
	lt_timeline_free(&s->tl);
}

/* With --pseudonymize, --person may name a token from an earlier
 * pseudonymised export: find the identifier behind it (the case's persons
 * and the context's ids), so that the same key opens the same person. */
static void resolve_tokens(const struct lt_export_opts *o, struct session *s)
{
	s->persons = lt_xcalloc(o->filter.npersons + 1, sizeof *s->persons);
	s->npersons = o->filter.npersons;
	bool have = false;
	for (size_t i = 0; i < o->filter.npersons; i++) {
		const char *want = o->filter.persons[i];
		s->persons[i] = want;
		if (!s->pseudo || strncmp(want, "PSN-", 4) != 0)
			continue;
		if (!have) {
			char *fp = lt_case_path(o->case_dir, "findings.jsonl");
			char err[256];
			have = lt_timeline_load(&s->all, fp, NULL, err, sizeof err) == 0;
			free(fp);
		}
		char tok[LT_PSEUDO_TOKEN_LEN];
		for (size_t f = 0; have && f < s->all.nfindings && s->persons[i] == want; f++) {
			const char *who = s->all.findings[f].person;
			if (!who)
				continue;
			lt_pseudo_token(s->pseudo, who, tok);
			if (strcmp(tok, want) == 0)
				s->persons[i] = who;
		}
		for (size_t k = 0; s->ctx && k < lt_context_person_count(s->ctx) && s->persons[i] == want; k++) {
			const struct lt_person *p = lt_context_person(s->ctx, k);
			lt_pseudo_token(s->pseudo, p->id, tok);
			if (strcmp(tok, want) == 0)
				s->persons[i] = p->id;
		}
	}
}

/* Records carry their source's path and id but not its SHA-256 (known only
 * once the whole file was read), so findings may quote references without
 * it: take it from the manifest's sources, by path. */
static void complete_refs(struct lt_timeline *tl, const json_t *manifest)
{
	const json_t *sources = json_object_get(manifest, "sources");
	bool changed = false;
	for (size_t i = 0; i < tl->nfindings; i++) {
		struct lt_finding *f = &tl->findings[i];
		for (size_t r = 0; r < f->nrefs; r++) {
			struct lt_evidence_ref *e = &f->refs[r];
			if ((e->source_sha256 && *e->source_sha256) || !e->source_path)
				continue;
			size_t k;
			json_t *src;
			json_array_foreach(sources, k, src) {
				const char *path = json_string_value(json_object_get(src, "path"));
				const char *sha = json_string_value(json_object_get(src, "sha256"));
				if (path && sha && strcmp(path, e->source_path) == 0) {
					free(e->source_sha256);
					e->source_sha256 = lt_xstrdup(sha);
					changed = true;
					break;
				}
			}
		}
	}
	if (changed)
		lt_timeline_sort(tl);
}

static int open_session(const struct lt_export_opts *o, struct session *s, char *err, size_t errlen)
{
	char *mp = lt_case_path(o->case_dir, "manifest.json");
	s->manifest = lt_case_json_load(mp, err, errlen);
	free(mp);
	if (!s->manifest)
		return LT_EXIT_IO;
	char *cp = lt_case_path(o->case_dir, "coverage.json");
	struct stat st;
	if (stat(cp, &st) == 0)
		s->coverage = json_load_file(cp, 0, NULL);
	free(cp);
	const char *ctx_file = o->context_file ? o->context_file : mget(s->manifest, context_file_paths);
	if (ctx_file && stat(ctx_file, &st) == 0) {
		s->ctx = lt_context_load(ctx_file, NULL, err, errlen);
		if (!s->ctx && o->context_file)
			return LT_EXIT_USAGE;
	}
	const char *tzname = o->tz_name ? o->tz_name : mget(s->manifest, tz_paths);
	s->tl.tz = tzname ? lt_tz_load(tzname) : NULL;
	if (!s->tl.tz && s->ctx)
		s->tl.tz = lt_context_tz(s->ctx);
	if (!s->tl.tz)
		s->tl.tz = lt_tz_load("UTC");
	s->tl.lang = o->lang;
	if (o->pseudo_key) {
		s->pseudo = lt_pseudo_load(o->pseudo_key, err, errlen);
		if (!s->pseudo)
			return LT_EXIT_USAGE;
	}
	if (o->redact_file) {
		s->redact = lt_redact_load(o->redact_file, err, errlen);
		if (!s->redact)
			return LT_EXIT_USAGE;
	}
	struct lt_tl_filter flt = o->filter;
	resolve_tokens(o, s);
	flt.persons = s->persons;
	flt.npersons = s->npersons;
	if (o->from_text && lt_time_parse_iso(o->from_text, strlen(o->from_text), s->tl.tz, &flt.from) != 0) {
		snprintf(err, errlen, "--from: '%s' is not an ISO 8601 date or time", o->from_text);
		return LT_EXIT_USAGE;
	}
	if (o->to_text && lt_time_parse_iso(o->to_text, strlen(o->to_text), s->tl.tz, &flt.to) != 0) {
		snprintf(err, errlen, "--to: '%s' is not an ISO 8601 date or time", o->to_text);
		return LT_EXIT_USAGE;
	}
	if (o->to_text && strlen(o->to_text) == 10)
		flt.to += 86400 * LT_US_PER_SEC - 1;	/* a date means the whole day */
	char *fp = lt_case_path(o->case_dir, "findings.jsonl");
	int rc = LT_EXIT_OK;
	if (stat(fp, &st) != 0) {
		lt_timeline_build(&s->tl, NULL, 0, &flt);	/* no scan yet: an empty timeline */
	} else if (lt_timeline_load(&s->tl, fp, &flt, err, errlen) != 0) {
		rc = LT_EXIT_IO;
	}
	free(fp);
	if (rc != LT_EXIT_OK)
		return rc;
	complete_refs(&s->tl, s->manifest);
	s->tl.pseudo = s->pseudo;
	s->tl.redact = s->redact;
	if (s->pseudo)
		register_people(s->pseudo, &s->tl, s->ctx);
	return LT_EXIT_OK;
}

/* The report's inputs (people, activity chart, manifest, coverage), for
 * exporters that need them; hc's strings stay valid until *cmd is freed. */
static void report_inputs(const struct lt_export_opts *o, struct session *s, struct lt_html_case *hc,
			  char **cmd, const char ***people)
{
	size_t npeople = 0;
	struct lt_tl_filter req = o->filter;
	req.persons = s->persons;
	req.npersons = s->npersons;
	*people = section_people(&s->tl, &req, &npeople);
	char *records = lt_case_path(o->case_dir, "records");
	char aerr[256];
	int arc = lt_activity_load(&s->act, records, s->tl.tz, s->ctx, *people, npeople, aerr, sizeof aerr);
	s->have_act = true;
	if (arc < 0)
		lt_diag(LT_WARN, NULL, "activity chart: %s", aerr);
	free(records);
	char *recorded = recorded_command(s->manifest);
	*cmd = recorded ? recorded : join_argv(o->argc, o->argv);
	*hc = (struct lt_html_case){
		.case_id = o->case_id ? o->case_id : mget(s->manifest, case_id_paths),
		.examiner = o->examiner ? o->examiner : mget(s->manifest, examiner_paths),
		.tool_version = "leaktrail " PACKAGE_VERSION,
		.ruleset_digest = mget(s->manifest, ruleset_paths),
		.context_digest = mget(s->manifest, context_paths),
		.command_line = *cmd,
		.manifest = s->manifest,
		.coverage = s->coverage,
		.activity = arc == 0 ? &s->act : NULL,
		.requested = s->persons,
		.nrequested = s->npersons,
	};
}

static void write_export(const struct lt_export_opts *o, const struct lt_exporter *x, struct session *s,
			 struct lt_out *out)
{
	struct lt_html_case hc;
	char *cmd = NULL;
	const char **people = NULL;
	if (x->needs_report)
		report_inputs(o, s, &hc, &cmd, &people);
	struct lt_export_job job = { &s->tl, out, o->bom, x->needs_report ? &hc : NULL };
	x->write(&job);
	free(cmd);
	free(people);
}

static int record_output(const struct lt_export_opts *o, const char *path, const char *format, const char *sha,
			 uint64_t size, const char *head, size_t entries, char *err, size_t errlen)
{
	struct lt_output_info info = { path, format, strcmp(format, "redaction-table") ? o->lang : NULL, sha, size,
				       head, entries, o->pseudo_key != NULL, o->redact_file != NULL };
	return lt_outputs_record(o->case_dir, &info, o->argc, o->argv, err, errlen);
}

/* The last entry's hash, for the manifest (walks the rows once more: cheap
 * next to writing them, and keeps the writers free of bookkeeping). */
static void chain_head(const struct lt_timeline *tl, char head[LT_SHA256_HEX])
{
	struct lt_tl_rows it;
	lt_tl_rows_begin(&it, tl);
	while (lt_tl_rows_next(&it))
		;
	strcpy(head, it.prev);
	lt_tl_rows_end(&it);
}

/* The occurrence table of a redacted export, next to it. */
static int write_table(const struct lt_export_opts *o, struct session *s, struct lt_export_result *res,
		       char *err, size_t errlen)
{
	char *def = res->path ? NULL : default_name(o, lt_exporter_find(o->format));
	res->table_path = table_name(res->path ? res->path : def);
	free(def);
	struct lt_out *t = lt_out_open(res->table_path);
	if (!t) {
		snprintf(err, errlen, "%s: %s", res->table_path, strerror(errno));
		return LT_EXIT_IO;
	}
	lt_redact_write_table(s->redact, t, o->bom);
	uint64_t size = 0;
	if (lt_out_close(t, res->table_sha256, &size) != 0) {
		snprintf(err, errlen, "%s: %s", res->table_path, strerror(errno));
		return LT_EXIT_IO;
	}
	if (record_output(o, res->table_path, "redaction-table", res->table_sha256, size, NULL, 0, err, errlen) != 0)
		return LT_EXIT_IO;
	return LT_EXIT_OK;
}

int lt_export_case(const struct lt_export_opts *o, struct lt_export_result *res, char *err, size_t errlen)
{
	memset(res, 0, sizeof *res);
	const struct lt_exporter *x = lt_exporter_find(o->format);
	if (!x) {
		snprintf(err, errlen, "unknown format '%s' (%s)", o->format, lt_exporter_names());
		return LT_EXIT_USAGE;
	}
	struct session s;
	memset(&s, 0, sizeof s);
	int rc = open_session(o, &s, err, errlen);
	if (rc != LT_EXIT_OK) {
		session_free(&s);
		return rc;
	}
	bool to_stdout = o->out_path && strcmp(o->out_path, "-") == 0;
	char *path = o->out_path ? lt_xstrdup(o->out_path) : default_name(o, x);
	if (!to_stdout && mkdir_parent(path) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(path);
		session_free(&s);
		return LT_EXIT_IO;
	}
	struct lt_out *out = lt_out_open(path);
	if (!out) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(path);
		session_free(&s);
		return LT_EXIT_IO;
	}
	write_export(o, x, &s, out);
	if (lt_out_close(out, res->sha256, &res->size) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(path);
		session_free(&s);
		return LT_EXIT_IO;
	}
	res->entries = s.tl.nentries;
	res->findings = s.tl.nfindings;
	if (!to_stdout) {
		char head[LT_SHA256_HEX];
		bool chained = x->chain_reader != NULL;
		if (chained)
			chain_head(&s.tl, head);
		if (record_output(o, path, o->format, res->sha256, res->size, chained ? head : NULL, s.tl.nentries,
				  err, errlen) != 0)
			rc = LT_EXIT_IO;
		res->path = path;
		path = NULL;
	}
	if (rc == LT_EXIT_OK && s.redact)
		rc = write_table(o, &s, res, err, errlen);
	free(path);
	session_free(&s);
	return rc;
}
