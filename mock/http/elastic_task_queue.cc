#include "http/elastic_task_queue.h"

namespace graphmock {

ElasticTaskQueue::ElasticTaskQueue(size_t max_threads, std::chrono::seconds idle_timeout)
    : max_threads_(max_threads), idle_timeout_(idle_timeout) {}

ElasticTaskQueue::~ElasticTaskQueue() { shutdown(); }

void ElasticTaskQueue::enqueue(std::function<void()> fn) {
  std::unique_lock lock(mu_);
  if (shutdown_) return;
  jobs_.push_back(std::move(fn));
  if (idle_ >= jobs_.size() || threads_ >= max_threads_) {
    cv_.notify_one();
    return;
  }
  ++threads_;
  lock.unlock();
  std::thread([this] { worker(); }).detach();
}

void ElasticTaskQueue::worker() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (jobs_.empty()) {
      if (shutdown_) break;
      ++idle_;
      bool woke = cv_.wait_for(lock, idle_timeout_, [this] { return shutdown_ || !jobs_.empty(); });
      --idle_;
      if (!woke) break;  // idle too long: give the thread back
      continue;
    }
    auto fn = std::move(jobs_.front());
    jobs_.pop_front();
    lock.unlock();
    fn();
    lock.lock();
  }
  --threads_;
  exited_cv_.notify_all();
}

void ElasticTaskQueue::shutdown() {
  std::unique_lock lock(mu_);
  shutdown_ = true;
  cv_.notify_all();
  // Running connections finish (the server has closed its socket); wait for them.
  exited_cv_.wait(lock, [this] { return threads_ == 0; });
}

size_t ElasticTaskQueue::threads() const {
  std::lock_guard lock(mu_);
  return threads_;
}

}  // namespace graphmock
