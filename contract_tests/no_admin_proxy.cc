// no-admin-proxy: forwards every request to an upstream server except the
// graph-mock admin API (/_mock/...), which it answers with 404 — a stand-in
// for a real Graph-like server, used to show the contract suite skips its
// admin tests and passes the rest.
//   no-admin-proxy --upstream http://127.0.0.1:PORT   (prints "listening on URL")
#include <httplib.h>

#include <csignal>
#include <cstdio>
#include <string>

namespace {

void forward(httplib::Client& upstream, const httplib::Request& req, httplib::Response& res) {
  if (req.path.rfind("/_mock", 0) == 0) {
    res.status = 404;
    res.set_content(
        R"({"error":{"code":"ResourceNotFound","message":"no admin API here","innerError":{}}})",
        "application/json");
    return;
  }
  httplib::Request out;
  out.method = req.method;
  out.path = req.target;
  for (const auto& [k, v] : req.headers)
    if (k != "Host" && k != "Content-Length" && k != "REMOTE_ADDR" && k != "REMOTE_PORT" &&
        k != "LOCAL_ADDR" && k != "LOCAL_PORT")
      out.headers.emplace(k, v);
  out.body = req.body;
  if (req.body.empty() && (req.method == "POST" || req.method == "PATCH" || req.method == "PUT"))
    out.set_header("Content-Length", "0");
  auto r = upstream.send(out);
  if (!r) {
    res.status = 502;
    return;
  }
  res.status = r->status;
  for (const auto& [k, v] : r->headers)
    if (k != "Content-Length" && k != "Transfer-Encoding" && k != "Connection" && k != "Keep-Alive")
      res.set_header(k.c_str(), v);
  if (!r->body.empty() || r->has_header("Content-Type"))
    res.set_content(r->body, r->get_header_value("Content-Type").c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::string upstream_url;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--upstream") upstream_url = argv[i + 1];
  if (upstream_url.empty()) {
    std::fprintf(stderr, "usage: no-admin-proxy --upstream URL\n");
    return 2;
  }
  std::signal(SIGPIPE, SIG_IGN);
  httplib::Server server;
  auto handler = [&upstream_url](const httplib::Request& req, httplib::Response& res) {
    httplib::Client upstream(upstream_url);
    upstream.set_read_timeout(60, 0);
    forward(upstream, req, res);
  };
  // Bodiless POSTs (no Content-Length) would be refused before routing.
  server.set_pre_routing_handler([&handler](const httplib::Request& req, httplib::Response& res) {
    if (req.has_header("Content-Length") || req.has_header("Transfer-Encoding"))
      return httplib::Server::HandlerResponse::Unhandled;
    handler(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Patch(".*", handler);
  server.Put(".*", handler);
  server.Delete(".*", handler);
  int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::fprintf(stderr, "no-admin-proxy: cannot bind\n");
    return 1;
  }
  std::printf("listening on http://127.0.0.1:%d\n", port);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}
