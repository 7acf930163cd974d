/* DIR.zip next to a written package (--zip): every file of DIR under the
 * folder's base name, sorted by path, each with the case's date as its time
 * and mode 0644, so that the same package gives the same zip bytes.
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_HS_ZIP_H
#define LT_HS_ZIP_H
#include <stddef.h>

/* 0, or -1 with err set. date: ISO 8601 UTC ("2026-11-25T08:00:00Z"). */
int hs_write_zip(const char *dir, const char *date, char *err, size_t errlen);

#endif
