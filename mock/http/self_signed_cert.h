// A throwaway TLS identity for `graph-mock serve --tls` without --cert/--key:
// an EC P-256 key and a self-signed X.509 v3 certificate for 127.0.0.1 and
// localhost (SAN IP:127.0.0.1, IP:::1, DNS:localhost), valid from one hour ago
// for 30 days. Clients trust it by loading the certificate PEM as a CA.
#pragma once

#include <string>

#include "graphmock/result.h"
#include "http/http_front.h"

namespace graphmock {

struct PemIdentity {
  std::string cert_pem;
  std::string key_pem;
};

// A 500 naming OpenSSL's reason when generation fails.
Result<PemIdentity> make_self_signed_identity();

// --tls: the front's cert_file/key_file, or (without a cert_file) a self-signed
// identity put into its PEM text; `cert_out`, when not empty, gets the
// certificate a client should trust. A 400 naming the file that cannot be used.
Status prepare_tls(const std::string& cert_out, FrontOptions& front);

}  // namespace graphmock
