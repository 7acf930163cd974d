/* The state directory's lock: two overlapping cron runs must not both work on
 * one state. The lock is flock() on DIR/lock, held through an open file
 * descriptor, so the kernel releases it when the process ends in any way: a
 * killed run never leaves a stale lock behind. The holder's pid is written
 * into the file only to name it in the message the second run prints.
 *
 * Ownership: the caller keeps the descriptor and gives it to lt_lock_release.
 */
#ifndef LT_LOCK_H
#define LT_LOCK_H

enum lt_lock_result { LT_LOCK_TAKEN = 0, LT_LOCK_BUSY = 1, LT_LOCK_ERROR = -1 };

/* Take the lock without waiting. On LT_LOCK_BUSY, *holder_pid gets the pid
 * written by the holder (0 if unknown). On LT_LOCK_ERROR errno is set. */
enum lt_lock_result lt_lock_acquire(const char *dir, int *fd_out, long *holder_pid);
void lt_lock_release(int fd);

#endif
