// The one seam for time. Every timeline, throttle window, Retry-After and
// injected delay reads a Clock, so tests can use a virtual clock and never sleep.
// All methods are thread-safe.
#pragma once

#include <chrono>

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

// The default start of the virtual clock: fixtures are dated before it.
TimePoint default_virtual_start();

}  // namespace graphmock
