#include "incr/cron.h"

#include <dirent.h>
#include <ftw.h>
#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "evidence/audit.h"
#include "evidence/manifest.h"
#include "incr/links.h"
#include "incr/lock.h"
#include "record/store.h"
#include "rules/finding.h"
#include "util/atomicfile.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/sort.h"
#include "util/xalloc.h"

#define COMMITTED_MANIFEST "manifest.committed.json"
#define RUN_PREFIX "run-"

void lt_cron_test_kill_point(const char *step)
{
	const char *want = getenv("LEAKTRAIL_TEST_KILL");
	if (want && strcmp(want, step) == 0)
		raise(SIGKILL);
}

static int copy_file_atomic(const char *from, const char *to)
{
	struct lt_buf b = LT_BUF_INIT;
	int rc = lt_buf_load_file(&b, from, NULL, 0);
	if (rc == 0)
		rc = lt_write_file_atomic(to, b.data ? b.data : "", b.len);
	lt_buf_free(&b);
	return rc;
}

static bool is_run_name(const char *name)
{
	return strncmp(name, RUN_PREFIX, strlen(RUN_PREFIX)) == 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names in dir that keep() accepts, sorted; the caller frees them with
 * free_list. No folder gives none. */
static size_t list_names(const char *dir, bool (*keep)(const char *name), char ***out)
{
	DIR *d = opendir(dir);
	*out = NULL;
	if (!d)
		return 0;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!keep(e->d_name))
			continue;
		*out = lt_xrealloc(*out, (n + 1) * sizeof **out);
		(*out)[n++] = lt_xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		lt_qsort(*out, n, sizeof **out, cmp_name);
	return n;
}

