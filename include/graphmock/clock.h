// The one seam for time. Every timeline, throttle window, Retry-After and
// injected delay reads a Clock, so tests can use a virtual clock and never sleep.
// All methods are thread-safe.
#pragma once

#include <chrono>
#include <functional>

namespace graphmock {

using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;
using Duration = std::chrono::microseconds;

class Clock {
 public:
  // A sleeper's reason to stop early (its client left, its fault rule was deleted).
  using StopCheck = std::function<bool()>;
  // How often a sleeper checks `stop` without being woken: what notices a
  // client that left, which nothing signals.
  static constexpr std::chrono::milliseconds kStopCheckInterval{100};

  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Blocks the calling thread until now() >= deadline, interrupt() is called or
  // `stop` (if set) returns true; `stop` is checked on wake() and every
  // kStopCheckInterval of real time. True when the deadline was reached.
  virtual bool sleep_until(TimePoint deadline, const StopCheck& stop) = 0;
  // Makes sleepers check their `stop` now.
  virtual void wake() = 0;
  // Wakes every sleeper (used at shutdown so no request waits forever).
  virtual void interrupt() = 0;
  virtual bool is_virtual() const = 0;
};

// The default start of the virtual clock: fixtures are dated before it.
TimePoint default_virtual_start();
// The latest instant a clock shows, 9000-01-01T00:00:00Z: a timeline adds at
// most a few 1e9 s spans (about 32 years each) to now, so every timestamp the
// mock writes stays a four-digit year, as RFC 3339 and the schemas want.
constexpr TimePoint latest_time() { return std::chrono::sys_days{std::chrono::year{9000} / 1 / 1}; }

}  // namespace graphmock
