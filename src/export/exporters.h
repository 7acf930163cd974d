/* The exporter table: every timeline format leaktrail writes, as Fluent
 * Bit lists its output plugins. Adding a format is one writer file, one
 * line in the table (export/exporters.c) and, for a chained format, its
 * chain reader in evidence/tlcheck.c; `timeline --format`, `run`, the
 * default file names and `verify` all follow the table.
 *
 * Ownership: the table and its entries are static and never freed.
 */
#ifndef LT_EXPORTERS_H
#define LT_EXPORTERS_H
#include <stdbool.h>

#include "evidence/tlcheck.h"
#include "export/html.h"
#include "export/out.h"
#include "export/timeline.h"

/* What a writer gets. report is set only for exporters that need it. */
struct lt_export_job {
	const struct lt_timeline *tl;
	struct lt_out *out;
	int bom;				/* CSV: write the UTF-8 byte-order mark */
	const struct lt_html_case *report;	/* manifest, coverage, activity (needs_report) */
};

struct lt_exporter {
	const char *name;		/* --format NAME, and the manifest's outputs.format */
	const char *ext;		/* file name extension */
	const char *base;		/* default file name: CASE/exports/BASE[.LANG].EXT */
	bool per_lang;			/* the default name carries the language */
	bool needs_report;		/* the writer reads job->report */
	bool in_run;			/* `leaktrail run` writes it (per language when per_lang) */
	void (*write)(const struct lt_export_job *job);
	/* Chained formats: every row carries the previous row's hash; verify
	 * re-walks the file with this reader. NULL: not chained. */
	lt_chain_reader chain_reader;
};

/* NULL-terminated, in the order `run` writes them. */
extern const struct lt_exporter *const lt_exporters[];
/* The exporter called name, or NULL. */
const struct lt_exporter *lt_exporter_find(const char *name);
/* The chain reader of format name, or NULL when it is not a chained format
 * (verify's lookup, handed down to evidence/verify.c). */
lt_chain_reader lt_exporter_chain_reader(const char *name);
/* "csv, jsonl or html": for messages. Static storage. */
const char *lt_exporter_names(void);

#endif
