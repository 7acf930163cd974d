/* lt_scan_case: records -> enrichment -> rules -> findings and coverage. */
#include "case/scan.h"
#include "case/scanrisk.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "context/context.h"
#include "enrich/enrich.h"
#include "enrich/presence.h"
#include "evidence/manifest.h"
#include "evidence/outputs.h"
#include "record/store.h"
#include "rules/engine.h"
#include "rules/incident.h"
#include "rules/rule.h"
#include "rules/yamldoc.h"
#include "util/atomicfile.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static int placeholders_from_context(struct lt_ruleset *rs, const char *path, const struct lt_ynode *doc,
				     char *err, size_t errlen);

int lt_rules_params_from_context(struct lt_ruleset *rs, const char *path, char *err, size_t errlen)
{
	struct lt_ydocs docs;
	if (lt_yaml_load(path, &docs, err, errlen) != 0)
		return -1;
	int rc = 0;
	const struct lt_ynode *sec = docs.n ? lt_ymap_get(docs.docs[0], "rules") : NULL;
	if (sec && sec->type != LT_Y_MAP) {
		snprintf(err, errlen, "%s:%u:%u: rules: must map rule ids to {parameter: value}", path, sec->line, sec->col);
		rc = -1;
	}
	for (size_t i = 0; !rc && sec && i < sec->n; i++) {
		const struct lt_ynode *m = sec->items[i];
		if (m->type != LT_Y_MAP) {
			snprintf(err, errlen, "%s:%u:%u: rules: %s: must map parameters to values", path, m->line, m->col,
				 sec->keys[i]->str);
			rc = -1;
			break;
		}
		for (size_t k = 0; k < m->n; k++) {
			if (m->items[k]->type != LT_Y_SCALAR) {
				snprintf(err, errlen, "%s:%u:%u: rules: %s.%s: must be a single value", path,
					 m->items[k]->line, m->items[k]->col, sec->keys[i]->str, m->keys[k]->str);
				rc = -1;
				break;
			}
			lt_ruleset_set_param(rs, sec->keys[i]->str, m->keys[k]->str, m->items[k]->str, "context");
		}
	}
	if (!rc)
		rc = placeholders_from_context(rs, path, docs.n ? docs.docs[0] : NULL, err, errlen);
	lt_yaml_free(&docs);
	return rc;
}

/* placeholders: name -> a list of values (or one value) for |expand (doc/context.md). */
static int placeholders_from_context(struct lt_ruleset *rs, const char *path, const struct lt_ynode *doc,
				     char *err, size_t errlen)
{
	const struct lt_ynode *sec = doc ? lt_ymap_get(doc, "placeholders") : NULL;
	if (!sec)
		return 0;
	if (sec->type != LT_Y_MAP) {
		snprintf(err, errlen, "%s:%u:%u: placeholders: must map names to lists of values", path, sec->line,
			 sec->col);
		return -1;
	}
	for (size_t i = 0; i < sec->n; i++) {
		const struct lt_ynode *v = sec->items[i];
		size_t n = v->type == LT_Y_SEQ ? v->n : 1;
		const struct lt_ynode *const *items = v->type == LT_Y_SEQ ? (const struct lt_ynode *const *)v->items : &v;
		const char **vals = lt_xcalloc(n + 1, sizeof *vals);
		for (size_t k = 0; k < n; k++) {
			if (items[k]->type != LT_Y_SCALAR) {
				snprintf(err, errlen, "%s:%u:%u: placeholders: %s: values must be text", path,
					 items[k]->line, items[k]->col, sec->keys[i]->str);
				free(vals);
				return -1;
			}
			vals[k] = items[k]->str;
		}
		lt_ruleset_set_placeholder(rs, sec->keys[i]->str, vals, n);
		free(vals);
	}
	return 0;
}

/* Source id -> SHA-256, from the manifest's sources. */
struct srcmap {
	int64_t *ids;
	char (*sha)[LT_SHA256_HEX];
	size_t n;
};

