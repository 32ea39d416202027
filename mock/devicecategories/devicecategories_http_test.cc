// The device categories family through the whole pipeline: list, get, $select, paging, the
// $count segment, and Graph's 404 and 400s.
#include <gtest/gtest.h>

#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;

const std::string kSet = "/beta/deviceManagement/deviceCategories";

TEST(DeviceCategoriesHttpTest, ListsGetsAndQueriesTheCategories) {
  StartedServer mock;
  auto http = mock.client();
  auto list = body_of(http->Get(kSet));
  EXPECT_EQ(list["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#deviceManagement/deviceCategories");
  ASSERT_EQ(list["value"].size(), 3u);
  const std::string id = list["value"][1]["id"];
  auto one = http->Get(kSet + "/" + id + "?$select=displayName");
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200) << one->body;
  EXPECT_EQ(body_of(one)["displayName"], list["value"][1]["displayName"]);
  EXPECT_FALSE(body_of(one).contains("description"));

  auto page = body_of(http->Get(kSet + "?top=2"));  // no '$' on /beta
  ASSERT_EQ(page["value"].size(), 2u) << page;
  EXPECT_TRUE(page.contains("@odata.nextLink"));
  EXPECT_EQ(http->Get(kSet + "/$count")->body, "3");

  EXPECT_EQ(http->Get(kSet + "/nope")->status, 404);
  // The list page documents no $filter and the type has no navigation property.
  EXPECT_EQ(http->Get(kSet + "?$filter=displayName%20eq%20'x'")->status, 400);
  EXPECT_EQ(http->Get(kSet + "?$expand=managedDevices")->status, 400);
}

}  // namespace
}  // namespace graphmock
