// Response bodies of GET routes that passed schema validation, remembered by
// route and exact bytes, so a repeat read of unchanged data is not validated
// again (validation is a pure function of the route and the body). Only valid
// bodies are kept: an invalid one is checked, and reported, every time.
// Bounded (forgets everything when full); thread-safe.
#pragma once

#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "routing/router.h"

namespace graphmock {

class ValidatedBodies {
 public:
  static constexpr size_t kMaxEntries = 256;
  static constexpr size_t kMaxBodyBytes = 32 * 1024;

  bool contains(const RouteInfo& route, bool partial, const std::string& body) const;
  void insert(const RouteInfo& route, bool partial, const std::string& body);

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::vector<std::pair<const RouteInfo*, bool>>> bodies_;
};

}  // namespace graphmock
