#include "clock/clock.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>

#include "core/start_detached.h"

namespace graphmock {

using namespace std::chrono_literals;
using graphmock::testing::start_detached;
constexpr auto kReady = std::future_status::ready;

TEST(ManualClockTest, MovesOnlyWhenAdvanced) {
  ManualClock c(default_virtual_start());
  EXPECT_EQ(c.now(), default_virtual_start());
  ASSERT_TRUE(c.advance(90s).ok());
  EXPECT_EQ(c.now(), default_virtual_start() + 90s);
  c.reset();
  EXPECT_EQ(c.now(), default_virtual_start());
}

TEST(ManualClockTest, SleeperWakesWhenTimeReachesDeadline) {
  auto c = std::make_shared<ManualClock>(default_virtual_start());
  const TimePoint deadline =
      c->now() + 5s;  // fixed before the sleeper starts: no race with advance()
  auto woke = start_detached([c, deadline] { EXPECT_TRUE(c->sleep_until(deadline, {})); });
  ASSERT_TRUE(c->advance(4s).ok());
  EXPECT_NE(woke.wait_for(0s), kReady) << "woke after 4 of 5 seconds";
  ASSERT_TRUE(c->advance(1s).ok());
  EXPECT_EQ(woke.wait_for(10s), kReady) << "the sleeper did not wake at its deadline";
}

TEST(ManualClockTest, InterruptReleasesSleepers) {
  auto c = std::make_shared<ManualClock>(default_virtual_start());
  auto woke = start_detached([c] { EXPECT_FALSE(c->sleep_until(c->now() + 1h, {})); });
  c->interrupt();  // the clock never moves: only interrupt() can wake the sleeper
  EXPECT_EQ(woke.wait_for(10s), kReady) << "interrupt() did not wake the sleeper";
}

TEST(ManualClockTest, StopCheckEndsASleepOnWake) {
  auto c = std::make_shared<ManualClock>(default_virtual_start());
  auto stop = std::make_shared<std::atomic<bool>>(false);
  auto woke = start_detached(
      [c, stop] { EXPECT_FALSE(c->sleep_until(c->now() + 1h, [stop] { return stop->load(); })); });
  *stop = true;
  c->wake();
  EXPECT_EQ(woke.wait_for(10s), kReady) << "the sleeper did not check its stop on wake()";
  EXPECT_EQ(c->now(), default_virtual_start());
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
