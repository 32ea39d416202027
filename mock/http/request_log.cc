#include "http/request_log.h"

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "core/redaction.h"

namespace graphmock {

std::string request_log_line(LogFormat format, const Request& request, std::string_view target,
                             int status, std::chrono::steady_clock::duration took) {
  double ms = std::chrono::duration<double, std::milli>(took).count();
  if (format == LogFormat::kJson)
    return nlohmann::json{{"method", request.method},
                          {"path", request.path},
                          {"query", redact_query(request.raw_query)},
                          {"status", status},
                          {"latencyMs", ms},
                          {"requestId", request.request_id},
                          {"clientRequestId", request.client_request_id}}
        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto q = target.find('?');
  std::string shown(target.substr(0, q));
  if (q != std::string_view::npos) shown += "?" + redact_query(target.substr(q + 1));
  char buf[64];
  std::snprintf(buf, sizeof buf, " %d %.1fms ", status, ms);
  return request.method + " " + shown + buf + "request-id=" + request.request_id;
}

void log_request(LogFormat format, const Request& request, std::string_view target, int status,
                 std::chrono::steady_clock::duration took) {
  if (format == LogFormat::kOff) return;
  std::string line = request_log_line(format, request, target, status, took);
  static std::mutex mu;  // serialises whole lines on stderr
  std::lock_guard lock(mu);
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace graphmock
