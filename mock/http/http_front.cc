#include "http/http_front.h"

#include <httplib.h>
#include <poll.h>
#include <sys/socket.h>

#include <chrono>

#include "http/connection.h"
#include "http/delivery.h"
#include "http/elastic_task_queue.h"
#include "http/limits.h"
#include "http/origin_check.h"
#include "http/request_log.h"
#include "http/tls_server.h"

namespace graphmock {
namespace {

constexpr int kListenBacklog = 4096;

// cpp-httplib files the socket's endpoints as request headers; they are not
// what the client sent, so the journal and fault rules never see them.
bool is_library_pseudo_header(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

}  // namespace

HttpFront::HttpFront(FrontOptions options, Dispatch dispatch, Reject reject)
    : options_(std::move(options)),
      dispatch_(std::move(dispatch)),
      reject_(std::move(reject)),
      ids_(Random::stream(options_.seed, "request-id")) {}

HttpFront::~HttpFront() { stop(); }

std::string HttpFront::base_url() const {
  std::string host =
      options_.host == "0.0.0.0" || options_.host == "::" ? "127.0.0.1" : options_.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(options_.tls ? "https" : "http") + "://" + host + ":" + std::to_string(port_);
}

Status HttpFront::start() {
  if (options_.tls) {
    auto ssl = make_tls_server(options_);
    if (!ssl) return ssl.error();
    server_ = std::move(*ssl);
  } else {
    server_ = std::make_unique<ConnectionServer>();
  }
  auto& svr = *server_;
  svr.new_task_queue = [] { return new ElasticTaskQueue(); };
  svr.set_tcp_nodelay(true);
  apply_limits(svr, options_);
  svr.set_socket_options([this](int fd) {
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    listen_fd_ = fd;
  });

  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    handle(&req, &res);
  };
  // Requests that cannot carry a body (no Content-Length, no chunking) are
  // answered before cpp-httplib tries to read one: it would refuse a bare
  // `curl -X POST` with 400. This also skips the regex handler table. So are
  // requests whose head failed its check, before a body is read by a length
  // that cannot be trusted.
  svr.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    bool has_length =
        req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0";
    if ((has_length || req.has_header("Transfer-Encoding")) && !current_connection().head_error)
      return httplib::Server::HandlerResponse::Unhandled;
    handle(&req, &res);
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.Post(".*", handler);
  svr.Put(".*", handler);
  svr.Patch(".*", handler);
  svr.Delete(".*", handler);
  svr.Get(".*", handler);
  svr.Options(".*", handler);
  // Errors cpp-httplib raises itself (unparsable request line or headers, 413,
  // 414) get Graph's shape, a request-id and a journal entry. Responses of the
  // pipeline (which carry a request-id) pass untouched.
  svr.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (res.has_header("request-id")) return;
    current_connection().close = true;
    res.set_header("Connection", "close");
    Request r = to_request(&req);
    Response out = reject_(r, library_error(res.status, options_));
    for (const auto& [k, v] : out.headers) res.set_header(k.c_str(), v);
    res.set_content(out.body, out.content_type.c_str());
  });

  if (options_.port == 0) {
    port_ = svr.bind_to_any_port(options_.host);
    if (port_ <= 0) return GraphError::bad_request("cannot bind " + options_.host + ":0");
  } else {
    if (!svr.bind_to_port(options_.host, options_.port))
      return GraphError::bad_request("cannot bind " + options_.host + ":" +
                                     std::to_string(options_.port) + " (in use?)");
    port_ = options_.port;
  }
  // cpp-httplib compiles a backlog of 5 into the library; Linux accepts a second
  // listen() that raises it, which stops SYN drops under many new connections.
  if (listen_fd_ >= 0) ::listen(listen_fd_, kListenBacklog);
  thread_ = std::thread([this] {
    server_->listen_after_bind();
    listen_returned_ = true;
  });
  // cpp-httplib's stop() does nothing until the listen loop has marked itself
  // running; a stop (SIGTERM) in that gap would leave the loop in accept()
  // for ever. So start() returns once the loop runs.
  while (!server_->is_running() && !listen_returned_)
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  return {};
}

void HttpFront::stop() {
  if (stopped_.exchange(true)) return;
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

Request HttpFront::to_request(const void* raw_request) {
  const auto& req = *static_cast<const httplib::Request*>(raw_request);
  Request r;
  r.method = req.method;
  // From the target as sent: cpp-httplib's req.path has %2F decoded into a separator.
  auto q = req.target.find('?');
  r.path = decode_path(std::string_view(req.target).substr(0, q));
  if (q != std::string::npos) {
    r.raw_query = req.target.substr(q + 1);
    r.query = parse_query_string(r.raw_query);
  }
  for (const auto& [k, v] : req.headers)
    if (!is_library_pseudo_header(k)) r.headers.emplace_hint(r.headers.end(), k, v);
  r.body = req.body;
  {
    std::lock_guard lock(ids_mu_);
    r.request_id = ids_.guid();
  }
  r.client_request_id = req.has_header("client-request-id")
                            ? req.get_header_value("client-request-id")
                            : r.request_id;
  auto host = req.headers.find("Host");
  if (host == req.headers.end() || host->second.empty()) {
    r.base_url = base_url();
  } else {
    std::string_view scheme = options_.tls ? "https://" : "http://";
    r.base_url.reserve(scheme.size() + host->second.size());
    r.base_url.append(scheme).append(host->second);
  }
  return r;
}

void HttpFront::handle(const void* raw_request, void* raw_response) {
  const auto& req = *static_cast<const httplib::Request*>(raw_request);
  auto& res = *static_cast<httplib::Response*>(raw_response);
  Request r = to_request(raw_request);
  if (int fd = req.ssl ? SSL_get_fd(req.ssl) : current_connection().fd; fd >= 0)
    r.client_gone = [fd] {
      // The peer's FIN: HTTP/1.1 clients do not half-close while they wait for
      // an answer, so it means the client left (as Go's net/http reads it).
      pollfd p{fd, POLLRDHUP, 0};
      return ::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
    };

  auto started = std::chrono::steady_clock::now();
  const GraphError* head_error = current_connection().head_error;
  Status admitted = head_error ? Status(*head_error) : check_limits(req, options_);
  if (admitted.ok()) admitted = check_origin(r, options_);
  Response out = admitted.ok() ? dispatch_(r) : reject_(r, admitted.error());
  if (head_error) out.set_header("Connection", "close");  // see ConnectionContext::close
  int status = out.status;
  deliver(std::move(out), req, res);
  log_request(options_.log, r, req.target, status, std::chrono::steady_clock::now() - started);
}

}  // namespace graphmock
