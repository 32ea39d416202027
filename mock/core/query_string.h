// Percent-decoding and -encoding of request targets: the query string into ordered pairs,
// the path into the form the router splits. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "graphmock/http_types.h"

namespace graphmock {

// Decodes %XX escapes ('+' is a space when plus_is_space); an invalid escape
// stays as sent.
std::string percent_decode(std::string_view s, bool plus_is_space);
// Percent-encodes every byte but ASCII letters and digits and those in `keep`
// (each caller's safe set: a path segment, a query value).
std::string percent_encode(std::string_view s, std::string_view keep);
// Parses "a=1&b=%20x" into decoded pairs, in order ('+' is a space).
QueryParams parse_query_string(std::string_view raw);
// The path decoded except %2F and %25: an escaped '/' inside a key must not
// become a separator, so the router decodes those two per segment.
std::string decode_path(std::string_view raw);

}  // namespace graphmock
