/* The Windows event model: storage, time, XML reading, and the mapping of
 * known events to record fields. See winevent.h and doc/parsers.md. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlreader.h>

#include "parse/winevent.h"
#include "util/intern.h"
#include "util/xalloc.h"

/* ---- storage ---------------------------------------------------------- */

void lt_winevent_init(struct lt_winevent *ev)
{
	memset(ev, 0, sizeof(*ev));
	lt_buf_init(&ev->pool);
	ev->time = LT_TIME_NONE;
}

void lt_winevent_clear(struct lt_winevent *ev)
{
	lt_buf_reset(&ev->pool);
	memset(ev->prop, 0, sizeof(ev->prop));
	memset(ev->prop_len, 0, sizeof(ev->prop_len));
	ev->event_id = 0;
	ev->has_event_id = false;
	ev->record_id = 0;
	ev->has_record_id = false;
	ev->time = LT_TIME_NONE;
	ev->time_zone = NULL;
	ev->recovered = false;
	ev->render_error = NULL;
	ev->ndata = 0;
}

void lt_winevent_free(struct lt_winevent *ev)
{
	lt_buf_free(&ev->pool);
	free(ev->data);
	memset(ev, 0, sizeof(*ev));
}

/* Copy s into the pool (NUL-terminated) and return its offset. s may point
 * into the pool itself (a value copied from another): growing the pool would
 * move it, so it is re-based after the reserve. */
static size_t pool_put(struct lt_winevent *ev, const char *s, size_t n)
{
	size_t off = ev->pool.len;
	if (ev->pool.data && s >= ev->pool.data && s < ev->pool.data + ev->pool.len) {
		size_t from = (size_t)(s - ev->pool.data);
		lt_buf_reserve(&ev->pool, n + 1);
		s = ev->pool.data + from;
	}
	lt_buf_append(&ev->pool, s, n);
	lt_buf_putc(&ev->pool, '\0');
	return off;
}

void lt_winevent_set(struct lt_winevent *ev, enum lt_we_prop p, const char *s, size_t n)
{
	ev->prop[p] = pool_put(ev, s, n) + 1;
	ev->prop_len[p] = n;
}

const char *lt_winevent_str(const struct lt_winevent *ev, enum lt_we_prop p, size_t *n)
{
	if (!ev->prop[p])
		return NULL;
	if (n)
		*n = ev->prop_len[p];
	return ev->pool.data + ev->prop[p] - 1;
}

void lt_winevent_add_data(struct lt_winevent *ev, const char *name, size_t nlen,
			  const char *value, size_t vlen)
{
	if (ev->ndata == ev->capdata) {
		ev->capdata = ev->capdata ? ev->capdata * 2 : 32;
		ev->data = lt_xrealloc(ev->data, ev->capdata * sizeof(*ev->data));
	}
	struct lt_we_pair *p = &ev->data[ev->ndata++];
	p->unnamed = nlen == 0;
	if (nlen) {
		p->name = pool_put(ev, name, nlen);
	} else {
		char gen[32];
		int gl = snprintf(gen, sizeof(gen), "param%zu", ev->ndata);
		p->name = pool_put(ev, gen, (size_t)gl);
	}
	p->value = pool_put(ev, value, vlen);
	p->value_len = vlen;
}

const char *lt_winevent_data(const struct lt_winevent *ev, const char *name, size_t *n)
{
	for (size_t i = 0; i < ev->ndata; i++) {
		if (strcmp(ev->pool.data + ev->data[i].name, name) == 0) {
			if (n)
				*n = ev->data[i].value_len;
			return ev->pool.data + ev->data[i].value;
		}
	}
	return NULL;
}

/* ---- time ------------------------------------------------------------- */

static int digits(const char *s, size_t n, size_t at, size_t count, int *out)
{
	int v = 0;
	if (at + count > n)
		return -1;
	for (size_t i = 0; i < count; i++) {
		if (!isdigit((unsigned char)s[at + i]))
			return -1;
		v = v * 10 + (s[at + i] - '0');
	}
	*out = v;
	return 0;
}

int lt_winevent_parse_systemtime(const char *s, size_t n, lt_time_us *out)
{
	struct lt_civil c = { 0 };
	if (digits(s, n, 0, 4, &c.year) || n < 19 || s[4] != '-' || digits(s, n, 5, 2, &c.month) ||
	    s[7] != '-' || digits(s, n, 8, 2, &c.day) || (s[10] != 'T' && s[10] != ' ') ||
	    digits(s, n, 11, 2, &c.hour) || s[13] != ':' || digits(s, n, 14, 2, &c.min) ||
	    s[16] != ':' || digits(s, n, 17, 2, &c.sec))
		return -1;
	if (c.month < 1 || c.month > 12 || c.day < 1 || c.day > 31 || c.hour > 23 || c.min > 59 || c.sec > 60)
		return -1;
	size_t i = 19;
	if (i < n && s[i] == '.') {
		int32_t us = 0;
		size_t nd = 0;
		for (i++; i < n && isdigit((unsigned char)s[i]); i++, nd++)
			if (nd < 6)
				us = us * 10 + (s[i] - '0');
		if (nd == 0)
			return -1;
		for (; nd < 6; nd++)
			us *= 10;
		c.usec = us;
	}
	if (i < n && s[i] == 'Z')
		i++;
	if (i != n)
		return -1;
	*out = lt_time_from_civil(&c, 0);
	return 0;
}

/* FILETIME counts 100 ns intervals since 1601-01-01; 11644473600 s separate the epochs. */
lt_time_us lt_filetime_to_us(uint64_t filetime)
{
	return (lt_time_us)(filetime / 10) - INT64_C(11644473600) * LT_US_PER_SEC;
}

/* ---- XML -------------------------------------------------------------- */

#define XML_MAX_DEPTH 16

struct xml_walk {
	struct lt_winevent *ev;
	struct lt_buf text;
	const char *path[XML_MAX_DEPTH];	/* local names, static interned by libxml */
	char data_name[256];			/* Name attribute of the open <Data> */
	size_t data_name_len;
};

static bool name_is(const xmlChar *a, const char *b)
{
	return a && strcmp((const char *)a, b) == 0;
}

static void set_prop_attr(xmlTextReaderPtr r, struct lt_winevent *ev, const char *attr, enum lt_we_prop p)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)attr);
	if (v) {
		lt_winevent_set(ev, p, (const char *)v, strlen((const char *)v));
		xmlFree(v);
	}
}

static void system_time(struct lt_winevent *ev, xmlTextReaderPtr r)
{
	xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)"SystemTime");
	if (!v)
		return;
	size_t n = strlen((const char *)v);
	lt_winevent_set(ev, LT_WE_TIME_TEXT, (const char *)v, n);
	if (lt_winevent_parse_systemtime((const char *)v, n, &ev->time) == 0)
		ev->time_zone = "+00:00";
	xmlFree(v);
}

/* Attributes of an element directly below <UserData>'s child become data
 * (DriverFrameworks-UserMode puts the device instance in an attribute). */
static void userdata_attrs(xmlTextReaderPtr r, struct lt_winevent *ev)
{
	if (xmlTextReaderMoveToFirstAttribute(r) != 1)
		return;
	do {
		const xmlChar *name = xmlTextReaderConstLocalName(r);
		const xmlChar *prefix = xmlTextReaderConstPrefix(r);
		const xmlChar *val = xmlTextReaderConstValue(r);
		if (name_is(name, "xmlns") || name_is(prefix, "xmlns") || !val)
			continue;
		lt_winevent_add_data(ev, (const char *)name, strlen((const char *)name),
				     (const char *)val, strlen((const char *)val));
	} while (xmlTextReaderMoveToNextAttribute(r) == 1);
	xmlTextReaderMoveToElement(r);
}

