/* Windows XML Event Log (.evtx) files, read with libevtx.
 *
 * An EVTX file may come out of an archive, so it arrives as a stream: it is
 * buffered in memory (up to the cap, parser option evtx_max_bytes, default 512 MiB;
 * EVTX chunks are independent, so a file cut at the cap is still read up to
 * there and the cut is reported) and handed to libevtx through a libbfio
 * memory-range handle: nothing is written to disk.
 *
 * Every record libevtx finds becomes one record: its XML rendering is read
 * into the Windows event model (src/parse/winevent.h). Provenance: offset is
 * the record's offset in the file, line is its EventRecordID, raw is the
 * record's bytes as stored (binary XML, verifiable against the evidence).
 * libevtx 20181227 does not report the offset (always 0), so the chunks are
 * walked here ("ElfChnk", then "**" records) to index the header's record
 * number -> offset.
 * Records libevtx recovers from free space are parsed as well and marked
 * leaktrail.windows.recovered.
 *
 * libevtx 20181227 refuses some valid records (an attribute holding a plain
 * value token; records written without templates): every record on a
 * chunk's chain that libevtx did not deliver, and every record whose XML it
 * cannot render, is read with leaktrail's own BinXML reader
 * (src/parse/evtx_binxml.h). A record neither can read is reported with its
 * chunk number and offset and counted as unparsed; a file libevtx cannot
 * open at all is still read chunk by chunk. */
#include <stdlib.h>
#include <string.h>

#include <libevtx.h>
#include <libbfio.h>

#include "parse/evtx_binxml.h"
#include "parse/parse.h"
#include "parse/parser.h"
#include "parse/winevent.h"
#include "util/diag.h"
#include "util/sort.h"
#include "util/xalloc.h"

#define EVTX_DEFAULT_CAP ((size_t)512 << 20)

struct rec_loc {
	uint64_t id;
	uint64_t off;
	bool done;		/* delivered (or reported) already */
};

struct evtx_state {
	unsigned char *data;
	size_t len, cap;
	struct rec_loc *locs, *slack;
	size_t nlocs, nslack;
	uint64_t rebuilt;		/* records rebuilt from the getters */
	uint64_t fragments;		/* recovered fragments libevtx could not read */
	uint64_t refused;		/* chain records libevtx could not return at all */
	uint64_t own;			/* records read by leaktrail's own BinXML reader */
	uint64_t own_failed;		/* chain records neither reader could read */
	struct lt_buf own_xml;
	struct lt_winevent ev;
	uint8_t *xml;
	size_t xml_cap;
};

static size_t read_cap(const struct lt_parse_env *env)
{
	const char *v = lt_parse_option(env, "windows_evtx.max_bytes");
	if (v) {
		char *end;
		unsigned long long n = strtoull(v, &end, 10);
		if (end != v && *end == '\0' && n >= 4096)
			return (size_t)n;
	}
	return EVTX_DEFAULT_CAP;
}

/* Read the whole stream (up to cap). Returns true when it was cut. */
static bool slurp(struct evtx_state *st, struct lt_parse_ctx *ctx, size_t cap, bool *fault)
{
	*fault = false;
	for (;;) {
		if (st->len == st->cap) {
			if (st->cap >= cap)
				break;
			st->cap = st->cap ? st->cap * 2 : (size_t)1 << 20;
			if (st->cap > cap)
				st->cap = cap;
			st->data = lt_xrealloc(st->data, st->cap);
		}
		ssize_t got = lt_parse_read(ctx, st->data + st->len, st->cap - st->len);
		if (got < 0) {
			*fault = true;
			return false;
		}
		if (got == 0)
			return false;
		st->len += (size_t)got;
	}
	unsigned char probe_byte;
	return lt_parse_read(ctx, &probe_byte, 1) > 0;
}

