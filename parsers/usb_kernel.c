/* Linux kernel USB attach/detach lines (dmesg, kern.log, syslog, journal).
 *
 * A device's attach is spread over several lines of the same bus port:
 *   [  195.61] usb 1-1: new high-speed USB device number 2 using xhci_hcd
 *   [  195.63] usb 1-1: New USB device found, idVendor=0930, idProduct=6544, bcdDevice= 1.00
 *   [  195.63] usb 1-1: New USB device strings: Mfr=1, Product=2, SerialNumber=3
 *   [  195.63] usb 1-1: Product: DataTraveler 3.0
 *   [  195.63] usb 1-1: Manufacturer: Kingston
 *   [  195.63] usb 1-1: SerialNumber: 60A44C413E4AE36146270BD8
 *   [  195.64] usb-storage 1-1:1.0: USB Mass Storage device detected
 *   [  259.37] usb 1-1: USB disconnect, device number 2
 * They are joined into one attach record per device (first line's
 * provenance, every line number in leaktrail.lines), emitted when the
 * mass-storage line arrives, when the port sees a new device or a
 * disconnect, 32 lines after the first one, or at the end of the stream.
 * A detach record repeats what the attach said about the device on that
 * port (vendor, product, serial) when the attach was in the same stream.
 * Each line may carry a syslog header, the dmesg "[seconds]" prefix (no
 * wall-clock time: kept as leaktrail.kernel.uptime), or the dmesg -T
 * "[Wed Nov 25 10:00:00 2026]" prefix (local time in --tz).
 * macOS "USBMSC Identifier (non-unique): SERIAL 0xVID 0xPID 0xBCD" lines are
 * attach records too. 2.6-era kernels say "new high speed USB device using
 * ehci_hcd and address 2" and "usb-storage: device found at 2" (matched to
 * the pending device by that address).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mailcommon.h"
#include "parse/fields.h"
#include "parse/parser.h"

#define MAX_PENDING 8
#define MAX_KNOWN 32
#define MAX_LINES 16
#define PENDING_AGE 32

struct usb_dev {
	bool used;
	char host[64];		/* syslog host: several machines can share a log */
	char port[32];
	char vendor_id[8], product_id[8], bcd[12];
	char manufacturer[128], product[128], serial[128];
	char devnum[8];
	bool storage;
	uint64_t seq;		/* for eviction: smaller is older */
};

struct usb_pending {
	struct usb_dev dev;
	struct lt_mc_time time;
	char host[64];
	char uptime[32];
	struct lt_mc_saved first;
	uint64_t lines[MAX_LINES];
	size_t nlines;
};

struct usb_state {
	struct usb_pending pend[MAX_PENDING];
	struct usb_dev known[MAX_KNOWN];	/* attached devices, for detach records */
	uint64_t seq;
	uint64_t lineno;
};

/* The parts of a kernel line after its prefixes. */
struct kline {
	struct lt_syslog h;
	struct lt_mc_time time;
	struct lt_str uptime;	/* "195.634715" */
	struct lt_str msg;
};

static struct lt_str trim(struct lt_str s)
{
	while (s.n && (s.p[0] == ' ' || s.p[0] == '\t')) {
		s.p++;
		s.n--;
	}
	while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\r' || s.p[s.n - 1] == '\t'))
		s.n--;
	return s;
}

/* "Wed Nov 25 10:00:00 2026" (dmesg -T) */
static bool parse_ctime(struct lt_str s, const struct lt_parse_env *env, lt_time_us *t)
{
	char buf[40], wd[4], mon[4];
	struct lt_civil c = { 0 };
	if (s.n >= sizeof buf || s.n < 20)
		return false;
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	if (sscanf(buf, "%3s %3s %d %d:%d:%d %d", wd, mon, &c.day, &c.hour, &c.min, &c.sec, &c.year) != 7)
		return false;
	c.month = lt_month_from_abbr(mon, 3);
	if (c.month == 0 || c.year < 1970 || c.year > 9999 || c.day < 1 || c.day > 31 || c.hour < 0 ||
	    c.hour > 23 || c.min < 0 || c.min > 59 || c.sec < 0 || c.sec > 60)
		return false;
	*t = lt_tz_local_to_utc(env ? env->tz : NULL, &c);
	return true;
}

