// The HTTP edge: the only code that includes cpp-httplib. It tunes the library
// (TCP_NODELAY, a 4096 listen backlog, unlimited keep-alive requests, an
// elastic thread per connection, empty-body POSTs without Content-Length),
// turns wire requests into graphmock::Request with request ids and hands them
// to Dispatch, or to Reject when refused before dispatch: a size limit
// (limits.h), a malformed request head (connection.h), a foreign Host or, on
// /_mock, a request from another origin (origin_check.h). Broken deliveries
// (delivery.h), the request log (request_log.h) and TLS (tls_server.h) live
// beside it.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/query_string.h"  // parse_query_string, part of the front's surface (fuzz/)
#include "core/random.h"
#include "graphmock/graph_error.h"
#include "graphmock/http_types.h"
#include "graphmock/options.h"
#include "graphmock/result.h"

namespace httplib {
class Server;
}

namespace graphmock {

class ElasticTaskQueue;

struct FrontOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: pick a free port
  // Host header names accepted besides `host` and localhost (origin_check.h).
  std::vector<std::string> allowed_hosts;
  bool tls = false;
  std::string cert_file, key_file;  // PEM files, when tls and no cert_pem
  std::string cert_pem, key_pem;    // PEM text (a generated identity), preferred over the files
  size_t max_body_bytes = 4 * 1024 * 1024;
  // Request target (path + query, as sent). cpp-httplib itself answers 414
  // above its compiled request-line limit (8 KiB), so keep this below that.
  size_t max_url_bytes = 4096;
  size_t max_header_bytes = 16 * 1024;  // all header names and values; 431 above
  LogFormat log = LogFormat::kText;
  int keep_alive_seconds = 30;
  int read_timeout_seconds = 5;  // a silent client is dropped after this (per read)
  uint64_t seed = 0;             // request ids derive from it
};

class HttpFront {
 public:
  using Dispatch = std::function<Response(Request&)>;
  // Answers a request refused before dispatch (see Pipeline::reject).
  using Reject = std::function<Response(Request&, const GraphError&)>;

  HttpFront(FrontOptions options, Dispatch dispatch, Reject reject);
  ~HttpFront();

  // Binds and starts serving on a background thread; a 400 naming the address
  // or the TLS material on failure.
  Status start();
  // Stops accepting, closes connections, joins threads. Idempotent.
  void stop();
  int port() const { return port_; }
  std::string base_url() const;

 private:
  void handle(const void* raw_request, void* raw_response);
  Request to_request(const void* raw_request);

  FrontOptions options_;
  Dispatch dispatch_;
  Reject reject_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  int listen_fd_ = -1;
  std::mutex ids_mu_;  // guards ids_: connections run on many threads
  Random ids_;
  std::atomic<bool> stopped_{false};
  std::atomic<bool> listen_returned_{false};
};

}  // namespace graphmock
