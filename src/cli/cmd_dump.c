/* leaktrail dump CASE: the records as JSON lines, in store (event time) order. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int cmd_dump(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "source", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	long long source = -1;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's': {
			char *end;
			source = strtoll(optarg, &end, 10);
			if (*end || end == optarg || source < 1)
				return lt_usage_error("dump", "--source wants a source id (1, 2, ...), not '%s'", optarg);
			break;
		}
		case 'h':
			fputs(dump_help, stdout);
			return LT_EXIT_OK;
		default:
			return lt_usage_error("dump", "unknown option");
		}
	}
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
	lt_audit_case(argv[optind], argc, argv, status, 0, (const char *const[]){ "manifest.json", NULL }, NULL);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "leaktrail dump: error: writing the output: %s\n", strerror(errno));
		return LT_EXIT_IO;
	}
	return status;
}
