#include "auth/auth.h"

#include <gtest/gtest.h>

namespace graphmock {
namespace {

std::string b64url(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  int val = 0, bits = -6;
  for (unsigned char c : in) {
    val = (val << 8) + c;
    bits += 8;
    while (bits >= 0) {
      out.push_back(t[(val >> bits) & 0x3F]);
      bits -= 6;
    }
  }
  if (bits > -6) out.push_back(t[((val << 8) >> (bits + 8)) & 0x3F]);
  return out;
}

std::string jwt(const nlohmann::json& payload) {
  return b64url(R"({"alg":"none","typ":"JWT"})") + "." + b64url(payload.dump()) + ".sig";
}

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