static void srcmap_load(struct srcmap *sm, const char *case_dir)
{
	memset(sm, 0, sizeof *sm);
	char *err = NULL;
	json_t *m = lt_manifest_load(case_dir, &err);
	free(err);
	json_t *sources = m ? json_object_get(m, "sources") : NULL;
	size_t n = json_array_size(sources);
	sm->ids = lt_xcalloc(n + 1, sizeof *sm->ids);
	sm->sha = lt_xcalloc(n + 1, sizeof *sm->sha);
	for (size_t i = 0; i < n; i++) {
		json_t *s = json_array_get(sources, i);
		const char *sha = json_string_value(json_object_get(s, "sha256"));
		json_t *id = json_object_get(s, "id");
		if (!sha || strlen(sha) != LT_SHA256_HEX - 1 || !json_is_integer(id))
			continue;
		sm->ids[sm->n] = json_integer_value(id);
		memcpy(sm->sha[sm->n], sha, LT_SHA256_HEX);
		sm->n++;
	}
	json_decref(m);
}

static const char *srcmap_sha(void *arg, int64_t id)
{
	const struct srcmap *sm = arg;
	for (size_t i = 0; i < sm->n; i++)	/* sources are few; hits are rarer */
		if (sm->ids[i] == id)
			return sm->sha[i];
	return NULL;
}

static bool has_part(void *arg, const char *name)
{
	const struct lt_context *ctx = arg;
	enum lt_ctx_part p = lt_context_part_from_name(name);
	return p != 0 && lt_context_has(ctx, p);
}

static bool workday(void *arg, int y, int m, int d)
{
	return lt_calendar_is_workday(arg, y, m, d);
}

struct writer {
	FILE *f;
	int failed;
};

static int write_finding(const struct lt_finding *f, void *arg)
{
	struct writer *w = arg;
	if (lt_finding_write(w->f, f) != 0)
		w->failed = 1;
	return 0;
}

static void set_error(struct lt_scan_result *res, int status, char *msg)
{
	res->status = status;
	free(res->error);
	res->error = msg;
}

/* Score each incident (src/rules/risk.h) and write it with its score. */
struct scored {
	struct writer w;
	struct lt_risk *rk;
};

static int score_and_write(const struct lt_finding *f, void *arg)
{
	struct scored *s = arg;
	struct lt_risk_score sc;
	lt_risk_add(s->rk, f, &sc);
	struct lt_finding g = *f;	/* a shallow copy: only the score differs */
	g.risk = sc.risk;
	g.risk_factors = (char *)sc.factors;
	g.contribution = sc.contribution;
	return write_finding(&g, &s->w);
}

static int keep_finding(const struct lt_finding *f, void *arg)
{
	return lt_incidents_add(arg, f);
}

/* A rule's `incident_gap` parameter: a timespan, or "day" (one incident per
 * local calendar day). -1 when the rule has none; -2 when it is not valid. */
static lt_time_us gap_param(const struct lt_rule *r)
{
	for (size_t k = 0; k < r->nparams; k++) {
		if (strcmp(r->params[k].name, "incident_gap"))
			continue;
		const char *v = r->params[k].value;
		if (!strcmp(v, "day"))
			return LT_INCIDENT_SAME_DAY;
		if (!strcmp(v, "0") || !strcmp(v, "0s"))
			return 0;
		lt_time_us g = lt_parse_timespan(v);
		return g >= 0 ? g : -2;
	}
	return -1;
}

/* A rule's incident gap (doc/rules.md, "Incidents"). */
static lt_time_us rule_gap(void *arg, const char *rule_id)
{
	const struct lt_ruleset *rs = arg;
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		if (!strcmp(r->id ? r->id : r->name, rule_id))
			return gap_param(r);
	}
	return -1;
}

/* A wrong incident_gap must stop the scan, not fall back to the default. */
static char *check_gaps(const struct lt_ruleset *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		if (gap_param(r) != -2)
			continue;
		for (size_t k = 0; k < r->nparams; k++)
			if (!strcmp(r->params[k].name, "incident_gap"))
				return lt_xasprintf("rule %s: incident_gap '%s' (from %s) is not a timespan (30m, 4h, 1d) "
						    "or 'day'", r->id ? r->id : r->name, r->params[k].value,
						    r->params[k].source);
	}
	return NULL;
}