static void report(const struct lt_parse_env *env, uint64_t offset, const char *what, libevtx_error_t *err)
{
	char msg[512] = "";
	if (err)
		libevtx_error_sprint(err, msg, sizeof(msg));
	struct lt_loc loc = { .path = env->source_path, .member = env->member, .offset = offset, .has_offset = 1 };
	lt_diag(LT_WARN, &loc, "evtx: %s%s%s", what, msg[0] ? ": " : "", msg);
}

/* The stored bytes of the record at offset: "**\0\0", then its size. */
static size_t record_size(const struct evtx_state *st, uint64_t off)
{
	if (off + 8 > st->len || memcmp(st->data + off, "**\0\0", 4) != 0)
		return 0;
	const unsigned char *p = st->data + off + 4;
	size_t size = (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
	if (size < 24 || size > st->len - off)
		return 0;
	return size;
}

static uint64_t le64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int loc_cmp(const void *a, const void *b)
{
	const struct rec_loc *x = a, *y = b;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

#define EVTX_HEADER 4096u
#define EVTX_CHUNK 65536u
#define EVTX_CHUNK_HEADER 512u

static void push_loc(struct rec_loc **locs, size_t *n, size_t *cap, uint64_t id, uint64_t off)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*locs = lt_xrealloc(*locs, *cap * sizeof(**locs));
	}
	(*locs)[*n].id = id;
	(*locs)[*n].off = off;
	(*locs)[*n].done = false;
	(*n)++;
}

/* A record in free space: "**\0\0", a sane size, and the size repeated in
 * the record's last four bytes (as every EVTX record ends). */
static bool slack_record(const struct evtx_state *st, size_t p, size_t end)
{
	size_t size = record_size(st, p);
	if (!size || p + size > end)
		return false;
	const unsigned char *t = st->data + p + size - 4;
	return ((size_t)t[0] | (size_t)t[1] << 8 | (size_t)t[2] << 16 | (size_t)t[3] << 24) == size;
}

/* Index every record header in the chunks: record number -> file offset.
 * Records on a chunk's chain go to locs; records found in the free space
 * after the chain (what libevtx "recovers") go to slack. */
static void index_records(struct evtx_state *st)
{
	size_t cap = 0, scap = 0;
	for (size_t c = EVTX_HEADER; c + EVTX_CHUNK_HEADER <= st->len; c += EVTX_CHUNK) {
		if (memcmp(st->data + c, "ElfChnk\0", 8) != 0)
			continue;
		size_t end = c + EVTX_CHUNK < st->len ? c + EVTX_CHUNK : st->len;
		size_t p = c + EVTX_CHUNK_HEADER;
		/* the chain ends at the chunk's free space offset: records
		 * after it are left over from before the chunk was reused */
		size_t chain_end = c + ((size_t)st->data[c + 48] | (size_t)st->data[c + 49] << 8 |
					(size_t)st->data[c + 50] << 16 | (size_t)st->data[c + 51] << 24);
		if (chain_end > end || chain_end < c + EVTX_CHUNK_HEADER)
			chain_end = end;
		for (;;) {
			size_t size = record_size(st, p);
			if (!size || p + size > end || p >= chain_end)
				break;
			push_loc(&st->locs, &st->nlocs, &cap, le64(st->data + p + 8), p);
			p += size;
		}
		for (p = (p + 7) & ~(size_t)7; p + 28 <= end; p += 8)
			if (slack_record(st, p, end))
				push_loc(&st->slack, &st->nslack, &scap, le64(st->data + p + 8), p);
	}
	if (st->nlocs)
		lt_qsort(st->locs, st->nlocs, sizeof(*st->locs), loc_cmp);
	if (st->nslack)
		lt_qsort(st->slack, st->nslack, sizeof(*st->slack), loc_cmp);
}

/* Offset of record number id in locs, or UINT64_MAX. A number seen twice
 * (re-written files) takes the next location not yet delivered; the one
 * found is marked delivered. */
