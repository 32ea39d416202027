// The two clocks behind graphmock::Clock: wall time (optionally sped up) and
// the virtual clock that moves only through advance(). Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "graphmock/clock.h"
#include "graphmock/result.h"

namespace graphmock {

// Wall time, optionally sped up: with scale 10, one real second is ten mock
// seconds. Stops at latest_time(), however fast.
class SystemClock final : public Clock {
 public:
  explicit SystemClock(double scale = 1.0);
  TimePoint now() const override;
  bool sleep_until(TimePoint deadline, const StopCheck& stop) override;
  void wake() override;
  void interrupt() override;
  bool is_virtual() const override { return false; }

 private:
  const double scale_;
  const TimePoint origin_mock_;
  const std::chrono::steady_clock::time_point origin_steady_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> interrupted_{false};
};

// Time that moves only when advance() is called.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start);
  TimePoint now() const override;
  bool sleep_until(TimePoint deadline, const StopCheck& stop) override;
  void wake() override;
  void interrupt() override;
  bool is_virtual() const override { return true; }

  // A negative `d` does nothing; 400 (the clock unmoved) past latest_time().
  Status advance(Duration d);
  // Back to the start instant (admin reset).
  void reset();

 private:
  const TimePoint start_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  TimePoint now_;
  bool interrupted_ = false;
};

}  // namespace graphmock
