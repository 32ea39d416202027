// State shared by a family's handlers: readers share a lock, writers take it
// alone. Every access goes through read()/write(), so no caller holds a lock
// by convention.
#pragma once

#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
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

// Items kept in fixture order (paging is stable) with an index by id.
template <class T>
struct IndexedList {
  std::vector<T> items;
  std::unordered_map<std::string, size_t> index;

  void add(const std::string& id, T item) {
    index[id] = items.size();
    items.push_back(std::move(item));
  }
  const T* find(const std::string& id) const {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &items[it->second];
  }
  T* find(const std::string& id) {
    auto it = index.find(id);
    return it == index.end() ? nullptr : &items[it->second];
  }
};

}  // namespace graphmock
