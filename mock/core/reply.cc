#include "core/reply.h"

#include <map>

#include "core/time_format.h"

namespace graphmock {
std::string reply_text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response json_reply(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.body = reply_text(body);
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

GraphError error_for_status(int status, std::string message) {
  static const std::map<int, std::string> kCodes = {
      {400, "BadRequest"},
      {401, "InvalidAuthenticationToken"},
      {403, "Authorization_RequestDenied"},
      {404, "itemNotFound"},
      {405, "MethodNotAllowed"},
      {406, "NotAcceptable"},
      {409, "Conflict"},
      {410, "Gone"},
      {412, "PreconditionFailed"},
      {413, "RequestEntityTooLarge"},
      {414, "RequestUriTooLong"},
      {415, "UnsupportedMediaType"},
      {423, "Locked"},
      {424, "FailedDependency"},
      {429, "TooManyRequests"},
      {431, "RequestHeaderFieldsTooLarge"},
      {500, "generalException"},
      {501, "NotImplemented"},
      {502, "BadGateway"},
      {503, "serviceNotAvailable"},
      {504, "GatewayTimeout"},
      {507, "InsufficientStorage"},
      {509, "BandwidthLimitExceeded"},
  };
  auto it = kCodes.find(status);
  std::string code = it != kCodes.end() ? it->second
                     : status >= 500    ? "generalException"
                                        : "BadRequest";
  return {status, std::move(code), std::move(message), {}};
}

Response error_reply(const GraphError& error, const Request& request, TimePoint now) {
  Response r;
  r.status = error.status;
  r.body = reply_text(error_body(error, request, now));
  r.content_type = "application/json";
  for (const auto& [k, v] : error.headers) r.set_header(k, v);
  return r;
}

}  // namespace graphmock
