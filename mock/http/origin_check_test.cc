// What a web page in the developer's browser can make it send, over raw
// sockets (a client library sets Host and never sends Origin): cross-origin
// control of /_mock and DNS-rebinding names are refused with 403; curl-like
// requests, the mock's own origin and --allowed-host names pass.
#include "http/origin_check.h"

#include <gtest/gtest.h>

#include <string>

#include "http/raw_http_client.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::raw_exchange;
using graphmock::testing::RawResponse;
using graphmock::testing::StartedServer;
using graphmock::testing::test_options;
using Json = nlohmann::json;

constexpr const char* kDevices = "/beta/teamwork/devices";

// A request as a browser would send it: `headers` are whole lines, each ending in \r\n.
std::string request(const std::string& method, const std::string& target, const std::string& host,
                    const std::string& headers = "", const std::string& body = "") {
  std::string raw =
      method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n" + headers;
  if (!body.empty()) raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  return raw + "\r\n" + body;
}

class OriginCheckTest : public ::testing::Test {
 protected:
  explicit OriginCheckTest(ServerOptions options = test_options()) : mock_(std::move(options)) {
    // Moved on, so a reset that got through would show (it puts the clock back).
    EXPECT_TRUE(mock_.server().advance(std::chrono::seconds(60)).ok());
  }

  int port() { return mock_.server().port(); }
  std::string own_host() { return "127.0.0.1:" + std::to_string(port()); }
  std::string clock_now() {
    Request r;
    r.method = "GET";
    r.path = "/_mock/clock";
    return Json::parse(mock_.server().handle(r).body)["now"];
  }
  RawResponse send(const std::string& bytes) { return raw_exchange(port(), bytes); }

  void expect_refused(const RawResponse& r, const std::string& says) {
    EXPECT_EQ(r.status, 403) << r.head << "\n" << r.body;
    Json body = r.json();
    ASSERT_TRUE(body.is_object() && body.contains("error")) << r.body;
    EXPECT_EQ(body["error"]["code"], "Authorization_RequestDenied");
    EXPECT_NE(body["error"]["message"].get<std::string>().find(says), std::string::npos)
        << body["error"]["message"];
    EXPECT_FALSE(r.header("request-id").empty()) << r.head;
  }

  StartedServer mock_;
};

// What `<form enctype="text/plain" method="post">` on evil.example sends.
TEST_F(OriginCheckTest, CrossOriginTextPlainResetIsRefusedAndChangesNothing) {
  expect_refused(
      send(request("POST", "/_mock/reset", own_host(),
                   "Origin: https://evil.example\r\nContent-Type: text/plain\r\n", "x=y")),
      "Origin 'https://evil.example' is not graph-mock's own ('http://" + own_host() + "')");
  EXPECT_EQ(clock_now(), "2026-01-05T09:01:00Z");
}

// fetch(url, {mode: 'no-cors'}) from a page that sends no Origin (a sandboxed
// frame sends "null"), or the same site on another port: Fetch Metadata says so.
TEST_F(OriginCheckTest, CrossSiteAndSameSiteFetchMetadataAreRefused) {
  expect_refused(
      send(request("POST", "/_mock/reset", own_host(), "Sec-Fetch-Site: cross-site\r\n")),
      "Sec-Fetch-Site: cross-site");
  expect_refused(send(request("POST", "/_mock/reset", own_host(), "Sec-Fetch-Site: same-site\r\n")),
                 "Sec-Fetch-Site: same-site");
  expect_refused(send(request("POST", "/_mock/reset", own_host(), "Origin: null\r\n")),
                 "Origin 'null'");
  // A journal read is refused the same way: it holds what clients sent.
  expect_refused(send(request("GET", "/_mock/requests", own_host(),
                              "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: no-cors\r\n")),
                 "Sec-Fetch-Site: cross-site");
  expect_refused(send(request("GET", "/_mock/events", own_host(),
                              "Origin: http://localhost:" + std::to_string(port()) + "\r\n")),
                 "is not graph-mock's own");
  EXPECT_EQ(clock_now(), "2026-01-05T09:01:00Z");
}

// A link to the dashboard from another site opens it: the user sees the page,
// the other site sees nothing. A form posted as a navigation is still refused.
TEST_F(OriginCheckTest, ATopLevelNavigationFromAnotherSiteOpensTheDashboard) {
  const std::string navigation =
      "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Dest: document\r\n";
  EXPECT_EQ(send(request("GET", "/_mock/ui", own_host(), navigation)).status, 200);
  expect_refused(send(request("POST", "/_mock/reset", own_host(), navigation)), "Sec-Fetch-Site");
  expect_refused(send(request("GET", "/_mock/ui", own_host(),
                              "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\n"
                              "Sec-Fetch-Dest: iframe\r\n")),
                 "Sec-Fetch-Site");
  EXPECT_EQ(clock_now(), "2026-01-05T09:01:00Z");
}

// A DNS-rebinding name resolving to 127.0.0.1: the browser thinks it talks to
// rebind.evil.example, so it sends that Host and a matching Origin.
TEST_F(OriginCheckTest, AForeignHostIsRefusedOnAdminAndGraphRoutes) {
  const std::string rebound = "rebind.evil.example:" + std::to_string(port());
  expect_refused(send(request("GET", "/_mock/requests", rebound)),
                 "The Host header '" + rebound + "' names neither");
  expect_refused(send(request("GET", kDevices, rebound, "Authorization: Bearer x\r\n")),
                 "--allowed-host");
  expect_refused(send(request("POST", "/_mock/reset", rebound,
                              "Origin: http://" + rebound + "\r\nSec-Fetch-Site: same-origin\r\n")),
                 "DNS rebinding");
  expect_refused(send(request("GET", kDevices, "127.0.0.1.evil.example")), "names neither");
  EXPECT_EQ(clock_now(), "2026-01-05T09:01:00Z");
}

