#include "throttling/throttling_limits.h"

#include <algorithm>
#include <cmath>

namespace graphmock {
namespace {

using Json = nlohmann::json;

LimitScope parse_scope(const std::string& s) {
  if (s == "tenant") return LimitScope::kTenant;
  if (s == "app") return LimitScope::kApp;
  return LimitScope::kAppTenant;
}

LimitKind parse_kind(const std::string& s) {
  if (s == "read") return LimitKind::kRead;
  if (s == "write") return LimitKind::kWrite;
  return LimitKind::kAny;
}

Result<ThrottledService> parse_service(const Json& j, const std::string& where) {
  ThrottledService s;
  s.id = j["id"].get<std::string>();
  s.name = j.value("name", s.id);
  s.retry_after = j.value("retryAfter", true);
  for (const Json& route : j["routes"]) {
    auto pattern = PathPattern::parse(route.get<std::string>());
    if (!pattern) return GraphError::bad_request(where + "/routes: " + pattern.error().message);
    s.routes.push_back(std::move(*pattern));
  }
  for (const Json& l : j["limits"]) {
    ServiceLimit limit;
    limit.scope = parse_scope(l["scope"].get<std::string>());
    limit.kind = parse_kind(l["kind"].get<std::string>());
    limit.budget = l["budget"].get<uint64_t>();
    limit.window_seconds = l["windowSeconds"].get<double>();
    limit.source = l.value("source", "");
    limit.id = s.id + "/" + scope_name(limit.scope) + "/" + kind_name(limit.kind);
    // Two limits of one scope and kind (a per-second and a per-hour one) stay apart.
    size_t same = static_cast<size_t>(std::count_if(
        s.limits.begin(), s.limits.end(),
        [&](const ServiceLimit& o) { return o.scope == limit.scope && o.kind == limit.kind; }));
    if (same > 0) limit.id += "#" + std::to_string(same + 1);
    s.limits.push_back(std::move(limit));
  }
  return s;
}

}  // namespace

const char* scope_name(LimitScope scope) {
  switch (scope) {
    case LimitScope::kTenant:
      return "tenant";
    case LimitScope::kApp:
      return "app";
    case LimitScope::kAppTenant:
      break;
  }
  return "appTenant";
}

const char* kind_name(LimitKind kind) {
  switch (kind) {
    case LimitKind::kRead:
      return "read";
    case LimitKind::kWrite:
      return "write";
    case LimitKind::kAny:
      break;
  }
  return "any";
}

Result<ThrottlingLimits> parse_throttling_limits(const Json& doc) {
  ThrottlingLimits limits;
  limits.default_app = doc["defaultAppId"].get<std::string>();
  limits.default_tenant = doc["defaultTenantId"].get<std::string>();
  const Json& services = doc["services"];
  for (size_t i = 0; i < services.size(); ++i) {
    auto service = parse_service(services[i], "/services/" + std::to_string(i));
    if (!service) return service.error();
    limits.services.push_back(std::move(*service));
  }
  return limits;
}

Result<ThrottlingLimits> apply_scenario_throttling(ThrottlingLimits limits,
                                                   const Json& throttling) {
  const Json services = throttling.value("services", Json::array());
  for (size_t i = 0; i < services.size(); ++i) {
    auto service = parse_service(services[i], "/throttling/services/" + std::to_string(i));
    if (!service) return service.error();
    auto same = std::find_if(limits.services.begin(), limits.services.end(),
                             [&](const ThrottledService& s) { return s.id == service->id; });
    if (same != limits.services.end())
      *same = std::move(*service);
    else
      limits.services.push_back(std::move(*service));
  }
  double scale = throttling.value("scale", 1.0);
  for (auto& service : limits.services)
    for (auto& limit : service.limits)
      limit.budget = std::max<uint64_t>(
          1, static_cast<uint64_t>(std::llround(static_cast<double>(limit.budget) * scale)));
  return limits;
}

}  // namespace graphmock
