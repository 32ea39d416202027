#include "routing/router.h"

#include <algorithm>

namespace graphmock {
namespace {

// The front leaves %2F and %25 escaped in the path (decode_path) so that an
// escaped '/' stays inside its segment; they are decoded here, per segment.
std::string unescape_segment(std::string_view seg) {
  if (seg.find('%') == std::string_view::npos) return std::string(seg);
  std::string out;
  out.reserve(seg.size());
  for (size_t i = 0; i < seg.size(); ++i) {
    std::string_view rest = seg.substr(i, 3);
    if (rest == "%2F" || rest == "%2f" || rest == "%25") {
      out += rest[2] == '5' ? '%' : '/';
      i += 2;
    } else {
      out += seg[i];
    }
  }
  return out;
}

}  // namespace

const std::string& RouteParams::get(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : values)
    if (k == name) return v;
  return kEmpty;
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  out.reserve(static_cast<size_t>(std::count(path.begin(), path.end(), '/')) +
              1);  // one allocation
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
      out.emplace_back(unescape_segment(seg.substr(0, open)));
      out.emplace_back(unescape_segment(key));
    } else {
      out.emplace_back(unescape_segment(seg));
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