static void split_kline(const struct lt_line *line, const struct lt_parse_env *env, struct kline *k)
{
	memset(&k->time, 0, sizeof k->time);
	k->time.t = LT_TIME_NONE;
	lt_mc_split(line, env, &k->h);
	lt_mc_time_from_syslog(&k->time, &k->h);
	struct lt_str m = trim(k->h.msg);
	k->uptime = (struct lt_str){ NULL, 0 };
	if (m.n && m.p[0] == '[') {
		const char *rb = memchr(m.p, ']', m.n);
		if (rb) {
			struct lt_str in = trim((struct lt_str){ m.p + 1, (size_t)(rb - m.p - 1) });
			lt_time_us t;
			if (in.n && isdigit((unsigned char)in.p[0])) {
				k->uptime = in;
			} else if (parse_ctime(in, env, &t) && k->time.n == 0) {
				k->time.t = t;
				lt_mc_copy(k->time.text, sizeof k->time.text, in);
				k->time.n = strlen(k->time.text);
			}
			m = trim((struct lt_str){ rb + 1, m.n - (size_t)(rb + 1 - m.p) });
		}
	}
	k->msg = m;
}

/* "usb 1-1: rest" -> port "1-1", rest. Also "usb usb1:" root hubs. */
static bool usb_subject(struct lt_str m, const char *dev, struct lt_str *port, struct lt_str *rest)
{
	size_t dl = strlen(dev);
	if (m.n < dl + 3 || memcmp(m.p, dev, dl) != 0 || m.p[dl] != ' ')
		return false;
	const char *p = m.p + dl + 1;
	const char *end = m.p + m.n;
	const char *colon = p;
	while (colon < end && *colon != ':' && *colon != ' ')
		colon++;
	/* usb-storage ports look like "1-1:1.0:" */
	if (colon < end && *colon == ':' && colon + 1 < end && isdigit((unsigned char)colon[1])) {
		colon++;
		while (colon < end && *colon != ':' && *colon != ' ')
			colon++;
	}
	if (colon >= end || *colon != ':' || colon == p)
		return false;
	*port = (struct lt_str){ p, (size_t)(colon - p) };
	*rest = trim((struct lt_str){ colon + 1, (size_t)(end - colon - 1) });
	return true;
}

/* "idVendor=0930" value after key in s (up to ',' or blank) */
static struct lt_str kv_after(struct lt_str s, const char *key)
{
	const char *k = lt_mc_memmem(s.p, s.n, key);
	if (!k)
		return (struct lt_str){ NULL, 0 };
	const char *v = k + strlen(key);
	const char *end = s.p + s.n;
	while (v < end && *v == ' ')
		v++;
	const char *e = v;
	while (e < end && *e != ',' && *e != ' ')
		e++;
	return (struct lt_str){ v, (size_t)(e - v) };
}

static bool starts(struct lt_str s, const char *lit)
{
	return lt_str_has_prefix(s, lit);
}

static bool same_dev(const struct usb_dev *d, struct lt_str host, struct lt_str port)
{
	return d->used && lt_mc_span_eq(port.p, port.n, d->port) &&
	       lt_mc_span_eq(host.p ? host.p : "", host.n, d->host);
}

static struct usb_pending *find_pending(struct usb_state *st, struct lt_str host, struct lt_str port)
{
	for (size_t i = 0; i < MAX_PENDING; i++)
		if (same_dev(&st->pend[i].dev, host, port))
			return &st->pend[i];
	return NULL;
}

static struct usb_dev *find_known(struct usb_state *st, struct lt_str host, struct lt_str port)
{
	for (size_t i = 0; i < MAX_KNOWN; i++)
		if (same_dev(&st->known[i], host, port))
			return &st->known[i];
	return NULL;
}

