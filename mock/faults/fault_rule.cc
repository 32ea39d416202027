#include "faults/fault_rule.h"

#include <cmath>

#include "core/reply.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

GraphError invalid(const std::string& pointer, const std::string& reason) {
  return GraphError::bad_request("Invalid fault rule at " +
                                 (pointer.empty() ? std::string("/") : pointer) + ": " + reason);
}

// The first key of `obj` not in `allowed`, or "".
std::string unknown_key(const Json& obj, std::initializer_list<const char*> allowed) {
  for (const auto& [k, _] : obj.items()) {
    bool ok = false;
    for (const char* a : allowed) ok = ok || k == a;
    if (!ok) return k;
  }
  return "";
}

std::optional<GraphError> check_object(const Json& j, const std::string& pointer,
                                       std::initializer_list<const char*> allowed) {
  if (!j.is_object()) return invalid(pointer, "must be an object");
  if (auto k = unknown_key(j, allowed); !k.empty())
    return invalid(pointer + "/" + k, "unknown property");
  return std::nullopt;
}

std::optional<GraphError> string_map(const Json& j, const std::string& pointer,
                                     std::vector<std::pair<std::string, std::string>>& out) {
  if (!j.is_object()) return invalid(pointer, "must be an object of strings");
  for (const auto& [k, v] : j.items()) {
    if (!v.is_string()) return invalid(pointer + "/" + k, "must be a string");
    out.emplace_back(k, v.get<std::string>());
  }
  return std::nullopt;
}

bool is_number(const Json& j) { return j.is_number() && std::isfinite(j.get<double>()); }

std::optional<GraphError> parse_match(const Json& j, const std::string& pointer, bool full,
                                      RequestMatch& out) {
  if (full) {
    if (auto e = check_object(j, pointer, {"method", "path", "query", "headers", "bodyContains"}))
      return e;
  } else if (auto e = check_object(j, pointer, {"method", "path"})) {
    return e;
  }
  if (!j.contains("path"))
    return invalid(pointer + "/path", "required (e.g. \"/beta/teamwork/devices/*\")");
  const Json& path = j["path"];
  if (!path.is_string() || path.get<std::string>().rfind('/', 0) != 0)
    return invalid(pointer + "/path", "must be a string starting with '/'");
  out.path = PathPattern(path.get<std::string>());
  if (j.contains("method")) {
    static const char* kMethods[] = {"GET", "POST", "PATCH", "DELETE", "PUT", "*"};
    bool ok = j["method"].is_string();
    if (ok) {
      ok = false;
      for (const char* m : kMethods) ok = ok || j["method"] == m;
    }
    if (!ok) return invalid(pointer + "/method", "must be one of GET, POST, PATCH, DELETE, PUT, *");
    out.method = j["method"].get<std::string>();
  }
  if (j.contains("query"))
    if (auto e = string_map(j["query"], pointer + "/query", out.query)) return e;
  if (j.contains("headers"))
    if (auto e = string_map(j["headers"], pointer + "/headers", out.headers)) return e;
  if (j.contains("bodyContains")) {
    if (!j["bodyContains"].is_string())
      return invalid(pointer + "/bodyContains", "must be a string");
    out.body_contains = j["bodyContains"].get<std::string>();
  }
  return std::nullopt;
}

