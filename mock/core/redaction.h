// What the journal and the request log keep of a client's credentials: enough
// to tell two apart, nothing to reuse. A secret becomes
// "<redacted sha256:1a2b3c4d>", the first 8 hex digits of its SHA-256. The
// journal is read over /_mock/requests, shown by the dashboard and written to
// --journal-file, the log lands in CI output: neither may be a store of the
// tokens clients send (--journal-secrets keep turns this off for the journal).
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace graphmock {

// "<redacted sha256:1a2b3c4d>"
std::string redacted(std::string_view secret);
// A request header's value as the journal keeps it. Authorization and
// Proxy-Authorization keep their scheme ("Bearer <redacted sha256:...>"),
// Cookie its names ("a=<redacted ...>; b=<redacted ...>"); other headers as sent.
std::string redact_header(std::string_view name, std::string_view value);
// Whether redact_header changes a value of header `name` (Authorization, Proxy-Authorization,
// Cookie).
bool is_credential_header(std::string_view name);
// A raw query ("a=1&access_token=x") with the value of each credential
// parameter (access_token, refresh_token, id_token, token, code, client_secret,
// client_assertion, password, sig) redacted; the fingerprint is of the decoded
// value, so a token sent in a header and in a query fingerprints alike.
std::string redact_query(std::string_view raw_query);

}  // namespace graphmock
