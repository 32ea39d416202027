// HTTP-level tests of the Teams devices API against an in-process server on a
// free port, with the virtual clock.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;
using graphmock::testing::test_options;
using Json = nlohmann::json;

constexpr const char* kRoom =
    "b5e463a9-7520-4006-b699-237421670139";  // teamsRoom, 3 historical operations
constexpr const char* kIdle = "41142dae-02dd-459b-9365-63e26e8d2653";  // teamsRoom, no operations
const std::string kDevices = "/beta/teamwork/devices";

class TeamworkHttpTest : public ::testing::Test {
 protected:
  StartedServer mock_;
  std::unique_ptr<httplib::Client> http_ = mock_.client();

  Json get_json(const std::string& path, int expected_status = 200) {
    auto r = http_->Get(path);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, expected_status) << path << " -> " << r->body;
    return body_of(r);
  }
  void advance(int seconds) {
    ASSERT_TRUE(mock_.server().advance(std::chrono::seconds(seconds)).ok());
  }
};

TEST_F(TeamworkHttpTest, ListsDevicesWithGraphEnvelope) {
  Json body = get_json(kDevices);
  EXPECT_EQ(body["@odata.context"], "https://graph.microsoft.com/beta/$metadata#teamwork/devices");
  EXPECT_EQ(body["value"].size(), 17u);  // default $top is 20
  EXPECT_FALSE(body.contains("@odata.nextLink"));
  std::set<std::string> types;
  for (const auto& d : body["value"]) types.insert(d["deviceType"].get<std::string>());
  // Every documented teamworkDeviceType member is present; sipAnalog, declared after the
  // sentinel, shows as unknownFutureValue to a client that does not prefer it.
  for (const char* t :
       {"unknown", "ipPhone", "teamsRoom", "surfaceHub", "collaborationBar", "teamsDisplay",
        "touchConsole", "lowCostPhone", "teamsPanel", "sip", "unknownFutureValue"})
    EXPECT_TRUE(types.count(t)) << t;
}

TEST_F(TeamworkHttpTest, PagesWithTopAndAbsoluteNextLink) {
  std::set<std::string> seen;
  std::string next = kDevices + "?$top=5";
  int pages = 0;
  while (!next.empty()) {
    Json body = get_json(next);
    ASSERT_LE(body["value"].size(), 5u);
    for (const auto& d : body["value"])
      EXPECT_TRUE(seen.insert(d["id"]).second) << "duplicate " << d["id"];
    next.clear();
    if (body.contains("@odata.nextLink")) {
      std::string link = body["@odata.nextLink"];
      ASSERT_EQ(link.rfind(mock_.url() + "/beta/teamwork/devices?", 0), 0u) << link;
      EXPECT_NE(link.find("$skiptoken="), std::string::npos);
      next = link.substr(mock_.url().size());
    }
    ++pages;
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen.size(), 17u);
}

TEST_F(TeamworkHttpTest, FiltersOnEachDocumentedProperty) {
  Json rooms = get_json(kDevices + "?$filter=deviceType%20eq%20'teamsRoom'");
  EXPECT_EQ(rooms["value"].size(), 3u);
  for (const auto& d : rooms["value"]) EXPECT_EQ(d["deviceType"], "teamsRoom");

  Json by_unique = get_json(kDevices + "?$filter=hardwareDetail/uniqueId%20eq%20'LEN-PF3KX9RL'");
  ASSERT_EQ(by_unique["value"].size(), 1u);
  EXPECT_EQ(by_unique["value"][0]["id"], kIdle);

  Json by_user =
      get_json(kDevices + "?$filter=currentUser/id%20eq%20'2c753854-647e-425b-af7c-17507335f501'");
  EXPECT_EQ(by_user["value"].size(), 2u);

  Json combined =
      get_json(kDevices + "?$filter=deviceType%20eq%20'ipPhone'%20or%20deviceType%20eq%20'sip'");
  EXPECT_EQ(combined["value"].size(), 4u);
  Json anded = get_json(kDevices +
                        "?$filter=deviceType%20eq%20'teamsRoom'%20and%20currentUser/"
                        "id%20eq%20'31677ba0-5257-4de0-949c-d5401aa941a4'");
  ASSERT_EQ(anded["value"].size(), 1u);
  EXPECT_EQ(anded["value"][0]["id"], kIdle);
}

