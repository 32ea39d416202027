#include "clock/clock.h"

#include "core/time_format.h"

namespace graphmock {

SystemClock::SystemClock(double scale)
    : scale_(scale > 0 ? scale : 1.0),
      origin_mock_(std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now())),
      origin_steady_(std::chrono::steady_clock::now()) {}

TimePoint SystemClock::now() const {
  auto real = std::chrono::steady_clock::now() - origin_steady_;
  auto scaled = std::chrono::duration_cast<Duration>(real * scale_);
  return std::min(origin_mock_ + scaled, latest_time());
}

bool SystemClock::sleep_until(TimePoint deadline, const StopCheck& stop) {
  deadline = std::min(deadline, latest_time());  // now() stops there
  std::unique_lock lock(mu_);
  for (;;) {
    auto mock_left = deadline - now();
    if (mock_left <= Duration::zero()) return true;
    if (interrupted_ || (stop && stop())) return false;
    auto real_left =
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(mock_left / scale_);
    cv_.wait_for(lock,
                 std::min<std::chrono::steady_clock::duration>(real_left, kStopCheckInterval));
  }
}

void SystemClock::wake() {
  std::lock_guard lock(mu_);  // a sleeper between its checks and its wait is not missed
  cv_.notify_all();
}

void SystemClock::interrupt() {
  {
    std::lock_guard lock(mu_);
    interrupted_ = true;
  }
  cv_.notify_all();
}

ManualClock::ManualClock(TimePoint start) : start_(start), now_(start) {}

TimePoint ManualClock::now() const {
  std::lock_guard lock(mu_);
  return now_;
}

bool ManualClock::sleep_until(TimePoint deadline, const StopCheck& stop) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (now_ >= deadline) return true;
    if (interrupted_ || (stop && stop())) return false;
    if (stop)
      cv_.wait_for(lock, kStopCheckInterval);
    else
      cv_.wait(lock);
  }
}

void ManualClock::wake() {
  std::lock_guard lock(mu_);
  cv_.notify_all();
}

void ManualClock::interrupt() {
  {
    std::lock_guard lock(mu_);
    interrupted_ = true;
  }
  cv_.notify_all();
}

Status ManualClock::advance(Duration d) {
  {
    std::lock_guard lock(mu_);
    if (d > latest_time() - now_) {
      auto left = std::chrono::duration_cast<std::chrono::seconds>(latest_time() - now_);
      return GraphError::bad_request("The virtual clock stops at " + format_iso8601(latest_time()) +
                                     ", so that every timestamp keeps a four-digit year: it is " +
                                     format_iso8601(now_) + ", so seconds may be at most " +
                                     std::to_string(left.count()) + ".");
    }
    if (d > Duration::zero()) now_ += d;
  }
  cv_.notify_all();
  return {};
}

void ManualClock::reset() {
  std::lock_guard lock(mu_);
  now_ = start_;
}

TimePoint default_virtual_start() { return *parse_iso8601("2026-01-05T09:00:00Z"); }

}  // namespace graphmock
