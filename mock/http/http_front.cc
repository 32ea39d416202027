#include "http/http_front.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <httplib.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <nlohmann/json.hpp>

#include "http/elastic_task_queue.h"

namespace graphmock {
namespace {

constexpr int kListenBacklog = 4096;

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

std::string request_guid(uint64_t seed, uint64_t n) {
  uint64_t a = splitmix64(seed ^ (n * 2 + 1)), b = splitmix64(seed + n * 0x632BE59BD9B4E019ULL);
  a = (a & 0xFFFFFFFFFFFF0FFFULL) | 0x4000ULL;
  b = (b & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFFF),
                static_cast<unsigned>(b >> 48),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return buf;
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool same_endpoint(const sockaddr_storage& ss, const std::string& addr, int port) {
  char buf[INET6_ADDRSTRLEN] = {0};
  int p = -1;
  if (ss.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
    inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf);
    p = ntohs(in->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    p = ntohs(in6->sin6_port);
  }
  return p == port && (addr.empty() || addr == buf);
}

// The accepted socket of this request. cpp-httplib does not hand it to
// handlers, so find it by its two endpoints (only done for drop faults).
int connection_fd(const httplib::Request& req) {
  if (req.ssl) return SSL_get_fd(req.ssl);
  DIR* dir = opendir("/proc/self/fd");
  if (!dir) return -1;
  int found = -1;
  while (dirent* e = readdir(dir)) {
    char* end = nullptr;
    long fd = std::strtol(e->d_name, &end, 10);
    if (end == e->d_name || *end != '\0') continue;
    sockaddr_storage local{}, peer{};
    socklen_t ll = sizeof local, pl = sizeof peer;
    if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&local), &ll) != 0) continue;
    if (getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &pl) != 0) continue;
    if (same_endpoint(local, "", req.local_port) &&
        same_endpoint(peer, req.remote_addr, req.remote_port)) {
      found = static_cast<int>(fd);
      break;
    }
  }
  closedir(dir);
  return found;
}

// cpp-httplib files the socket's endpoints as request headers; they are not
// what the client sent, so the journal and fault rules never see them.
bool is_library_pseudo_header(const std::string& name) {
  return name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
         name == "LOCAL_PORT";
}

// A header name or value with CR or LF would split the response (a fault
// rule's header, say): cpp-httplib drops such headers, and so does this.
bool header_safe(const std::string& s) {
  return !std::memchr(s.data(), '\r', s.size()) && !std::memchr(s.data(), '\n', s.size());
}

std::mutex& log_mutex() {
  static std::mutex mu;  // serialises whole log lines on stderr
  return mu;
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && i + 2 <= s.size() - 1 + 0 && hexval(s[i + 1]) >= 0 &&
        hexval(s[i + 2]) >= 0) {
      out += static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

QueryParams parse_query_string(std::string_view raw) {
  QueryParams out;
  size_t i = 0;
  while (i < raw.size()) {
    size_t j = raw.find('&', i);
    if (j == std::string_view::npos) j = raw.size();
    std::string_view part = raw.substr(i, j - i);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string_view k = part.substr(0, eq);
      std::string_view v = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
      out.emplace_back(percent_decode(k, true), percent_decode(v, true));
    }
    i = j + 1;
  }
  return out;
}

HttpFront::HttpFront(FrontOptions options, Dispatch dispatch, Reject reject)
    : options_(std::move(options)), dispatch_(std::move(dispatch)), reject_(std::move(reject)) {}

HttpFront::~HttpFront() { stop(); }

std::string HttpFront::base_url() const {
  std::string host =
      options_.host == "0.0.0.0" || options_.host == "::" ? "127.0.0.1" : options_.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return std::string(options_.tls ? "https" : "http") + "://" + host + ":" + std::to_string(port_);
}

