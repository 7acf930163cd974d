/* Unit tests for the cron state and lock (src/incr). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "incr/lock.h"
#include "incr/state.h"
#include "util/hash.h"

static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/lt-incr-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void remove_dir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(incr, .init = make_dir, .fini = remove_dir);

Test(incr, state_round_trip)
{
	struct lt_incr_state st;
	lt_incr_state_init(&st);
	const char *head = "Oct  1 00:00:00 srv01 sshd[1]: Accepted publickey for a\n";
	struct lt_incr_file *f = lt_incr_add(&st, (const unsigned char *)head, strlen(head));
	f->consumed_bytes = strlen(head);
	f->consumed_lines = 1;
	f->last_path = strdup("logs/auth.log");
	f->generation = 1;
	st.generation = 1;
	lt_incr_add_run(&st, "run-00000002.mpk.gz");
	lt_incr_add_run(&st, "run-00000001.mpk.gz");
	lt_incr_mark_reported(&st, "f-bbb");
	lt_incr_mark_reported(&st, "f-aaa");
	lt_incr_mark_reported(&st, "f-aaa");
	char path[128];
	snprintf(path, sizeof path, "%s/state.json", dir);
	cr_assert_eq(lt_incr_state_save(path, &st), 0);
	lt_incr_state_free(&st);

	struct lt_incr_state back;
	char err[256];
	cr_assert_eq(lt_incr_state_load(path, &back, err, sizeof err), 0, "%s", err);
	cr_assert_eq(back.generation, 1);
	cr_assert_eq(back.nruns, 2);
	cr_assert_str_eq(back.runs[0], "run-00000001.mpk.gz");
	cr_assert_eq(back.nreported, 2);
	cr_assert(lt_incr_is_reported(&back, "f-aaa"));
	cr_assert_not(lt_incr_is_reported(&back, "f-ccc"));
	cr_assert_eq(back.nfiles, 1);
	cr_assert_eq(back.files[0].consumed_lines, 1);
	cr_assert_str_eq(back.files[0].last_path, "logs/auth.log");
	lt_incr_state_free(&back);
}

/* The incremental-hashing fields (doc/cron.md, "Reading only what is
 * new") survive the state file; a hash state that does not cover exactly
 * the consumed bytes is refused rather than trusted. */
Test(incr, hash_state_and_stored_file_round_trip)
{
	struct lt_incr_state st;
	lt_incr_state_init(&st);
	const char *head = "1793581500.000 1 192.168.10.21 TCP_MISS/200 1 GET https://a.test/ u HIER_DIRECT/a text/html\n";
	struct lt_incr_file *f = lt_incr_add(&st, (const unsigned char *)head, strlen(head));
	f->consumed_bytes = strlen(head);
	f->consumed_lines = 1;
	lt_sha256_hex(head, strlen(head), f->prefix_sha256);
	struct lt_hasher h;
	lt_hasher_init(&h, LT_HASH_ALL);
	lt_hasher_update(&h, head, strlen(head));
	f->hash_state = lt_hasher_save(&h);
	struct lt_digests d;
	lt_hasher_final(&h, &d);
	f->tail_len = (uint32_t)strlen(head);
	lt_sha256_hex(head, strlen(head), f->tail_sha256);
	f->stored = calloc(1, sizeof *f->stored);
	f->nstored = 1;
	struct lt_incr_stored *s = &f->stored[0];
	s->dev = 65024;
	s->ino = 123;
	s->size = 77;
	s->mtime = 1793581500000000;
	s->stream_mtime = 1793581400000000;
	s->stream_size = strlen(head);
	s->stream_lines = 1;
	lt_sha256_hex(head, strlen(head), s->stream_sha256);
	lt_sha256_hex("h", 1, s->head_sha256);
	lt_sha256_hex("t", 1, s->tail_sha256);
	s->digests = d;
	s->kind = strdup("gzip");
	s->filters = strdup("gzip");
	s->stream_kind = strdup("text");
	char path[128], err[256];
	snprintf(path, sizeof path, "%s/state.json", dir);
	cr_assert_eq(lt_incr_state_save(path, &st), 0);
	char *saved = strdup(f->hash_state);
	lt_incr_state_free(&st);

	struct lt_incr_state back;
	cr_assert_eq(lt_incr_state_load(path, &back, err, sizeof err), 0, "%s", err);
	const struct lt_incr_file *b = &back.files[0];
	cr_assert_str_eq(b->hash_state, saved);
	cr_assert_eq(b->tail_len, strlen(head));
	cr_assert_eq(b->nstored, 1);
	const struct lt_incr_stored *bs = &b->stored[0];
	cr_assert_eq(bs->ino, 123);
	cr_assert_eq(bs->size, 77);
	cr_assert_eq(bs->mtime, 1793581500000000);
	cr_assert_eq(bs->stream_mtime, 1793581400000000);
	cr_assert_eq(bs->stream_lines, 1);
	cr_assert_str_eq(bs->stream_sha256, b->prefix_sha256);
	cr_assert_str_eq(bs->digests.md5, d.md5);
	cr_assert_str_eq(bs->filters, "gzip");
	lt_incr_state_free(&back);

	/* consumed_bytes one more than the saved state covers: refused */
	char cmd[512];
	snprintf(cmd, sizeof cmd, "sed -i 's/\"consumed_bytes\": %zu/\"consumed_bytes\": %zu/' %s", strlen(head),
		 strlen(head) + 1, path);
	cr_assert_eq(system(cmd), 0);
	cr_assert_eq(lt_incr_state_load(path, &back, err, sizeof err), -1);
	free(saved);
}