TEST_F(OriginCheckTest, TheOwnOriginNoOriginAndLocalhostAreAllowed) {
  // curl: no Origin, no Fetch Metadata.
  EXPECT_EQ(send(request("GET", "/_mock/requests", own_host())).status, 200);
  EXPECT_EQ(send(request("GET", kDevices, "localhost:" + std::to_string(port()))).status, 200);
  EXPECT_EQ(send(request("GET", kDevices, "LOCALHOST")).status, 200);  // any port, any case
  // The dashboard: same-origin requests, POSTs with the page's own Origin.
  EXPECT_EQ(
      send(request("GET", "/_mock/state", own_host(), "Sec-Fetch-Site: same-origin\r\n")).status,
      200);
  const std::string localhost = "localhost:" + std::to_string(port());
  EXPECT_EQ(
      send(request("POST", "/_mock/clock/advance", localhost,
                   "Origin: http://" + localhost +
                       "\r\nSec-Fetch-Site: same-origin\r\nContent-Type: application/json\r\n",
                   R"({"seconds": 60})"))
          .status,
      200);
  EXPECT_EQ(clock_now(), "2026-01-05T09:02:00Z");
  EXPECT_EQ(
      send(request("POST", "/_mock/reset", own_host(), "Origin: http://" + own_host() + "\r\n"))
          .status,
      200);
  EXPECT_EQ(clock_now(), "2026-01-05T09:00:00Z");
  // A Graph route from another origin is how a browser app under test calls it.
  EXPECT_EQ(send(request("GET", kDevices, own_host(),
                         "Origin: https://app.example\r\nSec-Fetch-Site: cross-site\r\n"))
                .status,
            200);
}

class AllowedHostTest : public OriginCheckTest {
 protected:
  AllowedHostTest()
      : OriginCheckTest([] {
          ServerOptions o = test_options();
          o.allowed_hosts = {"Mock.Test", "[fd00::7]:9000"};
          return o;
        }()) {}
};

TEST_F(AllowedHostTest, AnAllowedNameIsAdmittedWithItsOwnOrigin) {
  const std::string named = "mock.test:" + std::to_string(port());
  EXPECT_EQ(send(request("GET", kDevices, named)).status, 200);
  EXPECT_EQ(send(request("GET", kDevices, "[FD00::7]:8080")).status, 200);
  EXPECT_EQ(send(request("POST", "/_mock/clock/advance", named,
                         "Origin: http://" + named + "\r\nContent-Type: application/json\r\n",
                         R"({"seconds": 60})"))
                .status,
            200);
  EXPECT_EQ(clock_now(), "2026-01-05T09:02:00Z");
  expect_refused(send(request("GET", kDevices, "other.test")), "names neither");
  // Another origin is still another origin.
  expect_refused(
      send(request("POST", "/_mock/reset", named, "Origin: http://" + own_host() + "\r\n")),
      "is not graph-mock's own");
}

// Pure cases of check_origin: binds that the tests above do not make.
Request from(const std::string& host, const std::string& path = "/_mock/health",
             const std::string& origin = "") {
  Request r;
  r.method = "POST";
  r.path = path;
  r.headers.emplace("Host", host);
  if (!origin.empty()) r.headers.emplace("Origin", origin);
  return r;
}

TEST(CheckOriginTest, BoundToEveryInterfaceAnyAddressIsAcceptedButNoName) {
  FrontOptions any;
  any.host = "0.0.0.0";
  EXPECT_TRUE(check_origin(from("192.0.2.7:8080"), any).ok());
  EXPECT_TRUE(check_origin(from("[2001:db8::1]:8080"), any).ok());
  EXPECT_TRUE(check_origin(from("localhost:8080"), any).ok());
  EXPECT_FALSE(check_origin(from("build-agent.corp:8080"), any).ok());
  EXPECT_FALSE(check_origin(from("0.0.0.0.evil.example"), any).ok());
  any.host = "::";
  EXPECT_TRUE(check_origin(from("[::1]:8080"), any).ok());
  FrontOptions loopback;  // 127.0.0.1: no other address
  EXPECT_FALSE(check_origin(from("192.0.2.7:8080"), loopback).ok());
}

TEST(CheckOriginTest, Ipv6AndTlsOrigins) {
  FrontOptions v6;
  v6.host = "::1";
  EXPECT_TRUE(check_origin(from("[::1]:8080", "/_mock/reset", "http://[::1]:8080"), v6).ok());
  EXPECT_FALSE(check_origin(from("[::2]:8080"), v6).ok());
  FrontOptions tls;
  tls.tls = true;
  EXPECT_TRUE(
      check_origin(from("127.0.0.1:8443", "/_mock/reset", "https://127.0.0.1:8443"), tls).ok());
  Status plain = check_origin(from("127.0.0.1:8443", "/_mock/reset", "http://127.0.0.1:8443"), tls);
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().status, 403);
}

}  // namespace
}  // namespace graphmock
