// reference_server --headers FILE --body FILE [--post-headers FILE] [--port N]
// The library's limit on this machine: a bare cpp-httplib server that answers
// every GET with the captured bytes of graph-mock's GET-one-device response
// (headers as `curl -D` wrote them, body as is), and every POST with the
// captured status and headers of its POST runDiagnostics response (202,
// Location, no body). Tuned as graph-mock's front
// is (mock/http/http_front.cc): TCP_NODELAY, a thread per connection (a pool
// of 300), unlimited keep-alive requests, the listen backlog raised to 4096,
// and GETs answered in the pre-routing handler (no regex handler table).
// Prints "listening on http://127.0.0.1:PORT"; stops on SIGINT/SIGTERM.
#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace {

bool read_all(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return true;
}

bool skipped(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "content-length" || name == "content-type" || name == "connection" ||
         name == "keep-alive";
}

struct Captured {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type = "application/json";
};

// Headers as `curl -D` writes them: the status line, then "Name: value" lines.
Captured parse_headers(const std::string& raw) {
  Captured c;
  std::istringstream lines(raw);
  std::string line;
  std::getline(lines, line);  // status line: HTTP/1.1 202 Accepted
  if (auto sp = line.find(' '); sp != std::string::npos)
    c.status = std::atoi(line.c_str() + sp + 1);
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon), value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    if (strcasecmp(name.c_str(), "content-type") == 0) c.content_type = value;
    if (!skipped(name)) c.headers.emplace_back(name, value);
  }
  return c;
}

}  // namespace

int main(int argc, char** argv) {
  std::string headers_file, body_file, post_headers_file;
  int port = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--headers")
      headers_file = argv[i + 1];
    else if (flag == "--body")
      body_file = argv[i + 1];
    else if (flag == "--post-headers")
      post_headers_file = argv[i + 1];
    else if (flag == "--port")
      port = std::atoi(argv[i + 1]);
  }
  std::string raw_headers, body, raw_post_headers;
  if (headers_file.empty() || !read_all(headers_file, raw_headers) || !read_all(body_file, body) ||
      (!post_headers_file.empty() && !read_all(post_headers_file, raw_post_headers))) {
    std::fprintf(stderr,
                 "usage: reference_server --headers FILE --body FILE [--post-headers FILE] "
                 "[--port N]\n");
    return 2;
  }
  const Captured get = parse_headers(raw_headers);
  const Captured post = raw_post_headers.empty() ? get : parse_headers(raw_post_headers);

  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  httplib::Server svr;
  svr.new_task_queue = [] { return new httplib::ThreadPool(300); };
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(std::numeric_limits<int>::max());
  svr.set_keep_alive_timeout(30);
  svr.set_read_timeout(5, 0);
  int listen_fd = -1;
  svr.set_socket_options([&listen_fd](int fd) {
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    listen_fd = fd;
  });
  svr.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (req.method == "POST" && !raw_post_headers.empty()) {
      res.status = post.status;
      for (const auto& [k, v] : post.headers) res.set_header(k.c_str(), v);
      return httplib::Server::HandlerResponse::Handled;
    }
    for (const auto& [k, v] : get.headers) res.set_header(k.c_str(), v);
    res.set_content(body, get.content_type.c_str());
    return httplib::Server::HandlerResponse::Handled;
  });
  if (port == 0) {
    port = svr.bind_to_any_port("127.0.0.1");
  } else if (!svr.bind_to_port("127.0.0.1", port)) {
    port = -1;
  }
  if (port <= 0) {
    std::fprintf(stderr, "reference_server: cannot bind\n");
    return 1;
  }
  if (listen_fd >= 0) ::listen(listen_fd, 4096);  // as graph-mock: the library compiles in 5
  std::thread server([&] { svr.listen_after_bind(); });
  std::printf("listening on http://127.0.0.1:%d\n", port);
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  svr.stop();
  server.join();
  return 0;
}
