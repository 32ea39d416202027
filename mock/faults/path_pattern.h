// Path patterns shared by fault rules, response sequences and journal filters:
// literal segments, `*` for exactly one segment, `**` for any number (zero
// included). OData key syntax is unwrapped first, as the router does, so
// /beta/teamwork/devices/*/runDiagnostics also matches devices('x')/runDiagnostics.
//
// Patterns come from users (a fault rule, ?path= on the journal), so matching
// is linear in the path whatever the pattern: the pattern runs as a
// non-deterministic automaton whose states (one per pattern segment, plus the
// end) are the bits of one 64-bit word, advanced once per path segment. Hence
// the caps below; paths need none beyond the front's URL limit.
// Immutable after construction; safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "graphmock/result.h"

namespace graphmock {

class PathPattern {
 public:
  // One state bit per segment and one for the end fit in a uint64_t.
  static constexpr size_t kMaxSegments = 63;
  // As long as the longest request target the front accepts (--max-url-bytes <= 8000).
  static constexpr size_t kMaxBytes = 8000;

  PathPattern() = default;  // matches every path
  // The reason (without a location) when `pattern` is over a cap.
  static Result<PathPattern> parse(std::string_view pattern);

  // O(path length): one hash lookup and a few word operations per segment.
  bool matches(std::string_view path) const;
  const std::string& text() const { return text_; }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::string text_;
  bool any_ = true;
  // Bit i of a state stands for "pattern segment i comes next", bit `end_`
  // for "all of it matched". Per segment kind, the bits of those segments:
  std::unordered_map<std::string, uint64_t, Hash, std::equal_to<>> literals_;  // by text
  uint64_t stars_ = 0;
  uint64_t globstars_ = 0;  // a run of `**` counts as one
  uint64_t end_ = 1;
};

// "*" or "" match every method; otherwise an exact, case-sensitive match (HEAD counts as GET).
bool method_matches(std::string_view pattern, std::string_view method);

}  // namespace graphmock
