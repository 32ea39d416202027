// The admin API over HTTP, endpoint by endpoint (acceptance 5).
#include "admin/admin_api.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/build_info.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;
using testing::body_of;
using testing::StartedServer;
using testing::test_options;

constexpr const char* kDevices = "/beta/teamwork/devices";
constexpr const char* kQuiet = "41142dae-02dd-459b-9365-63e26e8d2653";
constexpr const char* kJson = "application/json";

class AdminApiTest : public ::testing::Test {
 protected:
  AdminApiTest()
      : mock_([] {
          ServerOptions o = test_options();
          o.scenario = "throttled";
          return o;
        }()) {}

  Json call(const httplib::Result& r, int status) {
    EXPECT_TRUE(r);
    if (!r) return nullptr;
    EXPECT_EQ(r->status, status) << r->body;
    return body_of(r);
  }

  StartedServer mock_;
  std::unique_ptr<httplib::Client> http_ = mock_.client();
};

TEST_F(AdminApiTest, HealthAndClock) {
  Json health = call(http_->Get("/_mock/health"), 200);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["version"], build_info().version);
  EXPECT_EQ(health["commit"], build_info().commit);
  EXPECT_EQ(health["metadataSnapshot"], build_info().metadata_snapshot);
  EXPECT_EQ(call(http_->Get("/_mock/clock"), 200)["now"], "2026-01-05T09:00:00Z");
  EXPECT_EQ(call(http_->Post("/_mock/clock/advance", R"({"seconds": 90})", kJson), 200)["now"],
            "2026-01-05T09:01:30Z");
  call(http_->Post("/_mock/clock/advance", R"({"seconds": -1})", kJson), 400);
}

// Finding 5 of issue 25: past 2262 the Date header read 1726, past 9999 a new
// operation failed its own schema. The clock stops at latest_time(), up to
// which every timestamp is right; one second more is a 400 naming the field.
TEST_F(AdminApiTest, ClockStopsWhereEveryTimestampStaysRight) {
  ASSERT_TRUE(mock_.server().advance(latest_time() - mock_.server().clock().now() - 1s).ok());
  EXPECT_EQ(call(http_->Post("/_mock/clock/advance", R"({"seconds": 1})", kJson), 200)["now"],
            "9000-01-01T00:00:00Z");
  Json over = call(http_->Post("/_mock/clock/advance", R"({"seconds": 1})", kJson), 400);
  EXPECT_EQ(over["error"]["message"],
            "The virtual clock stops at 9000-01-01T00:00:00Z, so that every timestamp keeps a "
            "four-digit year: it is 9000-01-01T00:00:00Z, so seconds may be at most 0.");
  EXPECT_EQ(call(http_->Get("/_mock/clock"), 200)["now"], "9000-01-01T00:00:00Z");

  auto posted = http_->Post(std::string(kDevices) + "/" + kQuiet + "/restart");
  ASSERT_TRUE(posted);
  ASSERT_EQ(posted->status, 202) << posted->body;
  EXPECT_EQ(posted->get_header_value("Date"), "Wed, 01 Jan 9000 00:00:00 GMT");
  Json op = call(http_->Get("/beta" + posted->get_header_value("Location")), 200);
  EXPECT_EQ(op["createdDateTime"], "9000-01-01T00:00:00Z");
}

TEST_F(AdminApiTest, ClockNextMovesToWhereAnOperationChangesPhase) {
  EXPECT_EQ(call(http_->Post("/_mock/clock/next"), 200)["next"], nullptr);  // nothing pending
  http_->Post(std::string(kDevices) + "/" + kQuiet + "/restart");  // 5 s queued + 85 s running
  Json started = call(http_->Post("/_mock/clock/next"), 200);
  EXPECT_EQ(started["now"], "2026-01-05T09:00:05Z");
  EXPECT_EQ(started["next"], "2026-01-05T09:00:05Z");
  EXPECT_EQ(call(http_->Post("/_mock/clock/next"), 200)["now"], "2026-01-05T09:01:30Z");
  Json idle = call(http_->Post("/_mock/clock/next"), 200);
  EXPECT_EQ(idle["next"], nullptr);
  EXPECT_EQ(idle["now"], "2026-01-05T09:01:30Z");
}

