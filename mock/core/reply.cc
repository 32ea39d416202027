#include "core/reply.h"

#include "core/time_format.h"

namespace graphmock {

Response json_reply(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = body.dump();
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
  r.body = error_body(error, request, now).dump();
  r.content_type = "application/json";
  for (const auto& [k, v] : error.headers) r.set_header(k, v);
  return r;
}

}  // namespace graphmock
