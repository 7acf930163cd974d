/* leaktrail custody: the chain-of-custody record (証拠保全記録) of a case's
 * evidence, chained in CASE/custody.jsonl and CASE/audit.log (doc/handover.md). */
#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "evidence/audit.h"
#include "evidence/casefile.h"
#include "handover/journal.h"
#include "input/input.h"
#include "util/diag.h"
#include "util/escape.h"
#include "util/hash.h"
#include "util/timeutil.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"usage: leaktrail custody CASE --item SOURCE --from WHO --by WHO --when TIME --how TEXT\n"
	"       leaktrail custody CASE --verify --by WHO\n"
	"       leaktrail custody CASE --list\n\n"
	"Records who handed an evidence item to whom, when and how. SOURCE is a source\n"
	"id or path of CASE/manifest.json's \"sources\". The item is hashed again now and\n"
	"must still have the SHA-256 the manifest recorded at ingest; that hash goes into\n"
	"the entry. Entries are kept in CASE/custody.jsonl, hash-chained, and each one is\n"
	"also a line of CASE/audit.log. `leaktrail handover` prints the record, with every\n"
	"later `leaktrail verify` of the case from the audit log.\n"
	"  --item SOURCE     the evidence item (source id or recorded path)\n"
	"  --from WHO        who handed it over (person, department, company)\n"
	"  --by WHO          who received it\n"
	"  --when TIME       when (ISO 8601, as the receipt says; without a zone: UTC)\n"
	"  --how TEXT        how (e.g. \"USB 媒体 SN 1234 を手渡し\", \"scp from fs01\")\n"
	"  --verify          hash every evidence item again (read-only) and add one entry\n"
	"                    per item: the SHA-256 now, the one at ingest, and whether they\n"
	"                    match (exit 3 when one differs or cannot be read; it is recorded)\n"
	"  --list            print the record and check its chain\n";

/* The manifest's source for an id or path (borrowed from m), or NULL. */
static const json_t *find_source(const json_t *m, const char *item)
{
	size_t i;
	json_t *src;
	char *end;
	long id = strtol(item, &end, 10);
	bool by_id = *item && !*end;
	json_array_foreach(json_object_get(m, "sources"), i, src) {
		const char *path = json_string_value(json_object_get(src, "path"));
		if (by_id ? json_integer_value(json_object_get(src, "id")) == id : (path && strcmp(path, item) == 0))
			return src;
	}
	return NULL;
}

/* Hash the item now and compare with the manifest: 0, or -1 with err set. */
static int rehash(const json_t *src, char sha[LT_SHA256_HEX], char *err, size_t errlen)
{
	const char *path = json_string_value(json_object_get(src, "path"));
	const char *want = json_string_value(json_object_get(src, "sha256"));
	if (!path || !want || lt_sha256_file(path, sha) != 0) {
		snprintf(err, errlen, "%s: cannot be read to hash it again", path ? path : "(no path)");
		return -1;
	}
	if (strcmp(sha, want) != 0) {
		snprintf(err, errlen, "%s: SHA-256 is now %s, the manifest recorded %s: not recorded", path, sha, want);
		return -1;
	}
	return 0;
}

static int list_record(const char *case_dir)
{
	char err[1024] = "";
	json_t *all = lt_journal_load(case_dir, "custody.jsonl", err, sizeof err);
	if (!all) {
		fprintf(stderr, "leaktrail custody: error: %s\n", lt_esc(err));
		return LT_EXIT_VERIFY;
	}
	size_t i;
	json_t *e;
	json_array_foreach(all, i, e) {
		char *s = json_dumps(e, JSON_COMPACT | JSON_PRESERVE_ORDER);
		/* custody.jsonl is a case file: DEL and C1 controls as \u escapes */
		lt_escape_json_controls_write(stdout, s);
		putchar('\n');
		free(s);
	}
	fprintf(stderr, "leaktrail custody: %zu entries, chain intact\n", json_array_size(all));
	json_decref(all);
	return LT_EXIT_OK;
}

