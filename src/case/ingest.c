/* The ingest pipeline: see ingest.h. */
#include "case/ingest.h"
#include "util/atomicfile.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <libgen.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sys/mman.h>
#include <ftw.h>
#include <sys/wait.h>
#include <unistd.h>

#include "case/shard.h"
#include "evidence/manifest.h"
#include "parse/parse.h"
#include "record/store.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/sort.h"
#include "util/xalloc.h"

#define SUMMARY_STREAMS 20	/* streams with unparsed lines listed in the summary */
#define SUMMARY_SAMPLES 2	/* examples shown per stream */

struct ingest {
	const struct lt_ingest_opts *o;
	json_t *man;
	json_t *sources;		/* the manifest's "sources" array */
	json_t *streams;		/* streams of the current source */
	int64_t id_base;		/* source ids of this run are id_base + walker id */
	struct lt_store_writer *w;
	/* the stream being parsed */
	struct lt_parse_result res;
	bool have_res;
	uint64_t year_inferred;
	const struct lt_tz *tz;		/* the stream's zone (tzpolicy.h) and why */
	const char *tz_from, *tz_rule;
	size_t tz_first;		/* the stream's rule; host rules before it decide per line */
	bool by_host;			/* host rules may decide lines of this stream */
	uint64_t host_zoned;		/* records whose zone a host rule chose */
	lt_time_us mtime;
	uint64_t timed, after_mtime, small_hours;	/* time sanity (doc/time-zones.md) */
	/* totals */
	uint64_t nsources, nstreams, records, unparsed, lines;
	uint64_t by_status[4];
	uint64_t faults;		/* streams or sources with faults */
	bool io_error;
	char *io_msg;
	/* progress on a terminal (stderr), single-process runs only */
	bool progress, progress_shown;
	uint64_t prog_bytes, prog_records;
	uint64_t prog_total;		/* stored bytes of all inputs, for the time left */
	uint64_t prog_stored_done;	/* stored bytes of the sources already read */
	const struct lt_source *prog_src;	/* the source being read */
	lt_time_us prog_start, prog_last;
	struct prog_slot *prog_slot;	/* -j worker: publish counts here for the parent */
};

/* A -j worker's counts, in memory shared with the parent, which sums them
 * for the progress line. Plain aligned 64-bit stores: a display may be a
 * moment behind, never torn on the platforms we build for. */
struct prog_slot {
	volatile uint64_t bytes, records, sources, stored;
};

static lt_time_us wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (lt_time_us)ts.tv_sec * LT_US_PER_SEC + ts.tv_nsec / 1000;
}

static ssize_t stream_read(void *arg, void *buf, size_t n)
{
	return lt_stream_read(arg, buf, n);
}

static lt_time_us mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (lt_time_us)ts.tv_sec * LT_US_PER_SEC + ts.tv_nsec / 1000;
}

/* Stored bytes of every regular file under the inputs, as the walk will
 * find them (links inside folders are not followed): the measure of "how
 * far along" for the time left. Cheap: metadata only. */
static uint64_t tree_bytes;

static int add_size(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)path;
	(void)ftw;
	if (flag == FTW_F && S_ISREG(st->st_mode))
		tree_bytes += (uint64_t)st->st_size;
	return 0;
}

