/* Ed25519 over a package file (pkgsign.h). */
#include "handover/pkgsign.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/atomicfile.h"
#include "util/buf.h"

static EVP_PKEY *read_key(const char *pem, int private_key, char *err, size_t errlen)
{
	FILE *f = fopen(pem, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", pem, strerror(errno));
		return NULL;
	}
	EVP_PKEY *k = private_key ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (!k || EVP_PKEY_get_id(k) != EVP_PKEY_ED25519) {
		snprintf(err, errlen, "%s: not an Ed25519 %s key (PEM)", pem, private_key ? "private" : "public");
		EVP_PKEY_free(k);
		ERR_clear_error();
		return NULL;
	}
	return k;
}

static int write_pub(EVP_PKEY *k, const char *pub_path, char *err, size_t errlen)
{
	FILE *f = fopen(pub_path, "w");
	int ok = f && PEM_write_PUBKEY(f, k) == 1;
	if (f && fclose(f) != 0)
		ok = 0;
	if (!ok)
		snprintf(err, errlen, "%s: cannot write the public key", pub_path);
	return ok ? 0 : -1;
}

int lt_pkg_write_pub(const char *key_pem, const char *pub_path, char *err, size_t errlen)
{
	EVP_PKEY *k = read_key(key_pem, 1, err, errlen);
	if (!k)
		return -1;
	int rc = write_pub(k, pub_path, err, errlen);
	EVP_PKEY_free(k);
	return rc;
}

int lt_pkg_sign(const char *path, const char *key_pem, const char *sig_path, char *err, size_t errlen)
{
	EVP_PKEY *k = read_key(key_pem, 1, err, errlen);
	if (!k)
		return -1;
	struct lt_buf msg = LT_BUF_INIT;
	unsigned char sig[64];
	size_t siglen = sizeof sig;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	int rc = lt_buf_load_file(&msg, path, err, errlen);
	if (rc == 0 && (EVP_DigestSignInit(md, NULL, NULL, NULL, k) != 1 ||
			EVP_DigestSign(md, sig, &siglen, (const unsigned char *)msg.data, msg.len) != 1)) {
		snprintf(err, errlen, "%s: signing failed", path);
		rc = -1;
	}
	if (rc == 0 && lt_write_file_atomic(sig_path, sig, siglen) != 0) {
		snprintf(err, errlen, "%s: %s", sig_path, strerror(errno));
		rc = -1;
	}
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	lt_buf_free(&msg);
	return rc;
}

int lt_pkg_sig_verify(const char *path, const char *sig_path, const char *pub_pem, char *err, size_t errlen)
{
	EVP_PKEY *k = read_key(pub_pem, 0, err, errlen);
	if (!k)
		return -1;
	struct lt_buf msg = LT_BUF_INIT, sig = LT_BUF_INIT;
	int rc = lt_buf_load_file(&msg, path, err, errlen) == 0 && lt_buf_load_file(&sig, sig_path, err, errlen) == 0
			 ? 0
			 : -1;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (rc == 0 && EVP_DigestVerifyInit(md, NULL, NULL, NULL, k) != 1)
		rc = -1;
	if (rc == 0)
		rc = EVP_DigestVerify(md, (const unsigned char *)sig.data, sig.len, (const unsigned char *)msg.data,
				      msg.len) == 1 ? 0 : 1;
	if (rc == 1)
		snprintf(err, errlen, "%s: the signature in %s does not match", path, sig_path);
	ERR_clear_error();
	EVP_MD_CTX_free(md);
	EVP_PKEY_free(k);
	lt_buf_free(&msg);
	lt_buf_free(&sig);
	return rc;
}
