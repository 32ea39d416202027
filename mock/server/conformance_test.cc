// Where the mock answers as Graph does although a reading of the pages alone would not say so
// (issue 26): the $count segment, system query options without '$' on /beta, PATCH bodies that
// carry the key and instance annotations, and the nullable templateType of
// createDeviceLogCollectionRequest. One test per point, through the whole pipeline.
#include <gtest/gtest.h>

#include "server/server_impl.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;
using Json = nlohmann::json;

constexpr const char* kJson = "application/json";
const std::string kTeamworkDevices = "/beta/teamwork/devices";
const std::string kAdeleDevice =
    "/beta/deviceManagement/managedDevices/b8bd7960-c0bb-4af1-b866-febe94793aef";
const std::string kAdeleRequest =
    kAdeleDevice +
    "/logCollectionRequests/"
    "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20_b8bd7960-c0bb-4af1-b866-febe94793aef_a9cea988-3c2b-45ff-"
    "b192-d5a646670670";

std::string message(const httplib::Result& r) { return body_of(r)["error"].value("message", ""); }

// GET <collection>/$count (the SDKs' `count.get()`): the number of items as text/plain,
// honouring $filter; the segment is not taken for a key.
TEST(ConformanceTest, CountSegmentAnswersTheNumberAsTextPlain) {
  StartedServer mock;
  auto http = mock.client();
  auto all = http->Get(kTeamworkDevices + "/$count");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->status, 200) << all->body;
  EXPECT_EQ(all->get_header_value("Content-Type").rfind("text/plain", 0), 0u);
  const Json listed = body_of(http->Get(kTeamworkDevices + "?$count=true"));
  EXPECT_EQ(all->body, listed["@odata.count"].dump());

  const std::string rooms = "$filter=deviceType%20eq%20'teamsRoom'";
  auto filtered = http->Get(kTeamworkDevices + "/$count?" + rooms);
  ASSERT_TRUE(filtered);
  EXPECT_EQ(filtered->status, 200) << filtered->body;
  const Json room_list = body_of(http->Get(kTeamworkDevices + "?$count=true&$top=1&" + rooms));
  EXPECT_EQ(filtered->body, room_list["@odata.count"].dump());
  EXPECT_NE(filtered->body, all->body);

  auto devices = http->Get("/beta/deviceManagement/managedDevices/$count");
  ASSERT_TRUE(devices);
  EXPECT_EQ(devices->body, "6");
  // The filter is still checked, and an entity path has no $count segment.
  auto bad = http->Get(kTeamworkDevices + "/$count?$filter=notes%20eq%20'x'");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(http->Get("/beta/teamwork/$count")->status, 404);
}

// On /beta the '$' of a system query option is optional, as Graph's query-parameters page says.
TEST(ConformanceTest, SystemQueryOptionsWithoutDollarOnBeta) {
  StartedServer mock;
  auto http = mock.client();
  auto r = http->Get(kTeamworkDevices + "?top=2&select=id");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const Json body = body_of(r);
  ASSERT_EQ(body["value"].size(), 2u);
  for (const Json& item : body["value"]) {
    EXPECT_TRUE(item.contains("id"));
    EXPECT_FALSE(item.contains("deviceType")) << item;
  }
  ASSERT_TRUE(body.contains("@odata.nextLink"));
  // The next page keeps the options as sent.
  const std::string next = body["@odata.nextLink"];
  const Json page2 = body_of(http->Get(next.substr(mock.url().size())));
  EXPECT_EQ(page2["value"].size(), 2u) << page2;
  EXPECT_NE(page2["value"][0]["id"], body["value"][0]["id"]);
  // Checked as their '$' forms are, and twice is still twice.
  EXPECT_EQ(http->Get(kTeamworkDevices + "?top=51")->status, 400);
  EXPECT_EQ(http->Get(kTeamworkDevices + "?top=2&$top=3")->status, 400);
  EXPECT_EQ(http->Get(kTeamworkDevices + "?select=bogus")->status, 400);
  // Parameters that are not system query options are still ignored.
  EXPECT_EQ(http->Get(kTeamworkDevices + "?api-version=2")->status, 200);
}

