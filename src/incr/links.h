/* Where the bytes of earlier nights' sources are now (issue 12, item 7).
 *
 * A state case gains one manifest source per input file each night; the
 * older entries name paths that logrotate has since renamed, compressed or
 * appended to. At each commit, every source of an earlier night whose bytes
 * are found in this night's inputs gets
 *   "now_in": {"source": ID, "bytes": N}
 * meaning: its N bytes (its single stream, decompressed) are the first N
 * bytes of source ID's stream, a source of this night. Found by the stream's
 * SHA-256 (a renamed or compressed file: the same bytes) or by the hash of
 * the bytes a resumed stream skipped (a file that grew, or grew then moved).
 * An entry whose bytes are not found keeps its earlier link (verify then
 * reports where they went missing). `leaktrail verify` follows the links.
 *
 * Ownership: the manifest is modified in place; nothing is retained.
 */
#ifndef LT_INCR_LINKS_H
#define LT_INCR_LINKS_H
#include <jansson.h>
#include <stdint.h>

/* log: the night's per-stream log (resume.h); base: the highest source id
 * before this night (sources above it are this night's). Returns the number
 * of earlier sources linked. */
size_t lt_incr_link_sources(json_t *manifest, const json_t *log, int64_t base);

/* Where the bytes a finding cites are now: the source read from path with
 * the file SHA-256 sha256 (the latest such source), followed along its
 * "now_in" links. Returns the path of the source that holds them now
 * (borrowed from the manifest), or NULL when the manifest has no such
 * source. */
const char *lt_incr_where_now(const json_t *manifest, const char *path, const char *sha256);

#endif