static void element_start(struct xml_walk *w, xmlTextReaderPtr r, int depth)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(r);
	w->path[depth] = name;
	lt_buf_reset(&w->text);
	if (depth == 2 && strcmp(w->path[1], "System") == 0) {
		if (strcmp(name, "Provider") == 0)
			set_prop_attr(r, w->ev, "Name", LT_WE_PROVIDER);
		else if (strcmp(name, "TimeCreated") == 0)
			system_time(w->ev, r);
		else if (strcmp(name, "Security") == 0)
			set_prop_attr(r, w->ev, "UserID", LT_WE_USER_SID);
	} else if (depth == 2 && strcmp(w->path[1], "EventData") == 0) {
		xmlChar *v = xmlTextReaderGetAttribute(r, (const xmlChar *)"Name");
		w->data_name_len = 0;
		if (v) {
			size_t n = strlen((const char *)v);
			if (n >= sizeof(w->data_name))
				n = sizeof(w->data_name) - 1;
			memcpy(w->data_name, v, n);
			w->data_name_len = n;
			xmlFree(v);
		} else if (strcmp(name, "Data") != 0) {
			/* <Binary> and other named elements: use the element name */
			size_t n = strlen(name);
			if (n >= sizeof(w->data_name))
				n = sizeof(w->data_name) - 1;
			memcpy(w->data_name, name, n);
			w->data_name_len = n;
		}
	} else if (depth == 2 && strcmp(w->path[1], "UserData") == 0) {
		userdata_attrs(r, w->ev);
	}
}

static bool parse_u64(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i = 0;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	size_t start = i;
	for (; i < n && isdigit((unsigned char)s[i]); i++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == start)
		return false;
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	*out = v;
	return i == n;
}

static void element_end(struct xml_walk *w, int depth, bool leaf)
{
	struct lt_winevent *ev = w->ev;
	const char *name = w->path[depth];
	const char *t = w->text.data ? w->text.data : "";
	size_t tn = w->text.len;
	if (depth == 2 && strcmp(w->path[1], "System") == 0) {
		uint64_t v;
		if (strcmp(name, "EventID") == 0 && parse_u64(t, tn, &v) && v <= UINT32_MAX) {
			ev->event_id = (uint32_t)v;
			ev->has_event_id = true;
		} else if (strcmp(name, "EventRecordID") == 0 && parse_u64(t, tn, &v)) {
			ev->record_id = v;
			ev->has_record_id = true;
		} else if (strcmp(name, "Channel") == 0) {
			lt_winevent_set(ev, LT_WE_CHANNEL, t, tn);
		} else if (strcmp(name, "Computer") == 0) {
			lt_winevent_set(ev, LT_WE_COMPUTER, t, tn);
		} else if (strcmp(name, "Keywords") == 0) {
			lt_winevent_set(ev, LT_WE_KEYWORDS, t, tn);
		} else if (strcmp(name, "Level") == 0) {
			lt_winevent_set(ev, LT_WE_LEVEL, t, tn);
		} else if (strcmp(name, "Task") == 0) {
			lt_winevent_set(ev, LT_WE_TASK, t, tn);
		} else if (strcmp(name, "Opcode") == 0) {
			lt_winevent_set(ev, LT_WE_OPCODE, t, tn);
		}
	} else if (depth == 2 && strcmp(w->path[1], "EventData") == 0) {
		lt_winevent_add_data(ev, w->data_name, w->data_name_len, t, tn);
		w->data_name_len = 0;
	} else if (depth >= 3 && strcmp(w->path[1], "UserData") == 0 && leaf) {
		lt_winevent_add_data(ev, name, strlen(name), t, tn);
	} else if (depth == 2 && strcmp(w->path[1], "RenderingInfo") == 0 && strcmp(name, "Message") == 0) {
		lt_winevent_set(ev, LT_WE_MESSAGE, t, tn);
	}
	lt_buf_reset(&w->text);
}

int lt_winevent_from_xml(struct lt_winevent *ev, const char *xml, size_t len, const char **reason)
{
	lt_winevent_clear(ev);
	if (len > INT32_MAX) {
		*reason = "event XML too large";
		return -1;
	}
	xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, "UTF-8",
						XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
						XML_PARSE_NOCDATA);
	if (!r) {
		*reason = "cannot create XML reader";
		return -1;
	}
	struct xml_walk w = { .ev = ev };
	lt_buf_init(&w.text);
	int rc = 0, ret;
	bool seen_root = false, last_was_start = false;
	*reason = NULL;
	while ((ret = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		int depth = xmlTextReaderDepth(r);
		if (depth < 0 || depth >= XML_MAX_DEPTH)
			continue;
		if (type == XML_READER_TYPE_ELEMENT) {
			if (depth == 0) {
				if (!name_is(xmlTextReaderConstLocalName(r), "Event")) {
					*reason = "root element is not <Event>";
					rc = -1;
					break;
				}
				seen_root = true;
			}
			element_start(&w, r, depth);
			last_was_start = true;
			if (xmlTextReaderIsEmptyElement(r)) {
				element_end(&w, depth, true);
				last_was_start = false;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			element_end(&w, depth, last_was_start);
			last_was_start = false;
		} else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
			   type == XML_READER_TYPE_WHITESPACE || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
			const xmlChar *v = xmlTextReaderConstValue(r);
			if (v)
				lt_buf_append(&w.text, v, strlen((const char *)v));
		}
	}
	if (rc == 0 && ret < 0) {
		*reason = "malformed event XML";
		rc = -1;
	}
	if (rc == 0 && !seen_root) {
		*reason = "no <Event> element";
		rc = -1;
	}
	if (rc == 0 && !ev->has_event_id) {
		*reason = "event without EventID";
		rc = -1;
	}
	lt_buf_free(&w.text);
	xmlFreeTextReader(r);
	return rc;
}

/* ---- message tables and access masks ---------------------------------- */

struct code_word {
	unsigned code;
	const char *word;
};

/* Values of the %%NNNN references in Security events, from msobjs.dll and
 * adtschema.dll as documented by Microsoft ("4663(S): An attempt was made to
 * access an object", "4625(F): An account failed to log on"). */
static const struct code_word msgtable[] = {
	{ 1537, "DELETE" }, { 1538, "READ_CONTROL" }, { 1539, "WRITE_DAC" },
	{ 1540, "WRITE_OWNER" }, { 1541, "SYNCHRONIZE" }, { 1542, "ACCESS_SYS_SEC" },
	{ 1832, "Identification" }, { 1833, "Impersonation" }, { 1840, "Delegation" },
	{ 1842, "Yes" }, { 1843, "No" },
	{ 2304, "An Error occured during Logon." },
	{ 2305, "The specified user account has expired." },
	{ 2306, "The NetLogon component is not active." },
	{ 2307, "Account locked out." },
	{ 2308, "The user has not been granted the requested logon type at this machine." },
	{ 2309, "The specified account's password has expired." },
	{ 2310, "Account currently disabled." },
	{ 2311, "Account logon time restriction violation." },
	{ 2312, "User not allowed to logon at this computer." },
	{ 2313, "Unknown user name or bad password." },
	{ 4416, "ReadData" }, { 4417, "WriteData" }, { 4418, "AppendData" },
	{ 4419, "ReadEA" }, { 4420, "WriteEA" }, { 4421, "Execute" },
	{ 4422, "DeleteChild" }, { 4423, "ReadAttributes" }, { 4424, "WriteAttributes" },
};

const char *lt_winevent_msgtable(unsigned code)
{
	for (size_t i = 0; i < sizeof(msgtable) / sizeof(msgtable[0]); i++)
		if (msgtable[i].code == code)
			return msgtable[i].word;
	return NULL;
}

enum access_class { ACC_NONE, ACC_READ, ACC_WRITE, ACC_DELETE };

/* File object rights, in bit order. The long forms ("ReadData (or
 * ListDirectory)") are in doc/parsers.md; records carry the short word. */
static const struct {
	uint32_t bit;
	const char *word;
	enum access_class cls;
} access_bits[] = {
	{ 0x1, "ReadData", ACC_READ },
	{ 0x2, "WriteData", ACC_WRITE },
	{ 0x4, "AppendData", ACC_WRITE },
	{ 0x8, "ReadEA", ACC_READ },
	{ 0x10, "WriteEA", ACC_WRITE },
	{ 0x20, "Execute", ACC_READ },
	{ 0x40, "DeleteChild", ACC_DELETE },
	{ 0x80, "ReadAttributes", ACC_READ },
	{ 0x100, "WriteAttributes", ACC_WRITE },
	{ 0x10000, "DELETE", ACC_DELETE },
	{ 0x20000, "READ_CONTROL", ACC_READ },
	{ 0x40000, "WRITE_DAC", ACC_WRITE },
	{ 0x80000, "WRITE_OWNER", ACC_WRITE },
	{ 0x100000, "SYNCHRONIZE", ACC_NONE },
	{ 0x1000000, "ACCESS_SYS_SEC", ACC_NONE },
};
#define NACCESS (sizeof(access_bits) / sizeof(access_bits[0]))

