/* libFuzzer targets for the loaders of issue 13, one binary per target
 * (FUZZ_TARGET chooses at build time):
 *   rules      -- the Sigma rule loader (lt_ruleset_add_path, lint
 *                 included) on the input as a rule file; then every loaded
 *                 detection rule is matched, limits on, against a record
 *                 whose fields hold the input's lines (random rules x
 *                 random records);
 *   context    -- the context loader (YAML and its people.csv);
 *   userformat -- the user-format loader (lt_userformat_load_string).
 * The loaders read files, so the input goes through a temporary file.
 * Built with --enable-fuzzing (or against an ASan build's library). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "context/context.h"
#include "parse/userformat.h"
#include "record/record.h"
#include "rules/rule.h"
#include "util/diag.h"
#include "util/regex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static const char *tmp_path(const char *name)
{
	static char path[128];
	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/lt-fuzz-loaders.XXXXXX");
		if (!mkdtemp(dir))
			abort();
		lt_diag_set_quiet(1);
	}
	snprintf(path, sizeof path, "%s/%s", dir, name);
	return path;
}

__attribute__((unused)) static void write_file(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		abort();
	if (n && fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
}

#if FUZZ_TARGET_RULES
static const char *const fields[] = { "url.original", "user.name", "file.path", "message", "leaktrail.raw",
				      "event.category" };

static void match_all(const struct lt_ruleset *rs, const uint8_t *data, size_t size)
{
	struct lt_record rec;
	lt_rec_init(&rec);
	const uint8_t *p = data, *end = data + size;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lt_rec_set_str(&rec, fields[i], (const char *)p, n);
		p = nl ? nl + 1 : p;
	}
	static struct lt_ridx ix;
	lt_ridx_build(&ix, &rec);
	for (size_t i = 0; i < rs->n; i++) {
		const struct lt_rule *r = rs->rules[i];
		if (r->kind != LT_RULE_DETECTION)
			continue;
		lt_match_limit_reset();
		(void)lt_cond_eval(&r->cond, r->sels, &ix);
		const struct lt_match_limit *lim = lt_match_limit_get();
		if (lim->hits && (!lim->field || !lim->why))
			abort();	/* a limit hit must say where and why */
	}
	lt_rec_free(&rec);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
#if FUZZ_TARGET_RULES
	const char *path = tmp_path("rule.yml");
	write_file(path, data, size);
	struct lt_ruleset *rs = lt_ruleset_new();
	lt_ruleset_add_path(rs, path);
	if (lt_ruleset_finish(rs) == 0)
		match_all(rs, data, size);
	lt_ruleset_free(rs);
#elif FUZZ_TARGET_CONTEXT
	/* the input is split at the first NUL: context YAML, then people.csv */
	const uint8_t *nul = memchr(data, 0, size);
	size_t ylen = nul ? (size_t)(nul - data) : size;
	write_file(tmp_path("people.csv"), nul ? nul + 1 : data, nul ? size - ylen - 1 : 0);
	const char *path = tmp_path("context.yaml");
	write_file(path, data, ylen);
	char err[1024];
	struct lt_context *ctx = lt_context_load(path, NULL, err, sizeof err);
	if (ctx) {
		(void)lt_context_classified(ctx, (const char *)data, ylen, NULL, NULL);
		(void)lt_context_secret_repo(ctx, (const char *)data, ylen, NULL, NULL);
		lt_context_free(ctx);
	}
#else
	char err[1024];
	(void)tmp_path("x");
	/* loaded or refused, the formats registry must come back empty */
	(void)lt_userformat_load_string((const char *)data, size, "fuzz.yaml", err, sizeof err);
	lt_userformat_unload();
#endif
	return 0;
}
