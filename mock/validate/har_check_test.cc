#include "validate/har_check.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/files.h"
#include "fixtures_io/fixture_set.h"
#include "server/server_impl.h"
#include "validate/schema_registry.h"
#include "validate/validate_commands.h"

namespace graphmock {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// contract_tests/data/sample.har: real-shaped traffic with four seeded violations.
TEST(HarCheckTest, SampleReportsExactlyTheSeededViolations) {
  Server server;  // its route table only
  std::ostringstream out, err;
  int status = run_validate_har(GRAPHMOCK_TEST_SCHEMAS, GRAPHMOCK_TEST_HAR,
                                internals(server).pipeline().graph_routes(), out, err);
  EXPECT_EQ(status, 1);
  std::vector<std::string> expected = {
      "2 GET /beta/teamwork/devices/b5e463a9-7520-4006-b699-237421670139 response /deviceType: "
      "'TeamsRoom' is not "
      "one of unknown, ipPhone, teamsRoom, surfaceHub, collaborationBar, teamsDisplay, "
      "touchConsole, lowCostPhone, "
      "teamsPanel, sip, unknownFutureValue, sipAnalog",
      "6 GET /beta/teamwork/devices/b5e463a9-7520-4006-b699-237421670139/operations response "
      "/value/1/status: "
      "missing required property 'status'",
      "7 POST /beta/teamwork/devices/41142dae-02dd-459b-9365-63e26e8d2653/updateSoftware request "
      "/softwareVersion: "
      "expected string or null, got integer 1096",
      "10 GET "
      "/beta/deviceManagement/managedDevices/b8bd7960-c0bb-4af1-b866-febe94793aef/"
      "logCollectionRequests "
      "response /value/0/errorCode: expected integer, got string '0'",
      "12 entries, 12 bodies checked, 4 violation(s), 1 skipped"};
  EXPECT_EQ(lines_of(out.str()), expected);
  EXPECT_EQ(lines_of(err.str()),
            std::vector<std::string>{"skipped 11 GET /v1.0/me: no graph-mock route"});
}

TEST(HarCheckTest, CleanCaptureExitsZero) {
  auto text = read_file(GRAPHMOCK_TEST_HAR);
  ASSERT_TRUE(text.ok());
  Json har = Json::parse(*text);
  auto& entries = har["log"]["entries"];
  Json clean = Json::array();
  for (size_t i : {0, 1, 3, 4, 5, 8, 9}) clean.push_back(entries[i]);
  entries = clean;
  std::string error;
  auto schemas = SchemaRegistry::load(GRAPHMOCK_TEST_SCHEMAS, error);
  ASSERT_TRUE(schemas) << error;
  Server server;
  HarReport report = check_har(har, internals(server).pipeline().graph_routes(), *schemas);
  EXPECT_TRUE(report.violations.empty()) << format_har_violation(report.violations.front());
  EXPECT_EQ(report.bodies_checked, 8u);  // entry 8 has a request and a response body
  EXPECT_TRUE(report.skipped.empty());
}

TEST(HarCheckTest, NotAHarIsAnError) {
  Server server;
  std::string error;
  auto schemas = SchemaRegistry::load(GRAPHMOCK_TEST_SCHEMAS, error);
  ASSERT_TRUE(schemas) << error;
  EXPECT_FALSE(check_har(Json{{"entries", Json::array()}},
                         internals(server).pipeline().graph_routes(), *schemas)
                   .error.empty());
}

TEST(ValidateCommandsTest, FilesAgainstASchema) {
  std::ostringstream out, err;
  std::string fixtures = std::string(GRAPHMOCK_TEST_FIXTURES) + "/default/";
  EXPECT_EQ(run_validate_files(GRAPHMOCK_TEST_SCHEMAS, "fixtures.teamworkDevices",
                               {fixtures + "teamworkDevices.json"}, out, err),
            0)
      << out.str() << err.str();
  EXPECT_EQ(run_validate_files(GRAPHMOCK_TEST_SCHEMAS, "teamworkDevice",
                               {fixtures + "teamworkDevices.json"}, out, err),
            1);
  EXPECT_NE(
      out.str().find("teamworkDevices.json: /deviceType: missing required property 'deviceType'"),
      std::string::npos)
      << out.str();
  EXPECT_EQ(run_validate_files(GRAPHMOCK_TEST_SCHEMAS, "noSuchSchema",
                               {fixtures + "teamworkDevices.json"}, out, err),
            2);
}

TEST(ValidateCommandsTest, CheckTheRepoFixtures) {
  std::ostringstream out, err;
  Server server;  // for the families' fixture files
  EXPECT_EQ(run_check(GRAPHMOCK_TEST_SCHEMAS, GRAPHMOCK_TEST_FIXTURES,
                      internals(server).fixture_files(), out, err),
            0)
      << out.str() << err.str();
  EXPECT_NE(out.str().find(" 0 problem(s)"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace graphmock
