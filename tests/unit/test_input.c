/* Unit tests for src/input: kinds, every decompressor and archive path,
 * nesting, hashes against the coreutils tools, directory order, symlinks,
 * every bad input, caps and stdin. Fixtures are made at test time in a
 * temporary directory with the standard command-line tools (scripts/deps.sh
 * installs them); a test whose tool is missing is skipped with a message. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/input.h"
#include "util/diag.h"
#include "util/hash.h"
#include "util/xalloc.h"

/* ---- helpers ---- */

static char *tmpdir(void)
{
	char *t = lt_xstrdup("/tmp/lt-input-XXXXXX");
	cr_assert_not_null(mkdtemp(t));
	return t;
}

static void rmrf(char *dir)
{
	char *cmd = lt_xasprintf("chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", dir, dir);
	cr_assert_eq(system(cmd), 0);
	free(cmd);
	free(dir);
}

/* Run a shell command in dir; returns its exit status. */
static int shell(const char *dir, const char *cmd)
{
	char *full = lt_xasprintf("cd '%s' && { %s ; } >/dev/null 2>&1", dir, cmd);
	int r = system(full);
	free(full);
	return r;
}

static void need(const char *tool)
{
	char *cmd = lt_xasprintf("command -v %s >/dev/null 2>&1", tool);
	int r = system(cmd);
	free(cmd);
	if (r != 0)
		cr_skip_test("%s is not installed (scripts/deps.sh installs it)", tool);
}

static char *path_in(const char *dir, const char *name)
{
	return lt_xasprintf("%s/%s", dir, name);
}

static void write_file(const char *dir, const char *name, const void *p, size_t n)
{
	char *path = path_in(dir, name);
	FILE *f = fopen(path, "wb");
	cr_assert_not_null(f, "cannot create %s", path);
	cr_assert_eq(fwrite(p, 1, n, f), n);
	fclose(f);
	free(path);
}

/* Log-like text of n lines; the caller frees. */
static char *log_text(unsigned lines, unsigned seed, size_t *len)
{
	char *s = NULL;
	size_t cap = 0;
	FILE *f = open_memstream(&s, &cap);
	for (unsigned i = 0; i < lines; i++)
		fprintf(f, "Nov 25 10:%02u:%02u host sshd[%u]: Accepted password for user%u from 10.0.%u.%u port %u\n",
			(i / 60) % 60, i % 60, 1000 + seed, (i * 7 + seed) % 13, seed % 256, i % 256, 40000 + i);
	fclose(f);
	*len = strlen(s);
	return s;
}

struct got_stream {
	uint32_t source;
	char *member, *filters, *fault;
	enum lt_kind kind;
	uint64_t size;
	char sha256[LT_SHA256_HEX];
	bool partial;
	char *content;
	size_t content_len;
	ssize_t last_read;
};

struct got_source {
	uint32_t id;
	char *path, *reason;
	enum lt_kind kind;
	enum lt_source_status status;
	uint64_t size;
	struct lt_digests d;
	unsigned streams;
};

struct got {
	struct got_stream st[32];
	size_t nst;
	struct got_source src[32];
	size_t nsrc;
	unsigned begins;
	size_t read_limit;	/* 0: read everything */
	size_t chunk;		/* read size (default 64 KiB) */
	int stop_after;		/* >0: ask to stop after that many streams */
	struct got_stream *cur;
};

static char *dupn(const char *s)
{
	return s ? lt_xstrdup(s) : NULL;
}

static void cb_begin(const struct lt_source *src, void *arg)
{
	struct got *g = arg;
	(void)src;
	g->begins++;
}

static int cb_stream(struct lt_stream *s, void *arg)
{
	struct got *g = arg;
	cr_assert_lt(g->nst, 32);
	struct got_stream *o = &g->st[g->nst];
	memset(o, 0, sizeof *o);
	size_t chunk = g->chunk ? g->chunk : 65536;
	char *buf = lt_xmalloc(chunk);
	size_t cap = 0;
	for (;;) {
		size_t want = chunk;
		if (g->read_limit && g->read_limit - o->content_len < want)
			want = g->read_limit - o->content_len;
		if (want == 0)
			break;
		ssize_t n = lt_stream_read(s, buf, want);
		o->last_read = n;
		if (n <= 0)
			break;
		if (o->content_len + (size_t)n + 1 > cap) {
			cap = (o->content_len + (size_t)n + 1) * 2;
			o->content = lt_xrealloc(o->content, cap);
		}
		memcpy(o->content + o->content_len, buf, (size_t)n);
		o->content_len += (size_t)n;
		o->content[o->content_len] = '\0';
	}
	free(buf);
	if (!o->content)
		o->content = lt_xstrdup("");
	g->nst++;
	if (g->stop_after && (int)g->nst >= g->stop_after)
		return -1;
	return 0;
}

static void cb_stream_end(const struct lt_stream *s, void *arg)
{
	struct got *g = arg;
	struct got_stream *o = &g->st[g->nst - 1];
	o->source = s->source->id;
	o->member = dupn(s->member);
	o->filters = dupn(s->filters);
	o->fault = dupn(s->fault);
	o->kind = s->kind;
	o->size = s->size;
	o->partial = s->partial;
	memcpy(o->sha256, s->sha256, sizeof o->sha256);
}

static void cb_source_end(const struct lt_source *src, void *arg)
{
	struct got *g = arg;
	cr_assert_lt(g->nsrc, 32);
	struct got_source *o = &g->src[g->nsrc++];
	o->id = src->id;
	o->path = dupn(src->path);
	o->reason = dupn(src->reason);
	o->kind = src->kind;
	o->status = src->status;
	o->size = src->size;
	o->d = src->digests;
}