static uint64_t find_loc(struct rec_loc *locs, size_t n, uint64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (locs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= n || locs[lo].id != id)
		return UINT64_MAX;
	size_t first = lo;
	while (lo < n && locs[lo].id == id && locs[lo].done)
		lo++;
	if (lo >= n || locs[lo].id != id)
		lo = first;
	locs[lo].done = true;
	return locs[lo].off;
}

static uint64_t find_record(struct evtx_state *st, uint64_t id, bool recovered)
{
	uint64_t off = recovered ? find_loc(st->slack, st->nslack, id) : find_loc(st->locs, st->nlocs, id);
	if (off == UINT64_MAX && !recovered)
		off = find_loc(st->slack, st->nslack, id);
	return off;
}

/* The chunk holding file offset off: its start and length. */
static size_t chunk_of(const struct evtx_state *st, uint64_t off, size_t *len)
{
	size_t c = EVTX_HEADER + (size_t)((off - EVTX_HEADER) / EVTX_CHUNK) * EVTX_CHUNK;
	*len = st->len - c < EVTX_CHUNK ? st->len - c : EVTX_CHUNK;
	return c;
}

/* Read the record at off with leaktrail's own BinXML reader into st->ev.
 * *written gets the record header's time. */
static bool own_event(struct evtx_state *st, uint64_t off, uint64_t *written, struct lt_evtx_error *e)
{
	size_t clen, c = chunk_of(st, off, &clen);
	if (lt_evtx_record_xml(st->data + c, clen, (size_t)(off - c), &st->own_xml, NULL, written, e) != 0)
		return false;
	const char *why = NULL;
	if (lt_winevent_from_xml(&st->ev, st->own_xml.data, st->own_xml.len, &why) != 0) {
		e->reason = why;
		e->offset = (size_t)(off - c);
		return false;
	}
	st->own++;
	return true;
}

/* Provenance, time fallback (the record's written time) and emission. */
static void emit_event(struct evtx_state *st, struct lt_parse_ctx *ctx, uint64_t off, uint64_t id,
		       uint64_t written, bool recovered)
{
	size_t rsize = off != UINT64_MAX ? record_size(st, off) : 0;
	if (off == UINT64_MAX)
		off = 0;
	st->ev.recovered = recovered;
	if (st->ev.time == LT_TIME_NONE && written) {
		st->ev.time = lt_filetime_to_us(written);
		st->ev.time_zone = "+00:00";
	}
	if (st->ev.has_record_id)
		id = st->ev.record_id;
	struct lt_record *rec = lt_parse_begin_at(ctx, off, id, rsize ? (const char *)st->data + off : "", rsize);
	lt_winevent_to_record(&st->ev, rec);
	lt_parse_emit(ctx, rec);
}

/* Every chain record libevtx did not deliver: read with our own reader, or
 * reported with its chunk number and offset. Returns how many it handled. */
static uint64_t unread_chain(struct evtx_state *st, struct lt_parse_ctx *ctx)
{
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	uint64_t handled = 0;
	for (size_t i = 0; i < st->nlocs; i++) {
		struct rec_loc *l = &st->locs[i];
		if (l->done)
			continue;
		l->done = true;
		handled++;
		struct lt_evtx_error e;
		uint64_t written = 0;
		if (own_event(st, l->off, &written, &e)) {
			emit_event(st, ctx, l->off, l->id, written, false);
			continue;
		}
		size_t clen, c = chunk_of(st, l->off, &clen);
		struct lt_loc loc = { .path = env->source_path, .member = env->member, .offset = l->off, .has_offset = 1 };
		lt_diag(LT_WARN, &loc, "evtx: record %llu in chunk %zu (chunk offset %zu) cannot be read by libevtx "
			"nor by leaktrail's reader: %s at chunk offset %zu", (unsigned long long)l->id,
			(c - EVTX_HEADER) / EVTX_CHUNK, (size_t)(l->off - c), e.reason ? e.reason : "?", e.offset);
		st->own_failed++;
		lt_parse_reject_at(ctx, l->off, l->id, (const char *)st->data + l->off, record_size(st, l->off),
				   "EVTX record unreadable (libevtx and leaktrail's BinXML reader)");
	}
	return handled;
}