struct custody_args {
	const char *item, *from, *by, *when, *how;
};

static int record_entry(const char *case_dir, const struct custody_args *a, char *err, size_t errlen)
{
	char *mp = lt_case_path(case_dir, "manifest.json");
	json_t *m = lt_case_json_load(mp, err, errlen);
	free(mp);
	if (!m)
		return LT_EXIT_IO;
	const json_t *src = find_source(m, a->item);
	int rc = LT_EXIT_OK;
	char sha[LT_SHA256_HEX];
	if (!src) {
		snprintf(err, errlen, "'%s' is not a source id or path in %s/manifest.json", a->item, case_dir);
		rc = LT_EXIT_USAGE;
	} else if (rehash(src, sha, err, errlen) != 0) {
		rc = LT_EXIT_VERIFY;
	}
	if (rc == LT_EXIT_OK) {
		char now[32], id[32];
		lt_journal_now(now);
		snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(src, "id")));
		const char *keys[] = { "source_id", "path", "sha256", "from", "by", "when", "how", "recorded" };
		const char *vals[] = { id, json_string_value(json_object_get(src, "path")), sha, a->from, a->by,
				       a->when, a->how, now };
		if (lt_journal_append(case_dir, "custody.jsonl", keys, vals, 8, err, errlen) != 0)
			rc = LT_EXIT_IO;
	}
	json_decref(m);
	return rc;
}

/* One verification entry for SRC: the SHA-256 now against the one at ingest.
 * Returns LT_EXIT_OK when they match, LT_EXIT_VERIFY when not (or when the
 * item cannot be read), LT_EXIT_IO when the entry cannot be written. */
static int verify_item(const char *case_dir, const json_t *src, const char *by, const char *now, char *err,
		       size_t errlen)
{
	const char *path = json_string_value(json_object_get(src, "path"));
	const char *want = json_string_value(json_object_get(src, "sha256"));
	char id[32], sha[LT_SHA256_HEX] = "", why[256] = "";
	snprintf(id, sizeof id, "%lld", (long long)json_integer_value(json_object_get(src, "id")));
	const char *result = "match";
	if (!path || !want) {
		result = "not in the manifest";
	} else if (lt_input_sha256_file(path, sha, why, sizeof why) != 0) {
		result = "unreadable";
	} else if (strcmp(sha, want) != 0) {
		result = "differs";
	}
	const char *keys[] = { "kind", "source_id", "path", "sha256_at_ingest", "sha256", "result", "by", "recorded" };
	const char *vals[] = { "verify", id, path ? path : "", want ? want : "", sha, result, by, now };
	if (lt_journal_append(case_dir, "custody.jsonl", keys, vals, 8, err, errlen) != 0)
		return LT_EXIT_IO;
	if (strcmp(result, "match") == 0)
		return LT_EXIT_OK;
	fprintf(stderr, "leaktrail custody: %s: %s%s%s (recorded)\n", lt_esc(path ? path : id), result,
		*why ? ": " : "", lt_esc(why));
	return LT_EXIT_VERIFY;
}

/* Every source of the manifest, in its order, one entry each. */
static int verify_all(const char *case_dir, const char *by, unsigned *nitems, char *err, size_t errlen)
{
	char *mp = lt_case_path(case_dir, "manifest.json");
	json_t *m = lt_case_json_load(mp, err, errlen);
	free(mp);
	if (!m)
		return LT_EXIT_IO;
	char now[32];
	lt_journal_now(now);
	int rc = LT_EXIT_OK;
	size_t i;
	json_t *src;
	*nitems = 0;
	json_array_foreach(json_object_get(m, "sources"), i, src) {
		int r = verify_item(case_dir, src, by, now, err, errlen);
		(*nitems)++;
		if (r == LT_EXIT_IO) {
			rc = r;
			break;
		}
		if (r != LT_EXIT_OK)
			rc = r;
	}
	json_decref(m);
	if (rc == LT_EXIT_VERIFY)
		snprintf(err, errlen, "an evidence item differs from its SHA-256 at ingest (listed above; recorded)");
	return rc;
}

