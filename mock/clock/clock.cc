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
  return origin_mock_ + scaled;
}

void SystemClock::sleep_until(TimePoint deadline) {
  auto mock_left = deadline - now();
  if (mock_left <= Duration::zero()) return;
  auto real_left =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(mock_left / scale_);
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, real_left, [this] { return interrupted_.load(); });
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

void ManualClock::sleep_until(TimePoint deadline) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return interrupted_ || now_ >= deadline; });
}

void ManualClock::interrupt() {
  {
    std::lock_guard lock(mu_);
    interrupted_ = true;
  }
  cv_.notify_all();
}

void ManualClock::advance(Duration d) {
  {
    std::lock_guard lock(mu_);
    if (d > Duration::zero()) now_ += d;
  }
  cv_.notify_all();
}

void ManualClock::reset() {
  std::lock_guard lock(mu_);
  now_ = start_;
}

TimePoint default_virtual_start() { return *parse_iso8601("2026-01-05T09:00:00Z"); }

}  // namespace graphmock
