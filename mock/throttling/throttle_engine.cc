#include "throttling/throttle_engine.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/reply.h"

namespace graphmock {
namespace {

// Budgets of tenants and apps no longer heard from are dropped once this many exist.
constexpr size_t kSweepAbove = 10000;

Duration window_of(const ServiceLimit& limit) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(limit.window_seconds));
}

bool counts_app(LimitScope s) { return s != LimitScope::kTenant; }
bool counts_tenant(LimitScope s) { return s != LimitScope::kApp; }

// x-ms-throttle-scope's words (the identity service's documented form).
const char* scope_word(LimitScope s) {
  switch (s) {
    case LimitScope::kTenant:
      return "Tenant";
    case LimitScope::kApp:
      return "Application";
    case LimitScope::kAppTenant:
      break;
  }
  return "Tenant_Application";
}
const char* kind_word(LimitKind k) {
  switch (k) {
    case LimitKind::kRead:
      return "Read";
    case LimitKind::kWrite:
      return "Write";
    case LimitKind::kAny:
      break;
  }
  return "ReadWrite";
}

std::string format_number(double v, const char* format) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

// "0.85", "1.0": two decimals, a trailing zero dropped.
std::string format_percentage(double fraction) {
  std::string s = format_number(fraction, "%.2f");
  if (s.back() == '0') s.pop_back();
  return s;
}

std::string scope_words(LimitScope s) {
  switch (s) {
    case LimitScope::kTenant:
      return "per tenant for all apps";
    case LimitScope::kApp:
      return "per app across all tenants";
    case LimitScope::kAppTenant:
      break;
  }
  return "per app per tenant";
}

std::string kind_words(LimitKind k) {
  switch (k) {
    case LimitKind::kRead:
      return "read (GET) ";
    case LimitKind::kWrite:
      return "write (POST, PUT, PATCH, DELETE) ";
    case LimitKind::kAny:
      break;
  }
  return "";
}

}  // namespace

ThrottleEngine::ThrottleEngine(Clock& clock) : clock_(clock) {}

void ThrottleEngine::configure(std::optional<ThrottlingLimits> limits) {
  std::lock_guard lock(mu_);
  limits_ = limits ? std::make_shared<const ThrottlingLimits>(std::move(*limits)) : nullptr;
  budgets_.clear();
  enabled_.store(limits_ != nullptr, std::memory_order_release);
}

void ThrottleEngine::reset() {
  std::lock_guard lock(mu_);
  budgets_.clear();
}

void ThrottleEngine::expire(Budget& budget, TimePoint now, Duration window) {
  while (!budget.runs.empty() && budget.runs.front().first + window <= now) {
    budget.used -= budget.runs.front().second;
    budget.runs.pop_front();
  }
}

TimePoint ThrottleEngine::room_at(const Budget& budget, uint64_t limit, Duration window) {
  // The window has room once fewer than `limit` of its requests remain.
  uint64_t left = budget.used;
  for (const auto& [time, count] : budget.runs) {
    left -= count;
    if (left < limit) return time + window;
  }
  return budget.runs.empty() ? TimePoint{} : budget.runs.back().first + window;
}

void ThrottleEngine::expire_all(TimePoint now) {
  for (auto it = budgets_.begin(); it != budgets_.end();) {
    const auto& limit = limits_->services[std::get<0>(it->first)].limits[std::get<1>(it->first)];
    expire(it->second, now, window_of(limit));
    it = it->second.runs.empty() ? budgets_.erase(it) : std::next(it);
  }
}

