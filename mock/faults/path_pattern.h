// Path patterns shared by fault rules, response sequences and journal filters:
// literal segments, `*` for exactly one segment, `**` for any number (zero
// included). OData key syntax is unwrapped first, as the router does, so
// /beta/teamwork/devices/*/runDiagnostics also matches devices('x')/runDiagnostics.
// Immutable after construction; safe to share between threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace graphmock {

class PathPattern {
 public:
  PathPattern() = default;  // matches every path
  explicit PathPattern(std::string_view pattern);

  bool matches(std::string_view path) const;
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::string> segments_;
  bool any_ = true;
};

// "*" or "" match every method; otherwise an exact, case-sensitive match (HEAD counts as GET).
bool method_matches(std::string_view pattern, std::string_view method);

}  // namespace graphmock
