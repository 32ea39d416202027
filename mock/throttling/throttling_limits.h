// Graph's documented service limits as data (fixtures/throttling-limits.json,
// schemas/throttlingLimits.json, docs/throttling.md): the request paths each
// service covers and its budgets per app and tenant, per tenant or per app.
// The schema is the one check of a document's shape; parsing only converts.
// Immutable once built; safe to share between threads.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "faults/path_pattern.h"
#include "graphmock/clock.h"
#include "graphmock/result.h"

namespace graphmock {

// Whose requests share a budget: one app in one tenant, every app of a tenant,
// one app in every tenant.
enum class LimitScope { kAppTenant, kTenant, kApp };
// read: GET and HEAD; write: every other method; any: both.
enum class LimitKind { kRead, kWrite, kAny };

struct ServiceLimit {
  std::string id;  // "<service>/<scope>/<kind>", e.g. "intune-devices/appTenant/write"
  LimitScope scope = LimitScope::kAppTenant;
  LimitKind kind = LimitKind::kAny;
  uint64_t budget = 1;
  double window_seconds = 1;
  std::string source;  // the page the number came from
};

struct ThrottledService {
  std::string id;
  std::string name;
  std::vector<PathPattern> routes;
  bool retry_after = true;  // false: its 429s carry no Retry-After
  std::vector<ServiceLimit> limits;
};

struct ThrottlingLimits {
  std::string default_app;     // for a token without appid/azp
  std::string default_tenant;  // for a token without tid
  std::vector<ThrottledService> services;
};

// `doc` is valid against throttlingLimits.json. 400 for a route over PathPattern's caps.
Result<ThrottlingLimits> parse_throttling_limits(const nlohmann::json& doc);

// What a scenario's "throttling" object (valid against scenario.json) makes of
// `limits`: each of its services replaces the one with the same id, or is
// added; then every budget is multiplied by "scale" (rounded, at least 1).
Result<ThrottlingLimits> apply_scenario_throttling(ThrottlingLimits limits,
                                                   const nlohmann::json& throttling);

const char* scope_name(LimitScope scope);  // appTenant | tenant | app
const char* kind_name(LimitKind kind);     // read | write | any

}  // namespace graphmock
