#include "faults/fault_rule.h"

#include <cmath>
#include <utility>
#include <vector>

#include "core/reply.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

GraphError invalid(const std::string& pointer, const std::string& reason) {
  return GraphError::bad_request("Invalid fault rule at " +
                                 (pointer.empty() ? std::string("/") : pointer) + ": " + reason);
}

std::vector<std::pair<std::string, std::string>> string_map(const Json& j) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : j.items()) out.emplace_back(k, v.get<std::string>());
  return out;
}

Result<RequestMatch> parse_match(const Json& j, const std::string& pointer) {
  RequestMatch out;
  // The pattern's caps count segments, which JSON Schema cannot.
  auto path = PathPattern::parse(j["path"].get<std::string>());
  if (!path) return invalid(pointer + "/path", path.error().message);
  out.path = std::move(*path);
  out.method = j.value("method", out.method);
  if (j.contains("query")) out.query = string_map(j["query"]);
  if (j.contains("headers")) out.headers = string_map(j["headers"]);
  out.body_contains = j.value("bodyContains", "");
  return out;
}

// JSON Schema cannot compare two values of one document: lo <= hi stays here.
Result<Latency> parse_latency(const Json& j, const std::string& pointer) {
  if (j.contains("fixedMs")) return Latency{Latency::Kind::kFixed, j["fixedMs"].get<double>(), 0};
  if (j.contains("uniformMs")) {
    double lo = j["uniformMs"][0].get<double>(), hi = j["uniformMs"][1].get<double>();
    if (lo > hi) return invalid(pointer + "/uniformMs", "lo must be <= hi");
    return Latency{Latency::Kind::kUniform, lo, hi};
  }
  const Json& l = j["lognormal"];
  return Latency{Latency::Kind::kLognormal, l["medianMs"].get<double>(), l["sigma"].get<double>()};
}

CannedResponse parse_canned(const Json& j) {
  CannedResponse out;
  out.status = j["status"].get<int>();
  if (j.contains("headers")) out.headers = string_map(j["headers"]);
  if (j.contains("body")) out.body = j["body"];
  return out;
}

// Knuth-Morris-Pratt, O(text + needle) whatever both hold: std::string::find
// compares the whole needle at each candidate, body x needle steps for "a…ab"
// in "a…a" (both user-supplied, up to the body limit).
bool contains(std::string_view text, std::string_view needle) {
  if (needle.empty()) return true;
  std::vector<size_t> border(needle.size(), 0);  // longest proper border of needle[0..i]
  for (size_t i = 1, k = 0; i < needle.size(); ++i) {
    while (k > 0 && needle[i] != needle[k]) k = border[k - 1];
    if (needle[i] == needle[k]) ++k;
    border[i] = k;
  }
  for (size_t i = 0, k = 0; i < text.size(); ++i) {
    while (k > 0 && text[i] != needle[k]) k = border[k - 1];
    if (text[i] == needle[k] && ++k == needle.size()) return true;
  }
  return false;
}

}  // namespace

bool RequestMatch::matches(const Request& request) const {
  if (!method_matches(method, request.method) || !path.matches(request.path)) return false;
  for (const auto& [k, v] : query) {
    bool found = false;
    for (const auto& [qk, qv] : request.query) found = found || (qk == k && (v == "*" || qv == v));
    if (!found) return false;
  }
  for (const auto& [k, v] : headers) {
    bool found = false;
    auto [lo, hi] = request.headers.equal_range(k);
    for (auto it = lo; it != hi; ++it) found = found || v == "*" || it->second == v;
    if (!found) return false;
  }
  return contains(request.body, body_contains);
}

Duration Latency::sample(Random& rng) const {
  double ms = 0;
  switch (kind) {
    case Kind::kNone:
      return Duration{0};
    case Kind::kFixed:
      ms = a;
      break;
    case Kind::kUniform:
      ms = rng.uniform(a, b);
      break;
    case Kind::kLognormal:
      ms = a * std::exp(rng.normal(0, b));
      break;
  }
  ms = std::min(ms, kMaxLatencyMs);  // a wild sigma draws beyond any maximum
  return Duration(static_cast<int64_t>(std::llround(ms * 1000)));
}