static void remember_known(struct usb_state *st, const struct usb_dev *d)
{
	struct usb_dev *slot = NULL;
	for (size_t i = 0; i < MAX_KNOWN && !slot; i++)
		if (st->known[i].used && strcmp(st->known[i].port, d->port) == 0 &&
		    strcmp(st->known[i].host, d->host) == 0)
			slot = &st->known[i];
	for (size_t i = 0; i < MAX_KNOWN && !slot; i++)
		if (!st->known[i].used)
			slot = &st->known[i];
	if (!slot) {
		slot = &st->known[0];
		for (size_t i = 1; i < MAX_KNOWN; i++)
			if (st->known[i].seq < slot->seq)
				slot = &st->known[i];
	}
	*slot = *d;
	slot->seq = ++st->seq;
}

static void set_dev_fields(struct lt_record *r, const struct usb_dev *d)
{
	if (d->vendor_id[0])
		lt_rec_set_cstr(r, LT_F_USB_VENDOR_ID, d->vendor_id);
	if (d->product_id[0])
		lt_rec_set_cstr(r, LT_F_USB_PRODUCT_ID, d->product_id);
	if (d->bcd[0])
		lt_rec_set_cstr(r, LT_F_USB_REVISION, d->bcd);
	if (d->manufacturer[0])
		lt_rec_set_cstr(r, LT_F_USB_VENDOR, d->manufacturer);
	if (d->product[0])
		lt_rec_set_cstr(r, LT_F_USB_PRODUCT, d->product);
	if (d->serial[0])
		lt_rec_set_cstr(r, LT_F_USB_SERIAL, d->serial);
	if (d->port[0])
		lt_rec_set_cstr(r, LT_F_USB_PORT, d->port);
	if (d->devnum[0])
		lt_rec_set_cstr(r, LT_F_USB_DEVICE_NUMBER, d->devnum);
	lt_rec_set_bool(r, LT_F_USB_STORAGE, d->storage);
	lt_rec_set_cstr(r, LT_F_USB_BUS_TYPE, "USB");
}

static void emit_pending(struct usb_state *st, struct lt_parse_ctx *ctx, struct usb_pending *p)
{
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin_at(ctx, p->first.offset, p->first.lineno,
						p->first.raw.data ? p->first.raw.data : "", p->first.raw.len);
	lt_mc_time_apply(r, &p->time, env);
	if (p->host[0])
		lt_rec_set_cstr(r, LT_F_HOST_NAME, p->host);
	if (p->uptime[0])
		lt_rec_set_cstr(r, LT_F_KERNEL_UPTIME, p->uptime);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "host");
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "attach");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "linux.kernel.usb");
	set_dev_fields(r, &p->dev);
	for (size_t i = 0; i < p->nlines; i++) {
		char num[24];
		int len = snprintf(num, sizeof num, "%llu", (unsigned long long)p->lines[i]);
		lt_rec_add_str(r, LT_F_LINES, num, (size_t)len);
	}
	lt_parse_emit(ctx, r);
	remember_known(st, &p->dev);
	p->dev.used = false;
}

static struct usb_pending *open_pending(struct usb_state *st, struct lt_parse_ctx *ctx,
					const struct lt_line *line, const struct kline *k,
					struct lt_str port)
{
	struct usb_pending *p = NULL;
	for (size_t i = 0; i < MAX_PENDING && !p; i++)
		if (!st->pend[i].dev.used)
			p = &st->pend[i];
	if (!p) {
		p = &st->pend[0];
		for (size_t i = 1; i < MAX_PENDING; i++)
			if (st->pend[i].dev.seq < p->dev.seq)
				p = &st->pend[i];
		emit_pending(st, ctx, p);
	}
	struct lt_buf keep = p->first.raw;
	memset(p, 0, sizeof *p);
	p->first.raw = keep;
	p->dev.used = true;
	p->dev.seq = st->lineno;
	lt_mc_copy(p->dev.port, sizeof p->dev.port, port);
	lt_mc_copy(p->dev.host, sizeof p->dev.host, k->h.host);
	p->time = k->time;
	lt_mc_copy(p->host, sizeof p->host, k->h.host);
	lt_mc_copy(p->uptime, sizeof p->uptime, k->uptime);
	lt_mc_save(&p->first, line);
	return p;
}

