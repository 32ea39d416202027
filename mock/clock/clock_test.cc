#include "clock/clock.h"

#include <gtest/gtest.h>

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
  c.advance(90s);
  EXPECT_EQ(c.now(), default_virtual_start() + 90s);
  c.reset();
  EXPECT_EQ(c.now(), default_virtual_start());
}

TEST(ManualClockTest, SleeperWakesWhenTimeReachesDeadline) {
  auto c = std::make_shared<ManualClock>(default_virtual_start());
  const TimePoint deadline =
      c->now() + 5s;  // fixed before the sleeper starts: no race with advance()
  auto woke = start_detached([c, deadline] { c->sleep_until(deadline); });
  c->advance(4s);
  EXPECT_NE(woke.wait_for(0s), kReady) << "woke after 4 of 5 seconds";
  c->advance(1s);
  EXPECT_EQ(woke.wait_for(10s), kReady) << "the sleeper did not wake at its deadline";
}

TEST(ManualClockTest, InterruptReleasesSleepers) {
  auto c = std::make_shared<ManualClock>(default_virtual_start());
  auto woke = start_detached([c] { c->sleep_for(1h); });
  c->interrupt();  // the clock never moves: only interrupt() can wake the sleeper
  EXPECT_EQ(woke.wait_for(10s), kReady) << "interrupt() did not wake the sleeper";
}

TEST(SystemClockTest, ScaleSpeedsUpTime) {
  SystemClock c(1000.0);
  auto a = c.now();
  c.sleep_for(2s);  // 2 mock seconds = 2 real milliseconds
  EXPECT_GE(c.now() - a, 2s);
}

}  // namespace graphmock
