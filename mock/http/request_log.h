// One line per answered request on stderr, as text or JSON (--log).
// Thread-safe: whole lines are written under one lock.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "graphmock/http_types.h"
#include "graphmock/options.h"

namespace graphmock {

// The line for one request (without its newline): `target` is the request
// line's target as sent (path and query); credentials in the query redacted.
std::string request_log_line(LogFormat format, const Request& request, std::string_view target,
                             int status, std::chrono::steady_clock::duration took);
// Writes that line on stderr, unless `format` is kOff.
void log_request(LogFormat format, const Request& request, std::string_view target, int status,
                 std::chrono::steady_clock::duration took);

}  // namespace graphmock
