// ISO 8601 UTC timestamps as Graph writes them ("2026-01-05T09:00:00Z",
// fractional seconds only when present).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "graphmock/clock.h"

namespace graphmock {

std::string format_iso8601(TimePoint t);
// Accepts RFC 3339 date-times with any offset; nullopt when malformed.
std::optional<TimePoint> parse_iso8601(std::string_view s);
// An RFC 7231 date for the HTTP Date header.
std::string format_http_date(TimePoint t);

}  // namespace graphmock
