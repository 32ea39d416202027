#include "core/redaction.h"

#include <array>

#include "core/query_string.h"
#include "core/sha256.h"
#include "graphmock/http_types.h"

namespace graphmock {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return !CaseInsensitiveLess{}(a, b) && !CaseInsensitiveLess{}(b, a);
}

// Query parameters that carry credentials: OAuth's (RFC 6749, RFC 6750 §2.3),
// Azure's SAS signature, and the plain spellings.
constexpr std::array<std::string_view, 9> kSecretParameters = {
    "access_token",  "refresh_token",    "id_token", "token", "code",
    "client_secret", "client_assertion", "password", "sig"};

bool is_secret_parameter(std::string_view name) {
  for (auto secret : kSecretParameters)
    if (equal_ignoring_case(name, secret)) return true;
  return false;
}

// "Bearer x" -> "Bearer <redacted ...>"; a value without a scheme is redacted whole.
// A client sends the same header on every request of a connection: its last redaction is kept.
std::string redact_credentials(std::string_view value) {
  thread_local std::string last_value, last_redacted;
  if (!last_redacted.empty() && value == last_value) return last_redacted;
  auto space = value.find(' ');
  auto start = space == std::string_view::npos ? space : value.find_first_not_of(' ', space);
  last_redacted = start == std::string_view::npos
                      ? redacted(value)
                      : std::string(value.substr(0, space + 1)) + redacted(value.substr(start));
  last_value = value;
  return last_redacted;
}

// "a=1; b=2" -> "a=<redacted ...>; b=<redacted ...>": the names say which cookies were sent.
std::string redact_cookies(std::string_view value) {
  std::string out;
  while (!value.empty()) {
    auto semi = value.find(';');
    std::string_view pair = value.substr(0, semi);
    value = semi == std::string_view::npos ? std::string_view() : value.substr(semi + 1);
    auto eq = pair.find('=');
    if (!out.empty()) out += ";";
    out += eq == std::string_view::npos
               ? redacted(pair)
               : std::string(pair.substr(0, eq + 1)) + redacted(pair.substr(eq + 1));
  }
  return out;
}

}  // namespace

std::string redacted(std::string_view secret) {
  // A client sends the same token on every request of a connection: its fingerprint is kept.
  thread_local std::string last_secret, last_fingerprint;
  if (last_fingerprint.empty() || secret != last_secret) {
    last_fingerprint = "<redacted sha256:" + sha256_hex(secret).substr(0, 8) + ">";
    last_secret = secret;
  }
  return last_fingerprint;
}

std::string redact_header(std::string_view name, std::string_view value) {
  if (equal_ignoring_case(name, "Cookie")) return redact_cookies(value);
  if (is_credential_header(name)) return redact_credentials(value);
  return std::string(value);
}

bool is_credential_header(std::string_view name) {
  return equal_ignoring_case(name, "Authorization") ||
         equal_ignoring_case(name, "Proxy-Authorization") || equal_ignoring_case(name, "Cookie");
}

std::string redact_query(std::string_view raw_query) {
  std::string out;
  while (true) {
    auto amp = raw_query.find('&');
    std::string_view part = raw_query.substr(0, amp);
    auto eq = part.find('=');
    if (eq != std::string_view::npos &&
        is_secret_parameter(percent_decode(part.substr(0, eq), true)))
      out +=
          std::string(part.substr(0, eq + 1)) + redacted(percent_decode(part.substr(eq + 1), true));
    else
      out += part;
    if (amp == std::string_view::npos) return out;
    out += '&';
    raw_query.remove_prefix(amp + 1);
  }
}

}  // namespace graphmock
