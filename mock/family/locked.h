// State shared by a family's handlers: readers share a lock, writers take it
// alone. Every access goes through read()/write(), so no caller holds a lock
// by convention.
#pragma once

#include <mutex>
#include <shared_mutex>
#include <utility>

namespace graphmock {

template <class Data>
class Locked {
 public:
  template <class F>
  auto read(F&& f) const {
    std::shared_lock lock(mu_);
    return f(static_cast<const Data&>(data_));
  }
  template <class F>
  auto write(F&& f) {
    std::unique_lock lock(mu_);
    return f(data_);
  }
  void replace(Data data) {
    std::unique_lock lock(mu_);
    data_ = std::move(data);
  }

 private:
  mutable std::shared_mutex mu_;
  Data data_;
};

}  // namespace graphmock
