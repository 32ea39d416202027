#include "pipeline/validated_bodies.h"

#include <algorithm>
#include <mutex>

namespace graphmock {

bool ValidatedBodies::contains(const RouteInfo& route, bool partial,
                               const std::string& body) const {
  std::shared_lock lock(mu_);
  auto it = bodies_.find(body);
  if (it == bodies_.end()) return false;
  return std::find(it->second.begin(), it->second.end(), std::pair{&route, partial}) !=
         it->second.end();
}

void ValidatedBodies::insert(const RouteInfo& route, bool partial, const std::string& body) {
  if (body.size() > kMaxBodyBytes) return;
  std::unique_lock lock(mu_);
  if (bodies_.size() >= kMaxEntries && !bodies_.count(body)) bodies_.clear();
  auto& routes = bodies_[body];
  if (std::find(routes.begin(), routes.end(), std::pair{&route, partial}) == routes.end())
    routes.emplace_back(&route, partial);
}

}  // namespace graphmock
