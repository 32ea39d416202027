#include "faults/path_pattern.h"

#include "routing/router.h"

namespace graphmock {
namespace {

bool match_from(const std::vector<std::string>& pat, size_t i, const std::vector<std::string>& segs,
                size_t j) {
  while (i < pat.size()) {
    if (pat[i] == "**") {
      // Collapse runs of ** and try every split point for the rest.
      while (i < pat.size() && pat[i] == "**") ++i;
      if (i == pat.size()) return true;
      for (size_t k = j; k <= segs.size(); ++k)
        if (match_from(pat, i, segs, k)) return true;
      return false;
    }
    if (j == segs.size()) return false;
    if (pat[i] != "*" && pat[i] != segs[j]) return false;
    ++i;
    ++j;
  }
  return j == segs.size();
}

}  // namespace

PathPattern::PathPattern(std::string_view pattern)
    : text_(pattern), segments_(split_path(pattern)), any_(false) {}

bool PathPattern::matches(std::string_view path) const {
  return any_ || match_from(segments_, 0, split_path(path), 0);
}

bool method_matches(std::string_view pattern, std::string_view method) {
  return pattern.empty() || pattern == "*" || pattern == method ||
         (pattern == "GET" && method == "HEAD");
}

}  // namespace graphmock