TEST_F(AdminApiTest, RequestsJournalWithFiltersAndDelete) {
  http_->Get(kDevices);
  http_->Post(std::string(kDevices) + "/" + kQuiet +
              "/runDiagnostics");  // 503 from the scenario's sequence
  http_->Post(std::string(kDevices) + "/" + kQuiet + "/restart");
  Json all = call(http_->Get("/_mock/requests"), 200);
  ASSERT_EQ(all["count"], 3);
  EXPECT_EQ(all["value"][0]["method"], "GET");
  EXPECT_EQ(all["value"][0]["status"], 200);
  EXPECT_TRUE(all["value"][0]["request"]["headers"].contains("Host"));
  Json diag = call(
      http_->Get("/_mock/requests?method=POST&path=/beta/teamwork/devices/*/runDiagnostics"), 200);
  ASSERT_EQ(diag["count"], 1);
  EXPECT_EQ(diag["value"][0]["status"], 503);
  EXPECT_EQ(diag["value"][0]["fault"], "sequence /beta/teamwork/devices/*/runDiagnostics #1");
  EXPECT_EQ(call(http_->Get("/_mock/requests?status=2xx"), 200)["count"], 2);
  EXPECT_EQ(call(http_->Get("/_mock/requests?status=202"), 200)["value"][0]["path"],
            std::string(kDevices) + "/" + kQuiet + "/restart");
  EXPECT_EQ(call(http_->Get("/_mock/requests?fault=*"), 200)["count"], 1);
  EXPECT_EQ(call(http_->Get("/_mock/requests?limit=1"), 200)["value"][0]["method"],
            "POST");  // the most recent
  call(http_->Get("/_mock/requests?status=abc"), 400);
  call(http_->Delete("/_mock/requests"), 204);
  EXPECT_EQ(call(http_->Get("/_mock/requests?path=/beta/**"), 200)["count"], 0);
}

// The journal serves what clients sent, but not their tokens: a fingerprint per token.
TEST_F(AdminApiTest, RequestsJournalShowsTokensAsFingerprints) {
  http_->Get(kDevices, {{"Authorization", "Bearer first-secret-token"}});
  http_->Get(std::string(kDevices) + "?access_token=second-secret-token");
  http_->Get(kDevices, {{"Authorization", "Bearer second-secret-token"}});
  auto served = http_->Get("/_mock/requests");
  ASSERT_TRUE(served);
  EXPECT_EQ(served->body.find("secret-token"), std::string::npos) << served->body;
  Json all = body_of(served);
  ASSERT_EQ(all["count"], 3);
  std::string first = all["value"][0]["request"]["headers"]["Authorization"];
  std::string second = all["value"][2]["request"]["headers"]["Authorization"];
  EXPECT_EQ(first.rfind("Bearer <redacted sha256:", 0), 0u) << first;
  EXPECT_NE(first, second);
  EXPECT_EQ(all["value"][1]["query"], "access_token=" + second.substr(7));  // the same token
}

