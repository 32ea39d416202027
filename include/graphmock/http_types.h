// The engine's own request/response types. Only mock/http includes cpp-httplib;
// everything else sees these, so it can be tested without sockets.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace graphmock {

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;
// Query parameters, percent-decoded, in the order the client sent them.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method;
  // Percent-decoded path, e.g. /beta/teamwork/devices; %2F and %25 stay
  // escaped so an escaped '/' is not a separator (the router decodes them).
  std::string path;
  std::string raw_query;  // as received, without '?'
  QueryParams query;
  Headers headers;
  std::string body;
  std::string request_id;         // assigned by the HTTP front
  std::string client_request_id;  // echoed, or request_id when the client sent none
  std::string base_url;           // scheme://host:port the client used (for nextLink)
  std::string batch_request_id;   // an inner request of a $batch: the batch's request_id
  // Set by the HTTP front: true once the client has closed its connection
  // (checked while a fault rule delays the request).
  std::function<bool()> client_gone;

  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

// A body written as it is produced (Server-Sent Events): called again and
// again on the connection's thread; it writes chunks through `write` (false
// once the client is gone) and returns false to end the response.
using ChunkWriter = std::function<bool(std::string_view chunk)>;
using BodyStream = std::function<bool(const ChunkWriter& write)>;

// How the bytes leave: normally, or broken on purpose by a fault rule.
enum class Delivery { kNormal, kReset, kEmpty, kTruncate, kMalformed, kDribble };

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::string content_type;  // empty when there is no body
  Delivery delivery = Delivery::kNormal;
  // kDribble: blocks until piece `n` of the body is due, on the mock's clock;
  // false: send no more (the server is stopping or the client left). Unset: no pauses.
  std::function<bool(size_t n)> dribble_due;
  BodyStream stream;  // set: the body is streamed (chunked) from it, `body` unused

  void set_header(std::string name, std::string value);
  std::string header(std::string_view name) const;
};

// The JSON content type Graph sends.
inline constexpr std::string_view kGraphJsonContentType =
    "application/json;odata.metadata=minimal;odata.streaming=true;"
    "IEEE754Compatible=false;charset=utf-8";

}  // namespace graphmock
