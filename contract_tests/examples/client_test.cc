// A client's test against an in-process graph-mock: list devices, start
// diagnostics, move the virtual clock, see the operation succeed and the client judged.
#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "graphmock/testing/graphmock_fixture.h"

namespace {

using nlohmann::json;

class DeviceDiagnosticsTest : public graphmock::testing::GraphMockTest {
 protected:
  httplib::Headers auth() const { return {{"Authorization", "Bearer example-token"}}; }
};

TEST_F(DeviceDiagnosticsTest, RunsDiagnosticsToSucceeded) {
  httplib::Client http(base_url());

  auto list = http.Get("/beta/teamwork/devices", auth());
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200);
  json devices = json::parse(list->body)["value"];
  ASSERT_FALSE(devices.empty());
  std::string id = devices[0]["id"];

  auto accepted =
      http.Post("/beta/teamwork/devices/" + id + "/runDiagnostics", auth(), "", "application/json");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 202);
  // Location is relative to the version root, as in the Graph docs.
  std::string operation = "/beta" + accepted->get_header_value("Location");

  auto queued = http.Get(operation, auth());
  ASSERT_TRUE(queued);
  EXPECT_EQ(json::parse(queued->body)["status"], "queued");

  advance(std::chrono::minutes(5));  // no sleeping: the mock's clock is virtual

  auto done = http.Get(operation, auth());
  ASSERT_TRUE(done);
  json op = json::parse(done->body);
  EXPECT_EQ(op["status"], "successful");
  EXPECT_EQ(op["operationType"], "deviceDiagnostics");
  EXPECT_CLIENT_BEHAVED();  // polled at a sane rate, stopped when it ended (docs/verdicts.md)
}

TEST_F(DeviceDiagnosticsTest, FaultRulesFromCpp) {
  // The same fault rules as POST /_mock/faults, without HTTP.
  auto added =
      server().add_fault(json::parse(R"({"match":{"method":"GET","path":"/beta/teamwork/devices"},
                                         "respond":{"status":503,"headers":{"Retry-After":"2"}}})"));
  ASSERT_TRUE(added.ok()) << added.error().message;
  httplib::Client http(base_url());
  auto r = http.Get("/beta/teamwork/devices", auth());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->get_header_value("Retry-After"), "2");
}

}  // namespace
