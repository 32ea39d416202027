// The long-running actions: 202 + Location, the operation behind it moving to
// a terminal state, 409 on a second action, operations created directly.
#include "contract.h"

namespace graphmock::contract {
namespace {

std::string device_path(const std::string& id) { return "/beta/teamwork/devices/" + id; }

// Starts an action and checks the 202 contract; the operation's path or "".
std::string accepted(const Call& c) {
  EXPECT_TRUE(has_status(c, 202));
  if (c.status != 202) return {};
  expect_graph_headers(c);
  EXPECT_TRUE(c.body.empty()) << c.what()
                              << ": 202 Accepted must have an empty body, got: " << c.body;
  std::string location = c.header("Location");
  EXPECT_FALSE(location.empty()) << c.what() << ": 202 without a Location header";
  EXPECT_NE(location.find("/operations/"), std::string::npos)
      << c.what() << ": Location '" << location << "' does not point to a teamworkDeviceOperation";
  return location.empty() ? std::string() : location_path(location);
}

class TeamworkActionsContract : public ::testing::Test {
 protected:
  void SetUp() override {
    device_ = idle_device();
    if (device_.empty()) GTEST_SKIP() << "no idle device left on " << target().options().base_url;
  }
  std::string device_;
};

TEST_F(TeamworkActionsContract, RunDiagnosticsIsAcceptedAndPollsToTerminal) {
  Call c = target().post_empty(device_path(device_) + "/runDiagnostics");
  std::string op_path = accepted(c);
  ASSERT_FALSE(op_path.empty());
  Call op = target().get(op_path);
  ASSERT_TRUE(has_status(op, 200)) << "following the Location of " << c.what();
  expect_graph_headers(op);
  expect_json_body(op);
  expect_schema(op, "teamworkDeviceOperation", op.json());
  EXPECT_EQ(enum_member(op.json(), "operationType"), "deviceDiagnostics")
      << op.what() << ": /operationType";
  EXPECT_FALSE(operation_phase(op.json()).empty())
      << op.what() << ": /status '" << op.json().value("status", "")
      << "' is no documented status word";
  Json last = poll_to_terminal(op_path);
  ASSERT_FALSE(last.is_null());
  if (operation_phase(last) == "failed")
    EXPECT_TRUE(last["error"].is_object()) << op.what() << ": a failed operation needs /error";
  else
    EXPECT_TRUE(last["completedDateTime"].is_string())
        << op.what() << ": a finished operation needs /completedDateTime";
  // The operation is listed on the device.
  bool listed = false;
  for (const auto& o : all_pages(device_path(device_) + "/operations", "teamworkDeviceOperation"))
    listed = listed || o.value("id", "") == last.value("id", "");
  EXPECT_TRUE(listed) << "GET " << device_path(device_)
                      << "/operations: the new operation is not listed";
}

TEST_F(TeamworkActionsContract, SecondActionWhileOneIsQueuedIsConflict) {
  std::string first = accepted(target().post_empty(device_path(device_) + "/runDiagnostics"));
  ASSERT_FALSE(first.empty());
  expect_graph_error(target().post_empty(device_path(device_) + "/runDiagnostics"), 409,
                     "Conflict");
  expect_graph_error(target().post_empty(device_path(device_) + "/restart"), 409, "Conflict");
  // Once the first one is done, the device takes actions again.
  ASSERT_FALSE(poll_to_terminal(first).is_null());
  std::string again = accepted(target().post_empty(device_path(device_) + "/restart"));
  ASSERT_FALSE(again.empty());
  poll_to_terminal(again);
}

TEST_F(TeamworkActionsContract, UpdateSoftwareIsAcceptedAndPollsToTerminal) {
  Call c = target().post_json(device_path(device_) + "/updateSoftware",
                              {{"softwareType", "teamsClient"}, {"softwareVersion", "1.0.96.22"}});
  std::string op_path = accepted(c);
  ASSERT_FALSE(op_path.empty());
  Json last = poll_to_terminal(op_path);
  ASSERT_FALSE(last.is_null());
  EXPECT_EQ(enum_member(last, "operationType"), "softwareUpdate")
      << "GET " << op_path << ": /operationType";
}

TEST_F(TeamworkActionsContract, UpdateSoftwareWithoutSoftwareTypeIsBadRequest) {
  expect_graph_error(
      target().post_json(device_path(device_) + "/updateSoftware", {{"softwareVersion", "1.0"}}),
      400, "BadRequest");
}

TEST_F(TeamworkActionsContract, RestartIsAccepted) {
  std::string op_path = accepted(target().post_empty(device_path(device_) + "/restart"));
  ASSERT_FALSE(op_path.empty());
  Json last = poll_to_terminal(op_path);
  ASSERT_FALSE(last.is_null());
  EXPECT_EQ(enum_member(last, "operationType"), "deviceRestart")
      << "GET " << op_path << ": /operationType";
}

TEST_F(TeamworkActionsContract, CreateOperationIsCreated) {
  Call c = target().post_json(device_path(device_) + "/operations",
                              {{"operationType", "deviceDiagnostics"}, {"status", "successful"}});
  ASSERT_TRUE(has_status(c, 201));
  expect_graph_headers(c);
  expect_json_body(c);
  expect_schema(c, "teamworkDeviceOperation", c.json());
  Call back = target().get(device_path(device_) + "/operations/" + c.json().value("id", ""));
  ASSERT_TRUE(has_status(back, 200)) << "reading back the operation created by " << c.what();
  EXPECT_EQ(back.json().value("status", ""), "successful") << back.what() << ": /status";
}

TEST_F(TeamworkActionsContract, VirtualClockMovesTheOperationThroughItsPhases) {
  if (!target().admin().available) GTEST_SKIP() << needs_admin();
  if (!target().admin().virtual_clock)
    GTEST_SKIP() << "the mock at " << target().options().base_url
                 << " runs a real clock (--clock real)";
  std::string op_path = accepted(target().post_empty(device_path(device_) + "/runDiagnostics"));
  ASSERT_FALSE(op_path.empty());
  std::vector<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    Call c = target().get(op_path);
    ASSERT_TRUE(has_status(c, 200));
    std::string phase = operation_phase(c.json());
    if (seen.empty() || seen.back() != phase) seen.push_back(phase);
    if (is_terminal(c.json())) break;
    ASSERT_TRUE(target().advance(1));
  }
  ASSERT_GE(seen.size(), 2u);
  EXPECT_TRUE(seen.front() == "queued" || seen.front() == "scheduled") << "GET " << op_path;
  EXPECT_TRUE(seen.back() == "successful" || seen.back() == "failed") << "GET " << op_path;
}

}  // namespace
}  // namespace graphmock::contract