static void note_line(struct usb_pending *p, const struct lt_line *line)
{
	if (p->nlines < MAX_LINES)
		p->lines[p->nlines++] = line->lineno;
}

static void expire_old(struct usb_state *st, struct lt_parse_ctx *ctx)
{
	for (size_t i = 0; i < MAX_PENDING; i++)
		if (st->pend[i].dev.used && st->lineno - st->pend[i].dev.seq > PENDING_AGE)
			emit_pending(st, ctx, &st->pend[i]);
}

static void set_line_prefix(struct lt_record *r, const struct kline *k, const struct lt_parse_env *env)
{
	lt_mc_time_apply(r, &k->time, env);
	lt_rec_set_span(r, LT_F_HOST_NAME, k->h.host);
	if (k->uptime.n)
		lt_rec_set_span(r, LT_F_KERNEL_UPTIME, k->uptime);
}

static enum lt_line_result detach(struct usb_state *st, struct lt_parse_ctx *ctx, const struct lt_line *line,
				  const struct kline *k, struct lt_str port, struct lt_str rest)
{
	struct usb_pending *p = find_pending(st, k->h.host, port);
	if (p)
		emit_pending(st, ctx, p);
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	set_line_prefix(r, k, env);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "host");
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "detach");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "linux.kernel.usb");
	struct usb_dev *known = find_known(st, k->h.host, port);
	if (known) {
		set_dev_fields(r, known);
		known->used = false;
	} else {
		lt_rec_set_span(r, LT_F_USB_PORT, port);
		lt_rec_set_cstr(r, LT_F_USB_BUS_TYPE, "USB");
	}
	struct lt_str num = kv_after(rest, "device number");
	if (num.n)
		lt_rec_set_span(r, LT_F_USB_DEVICE_NUMBER, num);
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

/* macOS: "USBMSC Identifier (non-unique): 000000000820 0x5ac 0x8406 0x820, 3" */
static enum lt_line_result usbmsc(struct lt_parse_ctx *ctx, const struct lt_line *line,
				  const struct kline *k, const char *at)
{
	const char *colon = strchr(at, ':');
	const char *end = k->msg.p + k->msg.n;
	if (!colon || colon >= end)
		return LT_LINE_UNPARSED;
	struct lt_str t[6];
	size_t nt = lt_split_ws(colon + 1, (size_t)(end - colon - 1), t, 6);
	if (nt < 3)
		return LT_LINE_UNPARSED;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	struct lt_record *r = lt_parse_begin(ctx, line);
	set_line_prefix(r, k, env);
	lt_rec_set_span(r, LT_F_PROCESS_NAME, k->h.prog);
	lt_rec_set_cstr(r, LT_F_EVENT_CATEGORY, "host");
	lt_rec_set_cstr(r, LT_F_EVENT_ACTION, "attach");
	lt_rec_set_cstr(r, LT_F_EVENT_DATASET, "macos.kernel.usbmsc");
	lt_rec_set_span(r, LT_F_USB_SERIAL, t[0]);
	lt_rec_set_span(r, LT_F_USB_VENDOR_ID, t[1]);
	lt_rec_set_span(r, LT_F_USB_PRODUCT_ID, t[2]);
	if (nt >= 4) {
		struct lt_str bcd = t[3];
		if (bcd.n && bcd.p[bcd.n - 1] == ',')
			bcd.n--;
		lt_rec_set_span(r, LT_F_USB_REVISION, bcd);
	}
	lt_rec_set_bool(r, LT_F_USB_STORAGE, true);
	lt_rec_set_cstr(r, LT_F_USB_BUS_TYPE, "USB");
	lt_parse_emit(ctx, r);
	return LT_LINE_RECORD;
}

