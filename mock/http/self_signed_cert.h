// A throwaway TLS identity for `graph-mock serve --tls` without --cert/--key:
// an EC P-256 key and a self-signed X.509 v3 certificate for 127.0.0.1 and
// localhost (SAN IP:127.0.0.1, IP:::1, DNS:localhost), valid from one hour ago
// for 30 days. Clients trust it by loading the certificate PEM as a CA.
#pragma once

#include <string>

#include "graphmock/result.h"

namespace graphmock {

struct PemIdentity {
  std::string cert_pem;
  std::string key_pem;
};

// A 500 naming OpenSSL's reason when generation fails.
Result<PemIdentity> make_self_signed_identity();

}  // namespace graphmock
