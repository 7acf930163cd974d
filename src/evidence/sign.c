/* Ed25519 manifest signatures and RFC 3161 time-stamp requests (sign.h). */
#include "evidence/sign.h"

#include <errno.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "evidence/casefile.h"
#include "util/buf.h"
#include "util/xalloc.h"

static void ssl_err(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "";
	if (e)
		ERR_error_string_n(e, buf, sizeof buf);
	snprintf(err, errlen, "%s%s%s", what, *buf ? ": " : "", buf);
	ERR_clear_error();
}

static int manifest_bytes(const char *case_dir, struct lt_buf *b, char *err, size_t errlen)
{
	char *p = lt_case_path(case_dir, "manifest.json");
	int rc = lt_buf_load_file(b, p, err, errlen);
	free(p);
	return rc;
}

int lt_sign_manifest(const char *case_dir, const char *key_pem, char *err, size_t errlen)
{
	FILE *kf = fopen(key_pem, "rb");
	if (!kf) {
		snprintf(err, errlen, "%s: %s", key_pem, strerror(errno));
		return -1;
	}
	EVP_PKEY *key = PEM_read_PrivateKey(kf, NULL, NULL, NULL);
	fclose(kf);
	if (!key) {
		ssl_err(err, errlen, "cannot read the private key (PEM)");
		return -1;
	}
	if (EVP_PKEY_get_id(key) != EVP_PKEY_ED25519) {
		snprintf(err, errlen, "%s: not an Ed25519 key (openssl genpkey -algorithm ed25519)", key_pem);
		EVP_PKEY_free(key);
		return -1;
	}
	struct lt_buf m = LT_BUF_INIT;
	int rc = manifest_bytes(case_dir, &m, err, errlen);
	unsigned char sig[64];
	size_t siglen = sizeof sig;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (rc == 0 && (EVP_DigestSignInit(ctx, NULL, NULL, NULL, key) != 1 ||
			EVP_DigestSign(ctx, sig, &siglen, (const unsigned char *)m.data, m.len) != 1)) {
		ssl_err(err, errlen, "signing failed");
		rc = -1;
	}
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(key);
	lt_buf_free(&m);
	if (rc == 0) {
		char *p = lt_case_path(case_dir, "manifest.sig");
		rc = lt_case_write_atomic(p, sig, siglen);
		if (rc != 0)
			snprintf(err, errlen, "%s: %s", p, strerror(errno));
		free(p);
	}
	return rc;
}

int lt_verify_manifest_sig(const char *case_dir, const char *pub_pem, char *err, size_t errlen)
{
	FILE *kf = fopen(pub_pem, "rb");
	if (!kf) {
		snprintf(err, errlen, "%s: %s", pub_pem, strerror(errno));
		return -1;
	}
	EVP_PKEY *key = PEM_read_PUBKEY(kf, NULL, NULL, NULL);
	fclose(kf);
	if (!key) {
		ssl_err(err, errlen, "cannot read the public key (PEM)");
		return -1;
	}
	struct lt_buf m = LT_BUF_INIT, s = LT_BUF_INIT;
	char *sp = lt_case_path(case_dir, "manifest.sig");
	int rc = manifest_bytes(case_dir, &m, err, errlen);
	if (rc == 0 && lt_buf_load_file(&s, sp, err, errlen) != 0)
		rc = 1;	/* no signature where one is asked for: a difference */
	if (rc == 0) {
		EVP_MD_CTX *ctx = EVP_MD_CTX_new();
		if (EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, key) != 1) {
			ssl_err(err, errlen, "cannot use the public key");
			rc = -1;
		} else if (EVP_DigestVerify(ctx, (const unsigned char *)s.data, s.len,
					    (const unsigned char *)m.data, m.len) != 1) {
			snprintf(err, errlen, "manifest.sig is not a valid signature of manifest.json by this key");
			ERR_clear_error();
			rc = 1;
		}
		EVP_MD_CTX_free(ctx);
	}
	free(sp);
	lt_buf_free(&m);
	lt_buf_free(&s);
	EVP_PKEY_free(key);
	return rc;
}

int lt_tsq_write(const char *case_dir, char *err, size_t errlen)
{
	struct lt_buf m = LT_BUF_INIT;
	if (manifest_bytes(case_dir, &m, err, errlen) != 0)
		return -1;
	unsigned char digest[32];
	unsigned dlen = 0;
	EVP_Digest(m.data, m.len, digest, &dlen, EVP_sha256(), NULL);
	lt_buf_free(&m);

	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *imp = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	TS_MSG_IMPRINT_set_algo(imp, alg);
	TS_MSG_IMPRINT_set_msg(imp, digest, (int)dlen);
	TS_REQ_set_version(req, 1);
	TS_REQ_set_msg_imprint(req, imp);
	TS_REQ_set_cert_req(req, 1);
	unsigned char nb[8];
	RAND_bytes(nb, sizeof nb);
	nb[0] &= 0x7f;	/* a positive INTEGER */
	BIGNUM *bn = BN_bin2bn(nb, sizeof nb, NULL);
	ASN1_INTEGER *nonce = BN_to_ASN1_INTEGER(bn, NULL);
	TS_REQ_set_nonce(req, nonce);
	unsigned char *der = NULL;
	int len = i2d_TS_REQ(req, &der);
	int rc = 0;
	if (len <= 0) {
		ssl_err(err, errlen, "cannot encode the time-stamp request");
		rc = -1;
	} else {
		char *p = lt_case_path(case_dir, "manifest.tsq");
		rc = lt_case_write_atomic(p, der, (size_t)len);
		if (rc != 0)
			snprintf(err, errlen, "%s: %s", p, strerror(errno));
		free(p);
	}
	OPENSSL_free(der);
	ASN1_INTEGER_free(nonce);
	BN_free(bn);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(imp);
	TS_REQ_free(req);
	return rc;
}