bool HttpFront::start(std::string& error) {
  if (options_.tls && !options_.cert_pem.empty()) {
    std::unique_ptr<httplib::SSLServer> ssl;
    BIO* cert_bio =
        BIO_new_mem_buf(options_.cert_pem.data(), static_cast<int>(options_.cert_pem.size()));
    BIO* key_bio =
        BIO_new_mem_buf(options_.key_pem.data(), static_cast<int>(options_.key_pem.size()));
    X509* cert = cert_bio ? PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr) : nullptr;
    EVP_PKEY* key = key_bio ? PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr) : nullptr;
    if (cert && key)
      ssl = std::make_unique<httplib::SSLServer>(cert, key);  // the SSL_CTX takes references
    X509_free(cert);
    EVP_PKEY_free(key);
    BIO_free(cert_bio);
    BIO_free(key_bio);
    if (!ssl || !ssl->is_valid()) {
      error = "cannot use the TLS certificate / key given as PEM text";
      return false;
    }
    server_ = std::move(ssl);
  } else if (options_.tls) {
    auto ssl =
        std::make_unique<httplib::SSLServer>(options_.cert_file.c_str(), options_.key_file.c_str());
    if (!ssl->is_valid()) {
      error = "cannot load TLS certificate '" + options_.cert_file + "' / key '" +
              options_.key_file + "'";
      return false;
    }
    server_ = std::move(ssl);
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  auto& svr = *server_;
  svr.new_task_queue = [] { return new ElasticTaskQueue(); };
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(std::numeric_limits<int>::max());
  svr.set_keep_alive_timeout(options_.keep_alive_seconds);
  svr.set_read_timeout(options_.read_timeout_seconds, 0);
  svr.set_payload_max_length(options_.max_body_bytes);
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
  // `curl -X POST` with 400. This also skips the regex handler table.
  svr.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    bool has_length =
        req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0";
    if (has_length || req.has_header("Transfer-Encoding"))
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
    GraphError error{res.status, "BadRequest", "", {}};
    if (res.status == 413) {
      error.code = "RequestEntityTooLarge";
      error.message = "The request body is larger than " + std::to_string(options_.max_body_bytes) +
                      " bytes (--max-body-bytes).";
    } else if (res.status == 414) {
      error.code = "RequestUriTooLong";
      error.message = "The request line is longer than the HTTP server's limit (8192 bytes).";
    } else if (res.status == 400) {
      error.message =
          "The HTTP request could not be parsed: request line, a header (at most 8192 bytes "
          "each), Content-Length or chunked body.";
    } else {
      error.code = res.status >= 500 ? "generalException" : "BadRequest";
      error.message = "The HTTP request was rejected with status " + std::to_string(res.status) +
                      " before routing.";
    }
    Request r = to_request(&req);
    Response out = reject_(r, error);
    for (const auto& [k, v] : out.headers) res.set_header(k.c_str(), v);
    res.set_content(out.body, out.content_type.c_str());
  });

  if (options_.port == 0) {
    port_ = svr.bind_to_any_port(options_.host);
    if (port_ <= 0) {
      error = "cannot bind " + options_.host + ":0";
      return false;
    }
  } else {
    if (!svr.bind_to_port(options_.host, options_.port)) {
      error = "cannot bind " + options_.host + ":" + std::to_string(options_.port) + " (in use?)";
      return false;
    }
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
  return true;
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
  r.path = req.path;
  if (auto q = req.target.find('?'); q != std::string::npos) {
    r.raw_query = req.target.substr(q + 1);
    r.query = parse_query_string(r.raw_query);
  }
  for (const auto& [k, v] : req.headers)
    if (!is_library_pseudo_header(k)) r.headers.emplace_hint(r.headers.end(), k, v);
  r.body = req.body;
  r.request_id = request_guid(options_.seed, counter_.fetch_add(1));
  r.client_request_id = req.has_header("client-request-id")
                            ? req.get_header_value("client-request-id")
                            : r.request_id;
  std::string host = req.get_header_value("Host");
  r.base_url =
      host.empty() ? base_url() : std::string(options_.tls ? "https://" : "http://") + host;
  return r;
}

