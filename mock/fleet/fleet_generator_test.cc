// The fleet generator: its output passes `graph-mock check`, one seed gives one
// fleet, and a served fleet pages (plain and filtered) visiting every device once.
#include "fleet/fleet_generator.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "server/server_impl.h"
#include "server/test_server.h"
#include "validate/validate_commands.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;
using graphmock::testing::test_options;
using Json = nlohmann::json;

FixtureDocuments fleet(size_t devices, uint64_t seed) {
  Server server;
  auto templates =
      read_fixture_set(GRAPHMOCK_TEST_FIXTURES, "default", internals(server).fixture_files());
  EXPECT_TRUE(templates.ok());
  auto out = generate_fleet(internals(server).fleet_parts(), templates->documents, {devices, seed});
  EXPECT_TRUE(out.ok()) << out.error().message;
  return *out;
}

// A fixtures folder holding the fleet as set "fleet"; removed with the object.
struct FleetDir {
  std::filesystem::path root;
  explicit FleetDir(const FixtureDocuments& docs) {
    root = std::filesystem::temp_directory_path() /
           ("graphmock-fleet-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root / "fleet");
    for (const auto& [file, doc] : docs) std::ofstream(root / "fleet" / file) << doc.dump();
  }
  ~FleetDir() { std::filesystem::remove_all(root); }
};

TEST(FleetGeneratorTest, OutputPassesCheck) {
  FleetDir dir(fleet(300, 7));
  Server server;
  std::ostringstream out, err;
  EXPECT_EQ(run_check(GRAPHMOCK_TEST_SCHEMAS, dir.root.string(), internals(server).fixture_files(),
                      out, err),
            0)
      << out.str() << err.str();
}

TEST(FleetGeneratorTest, SameSeedSameFleetOtherSeedOtherFleet) {
  auto a = fleet(50, 7), b = fleet(50, 7), c = fleet(50, 8);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  const Json& devices = a.at("teamworkDevices.json")["value"];
  ASSERT_EQ(devices.size(), 50u);
  EXPECT_EQ(a.at("managedDevices.json")["value"].size(), 25u);
  std::set<std::string> ids, types, health;
  for (const auto& d : devices) {
    ids.insert(d["id"].get<std::string>());
    types.insert(d["deviceType"].get<std::string>());
    health.insert(d["healthStatus"].get<std::string>());
  }
  EXPECT_EQ(ids.size(), 50u);
  EXPECT_GE(types.size(), 6u);
  EXPECT_GE(health.size(), 3u);
}

// Each family generates from its own templates: one whose templates hold none of its entities
// writes nothing, and templates from which no family generates anything are a 400.
TEST(FleetGeneratorTest, EachFamilyGeneratesFromItsOwnTemplates) {
  Server server;
  auto parts = internals(server).fleet_parts();
  auto templates =
      read_fixture_set(GRAPHMOCK_TEST_FIXTURES, "default", internals(server).fixture_files());
  ASSERT_TRUE(templates.ok());
  FixtureDocuments teams_only = {
      {"teamworkDevices.json", templates->documents["teamworkDevices.json"]}};
  auto only = generate_fleet(parts, teams_only, {10, 1});
  ASSERT_TRUE(only.ok()) << only.error().message;
  ASSERT_EQ(only->size(), 1u);
  EXPECT_EQ(only->at("teamworkDevices.json")["value"].size(), 10u);
  // The same draws as in a whole fleet: the families after it do not shift its devices.
  EXPECT_EQ(*only,
            FixtureDocuments({{"teamworkDevices.json", fleet(10, 1)["teamworkDevices.json"]}}));

  for (const FixtureDocuments& nothing :
       {FixtureDocuments{}, FixtureDocuments{{"teamworkDevices.json", {{"value", Json::array()}}},
                                             {"managedDevices.json", Json::array()}}}) {
    auto none = generate_fleet(parts, nothing, {10, 1});
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().status, 400);
    EXPECT_EQ(
        none.error().message,
        "fixtures generate: the template set holds nothing to generate a fleet from (no "
        "entity in deviceManagementScripts.json, managedDevices.json, teamworkDevices.json).");
  }
}

TEST(FleetGeneratorTest, PagingAServedFleetVisitsEveryDeviceOnce) {
  auto docs = fleet(500, 3);
  size_t rooms = 0;
  for (const auto& d : docs.at("teamworkDevices.json")["value"])
    rooms += d["deviceType"] == "teamsRoom";
  FleetDir dir(docs);
  ServerOptions options = test_options();
  options.fixtures_dir = dir.root.string();
  options.fixture_set = "fleet";
  StartedServer mock(options);
  auto http = mock.client();
  auto walk = [&](std::string next) {
    std::set<std::string> seen;
    size_t visits = 0;
    while (!next.empty()) {
      auto r = http->Get(next);
      EXPECT_TRUE(r && r->status == 200) << next;
      if (!r || r->status != 200) break;
      Json body = body_of(r);
      for (const auto& d : body["value"]) {
        seen.insert(d["id"].get<std::string>());
        ++visits;
      }
      next = body.contains("@odata.nextLink")
                 ? body["@odata.nextLink"].get<std::string>().substr(mock.url().size())
                 : "";
    }
    EXPECT_EQ(seen.size(), visits);  // none twice
    return seen.size();
  };
  EXPECT_EQ(walk("/beta/teamwork/devices?$top=50"), 500u);
  EXPECT_EQ(walk("/beta/teamwork/devices?$top=7&$filter=deviceType%20eq%20'teamsRoom'"), rooms);
}

}  // namespace
}  // namespace graphmock
