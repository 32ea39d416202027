#include "http/limits.h"

#include <limits>
#include <string>

#include "core/reply.h"

namespace graphmock {

void apply_limits(httplib::Server& server, const FrontOptions& options) {
  server.set_keep_alive_max_count(std::numeric_limits<int>::max());
  server.set_keep_alive_timeout(options.keep_alive_seconds);
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_payload_max_length(options.max_body_bytes);
}

Status check_limits(const httplib::Request& req, const FrontOptions& options) {
  if (req.target.size() > options.max_url_bytes)
    return error_for_status(
        414, "The request URL is " + std::to_string(req.target.size()) + " bytes long; at most " +
                 std::to_string(options.max_url_bytes) + " are accepted (--max-url-bytes).");
  size_t header_bytes = 0;
  for (const auto& [k, v] : req.headers)
    header_bytes += k.size() + v.size() + 4;  // "name: value\r\n"
  if (header_bytes > options.max_header_bytes)
    return error_for_status(431, "The request headers are " + std::to_string(header_bytes) +
                                     " bytes; at most " + std::to_string(options.max_header_bytes) +
                                     " are accepted (--max-header-bytes).");
  return {};
}

GraphError library_error(int status, const FrontOptions& options) {
  switch (status) {
    case 413:
      return error_for_status(413, "The request body is larger than " +
                                       std::to_string(options.max_body_bytes) +
                                       " bytes (--max-body-bytes).");
    case 414:
      return error_for_status(
          414, "The request line is longer than the HTTP server's limit (8192 bytes).");
    case 400:
      return error_for_status(
          400,
          "The HTTP request could not be parsed: request line, a header (at most 8192 bytes "
          "each), Content-Length or chunked body.");
    default:
      return error_for_status(status, "The HTTP request was rejected with status " +
                                          std::to_string(status) + " before routing.");
  }
}

}  // namespace graphmock
