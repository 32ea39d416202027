#include "http/self_signed_cert.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <memory>

#include "core/files.h"

namespace graphmock {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

GraphError openssl_error(const char* what) {
  char buf[256] = {0};
  unsigned long e = ERR_get_error();
  if (e) ERR_error_string_n(e, buf, sizeof buf);
  return GraphError::internal(std::string("self-signed certificate: ") + what +
                              (e ? std::string(": ") + buf : std::string()));
}

bool add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

std::string drain(BIO* bio) {
  char* data = nullptr;
  long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(n));
}

}  // namespace

Result<PemIdentity> make_self_signed_identity() {
  PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) return openssl_error("EC P-256 key generation failed");

  X509Ptr cert(X509_new());
  if (!cert) return openssl_error("X509_new failed");
  X509_set_version(cert.get(), 2);  // v3
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7F;  // a positive serial number
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 30L * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("graph-mock"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  // CA:TRUE lets clients that only accept CA certificates as trust anchors
  // (Node's NODE_EXTRA_CA_CERTS, OpenSSL's CA file) load it.
  if (!add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE") ||
      !add_extension(cert.get(), NID_key_usage, "critical,digitalSignature,keyCertSign") ||
      !add_extension(cert.get(), NID_ext_key_usage, "serverAuth") ||
      !add_extension(cert.get(), NID_subject_key_identifier, "hash") ||
      !add_extension(cert.get(), NID_subject_alt_name, "IP:127.0.0.1,IP:::1,DNS:localhost"))
    return openssl_error("adding X509v3 extensions failed");
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0) return openssl_error("signing failed");

  BioPtr cert_bio(BIO_new(BIO_s_mem())), key_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1)
    return openssl_error("PEM encoding failed");
  return PemIdentity{drain(cert_bio.get()), drain(key_bio.get())};
}

Status prepare_tls(const std::string& cert_out, FrontOptions& f) {
  std::string cert_pem;
  if (f.cert_file.empty()) {
    auto identity = make_self_signed_identity();
    if (!identity) return identity.error();
    cert_pem = f.cert_pem = identity->cert_pem;
    f.key_pem = identity->key_pem;
  } else if (!cert_out.empty()) {
    auto pem = read_file(f.cert_file);
    if (!pem) return GraphError::bad_request("cannot read --cert " + f.cert_file);
    cert_pem = std::move(*pem);
  }
  if (cert_out.empty()) return {};
  std::ofstream out(cert_out, std::ios::binary | std::ios::trunc);
  out << cert_pem;
  if (!out.flush()) return GraphError::bad_request("cannot write --tls-cert-out " + cert_out);
  return {};
}

}  // namespace graphmock
