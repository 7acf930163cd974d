/* Unit tests for src/record/store.c: runs, merge order, faults. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "record/store.h"
#include "util/xalloc.h"

static char *tmpdir(void)
{
	char *t = lt_xstrdup("/tmp/lt-store-XXXXXX");
	cr_assert_not_null(mkdtemp(t));
	return t;
}

static void rmrf(const char *dir)
{
	char *cmd = lt_xasprintf("rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
}

static void mk(struct lt_record *r, lt_time_us t, int64_t src, const char *member, int64_t off, int64_t seq)
{
	lt_rec_clear(r);
	if (t != LT_TIME_NONE)
		lt_rec_set_time(r, LT_F_TIMESTAMP, t);
	lt_rec_set_int(r, LT_F_SOURCE_ID, src);
	if (member)
		lt_rec_set_cstr(r, LT_F_MEMBER, member);
	lt_rec_set_int(r, LT_F_OFFSET, off);
	lt_rec_set_int(r, "seq", seq);
	lt_rec_set_cstr(r, LT_F_MESSAGE, "some text to make the records a bit longer than a few bytes");
}

struct k { lt_time_us t; int64_t src; char member[16]; int64_t off, seq; };

static int kcmp(const void *pa, const void *pb)
{
	const struct k *a = pa, *b = pb;
	if (a->t != b->t) return a->t < b->t ? -1 : 1;
	if (a->src != b->src) return a->src < b->src ? -1 : 1;
	int c = strcmp(a->member, b->member);
	if (c) return c;
	if (a->off != b->off) return a->off < b->off ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

Test(store, merge_of_many_small_runs_is_sorted_and_complete)
{
	char *dir = tmpdir();
	char *rdir = lt_xasprintf("%s/records", dir);
	struct lt_store_writer *w = lt_store_writer_open(rdir, 8192);
	cr_assert_not_null(w);
	enum { N = 5000 };
	struct k *ks = lt_xcalloc(N, sizeof *ks);
	struct lt_record r;
	lt_rec_init(&r);
	srand(7);
	for (int i = 0; i < N; i++) {
		struct k *e = &ks[i];
		e->t = (i % 97 == 0) ? LT_TIME_NONE : (lt_time_us)(rand() % 50) * LT_US_PER_SEC;
		e->src = rand() % 3 + 1;
		if (rand() % 2)
			snprintf(e->member, sizeof e->member, "m%d", rand() % 3);
		e->off = rand() % 4;
		e->seq = i;
		mk(&r, e->t, e->src, e->member[0] ? e->member : NULL, e->off, e->seq);
		cr_assert_eq(lt_store_write(w, &r), 0);
	}
	cr_assert_eq(lt_store_writer_count(w), N);
	cr_assert_eq(lt_store_writer_close(w), 0);
	/* many tiny runs were written; close compacted them to at most 32 */
	char *cmd = lt_xasprintf("test $(ls '%s' | grep -c '^run-') -le 32 && test $(ls '%s' | grep -c '^run-') -ge 2"
				 " && ! ls -a '%s' | grep -q compact", rdir, rdir, rdir);
	cr_assert_eq(system(cmd), 0, "runs were not compacted");
	free(cmd);
	qsort(ks, N, sizeof *ks, kcmp);

	struct lt_store_reader *rd = lt_store_reader_open(rdir);
	cr_assert_not_null(rd);
	const struct lt_record *got;
	int i = 0;
	while ((got = lt_store_next(rd)) != NULL) {
		int64_t seq;
		cr_assert(i < N);
		cr_assert(lt_rec_get_int(got, "seq", &seq));
		cr_assert_eq(seq, ks[i].seq, "position %d: got seq %lld want %lld", i,
			     (long long)seq, (long long)ks[i].seq);
		i++;
	}
	cr_assert_null(lt_store_reader_error(rd));
	cr_assert_eq(i, N);
	lt_store_reader_close(rd);
	lt_rec_free(&r);
	free(ks);
	free(rdir);
	rmrf(dir);
	free(dir);
}

Test(store, empty_and_missing)
{
	char *dir = tmpdir();
	struct lt_store_writer *w = lt_store_writer_open(dir, 0);
	cr_assert_eq(lt_store_writer_close(w), 0);
	struct lt_store_reader *rd = lt_store_reader_open(dir);
	cr_assert_not_null(rd);
	cr_assert_null(lt_store_next(rd));
	cr_assert_null(lt_store_reader_error(rd));
	lt_store_reader_close(rd);
	char *missing = lt_xasprintf("%s/nope", dir);
	cr_assert_null(lt_store_reader_open(missing));
	free(missing);
	rmrf(dir);
	free(dir);
}

