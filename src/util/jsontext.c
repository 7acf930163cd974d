/* jansson values for evidence text and times: see jsontext.h. */
#include "util/jsontext.h"

#include <string.h>

#include "util/buf.h"
#include "util/utf8.h"

json_t *lt_json_time(lt_time_us t)
{
	if (t == LT_TIME_NONE)
		return json_null();
	char iso[LT_ISO_LEN];
	lt_time_format_utc(t, iso);
	return json_string(iso);
}

json_t *lt_json_text(const char *s, size_t n)
{
	struct lt_buf b = LT_BUF_INIT;
	lt_utf8_sanitize(s, n, &b);
	json_t *j = json_stringn(b.data ? b.data : "", b.len);
	lt_buf_free(&b);
	return j;
}

json_t *lt_json_ctext(const char *s)
{
	if (!s)
		return json_null();
	return lt_json_text(s, strlen(s));
}