TEST_F(TeamworkHttpTest, UnsupportedQueryOptionsGetGraph400) {
  for (const char* q :
       {"?$filter=notes%20eq%20'x'", "?$filter=deviceType%20ne%20'sip'", "?$orderby=deviceType",
        "?$top=51", "?$skip=2", "?$select=bogus", "?$skiptoken=forged"}) {
    Json body = get_json(kDevices + q, 400);
    EXPECT_EQ(body["error"]["code"], "BadRequest") << q;
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
  }
}

TEST_F(TeamworkHttpTest, SelectTrimsPropertiesAndContext) {
  Json body = get_json(kDevices + "?$select=deviceType,healthStatus&$top=1");
  EXPECT_EQ(body["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#teamwork/devices(deviceType,healthStatus)");
  const Json& d = body["value"][0];
  EXPECT_TRUE(d.contains("id"));
  EXPECT_TRUE(d.contains("deviceType"));
  EXPECT_FALSE(d.contains("hardwareDetail"));
}

TEST_F(TeamworkHttpTest, GetsOneDeviceAndItsParts) {
  Json d = get_json(kDevices + "/" + kRoom);
  EXPECT_EQ(d["id"], kRoom);
  EXPECT_EQ(d["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#teamwork/devices/$entity");
  EXPECT_TRUE(d["hardwareDetail"].is_object());
  for (const char* part : {"health", "activity", "configuration"}) {
    Json p = get_json(kDevices + "/" + kRoom + "/" + part);
    EXPECT_EQ(p["@odata.context"], "https://graph.microsoft.com/beta/$metadata#teamwork/devices('" +
                                       std::string(kRoom) + "')/" + part + "/$entity");
  }
  EXPECT_TRUE(get_json(kDevices + "/" + kRoom + "/health")["connection"].is_object());
  // OData key syntax reaches the same device.
  EXPECT_EQ(get_json(kDevices + "('" + kRoom + "')")["id"], kRoom);
}

TEST_F(TeamworkHttpTest, UnknownIdsAndPathsAre404) {
  Json body = get_json(kDevices + "/00000000-0000-0000-0000-000000000000", 404);
  EXPECT_EQ(body["error"]["code"], "itemNotFound");
  EXPECT_EQ(get_json(kDevices + "/nope/health", 404)["error"]["code"], "itemNotFound");
  EXPECT_EQ(get_json(kDevices + "/" + kRoom + "/operations/nope", 404)["error"]["code"],
            "itemNotFound");
  Json path = get_json("/beta/teamwork/devicez", 404);
  EXPECT_EQ(path["error"]["code"], "ResourceNotFound");
  EXPECT_NE(path["error"]["message"].get<std::string>().find("/beta/teamwork/devices"),
            std::string::npos);
  auto r = http_->Post(kDevices + "/nope/runDiagnostics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 404);
}

TEST_F(TeamworkHttpTest, WrongMethodIs405WithAllow) {
  auto r = http_->Delete(kDevices + "/" + kRoom);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "GET");
  EXPECT_EQ(body_of(r)["error"]["code"], "MethodNotAllowed");
}

TEST_F(TeamworkHttpTest, ErrorBodiesAndHeadersFollowGraph) {
  httplib::Headers h = {{"client-request-id", "my-correlation-id"}};
  auto r = http_->Get(kDevices + "/missing", h);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("client-request-id"), "my-correlation-id");
  std::string rid = r->get_header_value("request-id");
  EXPECT_EQ(rid.size(), 36u);
  Json inner = body_of(r)["error"]["innerError"];
  EXPECT_EQ(inner["request-id"], rid);
  EXPECT_EQ(inner["client-request-id"], "my-correlation-id");
  EXPECT_EQ(inner["date"], "2026-01-05T09:00:00Z");
  auto ok = http_->Get(kDevices);
  EXPECT_FALSE(ok->get_header_value("request-id").empty());
  EXPECT_EQ(ok->get_header_value("client-request-id"), ok->get_header_value("request-id"));
  EXPECT_EQ(ok->get_header_value("Content-Type").rfind("application/json", 0), 0u);
}

TEST_F(TeamworkHttpTest, RunDiagnosticsFullLifecycleOnVirtualClock) {
  auto r = http_->Post(kDevices + "/" + std::string(kIdle) + "/runDiagnostics");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202);
  EXPECT_TRUE(r->body.empty());
  std::string location = r->get_header_value("Location");
  std::string prefix = "/teamwork/devices/" + std::string(kIdle) + "/operations/";
  ASSERT_EQ(location.rfind(prefix, 0), 0u) << location;

  // A client resolves the relative Location against the version root (/beta).
  Json op = get_json("/beta" + location);
  EXPECT_EQ(op["status"], "queued");
  EXPECT_EQ(op["operationType"], "deviceDiagnostics");
  EXPECT_EQ(op["createdDateTime"], "2026-01-05T09:00:00Z");
  EXPECT_TRUE(op["startedDateTime"].is_null());
  EXPECT_TRUE(op["createdBy"]["user"].is_object());
  EXPECT_EQ(op["@odata.context"], "https://graph.microsoft.com/beta/$metadata#teamwork/devices('" +
                                      std::string(kIdle) + "')/operations/$entity");

  advance(10);
  op = get_json("/beta" + location);
  EXPECT_EQ(op["status"], "inProgress");
  EXPECT_EQ(op["startedDateTime"], "2026-01-05T09:00:10Z");

  advance(50);
  op = get_json("/beta" + location);
  EXPECT_EQ(op["status"], "successful");
  EXPECT_EQ(op["completedDateTime"], "2026-01-05T09:01:00Z");
  EXPECT_EQ(op["lastActionDateTime"], "2026-01-05T09:01:00Z");
  EXPECT_TRUE(op["error"].is_null());

  Json list = get_json(kDevices + "/" + std::string(kIdle) + "/operations");
  ASSERT_EQ(list["value"].size(), 1u);
  EXPECT_EQ(list["value"][0]["status"], "successful");
}

