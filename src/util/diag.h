/* Located diagnostics and the run's overall status.
 *
 * Every message about bad input names where it happened: the evidence path,
 * the archive member chain (if any), the byte offset in the decompressed
 * stream and the line number. The CLI prints them on stderr; the input and
 * parse layers also record them in the manifest (that is their job, not this
 * module's). Messages are counted so the exit status can tell a clean run
 * from a run with faults.
 */
#ifndef LT_DIAG_H
#define LT_DIAG_H
#include <stdint.h>

/* Exit statuses, shared by every subcommand (doc/leaktrail.1, EXIT STATUS). */
enum lt_exit {
	LT_EXIT_OK = 0,		/* done, nothing to report */
	LT_EXIT_FINDINGS = 1,	/* done, new findings to look at (scan, run) */
	LT_EXIT_FAULTS = 2,	/* done, but some input had faults (partial sources) */
	LT_EXIT_VERIFY = 3,	/* verify: something differs from the manifest */
	LT_EXIT_LOCKED = 4,	/* another run holds the state lock */
	LT_EXIT_USAGE = 64,	/* bad command line or configuration */
	LT_EXIT_IO = 74,	/* cannot write the case or read a required file */
	LT_EXIT_FATAL = 70	/* internal error, out of memory */
};

enum lt_severity { LT_NOTE, LT_WARN, LT_ERROR };

/* Where something happened. Any pointer may be NULL and any number 0 when unknown
 * (line numbers start at 1, so 0 means "not a line"). Borrowed, not copied. */
struct lt_loc {
	const char *path;
	const char *member;
	uint64_t offset;
	uint64_t line;
	int has_offset;
};

/* Print "leaktrail: error: PATH: member M: offset O: line L: message" on stderr. */
void lt_diag(enum lt_severity sev, const struct lt_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Format the location part alone ("PATH: member M: offset O: line L") into out. */
void lt_loc_format(const struct lt_loc *loc, char *out, unsigned long outlen);

/* Counters since start (or since lt_diag_reset). */
unsigned long lt_diag_count(enum lt_severity sev);
void lt_diag_reset(void);
/* Silence notes and warnings on stderr (errors are always shown). */
void lt_diag_set_quiet(int quiet);

#endif