static int walk_opts(struct got *g, const char *const *paths, size_t n, const struct lt_input_opts *o)
{
	struct lt_input_callbacks cb = { cb_begin, cb_stream, cb_stream_end, cb_source_end, g };
	int r = lt_input_walk(paths, n, o, &cb);
	cr_assert_eq(g->begins, g->nsrc, "every source has one begin and one end");
	return r;
}

static int walk1(struct got *g, const char *path)
{
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	return walk_opts(g, &path, 1, &o);
}

static void free_got(struct got *g)
{
	for (size_t i = 0; i < g->nst; i++) {
		free(g->st[i].member);
		free(g->st[i].filters);
		free(g->st[i].fault);
		free(g->st[i].content);
	}
	for (size_t i = 0; i < g->nsrc; i++) {
		free(g->src[i].path);
		free(g->src[i].reason);
	}
}

static void assert_sha256(const char *hex, const void *p, size_t n)
{
	char want[LT_SHA256_HEX];
	lt_sha256_hex(p, n, want);
	cr_assert_str_eq(hex, want);
}

/* The stream equals the text: content, size and SHA-256. */
static void assert_stream_is(const struct got_stream *s, const char *text, size_t len)
{
	cr_assert_eq(s->content_len, len, "stream %s: %zu bytes, expected %zu", s->member ? s->member : "-",
		     s->content_len, len);
	cr_assert(memcmp(s->content, text, len) == 0, "stream %s: content differs", s->member ? s->member : "-");
	cr_assert_eq(s->size, len);
	assert_sha256(s->sha256, text, len);
	cr_assert_not(s->partial, "unexpected fault: %s", s->fault ? s->fault : "");
}

/* ---- kinds ---- */

Test(kind, magic_of_every_kind)
{
	unsigned char b[1024];
	memset(b, 0, sizeof b);
	cr_assert_eq(lt_kind_detect(b, 0), LT_KIND_EMPTY);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"\x1f\x8b\x08\x00", 4), LT_KIND_GZIP);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"BZh91AY&SY", 10), LT_KIND_BZIP2);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"BZh0", 4), LT_KIND_TEXT);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"\xfd" "7zXZ\0\0\x04", 8), LT_KIND_XZ);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"\x28\xb5\x2f\xfd\x04", 5), LT_KIND_ZSTD);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"7z\xbc\xaf\x27\x1c\0\x04", 8), LT_KIND_7Z);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"PK\3\4\x14\0", 6), LT_KIND_ZIP);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"PK\5\6\0\0", 6), LT_KIND_ZIP);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"ElfFile\0\0\0", 10), LT_KIND_EVTX);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"070701000000", 12), LT_KIND_CPIO);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"070707000000", 12), LT_KIND_CPIO);
	/* POSIX ustar */
	memcpy(b, "a.log", 5);
	memcpy(b + 257, "ustar\0" "00", 8);
	cr_assert_eq(lt_kind_detect(b, 512), LT_KIND_TAR);
	/* Old tar: no magic, a valid checksum */
	memset(b, 0, sizeof b);
	memcpy(b, "old.log", 7);
	memcpy(b + 100, "0000644", 7);
	memcpy(b + 124, "00000000005", 11);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : b[i];
	snprintf((char *)b + 148, 8, "%06o", sum);
	cr_assert_eq(lt_kind_detect(b, 512), LT_KIND_TAR);
	b[0] = 'X'; /* checksum no longer matches */
	cr_assert_neq(lt_kind_detect(b, 512), LT_KIND_TAR);
	/* All zero bytes are not an (empty) tar: binary */
	memset(b, 0, sizeof b);
	cr_assert_eq(lt_kind_detect(b, 1024), LT_KIND_BINARY);
	const char *log = "Nov 25 10:00:00 host sshd[1]: Accepted password for a from 10.0.0.1 port 22\n";
	cr_assert_eq(lt_kind_detect((const unsigned char *)log, strlen(log)), LT_KIND_TEXT);
	/* UTF-16LE with and without BOM is text (the parse layer transcodes) */
	cr_assert_eq(lt_kind_detect((const unsigned char *)"\xff\xfeh\0i\0", 6), LT_KIND_TEXT);
	cr_assert_eq(lt_kind_detect((const unsigned char *)"h\0e\0l\0l\0o\0 \0w\0o\0r\0l\0d\0!\0", 24), LT_KIND_TEXT);
	/* Shift_JIS text is text */
	cr_assert_eq(lt_kind_detect((const unsigned char *)"\x83\x8d\x83\x4f\x83\x43\x83\x93 ok\r\n", 13), LT_KIND_TEXT);
	/* Random-looking bytes are binary */
	for (int i = 0; i < 1024; i++)
		b[i] = (unsigned char)((i * 1103515245u + 12345u) >> 7);
	cr_assert_eq(lt_kind_detect(b, 1024), LT_KIND_BINARY);
	cr_assert_str_eq(lt_kind_name(LT_KIND_ZSTD), "zstd");
	cr_assert_str_eq(lt_source_status_name(LT_SOURCE_PARTIAL), "partial");
}

/* ---- plain files and every compressor ---- */

Test(input, plain_file_hashes_match_coreutils)
{
	char *dir = tmpdir();
	size_t len;
	char *text = log_text(500, 1, &len);
	write_file(dir, "auth.log", text, len);
	char *path = path_in(dir, "auth.log");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.nsrc, 1);
	cr_assert_eq(g.nst, 1);
	cr_assert_eq(g.src[0].kind, LT_KIND_TEXT);
	cr_assert_eq(g.src[0].status, LT_SOURCE_COMPLETE);
	cr_assert_eq(g.src[0].size, len);
	cr_assert_null(g.st[0].member);
	cr_assert_str_eq(g.st[0].filters, "");
	assert_stream_is(&g.st[0], text, len);
	/* The three digests against the coreutils tools */
	const char *tools[] = { "sha256sum", "sha1sum", "md5sum" };
	const char *mine[] = { g.src[0].d.sha256, g.src[0].d.sha1, g.src[0].d.md5 };
	for (int i = 0; i < 3; i++) {
		char *cmd = lt_xasprintf("%s '%s'", tools[i], path);
		FILE *p = popen(cmd, "r");
		char out[200] = "";
		cr_assert_not_null(fgets(out, sizeof out, p));
		pclose(p);
		out[strlen(mine[i])] = '\0';
		cr_assert_str_eq(mine[i], out, "%s", tools[i]);
		free(cmd);
	}
	free_got(&g);
	free(path);
	free(text);
	rmrf(dir);
}

