// JSON request bodies, parsed the way Graph treats them, with guards for what
// a hostile client can send. nlohmann parses iteratively, but dump(), the
// schema validator and every recursive walk over a parsed document use the
// call stack: a body of 100,000 '[' would overflow it, so depth is measured on
// the raw bytes first. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "graphmock/result.h"

namespace graphmock {

// The largest depth of [ and { outside strings, counting up to `stop_after`
// + 1 at most (scanning ends there). Malformed text is measured as far as it
// goes; the parser reports its own errors.
size_t json_nesting_depth(std::string_view text, size_t stop_after);

// A 400 BadRequest for: nesting deeper than `max_depth`, a syntax error
// (invalid UTF-8 included), a number out of range (1e400), or a property name
// twice in one object (as Graph's OData reader refuses).
Result<nlohmann::json> parse_json_body(std::string_view text, size_t max_depth);

}  // namespace graphmock