static X509_STORE *load_store(const char *ca_pem, char *err, size_t errlen)
{
	X509_STORE *store = X509_STORE_new();
	if (X509_STORE_load_file(store, ca_pem) != 1) {
		ssl_err(err, errlen, "cannot load the CA certificate(s)");
		X509_STORE_free(store);
		return NULL;
	}
	return store;
}

static STACK_OF(X509) *load_certs(const char *pem, char *err, size_t errlen)
{
	FILE *f = fopen(pem, "rb");
	if (!f) {
		snprintf(err, errlen, "%s: %s", pem, strerror(errno));
		return NULL;
	}
	STACK_OF(X509) *sk = sk_X509_new_null();
	for (;;) {
		X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
		if (!x)
			break;
		sk_X509_push(sk, x);
	}
	ERR_clear_error();
	fclose(f);
	return sk;
}

static int read_der(const char *case_dir, const char *name, struct lt_buf *b, char *err, size_t errlen)
{
	char *p = lt_case_path(case_dir, name);
	int rc = lt_buf_load_file(b, p, err, errlen);
	free(p);
	return rc;
}

int lt_tsr_verify(const char *case_dir, const char *ca_pem, const char *tsa_pem, char *err, size_t errlen)
{
	struct lt_buf q = LT_BUF_INIT, r = LT_BUF_INIT, m = LT_BUF_INIT;
	if (read_der(case_dir, "manifest.tsq", &q, err, errlen) != 0 ||
	    read_der(case_dir, "manifest.tsr", &r, err, errlen) != 0) {
		lt_buf_free(&q);
		lt_buf_free(&r);
		return 1;
	}
	int rc = manifest_bytes(case_dir, &m, err, errlen);
	const unsigned char *qp = (const unsigned char *)q.data, *rp = (const unsigned char *)r.data;
	TS_REQ *req = rc == 0 ? d2i_TS_REQ(NULL, &qp, (long)q.len) : NULL;
	TS_RESP *resp = rc == 0 ? d2i_TS_RESP(NULL, &rp, (long)r.len) : NULL;
	if (rc == 0 && (!req || !resp)) {
		snprintf(err, errlen, "%s is not DER-encoded", !req ? "manifest.tsq" : "manifest.tsr");
		rc = 1;
	}
	if (rc == 0) {
		/* The request must be over the manifest as it is now. */
		unsigned char digest[32];
		unsigned dlen = 0;
		EVP_Digest(m.data, m.len, digest, &dlen, EVP_sha256(), NULL);
		ASN1_OCTET_STRING *msg = TS_MSG_IMPRINT_get_msg(TS_REQ_get_msg_imprint(req));
		if (ASN1_STRING_length(msg) != (int)dlen || memcmp(ASN1_STRING_get0_data(msg), digest, dlen) != 0) {
			snprintf(err, errlen, "manifest.tsq is not over the current manifest.json (changed since?)");
			rc = 1;
		}
	}
	X509_STORE *store = NULL;
	STACK_OF(X509) *certs = NULL;
	if (rc == 0) {
		store = load_store(ca_pem, err, errlen);
		if (!store)
			rc = -1;
	}
	if (rc == 0 && tsa_pem) {
		certs = load_certs(tsa_pem, err, errlen);
		if (!certs)
			rc = -1;
	}
	if (rc == 0) {
		TS_VERIFY_CTX *ctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL);
		/* The request-derived context checks version, imprint and nonce
		 * but not the signature: ask for that too (as openssl ts -verify). */
		TS_VERIFY_CTX_add_flags(ctx, TS_VFY_SIGNATURE);
		TS_VERIFY_CTX_set_store(ctx, store);
		store = NULL;	/* owned by ctx now */
		if (certs) {
			TS_VERIFY_CTX_set_certs(ctx, certs);
			certs = NULL;
		}
		if (TS_RESP_verify_response(ctx, resp) != 1) {
			ssl_err(err, errlen, "manifest.tsr does not verify");
			rc = 1;
		}
		TS_VERIFY_CTX_free(ctx);
	}
	X509_STORE_free(store);
	sk_X509_pop_free(certs, X509_free);
	TS_REQ_free(req);
	TS_RESP_free(resp);
	lt_buf_free(&q);
	lt_buf_free(&r);
	lt_buf_free(&m);
	return rc;
}
