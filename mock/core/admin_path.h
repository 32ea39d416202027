// Where the admin API lives: /_mock and everything under it, never a Graph path.
// The pipeline routes by it, the journal's ring leaves it out, the HTTP front
// refuses other origins on it.
#pragma once

#include <string_view>

namespace graphmock {

inline bool is_admin_path(std::string_view path) {
  return path == "/_mock" || path.starts_with("/_mock/");
}

}  // namespace graphmock