static uint64_t inputs_bytes(const struct lt_ingest_opts *o)
{
	tree_bytes = 0;
	for (size_t i = 0; i < o->ninputs; i++) {
		struct stat st;
		if (strcmp(o->inputs[i], "-") == 0 || stat(o->inputs[i], &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			nftw(o->inputs[i], add_size, 32, FTW_PHYS);
		else if (S_ISREG(st.st_mode))
			tree_bytes += (uint64_t)st.st_size;
	}
	return tree_bytes;
}

static void progress_print(struct ingest *g, lt_time_us now, uint64_t sources, uint64_t bytes, uint64_t records,
			   uint64_t stored)
{
	double secs = (double)(now - g->prog_start) / 1e6;
	double mb = (double)bytes / 1e6;
	fprintf(stderr, "\rleaktrail ingest: %llu source(s), %.0f MB of logs, %llu records, %.0f MB/s, %d:%02d elapsed",
		(unsigned long long)sources, mb, (unsigned long long)records,
		secs > 0 ? mb / secs : 0.0, (int)secs / 60, (int)secs % 60);
	/* time left: the stored bytes still to read at the pace so far */
	if (stored > 0 && g->prog_total > stored && secs >= 0.5) {
		double left = secs * (double)(g->prog_total - stored) / (double)stored;
		fprintf(stderr, ", about %d:%02d left ", (int)left / 60, (int)left % 60);
	} else {
		fputs(" ", stderr);
	}
	g->progress_shown = true;
}

static uint64_t stored_so_far(const struct ingest *g)
{
	return g->prog_stored_done + (g->prog_src ? g->prog_src->size : 0);
}

/* One status line, rewritten in place at most twice a second. */
static void progress_tick(struct ingest *g)
{
	lt_time_us now = mono_now();
	if (now - g->prog_last < LT_US_PER_SEC / 2)
		return;
	g->prog_last = now;
	progress_print(g, now, g->nsources + 1, g->prog_bytes, g->prog_records, stored_so_far(g));
}

static void progress_clear(struct ingest *g)
{
	if (g->progress_shown)
		fputs("\r\033[K", stderr);
	g->progress_shown = false;
}

/* Reads through the stream's reader and counts the bytes for the progress line. */
struct counted_read {
	lt_read_fn read;
	void *arg;
	struct ingest *g;
};

static ssize_t counted_read(void *arg, void *buf, size_t n)
{
	struct counted_read *c = arg;
	ssize_t k = c->read(c->arg, buf, n);
	if (k > 0) {
		struct ingest *g = c->g;
		g->prog_bytes += (uint64_t)k;
		if (g->prog_slot) {
			g->prog_slot->bytes = g->prog_bytes;
			g->prog_slot->records = g->prog_records;
			g->prog_slot->sources = g->nsources;
			g->prog_slot->stored = stored_so_far(g);
		} else {
			progress_tick(g);
		}
	}
	return k;
}

/* Count what the stream-end warnings need: times after the file's last
 * write (a wrong zone or clock), and local hours 0-5 (a zone that looks
 * wrong puts a whole working day there). */
static void time_sanity(struct ingest *g, const struct lt_record *rec)
{
	lt_time_us t;
	if (!lt_rec_get_time(rec, LT_F_TIMESTAMP, &t))
		return;
	g->timed++;
	if (g->mtime != LT_TIME_NONE && t > g->mtime + 86400 * LT_US_PER_SEC)
		g->after_mtime++;
	/* Local is the organisation's (default) zone: a stream read in a wrong
	 * per-source zone shows as hours nobody works there. */
	const struct lt_tz *local = g->o->tzp ? g->o->tzp->tz : g->o->tz;
	struct lt_civil c;
	lt_time_to_civil(t, lt_tz_offset_at(local, t), &c);
	if (c.hour < 6)
		g->small_hours++;
}

/* lt_parse_env.host_tz: the zone of a line by its syslog host. */
static const struct lt_tz *host_zone(const void *arg, const char *host, size_t n, const char **from)
{
	const struct ingest *g = arg;
	const char *rule;
	return lt_tz_policy_host(g->o->tzp, g->tz_first, host, n, from, &rule);
}

static int emit_to_store(void *arg, const struct lt_record *rec)
{
	struct ingest *g = arg;
	if (lt_rec_get(rec, LT_F_TIME_YEAR_INFERRED))
		g->year_inferred++;
	if (lt_rec_get(rec, LT_F_TIME_ZONE_FROM))
		g->host_zoned++;
	time_sanity(g, rec);
	g->prog_records++;
	if (lt_store_write(g->w, rec) < 0) {
		if (!g->io_error) {
			g->io_error = true;
			g->io_msg = lt_xasprintf("cannot write the record store in %s/records: %s",
						 g->o->case_dir, strerror(errno));
		}
		return -1;
	}
	return 0;
}

/* A message as JSON text without trailing white space (libarchive's end in "\n"). */
static json_t *json_msg(const char *m)
{
	if (!m)
		return json_null();
	size_t n = strlen(m);
	while (n && (m[n - 1] == '\n' || m[n - 1] == '\r' || m[n - 1] == ' '))
		n--;
	return lt_json_text(m, n);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}

static void on_source_begin(const struct lt_source *src, void *arg)
{
	struct ingest *g = arg;
	g->prog_src = src;
	g->streams = json_array();
}

static int on_stream(struct lt_stream *s, void *arg)
{
	struct ingest *g = arg;
	const struct lt_ingest_opts *o = g->o;
	progress_clear(g);	/* warnings about this stream start on a clean line */
	const char *name = s->member ? base_name(s->member) : base_name(s->source->path);
	struct lt_stream_view view = { stream_read, s, 0, 0, NULL, false };
	if (o->hook)
		o->hook->begin(o->hook->arg, s, &view);
	if (view.skip)
		return 0;
	struct counted_read cr = { view.read, view.read_arg, g };
	if (g->progress || g->prog_slot) {
		view.read = counted_read;
		view.read_arg = &cr;
	}
	struct lt_parse_input in = {
		view.read, view.read_arg, s, s->kind == LT_KIND_EVTX || s->kind == LT_KIND_BINARY, name,
		g->id_base + s->source->id, s->source->path, s->member, view.base_offset, view.base_lineno,
	};
	g->tz = o->tz;
	g->tz_from = o->tz_from;
	g->tz_rule = NULL;
	g->tz_first = 0;
	g->host_zoned = 0;
	if (o->tzp)
		g->tz = lt_tz_policy_pick(o->tzp, s->source->path, s->member, &g->tz_from, &g->tz_rule, &g->tz_first);
	g->by_host = o->tzp && lt_tz_policy_has_host_rules(o->tzp, g->tz_first);
	g->mtime = s->mtime;
	g->timed = g->after_mtime = g->small_hours = 0;
	struct lt_parse_env env = {
		g->tz, s->mtime, s->source->path, s->member, o->parser_options, o->nparser_options,
		g->by_host ? host_zone : NULL, g,
	};
	struct lt_parse_opts popts = { view.format ? view.format : o->format, NULL, o->encoding, 0 };
	g->year_inferred = 0;
	int rc = lt_parse_stream(&in, &env, &popts, emit_to_store, g, &g->res);
	g->have_res = true;
	if (o->hook)
		o->hook->end(o->hook->arg, s, &g->res);
	return rc < 0 && g->io_error ? -1 : 0;
}

static json_t *counts_json(const struct ingest *g, const struct lt_parse_stats *st)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			 "bytes_read", (json_int_t)st->bytes,
			 "lines", (json_int_t)st->lines,
			 "records", (json_int_t)st->records,
			 "lines_with_records", (json_int_t)st->lines_record,
			 "meta", (json_int_t)st->meta,
			 "pending", (json_int_t)st->pending,
			 "unparsed", (json_int_t)st->unparsed,
			 "truncated_lines", (json_int_t)st->truncated,
			 "records_year_inferred", (json_int_t)g->year_inferred,
			 "recognised", (json_int_t)st->recognised,
			 "generic", (json_int_t)st->generic,
			 "fallback", (json_int_t)st->fallback,
			 "encoding_errors", (json_int_t)st->encoding_errors);
}