/* Record runs in DIR/case/records, sorted. */
static size_t list_runs(const char *case_dir, char ***out)
{
	char *dir = lt_xasprintf("%s/records", case_dir);
	size_t n = list_names(dir, is_run_name, out);
	free(dir);
	return n;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove the case folder a first, uncommitted run began (never evidence:
 * the evidence is only ever read). */
static int remove_tree(const char *dir)
{
	if (access(dir, F_OK) != 0)
		return 0;
	return nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Undo what a run killed before its commit left behind. */
static int undo_interrupted(struct lt_cron *c, FILE *out)
{
	char **runs;
	size_t n = list_runs(c->case_dir, &runs);
	for (size_t i = 0; i < n; i++) {
		if (lt_incr_has_run(&c->st, runs[i]))
			continue;
		char *p = lt_xasprintf("%s/records/%s", c->case_dir, runs[i]);
		if (unlink(p) == 0)
			c->leftover_runs++;
		free(p);
	}
	free_list(runs, n);
	char *committed = lt_xasprintf("%s/" COMMITTED_MANIFEST, c->dir);
	char *manifest = lt_xasprintf("%s/" LT_MANIFEST_NAME, c->case_dir);
	int rc = 0;
	if (c->st.generation > 0 && access(committed, R_OK) == 0)
		rc = copy_file_atomic(committed, manifest);
	else if (c->st.generation == 0)
		rc = remove_tree(c->case_dir);	/* a first run that never committed: derived data only */
	if (c->leftover_runs && out)
		fprintf(out, "leaktrail run: the previous run was interrupted: its work is redone "
			"(%llu record run(s) removed)\n", (unsigned long long)c->leftover_runs);
	free(committed);
	free(manifest);
	return rc;
}

/* The highest source id of the committed case: sources above it are this
 * night's (0 when there is no case yet). */
static int64_t committed_max_source(const char *case_dir)
{
	char *err = NULL;
	json_t *m = lt_manifest_load(case_dir, &err);
	free(err);
	int64_t max = m ? lt_manifest_max_source_id(m) : 0;
	json_decref(m);
	return max;
}

int lt_cron_open(struct lt_cron *c, const char *dir, FILE *out)
{
	memset(c, 0, sizeof *c);
	c->lock_fd = -1;
	c->dir = lt_xstrdup(dir);
	c->case_dir = lt_xasprintf("%s/case", dir);
	c->state_path = lt_xasprintf("%s/state.json", dir);
	char *reports = lt_xasprintf("%s/reports", dir);
	int made = mkdir(dir, 0700) == 0 || errno == EEXIST;
	made = made && (mkdir(reports, 0700) == 0 || errno == EEXIST);
	free(reports);
	if (!made) {
		fprintf(stderr, "leaktrail run: error: cannot create the state folder %s: %s\n", dir, strerror(errno));
		return LT_EXIT_IO;
	}
	long holder;
	enum lt_lock_result lr = lt_lock_acquire(dir, &c->lock_fd, &holder);
	if (lr == LT_LOCK_BUSY) {
		fprintf(stderr, "leaktrail run: another run (pid %ld) is working on %s; this run does nothing\n",
			holder, dir);
		return LT_EXIT_LOCKED;
	}
	if (lr == LT_LOCK_ERROR) {
		fprintf(stderr, "leaktrail run: error: cannot lock %s/lock: %s\n", dir, strerror(errno));
		return LT_EXIT_IO;
	}
	char err[512];
	if (lt_incr_state_load(c->state_path, &c->st, err, sizeof err) != 0) {
		fprintf(stderr, "leaktrail run: error: %s (move it away to start over: doc/cron.md)\n", lt_esc(err));
		return LT_EXIT_USAGE;
	}
	if (undo_interrupted(c, out) != 0) {
		fprintf(stderr, "leaktrail run: error: cannot restore %s/manifest.json: %s\n", c->case_dir,
			strerror(errno));
		return LT_EXIT_IO;
	}
	c->base_source = committed_max_source(c->case_dir);
	lt_cron_print(c, out);	/* reports an interrupted run saved but did not print */
	c->resume = lt_resume_new(&c->st, c->st.generation);
	return LT_EXIT_OK;
}

bool lt_cron_has_case(const struct lt_cron *c)
{
	return c->st.generation > 0;
}

const struct lt_stream_hook *lt_cron_hook(struct lt_cron *c)
{
	return lt_resume_hook(c->resume);
}

/* ---- retention ----------------------------------------------------- */

/* The oldest and newest event times in the store (LT_TIME_NONE when none). */
static void time_range(const char *records, lt_time_us *oldest, lt_time_us *newest)
{
	*oldest = *newest = LT_TIME_NONE;
	struct lt_store_reader *rd = lt_store_reader_open(records);
	if (!rd)
		return;
	const struct lt_record *rec;
	while ((rec = lt_store_next(rd)) != NULL) {
		lt_time_us t;
		if (!lt_rec_get_time(rec, LT_F_TIMESTAMP, &t))
			continue;
		if (*oldest == LT_TIME_NONE || t < *oldest)
			*oldest = t;
		if (t > *newest)
			*newest = t;
	}
	lt_store_reader_close(rd);
}

/* Copy the records at or after cutoff into new runs; returns kept, or -1. */
static int64_t rewrite_from(const char *records, lt_time_us cutoff, uint64_t *dropped)
{
	struct lt_store_reader *rd = lt_store_reader_open(records);
	struct lt_store_writer *w = lt_store_writer_open(records, 0);
	if (!rd || !w) {
		if (rd)
			lt_store_reader_close(rd);
		if (w)
			lt_store_writer_close(w);
		return -1;
	}
	const struct lt_record *rec;
	int64_t kept = 0;
	int rc = 0;
	while ((rec = lt_store_next(rd)) != NULL) {
		lt_time_us t;
		/* Records without a time cannot age; they stay. */
		if (lt_rec_get_time(rec, LT_F_TIMESTAMP, &t) && t < cutoff) {
			(*dropped)++;
			continue;
		}
		if (lt_store_write(w, rec) != 0)
			rc = -1;
		kept++;
	}
	if (lt_store_reader_error(rd))
		rc = -1;
	lt_store_reader_close(rd);
	if (lt_store_writer_close(w) != 0)
		rc = -1;
	return rc == 0 ? kept : -1;
}

/* The findings before the prune, to count exactly those it removed
 * (lt_cron_report compares them with the scan's). */
static void snapshot_findings(struct lt_cron *c)
{
	char *p = lt_xasprintf("%s/findings.jsonl", c->case_dir);
	FILE *f = fopen(p, "r");
	free(p);
	if (!f)
		return;
	struct lt_finding fd;
	char err[256];
	while (lt_finding_read(f, &fd, err, sizeof err) == 1) {
		if (fd.id) {
			c->before = lt_xrealloc(c->before, (c->nbefore + 1) * sizeof *c->before);
			c->before[c->nbefore].id = lt_xstrdup(fd.id);
			c->before[c->nbefore].last = fd.last;
			c->before[c->nbefore].seen = false;
			c->nbefore++;
		}
		lt_finding_free(&fd);
	}
	fclose(f);
}

int lt_cron_prune(struct lt_cron *c, unsigned keep_days, lt_time_us lookback)
{
	if (keep_days == 0 || c->st.nruns == 0)
		return LT_EXIT_OK;
	char *records = lt_xasprintf("%s/records", c->case_dir);
	/* The cut-off is measured from the newest event in the case, not the
	 * clock, so the same state gives the same result. Records the rules
	 * still look back at from inside the window stay. */
	lt_time_us oldest, newest;
	time_range(records, &oldest, &newest);
	lt_time_us window = newest - (int64_t)keep_days * 86400 * LT_US_PER_SEC;
	lt_time_us cutoff = window - lookback;
	if (newest == LT_TIME_NONE || oldest >= cutoff) {
		free(records);	/* nothing has aged out: no rewrite */
		return LT_EXIT_OK;
	}
	char **before;
	size_t nbefore = list_runs(c->case_dir, &before);
	uint64_t dropped = 0;
	int rc = LT_EXIT_OK;
	int64_t kept = rewrite_from(records, cutoff, &dropped);
	if (kept < 0) {
		fprintf(stderr, "leaktrail run: error: cannot prune %s: %s\n", records, strerror(errno));
		rc = LT_EXIT_IO;
	} else {
		/* Commit the new runs on their own, then delete the old ones. */
		char **after;
		size_t nafter = list_runs(c->case_dir, &after);
		for (size_t i = 0; i < nbefore; i++)
			lt_incr_remove_run(&c->st, before[i]);
		for (size_t i = 0; i < nafter; i++) {
			bool old = false;
			for (size_t k = 0; k < nbefore && !old; k++)
				old = strcmp(after[i], before[k]) == 0;
			if (!old)
				lt_incr_add_run(&c->st, after[i]);
		}
		free_list(after, nafter);
		c->st.prunes = lt_xrealloc(c->st.prunes, (c->st.nprunes + 1) * sizeof *c->st.prunes);
		struct lt_incr_prune *p = &c->st.prunes[c->st.nprunes++];
		p->generation = c->st.generation + 1;
		p->before = cutoff;
		p->window = window;
		p->keep_days = keep_days;
		p->records = dropped;
		p->findings = 0;	/* counted after the scan (lt_cron_report) */
		p->runs = nbefore;
		c->prune = c->st.nprunes;	/* 1-based: this run pruned */
		snapshot_findings(c);
		if (lt_incr_state_save(c->state_path, &c->st) != 0) {
			fprintf(stderr, "leaktrail run: error: cannot write %s: %s\n", c->state_path, strerror(errno));
			rc = LT_EXIT_IO;
		} else {
			for (size_t i = 0; i < nbefore; i++) {
				char *path = lt_xasprintf("%s/%s", records, before[i]);
				unlink(path);
				free(path);
			}
			char when[LT_ISO_LEN];
			lt_time_format_utc(cutoff, when);
			char from[LT_ISO_LEN];
			lt_time_format_utc(window, from);
			fprintf(stderr, "leaktrail run: retention: removed %llu record(s) older than %s "
				"(kept from %s: %u day(s) and the rules' look-back; the evidence files are "
				"untouched)\n", (unsigned long long)dropped, when, from, keep_days);
		}
	}
	free_list(before, nbefore);
	free(records);
	return rc;
}

/* ---- new findings -------------------------------------------------- */

/* A finding's time in the organisation's zone (UTC when none is set). */
static void format_time(const struct lt_cron *c, lt_time_us t, char out[LT_ISO_LEN])
{
	if (t == LT_TIME_NONE)
		strcpy(out, "-");
	else if (c->tz)
		lt_time_format_offset(t, lt_tz_offset_at(c->tz, t), out);
	else
		lt_time_format_utc(t, out);
}

/* The evidence lines a finding quotes, named by the file that holds those
 * bytes now (after rotation the path they were read from holds others). */
static void describe_refs(const json_t *m, struct lt_buf *b, const struct lt_finding *f)
{
	for (size_t i = 0; i < f->nrefs; i++) {
		const struct lt_evidence_ref *r = &f->refs[i];
		if (!r->source_path)
			continue;
		const char *now = r->source_sha256 ? lt_incr_where_now(m, r->source_path, r->source_sha256) : NULL;
		lt_buf_printf(b, "  evidence: %s%s%s line %llu (offset %llu)", lt_esc(now ? now : r->source_path),
			      r->member ? "//" : "", lt_esc(r->member), (unsigned long long)r->line,
			      (unsigned long long)r->offset);
		if (now && strcmp(now, r->source_path) != 0)
			lt_buf_printf(b, ", read from %s", lt_esc(r->source_path));
		lt_buf_puts(b, "\n");
	}
}

static void describe(const struct lt_cron *c, struct lt_buf *b, const struct lt_finding *f)
{
	char first[LT_ISO_LEN], last[LT_ISO_LEN];
	format_time(c, f->first, first);
	format_time(c, f->last, last);
	lt_buf_printf(b, "[%s] %s  %s .. %s\n  %s / %s\n  %s\n  %s\n  finding %s, %llu record(s)\n",
		      lt_esc(f->level ? f->level : "-"), lt_esc(f->person ? f->person : "-"), first, last,
		      lt_esc(f->rule_title_ja), lt_esc(f->rule_title_en),
		      lt_esc(f->message_ja), lt_esc(f->message_en),
		      f->id, (unsigned long long)f->nrefs_total);
	describe_refs(c->links, b, f);
	lt_buf_puts(b, "\n");
}

static int cmp_before_id(const void *a, const void *b)
{
	return strcmp(((const struct lt_cron_finding *)a)->id, ((const struct lt_cron_finding *)b)->id);
}

static struct lt_cron_finding *find_before(struct lt_cron *c, const char *id)
{
	struct lt_cron_finding key = { (char *)id, 0, false };
	return lt_bsearch(&key, c->before, c->nbefore, sizeof *c->before, cmp_before_id);
}

/* After the scan: the findings the prune removed, counted exactly; one
 * inside the window would be a loss, and is named, never silent. */
static void count_removed(struct lt_cron *c)
{
	struct lt_incr_prune *p = &c->st.prunes[c->prune - 1];
	p->findings = 0;
	for (size_t i = 0; i < c->nbefore; i++) {
		if (c->before[i].seen)
			continue;
		p->findings++;
		if (c->before[i].last != LT_TIME_NONE && c->before[i].last >= p->window) {
			c->lost_in_window++;
			fprintf(stderr, "leaktrail run: warning: retention: finding %s, inside the %llu-day window, "
				"is no longer found (report this: the rules' look-back is not enough)\n",
				c->before[i].id, (unsigned long long)p->keep_days);
		}
	}
}

int lt_cron_report(struct lt_cron *c)
{
	/* Tonight's links, computed on a copy: lt_cron_record saves them. */
	char *merr = NULL;
	c->links = lt_manifest_load(c->case_dir, &merr);
	free(merr);
	if (c->links)
		lt_incr_link_sources(c->links, lt_resume_log(c->resume), c->base_source);
	if (c->nbefore > 1)
		lt_qsort(c->before, c->nbefore, sizeof *c->before, cmp_before_id);
	char *p = lt_xasprintf("%s/findings.jsonl", c->case_dir);
	FILE *f = fopen(p, "r");
	free(p);
	if (!f) {
		if (c->prune)
			count_removed(c);
		return LT_EXIT_OK;	/* no findings file: nothing to report */
	}
	struct lt_buf text = LT_BUF_INIT;
	struct lt_finding fd;
	char err[256];
	int r;
	while ((r = lt_finding_read(f, &fd, err, sizeof err)) == 1) {
		struct lt_cron_finding *was = fd.id && c->nbefore ? find_before(c, fd.id) : NULL;
		if (was)
			was->seen = true;
		if (fd.id && !lt_incr_is_reported(&c->st, fd.id)) {
			describe(c, &text, &fd);
			lt_incr_mark_reported(&c->st, fd.id);
			c->new_findings++;
		}
		lt_finding_free(&fd);
	}
	fclose(f);
	int rc = LT_EXIT_OK;
	if (r < 0) {
		fprintf(stderr, "leaktrail run: error: %s/findings.jsonl: %s\n", c->case_dir, lt_esc(err));
		rc = LT_EXIT_IO;
	}
	if (c->prune && rc == LT_EXIT_OK)
		count_removed(c);
	if (c->new_findings > 0 && rc == LT_EXIT_OK) {
		struct lt_buf head = LT_BUF_INIT;
		lt_buf_printf(&head, "leaktrail: %zu new finding(s) in %s (run %llu)\n\n", c->new_findings,
			      c->case_dir, (unsigned long long)(c->st.generation + 1));
		lt_buf_append(&head, text.data, text.len);
		c->report_path = lt_xasprintf("%s/reports/%08llu.txt", c->dir,
					      (unsigned long long)(c->st.generation + 1));
		if (lt_write_file_atomic(c->report_path, head.data, head.len) != 0) {
			fprintf(stderr, "leaktrail run: error: cannot write %s: %s\n", c->report_path, strerror(errno));
			rc = LT_EXIT_IO;
		}
		lt_buf_free(&head);
	}
	lt_buf_free(&text);
	return rc;
}

/* ---- commit -------------------------------------------------------- */

static int record_increment(struct lt_cron *c)
{
	char *err = NULL;
	json_t *m = lt_manifest_load(c->case_dir, &err);
	if (!m) {
		fprintf(stderr, "leaktrail run: error: %s\n", err ? lt_esc(err) : "cannot read the manifest");
		free(err);
		return -1;
	}
	json_t *incs = lt_manifest_array(m, "increments");
	json_array_append_new(incs, json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:O}",
		"generation", (json_int_t)(c->st.generation + 1),
		"new_bytes", (json_int_t)lt_resume_new_bytes(c->resume),
		"evidence_bytes_read", (json_int_t)lt_resume_read_bytes(c->resume),
		"continued_hashes", (json_int_t)lt_resume_jumped(c->resume),
		"unchanged_files_not_read", (json_int_t)lt_resume_known(c->resume),
		"held_back_bytes", (json_int_t)lt_resume_held_bytes(c->resume),
		"new_findings", (json_int_t)c->new_findings,
		"streams", lt_resume_log(c->resume)));
	lt_incr_link_sources(m, lt_resume_log(c->resume), c->base_source);
	/* Anchor the audit chain at every commit (issue 12): the run's own
	 * line follows and records this manifest's hash. */
	json_t *anchor = lt_audit_anchor(c->case_dir);
	if (anchor) {
		json_object_set_new(json_array_get(incs, json_array_size(incs) - 1), "audit", json_deep_copy(anchor));
		json_object_set_new(m, "audit", anchor);
	}
	int rc = lt_manifest_save(c->case_dir, m);
	json_decref(m);
	return rc;
}

