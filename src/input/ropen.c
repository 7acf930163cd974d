/* Reading evidence outside a walk (verify): the same careful opening as the
 * walk's (walk.c, open_ro) -- O_NOATIME where the kernel permits it, so the
 * examiner's reading leaves no access time; O_NONBLOCK, so opening a FIFO
 * that replaced an evidence file does not wait for a writer; then fstat,
 * and only a regular file is read. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input/input.h"
#include "util/hash.h"

const char *lt_input_file_kind(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISLNK(m))
		return "a symbolic link";
	return "not a regular file";
}

int lt_input_open_ro(const char *path, char *why, size_t whylen)
{
	int fl = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
	int fd = open(path, fl | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(path, fl); /* not the owner: O_NOATIME is not allowed */
	if (fd < 0) {
		int e = errno;
		snprintf(why, whylen, "%s", strerror(e));
		errno = e;	/* verify adds a hint for a relative path that is not there */
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		snprintf(why, whylen, "cannot be examined: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, whylen, "is %s, not a regular file", lt_input_file_kind(st.st_mode));
		close(fd);
		errno = EINVAL;
		return -1;
	}
	/* a regular file never blocks; reads go on as usual */
	int cur = fcntl(fd, F_GETFL);
	if (cur >= 0)
		fcntl(fd, F_SETFL, cur & ~O_NONBLOCK);
	return fd;
}

int lt_input_sha256_file(const char *path, char out[LT_SHA256_HEX], char *why, size_t whylen)
{
	int fd = lt_input_open_ro(path, why, whylen);
	if (fd < 0)
		return -1;
	struct lt_hasher h;
	struct lt_digests d;
	lt_hasher_init(&h, LT_HASH_SHA256);
	char buf[65536];
	int rc = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(why, whylen, "read error: %s", strerror(errno));
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		lt_hasher_update(&h, buf, (size_t)n);
	}
	close(fd);
	lt_hasher_final(&h, &d);
	if (rc == 0)
		memcpy(out, d.sha256, LT_SHA256_HEX);
	return rc;
}