/* Recognised lines per parser (the stream's and per-line fallbacks). */
static json_t *by_parser_json(const struct lt_parse_stats *st)
{
	json_t *o = json_object();
	for (size_t i = 0; i < st->nby_parser; i++)
		json_object_set_new(o, st->by_parser[i].name, json_integer((json_int_t)st->by_parser[i].lines));
	return o;
}

#define SMALL_HOURS_MIN 10	/* records before "zone looks wrong" can be said */

/* The stream's zone, where it came from, and the time warnings. */
static json_t *stream_time_json(struct ingest *g, const struct lt_stream *s)
{
	json_t *t = json_pack("{s:s, s:s, s:o}", "zone", lt_tz_name(g->tz),
			      "zone_from", g->tz_from ? g->tz_from : "none given: UTC assumed",
			      "year_reference", lt_json_time(s->mtime));
	if (g->tz_rule)
		json_object_set_new(t, "zone_rule", lt_json_ctext(g->tz_rule));
	if (g->by_host)
		json_object_set_new(t, "records_zone_by_host", json_integer((json_int_t)g->host_zoned));
	json_t *w = json_array();
	struct lt_loc loc = { s->source->path, s->member, 0, 0, 0 };
	if (g->timed && g->after_mtime == g->timed) {
		json_array_append_new(w, json_string("every time is more than a day after the file's last write: "
						     "check the zone and the source's clock"));
		lt_diag(LT_WARN, &loc, "every time is more than a day after the file's last write (zone %s): "
			"check the zone and the source's clock", lt_tz_name(g->tz));
	}
	if (g->timed >= SMALL_HOURS_MIN && g->small_hours == g->timed) {
		json_array_append_new(w, json_string("every time falls between 0:00 and 6:00 local: the zone looks wrong"));
		lt_diag(LT_WARN, &loc, "every time falls between 0:00 and 6:00 in %s: the zone looks wrong "
			"(--tz, context sources)", lt_tz_name(g->o->tzp ? g->o->tzp->tz : g->o->tz));
	}
	json_object_set_new(t, "warnings", w);
	return t;
}

static void on_stream_end(const struct lt_stream *s, void *arg)
{
	struct ingest *g = arg;
	const struct lt_parse_result *r = g->have_res ? &g->res : NULL;
	json_t *js = json_object();
	json_t *faults = json_array();
	json_object_set_new(js, "member", lt_json_ctext(s->member));
	json_object_set_new(js, "filters", json_string(s->filters ? s->filters : ""));
	json_object_set_new(js, "kind", json_string(lt_kind_name(s->kind)));
	json_object_set_new(js, "mtime", lt_json_time(s->mtime));
	json_object_set_new(js, "size", json_integer((json_int_t)s->size));
	json_object_set_new(js, "sha256", json_string(s->sha256));
	json_object_set_new(js, "status", json_string(s->partial ? "partial" : "complete"));
	if (s->fault)
		json_array_append_new(faults, json_msg(s->fault));
	if (r && r->parser) {
		json_t *p = json_pack("{s:s}", "name", r->parser->name);
		if (r->confidence < 0)
			json_object_set_new(p, "forced", json_true());
		else
			json_object_set_new(p, "confidence", json_integer(r->confidence));
		json_object_set_new(js, "parser", p);
	} else {
		json_object_set_new(js, "parser", json_null());
	}
	if (r && r->refused)
		json_object_set_new(js, "parser_refused", json_string(r->refused));
	json_object_set_new(js, "encoding", r ? json_pack("{s:s, s:b}", "name", r->encoding,
							"forced", r->encoding_forced)
					      : json_null());
	json_object_set_new(js, "time", stream_time_json(g, s));
	if (r) {
		const struct lt_parse_stats *st = &r->stats;
		json_object_set_new(js, "counts", counts_json(g, st));
		json_object_set_new(js, "lines_by_parser", by_parser_json(st));
		json_t *reasons = json_object();
		for (size_t i = 0; i < st->nreasons; i++)
			json_object_set_new(reasons, st->reasons[i].reason,
					    json_integer((json_int_t)st->reasons[i].count));
		json_object_set_new(js, "unparsed_reasons", reasons);
		json_t *samples = json_array();
		for (size_t i = 0; i < st->nsamples; i++)
			json_array_append_new(samples, json_pack("{s:I, s:I, s:s, s:s}",
				"offset", (json_int_t)st->samples[i].offset,
				"line", (json_int_t)st->samples[i].lineno,
				"reason", st->samples[i].reason,
				"text", st->samples[i].text));
		json_object_set_new(js, "unparsed_samples", samples);
		if (st->truncated)
			json_array_append_new(faults, json_sprintf("%" PRIu64 " line(s) longer than %d bytes were cut",
								   st->truncated, LT_MAX_LINE));
		if (!r->parser && st->lines && (s->kind == LT_KIND_BINARY || s->kind == LT_KIND_EVTX))
			json_array_append_new(faults, json_string("binary data that no parser reads"));
		g->records += st->records;
		g->unparsed += st->unparsed;
		g->lines += st->lines;
		if (!r->parser && st->lines) {
			struct lt_loc loc = { s->source->path, s->member, 0, 0, 0 };
			lt_diag(LT_WARN, &loc, "no parser recognised this %s (%" PRIu64 " lines kept as unparsed)%s",
				s->kind == LT_KIND_BINARY ? "binary data" : "format", st->lines,
				g->o->format ? "" : "; try --format NAME (leaktrail parsers lists them)");
		}
	}
	if (json_array_size(faults))
		g->faults++;
	json_object_set_new(js, "faults", faults);
	json_array_append_new(g->streams, js);
	g->nstreams++;
	if (g->have_res)
		lt_parse_result_free(&g->res);
	g->have_res = false;
}