static void check_compressed(const char *tool, const char *cmd, const char *filters, enum lt_kind kind)
{
	need(tool);
	char *dir = tmpdir();
	size_t len;
	char *text = log_text(3000, 2, &len);
	write_file(dir, "messages", text, len);
	cr_assert_eq(shell(dir, cmd), 0, "%s", cmd);
	char *path = path_in(dir, "renamed.log"); /* the name says nothing */
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.nsrc, 1);
	cr_assert_eq(g.src[0].kind, kind);
	cr_assert_eq(g.src[0].status, LT_SOURCE_COMPLETE, "%s", g.src[0].reason ? g.src[0].reason : "");
	cr_assert_eq(g.nst, 1);
	cr_assert_str_eq(g.st[0].filters, filters);
	cr_assert_eq(g.st[0].kind, LT_KIND_TEXT);
	assert_stream_is(&g.st[0], text, len);
	struct stat st;
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(g.src[0].size, (uint64_t)st.st_size);
	free_got(&g);
	free(path);
	free(text);
	rmrf(dir);
}

Test(input, gzip) { check_compressed("gzip", "gzip -c messages > renamed.log", "gzip", LT_KIND_GZIP); }
Test(input, bzip2) { check_compressed("bzip2", "bzip2 -c messages > renamed.log", "bzip2", LT_KIND_BZIP2); }
Test(input, xz) { check_compressed("xz", "xz -c messages > renamed.log", "xz", LT_KIND_XZ); }
Test(input, zstd) { check_compressed("zstd", "zstd -q -c messages > renamed.log", "zstd", LT_KIND_ZSTD); }
Test(input, gzip_of_xz_peels_both)
{
	check_compressed("xz", "xz -c messages | gzip -c > renamed.log", "gzip,xz", LT_KIND_GZIP);
}

Test(input, multi_member_gzip_is_one_stream_at_the_right_offsets)
{
	need("gzip");
	char *dir = tmpdir();
	size_t l1, l2;
	char *t1 = log_text(100, 3, &l1), *t2 = log_text(70, 4, &l2);
	write_file(dir, "m1", t1, l1);
	write_file(dir, "m2", t2, l2);
	cr_assert_eq(shell(dir, "gzip -c m1 > multi.gz && gzip -c m2 >> multi.gz"), 0);
	char *all = lt_xasprintf("%s%s", t1, t2);
	char *path = path_in(dir, "multi.gz");
	struct got g = { .chunk = 7 }; /* small reads across the member boundary */
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.nst, 1);
	assert_stream_is(&g.st[0], all, l1 + l2);
	/* The second member's first line starts at offset l1 of the stream */
	cr_assert(memcmp(g.st[0].content + l1, t2, 60) == 0);
	free_got(&g);
	free(path);
	free(all);
	free(t1);
	free(t2);
	rmrf(dir);
}

/* ---- archives ---- */

struct two {
	char *dir;
	char *a, *b;
	size_t la, lb;
};

static struct two two_files(void)
{
	struct two t;
	t.dir = tmpdir();
	t.a = log_text(200, 5, &t.la);
	t.b = log_text(300, 6, &t.lb);
	cr_assert_eq(shell(t.dir, "mkdir -p in/proxy"), 0);
	write_file(t.dir, "in/proxy/access.log", t.a, t.la);
	write_file(t.dir, "in/proxy/access.log.1", t.b, t.lb);
	return t;
}

static void free_two(struct two *t)
{
	free(t->a);
	free(t->b);
	rmrf(t->dir);
}

static void check_archive(const char *tool, const char *cmd, const char *name, enum lt_kind kind, const char *filters)
{
	need(tool);
	struct two t = two_files();
	cr_assert_eq(shell(t.dir, cmd), 0, "%s", cmd);
	char *path = path_in(t.dir, name);
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.nsrc, 1);
	cr_assert_eq(g.src[0].kind, kind);
	cr_assert_eq(g.src[0].status, LT_SOURCE_COMPLETE, "%s", g.src[0].reason ? g.src[0].reason : "");
	cr_assert_eq(g.nst, 2);
	char whole[LT_SHA256_HEX];
	cr_assert_eq(lt_sha256_file(path, whole), 0);
	cr_assert_str_eq(g.src[0].d.sha256, whole, "the stored bytes are hashed whole, seeking formats too");
	for (int i = 0; i < 2; i++) {
		cr_assert_str_eq(g.st[i].filters, filters);
		if (strcmp(g.st[i].member, "proxy/access.log") == 0)
			assert_stream_is(&g.st[i], t.a, t.la);
		else if (strcmp(g.st[i].member, "proxy/access.log.1") == 0)
			assert_stream_is(&g.st[i], t.b, t.lb);
		else
			cr_assert_fail("unexpected member %s", g.st[i].member);
	}
	free_got(&g);
	free(path);
	free_two(&t);
}