char *lt_cron_retention_json(const struct lt_cron *c)
{
	if (!c->prune)
		return NULL;
	const struct lt_incr_prune *p = &c->st.prunes[c->prune - 1];
	char before[LT_ISO_LEN], window[LT_ISO_LEN];
	lt_time_format_utc(p->before, before);
	lt_time_format_utc(p->window, window);
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I}", "keep_days", (json_int_t)p->keep_days,
			      "window_from", window, "records_before", before, "records_removed",
			      (json_int_t)p->records, "record_runs_replaced", (json_int_t)p->runs,
			      "findings_removed", (json_int_t)p->findings, "findings_removed_inside_window",
			      (json_int_t)c->lost_in_window);
	char *text = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return text;
}

int lt_cron_record(struct lt_cron *c)
{
	return record_increment(c) == 0 ? LT_EXIT_OK : LT_EXIT_IO;
}

int lt_cron_commit(struct lt_cron *c)
{
	char *manifest = lt_xasprintf("%s/" LT_MANIFEST_NAME, c->case_dir);
	char *committed = lt_xasprintf("%s/" COMMITTED_MANIFEST, c->dir);
	int rc = copy_file_atomic(manifest, committed);
	free(manifest);
	free(committed);
	if (rc != 0) {
		fprintf(stderr, "leaktrail run: error: cannot save the committed manifest in %s: %s\n", c->dir,
			strerror(errno));
		return LT_EXIT_IO;
	}
	lt_cron_test_kill_point("before-commit");
	char **runs;
	size_t n = list_runs(c->case_dir, &runs);
	for (size_t i = 0; i < n; i++)
		lt_incr_add_run(&c->st, runs[i]);
	free_list(runs, n);
	c->st.generation++;
	if (lt_incr_state_save(c->state_path, &c->st) != 0) {
		fprintf(stderr, "leaktrail run: error: cannot write %s: %s\n", c->state_path, strerror(errno));
		return LT_EXIT_IO;
	}
	lt_cron_test_kill_point("after-commit");
	return LT_EXIT_OK;
}

