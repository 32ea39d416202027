#include "routing/router.h"

#include <gtest/gtest.h>

namespace graphmock {

using R = Router<int>;

RouteInfo info(std::string method, std::string pattern) {
  RouteInfo i;
  i.method = std::move(method);
  i.pattern = std::move(pattern);
  return i;
}

TEST(RouterTest, MatchesLiteralsAndParams) {
  R r;
  r.add(info("GET", "/beta/teamwork/devices"), 1);
  r.add(info("GET", "/beta/teamwork/devices/{deviceId}"), 2);
  r.add(info("GET", "/beta/teamwork/devices/{deviceId}/operations/{operationId}"), 3);
  auto m = r.match("GET", "/beta/teamwork/devices/abc/operations/op1");
  ASSERT_EQ(m.kind, R::Match::Kind::kFound);
  EXPECT_EQ(*m.handler, 3);
  EXPECT_EQ(m.params.get("deviceId"), "abc");
  EXPECT_EQ(m.params.get("operationId"), "op1");
  EXPECT_EQ(*r.match("GET", "/beta/teamwork/devices/").handler, 1);
}

TEST(RouterTest, AcceptsODataKeySegments) {
  R r;
  r.add(info("GET", "/beta/teamwork/devices/{deviceId}/operations/{operationId}"), 3);
  auto m = r.match("GET", "/beta/teamwork/devices('abc')/operations(op1)");
  ASSERT_EQ(m.kind, R::Match::Kind::kFound);
  EXPECT_EQ(m.params.get("deviceId"), "abc");
  EXPECT_EQ(m.params.get("operationId"), "op1");
}

// The front leaves %2F and %25 escaped in Request::path (see decode_path).
TEST(RouterTest, AnEscapedSlashStaysInsideItsSegment) {
  R r;
  r.add(info("GET", "/devices/{id}"), 1);
  r.add(info("POST", "/devices/{id}/run"), 2);
  EXPECT_EQ(r.match("POST", "/devices/a%2Frun").kind, R::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(r.match("GET", "/devices/a%2frun").params.get("id"), "a/run");
  EXPECT_EQ(r.match("GET", "/devices('a%2Fb%252F')").params.get("id"), "a/b%2F");
}

TEST(RouterTest, LiteralWinsOverParamAndBacktracks) {
  R r;
  r.add(info("GET", "/a/{x}/c"), 1);
  r.add(info("GET", "/a/b/d"), 2);
  EXPECT_EQ(*r.match("GET", "/a/b/d").handler, 2);
  EXPECT_EQ(*r.match("GET", "/a/b/c").handler, 1);
}

TEST(RouterTest, WrongMethodListsAllowed) {
  R r;
  r.add(info("GET", "/x/{id}"), 1);
  r.add(info("DELETE", "/x/{id}"), 2);
  auto m = r.match("PUT", "/x/1");
  EXPECT_EQ(m.kind, R::Match::Kind::kMethodNotAllowed);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "DELETE"}));
  EXPECT_EQ(*r.match("HEAD", "/x/1").handler, 1);
}

TEST(RouterTest, NotFoundNamesClosestRoute) {
  R r;
  r.add(info("GET", "/beta/teamwork/devices"), 1);
  r.add(info("GET", "/beta/deviceManagement/managedDevices"), 2);
  auto m = r.match("GET", "/beta/teamwork/devicez");
  EXPECT_EQ(m.kind, R::Match::Kind::kNotFound);
  EXPECT_EQ(m.closest, "/beta/teamwork/devices");
}

}  // namespace graphmock
