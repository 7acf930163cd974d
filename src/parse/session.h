/* Sessions at any verbosity (issue 11, doc/record-format.md "Sessions").
 *
 * A VPN connection or a logon shows up as several lines, and which of them a
 * log has depends on the product's version and verbosity: OpenVPN writes
 * "authentication succeeded", "Peer Connection Initiated", "MULTI_sva: pool
 * returned" and, only at higher verbosity, "MULTI: primary virtual IP".
 * Rules must count the session once whichever lines are there. A parser
 * feeds every line that shows a session is up (authentication success, peer
 * connection, address assignment) to lt_session_seen and every line that
 * shows it ended to lt_session_ended, with a key that names the session
 * (e.g. the peer's address and port); the tracker marks the records:
 *
 *   leaktrail.session.role = "start"      the first line of the session: the
 *                                         one the rules count
 *                          = "continued"  a later line of the same session
 *                          = "end"        the line that ends it
 *
 * and on the end sets event.start and event.duration (when the parser did
 * not: leaktrail.session.duration_derived = true says they were derived).
 * A key seen again after its end starts a new session, and so does one
 * whose previous start-evidence line is more than LT_SESSION_STALE old: the
 * lines that show a session coming up arrive within seconds, so such a gap
 * means its end was not logged (a cut log, a timeout the product does not
 * write), and the new connection must not be lost as "continued".
 *
 * Ownership: struct lt_sessions is plain memory (zeroed = empty), meant to
 * sit in a parser's per-stream state; it holds no pointers. The tracker
 * keeps LT_SESSIONS_MAX open sessions; the oldest is forgotten beyond that.
 */
#ifndef LT_PARSE_SESSION_H
#define LT_PARSE_SESSION_H
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/timeutil.h"

#define LT_SESSIONS_MAX 512
#define LT_SESSION_STALE (INT64_C(4) * 3600 * LT_US_PER_SEC)

struct lt_session {
	uint64_t key;		/* hash of the key; 0 = free */
	lt_time_us start;	/* time of the start line (LT_TIME_NONE if it had none) */
	lt_time_us last;	/* time of the latest start-evidence line */
	uint64_t seq;		/* age, to forget the oldest */
};

struct lt_sessions {
	struct lt_session s[LT_SESSIONS_MAX];
	uint64_t seq;
};

/* A line that shows the session key is up. Returns true when r is the
 * session's start (role "start"), false when it continues one. */
bool lt_session_seen(struct lt_sessions *t, struct lt_record *r, const char *key, size_t keylen,
		     lt_time_us when);
/* A line that ends the session key: role "end", event.start/duration from
 * the start when known. Returns true when the start was known. */
bool lt_session_ended(struct lt_sessions *t, struct lt_record *r, const char *key, size_t keylen,
		      lt_time_us when);

#endif
