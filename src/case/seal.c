/* Sealing a case: see seal.h. */
#include "case/seal.h"

#include <stdio.h>

#include "evidence/sign.h"
#include "util/diag.h"
#include "util/escape.h"

int lt_seal_case(const char *cmd, const char *case_dir, const char *key, char *err, unsigned long errlen)
{
	if (lt_sign_manifest(case_dir, key, err, errlen) != 0 || lt_tsq_write(case_dir, err, errlen) != 0) {
		fprintf(stderr, "leaktrail %s: error: %s\n", cmd, lt_esc(err));
		return LT_EXIT_IO;
	}
	return LT_EXIT_OK;
}