size_t lt_winevent_access_words(uint32_t mask, const char **words, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < NACCESS && n < max; i++)
		if (mask & access_bits[i].bit)
			words[n++] = access_bits[i].word;
	return n;
}

static enum access_class word_class(const char *w, size_t n)
{
	for (size_t i = 0; i < NACCESS; i++)
		if (strlen(access_bits[i].word) == n && memcmp(access_bits[i].word, w, n) == 0)
			return access_bits[i].cls;
	return ACC_NONE;
}

static const char *const logon_types[] = {
	[0] = "System", [2] = "Interactive", [3] = "Network", [4] = "Batch", [5] = "Service",
	[7] = "Unlock", [8] = "NetworkCleartext", [9] = "NewCredentials", [10] = "RemoteInteractive",
	[11] = "CachedInteractive", [12] = "CachedRemoteInteractive", [13] = "CachedUnlock",
};

const char *lt_winevent_logon_type_name(long type)
{
	if (type < 0 || type >= (long)(sizeof(logon_types) / sizeof(logon_types[0])))
		return NULL;
	return logon_types[type];
}

/* ---- mapping helpers -------------------------------------------------- */

/* "-", "", "NULL" and all-blank values mean "not recorded". */
static bool useful(const char *v, size_t n)
{
	if (!v || n == 0)
		return false;
	if ((n == 1 && v[0] == '-') || (n == 4 && memcmp(v, "NULL", 4) == 0))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isspace((unsigned char)v[i]))
			return true;
	return false;
}

static const char *get(const struct lt_winevent *ev, const char *name, size_t *n)
{
	size_t len;
	const char *v = lt_winevent_data(ev, name, &len);
	if (!useful(v, len))
		return NULL;
	/* trim: LogonProcessName comes as "Advapi  " */
	while (len && isspace((unsigned char)v[len - 1]))
		len--;
	while (len && isspace((unsigned char)*v)) {
		v++;
		len--;
	}
	*n = len;
	return v;
}

static bool copy(struct lt_record *rec, const char *key, const struct lt_winevent *ev, const char *name)
{
	size_t n;
	const char *v = get(ev, name, &n);
	if (!v)
		return false;
	lt_rec_set_str(rec, key, v, n);
	return true;
}

/* Logon ids as Windows prints them elsewhere: "0x00000000000003e7" -> "0x3e7". */
static bool copy_logon_id(struct lt_record *rec, const struct lt_winevent *ev, const char *name)
{
	size_t n;
	const char *v = get(ev, name, &n);
	if (!v)
		return false;
	if (n > 3 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) {
		size_t i = 2;
		while (i + 1 < n && v[i] == '0')
			i++;
		char tmp[40] = "0x";
		size_t k = n - i < sizeof(tmp) - 3 ? n - i : sizeof(tmp) - 3;
		for (size_t j = 0; j < k; j++)
			tmp[2 + j] = (char)tolower((unsigned char)v[i + j]);
		lt_rec_set_str(rec, LT_F_WINLOG_LOGON_ID, tmp, 2 + k);
		return true;
	}
	lt_rec_set_str(rec, LT_F_WINLOG_LOGON_ID, v, n);
	return true;
}

/* Decimal or 0x-hex number in data item name. */
static bool get_num(const struct lt_winevent *ev, const char *name, int64_t *out)
{
	size_t n;
	const char *v = get(ev, name, &n);
	if (!v || n >= 64)
		return false;
	char tmp[64];
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	char *end;
	long long x = strtoll(tmp, &end, (n > 2 && tmp[0] == '0' && (tmp[1] == 'x' || tmp[1] == 'X')) ? 16 : 10);
	if (end == tmp || *end)
		return false;
	*out = x;
	return true;
}

static void copy_num(struct lt_record *rec, const char *key, const struct lt_winevent *ev, const char *name)
{
	int64_t v;
	if (get_num(ev, name, &v))
		lt_rec_set_int(rec, key, v);
}

static void category(struct lt_record *rec, const char *cat, const char *type, const char *action)
{
	if (cat)
		lt_rec_add_str(rec, LT_F_EVENT_CATEGORY, cat, strlen(cat));
	if (type)
		lt_rec_add_str(rec, LT_F_EVENT_TYPE, type, strlen(type));
	if (action)
		lt_rec_set_cstr(rec, LT_F_EVENT_ACTION, action);
}

/* Audit Success / Audit Failure keyword bits of Security events. */
static const char *keyword_outcome(const struct lt_winevent *ev)
{
	size_t n;
	const char *k = lt_winevent_str(ev, LT_WE_KEYWORDS, &n);
	if (!k)
		return NULL;
	if (n > 2 && k[0] == '0' && (k[1] == 'x' || k[1] == 'X')) {
		unsigned long long v = strtoull(k + 2, NULL, 16);
		if (v & 0x10000000000000ULL)
			return "failure";
		if (v & 0x20000000000000ULL)
			return "success";
		return NULL;
	}
	/* CSV keyword words */
	if (strstr(k, "Audit Failure") || strstr(k, "監査の失敗"))
		return "failure";
	if (strstr(k, "Audit Success") || strstr(k, "監査の成功"))
		return "success";
	return NULL;
}

static void source_address(struct lt_record *rec, const struct lt_winevent *ev, const char *ipname, const char *portname)
{
	size_t n;
	const char *ip = get(ev, ipname, &n);
	if (ip) {
		/* "::ffff:10.0.0.5" is how Windows writes IPv4 clients of a dual stack */
		if (n > 7 && strncmp(ip, "::ffff:", 7) == 0 && memchr(ip + 7, '.', n - 7)) {
			ip += 7;
			n -= 7;
		}
		lt_rec_set_str(rec, LT_F_SOURCE_IP, ip, n);
	}
	if (portname) {
		int64_t port;
		if (get_num(ev, portname, &port) && port >= 0 && port <= 65535)
			lt_rec_set_int(rec, LT_F_SOURCE_PORT, port);
	}
}

static void user_fields(struct lt_record *rec, const struct lt_winevent *ev, const char *prefix)
{
	char name[64], domain[64], sid[64];
	snprintf(name, sizeof(name), "%sUserName", prefix);
	snprintf(domain, sizeof(domain), "%sDomainName", prefix);
	snprintf(sid, sizeof(sid), "%sUserSid", prefix);
	copy(rec, LT_F_USER_NAME, ev, name);
	copy(rec, LT_F_USER_DOMAIN, ev, domain);
	copy(rec, LT_F_USER_ID, ev, sid);
}

static void logon_type(struct lt_record *rec, const struct lt_winevent *ev)
{
	int64_t t;
	if (!get_num(ev, "LogonType", &t))
		return;
	lt_rec_set_int(rec, LT_F_LOGON_TYPE_ID, t);
	const char *nm = lt_winevent_logon_type_name((long)t);
	if (nm)
		lt_rec_set_cstr(rec, LT_F_WINLOG_LOGON_TYPE, nm);
}

static void process_fields(struct lt_record *rec, const struct lt_winevent *ev)
{
	size_t n;
	const char *p = get(ev, "ProcessName", &n);
	if (p) {
		lt_rec_set_str(rec, LT_F_PROCESS_EXE, p, n);
		const char *base = p;
		for (size_t i = 0; i < n; i++)
			if (p[i] == '\\' || p[i] == '/')
				base = p + i + 1;
		lt_rec_set_str(rec, LT_F_PROCESS_NAME, base, (size_t)(p + n - base));
	}
	copy_num(rec, LT_F_PROCESS_PID, ev, "ProcessId");
}

/* "%%2313" -> its text; other values are kept as they are. */
static void copy_decoded(struct lt_record *rec, const char *key, const struct lt_winevent *ev, const char *name)
{
	size_t n;
	const char *v = get(ev, name, &n);
	if (!v)
		return;
	if (n > 2 && v[0] == '%' && v[1] == '%') {
		const char *w = lt_winevent_msgtable((unsigned)strtoul(v + 2, NULL, 10));
		if (w) {
			lt_rec_set_cstr(rec, key, w);
			return;
		}
	}
	lt_rec_set_str(rec, key, v, n);
}

