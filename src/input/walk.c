/* Walking the inputs: files, directories (byte-wise sorted, recursive) and
 * stdin. Everything is opened read-only; files found inside directories with
 * O_NOFOLLOW, so a symbolic link is never followed there (which also rules
 * out symlink loops); O_NOATIME where the kernel permits it, so reading does
 * not even change access times.
 */
#include "input/internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/sort.h"
#include "util/xalloc.h"

void lt_input_opts_default(struct lt_input_opts *o)
{
	memset(o, 0, sizeof *o);
	o->max_ratio = 1000;
	o->ratio_min_bytes = UINT64_C(100) << 20;
	o->max_stream_bytes = UINT64_C(64) << 30;
	o->max_depth = 8;
	o->follow_symlinks = false;
}

static lt_time_us stat_mtime(const struct stat *st)
{
	return (lt_time_us)st->st_mtim.tv_sec * LT_US_PER_SEC + st->st_mtim.tv_nsec / 1000;
}

static void fill_stat(struct lt_src *s, const struct stat *st)
{
	s->pub.mtime = stat_mtime(st);
	s->pub.dev = st->st_dev;
	s->pub.ino = st->st_ino;
	s->st_size = (uint64_t)st->st_size;
	s->pub.stat_size = s->st_size;
}

/* Take the next source id; false when another parallel worker reads it. */
static bool take_id(struct lt_walk *w, uint32_t *id, const char *path)
{
	*id = ++w->next_id;
	if (w->opts->select && !w->opts->select(*id, path, w->opts->select_arg))
		return false;
	unsigned n = w->opts->shard_count;
	return n <= 1 || (*id - 1) % n == w->opts->shard_index;
}

static void source_begin(struct lt_src *s)
{
	struct lt_walk *w = s->w;
	if (w->cb->on_source_begin)
		w->cb->on_source_begin(&s->pub, w->cb->arg);
}

static void source_end(struct lt_src *s)
{
	struct lt_walk *w = s->w;
	if (w->cb->on_source_end)
		w->cb->on_source_end(&s->pub, w->cb->arg);
	lt_src_free(s);
}

/* A source that is not read: begin, note, end. */
static void source_not_read_as(struct lt_walk *w, uint32_t id, const char *path, const struct stat *st,
			       enum lt_source_status status, enum lt_severity sev, const char *fmt,
			       const char *detail)
{
	struct lt_src s;
	lt_src_init(&s, w);
	s.pub.id = id;
	s.pub.path = path;
	if (st)
		fill_stat(&s, st);
	source_begin(&s);
	lt_src_fault(&s, sev, false, NULL, -1, fmt, detail);
	s.pub.status = status;
	s.pub.reason = s.msgs[s.nmsgs - 1];
	source_end(&s);
}

static void source_not_read(struct lt_walk *w, const char *path, const struct stat *st,
			    enum lt_source_status status, enum lt_severity sev, const char *fmt, const char *detail)
{
	uint32_t id;
	if (take_id(w, &id, path))
		source_not_read_as(w, id, path, st, status, sev, fmt, detail);
}

/* Read one opened evidence file (fd is ours to read, not to close). */
static void read_source(struct lt_src *s)
{
	struct lt_peek *pk = lt_xmalloc(sizeof *pk);
	lt_hasher_init(&s->h, LT_HASH_ALL);
	lt_peek_init(pk, (struct lt_blk){ lt_src_next, s });
	lt_peek_fill(pk);
	enum lt_kind kind = lt_kind_detect(pk->head, pk->head_n);
	s->pub.kind = kind;
	if (s->ioerr && pk->head_n == 0)
		s->pub.status = LT_SOURCE_UNREADABLE;
	source_begin(s);
	if (s->pub.status == LT_SOURCE_UNREADABLE)
		lt_src_finish(s);
	else if (!lt_kind_is_container(kind))
		lt_emit_leaf(s, lt_peek_blk(pk), NULL, "", kind, s->pub.mtime, true, NULL);
	else if ((kind == LT_KIND_ZIP || kind == LT_KIND_7Z) && s->seekable)
		lt_read_seekable(s, kind);
	else if (kind == LT_KIND_7Z)
		lt_src_fault(s, LT_ERROR, true, NULL, -1,
			     "a 7z archive cannot be read from a pipe (the format needs seeking): give its path instead");
	else
		lt_read_container(s, pk, kind, 1, NULL, "", s->pub.mtime);
	lt_src_finish(s);
	free(pk);
	source_end(s);
}

