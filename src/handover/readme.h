/* README.ja.txt: what the package holds and how the recipient checks it by
 * hand (sha256sum, openssl) without leaktrail. Every command line of the
 * recipe starts with "  $ " and is run as it is by tests/e2e/handover.sh
 * from the package folder.
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_HS_README_H
#define LT_HS_README_H
#include <stdbool.h>
#include <stddef.h>

struct hsession;

/* 0, or -1 with err set. case_sig_by_key: case/manifest.sig checks with the
 * package's signer.pub.pem (then the recipe includes that check). */
int hs_write_readme(const struct hsession *s, const char *path, bool case_sig_by_key, char *err, size_t errlen);

#endif