/* ---- logon ------------------------------------------------------------ */

static bool map_logon(const struct lt_winevent *ev, struct lt_record *rec)
{
	const char *outcome = "success";
	switch (ev->event_id) {
	case 4624:
		category(rec, "authentication", "start", "logged-in");
		user_fields(rec, ev, "Target");
		break;
	case 4625:
		category(rec, "authentication", "start", "logon-failed");
		user_fields(rec, ev, "Target");
		outcome = "failure";
		copy_decoded(rec, LT_F_EVENT_REASON, ev, "FailureReason");
		copy(rec, LT_F_WINLOG_LOGON_FAILURE_STATUS, ev, "Status");
		copy(rec, LT_F_WINLOG_LOGON_FAILURE_SUB_STATUS, ev, "SubStatus");
		break;
	case 4634:
		category(rec, "authentication", "end", "logged-out");
		user_fields(rec, ev, "Target");
		break;
	case 4647:
		category(rec, "authentication", "end", "logged-out");
		user_fields(rec, ev, "Target");
		break;
	case 4648:
		category(rec, "authentication", "start", "logged-in-explicit");
		user_fields(rec, ev, "Subject");
		copy(rec, LT_F_USER_TARGET_NAME, ev, "TargetUserName");
		copy(rec, LT_F_USER_TARGET_DOMAIN, ev, "TargetDomainName");
		copy(rec, LT_F_DEST_DOMAIN, ev, "TargetServerName");
		break;
	case 4672:
		category(rec, "iam", "admin", "logged-in-special");
		user_fields(rec, ev, "Subject");
		copy(rec, "winlog.event_data.PrivilegeList", ev, "PrivilegeList");
		break;
	case 4740:
		category(rec, "iam", "user", "locked-out-user-account");
		lt_rec_add_str(rec, LT_F_EVENT_TYPE, "change", 6);
		user_fields(rec, ev, "Subject");
		copy(rec, LT_F_USER_TARGET_NAME, ev, "TargetUserName");
		copy(rec, LT_F_USER_TARGET_DOMAIN, ev, "TargetDomainName");
		copy(rec, LT_F_USER_TARGET_ID, ev, "TargetSid");
		break;
	case 4776: {
		category(rec, "authentication", "start", "credential-validated");
		copy(rec, LT_F_USER_NAME, ev, "TargetUserName");
		copy(rec, LT_F_SOURCE_DOMAIN, ev, "Workstation");
		int64_t st;
		if (get_num(ev, "Status", &st) && st != 0) {
			outcome = "failure";
			copy(rec, LT_F_WINLOG_LOGON_FAILURE_STATUS, ev, "Status");
		}
		break;
	}
	case 4778:
	case 4779:
		category(rec, "authentication", "start",
			 ev->event_id == 4778 ? "session-reconnected" : "session-disconnected");
		if (ev->event_id == 4779) {
			lt_rec_remove(rec, LT_F_EVENT_TYPE);
			lt_rec_add_str(rec, LT_F_EVENT_TYPE, "end", 3);
		}
		lt_rec_add_str(rec, LT_F_EVENT_CATEGORY, "session", 7);
		copy(rec, LT_F_USER_NAME, ev, "AccountName");
		copy(rec, LT_F_USER_DOMAIN, ev, "AccountDomain");
		copy_logon_id(rec, ev, "LogonID");
		copy(rec, LT_F_SOURCE_DOMAIN, ev, "ClientName");
		source_address(rec, ev, "ClientAddress", NULL);
		break;
	default:
		return false;
	}
	if (ev->event_id != 4778 && ev->event_id != 4779) {
		source_address(rec, ev, "IpAddress", "IpPort");
		if (ev->event_id != 4776)
			copy(rec, LT_F_SOURCE_DOMAIN, ev, "WorkstationName");
		if (!copy_logon_id(rec, ev, "TargetLogonId"))
			copy_logon_id(rec, ev, "SubjectLogonId");
		logon_type(rec, ev);
		process_fields(rec, ev);
	}
	lt_rec_set_cstr(rec, LT_F_EVENT_OUTCOME, outcome);
	return true;
}

/* ---- file share and object access ------------------------------------- */

/* Access words from AccessMask (hex), else from AccessList (%%NNNN codes or
 * the words of a CSV message). Sets the list, mask and the read/write/delete action. */
static void access_fields(struct lt_record *rec, const struct lt_winevent *ev, const char *fallback_action)
{
	enum access_class best = ACC_NONE;
	int64_t mask;
	if (get_num(ev, "AccessMask", &mask) && mask >= 0 && mask <= UINT32_MAX) {
		size_t n;
		const char *mv = get(ev, "AccessMask", &n);
		lt_rec_set_str(rec, LT_F_ACCESS_MASK, mv, n);
		const char *words[NACCESS];
		size_t nw = lt_winevent_access_words((uint32_t)mask, words, NACCESS);
		for (size_t i = 0; i < nw; i++) {
			lt_rec_add_str(rec, LT_F_ACCESS_LIST, words[i], strlen(words[i]));
			enum access_class c = word_class(words[i], strlen(words[i]));
			if (c > best)
				best = c;
		}
	} else {
		size_t n;
		const char *al = get(ev, "AccessList", &n);
		for (size_t i = 0; al && i < n;) {
			while (i < n && isspace((unsigned char)al[i]))
				i++;
			size_t s = i;
			while (i < n && !isspace((unsigned char)al[i]))
				i++;
			if (i == s)
				break;
			const char *w = al + s;
			size_t wn = i - s;
			if (wn > 2 && w[0] == '%' && w[1] == '%') {
				const char *t = lt_winevent_msgtable((unsigned)strtoul(w + 2, NULL, 10));
				if (!t)
					continue;
				w = t;
				wn = strlen(t);
			} else if (wn == 16 && memcmp(w, "Execute/Traverse", 16) == 0) {
				wn = 7;	/* the message text's form of Execute */
			} else if (word_class(w, wn) == ACC_NONE && !(wn == 11 && memcmp(w, "SYNCHRONIZE", 11) == 0) &&
				   !(wn == 14 && memcmp(w, "ACCESS_SYS_SEC", 14) == 0)) {
				continue;	/* "(or", "ListDirectory)" of the long forms */
			}
			lt_rec_add_str(rec, LT_F_ACCESS_LIST, w, wn);
			enum access_class c = word_class(w, wn);
			if (c > best)
				best = c;
		}
	}
	static const char *const names[] = { NULL, "read", "write", "delete" };
	if (names[best])
		lt_rec_set_cstr(rec, LT_F_EVENT_ACTION, names[best]);
	else if (fallback_action)
		lt_rec_set_cstr(rec, LT_F_EVENT_ACTION, fallback_action);
}

/* "\??\C:\Documents" -> "C:\Documents" */
static const char *strip_nt_prefix(const char *p, size_t *n)
{
	if (*n >= 4 && memcmp(p, "\\??\\", 4) == 0) {
		*n -= 4;
		return p + 4;
	}
	return p;
}

static void share_path(struct lt_record *rec, const struct lt_winevent *ev)
{
	size_t pn = 0, tn = 0;
	const char *p = get(ev, "ShareLocalPath", &pn);
	const char *t = get(ev, "RelativeTargetName", &tn);
	if (p)
		p = strip_nt_prefix(p, &pn);
	if (!t) {
		if (p)
			lt_rec_set_str(rec, LT_F_FILE_PATH, p, pn);
		return;
	}
	struct lt_buf b = LT_BUF_INIT;
	if (p) {
		lt_buf_append(&b, p, pn);
		if (pn && p[pn - 1] != '\\')
			lt_buf_putc(&b, '\\');
	}
	lt_buf_append(&b, t, tn);
	lt_rec_set_str(rec, LT_F_FILE_PATH, b.data, b.len);
	lt_buf_free(&b);
	const char *base = t;
	for (size_t i = 0; i < tn; i++)
		if (t[i] == '\\')
			base = t + i + 1;
	if (base < t + tn)
		lt_rec_set_str(rec, LT_F_FILE_NAME, base, (size_t)(t + tn - base));
}

/* The object an access event is about. 4656/4663 also audit registry keys
 * and other kernel objects, 5140/5145 also the IPC$ share of named pipes:
 * neither is a file, and file rules must not count them. */