static void on_source_end(const struct lt_source *src, void *arg)
{
	struct ingest *g = arg;
	if (g->o->hook && g->o->hook->source_end)
		g->o->hook->source_end(g->o->hook->arg, src);
	g->prog_stored_done += src->size;
	g->prog_src = NULL;
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer((json_int_t)(g->id_base + src->id)));
	json_object_set_new(j, "path", lt_json_ctext(src->path));
	json_object_set_new(j, "size", json_integer((json_int_t)src->size));
	json_object_set_new(j, "mtime", lt_json_time(src->mtime));
	json_object_set_new(j, "sha256", json_string(src->digests.sha256));
	json_object_set_new(j, "sha1", json_string(src->digests.sha1));
	json_object_set_new(j, "md5", json_string(src->digests.md5));
	json_object_set_new(j, "kind", json_string(lt_kind_name(src->kind)));
	json_object_set_new(j, "status", json_string(lt_source_status_name(src->status)));
	json_object_set_new(j, "reason", json_msg(src->reason));
	json_object_set_new(j, "streams", g->streams);
	g->streams = NULL;
	json_array_append_new(g->sources, j);
	g->nsources++;
	if ((unsigned)src->status < 4)
		g->by_status[src->status]++;
	if (src->status != LT_SOURCE_COMPLETE)
		g->faults++;
}

/* ---- the case directory ---- */

static int dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	struct dirent *de;
	int empty = 1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
			empty = 0;
			break;
		}
	closedir(d);
	return empty;
}

/* Open or create the case; fills *man. Returns 0 or an exit status. */
static int open_case(const struct lt_ingest_opts *o, json_t **man)
{
	struct stat st;
	if (stat(o->case_dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			fprintf(stderr, "leaktrail ingest: error: %s exists and is not a directory\n", lt_esc(o->case_dir));
			return LT_EXIT_USAGE;
		}
		int empty = dir_is_empty(o->case_dir);
		if (empty < 0) {
			fprintf(stderr, "leaktrail ingest: error: %s: %s\n", lt_esc(o->case_dir), strerror(errno));
			return LT_EXIT_IO;
		}
		if (!empty && !o->append) {
			fprintf(stderr, "leaktrail ingest: error: %s is not empty: give a new case directory, "
				"or --append to add these inputs to the case\n", o->case_dir);
			return LT_EXIT_USAGE;
		}
		if (!empty) {
			char *err = NULL;
			*man = lt_manifest_load(o->case_dir, &err);
			if (!*man) {
				fprintf(stderr, "leaktrail ingest: error: cannot append: %s\n", lt_esc(err));
				free(err);
				return LT_EXIT_USAGE;
			}
			const char *fmt = json_string_value(json_object_get(*man, "format"));
			if (!fmt || strcmp(fmt, LT_MANIFEST_FORMAT) != 0) {
				fprintf(stderr, "leaktrail ingest: error: cannot append: %s/%s is not a %s manifest\n",
					o->case_dir, LT_MANIFEST_NAME, LT_MANIFEST_FORMAT);
				json_decref(*man);
				*man = NULL;
				return LT_EXIT_USAGE;
			}
			return 0;
		}
	} else if (lt_mkdir_p(o->case_dir) < 0) {
		fprintf(stderr, "leaktrail ingest: error: cannot create %s: %s\n", lt_esc(o->case_dir), strerror(errno));
		return LT_EXIT_IO;
	}
	*man = lt_manifest_new();
	return 0;
}

static void fill_case_section(const struct lt_ingest_opts *o, json_t *man)
{
	json_t *c = lt_manifest_section(man, "case");
	if (o->case_id || !json_object_get(c, "id")) {
		char *copy = lt_xstrdup(o->case_dir);
		size_t n = strlen(copy);
		while (n > 1 && copy[n - 1] == '/')
			copy[--n] = '\0';
		json_object_set_new(c, "id", lt_json_ctext(o->case_id ? o->case_id : base_name(copy)));
		free(copy);
	}
	if (o->examiner)
		json_object_set_new(c, "examiner", lt_json_ctext(o->examiner));
	else if (!json_object_get(c, "examiner"))
		json_object_set_new(c, "examiner", json_null());
}

/* The run's default zone, its per-source rules, and the warning when no
 * zone was given at all. */