Result<FaultRule> parse_fault_rule(const Json& j, const std::string& pointer) {
  FaultRule rule;
  rule.source = j;
  rule.id = j.value("id", "");
  rule.name = j.value("name", "");
  auto match = parse_match(j["match"], pointer + "/match");
  if (!match) return match.error();
  rule.match = std::move(*match);
  if (j.contains("latency")) {
    auto latency = parse_latency(j["latency"], pointer + "/latency");
    if (!latency) return latency.error();
    rule.latency = *latency;
  }
  if (j.contains("respond")) rule.respond = parse_canned(j["respond"]);
  if (j.contains("throttle")) {
    const Json& t = j["throttle"];
    Throttle throttle{t["limit"].get<int>(), t["windowSeconds"].get<double>(), std::nullopt};
    if (t.contains("retryAfterSeconds"))
      throttle.retry_after_seconds = t["retryAfterSeconds"].get<int>();
    rule.throttle = throttle;
  }
  if (j.contains("drop")) {
    static const std::pair<const char*, Delivery> kDrops[] = {{"reset", Delivery::kReset},
                                                              {"empty", Delivery::kEmpty},
                                                              {"truncate", Delivery::kTruncate},
                                                              {"malformed", Delivery::kMalformed},
                                                              {"dribble", Delivery::kDribble}};
    for (const auto& [name, d] : kDrops)
      if (j["drop"] == name) rule.drop = d;
  }
  if (j.contains("probability")) rule.probability = j["probability"].get<double>();
  if (j.contains("calls")) {
    rule.calls_from = j["calls"]["from"].get<int>();
    rule.calls_to = j["calls"].value("to", rule.calls_to);
    // Another comparison of two values the schema cannot make.
    if (j["calls"].contains("to") && rule.calls_to < rule.calls_from)
      return invalid(pointer + "/calls/to", "must be >= from");
  }
  rule.times = j.value("times", rule.times);
  return rule;
}

Result<ResponseSequence> parse_response_sequence(const Json& j, const std::string& pointer) {
  ResponseSequence seq;
  seq.source = j;
  auto match = parse_match(j["match"], pointer + "/match");
  if (!match) return match.error();
  seq.match = std::move(*match);
  for (const auto& r : j["responses"]) {
    if (r.contains("passthrough"))
      seq.responses.emplace_back(std::nullopt);
    else
      seq.responses.emplace_back(parse_canned(r));
  }
  return seq;
}

Response canned_response(const CannedResponse& canned, const Request& request, TimePoint now) {
  Response r;
  if (canned.body) {
    r = json_reply(canned.status, *canned.body);
  } else if (canned.status >= 400) {
    std::string message =
        canned.status == 503   ? "The service is temporarily unavailable. Retry later."
        : canned.status == 429 ? "Too many requests. Retry after the interval in Retry-After."
                               : "The request failed (injected by a graph-mock fault rule).";
    r = json_reply(canned.status,
                   error_body(error_for_status(canned.status, message), request, now));
  } else {
    r.status = canned.status;
  }
  auto named = [](std::string_view a, std::string_view b) {
    return !CaseInsensitiveLess{}(a, b) && !CaseInsensitiveLess{}(b, a);
  };
  bool retry_after_named = false;
  for (const auto& [k, v] : canned.headers) {
    retry_after_named = retry_after_named || named(k, "Retry-After");
    if (named(k, "Content-Type"))
      r.content_type = v;  // the front sets Content-Type from content_type
    else if (!named(k, "Retry-After") || !v.empty())
      r.set_header(k, v);  // "Retry-After": "" sends a 429/503 without one
  }
  if ((canned.status == 429 || canned.status == 503) && !retry_after_named)
    r.set_header("Retry-After", "1");
  return r;
}

std::string delivery_name(Delivery d) {
  switch (d) {
    case Delivery::kNormal:
      return "normal";
    case Delivery::kReset:
      return "reset";
    case Delivery::kEmpty:
      return "empty";
    case Delivery::kTruncate:
      return "truncate";
    case Delivery::kMalformed:
      return "malformed";
    case Delivery::kDribble:
      return "dribble";
  }
  return "normal";
}

}  // namespace graphmock
