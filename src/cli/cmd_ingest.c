/* leaktrail ingest -o CASE INPUT...: read evidence into a case. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "evidence/audit.h"
#include "evidence/storerec.h"
#include "parse/encoding.h"
#include "case/ingest.h"
#include "case/shard.h"
#include "case/tzpolicy.h"
#include "context/context.h"
#include "parse/parser.h"
#include "parse/userformat.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/xalloc.h"

static const char ingest_help[] =
	"usage: leaktrail ingest -o CASE [OPTIONS] INPUT...\n\n"
	"Reads log files, directories (recursively, in sorted order), compressed files\n"
	"and archives (nested too) or - (stdin) as evidence, read-only. Writes the\n"
	"normalised records to CASE/records/ and the evidence manifest (hashes, parsers,\n"
	"counts, faults) to CASE/manifest.json.\n\n"
	"  -o, --output CASE        the case directory (new or empty, unless --append)\n"
	"      --append             add these inputs to an existing case\n"
	"      --tz ZONE            zone of timestamps that carry none (default: the context's\n"
	"                           organisation.time_zone, else UTC with a warning; never the\n"
	"                           machine's zone)\n"
	"      --tz GLOB=ZONE       zone for inputs whose path or name matches GLOB (repeatable)\n"
	"      --tz host:GLOB=ZONE  zone for lines whose syslog host matches GLOB (repeatable)\n"
	"      --context FILE       the context (doc/context.md), read for its time zones\n"
	"      --format NAME        use this parser for every stream (see 'leaktrail parsers')\n"
	"      --encoding NAME      text encoding of the inputs (UTF-8, CP932, EUC-JP, UTF-16LE,\n"
	"                           UTF-16BE, ISO-2022-JP, WINDOWS-1252; default: detected)\n"
	"      --parser-option PARSER.NAME=VALUE  a parser's option (repeatable;\n"
	"                          'leaktrail parsers --options' lists them)\n"
	"      --formats FILE       user-defined formats (YAML, doc/user-formats.md; repeatable;\n"
	"                           also the context's formats:); they can be forced with\n"
	"                           --format and take part in detection\n"
	"      --max-ratio N        stop a stream that decompresses to more than N times the\n"
	"                           bytes read from its file (default 1000; 0 = no cap)\n"
	"      --max-size BYTES     stop a stream after BYTES decompressed bytes (K, M, G, T\n"
	"                           suffixes; default 64G; 0 = no cap)\n"
	"      --case-id ID         case identifier for the manifest (default: CASE's name)\n"
	"      --examiner NAME      examiner's name for the manifest\n"
	"  -j, --jobs N             read N inputs at once in N worker processes (default: the\n"
	"                           number of processors); the case is the same for every N\n"
	"  -q, --quiet              no run summary and no progress line (errors are still shown)\n"
	"      --shard I/N          read only the I-th (0 .. N-1) of N shares of the sources,\n"
	"                           balanced by size, the same on every machine (doc/scale-out.md)\n\n"
	"Exit status: 0 clean, 2 some input had faults (the manifest says which; what\n"
	"could be read is kept), 64 bad arguments or CASE not empty, 74 cannot write CASE.\n";

/* "123", "64K", "2G": bytes. Returns 0 or -1. */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	case 't': case 'T': shift = 40; break;
	default: return -1;
	}
	if (*end && end[1] && !(end[1] == 'B' && end[2] == '\0') && !(end[1] == 'i' && end[2] == 'B' && !end[3]))
		return -1;
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

/* The context's formats: files (doc/user-formats.md). */
static int load_context_formats(const struct lt_context *ctx)
{
	const char *const *files;
	size_t n = lt_context_format_files(ctx, &files);
	char err[512];
	for (size_t i = 0; i < n; i++)
		if (lt_userformat_load(files[i], err, sizeof err) < 0)
			return lt_usage_error("ingest", "%s (named by the context's formats:)", err);
	return LT_EXIT_OK;
}