Test(archive, tar) { check_archive("tar", "tar -C in -cf x.tar proxy", "x.tar", LT_KIND_TAR, "tar"); }
Test(archive, tar_gz) { check_archive("tar", "tar -C in -czf x.tgz proxy", "x.tgz", LT_KIND_GZIP, "gzip,tar"); }
Test(archive, tar_xz) { check_archive("xz", "tar -C in -cJf x.txz proxy", "x.txz", LT_KIND_XZ, "xz,tar"); }
Test(archive, zip) { check_archive("zip", "cd in && zip -qr ../x.zip proxy", "x.zip", LT_KIND_ZIP, "zip"); }
Test(archive, zip_from_stdin_style_stream)
{
	/* zip -fd writes data descriptors (streamed zip, as from a pipe) */
	check_archive("zip", "cd in && zip -qr -fd ../x.zip proxy", "x.zip", LT_KIND_ZIP, "zip");
}
Test(archive, sevenzip) { check_archive("7z", "cd in && 7z a -bd ../x.7z proxy", "x.7z", LT_KIND_7Z, "7z"); }
Test(archive, cpio)
{
	check_archive("cpio", "cd in && find proxy -type f | sort | cpio -o -H newc > ../x.cpio", "x.cpio", LT_KIND_CPIO,
		      "cpio");
}
Test(archive, cpio_odc) { check_archive("cpio", "cd in && find proxy -type f | cpio -o -H odc > ../x.cpio", "x.cpio", LT_KIND_CPIO, "cpio"); }

/* A zip and a 7z larger than one read buffer, with an incompressible
 * member, so that reading them seeks back and forth: the members and the
 * file's hash must still be right. */
static void check_big_seekable(const char *tool, const char *cmd, const char *name)
{
	need(tool);
	char *dir = tmpdir();
	size_t len;
	char *text = log_text(6000, 11, &len);
	write_file(dir, "a.log", text, len);
	cr_assert_eq(shell(dir, "head -c 700000 /dev/urandom > noise.bin"), 0);
	cr_assert_eq(shell(dir, cmd), 0, "%s", cmd);
	char *path = path_in(dir, name);
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.src[0].status, LT_SOURCE_COMPLETE, "%s", g.src[0].reason ? g.src[0].reason : "");
	char whole[LT_SHA256_HEX];
	cr_assert_eq(lt_sha256_file(path, whole), 0);
	cr_assert_str_eq(g.src[0].d.sha256, whole);
	cr_assert_eq(g.nst, 2);
	int found = 0;
	for (int i = 0; i < 2; i++) {
		if (strcmp(g.st[i].member, "a.log") == 0) {
			assert_stream_is(&g.st[i], text, len);
			found++;
		} else {
			cr_assert_str_eq(g.st[i].member, "noise.bin");
			cr_assert_eq(g.st[i].size, 700000);
			cr_assert_eq(g.st[i].kind, LT_KIND_BINARY);
			found++;
		}
	}
	cr_assert_eq(found, 2);
	free_got(&g);
	free(path);
	free(text);
	rmrf(dir);
}

Test(archive, big_zip_seeks_and_hashes) { check_big_seekable("zip", "zip -q big.zip noise.bin a.log", "big.zip"); }
Test(archive, big_7z_seeks_and_hashes) { check_big_seekable("7z", "7z a -bd big.7z noise.bin a.log", "big.7z"); }

Test(archive, encrypted_zip_member_is_a_fault_and_the_walk_goes_on)
{
	need("zip");
	struct two t = two_files();
	cr_assert_eq(shell(t.dir, "cd in && zip -q -P secret ../x.zip proxy/access.log && zip -q ../x.zip proxy/access.log.1"), 0);
	char *path = path_in(t.dir, "x.zip");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	bool plain_seen = false;
	for (size_t i = 0; i < g.nst; i++) {
		if (strcmp(g.st[i].member, "proxy/access.log.1") == 0) {
			assert_stream_is(&g.st[i], t.b, t.lb);
			plain_seen = true;
		} else {
			cr_assert(g.st[i].partial);
		}
	}
	cr_assert(plain_seen, "the member after the encrypted one is read");
	free_got(&g);
	free(path);
	free_two(&t);
}

Test(archive, sparse_member_links_and_symlinks_in_a_tar)
{
	char *dir = tmpdir();
	cr_assert_eq(shell(dir, "mkdir in && cd in && printf 'start\\n' > s.log && truncate -s 300000 s.log && "
				"printf 'end\\n' >> s.log && ln s.log hard.log && ln -s s.log sym.log && "
				"tar --sparse -cf ../x.tar s.log hard.log sym.log"), 0);
	char *path = path_in(dir, "x.tar"), *orig = path_in(dir, "in/s.log");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.src[0].status, LT_SOURCE_COMPLETE);
	cr_assert_eq(g.nst, 1, "the hard link and the symlink are listed, not read");
	cr_assert_str_eq(g.st[0].member, "s.log");
	cr_assert_eq(g.st[0].size, 300004, "holes are read as zeros");
	char want[LT_SHA256_HEX];
	cr_assert_eq(lt_sha256_file(orig, want), 0);
	cr_assert_str_eq(g.st[0].sha256, want);
	free_got(&g);
	free(path);
	free(orig);
	rmrf(dir);
}

Test(caps, sparse_tar_bomb_is_stopped)
{
	char *dir = tmpdir();
	cr_assert_eq(shell(dir, "mkdir in && truncate -s 10G in/huge.log && tar -C in --sparse -cf x.tar huge.log"), 0);
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	o.ratio_min_bytes = 1 << 20;
	o.max_ratio = 10;
	char *p = path_in(dir, "x.tar");
	const char *pp = p;
	struct got g = { .read_limit = 1 };
	cr_assert_eq(walk_opts(&g, &pp, 1, &o), 0);
	cr_assert_eq(g.nst, 1);
	cr_assert(g.st[0].partial);
	cr_assert_lt(g.st[0].size, 100u << 20);
	cr_assert_not_null(strstr(g.src[0].reason, "max_ratio"));
	free_got(&g);
	free(p);
	rmrf(dir);
}

/* ---- nesting ---- */

