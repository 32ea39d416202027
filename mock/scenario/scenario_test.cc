// Each shipped scenario driven through HTTP, asserting what a client sees
// (acceptance 1), plus parsing and loading rules.
#include "scenario/scenario.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "server/server_core.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;
using testing::body_of;
using testing::StartedServer;
using testing::test_options;

constexpr const char* kDevices = "/beta/teamwork/devices";
constexpr const char* kRoom = "b5e463a9-7520-4006-b699-237421670139";   // teamsRoom with history
constexpr const char* kQuiet = "41142dae-02dd-459b-9365-63e26e8d2653";  // teamsRoom, no operations
const std::string kAdeleRequests =
    "/beta/deviceManagement/managedDevices/b8bd7960-c0bb-4af1-b866-febe94793aef/"
    "logCollectionRequests";

ServerOptions with_scenario(const std::string& name) {
  ServerOptions o = test_options();
  o.scenario = name;
  return o;
}

class ScenarioHttpTest : public ::testing::Test {
 protected:
  void start(const std::string& scenario) {
    mock_ = std::make_unique<StartedServer>(with_scenario(scenario));
  }
  Server& server() { return mock_->server(); }

  // POST an action; the operation's URL (from Location, relative to /beta).
  std::string act(const std::string& device, const std::string& action) {
    auto r = mock_->client()->Post(std::string(kDevices) + "/" + device + "/" + action);
    EXPECT_TRUE(r);
    if (!r) return "";
    EXPECT_EQ(r->status, 202) << r->body;
    return "/beta" + r->get_header_value("Location");
  }
  Json get(const std::string& path, int status = 200) {
    auto r = mock_->client()->Get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << path << " " << r->body;
    return body_of(r);
  }
  Json post(const std::string& path, const Json& body, int status) {
    auto r = mock_->client()->Post(path, body.dump(), "application/json");
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << path << " " << r->body;
    return body_of(r);
  }

  std::unique_ptr<StartedServer> mock_;
};

TEST_F(ScenarioHttpTest, HappyPathOperationsAndLogsSucceedQuickly) {
  start("happy-path");
  std::string op = act(kQuiet, "runDiagnostics");
  EXPECT_EQ(get(op)["status"], "queued");
  server().advance(5s);
  EXPECT_EQ(get(op)["status"], "inProgress");
  server().advance(25s);
  Json done = get(op);
  EXPECT_EQ(done["status"], "successful");
  EXPECT_TRUE(done["error"].is_null());
  std::string restart = act(kQuiet, "restart");
  server().advance(30s);
  EXPECT_EQ(get(restart)["status"], "successful");

  Json created = post(kAdeleRequests, Json::object(), 201);
  EXPECT_EQ(created["status"], "pending");
  server().advance(60s);
  Json collected = get(kAdeleRequests + "/" + created["id"].get<std::string>());
  EXPECT_EQ(collected["status"], "completed");
  EXPECT_EQ(collected["sizeInKB"], 2048);
  EXPECT_EQ(post(kAdeleRequests + "/" + created["id"].get<std::string>() + "/createDownloadUrl",
                 Json::object(), 200)["value"]
                .get<std::string>()
                .rfind("https://", 0),
            0u);
  EXPECT_TRUE(
      server().journal({"", std::nullopt, "", "*", 0}).empty());  // no faults on the happy path
}

TEST_F(ScenarioHttpTest, SlowDevicesKeepOperationsGoingForLong) {
  start("slow-devices");
  std::string quiet = act(kQuiet, "runDiagnostics");
  std::string room = act(kRoom, "runDiagnostics");
  server().advance(299s);
  EXPECT_EQ(get(quiet)["status"], "queued");
  server().advance(1s);
  EXPECT_EQ(get(quiet)["status"], "inProgress");
  server().advance(1499s);
  EXPECT_EQ(get(quiet)["status"], "inProgress");
  server().advance(1s);  // 30 minutes in
  EXPECT_EQ(get(quiet)["status"], "successful");
  EXPECT_EQ(get(room)["status"], "inProgress");  // this device is slower still
  server().advance(5400s);
  EXPECT_EQ(get(room)["status"], "successful");
}

