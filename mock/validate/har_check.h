// `graph-mock validate --har FILE`: every request/response pair of a HAR 1.2
// capture (a browser's or a proxy's export of a client talking to Graph)
// checked against the schemas of the route its URL maps to.
#pragma once

#include <string>
#include <vector>

#include "graphmock/result.h"
#include "pipeline/pipeline.h"

namespace graphmock {

// One request/response pair of a HAR capture, as the checks and the importer
// (graph-mock import --har) read it.
struct HarExchange {
  size_t entry = 0;  // index in log.entries
  std::string method;
  std::string url;    // as captured
  std::string path;   // percent-decoded, without host and query, e.g. /beta/teamwork/devices
  std::string query;  // percent-decoded, without '?'
  const Json* request = nullptr;   // the entry's request object (never null)
  const Json* response = nullptr;  // the entry's response object (never null)
  int status = 0;
  std::string request_text;      // postData.text, empty when absent
  std::string response_text;     // content.text, empty when absent
  bool response_json = false;    // content.mimeType names JSON
  bool response_base64 = false;  // content.encoding is base64
};

// The entries of a HAR 1.2 document (`har` must outlive the result), or a 400:
// "not a HAR file: /log/entries is missing", or "entry 3: /request/method is
// number, not string" when a member the readers use has another type than
// HAR 1.2 gives it (an absent member is fine).
Result<std::vector<HarExchange>> read_har(const Json& har);

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
