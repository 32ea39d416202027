// The one seam for time. Every timeline, throttle window, Retry-After and
// injected delay reads a Clock, so tests can use ManualClock and never sleep.
// All methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace graphmock {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;
using Duration = std::chrono::microseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Blocks the calling thread until now() >= deadline or interrupt() is called.
  virtual void sleep_until(TimePoint deadline) = 0;
  void sleep_for(Duration d) { sleep_until(now() + d); }
  // Wakes every sleeper (used at shutdown so no request waits forever).
  virtual void interrupt() = 0;
  virtual bool is_virtual() const = 0;
};

// Wall time, optionally sped up: with scale 10, one real second is ten mock seconds.
class SystemClock final : public Clock {
 public:
  explicit SystemClock(double scale = 1.0);
  TimePoint now() const override;
  void sleep_until(TimePoint deadline) override;
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
  void sleep_until(TimePoint deadline) override;
  void interrupt() override;
  bool is_virtual() const override { return true; }

  void advance(Duration d);
  // Back to the start instant (admin reset).
  void reset();

 private:
  const TimePoint start_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  TimePoint now_;
  bool interrupted_ = false;
};

// The default start of the virtual clock: fixtures are dated before it.
TimePoint default_virtual_start();

}  // namespace graphmock
