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

namespace {
// Whether `entry` remembers exactly the string `text` points to: the same owner, still alive.
bool same_string(const std::weak_ptr<const std::string>& entry,
                 const std::shared_ptr<const std::string>& text) {
  return !entry.expired() && !entry.owner_before(text) && !text.owner_before(entry);
}
}  // namespace

bool ValidatedBodies::contains(const RouteInfo& route, bool partial,
                               const std::shared_ptr<const std::string>& text, Part part) const {
  std::shared_lock lock(mu_);
  auto it = stored_.find(text.get());
  if (it == stored_.end() || !same_string(it->second.text, text)) return false;
  return std::find(it->second.uses.begin(), it->second.uses.end(), Use{&route, partial, part}) !=
         it->second.uses.end();
}

void ValidatedBodies::insert(const RouteInfo& route, bool partial,
                             const std::shared_ptr<const std::string>& text, Part part) {
  if (text->size() > kMaxBytes) return;
  std::unique_lock lock(mu_);
  auto it = stored_.find(text.get());
  if (it != stored_.end() && !same_string(it->second.text, text)) {
    stored_bytes_ -= it->second.size;
    stored_.erase(it);
    it = stored_.end();
  }
  if (it == stored_.end()) {
    if (stored_bytes_ + text->size() > kMaxBytes) {
      stored_.clear();
      stored_bytes_ = 0;
    }
    it = stored_.emplace(text.get(), Stored{text, text->size(), {}}).first;
    stored_bytes_ += text->size();
  }
  if (std::find(it->second.uses.begin(), it->second.uses.end(), Use{&route, partial, part}) ==
      it->second.uses.end())
    it->second.uses.push_back({&route, partial, part});
}

}  // namespace graphmock