static void set_string(char *dst, size_t cap, struct lt_str rest, const char *key)
{
	struct lt_str v = trim((struct lt_str){ rest.p + strlen(key), rest.n - strlen(key) });
	lt_mc_copy(dst, cap, v);
}

static enum lt_line_result usb_line(struct usb_state *st, struct lt_parse_ctx *ctx, const struct lt_line *line,
				    const struct kline *k, struct lt_str port, struct lt_str rest)
{
	struct usb_pending *p = find_pending(st, k->h.host, port);
	if (lt_mc_memmem(rest.p, rest.n, "USB disconnect"))
		return detach(st, ctx, line, k, port, rest);
	/* 2.6-era kernels: "new high speed USB device using ehci_hcd and address 2" */
	bool is_new = starts(rest, "new ") && (lt_mc_memmem(rest.p, rest.n, "USB device number") ||
					       lt_mc_memmem(rest.p, rest.n, "USB device using"));
	bool found = starts(rest, "New USB device found");
	if (is_new || found) {
		/* "found" right after "new" belongs to the same device */
		if (p && (is_new || p->dev.vendor_id[0]))
			emit_pending(st, ctx, p);
		if (!p || !p->dev.used)
			p = open_pending(st, ctx, line, k, port);
		note_line(p, line);
		if (is_new) {
			struct lt_str num = kv_after(rest, "device number");
			if (!num.n)
				num = kv_after(rest, "and address");
			lt_mc_copy(p->dev.devnum, sizeof p->dev.devnum, num);
		} else {
			lt_mc_copy(p->dev.vendor_id, sizeof p->dev.vendor_id, kv_after(rest, "idVendor="));
			lt_mc_copy(p->dev.product_id, sizeof p->dev.product_id, kv_after(rest, "idProduct="));
			lt_mc_copy(p->dev.bcd, sizeof p->dev.bcd, kv_after(rest, "bcdDevice="));
		}
		return LT_LINE_PENDING;
	}
	if (!p)
		return LT_LINE_META;	/* a USB line about a device we did not see arrive */
	note_line(p, line);
	if (starts(rest, "Product:"))
		set_string(p->dev.product, sizeof p->dev.product, rest, "Product:");
	else if (starts(rest, "Manufacturer:"))
		set_string(p->dev.manufacturer, sizeof p->dev.manufacturer, rest, "Manufacturer:");
	else if (starts(rest, "SerialNumber:"))
		set_string(p->dev.serial, sizeof p->dev.serial, rest, "SerialNumber:");
	return LT_LINE_PENDING;
}

/* 2.6-era "usb-storage: device found at 2": no port, only the device
 * address the "new ... USB device ... and address 2" line gave. The
 * device stays pending (its "New USB device found" line may follow). */
static enum lt_line_result old_storage(struct usb_state *st, const struct lt_line *line, const struct kline *k)
{
	struct lt_str num = kv_after(k->msg, "device found at");
	for (size_t i = 0; num.n && i < MAX_PENDING; i++) {
		struct usb_pending *p = &st->pend[i];
		if (!p->dev.used || strlen(p->dev.devnum) != num.n || memcmp(p->dev.devnum, num.p, num.n) != 0)
			continue;
		if (k->h.host.n && (strlen(p->dev.host) != k->h.host.n || memcmp(p->dev.host, k->h.host.p, k->h.host.n)))
			continue;
		note_line(p, line);
		p->dev.storage = true;
		return LT_LINE_PENDING;
	}
	return LT_LINE_META;	/* a device we did not see arrive */
}

static bool is_usb_message(struct lt_str m)
{
	return starts(m, "usb ") || starts(m, "usb-storage ") || starts(m, "usbcore:") ||
	       starts(m, "uas ") || starts(m, "usbhid ") || lt_mc_memmem(m.p, m.n, "USBMSC Identifier") ||
	       lt_mc_memmem(m.p, m.n, "usb-storage") || lt_mc_memmem(m.p, m.n, "SCSI emulation for USB Mass Storage");
}

