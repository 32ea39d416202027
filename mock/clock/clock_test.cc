#include "clock/clock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace graphmock {

using namespace std::chrono_literals;

TEST(ManualClockTest, MovesOnlyWhenAdvanced) {
  ManualClock c(default_virtual_start());
  EXPECT_EQ(c.now(), default_virtual_start());
  c.advance(90s);
  EXPECT_EQ(c.now(), default_virtual_start() + 90s);
  c.reset();
  EXPECT_EQ(c.now(), default_virtual_start());
}

TEST(ManualClockTest, SleeperWakesWhenTimeReachesDeadline) {
  ManualClock c(default_virtual_start());
  std::atomic<bool> woke{false};
  const TimePoint deadline =
      c.now() + 5s;  // fixed before the thread starts: no race with advance()
  std::thread t([&] {
    c.sleep_until(deadline);
    woke = true;
  });
  c.advance(4s);
  EXPECT_FALSE(
      woke.load());  // not yet: only 4 of 5 seconds passed (woke is set only after the deadline)
  c.advance(1s);
  t.join();
  EXPECT_TRUE(woke.load());
}

TEST(ManualClockTest, InterruptReleasesSleepers) {
  ManualClock c(default_virtual_start());
  std::thread t([&] { c.sleep_for(std::chrono::hours(1)); });
  c.interrupt();
  t.join();  // returns only because interrupt() woke the sleeper
}

TEST(SystemClockTest, ScaleSpeedsUpTime) {
  SystemClock c(1000.0);
  auto a = c.now();
  c.sleep_for(2s);  // 2 mock seconds = 2 real milliseconds
  EXPECT_GE(c.now() - a, 2s);
}

}  // namespace graphmock