TEST_F(ScenarioHttpTest, DiagnosticsFailWithRealisticErrors) {
  start("diagnostics-fail");
  std::string quiet = act(kQuiet, "runDiagnostics");
  std::string room = act(kRoom, "runDiagnostics");
  server().advance(30s);
  Json offline = get(room);
  EXPECT_EQ(offline["status"], "failed");
  EXPECT_EQ(offline["error"]["code"], "DeviceOffline");
  EXPECT_EQ(get(quiet)["status"], "inProgress");
  server().advance(100s);
  Json timed_out = get(quiet);
  EXPECT_EQ(timed_out["status"], "failed");
  EXPECT_EQ(timed_out["error"]["code"], "DiagnosticsTimedOut");
  EXPECT_NE(timed_out["error"]["message"].get<std::string>().find("diagnostic logs"),
            std::string::npos);
  std::string restart = act(kQuiet, "restart");  // other operations still succeed
  server().advance(90s);
  EXPECT_EQ(get(restart)["status"], "successful");
}

TEST_F(ScenarioHttpTest, ThrottledBudgetAndResponseSequence) {
  start("throttled");
  auto c = mock_->client();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c->Get(kDevices)->status, 200) << i;
  auto limited = c->Get(kDevices);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->get_header_value("Retry-After"), "10");
  EXPECT_EQ(body_of(limited)["error"]["code"], "TooManyRequests");
  EXPECT_EQ(c->Get("/beta/deviceManagement/managedDevices")->status,
            429);  // one budget for /beta/**
  server().advance(10s);
  EXPECT_EQ(c->Get(kDevices)->status, 200);

  // runDiagnostics: 503 (Retry-After 2), then 429 (Retry-After 1), then accepted.
  const std::string diag = std::string(kDevices) + "/" + kQuiet + "/runDiagnostics";
  auto first = c->Post(diag);
  EXPECT_EQ(first->status, 503);
  EXPECT_EQ(first->get_header_value("Retry-After"), "2");
  EXPECT_EQ(body_of(first)["error"]["code"], "serviceNotAvailable");
  auto second = c->Post(diag);
  EXPECT_EQ(second->status, 429);
  EXPECT_EQ(second->get_header_value("Retry-After"), "1");
  EXPECT_EQ(c->Post(diag)->status, 202);
}

TEST_F(ScenarioHttpTest, FlakyNetworkIsASeededMix) {
  auto outcomes = [&] {
    start("flaky-network");
    std::vector<int> out;  // status, or -1 when the connection broke
    for (int i = 0; i < 120; ++i) {
      auto r = mock_->client()->Get(std::string(kDevices) + "/" + kRoom);
      out.push_back(r ? r->status : -1);
    }
    return out;
  };
  auto a = outcomes();
  auto journal = server().journal();
  auto count_fault = [&](const std::string& id) {
    return std::count_if(journal.begin(), journal.end(),
                         [&](const JournalEntry& e) { return e.fault == id; });
  };
  EXPECT_GT(count_fault("flaky-reset"), 0);
  EXPECT_GT(count_fault("flaky-empty"), 0);
  EXPECT_GT(count_fault("flaky-503"), 0);
  long broken = std::count(a.begin(), a.end(), -1);
  long unavailable = std::count(a.begin(), a.end(), 503);
  long ok = std::count(a.begin(), a.end(), 200);
  EXPECT_EQ(broken, count_fault("flaky-reset") + count_fault("flaky-empty") +
                        count_fault("flaky-truncate"));
  EXPECT_EQ(unavailable, count_fault("flaky-503"));
  EXPECT_EQ(ok + broken + unavailable, 120);
  EXPECT_GT(ok, 60);
  EXPECT_EQ(outcomes(), a);  // the same seed, the same outcomes
}

TEST_F(ScenarioHttpTest, LogCollectionExpiresSoonAfterCompleting) {
  start("log-collection-expired");
  Json created = post(kAdeleRequests, Json::object(), 201);
  const std::string item = kAdeleRequests + "/" + created["id"].get<std::string>();
  server().advance(30s);
  Json done = get(item);
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["receivedDateTimeUTC"], "2026-01-05T09:00:30Z");
  EXPECT_EQ(done["expirationDateTimeUTC"], "2026-01-05T09:05:30Z");
  EXPECT_EQ(done["sizeInKB"], 1536);
  EXPECT_EQ(
      post(item + "/createDownloadUrl", Json::object(), 200)["value"].get<std::string>().rfind(
          "https://", 0),
      0u);
  server().advance(300s);
  Json refused = post(item + "/createDownloadUrl", Json::object(), 400);
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("expired"), std::string::npos)
      << refused;
}