enum access_object { OBJ_FILE, OBJ_REGISTRY, OBJ_PIPE, OBJ_OTHER };

static bool value_is(const struct lt_winevent *ev, const char *name, const char *want)
{
	size_t n;
	const char *v = get(ev, name, &n);
	return v && n == strlen(want) && strncasecmp(v, want, n) == 0;
}

static bool value_ends(const struct lt_winevent *ev, const char *name, const char *tail)
{
	size_t n, m = strlen(tail);
	const char *v = get(ev, name, &n);
	return v && n >= m && strncasecmp(v + n - m, tail, m) == 0;
}

static enum access_object access_object(const struct lt_winevent *ev)
{
	switch (ev->event_id) {
	case 4656:
	case 4663:
	case 4660: {
		size_t n;
		if (!get(ev, "ObjectType", &n) || value_is(ev, "ObjectType", "File") ||
		    value_is(ev, "ObjectType", "Directory"))
			return OBJ_FILE;
		return value_is(ev, "ObjectType", "Key") ? OBJ_REGISTRY : OBJ_OTHER;
	}
	case 5140:
	case 5145:
		return value_ends(ev, "ShareName", "\\IPC$") ? OBJ_PIPE : OBJ_FILE;
	default:
		return OBJ_FILE;
	}
}

static bool map_file(const struct lt_winevent *ev, struct lt_record *rec)
{
	if (access_object(ev) != OBJ_FILE)
		return false;	/* map_object */
	switch (ev->event_id) {
	case 4656:
	case 4663:
		category(rec, "file", "access", NULL);
		access_fields(rec, ev, ev->event_id == 4656 ? "handle-requested" : "accessed");
		copy(rec, LT_F_OBJECT_TYPE, ev, "ObjectType");
		if (copy(rec, LT_F_FILE_PATH, ev, "ObjectName")) {
			size_t n;
			const char *p = get(ev, "ObjectName", &n);
			const char *base = p;
			for (size_t i = 0; i < n; i++)
				if (p[i] == '\\')
					base = p + i + 1;
			if (base < p + n)
				lt_rec_set_str(rec, LT_F_FILE_NAME, base, (size_t)(p + n - base));
		}
		process_fields(rec, ev);
		break;
	case 4660:
		category(rec, "file", "deletion", "delete");
		copy(rec, LT_F_OBJECT_TYPE, ev, "ObjectType");
		process_fields(rec, ev);
		break;
	case 5140:
	case 5145:
		category(rec, "file", "access", NULL);
		lt_rec_add_str(rec, LT_F_EVENT_CATEGORY, "network", 7);
		access_fields(rec, ev, "share-accessed");
		copy(rec, LT_F_OBJECT_TYPE, ev, "ObjectType");
		copy(rec, LT_F_SHARE_NAME, ev, "ShareName");
		copy(rec, LT_F_SHARE_PATH, ev, "ShareLocalPath");
		copy(rec, LT_F_SHARE_TARGET, ev, "RelativeTargetName");
		share_path(rec, ev);
		source_address(rec, ev, "IpAddress", "IpPort");
		break;
	case 5142:
	case 5143:
		category(rec, "configuration", ev->event_id == 5142 ? "creation" : "change",
			 ev->event_id == 5142 ? "share-added" : "share-modified");
		copy(rec, LT_F_SHARE_NAME, ev, "ShareName");
		copy(rec, LT_F_SHARE_PATH, ev, "ShareLocalPath");
		share_path(rec, ev);
		break;
	default:
		return false;
	}
	user_fields(rec, ev, "Subject");
	copy_logon_id(rec, ev, "SubjectLogonId");
	const char *o = keyword_outcome(ev);
	lt_rec_set_cstr(rec, LT_F_EVENT_OUTCOME, o ? o : "success");
	/* A failure audit of an access check (a handle request, an access, a
	 * share or share-object check) is Windows refusing the user: the
	 * record that the restriction worked (doc/handover.md). */
	bool access_check = ev->event_id == 4656 || ev->event_id == 4663 || ev->event_id == 5140 ||
			    ev->event_id == 5145;
	if (o && strcmp(o, "failure") == 0 && access_check)
		lt_rec_add_str(rec, LT_F_EVENT_TYPE, "denied", 6);
	return true;
}

/* ---- removable media -------------------------------------------------- */

/* Case-insensitive search in s[0..n). */
static const char *find_ci(const char *s, size_t n, const char *pat)
{
	size_t m = strlen(pat);
	for (size_t i = 0; i + m <= n; i++)
		if (strncasecmp(s + i, pat, m) == 0)
			return s + i;
	return NULL;
}

static size_t span_until(const char *p, const char *end, const char *stops)
{
	size_t k = 0;
	while (p + k < end && !strchr(stops, p[k]))
		k++;
	return k;
}

/* Vendor, product, revision and serial from a device instance id:
 *   USBSTOR\Disk&Ven_JetFlash&Prod_Transcend_64GB&Rev_1100\1234567890ABCDEF&0
 *   USB\VID_0781&PID_5567\4C530001230528110412
 *   WPDBUSENUMROOT\UMB\2&37c186b&0&STORAGE#VOLUME#_??_USBSTOR#DISK&VEN_X&PROD_Y&REV_1.00#SERIAL&0#{guid}
 * The serial is the instance part after the hardware id; Windows appends
 * "&0" (the LUN) to a real serial, and an id whose second character is '&'
 * was made up by Windows because the device has no serial: not reported. */
static void device_id_fields(struct lt_record *rec, const char *id, size_t n)
{
	const char *end = id + n;
	const char *hw_end = NULL;
	const char *v = find_ci(id, n, "VEN_");
	if (v) {
		size_t k = span_until(v + 4, end, "&\\#");
		if (k)
			lt_rec_set_str(rec, LT_F_USB_VENDOR, v + 4, k);
		const char *p = find_ci(v, (size_t)(end - v), "PROD_");
		if (p) {
			k = span_until(p + 5, end, "&\\#");
			if (k)
				lt_rec_set_str(rec, LT_F_USB_PRODUCT, p + 5, k);
			const char *r = find_ci(p, (size_t)(end - p), "REV_");
			if (r) {
				k = span_until(r + 4, end, "&\\#");
				if (k)
					lt_rec_set_str(rec, LT_F_USB_REVISION, r + 4, k);
				hw_end = r + 4 + k;
			} else {
				hw_end = p + 5 + k;
			}
		}
	}
	const char *vid = find_ci(id, n, "VID_");
	if (vid) {
		size_t k = span_until(vid + 4, end, "&\\#");
		if (k)
			lt_rec_set_str(rec, LT_F_USB_VENDOR_ID, vid + 4, k);
		const char *pid = find_ci(vid, (size_t)(end - vid), "PID_");
		if (pid) {
			k = span_until(pid + 4, end, "&\\#");
			if (k)
				lt_rec_set_str(rec, LT_F_USB_PRODUCT_ID, pid + 4, k);
			if (!hw_end)
				hw_end = pid + 4 + k;
		}
	}
	if (!hw_end)
		hw_end = find_ci(id, n, "USB") ? memchr(id, '\\', n) : NULL;
	if (!hw_end || hw_end >= end)
		return;
	/* skip to the separator that ends the hardware id */
	hw_end += span_until(hw_end, end, "\\#");
	if (hw_end >= end)
		return;
	const char *s = hw_end + 1;
	size_t k = span_until(s, end, "\\#");
	if (k >= 2 && s[1] == '&')
		return;
	if (k > 2 && s[k - 2] == '&' && isdigit((unsigned char)s[k - 1]))
		k -= 2;
	if (k)
		lt_rec_set_str(rec, LT_F_USB_SERIAL, s, k);
}

static void device_fields(struct lt_record *rec, const struct lt_winevent *ev, const char *idname)
{
	size_t n;
	const char *id = get(ev, idname, &n);
	if (!id)
		return;
	lt_rec_set_str(rec, LT_F_USB_DEVICE_ID, id, n);
	device_id_fields(rec, id, n);
	if (find_ci(id, n, "USBSTOR"))
		lt_rec_set_bool(rec, LT_F_USB_STORAGE, true);
	if (find_ci(id, n, "USB"))
		lt_rec_set_cstr(rec, LT_F_USB_BUS_TYPE, "USB");
}

