// What the recorder writes, over arbitrary bytes: the input as a HAR through
// clean_har and the fixture builder (no crash, no exception), and the input
// as one recorded exchange whose bearer token (the first line) the upstream
// echoes in a header, the body (the rest, as text and base64) and the URL:
// the token must be gone from the cleaned capture.
#include <algorithm>

#include "core/json_body.h"
#include "families/families.h"
#include "fuzz/fuzz_support.h"
#include "record/fixture_builder.h"
#include "record/recording.h"
#include "record/secrets.h"

namespace {

using graphmock::Json;

bool alnum_only(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c); });
}

// Whether a replacement text followed by the input could spell `token` anew
// ("scrubbed-secret" + "1234567" holds "t1234567"): no secret of the input, a coincidence.
bool overlaps_a_replacement(const std::string& token) {
  for (std::string_view r : {graphmock::kScrubbedSecret, graphmock::kScrubbedJwt})
    for (size_t k = 1; k <= std::min(r.size(), token.size()); ++k)
      if (r.substr(r.size() - k) == std::string_view(token).substr(0, k)) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock;
  auto& server = internals(fuzz::loaded_server());
  const GraphRouter& routes = server.pipeline().graph_routes();
  const auto files = server.fixture_files();
  const std::string_view text = fuzz::as_text(data, size);
  RecordingOptions options;
  options.scrub_seed = size;

  if (auto har = parse_json_document(text, "fuzz.har"))
    if (auto cleaned = clean_har(*har, options, routes))
      if (auto exchanges = read_har(cleaned->har))
        (void)build_fixtures(*exchanges, routes, files, builtin_manifests());

  const size_t newline = text.find('\n');
  const std::string token(text.substr(0, newline));
  const std::string body(newline == std::string_view::npos ? "" : text.substr(newline + 1));
  auto entry = [&](Json content) {
    return Json{{"request",
                 {{"method", "GET"},
                  {"url", "https://graph.microsoft.com/beta/teamwork/devices?x=" + token},
                  {"headers", {{{"name", "Authorization"}, {"value", "Bearer " + token}}}}}},
                {"response",
                 {{"status", 200},
                  {"headers", {{{"name", "X-Echo"}, {"value", token}}}},
                  {"content", std::move(content)}}}};
  };
  Json har = {
      {"log",
       {{"entries",
         {entry({{"mimeType", "application/json"}, {"text", body}}),
          entry({{"mimeType", "application/octet-stream"},
                 {"encoding", "base64"},
                 {"text", base64_encode(body)}}),
          entry({{"mimeType", "application/json"},
                 {"text", Json(token).dump(-1, ' ', false, Json::error_handler_t::replace)}})}}}}};
  auto cleaned = clean_har(har, options, routes);
  if (!cleaned) __builtin_trap();  // a well-typed HAR is always cleaned
  // An alphanumeric token long enough to be learnt.
  if (token.size() < kMinSecretLength || !alnum_only(token) || overlaps_a_replacement(token))
    return 0;
  for (Json& e : cleaned->har["log"]["entries"]) {
    Json& content = e["response"]["content"];
    if (content.value("encoding", "") == "base64")
      content["text"] = base64_decode(content.value("text", "")).value_or("");
    if (e.dump(-1, ' ', false, Json::error_handler_t::replace).find(token) != std::string::npos)
      __builtin_trap();
  }
  return 0;
}