Test(incr, missing_state_is_empty_and_garbage_is_refused)
{
	char path[128], err[256];
	struct lt_incr_state st;
	snprintf(path, sizeof path, "%s/none.json", dir);
	cr_assert_eq(lt_incr_state_load(path, &st, err, sizeof err), 0);
	cr_assert_eq(st.generation, 0);
	snprintf(path, sizeof path, "%s/bad.json", dir);
	FILE *f = fopen(path, "w");
	fputs("{\"format\": \"something else\"}", f);
	fclose(f);
	cr_assert_eq(lt_incr_state_load(path, &st, err, sizeof err), -1);
	cr_assert(strstr(err, "not a leaktrail state file") != NULL, "%s", err);
	f = fopen(path, "w");
	fputs("{\"format\": ", f);
	fclose(f);
	cr_assert_eq(lt_incr_state_load(path, &st, err, sizeof err), -1);
	cr_assert(strstr(err, "bad.json:1:") != NULL, "location expected: %s", err);
}

Test(incr, identity_survives_growth_rename_and_compression)
{
	struct lt_incr_state st;
	lt_incr_state_init(&st);
	/* Seen while short: 10 bytes. */
	lt_incr_add(&st, (const unsigned char *)"0123456789", 10)->consumed_bytes = 10;
	/* Grown to 2000 bytes with the same beginning: still the same content. */
	unsigned char grown[2000];
	memset(grown, 'x', sizeof grown);
	memcpy(grown, "0123456789", 10);
	struct lt_incr_file *f = lt_incr_find(&st, grown, sizeof grown);
	cr_assert_not_null(f);
	cr_assert_eq(f->consumed_bytes, 10);
	/* Different content is new. */
	cr_assert_null(lt_incr_find(&st, (const unsigned char *)"9876543210", 10));
	/* Content shorter than the known head cannot be that content. */
	cr_assert_null(lt_incr_find(&st, (const unsigned char *)"01234", 5));
	/* The longest-read match wins. */
	struct lt_incr_file *g = lt_incr_add(&st, grown, sizeof grown);
	g->consumed_bytes = 2000;
	cr_assert_eq(g->head_len, LT_INCR_HEAD_MAX);
	cr_assert_eq(lt_incr_find(&st, grown, sizeof grown)->consumed_bytes, 2000);
	lt_incr_state_free(&st);
}

Test(incr, second_lock_is_refused_and_released_when_holder_dies)
{
	int fd;
	long pid;
	cr_assert_eq(lt_lock_acquire(dir, &fd, &pid), LT_LOCK_TAKEN);
	pid_t child = fork();
	if (child == 0) {
		int fd2;
		long holder;
		enum lt_lock_result r = lt_lock_acquire(dir, &fd2, &holder);
		_exit(r == LT_LOCK_BUSY && holder == (long)getppid() ? 0 : 1);
	}
	int status;
	waitpid(child, &status, 0);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "second run was not refused");
	/* A holder killed without releasing: the kernel drops the lock. */
	pid_t holder = fork();
	if (holder == 0) {
		int fd3;
		long p;
		lt_lock_release(fd);
		if (lt_lock_acquire(dir, &fd3, &p) != LT_LOCK_TAKEN)
			_exit(1);
		pause();
		_exit(0);
	}
	lt_lock_release(fd);
	usleep(200000);
	kill(holder, SIGKILL);
	waitpid(holder, &status, 0);
	cr_assert_eq(lt_lock_acquire(dir, &fd, &pid), LT_LOCK_TAKEN);
	lt_lock_release(fd);
}