/* The subject of a device event is the machine account (PC$) or SYSTEM:
 * that is no person, so user.name is only set for a real account. */
static void device_user(struct lt_record *rec, const struct lt_winevent *ev)
{
	size_t n;
	const char *u = get(ev, "SubjectUserName", &n);
	if (u && u[n - 1] != '$') {
		lt_rec_set_str(rec, LT_F_USER_NAME, u, n);
		copy(rec, LT_F_USER_DOMAIN, ev, "SubjectDomainName");
	}
	copy(rec, LT_F_USER_ID, ev, "SubjectUserSid");
}

static bool provider_is(const struct lt_winevent *ev, const char *name)
{
	const char *p = lt_winevent_str(ev, LT_WE_PROVIDER, NULL);
	return p && strcasecmp(p, name) == 0;
}

/* STORAGE_BUS_TYPE (winioctl.h), named like the Linux usb-storage parser's "USB". */
static const char *bus_type_name(int64_t t)
{
	static const char *const names[] = {
		"Unknown", "SCSI", "ATAPI", "ATA", "1394", "SSA", "Fibre", "USB", "RAID", "iSCSI", "SAS", "SATA",
		"SD", "MMC", "Virtual", "FileBackedVirtual", "Spaces", "NVMe", "SCM", "UFS",
	};
	if (t < 0 || t >= (int64_t)(sizeof(names) / sizeof(names[0])))
		return NULL;
	return names[t];
}

static bool map_usb(const struct lt_winevent *ev, struct lt_record *rec)
{
	if (ev->event_id == 6416 && provider_is(ev, "Microsoft-Windows-Security-Auditing")) {
		category(rec, "host", "info", "device-recognized");
		device_fields(rec, ev, "DeviceId");
		copy(rec, LT_F_USB_DESCRIPTION, ev, "DeviceDescription");
		copy(rec, LT_F_USB_CLASS, ev, "ClassName");
		device_user(rec, ev);
	} else if ((ev->event_id == 400 || ev->event_id == 410) && provider_is(ev, "Microsoft-Windows-Kernel-PnP")) {
		category(rec, "host", ev->event_id == 400 ? "installation" : "start",
			 ev->event_id == 400 ? "device-configured" : "device-started");
		device_fields(rec, ev, "DeviceInstanceId");
		copy(rec, LT_F_USB_DRIVER, ev, "DriverName");
	} else if (ev->event_id == 1006 && provider_is(ev, "Microsoft-Windows-Partition")) {
		int64_t cap = 0;
		bool has_cap = get_num(ev, "Capacity", &cap);
		/* Partition/Diagnostic 1006 is written on arrival and on removal;
		 * on removal the disk reports no capacity. */
		category(rec, "host", has_cap && cap > 0 ? "connection" : "end",
			 has_cap && cap > 0 ? "disk-attached" : "disk-removed");
		copy(rec, LT_F_USB_VENDOR, ev, "Manufacturer");
		copy(rec, LT_F_USB_PRODUCT, ev, "Model");
		copy(rec, LT_F_USB_REVISION, ev, "Revision");
		copy(rec, LT_F_USB_SERIAL, ev, "SerialNumber");
		if (has_cap)
			lt_rec_set_int(rec, LT_F_USB_CAPACITY, cap);
		int64_t bus;
		if (get_num(ev, "BusType", &bus)) {
			const char *bn = bus_type_name(bus);
			if (bn)
				lt_rec_set_cstr(rec, LT_F_USB_BUS_TYPE, bn);
		}
		lt_rec_set_bool(rec, LT_F_USB_STORAGE, true);
		size_t n;
		const char *pid = get(ev, "ParentId", &n);
		if (pid) {
			lt_rec_set_str(rec, LT_F_USB_DEVICE_ID, pid, n);
			/* VID/PID of the parent when the disk hangs off a USB bridge */
			struct lt_record *r = rec;
			const char *vid = find_ci(pid, n, "VID_");
			if (vid) {
				size_t k = span_until(vid + 4, pid + n, "&\\#");
				lt_rec_set_str(r, LT_F_USB_VENDOR_ID, vid + 4, k);
				const char *pp = find_ci(vid, (size_t)(pid + n - vid), "PID_");
				if (pp)
					lt_rec_set_str(r, LT_F_USB_PRODUCT_ID, pp + 4, span_until(pp + 4, pid + n, "&\\#"));
			}
		}
	} else if ((ev->event_id == 2003 || ev->event_id == 2100 || ev->event_id == 2102) &&
		   provider_is(ev, "Microsoft-Windows-DriverFrameworks-UserMode")) {
		category(rec, "host", ev->event_id == 2003 ? "start" : "info",
			 ev->event_id == 2003 ? "device-arrival" : "device-pnp-operation");
		device_fields(rec, ev, "instance");
	} else {
		return false;
	}
	return true;
}

/* ---- print ------------------------------------------------------------ */

static bool map_print(const struct lt_winevent *ev, struct lt_record *rec)
{
	if (ev->event_id != 307 || !provider_is(ev, "Microsoft-Windows-PrintService"))
		return false;
	category(rec, "file", "info", "document-printed");
	lt_rec_set_cstr(rec, LT_F_EVENT_OUTCOME, "success");
	copy_num(rec, LT_F_PRINT_JOB_ID, ev, "Param1");
	copy(rec, LT_F_PRINT_DOCUMENT, ev, "Param2");
	copy(rec, LT_F_USER_NAME, ev, "Param3");
	size_t n;
	const char *client = get(ev, "Param4", &n);
	if (client) {
		while (n && *client == '\\') {
			client++;
			n--;
		}
		if (n)
			lt_rec_set_str(rec, LT_F_PRINT_CLIENT, client, n);
	}
	copy(rec, LT_F_PRINT_PRINTER, ev, "Param5");
	copy(rec, LT_F_PRINT_PORT, ev, "Param6");
	copy_num(rec, LT_F_PRINT_BYTES, ev, "Param7");
	copy_num(rec, LT_F_PRINT_PAGES, ev, "Param8");
	copy(rec, LT_F_USER_ID, ev, "UserSid");
	return true;
}

/* ---- objects that are no file, accounts, groups, Kerberos, processes ----- */

/* Registry keys and other kernel objects (4656/4660/4663) and named pipes
 * on IPC$ (5140/5145): kept apart from file access. */
static bool map_object(const struct lt_winevent *ev, struct lt_record *rec)
{
	enum access_object o = access_object(ev);
	if (o == OBJ_FILE)
		return false;
	if (o == OBJ_REGISTRY) {
		category(rec, "registry", "access", ev->event_id == 4660 ? "registry-key-deleted" : "registry-key-accessed");
		copy(rec, LT_F_REGISTRY_PATH, ev, "ObjectName");
	} else if (o == OBJ_PIPE) {
		category(rec, "network", "access", "named-pipe-accessed");
		copy(rec, LT_F_SHARE_NAME, ev, "ShareName");
		copy(rec, LT_F_PIPE_NAME, ev, "RelativeTargetName");
		source_address(rec, ev, "IpAddress", "IpPort");
	} else {
		category(rec, "host", "access", "object-accessed");
		copy(rec, LT_F_OBJECT_NAME, ev, "ObjectName");
	}
	copy(rec, LT_F_OBJECT_TYPE, ev, "ObjectType");
	process_fields(rec, ev);
	user_fields(rec, ev, "Subject");
	copy_logon_id(rec, ev, "SubjectLogonId");
	const char *out = keyword_outcome(ev);
	lt_rec_set_cstr(rec, LT_F_EVENT_OUTCOME, out ? out : "success");
	return true;
}

/* Security events that are neither logons nor file access: one table line
 * each (ECS categorisation as Elastic's winlogbeat documents it). */
struct sec_event {
	unsigned id;
	const char *cat, *type, *type2, *action;
	bool kerberos;			/* the account is TargetUserName, outcome from Status */
};

