#include "routing/router.h"

namespace graphmock {

const std::string& RouteParams::get(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : values)
    if (k == name) return v;
  return kEmpty;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    if (i >= path.size()) break;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    // OData key segment: name('key') or name(key) -> name, key
    size_t open = seg.find('(');
    if (open != std::string_view::npos && open > 0 && seg.back() == ')') {
      std::string_view key = seg.substr(open + 1, seg.size() - open - 2);
      if (key.size() >= 2 && key.front() == '\'' && key.back() == '\'')
        key = key.substr(1, key.size() - 2);
      out.emplace_back(seg.substr(0, open));
      out.emplace_back(key);
    } else {
      out.emplace_back(seg);
    }
    i = j;
  }
  return out;
}

size_t common_segment_prefix(const std::vector<std::string>& pattern,
                             const std::vector<std::string>& path) {
  size_t n = 0;
  while (n < pattern.size() && n < path.size()) {
    const auto& p = pattern[n];
    bool param = p.size() > 2 && p.front() == '{' && p.back() == '}';
    if (!param && p != path[n]) break;
    ++n;
  }
  return n;
}

}  // namespace graphmock
