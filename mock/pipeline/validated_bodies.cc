#include "pipeline/validated_bodies.h"

#include <algorithm>
#include <mutex>

namespace graphmock {

bool ValidatedBodies::contains(const RouteInfo& route, bool partial, std::string_view text,
                               Part part) const {
  std::shared_lock lock(mu_);
  auto it = bodies_.find(text);
  if (it == bodies_.end()) return false;
  return std::find(it->second.begin(), it->second.end(), Use{&route, partial, part}) !=
         it->second.end();
}

void ValidatedBodies::insert(const RouteInfo& route, bool partial, std::string_view text,
                             Part part) {
  if (text.size() > kMaxBytes) return;
  std::unique_lock lock(mu_);
  auto it = bodies_.find(text);
  if (it == bodies_.end()) {
    if (bytes_ + text.size() > kMaxBytes) {
      bodies_.clear();
      bytes_ = 0;
    }
    it = bodies_.emplace(std::string(text), std::vector<Use>{}).first;
    bytes_ += text.size();
  }
  if (std::find(it->second.begin(), it->second.end(), Use{&route, partial, part}) ==
      it->second.end())
    it->second.push_back({&route, partial, part});
}

}  // namespace graphmock
