// Each shipped scenario driven through HTTP, asserting what a client sees
// (acceptance 1), plus parsing and loading rules.
#include "scenario/scenario.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "core/files.h"
#include "server/server_impl.h"
#include "server/test_server.h"
#include "validate/schema_registry.h"

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
  ASSERT_TRUE(server().advance(5s).ok());
  EXPECT_EQ(get(op)["status"], "inProgress");
  ASSERT_TRUE(server().advance(25s).ok());
  Json done = get(op);
  EXPECT_EQ(done["status"], "successful");
  EXPECT_TRUE(done["error"].is_null());
  std::string restart = act(kQuiet, "restart");
  ASSERT_TRUE(server().advance(30s).ok());
  EXPECT_EQ(get(restart)["status"], "successful");

  Json created = post(kAdeleRequests, Json::object(), 201);
  EXPECT_EQ(created["status"], "pending");
  ASSERT_TRUE(server().advance(60s).ok());
  Json collected = get(kAdeleRequests + "/" + created["id"].get<std::string>());
  EXPECT_EQ(collected["status"], "completed");
  EXPECT_EQ(collected["sizeInKB"], 2048);
  EXPECT_EQ(post(kAdeleRequests + "/" + created["id"].get<std::string>() + "/createDownloadUrl",
                 Json::object(), 200)["value"]
                .get<std::string>()
                .rfind("https://", 0),
            0u);
  EXPECT_TRUE(server().journal({"", "", "", "*", 0}).empty());  // no faults on the happy path
}

TEST_F(ScenarioHttpTest, SlowDevicesKeepOperationsGoingForLong) {
  start("slow-devices");
  std::string quiet = act(kQuiet, "runDiagnostics");
  std::string room = act(kRoom, "runDiagnostics");
  ASSERT_TRUE(server().advance(299s).ok());
  EXPECT_EQ(get(quiet)["status"], "queued");
  ASSERT_TRUE(server().advance(1s).ok());
  EXPECT_EQ(get(quiet)["status"], "inProgress");
  ASSERT_TRUE(server().advance(1499s).ok());
  EXPECT_EQ(get(quiet)["status"], "inProgress");
  ASSERT_TRUE(server().advance(1s).ok());  // 30 minutes in
  EXPECT_EQ(get(quiet)["status"], "successful");
  EXPECT_EQ(get(room)["status"], "inProgress");  // this device is slower still
  ASSERT_TRUE(server().advance(5400s).ok());
  EXPECT_EQ(get(room)["status"], "successful");
}

TEST_F(ScenarioHttpTest, DiagnosticsFailWithRealisticErrors) {
  start("diagnostics-fail");
  std::string quiet = act(kQuiet, "runDiagnostics");
  std::string room = act(kRoom, "runDiagnostics");
  ASSERT_TRUE(server().advance(30s).ok());
  Json offline = get(room);
  EXPECT_EQ(offline["status"], "failed");
  EXPECT_EQ(offline["error"]["code"], "DeviceOffline");
  EXPECT_EQ(get(quiet)["status"], "inProgress");
  ASSERT_TRUE(server().advance(100s).ok());
  Json timed_out = get(quiet);
  EXPECT_EQ(timed_out["status"], "failed");
  EXPECT_EQ(timed_out["error"]["code"], "DiagnosticsTimedOut");
  EXPECT_NE(timed_out["error"]["message"].get<std::string>().find("diagnostic logs"),
            std::string::npos);
  std::string restart = act(kQuiet, "restart");  // other operations still succeed
  ASSERT_TRUE(server().advance(90s).ok());
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
  ASSERT_TRUE(server().advance(10s).ok());
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
  ASSERT_TRUE(server().advance(30s).ok());
  Json done = get(item);
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["receivedDateTimeUTC"], "2026-01-05T09:00:30Z");
  EXPECT_EQ(done["expirationDateTimeUTC"], "2026-01-05T09:05:30Z");
  EXPECT_EQ(done["sizeInKB"], 1536);
  EXPECT_EQ(
      post(item + "/createDownloadUrl", Json::object(), 200)["value"].get<std::string>().rfind(
          "https://", 0),
      0u);
  ASSERT_TRUE(server().advance(300s).ok());
  Json refused = post(item + "/createDownloadUrl", Json::object(), 400);
  EXPECT_NE(refused["error"]["message"].get<std::string>().find("expired"), std::string::npos)
      << refused;
}