TEST_F(TeamworkHttpTest, SecondActionIs409WhileQueuedOrRunningThenAllowed) {
  std::string dev = kDevices + "/" + kIdle;
  ASSERT_EQ(http_->Post(dev + "/restart")->status, 202);
  auto conflict = http_->Post(dev + "/runDiagnostics");
  ASSERT_EQ(conflict->status, 409);
  EXPECT_EQ(body_of(conflict)["error"]["code"], "Conflict");
  EXPECT_NE(body_of(conflict)["error"]["message"].get<std::string>().find("is already queued"),
            std::string::npos);
  advance(5);  // restart is running now: still one action at a time
  conflict =
      http_->Post(dev + "/updateSoftware", R"({"softwareType":"firmware"})", "application/json");
  ASSERT_EQ(conflict->status, 409);
  EXPECT_NE(body_of(conflict)["error"]["message"].get<std::string>().find("is already inProgress"),
            std::string::npos);
  advance(85);
  EXPECT_EQ(http_->Post(dev + "/runDiagnostics")->status, 202);
}

// Fixture operations are history dated before the clock's start: an action keeps them
// until they are older than the retention (30 days) counted from the mock's start.
TEST_F(TeamworkHttpTest, FixtureHistoryOutlivesActionsUntilTheRetentionHasPassed) {
  const std::string ops = kDevices + "/" + std::string(kRoom) + "/operations";
  std::vector<Json> history = get_json(ops)["value"];
  ASSERT_EQ(history.size(), 3u);
  ASSERT_EQ(http_->Post(kDevices + "/" + kRoom + "/restart")->status, 202);
  Json after = get_json(ops)["value"];
  ASSERT_EQ(after.size(), 4u);
  for (size_t i = 0; i < history.size(); ++i) EXPECT_EQ(after[i]["id"], history[i]["id"]);
  EXPECT_EQ(after[3]["status"], "queued");

  advance(30 * 24 * 3600 + 3600);  // 30 days and an hour after the start: all aged out
  ASSERT_EQ(http_->Post(kDevices + "/" + kRoom + "/restart")->status, 202);
  Json last = get_json(ops)["value"];
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0]["status"], "queued");
}