static json_t *run_zone_json(const struct lt_ingest_opts *o)
{
	if (!o->tzp)
		return json_pack("{s:s, s:s}", "name", lt_tz_name(o->tz), "from", o->tz_from ? o->tz_from : "caller");
	json_t *z = json_pack("{s:s, s:s}", "name", lt_tz_name(o->tzp->tz), "from", o->tzp->from);
	json_t *rules = json_array();
	for (size_t i = 0; i < o->tzp->nrules; i++)
		json_array_append_new(rules, json_pack("{s:o, s:s, s:o, s:s}", "glob", lt_json_ctext(o->tzp->rules[i].glob),
						       "zone", lt_tz_name(o->tzp->rules[i].tz),
						       "from", lt_json_ctext(o->tzp->rules[i].from),
						       "match", o->tzp->rules[i].host ? "host" : "path"));
	json_object_set_new(z, "sources", rules);
	if (o->tzp->assumed)
		json_object_set_new(z, "warning", json_string(LT_TZ_ASSUMED_WARNING));
	return z;
}

static json_t *run_entry(const struct lt_ingest_opts *o, int64_t run_no, lt_time_us started)
{
	json_t *cmd = json_array();
	for (int i = 0; i < o->argc; i++)
		json_array_append_new(cmd, lt_json_ctext(o->argv[i]));
	json_t *inputs = json_array();
	for (size_t i = 0; i < o->ninputs; i++)
		json_array_append_new(inputs, lt_json_ctext(o->inputs[i]));
	json_t *popts = json_array();
	for (size_t i = 0; i < o->nparser_options; i++)
		json_array_append_new(popts, lt_json_ctext(o->parser_options[i]));
	json_t *r = json_object();
	json_object_set_new(r, "run", json_integer((json_int_t)run_no));
	json_object_set_new(r, "command_line", cmd);
	json_object_set_new(r, "inputs", inputs);
	json_object_set_new(r, "started", lt_json_time(started));
	json_object_set_new(r, "finished", json_null());
	json_object_set_new(r, "time_zone", run_zone_json(o));
	json_object_set_new(r, "format", o->format ? json_string(o->format) : json_null());
	json_object_set_new(r, "encoding", o->encoding ? json_string(o->encoding) : json_null());
	json_object_set_new(r, "parser_options", popts);
	json_object_set_new(r, "caps", json_pack("{s:I, s:I, s:I, s:i}",
		"max_ratio", (json_int_t)o->input.max_ratio,
		"ratio_min_bytes", (json_int_t)o->input.ratio_min_bytes,
		"max_stream_bytes", (json_int_t)o->input.max_stream_bytes,
		"max_depth", (int)o->input.max_depth));
	return r;
}

/* ---- summary ---- */

/* Length of the longest prefix of s of at most max bytes that does not cut
 * a UTF-8 character. */