ThrottleDecision ThrottleEngine::admit(const Request& request, const Claims& claims) {
  if (!enabled_.load(std::memory_order_acquire)) return {};
  std::shared_ptr<const ThrottlingLimits> limits;
  {
    std::lock_guard lock(mu_);
    limits = limits_;
  }
  if (!limits) return {};
  // Which limits apply, outside the lock: route patterns come from files.
  bool read = request.method == "GET" || request.method == "HEAD";
  std::vector<std::pair<size_t, size_t>> applicable;
  for (size_t s = 0; s < limits->services.size(); ++s) {
    const ThrottledService& service = limits->services[s];
    if (std::none_of(service.routes.begin(), service.routes.end(),
                     [&](const PathPattern& p) { return p.matches(request.path); }))
      continue;
    for (size_t l = 0; l < service.limits.size(); ++l) {
      LimitKind kind = service.limits[l].kind;
      if (kind == LimitKind::kAny || (kind == LimitKind::kRead) == read)
        applicable.emplace_back(s, l);
    }
  }
  if (applicable.empty()) return {};
  const std::string& app = claims.appid.empty() ? limits->default_app : claims.appid;
  const std::string& tenant = claims.tid.empty() ? limits->default_tenant : claims.tid;
  TimePoint now = clock_.now();

  const ServiceLimit* refused_by = nullptr;
  const ThrottledService* refusing_service = nullptr;
  TimePoint room{};
  double fullest = 0;
  {
    std::lock_guard lock(mu_);
    if (limits != limits_) return {};  // reconfigured meanwhile: this request is not counted
    if (budgets_.size() > kSweepAbove) expire_all(now);
    for (auto [s, l] : applicable) {
      const ServiceLimit& limit = limits->services[s].limits[l];
      Duration window = window_of(limit);
      Budget& budget = budgets_[Key{s, l, counts_app(limit.scope) ? app : std::string(),
                                    counts_tenant(limit.scope) ? tenant : std::string()}];
      expire(budget, now, window);
      bool full = budget.used >= limit.budget;
      // Counted whether or not it is refused: Graph counts a throttled client's usage.
      if (!budget.runs.empty() && budget.runs.back().first == now)
        ++budget.runs.back().second;
      else
        budget.runs.emplace_back(now, 1);
      ++budget.used;
      fullest =
          std::max(fullest, static_cast<double>(budget.used) / static_cast<double>(limit.budget));
      if (!full) continue;
      TimePoint at = room_at(budget, limit.budget, window);
      if (!refused_by || at > room) {
        refused_by = &limit;
        refusing_service = &limits->services[s];
        room = at;
      }
    }
  }

  ThrottleDecision decision;
  Headers headers;
  // Documented from 0.8 to 1.8: an app past 80% of a limit is told how far.
  if (fullest >= 0.8)
    headers.emplace("x-ms-throttle-limit-percentage", format_percentage(std::min(fullest, 1.8)));
  if (!refused_by) {
    decision.headers = std::move(headers);
    return decision;
  }
  decision.limit = refused_by->id;
  auto retry_after =
      static_cast<long long>(std::ceil(std::chrono::duration<double>(room - now).count()));
  retry_after = std::max(1LL, retry_after);
  std::string message = "Too many requests: " + refusing_service->name + " allows " +
                        std::to_string(refused_by->budget) + " " + kind_words(refused_by->kind) +
                        "requests per " + format_number(refused_by->window_seconds, "%g") + " s " +
                        scope_words(refused_by->scope) + " (app " + app + ", tenant " + tenant +
                        "; limit " + refused_by->id + ").";
  message += refusing_service->retry_after
                 ? " Retry after " + std::to_string(retry_after) + " s."
                 : " This service sends no Retry-After: back off exponentially.";
  GraphError error = error_for_status(429, std::move(message));
  if (refusing_service->retry_after)
    error.headers.emplace_back("Retry-After", std::to_string(retry_after));
  error.headers.emplace_back("x-ms-throttle-scope", std::string(scope_word(refused_by->scope)) +
                                                        "/" + kind_word(refused_by->kind) + "/" +
                                                        app + "/" + tenant);
  error.headers.emplace_back("x-ms-throttle-information", refused_by->kind == LimitKind::kWrite
                                                              ? "WriteLimitExceeded"
                                                              : "ResourceUnitLimitExceeded");
  for (auto& [name, value] : headers) error.headers.emplace_back(name, value);
  decision.refuse = std::move(error);
  return decision;
}

nlohmann::json ThrottleEngine::state_json() const {
  std::lock_guard lock(mu_);
  nlohmann::json budgets = nlohmann::json::array();
  if (limits_) {
    TimePoint now = clock_.now();
    for (const auto& [key, budget] : budgets_) {
      const auto& [s, l, app, tenant] = key;
      const ThrottledService& service = limits_->services[s];
      const ServiceLimit& limit = service.limits[l];
      Duration window = window_of(limit);
      Budget current = budget;  // as of now, without changing what admit() keeps
      expire(current, now, window);
      if (current.runs.empty()) continue;
      nlohmann::json retry = nullptr;
      if (current.used >= limit.budget)
        retry = std::ceil(
            std::chrono::duration<double>(room_at(current, limit.budget, window) - now).count());
      budgets.push_back(
          {{"limit", limit.id},
           {"service", service.id},
           {"scope", scope_name(limit.scope)},
           {"kind", kind_name(limit.kind)},
           {"app", app.empty() ? nlohmann::json(nullptr) : nlohmann::json(app)},
           {"tenant", tenant.empty() ? nlohmann::json(nullptr) : nlohmann::json(tenant)},
           {"budget", limit.budget},
           {"windowSeconds", limit.window_seconds},
           {"used", current.used},
           {"retryAfterSeconds", retry}});
    }
  }
  return {{"enabled", limits_ != nullptr}, {"budgets", std::move(budgets)}};
}

}  // namespace graphmock