std::optional<GraphError> HttpFront::check_limits(const void* raw_request) const {
  const auto& req = *static_cast<const httplib::Request*>(raw_request);
  if (req.target.size() > options_.max_url_bytes)
    return GraphError{414,
                      "RequestUriTooLong",
                      "The request URL is " + std::to_string(req.target.size()) +
                          " bytes long; at most " + std::to_string(options_.max_url_bytes) +
                          " are accepted (--max-url-bytes).",
                      {}};
  size_t header_bytes = 0;
  for (const auto& [k, v] : req.headers)
    header_bytes += k.size() + v.size() + 4;  // "name: value\r\n"
  if (header_bytes > options_.max_header_bytes)
    return GraphError{431,
                      "RequestHeaderFieldsTooLarge",
                      "The request headers are " + std::to_string(header_bytes) +
                          " bytes; at most " + std::to_string(options_.max_header_bytes) +
                          " are accepted (--max-header-bytes).",
                      {}};
  return std::nullopt;
}

void HttpFront::handle(const void* raw_request, void* raw_response) {
  const auto& req = *static_cast<const httplib::Request*>(raw_request);
  auto& res = *static_cast<httplib::Response*>(raw_response);
  Request r = to_request(raw_request);

  auto started = std::chrono::steady_clock::now();
  auto limit = check_limits(raw_request);
  Response out = limit ? reject_(r, *limit) : dispatch_(r);

  res.status = out.status;
  // Straight into the map: Response::set_header scans every byte for CR/LF
  // with a slow loop (a tenth of a GET's CPU); the same check, by memchr.
  for (auto& [k, v] : out.headers)
    if (header_safe(k) && header_safe(v)) res.headers.emplace(k, std::move(v));
  switch (out.delivery) {
    case Delivery::kNormal:
      // What set_content does (a fault rule may set the content type too).
      if (!out.body.empty() || !out.content_type.empty()) {
        res.body = std::move(out.body);
        res.headers.erase("Content-Type");
        if (header_safe(out.content_type))
          res.headers.emplace("Content-Type", std::move(out.content_type));
      }
      break;
    case Delivery::kMalformed: {
      std::string body = out.body.substr(0, out.body.size() * 3 / 5) + "\",{]";
      res.set_content(body,
                      out.content_type.empty() ? "application/json" : out.content_type.c_str());
      break;
    }
    case Delivery::kTruncate:
    case Delivery::kDribble: {
      auto body = std::make_shared<std::string>(out.body.empty() ? std::string("{\"value\":[]}")
                                                                 : out.body);
      bool truncate = out.delivery == Delivery::kTruncate;
      auto pause =
          out.dribble_interval.count() > 0 ? out.dribble_interval : std::chrono::milliseconds(100);
      res.set_content_provider(
          body->size(), out.content_type.empty() ? "application/json" : out.content_type.c_str(),
          [body, truncate, pause](size_t offset, size_t, httplib::DataSink& sink) {
            if (truncate) {
              // Promise the full length, send half, then hang up.
              if (offset == 0) sink.write(body->data(), body->size() / 2);
              return false;
            }
            size_t n = std::min<size_t>(16, body->size() - offset);
            if (offset > 0) std::this_thread::sleep_for(pause);
            return sink.write(body->data() + offset, n);
          });
      break;
    }
    case Delivery::kEmpty:
    case Delivery::kReset: {
      int fd = connection_fd(req);
      if (fd >= 0) {
        if (out.delivery == Delivery::kReset) {
          linger l{1, 0};
          setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
          sockaddr unspec{};
          unspec.sa_family = AF_UNSPEC;
          ::connect(fd, &unspec, sizeof unspec);  // aborts the TCP connection: the peer gets RST
        } else {
          ::shutdown(fd, SHUT_RDWR);  // FIN with no bytes: "empty reply from server"
        }
      }
      res.set_header("Connection", "close");
      break;
    }
  }

  if (options_.log == LogFormat::kOff) return;
  double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::string line;
  if (options_.log == LogFormat::kJson) {
    line = nlohmann::json{{"method", r.method},
                          {"path", r.path},
                          {"query", r.raw_query},
                          {"status", out.status},
                          {"latencyMs", ms},
                          {"requestId", r.request_id},
                          {"clientRequestId", r.client_request_id}}
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  } else {
    char buf[64];
    std::snprintf(buf, sizeof buf, " %d %.1fms ", out.status, ms);
    line = r.method + " " + req.target + buf + "request-id=" + r.request_id;
  }
  std::lock_guard lock(log_mutex());
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace graphmock