static size_t utf8_prefix(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* Sum a count over the streams of this run's sources. */
static uint64_t run_count(const struct ingest *g, const char *name)
{
	uint64_t sum = 0;
	size_t i, k;
	json_t *src, *st;
	json_array_foreach(g->sources, i, src) {
		if (json_integer_value(json_object_get(src, "id")) <= g->id_base)
			continue;
		json_array_foreach(json_object_get(src, "streams"), k, st)
			sum += (uint64_t)json_integer_value(json_object_get(json_object_get(st, "counts"), name));
	}
	return sum;
}

/* "parsed %" counts only the lines a parser understood (doc/record-format.md). */
static void print_accounting(const struct ingest *g, FILE *out)
{
	uint64_t rec = run_count(g, "recognised"), gen = run_count(g, "generic");
	if (!g->lines)
		return;
	fprintf(out, "  parsed: %" PRIu64 " of %" PRIu64 " line(s) recognised (%.1f %%), %" PRIu64
		" not understood (only a syslog header: kept as generic records), %" PRIu64 " unparsed\n",
		rec, g->lines, 100.0 * (double)rec / (double)g->lines, gen, g->unparsed);
}

static void print_summary(const struct ingest *g, FILE *out)
{
	fprintf(out, "leaktrail ingest: %" PRIu64 " source(s): %" PRIu64 " complete, %" PRIu64 " partial, %"
		PRIu64 " unreadable, %" PRIu64 " skipped; %" PRIu64 " stream(s), %" PRIu64 " line(s), %"
		PRIu64 " record(s), %" PRIu64 " unparsed line(s)\n",
		g->nsources, g->by_status[LT_SOURCE_COMPLETE], g->by_status[LT_SOURCE_PARTIAL],
		g->by_status[LT_SOURCE_UNREADABLE], g->by_status[LT_SOURCE_SKIPPED], g->nstreams, g->lines,
		g->records, g->unparsed);
	print_accounting(g, out);
	if (g->o->tzp && g->o->tzp->assumed)
		fprintf(out, "  warning: %s\n", LT_TZ_ASSUMED_WARNING);
	size_t i, k, listed = 0;
	json_t *src, *st;
	json_array_foreach(g->sources, i, src) {
		if (json_integer_value(json_object_get(src, "id")) <= g->id_base)
			continue;
		const char *path = json_string_value(json_object_get(src, "path"));
		const char *status = json_string_value(json_object_get(src, "status"));
		if (strcmp(status, "complete") != 0) {
			const char *reason = json_string_value(json_object_get(src, "reason"));
			fprintf(out, "  %s: %s%s%s\n", lt_esc(path), status, reason ? ": " : "", lt_esc(reason));
		}
		json_array_foreach(json_object_get(src, "streams"), k, st) {
			const char *member = json_string_value(json_object_get(st, "member"));
			json_t *faults = json_object_get(st, "faults");
			size_t f;
			json_t *fj;
			const char *reason = json_string_value(json_object_get(src, "reason"));
			json_array_foreach(faults, f, fj) {
				if (reason && strcmp(reason, json_string_value(fj)) == 0)
					continue;	/* already shown with the source */
				fprintf(out, "  %s%s%s: fault: %s\n", lt_esc(path), member ? " member " : "",
					lt_esc(member), lt_esc(json_string_value(fj)));
			}
			json_t *counts = json_object_get(st, "counts");
			json_int_t encerr = json_integer_value(json_object_get(counts, "encoding_errors"));
			if (encerr)
				fprintf(out, "  %s%s%s: %" JSON_INTEGER_FORMAT " line(s) not valid %s, decoded line by line "
					"(flagged leaktrail.encoding_error)\n", lt_esc(path), member ? " member " : "",
					lt_esc(member), encerr,
					json_string_value(json_object_get(json_object_get(st, "encoding"), "name")));
			json_int_t un = json_integer_value(json_object_get(counts, "unparsed"));
			if (!un)
				continue;
			if (listed++ == SUMMARY_STREAMS) {
				fprintf(out, "  ... more streams with unparsed lines: see %s/%s\n", g->o->case_dir,
					LT_MANIFEST_NAME);
				continue;
			}
			if (listed > SUMMARY_STREAMS)
				continue;
			json_t *p = json_object_get(st, "parser");
			json_int_t nlines = json_integer_value(json_object_get(counts, "lines"));
			const char *pname = p && json_is_object(p) ? json_string_value(json_object_get(p, "name")) : "none";
			/* A parser that reads the stream whole (XML, EVTX) counts unparsed
			 * entries, not lines: "1 of 0 line(s)" would be nonsense. */
			if (nlines >= un)
				fprintf(out, "  %s%s%s: %" JSON_INTEGER_FORMAT " of %" JSON_INTEGER_FORMAT
					" line(s) unparsed (parser %s)\n", lt_esc(path), member ? " member " : "",
					lt_esc(member), un, nlines, pname);
			else
				fprintf(out, "  %s%s%s: %" JSON_INTEGER_FORMAT " unparsed entr%s (parser %s, which reads the "
					"stream whole)\n", lt_esc(path), member ? " member " : "", lt_esc(member), un,
					un == 1 ? "y" : "ies", pname);
			size_t si;
			json_t *sj;
			json_array_foreach(json_object_get(st, "unparsed_samples"), si, sj) {
				if (si == SUMMARY_SAMPLES)
					break;
				const char *text = json_string_value(json_object_get(sj, "text"));
				size_t cut = utf8_prefix(text, 120);
				/* the sample is evidence: escaped before it reaches a terminal */
				struct lt_buf esc = LT_BUF_INIT;
				lt_escape_append(&esc, text, cut);
				fprintf(out, "    line %" JSON_INTEGER_FORMAT " (offset %" JSON_INTEGER_FORMAT "): %s: %s%s\n",
					json_integer_value(json_object_get(sj, "line")),
					json_integer_value(json_object_get(sj, "offset")),
					lt_esc(json_string_value(json_object_get(sj, "reason"))), esc.data,
					text[cut] ? "..." : "");
				lt_buf_free(&esc);
			}
		}
	}
	fprintf(out, "leaktrail ingest: %s%s: manifest %s/%s, records %s/records\n",
		g->faults ? "finished with faults in " : "done",
		g->faults ? "some inputs (see above)" : "", g->o->case_dir, LT_MANIFEST_NAME, g->o->case_dir);
}

static void walk_inputs(struct ingest *g, const struct lt_input_opts *in, const char *rdir)
{
	struct lt_input_callbacks cb = { on_source_begin, on_stream, on_stream_end, on_source_end, g };
	struct lt_input_opts with_known = *in;
	if (g->o->hook && g->o->hook->known) {
		/* an incremental run skips files it read whole and finds unchanged */
		with_known.known = g->o->hook->known;
		with_known.known_arg = g->o->hook->arg;
	}
	lt_input_walk(g->o->inputs, g->o->ninputs, &with_known, &cb);
	if (lt_store_writer_close(g->w) < 0 && !g->io_error) {
		g->io_error = true;
		g->io_msg = lt_xasprintf("cannot write the record store in %s: %s", rdir, strerror(errno));
	}
}

/* ---- parallel ingest (-j) ----
 * N worker processes walk the same inputs, so source ids agree, and each
 * reads every Nth source (lt_input_opts.shard_*). Each writes its own store
 * runs (numbered with O_EXCL, so they never collide) and the manifest
 * entries and counts of its sources to CASE/.ingest-worker-K.json; the
 * parent merges them in source id order, so the manifest is the one a single
 * process writes. Processes rather than threads: no parser or library state
 * needs guarding, and a worker that crashes cannot take the others down. */

static unsigned parallel_jobs(const struct lt_ingest_opts *o)
{
	if (o->jobs <= 1 || o->hook)
		return 1;	/* incremental runs update their state in-process */
	for (size_t i = 0; i < o->ninputs; i++)
		if (strcmp(o->inputs[i], "-") == 0)
			return 1;	/* stdin can be read once only */
	return o->jobs;
}

static char *worker_file(const struct ingest *g, unsigned k)
{
	return lt_xasprintf("%s/.ingest-worker-%u.json", g->o->case_dir, k);
}

static void run_worker(struct ingest *g, const char *rdir, unsigned n, unsigned k)
{
	struct lt_input_opts in = g->o->input;
	in.shard_count = n;
	in.shard_index = k;
	g->sources = json_array();
	char tag[32];
	snprintf(tag, sizeof tag, "w%02u", k + 1);
	g->w = lt_store_writer_open_tagged(rdir, g->o->run_bytes, tag);
	if (!g->w) {
		g->io_error = true;
		g->io_msg = lt_xasprintf("cannot create %s: %s", rdir, strerror(errno));
	} else {
		walk_inputs(g, &in, rdir);
	}
	json_t *out = json_pack("{s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:[I,I,I,I], s:s*}",
		"sources", g->sources, "nsources", (json_int_t)g->nsources,
		"nstreams", (json_int_t)g->nstreams, "records", (json_int_t)g->records,
		"unparsed", (json_int_t)g->unparsed, "lines", (json_int_t)g->lines,
		"faults", (json_int_t)g->faults, "by_status", (json_int_t)g->by_status[0],
		(json_int_t)g->by_status[1], (json_int_t)g->by_status[2], (json_int_t)g->by_status[3],
		"io_error", g->io_msg);
	char *path = worker_file(g, k);
	int rc = json_dump_file(out, path, JSON_COMPACT);
	free(path);
	_exit(rc == 0 ? 0 : 1);
}

static int cmp_source_id(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "id"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "id"));
	return (x > y) - (x < y);
}