int cmd_ingest(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	enum { O_APPEND = 256, O_TZ, O_FORMAT, O_ENCODING, O_POPT, O_RATIO, O_SIZE, O_CASEID, O_EXAMINER, O_FORMATS, O_CONTEXT,
	       O_SHARD };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "append", no_argument, NULL, O_APPEND },
		{ "tz", required_argument, NULL, O_TZ },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "encoding", required_argument, NULL, O_ENCODING },
		{ "parser-option", required_argument, NULL, O_POPT },
		{ "formats", required_argument, NULL, O_FORMATS },
		{ "context", required_argument, NULL, O_CONTEXT },
		{ "max-ratio", required_argument, NULL, O_RATIO },
		{ "max-size", required_argument, NULL, O_SIZE },
		{ "case-id", required_argument, NULL, O_CASEID },
		{ "examiner", required_argument, NULL, O_EXAMINER },
		{ "quiet", no_argument, NULL, 'q' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "shard", required_argument, NULL, O_SHARD },
		LT_CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 }
	};
	static const struct lt_cli_opts opts = { "o:qj:", longopts, ingest_help };
	struct lt_ingest_opts o;
	memset(&o, 0, sizeof o);
	lt_input_opts_default(&o.input);
	o.argc = argc;
	o.argv = argv;
	o.summary = stderr;
	o.jobs = lt_default_jobs();
	const char *context = NULL;
	const char **formats = lt_xcalloc((size_t)argc + 1, sizeof *formats);
	size_t nformats = 0;
	struct lt_tz_policy tzp;
	lt_tz_policy_init(&tzp);
	char tzerr[256];
	const char **popts = lt_xcalloc((size_t)argc + 1, sizeof *popts);
	int c, status = LT_EXIT_OK;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		switch (c) {
		case 'o': o.case_dir = optarg; break;
		case O_APPEND: o.append = true; break;
		case O_TZ:
			if (lt_tz_policy_add_arg(&tzp, optarg, tzerr, sizeof tzerr) != 0) {
				status = lt_usage_error("ingest", "%s", tzerr);
				goto out;
			}
			break;
		case O_CONTEXT: context = optarg; break;
		case O_FORMAT: o.format = optarg; break;
		case O_ENCODING: o.encoding = optarg; break;
		case O_FORMATS: formats[nformats++] = optarg; break;
		case O_POPT: popts[o.nparser_options++] = optarg; break;
		case O_RATIO:
			if (parse_size(optarg, &o.input.max_ratio) < 0) {
				status = lt_usage_error("ingest", "--max-ratio wants a number, not '%s'", optarg);
				goto out;
			}
			break;
		case O_SIZE:
			if (parse_size(optarg, &o.input.max_stream_bytes) < 0) {
				status = lt_usage_error("ingest", "--max-size wants bytes (e.g. 500M, 2G), not '%s'", optarg);
				goto out;
			}
			break;
		case O_CASEID: o.case_id = optarg; break;
		case O_EXAMINER: o.examiner = optarg; break;
		case 'j':
			if (lt_parse_jobs(optarg, &o.jobs) != 0) {
				status = lt_usage_error("ingest", "--jobs wants a number from 1 to 64, not '%s'", optarg);
				goto out;
			}
			break;
		case O_SHARD: {
			char serr[256];
			if (lt_shard_parse(optarg, &o.shard, &o.shards, serr, sizeof serr) != 0) {
				status = lt_usage_error("ingest", "%s", serr);
				goto out;
			}
			break;
		}
		}
	}
	if (c == LT_CLI_STOP) {
		status = cl->status;
		goto out;
	}
	if (cl->quiet) {
		o.summary = NULL;
		lt_diag_set_quiet(1);
	}
	if (!o.case_dir) {
		status = lt_usage_error("ingest", "-o CASE is missing");
		goto out;
	}
	if (optind >= argc) {
		status = lt_usage_error("ingest", "no INPUT given");
		goto out;
	}
	for (size_t i = 0; i < nformats; i++) {
		char err[512];
		if (lt_userformat_load(formats[i], err, sizeof err) < 0) {
			status = lt_usage_error("ingest", "%s", err);
			goto out;
		}
	}
	enum lt_encoding enc;
	if (o.encoding && lt_encoding_from_name(o.encoding, &enc) < 0) {
		status = lt_usage_error("ingest", "unknown encoding '%s'", o.encoding);
		goto out;
	}
	/* The context is read before any input: an error there (printed once,
	 * as file:line:col) leaves no case behind. */
	struct lt_context *ctx = NULL;
	if (context) {
		ctx = lt_context_load(context, NULL, NULL, 0);
		if (!ctx) {
			status = LT_EXIT_USAGE;
			goto out;
		}
	}
	lt_tz_policy_finish(&tzp, ctx);
	status = load_context_formats(ctx);
	lt_context_free(ctx);
	if (status != LT_EXIT_OK)
		goto out;
	if (o.format && !lt_parser_find(o.format)) {
		status = lt_usage_error("ingest", "unknown format '%s' ('leaktrail parsers' lists them)", o.format);
		goto out;
	}
	char perr[512];
	if (lt_parser_options_check((const char *const *)popts, o.nparser_options, perr, sizeof perr) != 0) {
		status = lt_usage_error("ingest", "%s", perr);
		goto out;
	}
	o.tzp = &tzp;
	o.inputs = (const char *const *)argv + optind;
	o.ninputs = (size_t)(argc - optind);
	o.parser_options = popts;
	status = lt_ingest(&o);
	if (status != LT_EXIT_USAGE) {	/* USAGE: the case exists and is not ours to log into */
		char serr[512];
		if (lt_record_store_hashes(o.case_dir, serr, sizeof serr) != 0 && status == LT_EXIT_OK) {
			fprintf(stderr, "leaktrail ingest: error: %s\n", lt_esc(serr));
			status = LT_EXIT_IO;
		}
		cl->audit_case = o.case_dir;
		lt_audit_list_add_sources(&cl->in, o.case_dir);
		lt_cli_case_files(&cl->out, o.case_dir, (const char *const[]){ "manifest.json", NULL });
	}
out:
	lt_userformat_unload();
	lt_tz_policy_free(&tzp);
	free(formats);
	free(popts);
	return status;
}
