#include "record/secrets.h"

#include <gtest/gtest.h>

#include <vector>

namespace graphmock {
namespace {

using Json = nlohmann::json;

Json entry_with(Json request_headers, Json response = Json::object()) {
  return {{"request",
           {{"method", "GET"},
            {"url", "https://graph.microsoft.com/beta/x"},
            {"headers", std::move(request_headers)}}},
          {"response", std::move(response)}};
}

TEST(SecretsTest, ABearerTokenIsRemovedWhereverItReappears) {
  Secrets s;
  s.learn(entry_with({{{"name", "authorization"}, {"value", "Bearer tok+en/4711=="}}}), "");
  EXPECT_EQ(s.scrub("X-Echo: Bearer tok+en/4711=="), "X-Echo: Bearer scrubbed-secret");
  EXPECT_EQ(s.scrub(R"({"message":"token tok+en\/4711== is expired"})"),
            R"({"message":"token scrubbed-secret is expired"})");  // JSON-escaped
  EXPECT_EQ(s.scrub("https://x/?t=tok%2Ben%2F4711%3D%3D&a=1"), "https://x/?t=scrubbed-secret&a=1");
  EXPECT_EQ(s.removed(), 3u);
  EXPECT_EQ(s.scrub("nothing here"), "nothing here");
}

TEST(SecretsTest, TokenEndpointFieldsCookiesAndJwtsAreRemoved) {
  Secrets s;
  Json token_answer = {{"token_type", "Bearer"},
                       {"access_token", "access-4711-abcdef"},
                       {"refresh_token", "refresh-4711-abcdef"},
                       {"id_token", "id-token-4711-abcdef"}};
  Json entry = entry_with(
      {{{"name", "Cookie"}, {"value", "a=cookie-one-4711; b=cookie-two-4711"}}},
      {{"status", 200},
       {"headers", {{{"name", "Set-Cookie"}, {"value", "s=set-cookie-4711; Path=/; HttpOnly"}}}}});
  entry["request"]["postData"] = {
      {"mimeType", "application/x-www-form-urlencoded"},
      {"text", "grant_type=authorization_code&code=auth-code-4711&client_secret=cs-4711-abcdef"}};
  s.learn(entry, token_answer.dump());
  std::string text =
      "access-4711-abcdef refresh-4711-abcdef id-token-4711-abcdef auth-code-4711 "
      "cs-4711-abcdef cookie-one-4711 cookie-two-4711 set-cookie-4711";
  EXPECT_EQ(s.scrub(text),
            "scrubbed-secret scrubbed-secret scrubbed-secret scrubbed-secret "
            "scrubbed-secret scrubbed-secret scrubbed-secret scrubbed-secret");
  // A JSON "code" is Graph's error code, not an authorization code.
  Secrets errors;
  errors.learn(entry_with(Json::array()),
               R"({"error":{"code":"SoftwareUpdateFailed","message":"x"}})");
  EXPECT_EQ(errors.scrub("SoftwareUpdateFailed"), "SoftwareUpdateFailed");
  // Cookie attributes, the grant type and short values are no secrets.
  EXPECT_EQ(s.scrub("Path=/ HttpOnly authorization_code Bearer"),
            "Path=/ HttpOnly authorization_code Bearer");
  Secrets implicit;  // the implicit flow answers in a redirect's fragment
  implicit.learn(entry_with(Json::array(),
                            {{"status", 302},
                             {"redirectURL", "https://app/#access_token=frag-4711-abcdef&x=1"}}),
                 "");
  EXPECT_EQ(implicit.scrub("frag-4711-abcdef"), "scrubbed-secret");
  // A JWT is removed though never seen before; a lone "eyJ" is not one.
  EXPECT_EQ(Secrets().scrub("id \"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.\" and eyJ.a"),
            "id \"scrubbed-jwt\" and eyJ.a");
}

TEST(SecretsTest, ShortValuesAreNotLearnt) {
  Secrets s;
  s.learn(entry_with({{{"name", "Authorization"}, {"value", "Bearer x"}}}), "");
  EXPECT_EQ(s.scrub("x marks the spot"), "x marks the spot");
}

TEST(SecretsTest, Base64RoundTrips) {
  for (const std::string& bytes :
       std::vector<std::string>{"", "a", "ab", "abc", "abcd", std::string("\0\xff\x80 z", 5)})
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
  EXPECT_EQ(base64_decode("YWJj\nZA=="), "abcd");
  EXPECT_FALSE(base64_decode("not base64!"));
}

}  // namespace
}  // namespace graphmock