static bool is_report_name(const char *name)
{
	size_t len = strlen(name);
	return len > 4 && strcmp(name + len - 4, ".txt") == 0;
}

/* Print saved reports not yet printed, oldest first, and mark them. */
void lt_cron_print(struct lt_cron *c, FILE *out)
{
	char *dir = lt_xasprintf("%s/reports", c->dir);
	char **names;
	size_t n = list_names(dir, is_report_name, &names);
	for (size_t i = 0; i < n; i++) {
		char *txt = lt_xasprintf("%s/%s", dir, names[i]);
		char *mark = lt_xasprintf("%s.printed", txt);
		/* Only committed reports count: a report of a run killed before
		 * its commit is written again by the run that redoes it. */
		unsigned long long gen = strtoull(names[i], NULL, 10);
		if (gen <= c->st.generation && access(mark, F_OK) != 0) {
			struct lt_buf b = LT_BUF_INIT;
			if (lt_buf_load_file(&b, txt, NULL, 0) == 0 && out) {
				/* the report sits in the state folder: shown escaped */
				lt_escape_write_lines(out, b.data ? b.data : "", b.len);
				fflush(out);
			}
			lt_buf_free(&b);
			if (out)
				lt_write_file_atomic(mark, "", 0);
		}
		free(txt);
		free(mark);
		free(names[i]);
	}
	free(names);
	free(dir);
}

void lt_cron_close(struct lt_cron *c)
{
	lt_lock_release(c->lock_fd);
	lt_resume_free(c->resume);
	lt_incr_state_free(&c->st);
	free(c->dir);
	free(c->case_dir);
	free(c->state_path);
	free(c->report_path);
	json_decref(c->links);
	for (size_t i = 0; i < c->nbefore; i++)
		free(c->before[i].id);
	free(c->before);
	memset(c, 0, sizeof *c);
	c->lock_fd = -1;
}
