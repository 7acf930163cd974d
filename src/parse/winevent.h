/* A Windows event, independent of the format it arrived in (EVTX, the XML
 * of wevtutil / Event Viewer, Event Viewer or Export-Csv CSV), and its
 * mapping to record fields (doc/parsers.md, "Windows events").
 *
 * Ownership: a struct lt_winevent owns a string pool; every string it hands
 * out (lt_winevent_str, lt_winevent_data) points into that pool and stays
 * valid until the next lt_winevent_add_* / set_* / clear on the same event.
 * lt_winevent_clear keeps the memory for the next event; lt_winevent_free
 * releases it. lt_winevent_to_record copies what it needs into the record.
 */
#ifndef LT_WINEVENT_H
#define LT_WINEVENT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record/record.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* System properties of an event (the <System> element). */
enum lt_we_prop {
	LT_WE_PROVIDER,		/* Provider/@Name, or the CSV "Source" column */
	LT_WE_CHANNEL,		/* "Security", "Microsoft-Windows-PrintService/Operational" */
	LT_WE_COMPUTER,
	LT_WE_USER_SID,		/* Security/@UserID */
	LT_WE_TIME_TEXT,	/* the time as written in the source */
	LT_WE_MESSAGE,		/* rendered message text (CSV, RenderingInfo), if any */
	LT_WE_KEYWORDS,		/* "0x8020000000000000", or CSV keyword words */
	LT_WE_LEVEL,		/* "0".."5" or a CSV level word ("Information") */
	LT_WE_TASK,		/* task number or CSV task category */
	LT_WE_OPCODE,		/* opcode number (Sigma's Opcode field) */
	LT_WE_NPROPS
};

struct lt_we_pair {
	size_t name, value;	/* offsets into pool */
	size_t value_len;
	bool unnamed;		/* <Data> without Name: Sigma's "Data" list (doc/record-format.md) */
};

struct lt_winevent {
	struct lt_buf pool;
	size_t prop[LT_WE_NPROPS];	/* offset + 1 into pool; 0 = absent */
	size_t prop_len[LT_WE_NPROPS];
	uint32_t event_id;
	bool has_event_id;
	uint64_t record_id;
	bool has_record_id;
	lt_time_us time;		/* LT_TIME_NONE when unknown */
	const char *time_zone;		/* static: "+00:00" for SystemTime, else the zone name applied */
	bool recovered;			/* EVTX: carved from free space by libevtx */
	const char *render_error;	/* static: why the full XML could not be read (EVTX fallback) */
	struct lt_we_pair *data;	/* EventData / UserData values, in order */
	size_t ndata, capdata;
};

void lt_winevent_init(struct lt_winevent *ev);
void lt_winevent_clear(struct lt_winevent *ev);
void lt_winevent_free(struct lt_winevent *ev);

void lt_winevent_set(struct lt_winevent *ev, enum lt_we_prop p, const char *s, size_t n);
/* NULL when absent; *n (if given) gets the length. */
const char *lt_winevent_str(const struct lt_winevent *ev, enum lt_we_prop p, size_t *n);
/* Append one EventData/UserData value. An empty name is stored as
 * "paramN" (N = 1-based position), as Event Viewer shows unnamed data. */
void lt_winevent_add_data(struct lt_winevent *ev, const char *name, size_t nlen,
			  const char *value, size_t vlen);
/* Value of the first data item called name, or NULL. */
const char *lt_winevent_data(const struct lt_winevent *ev, const char *name, size_t *n);

/* "2019-03-29T21:10:39.786832100Z", "2021-01-14 13:41:45.4788422" (the
 * SystemTime attribute: always UTC, 0 to 9 fractional digits, truncated to
 * microseconds). Returns 0 or -1. */
int lt_winevent_parse_systemtime(const char *s, size_t n, lt_time_us *out);
/* A FILETIME (100 ns since 1601-01-01 UTC) in microseconds since 1970. */
lt_time_us lt_filetime_to_us(uint64_t filetime);

/* Read one <Event> element (UTF-8 XML text) into ev, which is cleared
 * first. Returns 0, or -1 with *reason (static) when it is not an event. */
int lt_winevent_from_xml(struct lt_winevent *ev, const char *xml, size_t len, const char **reason);

/* Access mask words (documented file-object rights) for a mask; writes up
 * to max static strings into words and returns how many it wrote. */
size_t lt_winevent_access_words(uint32_t mask, const char **words, size_t max);
/* Word for a "%%NNNN" message-table reference (number given), or NULL. */
const char *lt_winevent_msgtable(unsigned code);
/* Logon type name for its number ("Interactive" for 2), or NULL. */
const char *lt_winevent_logon_type_name(long type);

/* Fill rec with the event's fields: the common ones for every event and,
 * for the events leaktrail knows (logon, file share and object access,
 * removable media, print), their ECS and leaktrail.* fields. Unknown events
 * still get provider, code, time, computer and data, with
 * leaktrail.windows.mapped = false. Does not touch provenance fields. */
void lt_winevent_to_record(const struct lt_winevent *ev, struct lt_record *rec);

/* The field names it adds are in record/fieldnames.h. */

#endif
