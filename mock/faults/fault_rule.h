// Fault rules and response sequences as plain data, parsed from the JSON of
// schemas/faultRule.json (a scenario's "faults" / "responseSequences", or the
// body of POST /_mock/faults). Parsing checks everything the engine relies on,
// so a rule is usable even where no schema validator is wired; errors are
// 400 GraphErrors whose message starts with the JSON pointer of the problem.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/random.h"
#include "faults/path_pattern.h"
#include "graphmock/clock.h"
#include "graphmock/http_types.h"
#include "graphmock/result.h"

namespace graphmock {

// Which requests a rule or sequence applies to.
struct RequestMatch {
  std::string method;  // "" or "*": any
  PathPattern path;
  std::vector<std::pair<std::string, std::string>> query;  // each must be present; value "*" = any
  std::vector<std::pair<std::string, std::string>> headers;  // same, names case-insensitive
  std::string body_contains;                                 // "" = no condition

  bool matches(const Request& request) const;
};

// The longest injected delay, an hour (schemas/faultRule.json caps fixedMs,
// uniformMs and medianMs at it; a lognormal draw is cut to it): longer than
// any client's timeout, short enough that a held request always ends.
inline constexpr double kMaxLatencyMs = 3'600'000;

struct Latency {
  enum class Kind { kNone, kFixed, kUniform, kLognormal };
  Kind kind = Kind::kNone;
  double a = 0;  // fixed: ms; uniform: low ms; lognormal: median ms
  double b = 0;  // uniform: high ms; lognormal: sigma

  // One draw (none for kFixed/kNone), so a rule's stream stays aligned.
  Duration sample(Random& rng) const;
};

// A canned answer: status, headers and an optional JSON body. Without a body,
// an error status gets the Graph error body for it (see canned_response()).
struct CannedResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<nlohmann::json> body;
};

struct Throttle {
  int limit = 1;
  double window_seconds = 1;
  std::optional<int> retry_after_seconds;  // default: what is left of the window
};

struct FaultRule {
  std::string id;  // given or assigned by the engine; also names the rule's Random stream
  std::string name;
  RequestMatch match;
  Latency latency;
  std::optional<CannedResponse> respond;
  std::optional<Throttle> throttle;
  std::optional<Delivery> drop;
  std::optional<double> probability;
  int calls_from = 0, calls_to = 0;  // 1-based range of matching calls; 0 = open
  int times = 0;                     // how often it may fire; 0 = unlimited
  nlohmann::json source;             // the rule as given (ids filled in), for GET /_mock/faults
};

// One entry per call: nullopt = passthrough (the normal handler answers).
struct ResponseSequence {
  RequestMatch match;  // method and path only
  std::vector<std::optional<CannedResponse>> responses;
  nlohmann::json source;
};

// Convert documents that passed schemas/faultRule.json (a rule) and the
// responseSequences items of schemas/scenario.json (a sequence): the schema is
// the one check of their shape. A rule can still fail on what a schema cannot
// compare (uniformMs lo <= hi, calls to >= from, a path pattern over
// PathPattern's caps); `pointer` locates it.
Result<FaultRule> parse_fault_rule(const nlohmann::json& rule, const std::string& pointer = "");
Result<ResponseSequence> parse_response_sequence(const nlohmann::json& seq,
                                                 const std::string& pointer = "");

// The Response a canned answer becomes for `request` at `now`: the given body,
// or the Graph error body of the status (503 serviceNotAvailable, 429
// TooManyRequests, ...); 429 and 503 get "Retry-After: 1" unless given.
Response canned_response(const CannedResponse& canned, const Request& request, TimePoint now);

std::string delivery_name(Delivery d);

}  // namespace graphmock