/* Write findings (merged into incidents, scored), then the person alerts,
 * to PATH.tmp, then rename over PATH once complete. */
static int write_findings(struct lt_engine *e, struct lt_incidents *inc, struct lt_risk *rk, const char *path)
{
	char *tmp = lt_xasprintf("%s.tmp.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f) {
		free(tmp);
		return -1;
	}
	struct scored s = { { f, 0 }, rk };
	if (lt_engine_finish(e, keep_finding, inc) != 0 || lt_incidents_finish(inc, score_and_write, &s) != 0 ||
	    lt_risk_finish(rk, write_finding, &s.w) != 0)
		s.w.failed = 1;
	struct writer w = s.w;
	if (fflush(f) != 0 || fsync(fileno(f)) != 0)
		w.failed = 1;
	if (fclose(f) != 0)
		w.failed = 1;
	if (w.failed || rename(tmp, path) != 0) {
		int saved = errno;
		unlink(tmp);
		free(tmp);
		errno = saved;
		return -1;
	}
	free(tmp);
	return 0;
}

static int write_coverage(struct lt_engine *e, const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	if (!m)
		return -1;
	int rc = lt_engine_write_coverage(e, m);
	fclose(m);
	if (rc == 0)
		rc = lt_write_file_atomic(path, buf, len);
	free(buf);
	return rc;
}

