#include "http/request_log.h"

#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace graphmock {

void log_request(LogFormat format, const Request& request, std::string_view target, int status,
                 std::chrono::steady_clock::duration took) {
  if (format == LogFormat::kOff) return;
  double ms = std::chrono::duration<double, std::milli>(took).count();
  std::string line;
  if (format == LogFormat::kJson) {
    line = nlohmann::json{{"method", request.method},
                          {"path", request.path},
                          {"query", request.raw_query},
                          {"status", status},
                          {"latencyMs", ms},
                          {"requestId", request.request_id},
                          {"clientRequestId", request.client_request_id}}
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    char buf[64];
    std::snprintf(buf, sizeof buf, " %d %.1fms ", status, ms);
    line = request.method + " " + std::string(target) + buf + "request-id=" + request.request_id;
  }
  static std::mutex mu;  // serialises whole lines on stderr
  std::lock_guard lock(mu);
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace graphmock
