// What the journal keeps of one exchange, and how to ask for some of them
// (Server::journal(), GET /_mock/requests).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "graphmock/clock.h"
#include "graphmock/http_types.h"

namespace graphmock {

// Headers as sent, in name order; a flat list because every exchange is
// copied into the ring and a map costs an allocation per header.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct JournalEntry {
  uint64_t seq = 0;                 // 1-based, in recording order; survives ring eviction
  TimePoint time{};                 // mock clock at the end of the exchange
  std::string method, path, query;  // query: raw, without '?'
  // In the query and the headers, credentials (Authorization, Cookie, access_token=, ...) are
  // "<redacted sha256:1a2b3c4d>" fingerprints unless ServerOptions::journal_keep_secrets.
  HeaderList request_headers;
  std::string request_body;
  int status = 0;
  HeaderList response_headers;
  std::string response_body;
  Delivery delivery = Delivery::kNormal;
  Duration latency{0};  // real time spent in the pipeline, injected delays included
  std::string fault;    // rule ids / sequence that applied, "" for none
  // The service limit that answered 429 (--throttling graph), e.g.
  // "intune-devices/appTenant/write"; "" for none.
  std::string throttled_by;
  std::string request_id;
  std::string batch_request_id;  // request-id of the $batch that carried it, "" for none
  // Its route carries requests (JSON batching): the body lists them, each recorded on its own
  // with batch_request_id this entry's request_id.
  bool carries_requests = false;
};

// Filters of GET /_mock/requests; empty fields match everything.
struct JournalFilter {
  std::string method;
  std::string path;    // a pattern: * one segment, ** any (as fault rules)
  std::string status;  // "429", or a class such as "5xx"
  std::string fault;   // "*": any fault applied; otherwise a rule id
  size_t limit = 0;    // the most recent N, 0 = all
};

}  // namespace graphmock
