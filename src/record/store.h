/* The record store: CASE/records/.
 *
 * Records are written in bounded, time-sorted runs; each run is one
 * zstd-compressed file (one frame) of concatenated msgpack maps. The reader merges all
 * runs into one stream in event-time order (ties broken by source id, then
 * offset, so order is deterministic). Memory is bounded by the run buffer on
 * write and by one decoder per run on read, never by the input size.
 *
 * Ownership: writer and reader own their files and buffers; a record handed
 * out by lt_store_next is valid until the next call.
 */
#ifndef LT_STORE_H
#define LT_STORE_H
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"

struct lt_store_writer;
struct lt_store_reader;

/* Open a writer that adds runs to dir (created if missing). run_bytes caps
 * each of the writer's two in-memory run buffers (0 = default, 16 MiB): one
 * is filled while the other is sorted, compressed and written by a
 * background thread. Returns NULL with errno set. A writer is used by one
 * thread; several writers may add runs to the same dir at once. */
struct lt_store_writer *lt_store_writer_open(const char *dir, size_t run_bytes);
/* The same, with run files named run-TAG-NNNNNNNN.mpk.zst: parallel ingest
 * workers each write under their own tag, so that which file holds which
 * records does not depend on which worker created a file first. */
struct lt_store_writer *lt_store_writer_open_tagged(const char *dir, size_t run_bytes, const char *tag);
/* Copy rec into the current run. Returns 0, or -1 on a write error (errno
 * set; a failed background write is reported by the next call or by close). */
int lt_store_write(struct lt_store_writer *w, const struct lt_record *rec);
/* Flush the last run and close. Returns 0, or -1 on a write error. */
int lt_store_writer_close(struct lt_store_writer *w);
uint64_t lt_store_writer_count(const struct lt_store_writer *w);

struct lt_store_reader *lt_store_reader_open(const char *dir);
/* Next record in time order, or NULL at the end (or on error: see lt_store_reader_error). */
const struct lt_record *lt_store_next(struct lt_store_reader *r);
const char *lt_store_reader_error(const struct lt_store_reader *r);
void lt_store_reader_close(struct lt_store_reader *r);

/* Merge runs of the store dir (in name order: the order that breaks ties)
 * until at most max_runs (>= 1) remain: consecutive groups of at most fanin
 * runs (< 2: 32), from the first run on, each k-way merged into one run
 * under its first run's name, records copied byte for byte; only as many
 * groups as needed (the later runs stay as they are), level after level,
 * so memory stays that of fanin run cursors. What a reader of dir sees
 * does not change. Returns 0, or -1 with errno set. */
int lt_store_compact(const char *dir, size_t max_runs, size_t fanin);

#endif
