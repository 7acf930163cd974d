/* jansson values for text and times that come from evidence. Each call
 * returns a new reference (json_t with refcount 1) that the caller owns and
 * releases with json_decref, or hands to a container with *_set_new.
 */
#ifndef LT_JSONTEXT_H
#define LT_JSONTEXT_H
#include <jansson.h>
#include <stddef.h>

#include "util/timeutil.h"

/* A time as an ISO 8601 UTC JSON string ("2026-11-25T08:01:02.000000Z"), or null. */
json_t *lt_json_time(lt_time_us t);
/* A string that may hold invalid UTF-8 (paths, sample lines): bad bytes become U+FFFD. */
json_t *lt_json_text(const char *s, size_t n);
json_t *lt_json_ctext(const char *s);

#endif