typedef int (*str_size_fn)(libevtx_record_t *, size_t *, libevtx_error_t **);
typedef int (*str_fn)(libevtx_record_t *, uint8_t *, size_t, libevtx_error_t **);

static void getter_prop(struct evtx_state *st, libevtx_record_t *r, str_size_fn size_fn, str_fn get_fn,
			enum lt_we_prop p)
{
	size_t n = 0;
	if (size_fn(r, &n, NULL) != 1 || n == 0 || n > (1u << 20))
		return;
	uint8_t *b = lt_xmalloc(n);
	if (get_fn(r, b, n, NULL) == 1)
		lt_winevent_set(&st->ev, p, (const char *)b, strnlen((const char *)b, n));
	free(b);
}

/* When the XML rendering fails (libevtx mis-renders some templates), the
 * event is rebuilt from libevtx's record getters: id, provider, computer,
 * user, written time and the substitution strings as param1..N. */
static bool event_from_getters(struct evtx_state *st, libevtx_record_t *r, const char *why)
{
	uint32_t eid;
	lt_winevent_clear(&st->ev);
	if (libevtx_record_get_event_identifier(r, &eid, NULL) != 1)
		return false;
	st->ev.event_id = eid & 0xFFFF;	/* the high bits are qualifiers/facility */
	st->ev.has_event_id = true;
	st->ev.render_error = why;
	getter_prop(st, r, libevtx_record_get_utf8_source_name_size, libevtx_record_get_utf8_source_name,
		    LT_WE_PROVIDER);
	getter_prop(st, r, libevtx_record_get_utf8_computer_name_size, libevtx_record_get_utf8_computer_name,
		    LT_WE_COMPUTER);
	getter_prop(st, r, libevtx_record_get_utf8_user_security_identifier_size,
		    libevtx_record_get_utf8_user_security_identifier, LT_WE_USER_SID);
	int ns = 0;
	if (libevtx_record_get_number_of_strings(r, &ns, NULL) == 1) {
		for (int i = 0; i < ns && i < 256; i++) {
			size_t n = 0;
			if (libevtx_record_get_utf8_string_size(r, i, &n, NULL) != 1 || n == 0 || n > (1u << 20))
				continue;
			uint8_t *b = lt_xmalloc(n);
			if (libevtx_record_get_utf8_string(r, i, b, n, NULL) == 1)
				lt_winevent_add_data(&st->ev, "", 0, (const char *)b, strnlen((const char *)b, n));
			free(b);
		}
	}
	return true;
}