std::optional<GraphError> parse_latency(const Json& j, const std::string& pointer, Latency& out) {
  if (!j.is_object() || j.size() != 1)
    return invalid(pointer,
                   "must be one of {\"fixedMs\": n}, {\"uniformMs\": [lo, hi]}, "
                   "{\"lognormal\": {\"medianMs\": m, \"sigma\": s}}");
  if (j.contains("fixedMs")) {
    if (!is_number(j["fixedMs"]) || j["fixedMs"].get<double>() < 0)
      return invalid(pointer + "/fixedMs", "must be a number >= 0");
    out = {Latency::Kind::kFixed, j["fixedMs"].get<double>(), 0};
  } else if (j.contains("uniformMs")) {
    const Json& u = j["uniformMs"];
    if (!u.is_array() || u.size() != 2 || !is_number(u[0]) || !is_number(u[1]) ||
        u[0].get<double>() < 0)
      return invalid(pointer + "/uniformMs", "must be [lo, hi] with 0 <= lo <= hi");
    if (u[0].get<double>() > u[1].get<double>())
      return invalid(pointer + "/uniformMs", "lo must be <= hi");
    out = {Latency::Kind::kUniform, u[0].get<double>(), u[1].get<double>()};
  } else if (j.contains("lognormal")) {
    const std::string p = pointer + "/lognormal";
    if (auto e = check_object(j["lognormal"], p, {"medianMs", "sigma"})) return e;
    const Json& l = j["lognormal"];
    if (!l.contains("medianMs") || !is_number(l["medianMs"]) || l["medianMs"].get<double>() <= 0)
      return invalid(p + "/medianMs", "required, a number > 0");
    if (!l.contains("sigma") || !is_number(l["sigma"]) || l["sigma"].get<double>() < 0)
      return invalid(p + "/sigma", "required, a number >= 0");
    out = {Latency::Kind::kLognormal, l["medianMs"].get<double>(), l["sigma"].get<double>()};
  } else {
    return invalid(pointer + "/" + j.begin().key(),
                   "unknown latency kind (fixedMs, uniformMs or lognormal)");
  }
  return std::nullopt;
}

std::optional<GraphError> parse_canned(const Json& j, const std::string& pointer,
                                       CannedResponse& out) {
  if (auto e = check_object(j, pointer, {"status", "headers", "body"})) return e;
  if (!j.contains("status") || !j["status"].is_number_integer() || j["status"].get<int>() < 100 ||
      j["status"].get<int>() > 599)
    return invalid(pointer + "/status", "required, an integer 100..599");
  out.status = j["status"].get<int>();
  if (j.contains("headers"))
    if (auto e = string_map(j["headers"], pointer + "/headers", out.headers)) return e;
  if (j.contains("body")) out.body = j["body"];
  return std::nullopt;
}

std::optional<GraphError> positive_int(const Json& j, const std::string& pointer, int min,
                                       int& out) {
  if (!j.is_number_integer() || j.get<int64_t>() < min || j.get<int64_t>() > 1000000000)
    return invalid(pointer, "must be an integer >= " + std::to_string(min));
  out = j.get<int>();
  return std::nullopt;
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
  return body_contains.empty() || request.body.find(body_contains) != std::string::npos;
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
  ms = std::min(ms, 24.0 * 3600 * 1000);  // a day: keeps a wild sigma from overflowing
  return Duration(static_cast<int64_t>(std::llround(ms * 1000)));
}

