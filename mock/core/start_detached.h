// Tests only: a call that can block for ever (a sleep on the clock, a stop, a
// join) runs on a detached thread and the test waits on the returned future
// with a deadline, so a regression fails the test instead of hanging the suite.
#pragma once

#include <functional>
#include <future>
#include <thread>

namespace graphmock::testing {

// The future is ready when fn has returned. If it never returns, the thread
// stays blocked after the test: fn may only use state it shares ownership of.
inline std::future<void> start_detached(std::function<void()> fn) {
  std::promise<void> done;
  auto returned = done.get_future();
  std::thread([fn = std::move(fn), done = std::move(done)]() mutable {
    fn();
    done.set_value();
  }).detach();
  return returned;
}

}  // namespace graphmock::testing