static void worker_failed(struct ingest *g, unsigned k, const char *why)
{
	if (g->io_error)
		return;
	g->io_error = true;
	g->io_msg = lt_xasprintf("ingest worker %u of %s: %s", k + 1, g->o->case_dir, why);
}

/* Add worker k's sources and counts to g. */
static void merge_worker(struct ingest *g, unsigned k, json_t ***all, size_t *nall)
{
	char *path = worker_file(g, k);
	json_error_t jerr;
	json_t *w = json_load_file(path, 0, &jerr);
	unlink(path);
	free(path);
	if (!w) {
		worker_failed(g, k, "it left no result");
		return;
	}
	json_int_t v[6], st[4];
	const char *ioerr = NULL;
	json_t *sources;
	if (json_unpack(w, "{s:o, s:I, s:I, s:I, s:I, s:I, s:I, s:[I,I,I,I], s?s}", "sources", &sources,
			"nsources", &v[0], "nstreams", &v[1], "records", &v[2], "unparsed", &v[3],
			"lines", &v[4], "faults", &v[5], "by_status", &st[0], &st[1], &st[2], &st[3],
			"io_error", &ioerr) != 0) {
		worker_failed(g, k, "its result is unreadable");
		json_decref(w);
		return;
	}
	g->nsources += (uint64_t)v[0];
	g->nstreams += (uint64_t)v[1];
	g->records += (uint64_t)v[2];
	g->unparsed += (uint64_t)v[3];
	g->lines += (uint64_t)v[4];
	g->faults += (uint64_t)v[5];
	for (int i = 0; i < 4; i++)
		g->by_status[i] += (uint64_t)st[i];
	if (ioerr)
		worker_failed(g, k, ioerr);
	size_t i;
	json_t *s;
	json_array_foreach(sources, i, s) {
		*all = lt_xrealloc(*all, (*nall + 1) * sizeof **all);
		(*all)[(*nall)++] = json_incref(s);
	}
	json_decref(w);
}