/* A file the caller knows unchanged (lt_input_opts.known): its one stream
 * is handed out without reading, with the hashes the caller gave. */
static void read_known(struct lt_src *s, const struct lt_known_file *k)
{
	s->pub.kind = k->kind;
	s->pub.read_bytes = k->checked_bytes;
	source_begin(s);
	lt_emit_known(s, k);
	s->finished = true;
	s->pub.digests = k->digests;
	s->pub.size = s->st_size;
	source_end(s);
}

static int open_ro(int dirfd, const char *name, int extra)
{
	int fl = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | extra;
	int fd = openat(dirfd, name, fl | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = openat(dirfd, name, fl); /* not the owner: O_NOATIME is not allowed */
	return fd;
}

/* Open and read one file. dirfd/name locate it; nofollow for files found
 * inside directories. */
static void do_file(struct lt_walk *w, const char *path, int dirfd, const char *name, bool nofollow)
{
	uint32_t id;
	if (!take_id(w, &id, path))
		return;	/* another parallel worker reads this one */
	int fd = open_ro(dirfd, name, nofollow ? O_NOFOLLOW : 0);
	if (fd < 0) {
		int e = errno;
		struct stat st;
		bool have = fstatat(dirfd, name, &st, nofollow ? AT_SYMLINK_NOFOLLOW : 0) == 0;
		if (e == ELOOP && nofollow) {
			source_not_read_as(w, id, path, have ? &st : NULL, LT_SOURCE_SKIPPED, LT_NOTE,
					"%s: not followed inside a directory", "a symbolic link");
			return;
		}
		source_not_read_as(w, id, path, have ? &st : NULL, LT_SOURCE_UNREADABLE, LT_ERROR, "cannot open: %s", strerror(e));
		return;
	}
	struct stat st;
	bool ok = fstat(fd, &st) == 0;
	if (!ok || !S_ISREG(st.st_mode)) {
		close(fd);
		source_not_read_as(w, id, path, ok ? &st : NULL, LT_SOURCE_SKIPPED, LT_NOTE, "%s: skipped",
				ok ? lt_input_file_kind(st.st_mode) : "cannot be examined");
		return;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
#ifdef HAVE_POSIX_FADVISE
	posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	struct lt_src s;
	lt_src_init(&s, w);
	s.pub.id = id;
	s.pub.path = path;
	s.fd = fd;
	s.seekable = true;
	fill_stat(&s, &st);
	struct lt_known_file k;
	if (w->opts->known && w->opts->known(&s.pub, fd, &k, w->opts->known_arg))
		read_known(&s, &k);
	else
		read_source(&s);
	close(fd);
}

static void do_stdin(struct lt_walk *w)
{
	uint32_t id;
	if (!take_id(w, &id, "-"))
		return;
	struct lt_src s;
	lt_src_init(&s, w);
	s.pub.id = id;
	s.pub.path = "-";
	s.fd = STDIN_FILENO;
	struct stat st;
	if (fstat(STDIN_FILENO, &st) == 0) {
		s.pub.mtime = stat_mtime(&st);
		s.pub.dev = st.st_dev;
		s.pub.ino = st.st_ino;
	}
	/* stdin is read strictly in order, even when it is a redirected file:
	 * its offset is not ours to move. */
	read_source(&s);
}

struct ancestor {
	dev_t dev;
	ino_t ino;
	const struct ancestor *up;
};

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);
	if (n && dir[n - 1] == '/')
		return lt_xasprintf("%s%s", dir, name);
	return lt_xasprintf("%s/%s", dir, name);
}

static void walk_dir(struct lt_walk *w, int dfd, const char *dpath, const struct ancestor *up);