Test(store, second_writer_appends_runs)
{
	char *dir = tmpdir();
	struct lt_record r;
	lt_rec_init(&r);
	for (int pass = 0; pass < 2; pass++) {
		struct lt_store_writer *w = lt_store_writer_open(dir, 0);
		for (int i = 0; i < 10; i++) {
			mk(&r, (lt_time_us)(i * 2 + pass) * LT_US_PER_SEC, 1, NULL, i, pass * 100 + i);
			lt_store_write(w, &r);
		}
		cr_assert_eq(lt_store_writer_close(w), 0);
	}
	struct lt_store_reader *rd = lt_store_reader_open(dir);
	const struct lt_record *got;
	lt_time_us prev = LT_TIME_NONE, t;
	int n = 0;
	while ((got = lt_store_next(rd)) != NULL) {
		cr_assert(lt_rec_get_time(got, LT_F_TIMESTAMP, &t));
		cr_assert_gt(t, prev);
		prev = t;
		n++;
	}
	cr_assert_eq(n, 20);
	lt_store_reader_close(rd);
	lt_rec_free(&r);
	rmrf(dir);
	free(dir);
}

Test(store, truncated_run_is_an_error)
{
	char *dir = tmpdir();
	struct lt_record r;
	lt_rec_init(&r);
	struct lt_store_writer *w = lt_store_writer_open(dir, 0);
	for (int i = 0; i < 2000; i++) {
		mk(&r, (lt_time_us)i * LT_US_PER_SEC, 1, NULL, i, i);
		lt_store_write(w, &r);
	}
	cr_assert_eq(lt_store_writer_close(w), 0);
	char *run = lt_xasprintf("%s/run-00000001.mpk.zst", dir);
	struct stat st;
	cr_assert_eq(stat(run, &st), 0);
	cr_assert_eq(truncate(run, st.st_size / 2), 0);
	struct lt_store_reader *rd = lt_store_reader_open(dir);
	int n = 0;
	while (lt_store_next(rd))
		n++;
	cr_assert_lt(n, 2000);
	cr_assert_not_null(lt_store_reader_error(rd));
	cr_assert_not_null(strstr(lt_store_reader_error(rd), "run-00000001"));
	lt_store_reader_close(rd);
	free(run);
	lt_rec_free(&r);
	rmrf(dir);
	free(dir);
}

Test(store, tagged_writers_compact_only_their_own_runs)
{
	char *dir = tmpdir();
	struct lt_record r;
	lt_rec_init(&r);
	enum { N = 3000 };
	for (int t = 0; t < 2; t++) {
		struct lt_store_writer *w = lt_store_writer_open_tagged(dir, 4096, t ? "w02" : "w01");
		for (int i = 0; i < N; i++) {
			/* writer t holds source t+1; times interleave between writers */
			mk(&r, (lt_time_us)(i / 3) * LT_US_PER_SEC, t + 1, NULL, i, i);
			cr_assert_eq(lt_store_write(w, &r), 0);
		}
		cr_assert_eq(lt_store_writer_close(w), 0);
	}
	char *cmd = lt_xasprintf("test $(ls '%s' | grep -c '^run-w01-') -le 32 && test $(ls '%s' | grep -c '^run-w02-') -le 32",
				 dir, dir);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
	struct lt_store_reader *rd = lt_store_reader_open(dir);
	const struct lt_record *got;
	lt_time_us pt = LT_TIME_NONE;
	int64_t psrc = 0, poff = -1;
	int n = 0;
	while ((got = lt_store_next(rd)) != NULL) {
		lt_time_us t;
		int64_t src, off;
		cr_assert(lt_rec_get_time(got, LT_F_TIMESTAMP, &t));
		cr_assert(lt_rec_get_int(got, LT_F_SOURCE_ID, &src));
		cr_assert(lt_rec_get_int(got, LT_F_OFFSET, &off));
		cr_assert(t > pt || (t == pt && (src > psrc || (src == psrc && off > poff))), "order at %d", n);
		pt = t;
		psrc = src;
		poff = off;
		n++;
	}
	cr_assert_null(lt_store_reader_error(rd));
	cr_assert_eq(n, 2 * N);
	lt_store_reader_close(rd);
	lt_rec_free(&r);
	rmrf(dir);
	free(dir);
}

Test(store, compaction_never_rewrites_earlier_runs)
{
	char *dir = tmpdir();
	struct lt_record r;
	lt_rec_init(&r);
	for (int pass = 0; pass < 2; pass++) {
		struct lt_store_writer *w = lt_store_writer_open(dir, 4096);
		for (int i = 0; i < 3000; i++) {
			mk(&r, (lt_time_us)i * LT_US_PER_SEC, pass + 1, NULL, i, i);
			cr_assert_eq(lt_store_write(w, &r), 0);
		}
		cr_assert_eq(lt_store_writer_close(w), 0);
		if (pass == 0) {
			char *cmd = lt_xasprintf("cd '%s' && sha256sum run-* > ../first-%s.sha", dir, strrchr(dir, '/') + 1);
			cr_assert_eq(system(cmd), 0);
			free(cmd);
		}
	}
	/* the first writer's runs are all still there, unchanged */
	char *cmd = lt_xasprintf("cd '%s' && sha256sum -c --quiet ../first-%s.sha && rm ../first-%s.sha"
				 " && test $(ls | grep -c '^run-') -le 64", dir, strrchr(dir, '/') + 1, strrchr(dir, '/') + 1);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
	struct lt_store_reader *rd = lt_store_reader_open(dir);
	int n = 0;
	while (lt_store_next(rd))
		n++;
	cr_assert_eq(n, 6000);
	lt_store_reader_close(rd);
	lt_rec_free(&r);
	rmrf(dir);
	free(dir);
}