Test(nesting, tar_gz_of_rotated_gz)
{
	need("gzip");
	struct two t = two_files();
	cr_assert_eq(shell(t.dir, "gzip in/proxy/access.log.1 && tar -C in -czf logs.tar.gz proxy"), 0);
	char *path = path_in(t.dir, "logs.tar.gz");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.nst, 2);
	int seen = 0;
	for (int i = 0; i < 2; i++) {
		if (strcmp(g.st[i].member, "proxy/access.log") == 0) {
			cr_assert_str_eq(g.st[i].filters, "gzip,tar");
			assert_stream_is(&g.st[i], t.a, t.la);
			seen |= 1;
		} else {
			cr_assert_str_eq(g.st[i].member, "proxy/access.log.1.gz");
			cr_assert_str_eq(g.st[i].filters, "gzip,tar,gzip");
			assert_stream_is(&g.st[i], t.b, t.lb);
			seen |= 2;
		}
	}
	cr_assert_eq(seen, 3);
	free_got(&g);
	free(path);
	free_two(&t);
}

Test(nesting, zip_holding_tar_gz_holding_gz)
{
	need("zip");
	struct two t = two_files();
	cr_assert_eq(shell(t.dir, "gzip in/proxy/access.log.1 && tar -C in -czf logs.tar.gz proxy && zip -q case.zip logs.tar.gz"), 0);
	char *path = path_in(t.dir, "case.zip");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.nst, 2);
	for (int i = 0; i < 2; i++) {
		if (strcmp(g.st[i].member, "logs.tar.gz//proxy/access.log") == 0) {
			cr_assert_str_eq(g.st[i].filters, "zip,gzip,tar");
			assert_stream_is(&g.st[i], t.a, t.la);
		} else {
			cr_assert_str_eq(g.st[i].member, "logs.tar.gz//proxy/access.log.1.gz");
			cr_assert_str_eq(g.st[i].filters, "zip,gzip,tar,gzip");
			assert_stream_is(&g.st[i], t.b, t.lb);
		}
	}
	free_got(&g);
	free(path);
	free_two(&t);
}

Test(nesting, depth_limit_hands_out_binary_and_marks_partial)
{
	need("gzip");
	struct two t = two_files();
	cr_assert_eq(shell(t.dir, "tar -C in -czf logs.tar.gz proxy"), 0);
	char *path = path_in(t.dir, "logs.tar.gz");
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	o.max_depth = 1;
	struct got g = { 0 };
	const char *p = path;
	cr_assert_eq(walk_opts(&g, &p, 1, &o), 0);
	cr_assert_eq(g.nst, 1);
	cr_assert_eq(g.st[0].kind, LT_KIND_BINARY);
	cr_assert(g.st[0].partial);
	cr_assert_not_null(strstr(g.st[0].fault, "max_depth"));
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	free_got(&g);
	free(path);
	free_two(&t);
}

Test(nesting, seven_zip_inside_tar_is_reported_not_opened)
{
	need("7z");
	struct two t = two_files();
	cr_assert_eq(shell(t.dir, "cd in && 7z a -bd ../x.7z proxy && cd .. && tar -cf x.tar x.7z"), 0);
	char *path = path_in(t.dir, "x.tar");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_eq(g.nst, 1);
	cr_assert_str_eq(g.st[0].member, "x.7z");
	cr_assert_eq(g.st[0].kind, LT_KIND_BINARY);
	cr_assert(g.st[0].partial);
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	free_got(&g);
	free(path);
	free_two(&t);
}

/* ---- directories ---- */

Test(walk, directory_is_sorted_bytewise_and_recursive)
{
	char *dir = tmpdir();
	const char *names[] = { "b", "a", "B", "a.b", "a-", "dir/x", "dir/A", "a0" };
	cr_assert_eq(shell(dir, "mkdir dir"), 0);
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		write_file(dir, names[i], names[i], strlen(names[i]));
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, dir), 0);
	const char *want[] = { "B", "a", "a-", "a.b", "a0", "b", "dir/A", "dir/x" };
	cr_assert_eq(g.nsrc, 8);
	for (int i = 0; i < 8; i++) {
		char *p = path_in(dir, want[i]);
		cr_assert_str_eq(g.src[i].path, p);
		cr_assert_eq(g.src[i].id, (uint32_t)i + 1);
		cr_assert_eq(g.st[i].source, (uint32_t)i + 1);
		free(p);
	}
	free_got(&g);
	rmrf(dir);
}

Test(walk, symlinks_inside_directories_are_skipped_and_loops_end)
{
	char *dir = tmpdir();
	cr_assert_eq(shell(dir, "mkdir -p d/sub && echo hello > d/real.log && ln -s real.log d/link.log && "
				"ln -s .. d/sub/up && ln -s . d/self && ln -s /nonexistent d/dangling"), 0);
	char *d = path_in(dir, "d");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, d), 0);
	cr_assert_eq(g.nst, 1, "only the real file is read");
	int skipped = 0;
	for (size_t i = 0; i < g.nsrc; i++)
		if (g.src[i].status == LT_SOURCE_SKIPPED) {
			skipped++;
			cr_assert_not_null(strstr(g.src[i].reason, "symbolic link"));
		}
	cr_assert_eq(skipped, 4);
	free_got(&g);
	/* A symlink given on the command line is followed */
	char *link = path_in(dir, "d/link.log");
	struct got g2 = { 0 };
	cr_assert_eq(walk1(&g2, link), 0);
	cr_assert_eq(g2.nst, 1);
	cr_assert_str_eq(g2.st[0].content, "hello\n");
	free_got(&g2);
	free(link);
	free(d);
	rmrf(dir);
}

Test(walk, following_symlinks_on_request_still_ends_loops)
{
	char *dir = tmpdir();
	cr_assert_eq(shell(dir, "mkdir -p d/sub && echo hello > d/real.log && ln -s real.log d/link.log && "
				"ln -s .. d/sub/up && ln -s . d/self"), 0);
	char *d = path_in(dir, "d");
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	o.follow_symlinks = true;
	struct got g = { 0 };
	const char *p = d;
	cr_assert_eq(walk_opts(&g, &p, 1, &o), 0);
	/* link.log and real.log are read; self and sub/up lead back to d: loops */
	cr_assert_eq(g.nst, 2);
	int loops = 0;
	for (size_t i = 0; i < g.nsrc; i++)
		if (g.src[i].status == LT_SOURCE_SKIPPED && strstr(g.src[i].reason, "loop"))
			loops++;
	cr_assert_eq(loops, 2);
	free_got(&g);
	free(d);
	rmrf(dir);
}

