/* libFuzzer target for leaktrail's own EVTX BinXML reader
 * (src/parse/evtx_binxml.c): the input becomes the body of one chunk after
 * a 512-byte chunk header, and is read as a record at the first record
 * position and as a bare binary XML fragment. Every read must stay inside
 * the chunk and end (sanitizers and libFuzzer's timeout check that). Built
 * with --enable-fuzzing. */
#include <stdint.h>
#include <string.h>

#include "parse/evtx_binxml.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static unsigned char chunk[LT_EVTX_CHUNK_SIZE];
	if (size > LT_EVTX_CHUNK_SIZE - LT_EVTX_CHUNK_HEADER)
		size = LT_EVTX_CHUNK_SIZE - LT_EVTX_CHUNK_HEADER;
	memset(chunk, 0, LT_EVTX_CHUNK_HEADER);
	memcpy(chunk, "ElfChnk", 8);
	memcpy(chunk + LT_EVTX_CHUNK_HEADER, data, size);
	size_t len = LT_EVTX_CHUNK_HEADER + size;
	struct lt_buf out = LT_BUF_INIT;
	struct lt_evtx_error e;
	uint64_t num, written;
	lt_evtx_record_xml(chunk, len, LT_EVTX_CHUNK_HEADER, &out, &num, &written, &e);
	lt_evtx_binxml_xml(chunk, len, LT_EVTX_CHUNK_HEADER, size, &out, &e);
	lt_buf_free(&out);
	return 0;
}