static int verify_command(struct lt_cli *cl, const char *case_dir, const char *by)
{
	char err[1024] = "";
	unsigned n = 0;
	int rc = verify_all(case_dir, by, &n, err, sizeof err);
	if (rc != LT_EXIT_OK)
		fprintf(stderr, "leaktrail custody: error: %s\n", lt_esc(err));
	cl->audit_case = case_dir;
	lt_cli_case_files(&cl->in, case_dir, (const char *const[]){ "manifest.json", NULL });
	if (rc != LT_EXIT_IO)
		lt_cli_case_files(&cl->out, case_dir, (const char *const[]){ "custody.jsonl", NULL });
	rc = lt_cli_audit(cl, rc);	/* before the closing message: it says the line is there */
	if (rc == LT_EXIT_OK)
		fprintf(stderr, "leaktrail custody: %u item(s) hashed again, all match; recorded\n", n);
	return rc;
}

int cmd_custody(struct lt_cli *cl)
{
	int argc = cl->argc;
	char **argv = cl->argv;
	static const struct option long_opts[] = {
		{ "item", required_argument, NULL, 'i' }, { "from", required_argument, NULL, 'f' },
		{ "by", required_argument, NULL, 'b' },   { "when", required_argument, NULL, 'w' },
		{ "how", required_argument, NULL, 'm' },  { "list", no_argument, NULL, 'l' },
		{ "verify", no_argument, NULL, 'v' },     LT_CLI_HELP_OPTION,
		{ NULL, 0, NULL, 0 },
	};
	static const struct lt_cli_opts opts = { "", long_opts, usage_text };
	struct custody_args a = { 0 };
	int list = 0, verify = 0;
	int c;
	for (c = lt_cli_next(cl, &opts); c > 0; c = lt_cli_next(cl, &opts)) {
		switch (c) {
		case 'i': a.item = optarg; break;
		case 'f': a.from = optarg; break;
		case 'b': a.by = optarg; break;
		case 'w': a.when = optarg; break;
		case 'm': a.how = optarg; break;
		case 'l': list = 1; break;
		case 'v': verify = 1; break;
		}
	}
	if (c == LT_CLI_STOP)
		return cl->status;
	if (optind != argc - 1)
		return lt_usage_error("custody", "expected one CASE directory");
	const char *case_dir = argv[optind];
	if (list)
		return list_record(case_dir);
	if (verify && (a.item || a.from || a.when || a.how))
		return lt_usage_error("custody", "--verify takes only --by (every item is hashed again)");
	if (verify && !a.by)
		return lt_usage_error("custody", "--verify needs --by WHO (who checked)");
	if (verify)
		return verify_command(cl, case_dir, a.by);
	if (!a.item || !a.from || !a.by || !a.when || !a.how)
		return lt_usage_error("custody", "--item, --from, --by, --when and --how are all needed");
	lt_time_us when;
	if (lt_time_parse_iso(a.when, strlen(a.when), lt_tz_load("UTC"), &when) != 0)
		return lt_usage_error("custody", "--when: '%s' is not an ISO 8601 date or time", a.when);
	char err[1024] = "";
	int rc = record_entry(case_dir, &a, err, sizeof err);
	if (rc != LT_EXIT_OK)
		fprintf(stderr, "leaktrail custody: error: %s\n", lt_esc(err));
	cl->audit_case = case_dir;
	lt_cli_case_files(&cl->in, case_dir, (const char *const[]){ "manifest.json", NULL });
	if (rc == LT_EXIT_OK)
		lt_cli_case_files(&cl->out, case_dir, (const char *const[]){ "custody.jsonl", NULL });
	rc = lt_cli_audit(cl, rc);	/* before the closing message: it says the line is there */
	if (rc == LT_EXIT_OK)
		fprintf(stderr, "leaktrail custody: recorded %s\n", lt_esc(a.item));
	return rc;
}