Test(walk, fifo_is_skipped_without_hanging)
{
	char *dir = tmpdir();
	cr_assert_eq(shell(dir, "mkfifo pipe && echo x > z.log"), 0);
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, dir), 0);
	cr_assert_eq(g.nsrc, 2);
	cr_assert_eq(g.src[0].status, LT_SOURCE_SKIPPED);
	cr_assert_not_null(strstr(g.src[0].reason, "FIFO"));
	cr_assert_eq(g.src[1].status, LT_SOURCE_COMPLETE);
	free_got(&g);
	/* also when named on the command line */
	char *p = path_in(dir, "pipe");
	struct got g2 = { 0 };
	cr_assert_eq(walk1(&g2, p), 0);
	cr_assert_eq(g2.src[0].status, LT_SOURCE_SKIPPED);
	free_got(&g2);
	free(p);
	rmrf(dir);
}

/* ---- bad input ---- */

Test(bad, missing_and_unreadable_files_do_not_stop_the_walk)
{
	char *dir = tmpdir();
	write_file(dir, "ok.log", "fine\n", 5);
	write_file(dir, "secret.log", "no\n", 3);
	char *ok = path_in(dir, "ok.log"), *missing = path_in(dir, "missing.log"), *secret = path_in(dir, "secret.log");
	const char *paths[] = { missing, ok };
	struct got g = { 0 };
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	cr_assert_eq(walk_opts(&g, paths, 2, &o), 0);
	cr_assert_eq(g.nsrc, 2);
	cr_assert_eq(g.src[0].status, LT_SOURCE_UNREADABLE);
	cr_assert_not_null(strstr(g.src[0].reason, "No such file"));
	cr_assert_str_eq(g.src[0].d.sha256, "");
	cr_assert_eq(g.src[1].status, LT_SOURCE_COMPLETE);
	free_got(&g);
	/* Permission denied: root reads every file, so as root (CI) the check
	 * runs with the effective uid of "nobody" and switches back after. */
	bool as_root = geteuid() == 0;
	cr_assert_eq(chmod(dir, 0755), 0);
	cr_assert_eq(chmod(secret, 0), 0);
	cr_assert_eq(shell(dir, "mkdir locked && echo x > locked/in.log && chmod 0 locked"), 0);
	if (as_root && seteuid(65534) != 0) {
		fprintf(stderr, "test_input: cannot switch to uid 65534: permission-denied check skipped\n");
	} else {
		struct got g2 = { 0 };
		int r = walk1(&g2, dir);
		if (as_root)
			cr_assert_eq(seteuid(0), 0);
		cr_assert_eq(r, 0);
		cr_assert_eq(g2.nsrc, 3, "locked/, ok.log, secret.log");
		cr_assert_eq(g2.src[0].status, LT_SOURCE_UNREADABLE);
		cr_assert_not_null(strstr(g2.src[0].path, "locked"));
		cr_assert_not_null(strstr(g2.src[0].reason, "Permission denied"));
		cr_assert_eq(g2.src[1].status, LT_SOURCE_COMPLETE);
		cr_assert_eq(g2.src[2].status, LT_SOURCE_UNREADABLE);
		cr_assert_not_null(strstr(g2.src[2].reason, "Permission denied"), "%s", g2.src[2].reason);
		cr_assert_str_eq(g2.src[2].d.sha256, "");
		free_got(&g2);
	}
	free(ok);
	free(missing);
	free(secret);
	rmrf(dir);
}

Test(bad, empty_file_is_complete_with_an_empty_stream)
{
	char *dir = tmpdir();
	write_file(dir, "empty.log", "", 0);
	char *p = path_in(dir, "empty.log");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, p), 0);
	cr_assert_eq(g.src[0].status, LT_SOURCE_COMPLETE);
	cr_assert_eq(g.src[0].kind, LT_KIND_EMPTY);
	cr_assert_str_eq(g.src[0].d.md5, "d41d8cd98f00b204e9800998ecf8427e");
	cr_assert_eq(g.nst, 1);
	cr_assert_eq(g.st[0].kind, LT_KIND_EMPTY);
	cr_assert_eq(g.st[0].size, 0);
	cr_assert_str_eq(g.st[0].sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	free_got(&g);
	free(p);
	rmrf(dir);
}

Test(bad, binary_junk_and_evtx_are_streamed_as_binary)
{
	char *dir = tmpdir();
	unsigned char junk[3000];
	for (size_t i = 0; i < sizeof junk; i++)
		junk[i] = (unsigned char)((i * 2654435761u) >> 13);
	write_file(dir, "junk.log", junk, sizeof junk);
	unsigned char evtx[4096] = "ElfFile";
	write_file(dir, "x.evtx", evtx, sizeof evtx);
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, dir), 0);
	cr_assert_eq(g.nst, 2);
	cr_assert_eq(g.st[0].kind, LT_KIND_BINARY);
	cr_assert_eq(g.st[0].content_len, sizeof junk);
	cr_assert_eq(g.src[0].status, LT_SOURCE_COMPLETE);
	cr_assert_eq(g.st[1].kind, LT_KIND_EVTX);
	cr_assert_eq(g.src[1].kind, LT_KIND_EVTX);
	cr_assert_eq(g.st[1].content_len, sizeof evtx);
	free_got(&g);
	rmrf(dir);
}

/* A damaged compressed file: the stream is partial, what was decoded
 * before the fault is a prefix of the original, the fault names the offset,
 * the walk goes on, and the file's hash is still of all its bytes. */
