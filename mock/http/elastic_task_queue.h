// cpp-httplib runs each connection as one task for its whole keep-alive life,
// and a handler that waits (an injected delay) keeps its thread. A fixed pool
// would let idle connections and delays starve new clients, so this queue
// reuses an idle thread when there is one and otherwise starts a new one (up
// to max_threads). Idle threads exit after `idle_timeout`. Thread-safe.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace graphmock {

class ElasticTaskQueue final : public httplib::TaskQueue {
 public:
  explicit ElasticTaskQueue(size_t max_threads = 4096,
                            std::chrono::seconds idle_timeout = std::chrono::seconds(30));
  ~ElasticTaskQueue() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  size_t threads() const;

 private:
  void worker();

  const size_t max_threads_;
  const std::chrono::seconds idle_timeout_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::condition_variable exited_cv_;
  std::deque<std::function<void()>> jobs_;
  size_t threads_ = 0;
  size_t idle_ = 0;
  bool shutdown_ = false;
};

}  // namespace graphmock
