// ThrottleEngine: the pipeline's ThrottleStage. With limits configured
// (--throttling graph, a scenario's "throttling"), every Graph request that
// passed auth is counted against each limit of each service whose routes match
// its path: per app and tenant, per tenant or per app, the app and tenant taken
// from the token's appid/azp and tid claims (the limits' defaults without them).
//
// A budget is a sliding window on the mock's clock: a request is refused when
// the window already holds `budget` requests. Refused requests count too, as
// Graph keeps counting a throttled client's usage, so an early retry spends
// budget and can prolong the throttling. The 429's Retry-After is the seconds
// until the limit that refused has room again (rounded up); when several are
// full, the one whose room comes last answers.
//
// Off (the default) admit() costs one atomic load. Thread-safe.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>

#include "pipeline/pipeline.h"
#include "throttling/throttling_limits.h"

namespace graphmock {

class ThrottleEngine final : public ThrottleStage {
 public:
  explicit ThrottleEngine(Clock& clock);

  // nullopt turns throttling off. Either way every budget starts empty.
  void configure(std::optional<ThrottlingLimits> limits);
  void reset();  // every budget empty again

  ThrottleDecision admit(const Request& request, const Claims& claims) override;

  // GET /_mock/state's "throttling": {"enabled", "budgets": [{"limit", "service", "scope",
  // "kind", "app", "tenant", "budget", "windowSeconds", "used", "retryAfterSeconds"}]}; app and
  // tenant are null where the scope does not count them apart, retryAfterSeconds null while
  // the budget has room.
  nlohmann::json state_json() const;

 private:
  // Requests in a window: runs of (time, count) oldest first, so requests at one
  // instant (the virtual clock standing still) take one entry.
  struct Budget {
    std::deque<std::pair<TimePoint, uint64_t>> runs;
    uint64_t used = 0;
  };
  // (service index, limit index, app or "", tenant or "")
  using Key = std::tuple<size_t, size_t, std::string, std::string>;

  static void expire(Budget& budget, TimePoint now, Duration window);
  static TimePoint room_at(const Budget& budget, uint64_t limit, Duration window);
  void expire_all(TimePoint now);  // call with mu_ held

  Clock& clock_;
  std::atomic<bool> enabled_{false};
  mutable std::mutex mu_;  // guards what follows
  std::shared_ptr<const ThrottlingLimits> limits_;
  std::map<Key, Budget> budgets_;
};

}  // namespace graphmock