static void one_record(struct evtx_state *st, struct lt_parse_ctx *ctx, libevtx_record_t *r, bool recovered)
{
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	libevtx_error_t *err = NULL;
	uint64_t id = 0;
	if (libevtx_record_get_identifier(r, &id, &err) != 1) {
		libevtx_error_free(&err);
		id = 0;
	}
	size_t xml_size = 0;
	const char *reason = NULL;
	if (libevtx_record_get_utf8_xml_string_size(r, &xml_size, &err) != 1 || xml_size == 0) {
		reason = "EVTX record cannot be rendered";
	} else {
		if (xml_size > st->xml_cap) {
			st->xml_cap = xml_size;
			st->xml = lt_xrealloc(st->xml, st->xml_cap);
		}
		if (libevtx_record_get_utf8_xml_string(r, st->xml, xml_size, &err) != 1)
			reason = "EVTX record cannot be rendered";
	}
	if (!reason) {
		size_t xl = strnlen((const char *)st->xml, xml_size);
		if (lt_winevent_from_xml(&st->ev, (const char *)st->xml, xl, &reason) == 0)
			reason = NULL;
	}
	/* the header's record number finds the bytes; the line is the
	 * EventRecordID inside the event (they differ in re-written files) */
	uint64_t off = find_record(st, id, recovered);
	size_t rsize = off != UINT64_MAX ? record_size(st, off) : 0;
	uint64_t written = 0;
	if (libevtx_record_get_written_time(r, &written, NULL) != 1)
		written = 0;
	if (reason) {
		struct lt_evtx_error e;
		uint64_t own_written = 0;
		/* libevtx mis-renders some valid records: our own reader first,
		 * libevtx's record values as the last resort */
		if (rsize && own_event(st, off, &own_written, &e)) {
			libevtx_error_free(&err);
			emit_event(st, ctx, off, id, written, recovered);
			return;
		}
		bool rebuilt = event_from_getters(st, r, reason);
		if (!rebuilt || st->rebuilt == 0)
			report(env, off != UINT64_MAX ? off : 0, reason, err);
		libevtx_error_free(&err);
		if (!rebuilt) {
			lt_parse_reject_at(ctx, off != UINT64_MAX ? off : 0, id, rsize ? (const char *)st->data + off : "",
					   rsize, reason);
			return;
		}
		st->rebuilt++;
	}
	emit_event(st, ctx, off, id, written, recovered);
}

typedef int (*get_count_fn)(libevtx_file_t *, int *, libevtx_error_t **);
typedef int (*get_record_fn)(libevtx_file_t *, int, libevtx_record_t **, libevtx_error_t **);

static void all_records(struct evtx_state *st, struct lt_parse_ctx *ctx, libevtx_file_t *file,
			get_count_fn count, get_record_fn get, bool recovered)
{
	libevtx_error_t *err = NULL;
	int n = 0;
	if (count(file, &n, &err) != 1) {
		report(lt_parse_get_env(ctx), 0, "cannot count records", err);
		libevtx_error_free(&err);
		return;
	}
	for (int i = 0; i < n; i++) {
		libevtx_record_t *r = NULL;
		if (get(file, i, &r, &err) != 1) {
			/* libevtx lists candidate records it found in free space;
			 * many are fragments: counted and reported once */
			if (recovered)
				st->fragments++;
			else
				st->refused++;	/* read by unread_chain, or reported there */
			libevtx_error_free(&err);
			continue;
		}
		one_record(st, ctx, r, recovered);
		libevtx_record_free(&r, NULL);
	}
}

static void own_notes(const struct evtx_state *st, const struct lt_parse_env *env)
{
	struct lt_loc loc = { .path = env->source_path, .member = env->member };
	if (st->own)
		lt_diag(LT_NOTE, &loc, "evtx: %llu record(s) libevtx refused or could not render were read with "
			"leaktrail's own BinXML reader", (unsigned long long)st->own);
}

