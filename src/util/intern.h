/* Interned strings: one process-lifetime copy per distinct text, for names
 * that must outlive every record that uses them as field keys (record.h
 * wants static keys; Windows EventData names are only known at run time).
 *
 * Ownership: the table owns every string it hands out; they are never freed
 * and stay valid until the process ends. The table is bounded (LT_INTERN_MAX
 * strings, LT_INTERN_MAXLEN bytes each) so hostile input cannot grow it
 * without end: past the bound lt_intern returns NULL and the caller keeps
 * the value another way. Safe to call from several threads.
 */
#ifndef LT_INTERN_H
#define LT_INTERN_H
#include <stddef.h>

#define LT_INTERN_MAX 8192
#define LT_INTERN_MAXLEN 128

/* The interned copy of s[0..n) (NUL-terminated), or NULL when the table is
 * full or n is 0 or above LT_INTERN_MAXLEN. */
const char *lt_intern(const char *s, size_t n);

#endif