TEST_F(AdminApiTest, FaultsCrud) {
  Json listed = call(http_->Get("/_mock/faults"), 200);
  ASSERT_EQ(listed["value"].size(), 1u);  // the scenario's throttle
  EXPECT_EQ(listed["value"][0]["id"], "beta-budget");
  EXPECT_EQ(listed["responseSequences"].size(), 1u);

  auto added = http_->Post("/_mock/faults",
                           R"({"match": {"method": "GET", "path": "/beta/teamwork/devices/*"},
                                                "respond": {"status": 404}})",
                           kJson);
  Json id = call(added, 201);
  EXPECT_EQ(id["id"], "fault-1");
  EXPECT_EQ(added->get_header_value("Location"), "/_mock/faults/fault-1");
  EXPECT_EQ(call(http_->Get(std::string(kDevices) + "/" + kQuiet), 404)["error"]["code"],
            "itemNotFound");
  listed = call(http_->Get("/_mock/faults"), 200);
  ASSERT_EQ(listed["value"].size(), 2u);
  EXPECT_EQ(listed["value"][1]["state"]["fired"], 1);

  Json bad =
      call(http_->Post("/_mock/faults",
                       R"({"match": {"path": "/x"}, "latency": {"uniformMs": [5, 1]}})", kJson),
           400);
  EXPECT_EQ(bad["error"]["message"], "Invalid fault rule at /latency/uniformMs: lo must be <= hi");
  call(http_->Post("/_mock/faults", "not json", kJson), 400);
  call(http_->Post("/_mock/faults", R"({"id": "fault-1", "match": {"path": "/x"}})", kJson), 409);

  call(http_->Delete("/_mock/faults/fault-1"), 204);
  EXPECT_EQ(call(http_->Delete("/_mock/faults/fault-1"), 404)["error"]["code"], "itemNotFound");
  call(http_->Delete("/_mock/faults"), 204);
  listed = call(http_->Get("/_mock/faults"), 200);
  EXPECT_TRUE(listed["value"].empty());
  EXPECT_TRUE(listed["responseSequences"].empty());
  for (int i = 0; i < 8; ++i) EXPECT_EQ(http_->Get(kDevices)->status, 200);  // the throttle is gone
}

TEST_F(AdminApiTest, ResetRestoresTheScenarioFaultsJournalAndClock) {
  call(http_->Delete("/_mock/faults"), 204);
  call(http_->Post("/_mock/faults",
                   R"({"match": {"path": "/beta/**"}, "respond": {"status": 500}})", kJson),
       201);
  call(http_->Post("/_mock/clock/advance", R"({"seconds": 3600})", kJson), 200);
  http_->Post(std::string(kDevices) + "/" + kQuiet + "/restart");
  Json reset = call(http_->Post("/_mock/reset"), 200);
  EXPECT_EQ(reset["clock"]["now"], "2026-01-05T09:00:00Z");
  Json faults = call(http_->Get("/_mock/faults"), 200);
  ASSERT_EQ(faults["value"].size(), 1u);
  EXPECT_EQ(faults["value"][0]["id"], "beta-budget");
  EXPECT_EQ(faults["value"][0]["state"]["calls"], 0);
  EXPECT_EQ(call(http_->Get("/_mock/requests?path=/beta/**"), 200)["count"], 0);
  Json ops = call(http_->Get(std::string(kDevices) + "/" + kQuiet + "/operations"), 200);
  EXPECT_TRUE(ops["value"].empty());  // fixtures back
}

TEST_F(AdminApiTest, StateShowsScenarioSeedFaultsAndData) {
  Json state = call(http_->Get("/_mock/state"), 200);
  EXPECT_EQ(state["scenario"]["name"], "throttled");
  EXPECT_EQ(state["seed"], 5);
  EXPECT_EQ(state["faults"][0]["id"], "beta-budget");
  EXPECT_EQ(state["responseSequences"].size(), 1u);
  EXPECT_TRUE(state.contains("journalSize"));
  EXPECT_EQ(state["teamworkDevices"].size(), 17u);
  EXPECT_EQ(state["clock"]["mode"], "virtual");
}

// What the families are comes from their manifests, through the admin API (issue 26): the
// dashboard and scripts read paths, types, settings and fixture files here.
TEST_F(AdminApiTest, FamiliesShowEachManifestWithItsFixtureFiles) {
  Json families = call(http_->Get("/_mock/families"), 200)["value"];
  ASSERT_TRUE(families.is_array());
  std::map<std::string, Json> by_name;
  for (const auto& f : families) by_name[f["family"].get<std::string>()] = f;
  ASSERT_TRUE(by_name.count("teamwork"));
  const Json& teamwork = by_name["teamwork"];
  EXPECT_EQ(teamwork["paths"][0]["template"], "/teamwork/devices");
  EXPECT_TRUE(teamwork["types"]["teamworkDevice"]["properties"].is_array());
  EXPECT_TRUE(teamwork["scenarioSettings"]["properties"].contains("operationTimelines"));
  EXPECT_EQ(teamwork["fixtureFiles"], Json::parse(R"([{"file": "teamworkDevices.json",
                             "schema": "fixtures.teamworkDevices"}])"));
  // What the dashboard reads: the state member each view shows and the actions with their paths.
  EXPECT_EQ(teamwork["state"], Json::parse(R"([{"key": "teamworkDevices",
                             "type": "teamworkDevice", "view": "fleet"}])"));
  EXPECT_EQ(teamwork["actions"][0]["template"], "/teamwork/devices/{deviceId}/runDiagnostics");
  EXPECT_EQ(teamwork["actions"][2]["example"], Json::parse(R"({"softwareType": "teamsClient"})"));
  ASSERT_TRUE(by_name.count("logcollection"));
  EXPECT_EQ(by_name["logcollection"]["state"][0]["items"],
            Json::parse(R"({"name": "logCollectionRequests",
                            "type": "deviceLogCollectionResponse"})"));
  // Each family the build registers answers, each with its own manifest.
  EXPECT_EQ(by_name.size(), families.size());
  for (const auto& [name, f] : by_name) {
    EXPECT_TRUE(f["paths"].is_array()) << name;
    EXPECT_TRUE(f["fixtureFiles"].is_array()) << name;
  }
}

// The dashboard names no family (mock/ui/dashboard.js): it shows the state members the manifests
// give a view and sends their actions at their paths. Done here as the dashboard does it, for
// every action of every family: bound to a shown type, sent for an entity of the state; bound
// to the type of its items, sent for a completed item, whose answer is a download URL.
TEST(AdminFamiliesTest, EveryActionAnswersAtItsPathForTheEntitiesTheStateShows) {
  StartedServer mock;
  auto http = mock.client();
  Json families = body_of(http->Get("/_mock/families"))["value"];
  Json state = body_of(http->Get("/_mock/state"));
  std::map<std::string, std::vector<Json>> bound;  // binding type -> its actions
  size_t declared = 0;
  for (const Json& f : families)
    for (const Json& a : f.value("actions", Json::array())) {
      bound[a["binding"].get<std::string>()].push_back(a);
      ++declared;
    }
  auto send = [&](const Json& action, const std::vector<std::string>& ids) {
    std::string path = "/" + action["version"].get<std::string>(), templ = action["template"];
    size_t key = 0;
    for (size_t i = 0; i < templ.size(); ++i) {
      if (templ[i] != '{') {
        path += templ[i];
        continue;
      }
      path += ids.at(key++);
      i = templ.find('}', i);
    }
    EXPECT_EQ(key, ids.size()) << path;
    return http->Post(path, action.contains("example") ? action["example"].dump() : "", kJson);
  };
  std::set<std::string> views;
  size_t sent = 0;
  for (const Json& f : families)
    for (const Json& shown : f.value("state", Json::array())) {
      SCOPED_TRACE(shown.dump());
      views.insert(shown["view"].get<std::string>());
      const Json& entities = state[shown["key"].get<std::string>()];
      ASSERT_TRUE(entities.is_array() && !entities.empty());
      for (const Json& a : bound[shown["type"].get<std::string>()]) {
        EXPECT_TRUE(mock.server().advance(1h).ok());  // what the last one started is over
        auto r = send(a, {entities[0]["id"].get<std::string>()});
        ASSERT_TRUE(r);
        EXPECT_TRUE(r->status >= 200 && r->status < 300) << a << ": " << r->status << r->body;
        ++sent;
      }
      if (!shown.contains("items")) continue;
      const std::string items = shown["items"]["name"];
      for (const Json& a : bound[shown["items"]["type"].get<std::string>()]) {
        const Json* owner = nullptr;
        const Json* item = nullptr;
        for (const Json& e : entities) {
          ASSERT_TRUE(e.contains(items)) << e["id"];
          for (const Json& i : e[items])
            if (!item && i["status"] == "completed") owner = &e, item = &i;
        }
        ASSERT_TRUE(item) << "no completed " << items;
        auto r = send(a, {(*owner)["id"].get<std::string>(), (*item)["id"].get<std::string>()});
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << a << ": " << r->body;
        EXPECT_TRUE(body_of(r)["value"].get<std::string>().starts_with("https://")) << r->body;
        ++sent;
      }
    }
  EXPECT_EQ(views, (std::set<std::string>{"fleet", "logs"}));
  EXPECT_EQ(sent, declared);  // every action is bound to a type a view shows
  EXPECT_GE(sent, 5u);
}

TEST_F(AdminApiTest, ScenariosListAndLoad) {
  Json list = call(http_->Get("/_mock/scenarios"), 200);
  EXPECT_EQ(list["active"], "throttled");
  ASSERT_GE(list["value"].size(), 6u);
  EXPECT_EQ(list["value"][0]["name"], "diagnostics-fail");
  EXPECT_FALSE(list["value"][0]["description"].get<std::string>().empty());

  Json loaded = call(http_->Post("/_mock/scenarios/flaky-network"), 200);
  EXPECT_EQ(loaded["scenario"], "flaky-network");
  EXPECT_EQ(loaded["seed"], 42);
  EXPECT_EQ(call(http_->Get("/_mock/faults"), 200)["value"].size(), 4u);
  EXPECT_EQ(call(http_->Post("/_mock/scenarios/no-such"), 404)["error"]["code"], "itemNotFound");
  EXPECT_EQ(call(http_->Get("/_mock/scenarios"), 200)["active"],
            "flaky-network");  // unchanged by failures
}

TEST_F(AdminApiTest, ScenarioNamesOutsideTheFolderAre400) {
  for (const char* path :
       {"/_mock/scenarios/..", "/_mock/scenarios/../default", "/_mock/scenarios/..%2Fdefault",
        "/_mock/scenarios/../../../etc/passwd", "/_mock/scenarios/a%20b"}) {
    SCOPED_TRACE(path);
    Json e = call(http_->Post(path), 400);
    EXPECT_NE(e["error"]["message"].get<std::string>().find("Invalid scenario name"),
              std::string::npos);
  }
  EXPECT_EQ(call(http_->Get("/_mock/scenarios"), 200)["active"], "throttled");
}

// Nothing outside <fixtures>/scenarios is read, even through a symlink.
TEST(AdminScenarioFolderTest, NothingOutsideTheFolderIsLoaded) {
  namespace fs = std::filesystem;
  fs::path dir =
      fs::path(::testing::TempDir()) / ("graphmock-fixtures-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "scenarios");
  fs::create_directories(dir / "default");  // an empty fixture set
  std::ofstream(dir / "outside.json") << R"({"name": "outside"})";
  std::ofstream(dir / "scenarios" / "inside.json") << R"({"name": "inside"})";
  fs::create_symlink(dir / "outside.json", dir / "scenarios" / "link.json");
  ServerOptions o = test_options();
  o.fixtures_dir = dir.string();
  StartedServer mock(o);
  auto c = mock.client();
  EXPECT_EQ(c->Post("/_mock/scenarios/..%2Foutside")->status, 400);
  EXPECT_EQ(c->Post("/_mock/scenarios/link")->status, 404);
  EXPECT_EQ(c->Post("/_mock/scenarios/inside")->status, 200);
  EXPECT_EQ(body_of(c->Get("/_mock/scenarios"))["active"], "inside");
  fs::remove_all(dir);
}

TEST(AdminTokenTest, WrongOrMissingTokenIs401) {
  ServerOptions o = test_options();
  o.admin_token = "s3cret";
  StartedServer mock(o);
  auto c = mock.client();
  auto none = c->Get("/_mock/faults");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(body_of(none)["error"]["code"], "InvalidAuthenticationToken");
  httplib::Headers wrong = {{"Authorization", "Bearer nope"}};
  EXPECT_EQ(c->Post("/_mock/faults", wrong, R"({"match": {"path": "/x"}})", kJson)->status, 401);
  EXPECT_EQ(c->Post("/_mock/scenarios/happy-path", wrong, "", kJson)->status, 401);
  httplib::Headers right = {{"Authorization", "Bearer s3cret"}};
  EXPECT_EQ(body_of(c->Get("/_mock/scenarios", right))["active"],
            nullptr);  // the 401 loaded nothing
  EXPECT_EQ(c->Get("/_mock/faults", right)->status, 200);
  EXPECT_EQ(c->Get(kDevices)->status, 200);  // Graph routes do not want the admin token
}

}  // namespace
}  // namespace graphmock
