/* Ed25519 signatures over one file of a package (SHA256SUMS), so that
 *   openssl pkeyutl -verify -pubin -inkey signer.pub.pem -rawin \
 *       -in SHA256SUMS -sigfile SHA256SUMS.sig
 * checks it (doc/handover.md).
 *
 * Ownership: nothing is retained; errors go into err.
 */
#ifndef LT_PKGSIGN_H
#define LT_PKGSIGN_H
#include <stddef.h>

/* Write the public half of the private key key_pem as PEM to pub_path. */
int lt_pkg_write_pub(const char *key_pem, const char *pub_path, char *err, size_t errlen);
/* Sign path with the private key key_pem into sig_path (64 raw bytes).
 * 0, or -1 with err set. */
int lt_pkg_sign(const char *path, const char *key_pem, const char *sig_path, char *err, size_t errlen);
/* 0 good, 1 bad signature, -1 cannot check (err). */
int lt_pkg_sig_verify(const char *path, const char *sig_path, const char *pub_pem, char *err, size_t errlen);

#endif
