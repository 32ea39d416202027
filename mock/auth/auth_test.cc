#include "auth/auth.h"

#include <gtest/gtest.h>

#include "server/test_server.h"

namespace graphmock {
namespace {

std::string jwt(const nlohmann::json& payload) { return graphmock::testing::unsigned_jwt(payload); }

Request with_token(const std::string& token) {
  Request r;
  r.headers.emplace("Authorization", "Bearer " + token);
  return r;
}

RouteInfo write_route() {
  RouteInfo i;
  i.method = "POST";
  i.pattern = "/beta/teamwork/devices/{deviceId}/runDiagnostics";
  i.permissions = {"TeamworkDevice.ReadWrite.All"};
  return i;
}

TEST(AuthTest, BearerModeNeedsAToken) {
  auto r = authenticate(Request{}, AuthMode::kBearer, write_route());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 401);
  EXPECT_EQ(r.error().code, "InvalidAuthenticationToken");
  EXPECT_TRUE(authenticate(with_token("opaque"), AuthMode::kBearer, write_route()).ok());
  EXPECT_TRUE(authenticate(Request{}, AuthMode::kOff, write_route()).ok());
}

TEST(AuthTest, ScopesModeChecksScpAndRoles) {
  auto delegated = authenticate(with_token(jwt({{"scp", "User.Read TeamworkDevice.ReadWrite.All"},
                                                {"upn", "a@contoso.com"}})),
                                AuthMode::kScopes, write_route());
  ASSERT_TRUE(delegated.ok());
  EXPECT_EQ(delegated->upn, "a@contoso.com");
  EXPECT_TRUE(
      authenticate(with_token(jwt({{"roles", {"TeamworkDevice.ReadWrite.All"}}, {"appid", "app"}})),
                   AuthMode::kScopes, write_route())
          .ok());
  auto denied = authenticate(with_token(jwt({{"scp", "TeamworkDevice.Read.All"}})),
                             AuthMode::kScopes, write_route());
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().status, 403);
  EXPECT_EQ(denied.error().code, "Authorization_RequestDenied");
  EXPECT_NE(denied.error().message.find("TeamworkDevice.ReadWrite.All"), std::string::npos);
  auto not_jwt = authenticate(with_token("opaque"), AuthMode::kScopes, write_route());
  ASSERT_FALSE(not_jwt.ok());
  EXPECT_EQ(not_jwt.error().status, 401);
}

TEST(AuthTest, ClaimsNameTheAppAndTenantThrottlingCountsBy) {
  auto v1 = decode_jwt(jwt({{"appid", "app-1"}, {"tid", "tenant-1"}}));
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->appid, "app-1");
  EXPECT_EQ(v1->tid, "tenant-1");
  auto v2 = decode_jwt(jwt({{"azp", "app-2"}}));  // v2 tokens name the app in azp
  ASSERT_TRUE(v2);
  EXPECT_EQ(v2->appid, "app-2");
  EXPECT_EQ(v2->tid, "");
  // The payload is outside data: a deeply nested one is refused, not walked.
  nlohmann::json deep = "x";
  for (int i = 0; i < 300; ++i) deep = nlohmann::json::array({deep});
  EXPECT_FALSE(decode_jwt(jwt({{"appid", "app-3"}, {"deep", deep}})));
}

TEST(AuthTest, IdentitySetFollowsTheCaller) {
  Claims user;
  user.oid = "u1";
  user.name = "Adele";
  EXPECT_EQ(identity_set_for(user)["user"]["displayName"], "Adele");
  Claims app;
  app.appid = "app1";
  auto set = identity_set_for(app);
  EXPECT_EQ(set["application"]["id"], "app1");
  EXPECT_TRUE(set["user"].is_null());
}

}  // namespace
}  // namespace graphmock