Test(store, run_of_another_format_is_an_error_not_skipped)
{
	char *dir = tmpdir();
	struct lt_record r;
	lt_rec_init(&r);
	struct lt_store_writer *w = lt_store_writer_open(dir, 0);
	mk(&r, LT_US_PER_SEC, 1, NULL, 0, 0);
	lt_store_write(w, &r);
	cr_assert_eq(lt_store_writer_close(w), 0);
	char *cmd = lt_xasprintf("printf 'old' > '%s/run-00000007.mpk.gz'", dir);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
	struct lt_store_reader *rd = lt_store_reader_open(dir);
	cr_assert_null(lt_store_next(rd), "a store with an unreadable run must not look complete");
	cr_assert_not_null(lt_store_reader_error(rd));
	cr_assert_not_null(strstr(lt_store_reader_error(rd), "run-00000007.mpk.gz"));
	lt_store_reader_close(rd);
	lt_rec_free(&r);
	rmrf(dir);
	free(dir);
}

/* (time, source, offset, seq) of every record in read order. */
static int64_t *read_keys(const char *dir, size_t *n)
{
	struct lt_store_reader *rd = lt_store_reader_open(dir);
	cr_assert_not_null(rd);
	size_t cap = 1024;
	int64_t *v = lt_xmalloc(cap * 4 * sizeof *v);
	*n = 0;
	const struct lt_record *got;
	while ((got = lt_store_next(rd)) != NULL) {
		if (*n == cap) {
			cap *= 2;
			v = lt_xrealloc(v, cap * 4 * sizeof *v);
		}
		int64_t *e = v + 4 * *n;
		lt_time_us t;
		cr_assert(lt_rec_get_time(got, LT_F_TIMESTAMP, &t));
		e[0] = t;
		cr_assert(lt_rec_get_int(got, LT_F_SOURCE_ID, &e[1]));
		cr_assert(lt_rec_get_int(got, LT_F_OFFSET, &e[2]));
		cr_assert(lt_rec_get_int(got, "seq", &e[3]));
		(*n)++;
	}
	cr_assert_null(lt_store_reader_error(rd));
	lt_store_reader_close(rd);
	return v;
}

static size_t count_runs(const char *dir)
{
	char *cmd = lt_xasprintf("exit $(ls '%s' | grep -c '^run-')", dir);
	int rc = system(cmd);
	free(cmd);
	return (size_t)WEXITSTATUS(rc);
}

/* leaktrail merge: compacting a whole store down to K runs, with a small
 * fan-in so that it takes several levels, changes nothing a reader sees,
 * ties (equal time, source and offset: write order) included. */
Test(store, compact_to_k_runs_keeps_the_read_order)
{
	char *dir = tmpdir();
	struct lt_record r;
	lt_rec_init(&r);
	for (int t = 0; t < 3; t++) {
		struct lt_store_writer *w = lt_store_writer_open_tagged(dir, 4096, t == 0 ? "a" : t == 1 ? "b" : "c");
		for (int i = 0; i < 2000; i++) {
			/* pairs of records with the same key: only seq tells them apart */
			mk(&r, (lt_time_us)((i / 2) % 700) * LT_US_PER_SEC, t + 1, NULL, i / 2, i);
			cr_assert_eq(lt_store_write(w, &r), 0);
		}
		cr_assert_eq(lt_store_writer_close(w), 0);
	}
	size_t runs = count_runs(dir);
	cr_assert_gt(runs, 10, "the test wants many runs, got %zu", runs);
	size_t n0, n1, n2;
	int64_t *before = read_keys(dir, &n0);
	cr_assert_eq(n0, 6000);
	cr_assert_eq(lt_store_compact(dir, runs - 2, 128), 0);
	cr_assert_eq(count_runs(dir), runs - 2);
	int64_t *mid = read_keys(dir, &n1);
	cr_assert_eq(n1, n0);
	cr_assert_eq(memcmp(before, mid, n0 * 4 * sizeof *before), 0, "order changed by a partial compaction");
	cr_assert_eq(lt_store_compact(dir, 1, 3), 0);
	cr_assert_eq(count_runs(dir), 1);
	int64_t *after = read_keys(dir, &n2);
	cr_assert_eq(n2, n0);
	cr_assert_eq(memcmp(before, after, n0 * 4 * sizeof *before), 0, "order changed by compaction to one run");
	free(before);
	free(mid);
	free(after);
	lt_rec_free(&r);
	rmrf(dir);
	free(dir);
}