static void walk_entry(struct lt_walk *w, int dfd, const char *name, const char *path, const struct ancestor *up)
{
	struct stat st;
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		source_not_read(w, path, NULL, LT_SOURCE_UNREADABLE, LT_ERROR, "cannot examine: %s", strerror(errno));
		return;
	}
	if (S_ISLNK(st.st_mode)) {
		struct stat tst;
		if (!w->opts->follow_symlinks) {
			source_not_read(w, path, &st, LT_SOURCE_SKIPPED, LT_NOTE, "%s: not followed inside a directory",
					"a symbolic link");
			return;
		}
		if (fstatat(dfd, name, &tst, 0) != 0) {
			source_not_read(w, path, &st, LT_SOURCE_SKIPPED, LT_WARN, "symbolic link cannot be followed: %s",
					strerror(errno));
			return;
		}
		st = tst;
	}
	bool nofollow = !w->opts->follow_symlinks;
	if (S_ISDIR(st.st_mode)) {
		int fd = open_ro(dfd, name, O_DIRECTORY | (nofollow ? O_NOFOLLOW : 0));
		if (fd < 0) {
			source_not_read(w, path, &st, LT_SOURCE_UNREADABLE, LT_ERROR, "cannot open directory: %s",
					strerror(errno));
			return;
		}
		walk_dir(w, fd, path, up);
	} else if (S_ISREG(st.st_mode)) {
		do_file(w, path, dfd, name, nofollow);
	} else {
		source_not_read(w, path, &st, LT_SOURCE_SKIPPED, LT_NOTE, "%s: skipped", lt_input_file_kind(st.st_mode));
	}
}

/* Takes ownership of dfd. */
static void walk_dir(struct lt_walk *w, int dfd, const char *dpath, const struct ancestor *up)
{
	struct stat st;
	if (fstat(dfd, &st) != 0) {
		source_not_read(w, dpath, NULL, LT_SOURCE_UNREADABLE, LT_ERROR, "cannot examine directory: %s",
				strerror(errno));
		close(dfd);
		return;
	}
	for (const struct ancestor *a = up; a; a = a->up) {
		if (a->dev == st.st_dev && a->ino == st.st_ino) {
			source_not_read(w, dpath, &st, LT_SOURCE_SKIPPED, LT_WARN, "%s: skipped",
					"directory loop (this directory contains itself)");
			close(dfd);
			return;
		}
	}
	struct ancestor me = { st.st_dev, st.st_ino, up };
	DIR *d = fdopendir(dfd);
	if (!d) {
		source_not_read(w, dpath, &st, LT_SOURCE_UNREADABLE, LT_ERROR, "cannot read directory: %s", strerror(errno));
		close(dfd);
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = lt_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = lt_xstrdup(de->d_name);
		errno = 0;
	}
	if (errno)
		source_not_read(w, dpath, &st, LT_SOURCE_PARTIAL, LT_ERROR, "directory listing failed: %s; entries may be missing",
				strerror(errno));
	lt_qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (!w->stop) {
			char *path = path_join(dpath, names[i]);
			walk_entry(w, dirfd(d), names[i], path, &me);
			free(path);
		}
		free(names[i]);
	}
	free(names);
	closedir(d);
}

static void walk_arg(struct lt_walk *w, const char *arg)
{
	if (strcmp(arg, "-") == 0) {
		do_stdin(w);
		return;
	}
	struct stat st;
	if (stat(arg, &st) != 0) {
		int e = errno;
		struct stat lst;
		bool dangling = lstat(arg, &lst) == 0;
		source_not_read(w, arg, dangling ? &lst : NULL, LT_SOURCE_UNREADABLE, LT_ERROR, "cannot open: %s",
				dangling ? "symbolic link to a missing file" : strerror(e));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		int fd = open_ro(AT_FDCWD, arg, O_DIRECTORY);
		if (fd < 0) {
			source_not_read(w, arg, &st, LT_SOURCE_UNREADABLE, LT_ERROR, "cannot open directory: %s",
					strerror(errno));
			return;
		}
		walk_dir(w, fd, arg, NULL);
	} else if (S_ISREG(st.st_mode)) {
		do_file(w, arg, AT_FDCWD, arg, false);
	} else {
		source_not_read(w, arg, &st, LT_SOURCE_SKIPPED, LT_NOTE, "%s: skipped", lt_input_file_kind(st.st_mode));
	}
}

int lt_input_walk(const char *const *paths, size_t npaths, const struct lt_input_opts *opts,
		  const struct lt_input_callbacks *cb)
{
	struct lt_input_opts dflt;
	if (!opts) {
		lt_input_opts_default(&dflt);
		opts = &dflt;
	}
	struct lt_walk w = { .opts = opts, .cb = cb };
	for (size_t i = 0; i < npaths && !w.stop; i++)
		walk_arg(&w, paths[i]);
	return w.stop ? -1 : 0;
}