enum expect { SOME_PREFIX, MAYBE_PREFIX, CORRUPT };
static void check_damaged(const char *tool, const char *make, enum expect expect)
{
	need(tool);
	char *dir = tmpdir();
	size_t len;
	char *text = log_text(20000, 7, &len);
	write_file(dir, "messages", text, len);
	write_file(dir, "zz-after.log", "after\n", 6);
	cr_assert_eq(shell(dir, make), 0, "%s", make);
	char *bad = path_in(dir, "bad"), *after = path_in(dir, "zz-after.log");
	const char *paths[] = { bad, after };
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	struct got g = { 0 };
	unsigned long errors = lt_diag_count(LT_ERROR);
	cr_assert_eq(walk_opts(&g, paths, 2, &o), 0);
	cr_assert_eq(lt_diag_count(LT_ERROR), errors + 1, "exactly one error message");
	cr_assert_eq(g.nsrc, 2);
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	cr_assert_not_null(g.src[0].reason);
	cr_assert_eq(g.src[1].status, LT_SOURCE_COMPLETE, "the walk goes on");
	struct stat st;
	cr_assert_eq(stat(bad, &st), 0);
	cr_assert_eq(g.src[0].size, (uint64_t)st.st_size, "every stored byte is hashed");
	if (g.nst == 2) {
		struct got_stream *s = &g.st[0];
		cr_assert(s->partial);
		cr_assert_not_null(s->fault);
		if (expect != CORRUPT) {
			cr_assert_lt(s->content_len, len);
			cr_assert(memcmp(s->content, text, s->content_len) == 0, "what was read is a prefix of the original");
		}
		char *off = lt_xasprintf("offset %zu", s->content_len);
		cr_assert_not_null(strstr(s->fault, off), "fault names the offset: %s", s->fault);
		free(off);
		cr_assert_eq(s->last_read, -1, "lt_stream_read reports the fault");
		if (expect == SOME_PREFIX)
			cr_assert_gt(s->content_len, 0);
	} else {
		cr_assert_eq(g.nst, 1);
		cr_assert_eq(expect, MAYBE_PREFIX);
	}
	free_got(&g);
	free(bad);
	free(after);
	free(text);
	rmrf(dir);
}

Test(bad, truncated_gzip_keeps_every_decodable_byte)
{
	check_damaged("gzip", "gzip -c messages | head -c 60000 > bad", SOME_PREFIX);
	/* exactly what zcat recovers */
}
Test(bad, corrupt_gzip_fails_its_crc)
{
	check_damaged("gzip", "gzip -c messages > bad && printf 'XXXXXXXXXXXXXXXX' | dd of=bad bs=1 seek=40000 conv=notrunc",
		      CORRUPT);
}
Test(bad, truncated_second_gzip_member)
{
	check_damaged("gzip", "head -c 1000 messages | gzip -c > bad && tail -c +1001 messages | gzip -c | head -c 30000 >> bad", SOME_PREFIX);
}
Test(bad, truncated_bzip2) { check_damaged("bzip2", "bzip2 -1 -c messages | head -c 60000 > bad", SOME_PREFIX); }
Test(bad, truncated_xz) { check_damaged("xz", "xz -c messages | head -c 40000 > bad", SOME_PREFIX); }
Test(bad, corrupt_xz)
{
	check_damaged("xz", "xz -c messages > bad && printf 'XXXXXXXXXXXXXXXX' | dd of=bad bs=1 seek=20000 conv=notrunc", CORRUPT);
}
Test(bad, truncated_zstd) { check_damaged("zstd", "zstd -q -c messages | head -c 40000 > bad", MAYBE_PREFIX); }
Test(bad, gzip_header_only) { check_damaged("gzip", "gzip -c messages | head -c 12 > bad", MAYBE_PREFIX); }

Test(bad, corrupt_tar_keeps_members_before_the_damage)
{
	struct two t = two_files();
	/* keep the first member whole and the second member's header, then junk */
	size_t keep = 512 + (t.la + 511) / 512 * 512 + 512 + 1000;
	char *cmd = lt_xasprintf("tar -C in -cf x.tar proxy/access.log proxy/access.log.1 && head -c %zu x.tar > bad.tar && "
				 "head -c 3000 /dev/zero | tr '\\0' 'J' >> bad.tar", keep);
	cr_assert_eq(shell(t.dir, cmd), 0);
	free(cmd);
	char *path = path_in(t.dir, "bad.tar");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, path), 0);
	cr_assert_geq(g.nst, 1);
	cr_assert_str_eq(g.st[0].member, "proxy/access.log");
	assert_stream_is(&g.st[0], t.a, t.la);
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	cr_assert_not_null(g.src[0].reason);
	free_got(&g);
	free(path);
	free_two(&t);
}

Test(bad, truncated_zip_and_tgz)
{
	need("zip");
	struct two t = two_files();
	cr_assert_eq(shell(t.dir, "cd in && zip -qr ../x.zip proxy && cd .. && head -c 3000 x.zip > bad.zip && "
				  "tar -C in -czf x.tgz proxy && head -c 3000 x.tgz > bad.tgz"), 0);
	char *z = path_in(t.dir, "bad.zip"), *tg = path_in(t.dir, "bad.tgz");
	const char *paths[] = { z, tg };
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	struct got g = { 0 };
	cr_assert_eq(walk_opts(&g, paths, 2, &o), 0);
	cr_assert_eq(g.nsrc, 2);
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	cr_assert_eq(g.src[1].status, LT_SOURCE_PARTIAL);
	for (size_t i = 0; i < g.nst; i++) {
		const char *want = strstr(g.st[i].member, "access.log.1") ? t.b : t.a;
		cr_assert(memcmp(g.st[i].content, want, g.st[i].content_len) == 0, "a prefix of the member");
	}
	free_got(&g);
	free(z);
	free(tg);
	free_two(&t);
}