static const struct sec_event sec_events[] = {
	{ 4688, "process", "start", NULL, "created-process", false },
	{ 4720, "iam", "user", "creation", "added-user-account", false },
	{ 4722, "iam", "user", "change", "enabled-user-account", false },
	{ 4723, "iam", "user", "change", "changed-password", false },
	{ 4724, "iam", "user", "change", "reset-password", false },
	{ 4725, "iam", "user", "change", "disabled-user-account", false },
	{ 4726, "iam", "user", "deletion", "deleted-user-account", false },
	{ 4732, "iam", "group", "change", "added-member-to-group", false },
	{ 4733, "iam", "group", "change", "removed-member-from-group", false },
	{ 4768, "authentication", "start", NULL, "kerberos-authentication-ticket-requested", true },
	{ 4769, "authentication", "start", NULL, "kerberos-service-ticket-requested", true },
	{ 4662, "configuration", "access", NULL, "object-operation-performed", false },
	{ 4670, "iam", "change", NULL, "permissions-changed", false },
	{ 4674, "iam", "admin", NULL, "privileged-operation", false },
};

static const struct sec_event *sec_event_of(unsigned id)
{
	for (size_t i = 0; i < sizeof sec_events / sizeof sec_events[0]; i++)
		if (sec_events[i].id == id)
			return &sec_events[i];
	return NULL;
}

/* 4688: the new process, its command line and its parent. */
static void process_created(struct lt_record *rec, const struct lt_winevent *ev)
{
	size_t n;
	const char *p = get(ev, "NewProcessName", &n);
	if (p) {
		lt_rec_set_str(rec, LT_F_PROCESS_EXE, p, n);
		const char *base = p;
		for (size_t i = 0; i < n; i++)
			if (p[i] == '\\')
				base = p + i + 1;
		lt_rec_set_str(rec, LT_F_PROCESS_NAME, base, (size_t)(p + n - base));
	}
	copy(rec, LT_F_PROCESS_COMMAND_LINE, ev, "CommandLine");
	copy(rec, LT_F_PROCESS_PARENT_EXE, ev, "ParentProcessName");
}

static bool map_security_other(const struct lt_winevent *ev, struct lt_record *rec)
{
	const struct sec_event *x = sec_event_of(ev->event_id);
	if (!x)
		return false;
	category(rec, x->cat, x->type, x->action);
	if (x->type2)
		lt_rec_add_str(rec, LT_F_EVENT_TYPE, x->type2, strlen(x->type2));
	const char *outcome = "success";
	if (x->kerberos) {
		copy(rec, LT_F_USER_NAME, ev, "TargetUserName");
		copy(rec, LT_F_USER_DOMAIN, ev, "TargetDomainName");
		copy(rec, LT_F_SERVICE_NAME, ev, "ServiceName");
		source_address(rec, ev, "IpAddress", "IpPort");
		size_t sn;
		if (get(ev, "Status", &sn) && !value_is(ev, "Status", "0x0"))
			outcome = "failure";
	} else {
		user_fields(rec, ev, "Subject");
		copy_logon_id(rec, ev, "SubjectLogonId");
		copy(rec, LT_F_USER_TARGET_NAME, ev, x->id == 4732 || x->id == 4733 ? "MemberName" : "TargetUserName");
		copy(rec, LT_F_USER_TARGET_DOMAIN, ev, "TargetDomainName");
		if (x->id == 4732 || x->id == 4733)
			copy(rec, LT_F_GROUP_NAME, ev, "TargetUserName");
		if (x->id == 4688)
			process_created(rec, ev);
		copy(rec, LT_F_OBJECT_TYPE, ev, "ObjectType");
		const char *kw = keyword_outcome(ev);
		if (kw)
			outcome = kw;
	}
	lt_rec_set_cstr(rec, LT_F_EVENT_OUTCOME, outcome);
	return true;
}

/* ---- log clearing --------------------------------------------------------- */

/* 1102 (Security log cleared) and 104 (another log cleared): wiping the
 * trail is itself evidence. Family stays "windows". */
static bool map_cleared(const struct lt_winevent *ev, struct lt_record *rec)
{
	bool security = ev->event_id == 1102 && provider_is(ev, "Microsoft-Windows-Eventlog");
	bool other = ev->event_id == 104 && provider_is(ev, "Microsoft-Windows-Eventlog");
	if (!security && !other)
		return false;
	category(rec, "iam", "admin", "audit-log-cleared");
	lt_rec_add_str(rec, LT_F_EVENT_TYPE, "deletion", 8);
	lt_rec_set_cstr(rec, LT_F_EVENT_OUTCOME, "success");
	user_fields(rec, ev, "Subject");
	if (!lt_rec_get(rec, LT_F_USER_NAME)) {
		/* 104 names the account without the Subject prefix */
		copy(rec, LT_F_USER_NAME, ev, "UserName");
		copy(rec, LT_F_USER_DOMAIN, ev, "DomainName");
	}
	copy_logon_id(rec, ev, "SubjectLogonId");
	return true;
}

/* ---- accounts that are no person ------------------------------------------ */

/* SYSTEM, LOCAL/NETWORK SERVICE, ANONYMOUS LOGON, Window Manager (DWM-n),
 * font driver hosts (UMFD-n) and machine accounts (NAME$): logons by these
 * are Windows at work, not people. Judged by SID, else by name (CSV). */
