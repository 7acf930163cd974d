/* The manifest's "store" section: the SHA-256 of every file of the record
 * store (CASE/records/), written after ingest, so that verify notices a
 * changed or removed run file:
 *   "store": { "files": [ {"file": "records/run-00000001.mpk.zst", "sha256": HEX}, ... ] }
 * (sorted by name). Ownership: nothing is retained.
 */
#ifndef LT_STOREREC_H
#define LT_STOREREC_H
#include <stddef.h>

int lt_record_store_hashes(const char *case_dir, char *err, size_t errlen);

#endif
