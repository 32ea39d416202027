#include "core/reply.h"

#include "core/time_format.h"

namespace graphmock {
namespace {

// Strings from the wire (a path, a header echoed in a message) may be invalid
// UTF-8; dump() would throw on them, so they are replaced with U+FFFD.
std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Response json_reply(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = dump(body);
  r.content_type = std::string(kGraphJsonContentType);
  return r;
}

nlohmann::json error_body(const GraphError& error, const Request& request, TimePoint now) {
  return {{"error",
           {{"code", error.code},
            {"message", error.message},
            {"innerError",
             {{"date", format_iso8601(std::chrono::floor<std::chrono::seconds>(now))},
              {"request-id", request.request_id},
              {"client-request-id", request.client_request_id}}}}}};
}

Response error_reply(const GraphError& error, const Request& request, TimePoint now) {
  Response r;
  r.status = error.status;
  r.body = dump(error_body(error, request, now));
  r.content_type = "application/json";
  for (const auto& [k, v] : error.headers) r.set_header(k, v);
  return r;
}

}  // namespace graphmock
