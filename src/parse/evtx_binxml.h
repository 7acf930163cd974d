/* leaktrail's own reader of one EVTX record's binary XML, for the records
 * libevtx 20181227 refuses although they are valid (it rejects an attribute
 * whose value is a plain value token, 0x05, which newer Windows versions
 * write; see doc/parsers.md, "EVTX").
 *
 * The format is the documented one (MS-EVEN6 "BinXml", and the EVTX file,
 * chunk and record layout): a record is "**\0\0", its size, its number, its
 * written time (FILETIME), binary XML, and the size again. Names and
 * template definitions are referenced by their offset in the 64 KiB chunk,
 * so a record is read with its whole chunk at hand.
 *
 * Every read is bounded by the chunk; nesting (elements, templates,
 * embedded BinXml values) and total work are capped, so any input ends in
 * an answer or a located error, never a crash or a hang.
 *
 * Ownership: the caller owns chunk and out; the reader only appends to out
 * (after resetting it) and allocates nothing that outlives the call.
 */
#ifndef LT_EVTX_BINXML_H
#define LT_EVTX_BINXML_H
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define LT_EVTX_CHUNK_SIZE 65536u
#define LT_EVTX_CHUNK_HEADER 512u
#define LT_EVTX_RECORD_HEADER 24u

/* Why a read failed and where: reason is static text, offset is relative
 * to the chunk's first byte (where the reader stopped). */
struct lt_evtx_error {
	const char *reason;
	size_t offset;
};

/* The record at rec_off in chunk (chunk_len bytes, at most 64 KiB; a chunk
 * cut short by the end of the file is read up to there), rendered as one
 * UTF-8 <Event> XML document into out. *written gets the record header's
 * written time (FILETIME) and *number its record number when those are
 * non-NULL. Returns 0, or -1 with *err filled. */
int lt_evtx_record_xml(const unsigned char *chunk, size_t chunk_len, size_t rec_off,
		       struct lt_buf *out, uint64_t *number, uint64_t *written, struct lt_evtx_error *err);

/* The binary XML fragment at [off, off + len) of chunk, rendered into out
 * (reset first). For tests and the fuzz target. Returns 0 or -1 with *err. */
int lt_evtx_binxml_xml(const unsigned char *chunk, size_t chunk_len, size_t off, size_t len,
		       struct lt_buf *out, struct lt_evtx_error *err);

#endif
