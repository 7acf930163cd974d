/* Section 3 of the 経緯書: the secret repositories the cited evidence
 * touched and what shows they were kept secret (秘密管理性): the label, who
 * may access them, the marked documents among the cited evidence, marked
 * documents printed or mailed.
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_HS_SECRETS_H
#define LT_HS_SECRETS_H
#include <stdbool.h>

#include "handover/doc.h"

struct hsession;

void hs_secrets(struct hsession *s, bool ja, struct lt_doc *d);

#endif