static enum lt_line_result usb_parse_line(void *state, struct lt_parse_ctx *ctx,
					  const struct lt_line *line, const char **reason)
{
	struct usb_state *st = state;
	const struct lt_parse_env *env = lt_parse_get_env(ctx);
	if (lt_mc_blank(line))
		return LT_LINE_META;	/* empty lines carry nothing */
	st->lineno++;
	expire_old(st, ctx);
	struct kline k;
	split_kline(line, env, &k);
	struct lt_str port, rest;
	const char *msc = lt_mc_memmem(k.msg.p, k.msg.n, "USBMSC Identifier");
	if (msc) {
		enum lt_line_result res = usbmsc(ctx, line, &k, msc);
		if (res == LT_LINE_UNPARSED)
			*reason = "USBMSC line without serial, vendor and product";
		return res;
	}
	if (usb_subject(k.msg, "usb", &port, &rest))
		return usb_line(st, ctx, line, &k, port, rest);
	if (usb_subject(k.msg, "usb-storage", &port, &rest)) {
		/* port "1-1:1.0": the device is "1-1" */
		const char *colon = memchr(port.p, ':', port.n);
		struct lt_str devport = colon ? (struct lt_str){ port.p, (size_t)(colon - port.p) } : port;
		struct usb_pending *p = find_pending(st, k.h.host, devport);
		if (p && lt_mc_memmem(rest.p, rest.n, "Mass Storage device detected")) {
			note_line(p, line);
			p->dev.storage = true;
			emit_pending(st, ctx, p);
			return LT_LINE_PENDING;
		}
		return LT_LINE_META;
	}
	if (starts(k.msg, "usb-storage: device found at"))
		return old_storage(st, line, &k);
	if (is_usb_message(k.msg))
		return LT_LINE_META;
	*reason = "not a kernel USB line";
	return LT_LINE_UNPARSED;
}

static void usb_finish(void *state, struct lt_parse_ctx *ctx)
{
	struct usb_state *st = state;
	/* oldest first, so the output follows the input */
	for (;;) {
		struct usb_pending *oldest = NULL;
		for (size_t i = 0; i < MAX_PENDING; i++)
			if (st->pend[i].dev.used && (!oldest || st->pend[i].dev.seq < oldest->dev.seq))
				oldest = &st->pend[i];
		if (!oldest)
			break;
		emit_pending(st, ctx, oldest);
	}
}

static void usb_fini(void *state)
{
	struct usb_state *st = state;
	for (size_t i = 0; i < MAX_PENDING; i++)
		lt_mc_saved_free(&st->pend[i].first);
}

static bool probe_line(const char *s, size_t n)
{
	struct lt_line l = { .text = s, .len = n, .raw = s, .raw_len = n };
	struct kline k;
	split_kline(&l, NULL, &k);
	struct lt_str port, rest;
	if (lt_mc_memmem(k.msg.p, k.msg.n, "USBMSC Identifier"))
		return true;
	return usb_subject(k.msg, "usb", &port, &rest) || usb_subject(k.msg, "usb-storage", &port, &rest);
}

static int usb_probe(const struct lt_probe_data *pd)
{
	int ratio = lt_mc_ratio(pd, probe_line);
	if (ratio >= 60)
		return 80;
	if (ratio >= 30)
		return 40;
	return 0;
}

const struct lt_parser lt_parser_usb_kernel = {
	.name = "usb_kernel",
	.family = "usb",
	.description = "Linux kernel USB attach/detach lines (dmesg, kern.log, syslog; macOS USBMSC)",
	.probe = usb_probe,
	.state_size = sizeof(struct usb_state),
	.parse_line = usb_parse_line,
	.finish = usb_finish,
	.fini = usb_fini,
};
