// `graph-mock validate --har FILE`: every request/response pair of a HAR 1.2
// capture (a browser's or a proxy's export of a client talking to Graph)
// checked against the schemas of the route its URL maps to.
#pragma once

#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace graphmock {

struct HarViolation {
  size_t entry = 0;  // index in log.entries
  std::string method;
  std::string path;   // URL path without host and query, e.g. /beta/teamwork/devices
  std::string where;  // "request" or "response"
  Violation violation;
};

struct HarReport {
  size_t entries = 0;
  size_t bodies_checked = 0;
  std::vector<HarViolation> violations;
  std::vector<std::string> skipped;  // "<entry> <METHOD> <path>: <why>" (no route, not JSON, ...)
  std::string error;                 // the file itself is not a HAR: nothing was checked
};

// Request bodies against the route's request schema (an absent body counts
// as {} as in the mock), 2xx JSON responses against the response schema
// ($select responses may lack required properties), 4xx/5xx JSON responses
// against graphError. URLs are matched with the host stripped.
HarReport check_har(const Json& har, const GraphRouter& routes, const BodyValidator& schemas);

// "<entry> <METHOD> <path> <request|response> <pointer>: <reason>"
std::string format_har_violation(const HarViolation& v);

}  // namespace graphmock
