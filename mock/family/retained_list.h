// The records one owner accumulates (a Teams device's operations, a managed
// device's log collection requests): creation order for listing, an index by
// id, removal anywhere in O(1), and a retention policy that drops the oldest
// finished records so memory stays bounded however many a client creates.
// Not thread-safe: it lives inside a family's Locked<> data.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>
#include <list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "graphmock/clock.h"
#include "graphmock/options.h"

namespace graphmock {

// How many finished records an owner keeps, and for how long after they
// finished. A queued or in-progress record is never dropped (it counts
// toward max_count). Applied on every write to the owner: memory only grows
// on writes. Defaults: docs/performance.md "Retention".
struct RetentionPolicy {
  size_t max_count = 1000;
  Duration max_age = std::chrono::hours(24 * 30);  // zero: no age limit
  // A record ages from when it finished or from this, whichever is later: the
  // moment the mock started, so history loaded from fixtures (dated before the
  // clock's start) is kept until it is max_age older than the mock itself.
  TimePoint ages_from{};
};

// The policy a scenario document's "retention" sets, each field overridden by
// its flag in `options` when given (flags beat files); records age from
// `started` at the earliest (FamilyEnv::started).
inline RetentionPolicy retention_from(const nlohmann::json& scenario, const ServerOptions& options,
                                      TimePoint started) {
  RetentionPolicy policy;
  policy.ages_from = started;
  nlohmann::json r = scenario.is_object() ? scenario.value("retention", nlohmann::json::object())
                                          : nlohmann::json::object();
  if (options.retain_operations)
    policy.max_count = *options.retain_operations;
  else if (r.contains("finishedPerDevice"))
    policy.max_count = r["finishedPerDevice"].get<size_t>();
  std::optional<double> seconds = options.retain_seconds;
  if (!seconds && r.contains("finishedMaxAgeSeconds"))
    seconds = r["finishedMaxAgeSeconds"].get<double>();
  if (seconds)
    policy.max_age = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(*seconds));
  return policy;
}

template <class T>
class RetainedList {
 public:
  using const_iterator = typename std::list<T>::const_iterator;

  RetainedList() = default;
  // The index points into the list's nodes: moving keeps them, copying would not.
  RetainedList(RetainedList&&) noexcept = default;
  RetainedList& operator=(RetainedList&&) noexcept = default;
  // A copy (the state reset restores) gets an index into its own nodes.
  RetainedList(const RetainedList& other) : items_(other.items_) {
    std::unordered_map<const T*, typename std::list<T>::iterator> mine;
    auto it = items_.begin();
    for (const T& item : other.items_) mine.emplace(&item, it++);
    for (const auto& [id, at] : other.index_) index_.emplace(id, mine.at(&*at));
  }
  RetainedList& operator=(const RetainedList& other) {
    RetainedList copy(other);
    *this = std::move(copy);
    return *this;
  }

  // Adds `item` last under `id` (an id already present is shadowed in the
  // index: callers refuse duplicates first).
  T& add(std::string id, T item) {
    items_.push_back(std::move(item));
    index_[std::move(id)] = std::prev(items_.end());
    return items_.back();
  }
  const T* find(std::string_view id) const {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &*it->second;
  }
  T* find(std::string_view id) {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &*it->second;
  }
  bool erase(std::string_view id) {
    auto it = index_.find(id);
    if (it == index_.end()) return false;
    items_.erase(it->second);
    index_.erase(it);
    return true;
  }
  size_t size() const { return items_.size(); }
  const_iterator begin() const { return items_.begin(); }
  const_iterator end() const { return items_.end(); }

  // Drops the oldest finished records while more than policy.max_count are
  // kept, and those finished (or, when later, policy.ages_from) more than
  // policy.max_age before `now`.
  // `finished_at(record, now)` is when the record finished, nullopt while it
  // is queued or in progress; `id_of(record)` its id. Stops at the first
  // pending or young record once under the count, so the cost is the records
  // dropped (plus, over the count, the pending ones skipped).
  template <class FinishedAt, class IdOf>
  void retain(const RetentionPolicy& policy, TimePoint now, FinishedAt finished_at, IdOf id_of) {
    size_t excess = items_.size() > policy.max_count ? items_.size() - policy.max_count : 0;
    for (auto it = items_.begin(); it != items_.end();) {
      std::optional<TimePoint> finished = finished_at(*it, now);
      if (!finished) {
        if (excess == 0) break;
        ++it;
        continue;
      }
      bool old = policy.max_age.count() > 0 &&
                 std::max(*finished, policy.ages_from) + policy.max_age <= now;
      if (excess == 0 && !old) break;
      if (auto at = index_.find(std::string_view(id_of(*it)));
          at != index_.end() && at->second == it)
        index_.erase(at);
      it = items_.erase(it);
      if (excess > 0) --excess;
    }
  }

 private:
  // Lookups by string_view without building a std::string.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::list<T> items_;
  std::unordered_map<std::string, typename std::list<T>::iterator, Hash, std::equal_to<>> index_;
};

}  // namespace graphmock
