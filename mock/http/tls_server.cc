#include "http/tls_server.h"

#include <openssl/pem.h>

namespace graphmock {
namespace {

std::unique_ptr<httplib::SSLServer> from_pem(const std::string& cert_pem,
                                             const std::string& key_pem) {
  std::unique_ptr<httplib::SSLServer> ssl;
  BIO* cert_bio = BIO_new_mem_buf(cert_pem.data(), static_cast<int>(cert_pem.size()));
  BIO* key_bio = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
  X509* cert = cert_bio ? PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr) : nullptr;
  EVP_PKEY* key = key_bio ? PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr) : nullptr;
  if (cert && key)
    ssl = std::make_unique<httplib::SSLServer>(cert, key);  // the SSL_CTX takes references
  X509_free(cert);
  EVP_PKEY_free(key);
  BIO_free(cert_bio);
  BIO_free(key_bio);
  return ssl;
}

}  // namespace

Result<std::unique_ptr<httplib::SSLServer>> make_tls_server(const FrontOptions& options) {
  if (!options.cert_pem.empty()) {
    auto ssl = from_pem(options.cert_pem, options.key_pem);
    if (!ssl || !ssl->is_valid())
      return GraphError::bad_request("cannot use the TLS certificate / key given as PEM text");
    return ssl;
  }
  auto ssl =
      std::make_unique<httplib::SSLServer>(options.cert_file.c_str(), options.key_file.c_str());
  if (!ssl->is_valid())
    return GraphError::bad_request("cannot load TLS certificate '" + options.cert_file +
                                   "' / key '" + options.key_file + "'");
  return ssl;
}

}  // namespace graphmock
