/* Sealing a case: sign CASE/manifest.json (Ed25519) and write the RFC 3161
 * time-stamp request CASE/manifest.tsq, the last step of every command that
 * finishes a hand-over (timeline, sign, run).
 *
 * Ownership: all arguments are borrowed; err is the caller's buffer.
 */
#ifndef LT_CASE_SEAL_H
#define LT_CASE_SEAL_H

/* Returns an exit status (LT_EXIT_OK, or LT_EXIT_IO with the reason in err,
 * also printed as "leaktrail CMD: error: ..."). */
int lt_seal_case(const char *cmd, const char *case_dir, const char *key, char *err, unsigned long errlen);

#endif
