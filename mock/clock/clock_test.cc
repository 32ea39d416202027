#include "clock/clock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace graphmock {

using namespace std::chrono_literals;

TEST(ManualClockTest, MovesOnlyWhenAdvanced) {
  ManualClock c(default_virtual_start());
  EXPECT_EQ(c.now(), default_virtual_start());
  ASSERT_TRUE(c.advance(90s).ok());
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
    EXPECT_TRUE(c.sleep_until(deadline, {}));
    woke = true;
  });
  ASSERT_TRUE(c.advance(4s).ok());
  EXPECT_FALSE(
      woke.load());  // not yet: only 4 of 5 seconds passed (woke is set only after the deadline)
  ASSERT_TRUE(c.advance(1s).ok());
  t.join();
  EXPECT_TRUE(woke.load());
}

TEST(ManualClockTest, InterruptReleasesSleepers) {
  ManualClock c(default_virtual_start());
  std::thread t([&] { EXPECT_FALSE(c.sleep_until(c.now() + std::chrono::hours(1), {})); });
  c.interrupt();
  t.join();  // returns only because interrupt() woke the sleeper
}

TEST(ManualClockTest, StopCheckEndsASleepOnWake) {
  ManualClock c(default_virtual_start());
  std::atomic<bool> stop{false};
  std::thread t([&] {
    EXPECT_FALSE(c.sleep_until(c.now() + std::chrono::hours(1), [&] { return stop.load(); }));
  });
  stop = true;
  c.wake();
  t.join();  // returns only because the sleeper checked `stop`
  EXPECT_EQ(c.now(), default_virtual_start());
}

// Past latest_time() a timestamp would need a fifth year digit: the clock refuses to go there.
TEST(ManualClockTest, StopsAtTheLatestTime) {
  ManualClock c(default_virtual_start());
  ASSERT_TRUE(c.advance(latest_time() - c.now() - 1s).ok());
  Status over = c.advance(2s);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().status, 400);
  EXPECT_EQ(over.error().message,
            "The virtual clock stops at 9000-01-01T00:00:00Z, so that every timestamp keeps a "
            "four-digit year: it is 8999-12-31T23:59:59Z, so seconds may be at most 1.");
  EXPECT_EQ(c.now(), latest_time() - 1s);
  ASSERT_TRUE(c.advance(1s).ok());
  EXPECT_EQ(c.now(), latest_time());
  EXPECT_FALSE(c.advance(Duration(1)).ok());
}

TEST(SystemClockTest, ScaleSpeedsUpTime) {
  SystemClock c(1000.0);
  auto a = c.now();
  EXPECT_TRUE(c.sleep_until(a + 2s, {}));  // 2 mock seconds = 2 real milliseconds
  EXPECT_GE(c.now() - a, 2s);
}

}  // namespace graphmock