const SchemaRegistry& schemas() { return testing::test_schemas(); }

TEST(ScenarioTest, NamesAreCheckedBeforeAnythingIsRead) {
  EXPECT_TRUE(is_valid_scenario_name("happy-path"));
  EXPECT_TRUE(is_valid_scenario_name("v1.2_x"));
  EXPECT_FALSE(is_valid_scenario_name("../x"));
  EXPECT_FALSE(is_valid_scenario_name(".."));
  EXPECT_FALSE(is_valid_scenario_name("a..b"));
  EXPECT_FALSE(is_valid_scenario_name("a/b"));
  EXPECT_FALSE(is_valid_scenario_name(""));
  auto bad =
      load_scenario_by_name(GRAPHMOCK_TEST_FIXTURES, "../default/teamworkDevices", schemas());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().status, 400);
  auto unknown = load_scenario_by_name(GRAPHMOCK_TEST_FIXTURES, "nope", schemas());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().status, 404);
}

TEST(ScenarioTest, EveryShippedScenarioLoads) {
  auto all = list_scenarios(GRAPHMOCK_TEST_FIXTURES, schemas());
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
    auto s = parse_scenario(doc, schemas());
    return s ? std::string() : s.error().message;
  };
  // The schema is the one check: each message names the document, the pointer and the reason.
  auto says = [&](const Json& doc, const std::string& pointer, const std::string& reason) {
    std::string m = message(doc);
    EXPECT_EQ(m.rfind("Invalid scenario document", 0), 0u) << m;
    EXPECT_NE(m.find(pointer + ": "), std::string::npos) << m;
    EXPECT_NE(m.find(reason), std::string::npos) << m;
  };
  says({{"description", "x"}}, "/name", "missing required property 'name'");
  says({{"name", "x"}, {"operationTimelines", {{"deviceDiagnostics", {{"queuedSeconds", -1}}}}}},
       "/operationTimelines/deviceDiagnostics/queuedSeconds", "minimum");
  says({{"name", "x"}, {"faults", {{{"match", {{"path", "/x"}}}, {"drop", "nope"}}}}},
       "/faults/0/drop", "'nope' is not one of reset, empty, truncate, malformed, dribble");
  says({{"name", "x"}, {"speed", 3}}, "/speed", "unexpected property 'speed'");
  says({{"name", "x"}, {"deviceTimelines", {{"*", Json::object()}}}}, "/", "deviceTimelines");
  // An integer too large for 64 bits parses as a double the schema still calls an integer.
  says({{"name", "x"}, {"seed", Json::parse("55555555555555555555555555555555555555555555")}},
       "/seed", "not an integer from 0 to 18446744073709551615");
}

// The README's full example is a valid scenario (schema and parser).
TEST(ScenarioTest, DocsExampleLoads) {
  auto text = read_file(std::string(GRAPHMOCK_TEST_FIXTURES) + "/../docs/scenarios-and-faults.md");
  ASSERT_TRUE(text.ok());
  const std::string& page = *text;
  const std::string marker = "cat >/tmp/my-scenario.json <<'EOF'\n";
  size_t start = page.find(marker);
  ASSERT_NE(start, std::string::npos);
  start += marker.size();
  std::string example = page.substr(start, page.find("\nEOF", start) - start);
  std::string path =
      ::testing::TempDir() + "readme-scenario-" + std::to_string(::getpid()) + ".json";
  { std::ofstream(path) << example; }
  Server s(with_scenario(path));
  auto loaded = s.load();
  EXPECT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(internals(s).active_scenario()["name"], "my-scenario");
  EXPECT_EQ(internals(s).faults()["value"][0]["id"], "slow-gets");
  std::remove(path.c_str());
}

