#include "faults/path_pattern.h"

#include "routing/router.h"

namespace graphmock {

Result<PathPattern> PathPattern::parse(std::string_view pattern) {
  if (pattern.size() > kMaxBytes)
    return GraphError::bad_request("the pattern is " + std::to_string(pattern.size()) +
                                   " bytes long; at most " + std::to_string(kMaxBytes) +
                                   " are accepted.");
  PathPattern p;
  p.text_ = pattern;
  p.any_ = false;
  size_t n = 0;
  bool after_globstar = false;
  for (auto& seg : split_path(pattern)) {
    bool globstar = seg == "**";
    if (globstar && after_globstar) continue;  // `**/**` is `**`
    after_globstar = globstar;
    if (n < kMaxSegments) {
      uint64_t bit = uint64_t{1} << n;
      if (globstar)
        p.globstars_ |= bit;
      else if (seg == "*")
        p.stars_ |= bit;
      else
        p.literals_[std::move(seg)] |= bit;
    }
    ++n;
  }
  if (n > kMaxSegments)
    return GraphError::bad_request("the pattern has " + std::to_string(n) + " segments; at most " +
                                   std::to_string(kMaxSegments) + " are accepted.");
  p.end_ = uint64_t{1} << n;
  return p;
}

bool PathPattern::matches(std::string_view path) const {
  if (any_) return true;
  // A `**` state also enables the next one (it may match no segment). Runs of
  // `**` were merged, so one step reaches past each.
  auto closure = [this](uint64_t s) { return s | ((s & globstars_) << 1); };
  uint64_t state = closure(1);
  for (const auto& seg : split_path(path)) {
    uint64_t accepts = stars_;
    if (auto it = literals_.find(std::string_view(seg)); it != literals_.end())
      accepts |= it->second;
    state = closure(((state & accepts) << 1) | (state & globstars_));
    if (state == 0) return false;
  }
  return (state & end_) != 0;
}

bool method_matches(std::string_view pattern, std::string_view method) {
  return pattern.empty() || pattern == "*" || pattern == method ||
         (pattern == "GET" && method == "HEAD");
}

}  // namespace graphmock