static int record_output(const struct lt_scan_opts *o, const char *path, const char *format, char *err, size_t errlen)
{
	char sha[LT_SHA256_HEX];
	struct stat st;
	if (lt_sha256_file(path, sha) != 0 || stat(path, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct lt_output_info info = { 0 };
	info.path = path;
	info.format = format;
	info.sha256 = sha;
	info.size = (uint64_t)st.st_size;
	return lt_outputs_record(o->case_dir, &info, o->argc, o->argv, err, errlen);
}

/* The manifest's "rules" section: what decided these findings (the rule
 * files, the digest, every parameter with its origin). The "scan" section
 * (what was read and written) is export/scanrec.c's. */
static int record_manifest(const struct lt_scan_opts *o, const struct lt_ruleset *rs, char *err, size_t errlen)
{
	char *merr = NULL;
	json_t *m = lt_manifest_load(o->case_dir, &merr);
	if (!m && errno == ENOENT) {
		m = lt_manifest_new();
	} else if (!m) {
		snprintf(err, errlen, "%s/%s: %s", o->case_dir, LT_MANIFEST_NAME, merr ? merr : "cannot read");
		free(merr);
		return -1;
	}
	free(merr);
	json_t *rules = json_object();
	json_object_set_new(rules, "digest", json_string(rs->digest));
	json_t *dirs = json_array();
	if (o->nrule_paths == 0)
		json_array_append_new(dirs, lt_json_ctext(lt_rules_default_dir()));
	for (size_t i = 0; i < o->nrule_paths; i++)
		json_array_append_new(dirs, lt_json_ctext(o->rule_paths[i]));
	json_object_set_new(rules, "paths", dirs);
	json_t *files = json_array();
	for (size_t i = 0; i < rs->nfiles; i++) {
		json_t *f = json_object();
		json_object_set_new(f, "path", lt_json_ctext(rs->files[i].path));
		json_object_set_new(f, "sha256", json_string(rs->files[i].sha256));
		json_array_append_new(files, f);
	}
	json_object_set_new(rules, "files", files);
	json_t *params = json_object();
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		for (size_t k = 0; k < r->nparams; k++) {
			json_t *p = json_object();
			json_object_set_new(p, "value", lt_json_ctext(r->params[k].value));
			json_object_set_new(p, "from", json_string(r->params[k].source));
			char *key = lt_xasprintf("%s.%s", r->id ? r->id : r->name, r->params[k].name);
			json_object_set_new(params, key, p);
			free(key);
		}
	}
	json_object_set_new(rules, "parameters", params);
	json_object_set_new(m, "rules", rules);
	int rc = lt_manifest_save(o->case_dir, m);
	if (rc != 0)
		snprintf(err, errlen, "%s/%s: %s", o->case_dir, LT_MANIFEST_NAME, strerror(errno));
	json_decref(m);
	return rc;
}

static void summary(const struct lt_scan_opts *o, const struct lt_ruleset *rs, const struct lt_engine *e,
		    const struct lt_incidents *inc, struct lt_scan_result *res)
{
	FILE *out = o->summary;
	if (!out)
		return;
	fprintf(out, "scan: %" PRIu64 " records, %zu rules (digest %.16s), %" PRIu64 " findings\n", res->records,
		rs->n, res->ruleset_digest, res->findings);
	size_t quiet_rules = 0;
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		uint64_t n = lt_incidents_rule_count(inc, r->id ? r->id : r->name);
		const char *st = lt_engine_rule_status(e, i);
		if (n)
			fprintf(out, "  %-8s %6" PRIu64 "  %s  %s\n", lt_esc(r->level), n, lt_esc(r->id ? r->id : r->name),
				lt_esc(r->title));
		else if (st && (!r->referenced || r->generate))
			fprintf(out, "  %-8s %6s  %s  %s\n", "-", "-", lt_esc(r->id ? r->id : r->name), lt_esc(st));
		else if ((!r->referenced || r->generate) && !lt_engine_rule_unevaluated(e, i))
			quiet_rules++;
	}
	if (quiet_rules)
		fprintf(out, "  %zu more rule(s) evaluated with nothing found (coverage.json says over which period)\n",
			quiet_rules);
	/* A pattern that gave up is never a silent non-match (doc/rules.md). */
	for (size_t i = 0; i < rs->n; i++) {
		uint64_t lim = lt_engine_rule_re_limits(e, i);
		if (lim)
			fprintf(out, "  %s: a regular expression hit its limit on %" PRIu64 " record(s); %" PRIu64
				" could not be evaluated (findings \"rule could not be evaluated on this record\")\n",
				lt_esc(rs->rules[i]->id ? rs->rules[i]->id : rs->rules[i]->name), lim,
				lt_engine_rule_unevaluated(e, i));
	}
	if (lt_engine_context_limits(e))
		fprintf(out, "  context: a classification or secret-repository pattern gave up on %" PRIu64
			" value(s); not classified (coverage.json \"context_regex_limits\" names them)\n",
			lt_engine_context_limits(e));
	fprintf(out, "person alerts: %" PRIu64 " (risk per person, doc/rules-default.md; kind \"person_alert\" in "
		"findings.jsonl)\n", res->person_alerts);
	fprintf(out, "findings: %s/findings.jsonl, coverage: %s/coverage.json\n", lt_esc(o->case_dir),
		lt_esc(o->case_dir));
}

/* A context pattern that gave up on a value of this record: the value was
 * not classified. Named with the record's place, the field and the
 * pattern's place (the first CTX_LIMITS_SHOWN on stderr, all counted, the
 * first thousand in coverage.json), like a rule that could not be
 * evaluated: never a silent "not classified" (doc/context.md). */
#define CTX_LIMITS_SHOWN 20
static void context_limits(struct lt_engine *e, const struct lt_record *r)
{
	const struct lt_enrich_limit *v;
	size_t n = lt_enrich_limits(&v);
	for (size_t i = 0; i < n; i++) {
		/* beyond the kept ones only the count is known */
		struct lt_enrich_limit more = { "(a further field)", "(not kept)", "limit reached" };
		const struct lt_enrich_limit *l = i < LT_ENRICH_LIMITS_KEPT ? &v[i] : &more;
		if (lt_engine_context_limits(e) < CTX_LIMITS_SHOWN) {
			struct lt_str path = { NULL, 0 }, member = { NULL, 0 };
			int64_t off = 0, line = 0;
			lt_rec_get_str(r, LT_F_SOURCE_PATH, &path);
			bool has_member = lt_rec_get_str(r, LT_F_MEMBER, &member);
			bool has_off = lt_rec_get_int(r, LT_F_OFFSET, &off);
			lt_rec_get_int(r, LT_F_LINE, &line);
			char *p = path.p ? lt_xstrndup(path.p, path.n) : NULL;
			char *m = has_member ? lt_xstrndup(member.p, member.n) : NULL;
			struct lt_loc loc = { p, m, (uint64_t)off, (uint64_t)line, has_off };
			lt_diag(LT_WARN, &loc, "context pattern %s gave up on field %s (%s): the value is not classified",
				l->origin, l->field, l->why);
			free(p);
			free(m);
		}
		lt_engine_context_limit(e, r, l->field, l->origin, l->why);
	}
}