Test(bad, fake_gzip_magic_is_binary_and_partial)
{
	char *dir = tmpdir();
	write_file(dir, "fake", "\x1f\x8bnot gzip at all", 17);
	char *p = path_in(dir, "fake");
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, p), 0);
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	free_got(&g);
	free(p);
	rmrf(dir);
}

Test(caps, stream_cap_stops_a_bomb)
{
	need("gzip");
	char *dir = tmpdir();
	cr_assert_eq(shell(dir, "head -c 5000000 /dev/zero | gzip -c > bomb.gz && echo ok > zz.log"), 0);
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	o.max_stream_bytes = 100000;
	struct got g = { 0 };
	const char *p = dir;
	cr_assert_eq(walk_opts(&g, &p, 1, &o), 0);
	cr_assert_eq(g.nsrc, 2);
	cr_assert_eq(g.st[0].size, 100000);
	cr_assert(g.st[0].partial);
	cr_assert_not_null(strstr(g.st[0].fault, "max_stream_bytes"));
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	cr_assert_eq(g.src[1].status, LT_SOURCE_COMPLETE);
	free_got(&g);
	rmrf(dir);
}

Test(caps, ratio_cap_stops_a_bomb_inside_a_tar_gz)
{
	need("gzip");
	char *dir = tmpdir();
	cr_assert_eq(shell(dir, "mkdir in && head -c 20000000 /dev/zero > in/zeros && echo hi > in/a.log && "
				"tar -C in -czf x.tgz a.log zeros"), 0);
	struct lt_input_opts o;
	lt_input_opts_default(&o);
	o.ratio_min_bytes = 1 << 20;
	o.max_ratio = 10;
	char *p = path_in(dir, "x.tgz");
	struct got g = { 0 };
	const char *pp = p;
	cr_assert_eq(walk_opts(&g, &pp, 1, &o), 0);
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	cr_assert_not_null(strstr(g.src[0].reason, "max_ratio"), "%s", g.src[0].reason);
	cr_assert_eq(g.nst, 2);
	cr_assert_str_eq(g.st[0].content, "hi\n");
	cr_assert(g.st[1].partial);
	cr_assert_lt(g.st[1].size, 20000000);
	free_got(&g);
	free(p);
	rmrf(dir);
}

/* ---- consumers ---- */

Test(consumer, unread_rest_is_drained_for_the_hash)
{
	need("gzip");
	char *dir = tmpdir();
	size_t len;
	char *text = log_text(2000, 8, &len);
	write_file(dir, "m", text, len);
	cr_assert_eq(shell(dir, "gzip -c m > m.gz"), 0);
	char *p = path_in(dir, "m.gz");
	struct got g = { .read_limit = 10 };
	cr_assert_eq(walk1(&g, p), 0);
	cr_assert_eq(g.st[0].content_len, 10);
	cr_assert_eq(g.st[0].size, len);
	assert_sha256(g.st[0].sha256, text, len);
	free_got(&g);
	free(p);
	free(text);
	rmrf(dir);
}

Test(consumer, stop_ends_the_walk)
{
	char *dir = tmpdir();
	write_file(dir, "a", "1\n", 2);
	write_file(dir, "b", "2\n", 2);
	struct got g = { .stop_after = 1 };
	cr_assert_eq(walk1(&g, dir), -1);
	cr_assert_eq(g.nsrc, 1);
	free_got(&g);
	rmrf(dir);
}

/* ---- stdin ---- */

static void with_stdin(const char *file)
{
	int fd = open(file, O_RDONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(dup2(fd, 0), 0);
	close(fd);
}

Test(stdin, gzip_from_a_pipe)
{
	need("gzip");
	char *dir = tmpdir();
	size_t len;
	char *text = log_text(1000, 9, &len);
	write_file(dir, "m", text, len);
	cr_assert_eq(shell(dir, "gzip -c m > m.gz && mkfifo p"), 0);
	char *cmd = lt_xasprintf("cat '%s/m.gz' > '%s/p' &", dir, dir);
	cr_assert_eq(system(cmd), 0);
	char *fifo = path_in(dir, "p");
	with_stdin(fifo);
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, "-"), 0);
	cr_assert_str_eq(g.src[0].path, "-");
	cr_assert_eq(g.src[0].kind, LT_KIND_GZIP);
	cr_assert_eq(g.nst, 1);
	assert_stream_is(&g.st[0], text, len);
	free_got(&g);
	free(cmd);
	free(fifo);
	free(text);
	rmrf(dir);
}

Test(stdin, seven_zip_from_stdin_is_unsupported)
{
	need("7z");
	struct two t = two_files();
	cr_assert_eq(shell(t.dir, "cd in && 7z a -bd ../x.7z proxy"), 0);
	char *p = path_in(t.dir, "x.7z");
	with_stdin(p);
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, "-"), 0);
	cr_assert_eq(g.nst, 0);
	cr_assert_eq(g.src[0].status, LT_SOURCE_PARTIAL);
	cr_assert_not_null(strstr(g.src[0].reason, "7z"));
	struct stat st;
	cr_assert_eq(stat(p, &st), 0);
	cr_assert_eq(g.src[0].size, (uint64_t)st.st_size, "stdin is still hashed");
	free_got(&g);
	free(p);
	free_two(&t);
}

Test(stdin, zip_from_stdin_streams)
{
	need("zip");
	struct two t = two_files();
	cr_assert_eq(shell(t.dir, "cd in && zip -qr ../x.zip proxy"), 0);
	char *p = path_in(t.dir, "x.zip");
	with_stdin(p);
	struct got g = { 0 };
	cr_assert_eq(walk1(&g, "-"), 0);
	cr_assert_eq(g.nst, 2);
	cr_assert_eq(g.src[0].status, LT_SOURCE_COMPLETE);
	free_got(&g);
	free(p);
	free_two(&t);
}