// Flags beat files: a setting given as a flag replaces the file's word and leaves the rest; a
// word the schema does not allow there is refused as the flag's.
TEST(ScenarioTest, FlagSettingsReplaceTheFilesWordsAndAreCheckedAlone) {
  Json file = {{"name", "mine"},
               {"seed", 3},
               {"docsVariants", {{"location", "absolute"}, {"enumCasing", "PascalCase"}}}};
  auto merged = with_settings(file, {{"/docsVariants/location", "relative"}}, schemas());
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ((*merged)["docsVariants"],
            (Json{{"location", "relative"}, {"enumCasing", "PascalCase"}}));
  EXPECT_EQ((*merged)["seed"], 3);
  auto into_empty = with_settings(Json::object(), {{"/docsVariants/count", "always"}}, schemas());
  ASSERT_TRUE(into_empty);
  EXPECT_EQ(*into_empty, (Json{{"docsVariants", {{"count", "always"}}}}));

  auto wrong = with_settings(file, {{"/docsVariants/location", "sideways"}}, schemas());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().status, 400);
  EXPECT_NE(wrong.error().message.find("/docsVariants/location"), std::string::npos)
      << wrong.error().message;
  auto unknown = with_settings(file, {{"/docsVariants/nope", "x"}}, schemas());
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("nope"), std::string::npos) << unknown.error().message;
  auto not_a_pointer = with_settings(file, {{"docsVariants", "x"}}, schemas());
  ASSERT_FALSE(not_a_pointer);
  EXPECT_NE(not_a_pointer.error().message.find("not a JSON pointer"), std::string::npos);
}

TEST(ScenarioTest, StartUpFailsOnABadScenario) {
  Server bad_name(with_scenario("../../etc/passwd"));
  auto loaded = bad_name.load();
  ASSERT_FALSE(loaded.ok());
  std::string error = loaded.error().message;
  EXPECT_NE(error.find("--scenario ../../etc/passwd"), std::string::npos) << error;
  Server unknown(with_scenario("no-such-scenario"));
  loaded = unknown.load();
  ASSERT_FALSE(loaded.ok());
  error = loaded.error().message;
  EXPECT_NE(error.find("Unknown scenario 'no-such-scenario'"), std::string::npos) << error;
  EXPECT_NE(error.find("happy-path"), std::string::npos) << error;  // lists what exists
  Server by_path(with_scenario(std::string(GRAPHMOCK_TEST_FIXTURES) + "/scenarios/throttled.json"));
  loaded = by_path.load();
  EXPECT_TRUE(loaded.ok()) << loaded.error().message;
}

}  // namespace
}  // namespace graphmock

namespace graphmock {
namespace {

// Flags beat files: an explicit seed outranks the scenario's; without one the scenario's applies.
TEST(ScenarioTest, AnExplicitSeedBeatsTheScenarios) {
  auto outcomes = [](std::optional<uint64_t> seed) {
    ServerOptions o = with_scenario("flaky-network");
    o.seed = seed;
    Server s(o);
    EXPECT_TRUE(s.load().ok());
    std::string out;
    for (int i = 0; i < 200; ++i) {
      Request r;
      r.method = "GET";
      r.path = "/beta/teamwork/devices";
      Response response = s.handle(r);
      out += std::to_string(response.status) + delivery_name(response.delivery) + ",";
    }
    EXPECT_EQ(internals(s).active_scenario()["seed"], seed.value_or(42)) << "flaky-network: 42";
    return out;
  };
  std::string scenario_seed = outcomes(std::nullopt), seven = outcomes(7), eight = outcomes(8);
  EXPECT_EQ(outcomes(7), seven);  // deterministic
  EXPECT_NE(seven, eight);
  EXPECT_NE(seven, scenario_seed);
  EXPECT_EQ(outcomes(42), scenario_seed);
}

}  // namespace
}  // namespace graphmock