static void context_limits_summary(const struct lt_scan_opts *o, const struct lt_engine *e)
{
	uint64_t n = lt_engine_context_limits(e);
	if (!n)
		return;
	(void)o;
	lt_diag(LT_WARN, NULL, "context: a classification or secret-repository pattern gave up on %" PRIu64
		" value(s); those values are not classified (the first %d are named above, the first %d in "
		"coverage.json \"context_regex_limits\"; doc/context.md)", n, CTX_LIMITS_SHOWN,
		LT_ENGINE_CTX_LIMITS_LISTED);
}

/* Users the logs name but people.csv does not know (doc/context.md): the
 * examiner must see them. Listed in the summary, first few only. */
static void unresolved_summary(const struct lt_scan_opts *o, const struct lt_context *ctx)
{
	if (!o->summary || !lt_context_has(ctx, LT_CTX_PEOPLE))
		return;
	size_t n;
	char **v = lt_context_unresolved(ctx, &n);
	if (n) {
		fprintf(o->summary, "unresolved users (not in people.csv): %zu:", n);
		for (size_t i = 0; i < n; i++)
			if (i < 20)
				fprintf(o->summary, " %s", lt_esc(v[i])); /* names from the logs */
		fprintf(o->summary, "%s\n", n > 20 ? " ..." : "");
	}
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* The run summary names what it counts (doc/cron.md, "run"). */
static void name_not_evaluable(const struct lt_ruleset *rs, const struct lt_engine *e, struct lt_scan_result *res)
{
	struct lt_buf b = LT_BUF_INIT;
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		const char *st = lt_engine_rule_status(e, i);
		if (!st || (r->referenced && !r->generate))	/* a building block: its correlation is named */
			continue;
		if (b.len)
			lt_buf_puts(&b, "; ");
		lt_buf_printf(&b, "%s (%s)", r->id ? r->id : r->name, st);
	}
	res->not_evaluable = b.len ? lt_buf_detach(&b) : NULL;
	lt_buf_free(&b);
}

static void name_unresolved(const struct lt_context *ctx, struct lt_scan_result *res)
{
	if (!lt_context_has(ctx, LT_CTX_PEOPLE))
		return;
	size_t n;
	char **v = lt_context_unresolved(ctx, &n);
	struct lt_buf b = LT_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i < 20)
			lt_buf_printf(&b, "%s%s", i ? " " : "", v[i]);
		free(v[i]);
	}
	free(v);
	if (n > 20)
		lt_buf_puts(&b, " ...");
	res->nunresolved = n;
	res->unresolved = b.len ? lt_buf_detach(&b) : NULL;
	lt_buf_free(&b);
}

