#include "test_certificates.h"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace tertial::grpcutil::testing {
namespace {

EVP_PKEY* NewKey() {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_EC, nullptr);
  EVP_PKEY* key = nullptr;
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx) <= 0 ||
      EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, NID_X9_62_prime256v1) <= 0 ||
      EVP_PKEY_keygen(ctx, &key) <= 0) {
    throw std::runtime_error("key generation failed");
  }
  EVP_PKEY_CTX_free(ctx);
  return key;
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) throw std::runtime_error("bad certificate extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

X509* NewCertificate(EVP_PKEY* key, const char* common_name, long serial) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600L * 24);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  return cert;
}

std::string ToPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string out(data, size);
  BIO_free(bio);
  return out;
}

std::string ToPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string out(data, size);
  BIO_free(bio);
  return out;
}

Pem Issue(X509* ca, EVP_PKEY* ca_key, const char* common_name, long serial, bool server) {
  EVP_PKEY* key = NewKey();
  X509* cert = NewCertificate(key, common_name, serial);
  X509_set_issuer_name(cert, X509_get_subject_name(ca));
  AddExtension(cert, ca, NID_basic_constraints, "critical,CA:FALSE");
  AddExtension(cert, ca, NID_ext_key_usage, server ? "serverAuth" : "clientAuth");
  if (server) AddExtension(cert, ca, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  X509_sign(cert, ca_key, EVP_sha256());
  Pem pem{ToPem(cert), ToPem(key)};
  X509_free(cert);
  EVP_PKEY_free(key);
  return pem;
}

}  // namespace

TestPki MakeTestPki() {
  EVP_PKEY* ca_key = NewKey();
  X509* ca = NewCertificate(ca_key, "tertial test CA", 1);
  X509_set_issuer_name(ca, X509_get_subject_name(ca));
  AddExtension(ca, ca, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(ca, ca, NID_key_usage, "critical,keyCertSign,cRLSign");
  X509_sign(ca, ca_key, EVP_sha256());
  TestPki pki;
  pki.ca = {ToPem(ca), ToPem(ca_key)};
  pki.server = Issue(ca, ca_key, "localhost", 2, true);
  pki.client = Issue(ca, ca_key, "tertial-cli", 3, false);
  X509_free(ca);
  EVP_PKEY_free(ca_key);
  return pki;
}

}  // namespace tertial::grpcutil::testing