// What an app sends after GET, edit, PATCH back: the key (when it is the entity's own) and the
// instance annotations are ignored; an unknown property and another key are still 400s.
TEST(ConformanceTest, PatchIgnoresItsOwnKeyAndInstanceAnnotations) {
  StartedServer mock;
  auto http = mock.client();
  Json entity = body_of(http->Get(kAdeleRequest));
  ASSERT_TRUE(entity.contains("@odata.context"));
  entity["enrolledByUser"] = "someone@contoso.com";
  entity["enrolledByUser@odata.type"] = "#String";
  entity["@microsoft.graph.tips"] = "ignored";
  auto updated = http->Patch(kAdeleRequest, entity.dump(), kJson);
  ASSERT_TRUE(updated);
  ASSERT_EQ(updated->status, 200) << updated->body;
  const Json after = body_of(http->Get(kAdeleRequest));
  EXPECT_EQ(after["enrolledByUser"], "someone@contoso.com");
  EXPECT_EQ(after["id"], entity["id"]);
  EXPECT_FALSE(after.contains("@microsoft.graph.tips"));

  // An evolvable enum's sentinel leaves the property as it is.
  auto sentinel = http->Patch(kAdeleRequest, R"({"status":"unknownFutureValue"})", kJson);
  ASSERT_TRUE(sentinel);
  EXPECT_EQ(sentinel->status, 200) << sentinel->body;
  EXPECT_EQ(body_of(http->Get(kAdeleRequest))["status"], "completed");

  auto other_key = http->Patch(kAdeleRequest, R"({"id":"another"})", kJson);
  ASSERT_TRUE(other_key);
  EXPECT_EQ(other_key->status, 400);
  EXPECT_NE(message(other_key).find("/id"), std::string::npos) << other_key->body;
  auto unknown = http->Patch(kAdeleRequest, R"({"templateType":"predefined"})", kJson);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);
  EXPECT_NE(message(unknown).find("templateType"), std::string::npos) << unknown->body;
}

// templateType as the metadata declares it: a nullable parameter, every member of
// deviceLogCollectionTemplateType accepted by the schema, the sentinel refused as Graph refuses
// an evolvable enum's sentinel in an action's parameter, and taken under docs-variants (the
// docs page's own example sends it).
TEST(ConformanceTest, TemplateTypeAsTheMetadataDeclaresIt) {
  StartedServer mock;
  auto http = mock.client();
  const std::string action = kAdeleDevice + "/createDeviceLogCollectionRequest";
  for (const char* body :
       {"{}", R"({"templateType":null})", R"({"templateType":{"templateType":"predefined"}})"}) {
    auto r = http->Post(action, body, kJson);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200) << body << " -> " << r->body;
    EXPECT_EQ(body_of(r)["status"], "pending") << body;
  }
  const std::string docs_example =
      R"({"templateType":{"@odata.type":"microsoft.graph.deviceLogCollectionRequest",)"
      R"("id":"Id value","templateType":"unknownFutureValue"}})";
  auto sentinel = http->Post(action, docs_example, kJson);
  ASSERT_TRUE(sentinel);
  EXPECT_EQ(sentinel->status, 400);
  EXPECT_NE(message(sentinel).find("unknownFutureValue"), std::string::npos) << sentinel->body;
  EXPECT_EQ(http->Post(action, R"({"templateType":{"templateType":"everything"}})", kJson)->status,
            400);

  ASSERT_TRUE(internals(mock.server()).load_scenario("docs-variants").ok());
  auto docs = http->Post(action, docs_example, kJson);
  ASSERT_TRUE(docs);
  EXPECT_EQ(docs->status, 200) << docs->body;
}

}  // namespace
}  // namespace graphmock