/* Reap every worker; meanwhile show their summed progress on a terminal. */
static void wait_workers(struct ingest *g, const pid_t *pids, int *statuses, unsigned n,
			 const struct prog_slot *slots)
{
	unsigned left = 0;
	bool *done = lt_xcalloc(n, sizeof *done);
	for (unsigned k = 0; k < n; k++) {
		done[k] = pids[k] <= 0;
		left += !done[k];
	}
	while (left) {
		for (unsigned k = 0; k < n; k++) {
			if (done[k])
				continue;
			pid_t r = waitpid(pids[k], &statuses[k], slots ? WNOHANG : 0);
			if (r == pids[k] || (r < 0 && errno != EINTR)) {
				done[k] = true;
				left--;
			}
		}
		if (!left || !slots)
			continue;
		uint64_t sources = 0, bytes = 0, records = 0, stored = 0;
		for (unsigned k = 0; k < n; k++) {
			sources += slots[k].sources;
			bytes += slots[k].bytes;
			records += slots[k].records;
			stored += slots[k].stored;
		}
		progress_print(g, mono_now(), sources, bytes, records, stored);
		struct timespec ts = { 0, 500 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	progress_clear(g);
	free(done);
}

static void walk_parallel(struct ingest *g, const char *rdir, unsigned n)
{
	pid_t *pids = lt_xcalloc(n, sizeof *pids);
	struct prog_slot *slots = NULL;
	if (g->o->summary && isatty(fileno(stderr))) {
		slots = mmap(NULL, n * sizeof *slots, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (slots == MAP_FAILED)
			slots = NULL;
	}
	g->prog_start = mono_now();
	g->prog_total = slots ? inputs_bytes(g->o) : 0;
	fflush(NULL);
	for (unsigned k = 0; k < n; k++) {
		pids[k] = fork();
		if (pids[k] == 0) {
			g->prog_slot = slots ? &slots[k] : NULL;
			run_worker(g, rdir, n, k);
		}
		if (pids[k] < 0)
			worker_failed(g, k, strerror(errno));
	}
	int *statuses = lt_xcalloc(n, sizeof *statuses);
	wait_workers(g, pids, statuses, n, slots);
	json_t **all = NULL;
	size_t nall = 0;
	for (unsigned k = 0; k < n; k++) {
		int status = statuses[k];
		if (pids[k] <= 0)
			continue;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			worker_failed(g, k, WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "it failed");
		merge_worker(g, k, &all, &nall);
	}
	lt_qsort(all, nall, sizeof *all, cmp_source_id);
	for (size_t i = 0; i < nall; i++)
		json_array_append_new(g->sources, all[i]);
	free(all);
	free(pids);
	free(statuses);
	if (slots)
		munmap(slots, n * sizeof *slots);
}

/* --shard: plan this share and read only its sources (shard.h). */
static int shard_begin(const struct lt_ingest_opts *o, struct lt_shard *sh, struct lt_ingest_opts *so)
{
	char err[512];
	if (o->append) {
		fprintf(stderr, "leaktrail ingest: error: --shard makes a new case: it cannot be combined with --append\n");
		return LT_EXIT_USAGE;
	}
	if (lt_shard_plan(sh, o->shard, o->shards, o->inputs, o->ninputs, &o->input, err, sizeof err) != 0) {
		fprintf(stderr, "leaktrail ingest: error: %s\n", lt_esc(err));
		return LT_EXIT_USAGE;
	}
	*so = *o;
	so->input.select = lt_shard_select;
	so->input.select_arg = sh;
	return 0;
}

/* The input list must be the one planned: otherwise other shards, planned
 * on another list, may read a source twice or not at all. */
static int shard_end(const struct lt_ingest_opts *o, const struct lt_shard *sh)
{
	struct lt_shard now;
	char err[512];
	int rc = LT_EXIT_OK;
	if (lt_shard_plan(&now, o->shard, o->shards, o->inputs, o->ninputs, &o->input, err, sizeof err) != 0 ||
	    strcmp(now.digest, sh->digest) != 0 || sh->moved) {
		fprintf(stderr, "leaktrail ingest: error: the inputs changed while shard %u/%u was read "
			"(input list digest %s before, %s after): ingest every shard again\n",
			o->shard, o->shards, sh->digest, now.digest);
		rc = LT_EXIT_IO;
	}
	lt_shard_free(&now);
	return rc;
}

static int ingest_all(const struct lt_ingest_opts *o, const struct lt_shard *sh);

int lt_ingest(const struct lt_ingest_opts *o)
{
	if (!o->shards)
		return ingest_all(o, NULL);
	struct lt_shard sh;
	struct lt_ingest_opts so;
	int rc = shard_begin(o, &sh, &so);
	if (rc)
		return rc;
	rc = ingest_all(&so, &sh);
	if (rc != LT_EXIT_IO && rc != LT_EXIT_USAGE) {
		int end = shard_end(o, &sh);
		if (end)
			rc = end;
	}
	lt_shard_free(&sh);
	return rc;
}

static int ingest_all(const struct lt_ingest_opts *o, const struct lt_shard *sh)
{
	json_t *man = NULL;
	int rc = open_case(o, &man);
	if (rc)
		return rc;
	if (sh)
		json_object_set_new(man, "shard", lt_shard_json(sh));
	lt_time_us started = wall_now();
	struct ingest g;
	memset(&g, 0, sizeof g);
	g.o = o;
	g.man = man;
	fill_case_section(o, man);
	json_t *runs = lt_manifest_array(man, "ingest");
	json_t *run = run_entry(o, (int64_t)json_array_size(runs) + 1, started);
	json_array_append_new(runs, run);
	g.sources = lt_manifest_array(man, "sources");
	g.id_base = lt_manifest_max_source_id(man);
	json_object_set_new(run, "first_source_id", json_integer((json_int_t)g.id_base + 1));

	char *rdir = lt_xasprintf("%s/records", o->case_dir);
	g.w = lt_store_writer_open(rdir, o->run_bytes);
	if (!g.w) {
		fprintf(stderr, "leaktrail ingest: error: cannot create %s: %s\n", lt_esc(rdir), strerror(errno));
		free(rdir);
		json_decref(man);
		return LT_EXIT_IO;
	}
	if (parallel_jobs(o) > 1) {
		lt_store_writer_close(g.w);	/* empty: each worker opens its own */
		walk_parallel(&g, rdir, parallel_jobs(o));
	} else {
		g.progress = o->summary && isatty(fileno(stderr));
		g.prog_start = g.prog_last = mono_now();
		g.prog_total = g.progress ? inputs_bytes(o) : 0;
		walk_inputs(&g, &o->input, rdir);
		progress_clear(&g);
	}
	free(rdir);
	/* A shard's ids are those of the full input list, so they end there. */
	size_t last = sh ? sh->nsources : g.nsources;
	json_object_set_new(run, "last_source_id", json_integer((json_int_t)(g.id_base + last)));
	json_object_set_new(run, "summary", json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}",
		"sources", (json_int_t)g.nsources, "streams", (json_int_t)g.nstreams,
		"lines", (json_int_t)g.lines, "records", (json_int_t)g.records,
		"unparsed", (json_int_t)g.unparsed, "faults", (json_int_t)g.faults));
	json_object_set_new(run, "finished", lt_json_time(wall_now()));
	if (lt_manifest_save(o->case_dir, man) < 0 && !g.io_error) {
		g.io_error = true;
		g.io_msg = lt_xasprintf("cannot write %s/%s: %s", o->case_dir, LT_MANIFEST_NAME, strerror(errno));
	}
	if (o->summary)
		print_summary(&g, o->summary);
	json_decref(man);
	if (g.io_error) {
		fprintf(stderr, "leaktrail ingest: error: %s\n", lt_esc(g.io_msg));
		free(g.io_msg);
		return LT_EXIT_IO;
	}
	return g.faults ? LT_EXIT_FAULTS : LT_EXIT_OK;
}
