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

// How deep a JSON document read from outside may nest (a HAR file, an upstream
// answer, a body inside a HAR, a fixture or scenario file): far beyond any
// Graph payload, yet shallow enough for every recursive walk (dump(), the
// schema validator, the scrubber) to stay well inside the stack.
inline constexpr size_t kMaxDocumentDepth = 256;

// Every reader of outside data parses through this: a 400 "<what>: JSON nests
// deeper than 256 levels" or "<what> is not JSON: <parser's message>", never an
// exception. `what` names the source ("capture.har", "entry 3 response body").
Result<nlohmann::json> parse_json_document(std::string_view text, std::string_view what);

}  // namespace graphmock