// A scenario whose actions wait as "scheduled": the 409 names the phase a client reads.
TEST(TeamworkScheduledTest, ConflictNamesTheScheduledPhase) {
  auto file =
      std::filesystem::temp_directory_path() /
      ("scheduled-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".json");
  std::ofstream(file) << R"({"name": "scheduled", "operationTimelines": {"*": {)"
                         R"("queuedSeconds": 30, "runningSeconds": 30, "queuedAs": "scheduled"}}})";
  auto options = test_options();
  options.scenario = file.string();
  StartedServer mock(options);
  std::filesystem::remove(file);
  auto http = mock.client();
  std::string dev = kDevices + "/" + kIdle;
  ASSERT_EQ(http->Post(dev + "/restart")->status, 202);
  auto conflict = http->Post(dev + "/runDiagnostics");
  ASSERT_EQ(conflict->status, 409);
  EXPECT_NE(body_of(conflict)["error"]["message"].get<std::string>().find("is already scheduled"),
            std::string::npos)
      << conflict->body;
}

TEST_F(TeamworkHttpTest, UpdateSoftwareChangesConfigurationWhenDone) {
  std::string dev = kDevices + "/" + kIdle;
  auto r = http_->Post(dev + "/updateSoftware",
                       R"({"softwareType":"teamsClient","softwareVersion":"1.0.96.22"})",
                       "application/json");
  ASSERT_EQ(r->status, 202) << r->body;
  Json op = get_json("/beta" + r->get_header_value("Location"));
  EXPECT_EQ(op["operationType"], "softwareUpdate");
  advance(180);
  EXPECT_EQ(get_json("/beta" + r->get_header_value("Location"))["status"], "successful");
  Json config = get_json(dev + "/configuration");
  EXPECT_EQ(config["softwareVersions"]["teamsClientSoftwareVersion"], "1.0.96.22");
  // softwareVersion is optional
  EXPECT_EQ(
      http_->Post(dev + "/updateSoftware", R"({"softwareType":"firmware"})", "application/json")
          ->status,
      202);
}

TEST_F(TeamworkHttpTest, CreateOperationAnswers201WithTheObject) {
  auto r = http_->Post(kDevices + "/" + std::string(kIdle) + "/operations",
                       R"({"status":"queued","operationType":"configUpdate"})", "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  Json op = body_of(r);
  EXPECT_EQ(op["operationType"], "configUpdate");
  EXPECT_EQ(op["id"].get<std::string>().size(), 36u);
  EXPECT_EQ(get_json(kDevices + "/" + std::string(kIdle) + "/operations/" +
                     op["id"].get<std::string>())["status"],
            "queued");
}

TEST_F(TeamworkHttpTest, BadBodiesAre400Or415) {
  std::string dev = kDevices + "/" + kIdle;
  auto malformed = http_->Post(dev + "/updateSoftware", "{\"softwareType\":", "application/json");
  EXPECT_EQ(malformed->status, 400);
  EXPECT_NE(body_of(malformed)["error"]["message"].get<std::string>().find("Invalid JSON"),
            std::string::npos);
  auto not_json = http_->Post(dev + "/updateSoftware", "softwareType=firmware",
                              "application/x-www-form-urlencoded");
  EXPECT_EQ(not_json->status, 415);
  EXPECT_EQ(body_of(not_json)["error"]["code"], "UnsupportedMediaType");
  EXPECT_EQ(http_->Post(dev + "/updateSoftware", "{}", "application/json")->status, 400);
}

TEST(TeamworkAuthTest, BearerIsRequiredByDefault) {
  auto options = test_options();
  options.auth = AuthMode::kBearer;
  StartedServer mock(options);
  auto http = mock.client();
  auto anonymous = http->Get(kDevices);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  EXPECT_EQ(body_of(anonymous)["error"]["code"], "InvalidAuthenticationToken");
  http->set_bearer_token_auth("any-token");
  EXPECT_EQ(http->Get(kDevices)->status, 200);
}

TEST(TeamworkAuthTest, ScopesModeWantsTheSeedsPermission) {
  auto options = test_options();
  options.auth = AuthMode::kScopes;
  StartedServer mock(options);
  auto http = mock.client();
  // Unsigned JWTs: {"scp":"TeamworkDevice.Read.All"} and {"roles":["TeamworkDevice.ReadWrite.All"]}
  const std::string read_only =
      "eyJhbGciOiJub25lIn0.eyJzY3AiOiJUZWFtd29ya0RldmljZS5SZWFkLkFsbCJ9.x";
  const std::string app_write =
      "eyJhbGciOiJub25lIn0.eyJyb2xlcyI6WyJUZWFtd29ya0RldmljZS5SZWFkV3JpdGUuQWxsIl19.x";
  http->set_bearer_token_auth(read_only);
  EXPECT_EQ(http->Get(kDevices)->status, 200);
  auto denied = http->Post(kDevices + "/" + kIdle + "/runDiagnostics");
  ASSERT_EQ(denied->status, 403);
  EXPECT_EQ(body_of(denied)["error"]["code"], "Authorization_RequestDenied");
  http->set_bearer_token_auth(app_write);
  EXPECT_EQ(http->Post(kDevices + "/" + kIdle + "/runDiagnostics")->status, 202);
}

TEST(TeamworkLimitsTest, BodyOverTheLimitIs413) {
  auto options = test_options();
  options.max_body_bytes = 1024;
  StartedServer mock(options);
  auto r = mock.client()->Post(kDevices + "/" + kIdle + "/updateSoftware", std::string(4096, ' '),
                               "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(body_of(r)["error"].is_object());
}

TEST(TeamworkConcurrencyTest, ExactlyOneOf32ConcurrentActionsWins) {
  StartedServer mock;
  std::atomic<int> accepted{0}, conflicts{0}, other{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&] {
      auto http = mock.client();
      while (!go) std::this_thread::yield();
      auto r = http->Post(kDevices + "/" + kRoom + "/runDiagnostics");
      int s = r ? r->status : -1;
      (s == 202 ? accepted : s == 409 ? conflicts : other)++;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted, 1);
  EXPECT_EQ(conflicts, 31);
  EXPECT_EQ(other, 0);
}

}  // namespace
}  // namespace graphmock

namespace graphmock {
namespace {

// --retain-operations 3 --retain-seconds 3600 on the virtual clock.
class TeamworkRetentionTest : public ::testing::Test {
 protected:
  static ServerOptions options() {
    ServerOptions o = test_options();
    o.retain_operations = 3;
    o.retain_seconds = 3600;
    return o;
  }
  StartedServer mock_{options()};
  std::unique_ptr<httplib::Client> http_ = mock_.client();
  const std::string dev_ = kDevices + "/" + kIdle;

  std::string start_diagnostics() {
    auto r = http_->Post(dev_ + "/runDiagnostics");
    EXPECT_TRUE(r && r->status == 202);
    std::string location = r ? r->get_header_value("Location") : "";
    return location.substr(location.rfind('/') + 1);
  }
  std::vector<std::string> operation_ids() {
    Json body = body_of(http_->Get(dev_ + "/operations"));
    std::vector<std::string> ids;
    for (const auto& op : body["value"]) ids.push_back(op["id"]);
    return ids;
  }
  void advance(int seconds) {
    ASSERT_TRUE(mock_.server().advance(std::chrono::seconds(seconds)).ok());
  }
};

TEST_F(TeamworkRetentionTest, DropsTheOldestFinishedNeverAQueuedOrRunningOne) {
  std::vector<std::string> started;
  for (int i = 0; i < 5; ++i) {
    started.push_back(start_diagnostics());
    advance(61);  // diagnostics: 10 s queued + 50 s running
  }
  EXPECT_EQ(operation_ids(), (std::vector<std::string>{started[2], started[3], started[4]}));
  EXPECT_EQ(http_->Get(dev_ + "/operations/" + started[0])->status, 404);

  std::string queued = start_diagnostics();
  EXPECT_EQ(operation_ids(), (std::vector<std::string>{started[3], started[4], queued}));
  advance(20);  // running now: it still blocks the next action, and is kept
  EXPECT_EQ(http_->Post(dev_ + "/runDiagnostics")->status, 409);
  EXPECT_EQ(body_of(http_->Get(dev_ + "/operations/" + queued))["status"], "inProgress");
  advance(41);
  std::string last = start_diagnostics();
  EXPECT_EQ(operation_ids(), (std::vector<std::string>{started[4], queued, last}));
}

TEST_F(TeamworkRetentionTest, DropsFinishedOperationsPastTheMaxAge) {
  std::string first = start_diagnostics();
  advance(2 * 3600);  // finished 1 h 59 min ago: older than --retain-seconds
  std::string second = start_diagnostics();
  EXPECT_EQ(operation_ids(), (std::vector<std::string>{second}));
}

// Teams devices are beta-only: on /v1.0 Graph answers 400 for the segment v1.0's model lacks.
TEST_F(TeamworkHttpTest, V1AnswersGraphsBadRequestForTheBetaOnlyDevices) {
  for (const std::string path : {"/v1.0/teamwork/devices", "/v1.0/teamwork/devices/x/health"}) {
    auto r = http_->Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << path;
    Json error = body_of(r)["error"];
    EXPECT_EQ(error["code"], "BadRequest");
    EXPECT_EQ(error["message"].get<std::string>().rfind(
                  "Resource not found for the segment 'teamwork'.", 0),
              0u)
        << error;
  }
  EXPECT_EQ(http_->Get("/v1.0/nothing/here")->status, 404);  // not served on /beta either
}

}  // namespace
}  // namespace graphmock
