// The socket-level promises of the HTTP front, tested from real sockets.
#include "http/http_front.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "core/start_detached.h"
#include "http/request_log.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::StartedServer;

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval tv{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Reads one response: headers, then as many body bytes as Content-Length says
// (cpp-httplib may send headers and body in separate segments).
std::string read_response(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    auto end = out.find("\r\n\r\n");
    if (end != std::string::npos) {
      auto cl = out.find("Content-Length: ");
      size_t len = cl == std::string::npos || cl > end ? 0 : std::stoul(out.substr(cl + 16));
      if (out.size() >= end + 4 + len) break;
    }
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

// Sends raw bytes on a new connection and reads one response.
std::string exchange(int port, const std::string& raw) {
  int fd = connect_to(port);
  if (fd < 0) return "";
  ::send(fd, raw.data(), raw.size(), MSG_NOSIGNAL);
  std::string out = read_response(fd);
  ::close(fd);
  return out;
}

TEST(HttpFrontTest, PostWithoutContentLengthIsAnEmptyBody) {
  StartedServer mock;
  std::string reply = exchange(
      mock.server().port(),
      "POST /beta/teamwork/devices/41142dae-02dd-459b-9365-63e26e8d2653/runDiagnostics HTTP/1.1\r\n"
      "Host: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 202", 0), 0u) << reply;
  EXPECT_NE(
      reply.find("Location: /teamwork/devices/41142dae-02dd-459b-9365-63e26e8d2653/operations/"),
      std::string::npos);
}

TEST(HttpFrontTest, DeleteWithoutContentLengthIsRouted) {
  StartedServer mock;
  std::string reply = exchange(
      mock.server().port(),
      "DELETE /beta/teamwork/devices HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 405", 0), 0u) << reply;
}

TEST(HttpFrontTest, ManyIdleKeepAliveConnectionsDoNotStarveANewClient) {
  StartedServer mock;
  int port = mock.server().port();
  std::vector<int> idle;
  const std::string get = "GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  for (int i = 0; i < 256; ++i) {
    int fd = connect_to(port);
    ASSERT_GE(fd, 0) << "connection " << i;
    // One request each, so every connection is a live keep-alive session held by the server.
    ::send(fd, get.data(), get.size(), MSG_NOSIGNAL);
    ASSERT_EQ(read_response(fd).rfind("HTTP/1.1 200", 0), 0u) << "connection " << i;
    idle.push_back(fd);
  }
  auto started = std::chrono::steady_clock::now();
  auto r = mock.client()->Get("/beta/teamwork/devices/41142dae-02dd-459b-9365-63e26e8d2653");
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // Loose bound: a starved server would make this wait for a keep-alive timeout (30 s).
  EXPECT_LT(took, std::chrono::seconds(3));
  // The idle connections are still usable.
  ::send(idle.front(), get.data(), get.size(), MSG_NOSIGNAL);
  EXPECT_EQ(read_response(idle.front()).rfind("HTTP/1.1 200", 0), 0u);
  for (int fd : idle) ::close(fd);
}

TEST(HttpFrontTest, KeepAliveServesMoreThanFiveRequestsPerConnection) {
  StartedServer mock;
  int fd = connect_to(mock.server().port());
  ASSERT_GE(fd, 0);
  const std::string get = "GET /_mock/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  for (int i = 0; i < 20; ++i) {
    ASSERT_GT(::send(fd, get.data(), get.size(), MSG_NOSIGNAL), 0);
    std::string head = read_response(fd);
    ASSERT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << "request " << i;
    EXPECT_EQ(head.find("Connection: close"), std::string::npos) << "request " << i;
  }
  ::close(fd);
}

TEST(HttpFrontTest, QueryStringsAreDecodedInOrder) {
  auto q = parse_query_string("$filter=deviceType%20eq%20'sip'&$top=5&a+b=c%2Bd&flag");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"$filter", "deviceType eq 'sip'"}));
  EXPECT_EQ(q[1].second, "5");
  EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"a b", "c+d"}));
  EXPECT_EQ(q[3].first, "flag");
  EXPECT_EQ(percent_decode("%zz%4", false), "%zz%4");
}

TEST(HttpFrontTest, PercentEncodingKeepsOnlyTheCallersSafeBytes) {
  EXPECT_EQ(percent_encode("deviceType eq 'sip' é/x", "'/"), "deviceType%20eq%20'sip'%20%C3%A9/x");
  EXPECT_EQ(percent_encode("a b", ""), "a%20b");
  const std::string text = "$filter=a b&c=d/e%f";
  EXPECT_EQ(percent_decode(percent_encode(text, ""), false), text);
}

// The log lands in CI output: a token in the query is shown by its fingerprint only.
TEST(HttpFrontTest, TheRequestLogRedactsCredentialsInTheQuery) {
  Request r;
  r.method = "GET";
  r.path = "/beta/teamwork/devices";
  r.raw_query = "$top=1&access_token=secret-token";
  r.request_id = "id";
  std::string target = r.path + "?" + r.raw_query;
  for (LogFormat format : {LogFormat::kText, LogFormat::kJson}) {
    std::string line = request_log_line(format, r, target, 200, std::chrono::milliseconds(1));
    EXPECT_EQ(line.find("secret-token"), std::string::npos) << line;
    EXPECT_NE(line.find("$top=1&access_token=<redacted sha256:"), std::string::npos) << line;
  }
}

TEST(HttpFrontTest, PathsKeepEscapedSlashesAndPercentsForTheRouter) {
  EXPECT_EQ(decode_path("/a%20b/c%2Fd%2fe/%252F/%41"), "/a b/c%2Fd%2fe/%252F/A");
}

// A SIGTERM right after start-up: cpp-httplib's stop() is a no-op until its
// listen loop runs, so start() must not return before then (otherwise stop()
// joins a thread blocked in accept() for ever).
TEST(HttpFrontLifecycleTest, StopRightAfterStartAlwaysReturns) {
  for (int i = 0; i < 200; ++i) {
    FrontOptions options;
    options.port = 0;
    auto front = std::make_shared<HttpFront>(
        options, [](Request&) { return Response{}; },
        [](Request&, const GraphError&) { return Response{}; });
    auto started = front->start();
    ASSERT_TRUE(started.ok()) << started.error().message;
    auto stopped = graphmock::testing::start_detached([front] { front->stop(); });
    ASSERT_EQ(stopped.wait_for(std::chrono::seconds(10)), std::future_status::ready)
        << "stop() right after start() did not return (round " << i << ")";
  }
}

}  // namespace
}  // namespace graphmock