static int parse_stream(void *state, struct lt_parse_ctx *ctx, struct lt_stream *s)
{
	struct evtx_state *st = state;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	lt_winevent_init(&st->ev);
	size_t cap = read_cap(env);
	bool fault;
	(void)s;
	bool cut = slurp(st, ctx, cap, &fault);
	if (cut) {
		struct lt_loc loc = { .path = env->source_path, .member = env->member, .offset = cap, .has_offset = 1 };
		lt_diag(LT_WARN, &loc, "evtx: file larger than the %zu byte cap (parser option evtx_max_bytes): only the first part is read", cap);
		lt_parse_reject_at(ctx, cap, 0, "", 0, "EVTX file larger than the cap: rest not read");
	}
	if (st->len == 0)
		return fault ? -1 : 0;
	index_records(st);
	libbfio_handle_t *io = NULL;
	libevtx_file_t *file = NULL;
	libevtx_error_t *err = NULL;
	if (libbfio_memory_range_initialize(&io, NULL) != 1 ||
	    libbfio_memory_range_set(io, st->data, st->len, NULL) != 1) {
		libbfio_handle_free(&io, NULL);
		lt_parse_reject_at(ctx, 0, 0, "", 0, "cannot set up libbfio memory range");
		return fault ? -1 : 0;
	}
	if (libevtx_file_initialize(&file, &err) != 1 ||
	    libevtx_file_open_file_io_handle(file, io, LIBEVTX_OPEN_READ, &err) != 1) {
		report(env, 0, "libevtx cannot open the file", err);
		libevtx_error_free(&err);
		libevtx_file_free(&file, NULL);
		libbfio_handle_free(&io, NULL);
		/* the chunks may still be readable on their own */
		if (st->nlocs == 0)
			lt_parse_reject_at(ctx, 0, 0, (const char *)st->data, st->len < 128 ? st->len : 128,
					   "not a readable EVTX file");
		unread_chain(st, ctx);
		own_notes(st, env);
		return fault ? -1 : 0;
	}
	if (libevtx_file_is_corrupted(file, NULL) == 1) {
		struct lt_loc loc = { .path = env->source_path, .member = env->member };
		lt_diag(LT_WARN, &loc, "evtx: libevtx flags the file as corrupted (dirty or damaged chunks); readable records are kept");
	}
	all_records(st, ctx, file, libevtx_file_get_number_of_records, libevtx_file_get_record_by_index, false);
	all_records(st, ctx, file, libevtx_file_get_number_of_recovered_records,
		    libevtx_file_get_recovered_record_by_index, true);
	libevtx_file_close(file, NULL);
	libevtx_file_free(&file, NULL);
	libbfio_handle_free(&io, NULL);
	uint64_t handled = unread_chain(st, ctx);
	struct lt_loc loc = { .path = env->source_path, .member = env->member };
	if (st->refused > handled) {
		/* libevtx listed records our chunk walk did not find: never
		 * drop them silently */
		uint64_t lost = st->refused - handled;
		lt_diag(LT_WARN, &loc, "evtx: %llu record(s) libevtx lists could not be read nor located",
			(unsigned long long)lost);
		for (uint64_t i = 0; i < lost; i++)
			lt_parse_reject_at(ctx, 0, 0, "", 0, "EVTX record unreadable");
	}
	own_notes(st, env);
	if (st->rebuilt)
		lt_diag(LT_NOTE, &loc, "evtx: %llu record(s) rebuilt from libevtx's record values because their XML "
			"rendering failed (marked %s)", (unsigned long long)st->rebuilt, LT_F_WIN_RENDER_ERROR);
	if (st->fragments) {
		lt_diag(LT_NOTE, &loc, "evtx: %llu recovered record fragment(s) in free space could not be read",
			(unsigned long long)st->fragments);
		lt_parse_reject_at(ctx, 0, 0, "", 0, "unreadable recovered EVTX fragments (counted once per file)");
	}
	return fault ? -1 : 0;
}

static void fini(void *state)
{
	struct evtx_state *st = state;
	free(st->data);
	free(st->xml);
	free(st->locs);
	free(st->slack);
	lt_buf_free(&st->own_xml);
	lt_winevent_free(&st->ev);
}

static int probe(const struct lt_probe_data *pd)
{
	if (pd->head_len >= 8 && memcmp(pd->head, "ElfFile\0", 8) == 0)
		return 100;
	return 0;
}

static const struct lt_parser_option options[] = {
	{ .name = "max_bytes", .type = LT_OPT_COUNT, .def = "536870912", .min = 4096, .max = UINT64_C(1) << 40,
	  .help = "bytes of one EVTX file held in memory; the rest is reported as not read" },
	{ .name = NULL },
};
const struct lt_parser lt_parser_windows_evtx = {
	.name = "windows_evtx",
	.family = "windows",
	.description = "Windows XML Event Log files (.evtx), read with libevtx",
	.probe = probe,
	.state_size = sizeof(struct evtx_state),
	.parse_stream = parse_stream,
	.fini = fini,
	.options = options,
};
