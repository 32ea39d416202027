// GET /beta/teamwork, the singleton family, through the whole pipeline.
#include <gtest/gtest.h>

#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;

TEST(TeamworkRootHttpTest, ServesTheSingletonWithSelect) {
  StartedServer mock;
  auto http = mock.client();
  auto whole = http->Get("/beta/teamwork");
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->status, 200) << whole->body;
  auto body = body_of(whole);
  EXPECT_EQ(body["@odata.context"], "https://graph.microsoft.com/beta/$metadata#teamwork/$entity");
  EXPECT_EQ(body["isTeamsEnabled"], true);
  EXPECT_EQ(body["region"], "Europe and MiddleEast");

  auto some = body_of(http->Get("/beta/teamwork?$select=region"));
  EXPECT_EQ(some["region"], "Europe and MiddleEast");
  EXPECT_FALSE(some.contains("isTeamsEnabled")) << some;
  EXPECT_EQ(http->Get("/beta/teamwork?$top=1")->status, 400);  // not a collection
  EXPECT_EQ(http->Post("/beta/teamwork", "{}", "application/json")->status, 405);
}

}  // namespace
}  // namespace graphmock
