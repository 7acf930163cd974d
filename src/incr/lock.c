#include "incr/lock.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static long read_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

enum lt_lock_result lt_lock_acquire(const char *dir, int *fd_out, long *holder_pid)
{
	char *path = lt_xasprintf("%s/lock", dir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(path);
	*holder_pid = 0;
	if (fd < 0)
		return LT_LOCK_ERROR;
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		if (e == EWOULDBLOCK) {
			*holder_pid = read_pid(fd);
			close(fd);
			return LT_LOCK_BUSY;
		}
		close(fd);
		errno = e;
		return LT_LOCK_ERROR;
	}
	char pid[32];
	int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
		int e = errno;
		close(fd);
		errno = e;
		return LT_LOCK_ERROR;
	}
	*fd_out = fd;
	return LT_LOCK_TAKEN;
}

void lt_lock_release(int fd)
{
	if (fd < 0)
		return;
	/* Clear the pid first so nobody is named as holder of a free lock. */
	if (ftruncate(fd, 0) != 0) {
		/* Nothing to do: the lock itself goes with the descriptor. */
	}
	flock(fd, LOCK_UN);
	close(fd);
}
