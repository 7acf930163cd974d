/* leaktrail dump CASE: the records as JSON lines, in store (event time) order. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "evidence/audit.h"
#include "record/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char dump_help[] =
	"usage: leaktrail dump CASE [--source ID]\n\n"
	"Prints the records of CASE as JSON lines (one object per record), in event-time\n"
	"order (ties: source id, member, byte offset). Records without a time come first.\n"
	"Times are ISO 8601 UTC with microseconds; bytes that are not UTF-8 are shown as\n"
	"U+FFFD (the record store keeps them exactly).\n\n"
	"  --source ID   only the records of source ID (see CASE/manifest.json)\n\n"
	"Exit status: 0 done, 2 the record store is damaged (what could be read was\n"
	"printed), 64 bad arguments, 74 CASE has no record store.\n";

int cmd_dump(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		LT_CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	static const struct lt_cli_opts opts = { "s:", longopts, dump_help };
	long long source = -1;
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		switch (c) {
		case 's': {
			char *end;
			source = strtoll(optarg, &end, 10);
			if (*end || end == optarg || source < 1)
				return lt_usage_error("dump", "--source wants a source id (1, 2, ...), not '%s'", optarg);
			break;
		}
		}
	}
	if (c == LT_CLI_STOP)
		return cl->status;
	if (optind != argc - 1)
		return lt_usage_error("dump", optind >= argc ? "CASE is missing" : "one CASE only");
	char *dir = lt_xasprintf("%s/records", argv[optind]);
	struct lt_store_reader *r = lt_store_reader_open(dir);
	if (!r) {
		fprintf(stderr, "leaktrail dump: error: %s: %s (not a case made by 'leaktrail ingest'?)\n", lt_esc(dir),
			strerror(errno));
		free(dir);
		return LT_EXIT_IO;
	}
	free(dir);
	struct lt_buf b = LT_BUF_INIT;
	const struct lt_record *rec;
	while ((rec = lt_store_next(r)) != NULL) {
		if (source > 0) {
			int64_t id;
			if (!lt_rec_get_int(rec, LT_F_SOURCE_ID, &id) || id != source)
				continue;
		}
		lt_buf_reset(&b);
		lt_rec_to_json(rec, &b);
		lt_buf_putc(&b, '\n');
		if (fwrite(b.data, 1, b.len, stdout) != b.len)
			break;
	}
	lt_buf_free(&b);
	int status = LT_EXIT_OK;
	if (lt_store_reader_error(r)) {
		fprintf(stderr, "leaktrail dump: error: %s\n", lt_esc(lt_store_reader_error(r)));
		status = LT_EXIT_FAULTS;
	}
	lt_store_reader_close(r);
	cl->audit_case = argv[optind];
	lt_cli_case_files(&cl->in, argv[optind], (const char *const[]){ "manifest.json", NULL });
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "leaktrail dump: error: writing the output: %s\n", strerror(errno));
		return LT_EXIT_IO;
	}
	return status;
}