static bool system_account(const struct lt_record *rec)
{
	struct lt_str id, name;
	if (lt_rec_get_str(rec, LT_F_USER_ID, &id)) {
		static const char *const sids[] = { "S-1-5-18", "S-1-5-19", "S-1-5-20", "S-1-5-7" };
		for (size_t i = 0; i < sizeof(sids) / sizeof(sids[0]); i++)
			if (id.n == strlen(sids[i]) && memcmp(id.p, sids[i], id.n) == 0)
				return true;
		if ((id.n > 9 && memcmp(id.p, "S-1-5-90-", 9) == 0) || (id.n > 9 && memcmp(id.p, "S-1-5-96-", 9) == 0))
			return true;
	}
	if (!lt_rec_get_str(rec, LT_F_USER_NAME, &name) || name.n == 0)
		return false;
	if (name.p[name.n - 1] == '$')
		return true;
	static const char *const names[] = { "SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE", "ANONYMOUS LOGON" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (name.n == strlen(names[i]) && strncasecmp(name.p, names[i], name.n) == 0)
			return true;
	return (name.n > 4 && strncasecmp(name.p, "DWM-", 4) == 0) || (name.n > 5 && strncasecmp(name.p, "UMFD-", 5) == 0);
}

/* ---- common ----------------------------------------------------------- */

/* Data item names that get their own winlog.event_data.<Name> field, so that
 * Sigma rules written for Winlogbeat field names find them. Keys must be
 * static strings (record.h), hence a fixed table; other names go to the
 * leaktrail.windows.data list as "Name=Value". Sorted for bsearch. */
#define ED(n) { #n, LT_F_WINLOG_EVENT_DATA_PREFIX #n }
static const struct {
	const char *name, *key;
} event_data_keys[] = {
	ED(AccessList), ED(AccessMask), ED(AccessReason), ED(AccountDomain), ED(AccountName),
	ED(AuthenticationPackageName), ED(BusType), ED(Capacity), ED(ClassId), ED(ClassName),
	ED(ClientAddress), ED(ClientName), ED(CompatibleIds), ED(DeviceDescription), ED(DeviceId),
	ED(DeviceInstanceId), ED(DriverName), ED(ElevatedToken), ED(FailureReason), ED(HandleId),
	ED(ImpersonationLevel), ED(IpAddress), ED(IpPort), ED(KeyLength), ED(LmPackageName),
	ED(LocationInformation), ED(LogonGuid), ED(LogonID), ED(LogonProcessName), ED(LogonType),
	ED(Manufacturer), ED(Model), ED(NewSD), ED(ObjectName), ED(ObjectServer), ED(ObjectType),
	ED(OldSD), ED(PackageName), ED(Param1), ED(Param2), ED(Param3), ED(Param4), ED(Param5),
	ED(Param6), ED(Param7), ED(Param8), ED(ParentId), ED(PrivilegeList), ED(ProcessId),
	ED(ProcessName), ED(RelativeTargetName), ED(RestrictedAdminMode), ED(Revision),
	ED(SerialNumber), ED(SessionName), ED(ShareLocalPath), ED(ShareName), ED(Status),
	ED(SubStatus), ED(SubjectDomainName), ED(SubjectLogonId), ED(SubjectUserName),
	ED(SubjectUserSid), ED(TargetDomainName), ED(TargetInfo), ED(TargetLinkedLogonId),
	ED(TargetLogonId), ED(TargetOutboundDomainName), ED(TargetOutboundUserName),
	ED(TargetServerName), ED(TargetSid), ED(TargetUserName), ED(TargetUserSid),
	ED(TransmittedServices), ED(VendorIds), ED(VirtualAccount), ED(Workstation),
	ED(WorkstationName), ED(instance),
};
#undef ED
#define NEDKEYS (sizeof(event_data_keys) / sizeof(event_data_keys[0]))

static const char *event_data_key(const char *name)
{
	size_t lo = 0, hi = NEDKEYS;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, event_data_keys[mid].name);
		if (c == 0)
			return event_data_keys[mid].key;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

static void common_fields(const struct lt_winevent *ev, struct lt_record *rec)
{
	size_t n;
	const char *s;
	if (ev->time != LT_TIME_NONE)
		lt_rec_set_time(rec, LT_F_TIMESTAMP, ev->time);
	s = lt_winevent_str(ev, LT_WE_TIME_TEXT, &n);
	if (s)
		lt_rec_set_str(rec, LT_F_TIME_TEXT, s, n);
	if (ev->time_zone)
		lt_rec_set_cstr(rec, LT_F_TIME_ZONE, ev->time_zone);
	lt_rec_set_cstr(rec, LT_F_EVENT_KIND, "event");
	char code[16];
	snprintf(code, sizeof(code), "%u", (unsigned)ev->event_id);
	lt_rec_set_cstr(rec, LT_F_EVENT_CODE, code);
	s = lt_winevent_str(ev, LT_WE_PROVIDER, &n);
	if (s)
		lt_rec_set_str(rec, LT_F_EVENT_PROVIDER, s, n);
	s = lt_winevent_str(ev, LT_WE_CHANNEL, &n);
	if (s && n)
		lt_rec_set_str(rec, LT_F_WINLOG_CHANNEL, s, n);
	if (ev->has_record_id)
		lt_rec_set_int(rec, LT_F_WINLOG_RECORD_ID, (int64_t)ev->record_id);
	s = lt_winevent_str(ev, LT_WE_COMPUTER, &n);
	if (s && n)
		lt_rec_set_str(rec, LT_F_HOST_NAME, s, n);
	s = lt_winevent_str(ev, LT_WE_USER_SID, &n);
	if (s && n)
		lt_rec_set_str(rec, LT_F_WINLOG_USER_ID, s, n);
	s = lt_winevent_str(ev, LT_WE_KEYWORDS, &n);
	if (s && n)
		lt_rec_set_str(rec, LT_F_WINLOG_KEYWORDS, s, n);
	s = lt_winevent_str(ev, LT_WE_LEVEL, &n);
	if (s && n)
		lt_rec_set_str(rec, LT_F_WINLOG_LEVEL, s, n);
	s = lt_winevent_str(ev, LT_WE_TASK, &n);
	if (s && n)
		lt_rec_set_str(rec, LT_F_WINLOG_TASK, s, n);
	s = lt_winevent_str(ev, LT_WE_MESSAGE, &n);
	if (s && n)
		lt_rec_set_str(rec, LT_F_MESSAGE, s, n);
	if (ev->recovered)
		lt_rec_set_bool(rec, LT_F_WIN_RECOVERED, true);
	if (ev->render_error)
		lt_rec_set_cstr(rec, LT_F_WIN_RENDER_ERROR, ev->render_error);
	struct lt_buf item = LT_BUF_INIT;
	for (size_t i = 0; i < ev->ndata; i++) {
		const char *name = ev->pool.data + ev->data[i].name;
		const char *val = ev->pool.data + ev->data[i].value;
		const char *key = event_data_key(name);
		if (key && !lt_rec_get(rec, key)) {
			lt_rec_set_str(rec, key, val, ev->data[i].value_len);
			continue;
		}
		lt_buf_reset(&item);
		lt_buf_puts(&item, name);
		lt_buf_putc(&item, '=');
		lt_buf_append(&item, val, ev->data[i].value_len);
		lt_rec_add_str(rec, LT_F_WIN_DATA, item.data, item.len);
	}
	lt_buf_free(&item);
}

/* ---- Sigma's Windows field names (doc/record-format.md) ------------------ */

static void sigma_prop(struct lt_record *rec, const char *key, const struct lt_winevent *ev, enum lt_we_prop p)
{
	size_t n;
	const char *s = lt_winevent_str(ev, p, &n);
	if (s)
		lt_rec_set_str(rec, key, s, n);
}

/* The key for a data item named name: the name itself, or name_1, name_2 ...
 * when an earlier item (or a System field) already holds it, as the evtx
 * crate's JSON (read by Chainsaw and Hayabusa) numbers repeated names.
 * NULL when the intern table is full: the value stays in leaktrail.windows.data. */
static const char *data_item_key(const struct lt_record *rec, const char *raw)
{
	/* Defender writes "Threat Name", "Process Name": Sigma's rules read
	 * them without the spaces (ThreatName) */
	char name[LT_INTERN_MAXLEN + 1];
	size_t n = 0;
	for (const char *p = raw; *p && n < LT_INTERN_MAXLEN; p++)
		if (*p != ' ')
			name[n++] = *p;
	name[n] = 0;
	const char *key = lt_intern(name, n);
	char alt[LT_INTERN_MAXLEN + 16];
	for (unsigned k = 1; key && lt_rec_get(rec, key) && k < 100; k++) {
		int an = snprintf(alt, sizeof alt, "%s_%u", name, k);
		key = an > 0 && (size_t)an < sizeof alt ? lt_intern(alt, (size_t)an) : NULL;
	}
	return key && !lt_rec_get(rec, key) ? key : NULL;
}

/* System properties and every EventData/UserData item under the names Sigma
 * rules use, beside the ECS fields. Empty values are kept: `CommandLine: ''`
 * must find an empty command line. Unnamed <Data> values form the list "Data". */
static void sigma_fields(const struct lt_winevent *ev, struct lt_record *rec)
{
	lt_rec_set_int(rec, "EventID", (int64_t)ev->event_id);
	sigma_prop(rec, "Channel", ev, LT_WE_CHANNEL);
	sigma_prop(rec, "Provider_Name", ev, LT_WE_PROVIDER);
	sigma_prop(rec, "Computer", ev, LT_WE_COMPUTER);
	sigma_prop(rec, "Level", ev, LT_WE_LEVEL);
	sigma_prop(rec, "Keywords", ev, LT_WE_KEYWORDS);
	sigma_prop(rec, "Task", ev, LT_WE_TASK);
	sigma_prop(rec, "Opcode", ev, LT_WE_OPCODE);
	sigma_prop(rec, "TimeCreated", ev, LT_WE_TIME_TEXT);
	if (ev->has_record_id)
		lt_rec_set_int(rec, "EventRecordID", (int64_t)ev->record_id);
	for (size_t i = 0; i < ev->ndata; i++) {
		const char *val = ev->pool.data + ev->data[i].value;
		size_t vn = ev->data[i].value_len;
		if (ev->data[i].unnamed) {
			lt_rec_add_str(rec, "Data", val, vn);
			continue;
		}
		const char *key = data_item_key(rec, ev->pool.data + ev->data[i].name);
		if (key)
			lt_rec_set_str(rec, key, val, vn);
	}
}

void lt_winevent_to_record(const struct lt_winevent *ev, struct lt_record *rec)
{
	common_fields(ev, rec);
	sigma_fields(ev, rec);
	/* leaktrail.family is what a rule's logsource "product" matches
	 * (doc/rules.md): the family of the event, not of the file format */
	const char *family = "windows";
	bool security = provider_is(ev, "Microsoft-Windows-Security-Auditing");
	if (security && map_logon(ev, rec))
		family = "logon";
	else if (security && map_file(ev, rec))
		family = "fileserver";
	else if (map_usb(ev, rec))
		family = "usb";
	else if (map_print(ev, rec))
		family = "print";
	bool mapped = strcmp(family, "windows") != 0 || (security && map_object(ev, rec)) ||
		      (security && map_security_other(ev, rec)) || map_cleared(ev, rec);
	lt_rec_set_cstr(rec, LT_F_FAMILY, family);
	lt_rec_set_bool(rec, LT_F_WIN_MAPPED, mapped);
	if (system_account(rec))
		lt_rec_set_bool(rec, LT_F_WIN_SYSTEM_ACCOUNT, true);
}