int lt_scan_case(const struct lt_scan_opts *o, struct lt_scan_result *res)
{
	memset(res, 0, sizeof *res);
	char err[2048] = "";
	struct lt_context *ctx = lt_context_load(o->context_path, NULL, err, sizeof err);
	if (!ctx) {
		/* the loader printed every error with its place: do not repeat the first */
		set_error(res, LT_EXIT_USAGE, lt_xasprintf("context %s could not be loaded (errors above)",
							   o->context_path ? o->context_path : "(default)"));
		return res->status;
	}
	if (o->context_path && lt_sha256_file(o->context_path, res->context_sha256) != 0) {
		lt_context_free(ctx);
		set_error(res, LT_EXIT_IO, lt_xasprintf("%s: %s", o->context_path, strerror(errno)));
		return res->status;
	}
	struct lt_ruleset *rs = lt_ruleset_new();
	if (o->context_path && lt_rules_params_from_context(rs, o->context_path, err, sizeof err) != 0) {
		set_error(res, LT_EXIT_USAGE, lt_xstrdup(err));
		goto out;
	}
	for (size_t i = 0; i < o->nsets; i++) {
		if (lt_ruleset_set_param_arg(rs, o->sets[i], "--set") != 0) {
			set_error(res, LT_EXIT_USAGE, lt_xasprintf("--set %s: expected RULE.PARAM=VALUE", o->sets[i]));
			goto out;
		}
	}
	rs->skip_placeholders = true;
	if (o->nrule_paths == 0)
		lt_ruleset_add_path(rs, lt_rules_default_dir());
	for (size_t i = 0; i < o->nrule_paths; i++)
		lt_ruleset_add_path(rs, o->rule_paths[i]);
	size_t nrule_errors = lt_ruleset_finish(rs);
	for (size_t i = 0; i < rs->nwarnings; i++) {
		/* "file:l:c: warning: text": lt_diag says "warning" itself */
		const char *w = rs->warnings[i], *cut = strstr(w, ": warning: ");
		if (cut)
			lt_diag(LT_WARN, NULL, "%.*s: %s", (int)(cut - w), w, cut + 11);
		else
			lt_diag(LT_WARN, NULL, "%s", w);
	}
	if (nrule_errors) {
		for (size_t i = 0; i < rs->nerrors; i++)
			lt_diag(LT_ERROR, NULL, "%s", rs->errors[i]);
		set_error(res, LT_EXIT_USAGE, lt_xasprintf("%zu problem(s) in the rules; nothing was scanned", rs->nerrors));
		goto out;
	}
	if (rs->nfiles_skipped)
		lt_diag(LT_WARN, NULL, "%zu rule file(s) skipped: placeholders that no parameter defines (first: %s)",
			rs->nfiles_skipped, rs->skipped[0]);
	char *gap_err = check_gaps(rs);
	if (gap_err) {
		set_error(res, LT_EXIT_USAGE, gap_err);
		goto out;
	}
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		for (size_t k = 0; k < r->nrequires; k++)
			if (lt_context_part_from_name(r->requires[k]) == 0)
				lt_diag(LT_WARN, NULL, "%s: rule %s requires '%s', which is not a context part (doc/rules.md)",
					r->file, r->id ? r->id : r->name, r->requires[k]);
	}
	memcpy(res->ruleset_digest, rs->digest, LT_SHA256_HEX);
	res->files = lt_xcalloc(rs->nfiles + 1, sizeof *res->files);
	for (size_t i = 0; i < rs->nfiles; i++) {
		res->files[i].path = lt_xstrdup(rs->files[i].path);
		memcpy(res->files[i].sha256, rs->files[i].sha256, LT_SHA256_HEX);
	}
	res->nfiles = rs->nfiles;
	res->rules_loaded = rs->n;

	char *recdir = lt_xasprintf("%s/records", o->case_dir);
	struct lt_store_reader *rd = lt_store_reader_open(recdir);
	if (!rd) {
		set_error(res, LT_EXIT_IO, lt_xasprintf("%s: cannot read the record store (run 'leaktrail ingest' first?)",
							  recdir));
		free(recdir);
		goto out;
	}
	free(recdir);
	struct lt_engine_opts eo = { 0 };
	eo.tz = lt_context_tz(ctx);
	eo.is_workday = workday;
	eo.workday_arg = ctx;
	eo.has_context = has_part;
	eo.context_arg = ctx;
	size_t np = lt_context_person_count(ctx);
	const char **people = lt_xcalloc(np + 1, sizeof *people);
	for (size_t i = 0; i < np; i++)
		people[i] = lt_context_person(ctx, i)->id;
	eo.people = people;
	eo.npeople = np;
	struct srcmap sm;
	srcmap_load(&sm, o->case_dir);
	eo.source_sha256 = srcmap_sha;
	eo.source_arg = &sm;
	struct lt_engine *e = lt_engine_new(rs, &eo);
	free(people);
	struct lt_record rec;
	lt_rec_init(&rec);
	/* Records come in time order: the badge reads before a logon say where
	 * its person was (enrich/presence.h). */
	struct lt_presence *presence = lt_presence_new(ctx);
	for (;;) {
		const struct lt_record *in = lt_store_next(rd);
		if (!in)
			break;
		lt_rec_copy(&rec, in);
		lt_enrich(ctx, &rec);
		context_limits(e, &rec);
		lt_presence_apply(presence, &rec);
		lt_engine_feed(e, &rec);
	}
	lt_presence_free(presence);
	const char *rerr0 = lt_store_reader_error(rd);
	char *rerr = rerr0 ? lt_xstrdup(rerr0) : NULL;
	if (rerr)
		lt_diag(LT_ERROR, NULL, "%s/records: %s", o->case_dir, rerr);
	lt_store_reader_close(rd);
	lt_rec_free(&rec);
	res->records = lt_engine_records(e);
	if (res->records == 0)
		lt_diag(LT_WARN, NULL, "%s/records: no records were read: every rule is not evaluable "
			"(was the case ingested by this version of leaktrail?)", o->case_dir);

	char *fpath = lt_xasprintf("%s/findings.jsonl", o->case_dir);
	char *cpath = lt_xasprintf("%s/coverage.json", o->case_dir);
	struct lt_incident_opts io = { rule_gap, rs, lt_context_tz(ctx) };
	struct lt_incidents *inc = lt_incidents_new(&io);
	struct lt_scan_risk glue;
	struct lt_risk *rk = lt_scan_risk_new(&glue, ctx, rs, err, sizeof err);
	if (!rk) {
		set_error(res, LT_EXIT_USAGE, lt_xstrdup(err));
	} else if (write_findings(e, inc, rk, fpath) != 0) {
		set_error(res, LT_EXIT_IO, lt_xasprintf("%s: %s", fpath, strerror(errno)));
	} else if (write_coverage(e, cpath) != 0) {
		set_error(res, LT_EXIT_IO, lt_xasprintf("%s: %s", cpath, strerror(errno)));
	} else {
		res->findings = lt_incidents_count(inc);
		res->person_alerts = lt_risk_alert_count(rk);
		for (size_t i = 0; i < rs->n; i++)
			res->rules_not_evaluable += lt_engine_rule_status(e, i) != NULL;
		name_not_evaluable(rs, e, res);
		name_unresolved(ctx, res);
		if (rerr)
			set_error(res, LT_EXIT_FAULTS, lt_xasprintf("the record store could not be read to the end: %s", rerr));
		else
			res->status = res->findings ? LT_EXIT_FINDINGS : LT_EXIT_OK;
		char merr[1024];
		if (record_output(o, fpath, "jsonl", merr, sizeof merr) != 0 ||
		    record_output(o, cpath, "json", merr, sizeof merr) != 0 ||
		    record_manifest(o, rs, merr, sizeof merr) != 0)
			set_error(res, LT_EXIT_IO, lt_xasprintf("manifest: %s", merr));
		summary(o, rs, e, inc, res);
		context_limits_summary(o, e);
		unresolved_summary(o, ctx);
	}
	free(fpath);
	free(cpath);
	free(rerr);
	lt_incidents_free(inc);
	lt_risk_free(rk);
	lt_engine_free(e);
	free(sm.ids);
	free(sm.sha);
out:
	lt_ruleset_free(rs);
	lt_context_free(ctx);
	return res->status;
}

void lt_scan_result_free(struct lt_scan_result *res)
{
	free(res->not_evaluable);
	free(res->unresolved);
	for (size_t i = 0; i < res->nfiles; i++)
		free(res->files[i].path);
	free(res->files);
	free(res->error);
	memset(res, 0, sizeof *res);
}
