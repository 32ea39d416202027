// Credentials found by value. A capture's Authorization and cookie headers are
// dropped by name, but the same token can come back anywhere: an upstream that
// echoes it in a header, a body field or an error message, a token endpoint's
// answer, a redirect URL. Secrets learns every such value from a capture's
// entries first, then removes each occurrence (as is, percent-encoded or
// JSON-escaped) and every JWT-shaped string from any text.
// Not thread-safe: one Secrets per capture.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace graphmock {

// Values shorter than this are not learnt: a test's "Bearer x" would
// otherwise erase every 'x' of the capture.
inline constexpr size_t kMinSecretLength = 8;
// What a removed secret, and a removed JWT, become.
inline constexpr std::string_view kScrubbedSecret = "scrubbed-secret";
inline constexpr std::string_view kScrubbedJwt = "scrubbed-jwt";

class Secrets {
 public:
  // Learns the secrets of one HAR entry (any shape: what is not where HAR
  // puts it is ignored): the credential of Authorization and
  // Proxy-Authorization headers, cookie values (Cookie, Set-Cookie, the
  // cookies arrays), and the token-endpoint fields access_token,
  // refresh_token, id_token, client_secret, client_assertion and code in JSON
  // or form bodies, query strings and URLs. `response_text` is the response
  // body as decoded (a base64 body's bytes).
  void learn(const nlohmann::json& entry, const std::string& response_text);

  // `text` with every learnt value and every JWT-shaped string replaced.
  std::string scrub(std::string_view text);
  // scrub() on every string of `node`, keys left as they are.
  void scrub_strings(nlohmann::json& node);

  // How many occurrences scrub() replaced.
  size_t removed() const { return removed_; }

 private:
  void add(std::string value);
  void learn_form(std::string_view text);  // a=1&b=2, or a URL's query and fragment
  void learn_json(const nlohmann::json& node);

  std::vector<std::string> values_;  // each as is and encoded, longest first once sorted
  bool sorted_ = true;
  size_t removed_ = 0;
};

std::string base64_encode(std::string_view bytes);
// Standard base64 (whitespace ignored); nothing when `text` is not base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace graphmock
