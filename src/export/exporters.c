/* The exporter table: see exporters.h. */
#include "export/exporters.h"

#include <string.h>

#include "export/csv.h"
#include "export/ecs_bulk.h"
#include "export/jsonl.h"

static void write_csv(const struct lt_export_job *job)
{
	lt_export_csv(job->tl, job->out, job->bom);
}

static void write_jsonl(const struct lt_export_job *job)
{
	lt_export_jsonl(job->tl, job->out);
}

static void write_ecs_bulk(const struct lt_export_job *job)
{
	lt_export_ecs_bulk(job->tl, job->out);
}

static void write_html(const struct lt_export_job *job)
{
	lt_export_html(job->tl, job->report, job->out);
}

static const struct lt_exporter exp_html = {
	.name = "html", .ext = "html", .base = "report", .per_lang = true,
	.needs_report = true, .in_run = true, .write = write_html,
};
static const struct lt_exporter exp_csv = {
	.name = "csv", .ext = "csv", .base = "timeline", .in_run = true,
	.write = write_csv, .chain_reader = lt_tlcheck_csv,
};
static const struct lt_exporter exp_jsonl = {
	.name = "jsonl", .ext = "jsonl", .base = "timeline", .in_run = true,
	.write = write_jsonl, .chain_reader = lt_tlcheck_jsonl,
};

/* Not in `run`: shipping to OpenSearch is a choice, not every case's need. */
static const struct lt_exporter exp_ecs_bulk = {
	.name = "ecs-bulk", .ext = "ndjson", .base = "timeline",
	.write = write_ecs_bulk, .chain_reader = lt_tlcheck_ecs_bulk,
};

const struct lt_exporter *const lt_exporters[] = { &exp_html, &exp_csv, &exp_jsonl, &exp_ecs_bulk, NULL };

const struct lt_exporter *lt_exporter_find(const char *name)
{
	for (size_t i = 0; name && lt_exporters[i]; i++)
		if (strcmp(lt_exporters[i]->name, name) == 0)
			return lt_exporters[i];
	return NULL;
}

lt_chain_reader lt_exporter_chain_reader(const char *name)
{
	const struct lt_exporter *x = lt_exporter_find(name);
	return x ? x->chain_reader : NULL;
}

static void append(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(dst);
	size_t len = strlen(s);
	if (n + len < cap)
		memcpy(dst + n, s, len + 1);
}

const char *lt_exporter_names(void)
{
	static char names[256];
	if (names[0])
		return names;
	for (size_t i = 0; lt_exporters[i]; i++) {
		if (i > 0)
			append(names, sizeof names, lt_exporters[i + 1] ? ", " : " or ");
		append(names, sizeof names, lt_exporters[i]->name);
	}
	return names;
}
