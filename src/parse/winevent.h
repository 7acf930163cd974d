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

/* Field names this module adds (the rest are in record.h). */
#define LT_F_EVENT_PROVIDER	"event.provider"
#define LT_F_EVENT_KIND		"event.kind"
#define LT_F_WINLOG_CHANNEL	"winlog.channel"
#define LT_F_WINLOG_RECORD_ID	"winlog.record_id"
#define LT_F_WINLOG_USER_ID	"winlog.user.identifier"
#define LT_F_WINLOG_KEYWORDS	"winlog.keywords"
#define LT_F_WINLOG_LEVEL	"winlog.level"
#define LT_F_WINLOG_TASK	"winlog.task"
#define LT_F_WINLOG_LOGON_TYPE	"winlog.logon.type"
#define LT_F_WINLOG_LOGON_ID	"winlog.logon.id"
#define LT_F_FAMILY		"leaktrail.family"	/* logon, fileserver, usb, print, windows */
#define LT_F_WIN_MAPPED		"leaktrail.windows.mapped"
#define LT_F_WIN_RECOVERED	"leaktrail.windows.recovered"
#define LT_F_WIN_SYSTEM_ACCOUNT	"leaktrail.windows.system_account"
#define LT_F_WIN_RENDER_ERROR	"leaktrail.windows.render_error"
#define LT_F_WIN_DATA		"leaktrail.windows.data"
#define LT_F_LOGON_TYPE_ID	"leaktrail.logon.type_id"
#define LT_F_USER_ID		"user.id"
#define LT_F_SOURCE_DOMAIN	"source.domain"
#define LT_F_DEST_DOMAIN	"destination.domain"
#define LT_F_USER_TARGET_NAME	"user.target.name"
#define LT_F_USER_TARGET_DOMAIN	"user.target.domain"
#define LT_F_PROCESS_EXE	"process.executable"
#define LT_F_EVENT_REASON	"event.reason"
#define LT_F_ACCESS_MASK	"leaktrail.access.mask"
#define LT_F_ACCESS_LIST	"leaktrail.access.list"
#define LT_F_SHARE_NAME		"leaktrail.share.name"
#define LT_F_SHARE_PATH		"leaktrail.share.path"
#define LT_F_SHARE_TARGET	"leaktrail.share.relative_target"
#define LT_F_OBJECT_TYPE	"leaktrail.object.type"
#define LT_F_USB_DEVICE_ID	"leaktrail.usb.device_id"
#define LT_F_USB_DESCRIPTION	"leaktrail.usb.description"
#define LT_F_USB_CLASS		"leaktrail.usb.class"
#define LT_F_USB_VENDOR		"leaktrail.usb.vendor"
#define LT_F_USB_PRODUCT	"leaktrail.usb.product"
#define LT_F_USB_REVISION	"leaktrail.usb.revision"
#define LT_F_USB_SERIAL		"leaktrail.usb.serial"
#define LT_F_USB_VENDOR_ID	"leaktrail.usb.vendor_id"
#define LT_F_USB_PRODUCT_ID	"leaktrail.usb.product_id"
#define LT_F_USB_CAPACITY	"leaktrail.usb.capacity"
#define LT_F_USB_BUS_TYPE	"leaktrail.usb.bus_type"
#define LT_F_USB_STORAGE	"leaktrail.usb.storage"
#define LT_F_PRINT_DOCUMENT	"leaktrail.print.document"
#define LT_F_PRINT_PRINTER	"leaktrail.print.printer"
#define LT_F_PRINT_PORT		"leaktrail.print.port"
#define LT_F_PRINT_CLIENT	"leaktrail.print.client"
#define LT_F_PRINT_JOB_ID	"leaktrail.print.job_id"
#define LT_F_PRINT_PAGES	"leaktrail.print.pages"
#define LT_F_PRINT_BYTES	"leaktrail.print.bytes"

#endif