Result<FaultRule> parse_fault_rule(const Json& j, const std::string& pointer) {
  if (auto e = check_object(j, pointer,
                            {"id", "name", "match", "latency", "respond", "throttle", "drop",
                             "probability", "calls", "times"}))
    return *e;
  FaultRule rule;
  rule.source = j;
  for (const char* key : {"id", "name"}) {
    if (!j.contains(key)) continue;
    if (!j[key].is_string() || j[key].get<std::string>().empty())
      return invalid(pointer + "/" + key, "must be a non-empty string");
  }
  if (j.contains("id")) rule.id = j["id"].get<std::string>();
  if (j.contains("name")) rule.name = j["name"].get<std::string>();
  if (!j.contains("match"))
    return invalid(pointer + "/match",
                   "required, e.g. {\"method\": \"GET\", \"path\": \"/beta/**\"}");
  if (auto e = parse_match(j["match"], pointer + "/match", true, rule.match)) return *e;
  if (j.contains("latency"))
    if (auto e = parse_latency(j["latency"], pointer + "/latency", rule.latency)) return *e;
  if (j.contains("respond")) {
    rule.respond.emplace();
    if (auto e = parse_canned(j["respond"], pointer + "/respond", *rule.respond)) return *e;
  }
  if (j.contains("throttle")) {
    const std::string p = pointer + "/throttle";
    if (auto e = check_object(j["throttle"], p, {"limit", "windowSeconds", "retryAfterSeconds"}))
      return *e;
    const Json& t = j["throttle"];
    Throttle th;
    if (!t.contains("limit")) return invalid(p + "/limit", "required, an integer >= 1");
    if (auto e = positive_int(t["limit"], p + "/limit", 1, th.limit)) return *e;
    if (!t.contains("windowSeconds") || !is_number(t["windowSeconds"]) ||
        t["windowSeconds"].get<double>() <= 0)
      return invalid(p + "/windowSeconds", "required, a number > 0");
    th.window_seconds = t["windowSeconds"].get<double>();
    if (t.contains("retryAfterSeconds")) {
      int r = 0;
      if (auto e = positive_int(t["retryAfterSeconds"], p + "/retryAfterSeconds", 0, r)) return *e;
      th.retry_after_seconds = r;
    }
    rule.throttle = th;
  }
  if (j.contains("drop")) {
    static const std::pair<const char*, Delivery> kDrops[] = {{"reset", Delivery::kReset},
                                                              {"empty", Delivery::kEmpty},
                                                              {"truncate", Delivery::kTruncate},
                                                              {"malformed", Delivery::kMalformed},
                                                              {"dribble", Delivery::kDribble}};
    for (const auto& [name, d] : kDrops)
      if (j["drop"] == name) rule.drop = d;
    if (!rule.drop)
      return invalid(pointer + "/drop",
                     "must be one of reset, empty, truncate, malformed, dribble");
  }
  if (rule.respond && rule.throttle)
    return invalid(pointer,
                   "respond and throttle exclude each other (throttle answers 429 itself)");
  if (j.contains("probability")) {
    const Json& p = j["probability"];
    if (!is_number(p) || p.get<double>() < 0 || p.get<double>() > 1)
      return invalid(pointer + "/probability", "must be a number in [0, 1]");
    rule.probability = p.get<double>();
  }
  if (j.contains("calls")) {
    const std::string p = pointer + "/calls";
    if (auto e = check_object(j["calls"], p, {"from", "to"})) return *e;
    if (!j["calls"].contains("from")) return invalid(p + "/from", "required, an integer >= 1");
    if (auto e = positive_int(j["calls"]["from"], p + "/from", 1, rule.calls_from)) return *e;
    if (j["calls"].contains("to")) {
      if (auto e = positive_int(j["calls"]["to"], p + "/to", 1, rule.calls_to)) return *e;
      if (rule.calls_to < rule.calls_from) return invalid(p + "/to", "must be >= from");
    }
  }
  if (j.contains("times"))
    if (auto e = positive_int(j["times"], pointer + "/times", 1, rule.times)) return *e;
  return rule;
}

Result<ResponseSequence> parse_response_sequence(const Json& j, const std::string& pointer) {
  if (auto e = check_object(j, pointer, {"match", "responses"})) return *e;
  ResponseSequence seq;
  seq.source = j;
  if (!j.contains("match")) return invalid(pointer + "/match", "required");
  if (auto e = parse_match(j["match"], pointer + "/match", false, seq.match)) return *e;
  if (!j.contains("responses") || !j["responses"].is_array() || j["responses"].empty())
    return invalid(pointer + "/responses", "required, a non-empty array");
  for (size_t i = 0; i < j["responses"].size(); ++i) {
    const Json& r = j["responses"][i];
    const std::string p = pointer + "/responses/" + std::to_string(i);
    if (r.is_object() && r.contains("passthrough")) {
      if (r.size() != 1 || r["passthrough"] != true)
        return invalid(p, "a passthrough entry is exactly {\"passthrough\": true}");
      seq.responses.emplace_back(std::nullopt);
      continue;
    }
    CannedResponse c;
    if (auto e = parse_canned(r, p, c)) return *e;
    seq.responses.emplace_back(std::move(c));
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
  for (const auto& [k, v] : canned.headers) {
    if (!CaseInsensitiveLess{}(k, "Content-Type") && !CaseInsensitiveLess{}("Content-Type", k))
      r.content_type = v;  // the front sets Content-Type from content_type
    else
      r.set_header(k, v);
  }
  if ((canned.status == 429 || canned.status == 503) && r.header("Retry-After").empty())
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
