/* Signing and time-stamping the case manifest.
 *
 * Signature: Ed25519 (OpenSSL EVP, "pure" Ed25519 over the bytes of
 * CASE/manifest.json), stored raw (64 bytes) in CASE/manifest.sig, so that
 *   openssl pkeyutl -verify -pubin -inkey pub.pem -rawin \
 *       -in CASE/manifest.json -sigfile CASE/manifest.sig
 * checks it. Keys: openssl genpkey -algorithm ed25519 -out key.pem;
 * openssl pkey -in key.pem -pubout -out pub.pem (doc/evidence.md).
 *
 * Time-stamp: an RFC 3161 request (DER) over the SHA-256 of manifest.json,
 * with a nonce and a request for the TSA's certificate, in CASE/manifest.tsq;
 * the TSA's reply goes to CASE/manifest.tsr and lt_tsr_verify checks it
 * against the request and the current manifest bytes.
 *
 * Any later change of manifest.json (every export adds to "outputs")
 * invalidates both: sign as the last step (leaktrail sign CASE).
 *
 * Ownership: nothing is retained; errors are written into err.
 */
#ifndef LT_SIGN_H
#define LT_SIGN_H
#include <stddef.h>

int lt_sign_manifest(const char *case_dir, const char *key_pem, char *err, size_t errlen);
/* 0 = good signature, 1 = bad or missing signature, -1 = cannot check (err). */
int lt_verify_manifest_sig(const char *case_dir, const char *pub_pem, char *err, size_t errlen);
int lt_tsq_write(const char *case_dir, char *err, size_t errlen);
/* Verify CASE/manifest.tsr against CASE/manifest.tsq, the manifest's current
 * digest, the CA certificate(s) in ca_pem and (optionally) the TSA
 * certificate(s) in tsa_pem. 0 = good, 1 = differs, -1 = cannot check. */
int lt_tsr_verify(const char *case_dir, const char *ca_pem, const char *tsa_pem, char *err, size_t errlen);

#endif