TEST(ScenarioTest, NamesAreCheckedBeforeAnythingIsRead) {
  EXPECT_TRUE(is_valid_scenario_name("happy-path"));
  EXPECT_TRUE(is_valid_scenario_name("v1.2_x"));
  EXPECT_FALSE(is_valid_scenario_name("../x"));
  EXPECT_FALSE(is_valid_scenario_name(".."));
  EXPECT_FALSE(is_valid_scenario_name("a..b"));
  EXPECT_FALSE(is_valid_scenario_name("a/b"));
  EXPECT_FALSE(is_valid_scenario_name(""));
  auto bad = load_scenario_by_name(GRAPHMOCK_TEST_FIXTURES, "../default/teamworkDevices", nullptr);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().status, 400);
  auto unknown = load_scenario_by_name(GRAPHMOCK_TEST_FIXTURES, "nope", nullptr);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().status, 404);
}

TEST(ScenarioTest, EveryShippedScenarioLoads) {
  auto all = list_scenarios(GRAPHMOCK_TEST_FIXTURES, nullptr);
  std::vector<std::string> names;
  for (const auto& s : all) {
    EXPECT_EQ(s.error, "") << s.name;
    EXPECT_FALSE(s.description.empty()) << s.name;
    names.push_back(s.name);
  }
  for (const char* expected : {"diagnostics-fail", "flaky-network", "happy-path",
                               "log-collection-expired", "slow-devices", "throttled"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
}

TEST(ScenarioTest, ParseErrorsNameThePointer) {
  auto message = [](const Json& doc) {
    auto s = parse_scenario(doc, nullptr);
    return s ? std::string() : s.error().message;
  };
  EXPECT_EQ(message({{"description", "x"}}),
            "Invalid scenario document at /name: required, a string matching ^[A-Za-z0-9._-]+$");
  EXPECT_EQ(message({{"name", "x"},
                     {"operationTimelines", {{"deviceDiagnostics", {{"queuedSeconds", -1}}}}}}),
            "Invalid scenario document at /operationTimelines/deviceDiagnostics/queuedSeconds: "
            "must be a number of "
            "seconds >= 0");
  EXPECT_EQ(message({{"name", "x"}, {"faults", {{{"match", {{"path", "/x"}}}, {"drop", "nope"}}}}}),
            "Invalid scenario document: Invalid fault rule at /faults/0/drop: must be one of "
            "reset, empty, truncate, "
            "malformed, dribble");
  EXPECT_EQ(message({{"name", "x"}, {"speed", 3}}),
            "Invalid scenario document at /speed: unknown property");
}

// The README's full example is a valid scenario (schema and parser).
TEST(ScenarioTest, ReadmeExampleLoads) {
  std::string readme;
  ASSERT_TRUE(read_file(std::string(GRAPHMOCK_TEST_FIXTURES) + "/../README.md", readme));
  size_t at = readme.find("A full scenario:");
  ASSERT_NE(at, std::string::npos);
  size_t start = readme.find("```json\n", at) + 8;
  std::string example = readme.substr(start, readme.find("```", start) - start);
  std::string path =
      ::testing::TempDir() + "readme-scenario-" + std::to_string(::getpid()) + ".json";
  { std::ofstream(path) << example; }
  Server s(with_scenario(path));
  std::string error;
  EXPECT_TRUE(s.load(&error)) << error;
  EXPECT_EQ(s.core().scenario.name, "my-scenario");
  EXPECT_EQ(s.core().faults->rules_json()[0]["id"], "slow-gets");
  std::remove(path.c_str());
}

TEST(ScenarioTest, StartUpFailsOnABadScenario) {
  Server bad_name(with_scenario("../../etc/passwd"));
  std::string error;
  EXPECT_FALSE(bad_name.load(&error));
  EXPECT_NE(error.find("--scenario ../../etc/passwd"), std::string::npos) << error;
  Server unknown(with_scenario("no-such-scenario"));
  EXPECT_FALSE(unknown.load(&error));
  EXPECT_NE(error.find("Unknown scenario 'no-such-scenario'"), std::string::npos) << error;
  EXPECT_NE(error.find("happy-path"), std::string::npos) << error;  // lists what exists
  Server by_path(with_scenario(std::string(GRAPHMOCK_TEST_FIXTURES) + "/scenarios/throttled.json"));
  EXPECT_TRUE(by_path.load(&error)) << error;
}

}  // namespace
}  // namespace graphmock
