// The path matcher (fault rules, response sequences, journal filters) over
// arbitrary bytes: "PATTERN\nPATH". It must accept or refuse any pattern
// without crashing, and agree with a plain memoised recursion over the same
// segments, which is simple enough to trust.
#include <vector>

#include "faults/path_pattern.h"
#include "fuzz/fuzz_support.h"
#include "routing/router.h"

namespace {

using Segments = std::vector<std::string>;

// Whether pattern[i..] matches path[j..]; memo: 0 unknown, 1 no, 2 yes.
bool reference(const Segments& pattern, size_t i, const Segments& path, size_t j,
               std::vector<char>& memo) {
  char& known = memo[i * (path.size() + 1) + j];
  if (known) return known == 2;
  bool out;
  if (i == pattern.size())
    out = j == path.size();
  else if (pattern[i] == "**")
    out = reference(pattern, i + 1, path, j, memo) ||
          (j < path.size() && reference(pattern, i, path, j + 1, memo));
  else
    out = j < path.size() && (pattern[i] == "*" || pattern[i] == path[j]) &&
          reference(pattern, i + 1, path, j + 1, memo);
  known = out ? 2 : 1;
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock;
  std::string_view text = fuzz::as_text(data, size);
  size_t nl = text.find('\n');
  std::string_view pattern_text = text.substr(0, nl);
  std::string_view path = nl == std::string_view::npos ? "" : text.substr(nl + 1);
  auto pattern = PathPattern::parse(pattern_text);
  if (!pattern) {
    if (pattern.error().status != 400) __builtin_trap();
    return 0;
  }
  if (pattern->text() != pattern_text) __builtin_trap();
  const Segments pattern_segments = split_path(pattern_text);
  const Segments path_segments = split_path(path);
  std::vector<char> memo((pattern_segments.size() + 1) * (path_segments.size() + 1));
  if (pattern->matches(path) != reference(pattern_segments, 0, path_segments, 0, memo))
    __builtin_trap();
  return 0;
}
