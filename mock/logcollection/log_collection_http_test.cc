// HTTP-level tests of Intune log collection (discovery, logCollectionRequests
// under both paths, the actions, the timeline) against an in-process server on
// a free port, with the virtual clock.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <regex>
#include <set>

#include "logcollection/logcollection_family.h"
#include "server/server_impl.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;
using graphmock::testing::test_options;
using graphmock::testing::test_schemas;
using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kTenant = "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20";
constexpr const char* kAdele =
    "b8bd7960-c0bb-4af1-b866-febe94793aef";  // 2 completed requests, one expired
constexpr const char* kMegan = "ee5a84db-d4f9-488f-9a5c-5b444f7634db";  // failed + pending
constexpr const char* kAdeleCurrent =
    "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20_b8bd7960-c0bb-4af1-b866-febe94793aef_a9cea988-3c2b-45ff-"
    "b192-d5a646670670";
constexpr const char* kAdeleExpired =
    "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20_b8bd7960-c0bb-4af1-b866-febe94793aef_5bb40ac3-4ae5-462e-"
    "b86e-c6b12da63a1a";
constexpr const char* kMeganFailed =
    "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20_ee5a84db-d4f9-488f-9a5c-5b444f7634db_b019a0ae-6046-4216-"
    "b0cf-f1c8700732e1";
constexpr const char* kScript = "8475e5c7-ed7a-40ca-b00d-b6afd405a488";
constexpr const char* kRunState = "f6f554a1-a6a2-414f-8978-ff168c072344";  // managedDevice: Adele
const std::string kDevices = "/beta/deviceManagement/managedDevices";
const std::string kScripts = "/beta/deviceManagement/deviceManagementScripts";
const std::string kAdeleRequests = kDevices + "/" + kAdele + "/logCollectionRequests";
const std::string kRunStateDevice =
    kScripts + "/" + kScript + "/deviceRunStates/" + kRunState + "/managedDevice";
const std::string kRunStateRequests = kRunStateDevice + "/logCollectionRequests";
constexpr const char* kJson = "application/json";

// An unsigned JWT carrying `claims` (--auth scopes does not check signatures).
std::string jwt(const Json& claims) { return graphmock::testing::unsigned_jwt(claims); }

// The JSON type of every property: what "the same shape" compares.
std::map<std::string, Json::value_t> shape(const Json& j) {
  std::map<std::string, Json::value_t> out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    auto t = it->type();
    if (t == Json::value_t::number_unsigned)
      t = Json::value_t::number_integer;  // one JSON "integer"
    out[it.key()] = t;
  }
  return out;
}

class LogCollectionHttpTest : public ::testing::Test {
 protected:
  StartedServer mock_;
  std::unique_ptr<httplib::Client> http_ = mock_.client();

  Json call(const httplib::Result& r, int expected_status, const std::string& what) {
    EXPECT_TRUE(r) << what;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, expected_status) << what << " -> " << r->body;
    return r->body.empty() ? Json(nullptr) : body_of(r);
  }
  Json get(const std::string& path, int status = 200) {
    return call(http_->Get(path), status, "GET " + path);
  }
  Json post(const std::string& path, const Json& body, int status) {
    return call(http_->Post(path, body.dump(), kJson), status, "POST " + path);
  }
  Json patch(const std::string& path, const Json& body, int status) {
    return call(http_->Patch(path, body.dump(), kJson), status, "PATCH " + path);
  }
  void advance(std::chrono::seconds d) { ASSERT_TRUE(mock_.server().advance(d).ok()); }
  std::string error_code(const Json& body) { return body["error"].value("code", ""); }
  std::string error_message(const Json& body) { return body["error"].value("message", ""); }
};

// ---- discovery ----

TEST_F(LogCollectionHttpTest, ListsManagedDevicesWithODataOptions) {
  Json all = get(kDevices);
  EXPECT_EQ(all["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#deviceManagement/managedDevices");
  ASSERT_EQ(all["value"].size(), 6u);
  EXPECT_FALSE(all["value"][0].contains("logCollectionRequests"));  // navigation: only with $expand

  EXPECT_EQ(get(kDevices + "?$filter=operatingSystem%20eq%20'Windows'")["value"].size(), 3u);
  Json adele = get(kDevices + "?$filter=userPrincipalName%20eq%20'adelev@contoso.com'");
  ASSERT_EQ(adele["value"].size(), 1u);
  EXPECT_EQ(adele["value"][0]["id"], kAdele);
  EXPECT_EQ(get(kDevices + "?$filter=deviceName%20eq%20'CONTOSO-LAT-MEGAN'")["value"][0]["id"],
            kMegan);

  Json page1 = get(kDevices + "?$top=4");
  ASSERT_EQ(page1["value"].size(), 4u);
  std::string next = page1["@odata.nextLink"];
  ASSERT_EQ(next.rfind(mock_.url() + kDevices + "?", 0), 0u) << next;
  EXPECT_NE(next.find("$skiptoken="), std::string::npos);
  Json page2 = get(next.substr(mock_.url().size()));
  EXPECT_EQ(page2["value"].size(), 2u);
  EXPECT_FALSE(page2.contains("@odata.nextLink"));

  Json selected = get(kDevices + "?$select=deviceName,operatingSystem");
  EXPECT_EQ(selected["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#deviceManagement/"
            "managedDevices(deviceName,operatingSystem)");
  EXPECT_EQ(shape(selected["value"][0]).size(), 4u);  // @odata.type, id, and the two selected

  Json expanded = get(kDevices + "?$expand=logCollectionRequests&$select=deviceName");
  EXPECT_EQ(expanded["value"][0]["logCollectionRequests"].size(), 2u);

  EXPECT_NE(error_message(get(kDevices + "?$filter=model%20eq%20'x'", 400)).find("model"),
            std::string::npos);
  EXPECT_EQ(error_code(get(kDevices + "?$top=0", 400)), "BadRequest");
  EXPECT_EQ(error_code(get(kDevices + "?$orderby=deviceName", 400)), "BadRequest");
}

TEST_F(LogCollectionHttpTest, GetsManagedDeviceWithSelectAndExpand) {
  Json d = get(kDevices + "/" + kAdele);
  EXPECT_EQ(d["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#deviceManagement/managedDevices/$entity");
  EXPECT_EQ(d["deviceName"], "CONTOSO-SL5-ADELE");
  EXPECT_EQ(d["@odata.type"], "#microsoft.graph.managedDevice");

  Json expanded = get(kDevices + "/" + kAdele + "?$expand=logCollectionRequests");
  ASSERT_EQ(expanded["logCollectionRequests"].size(), 2u);
  EXPECT_EQ(expanded["logCollectionRequests"][0]["id"], kAdeleCurrent);

  Json selected = get(kDevices + "/" + kAdele + "?$select=serialNumber");
  EXPECT_EQ(selected["serialNumber"], "0F33J4X22263");
  EXPECT_FALSE(selected.contains("deviceName"));

  // OData key syntax and the comanagedDevices alias address the same device.
  EXPECT_EQ(get(kDevices + "('" + kAdele + "')")["id"], kAdele);
  EXPECT_EQ(get("/beta/deviceManagement/comanagedDevices/" + std::string(kAdele))["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#deviceManagement/comanagedDevices/$entity");

  EXPECT_EQ(error_code(get(kDevices + "/00000000-0000-0000-0000-000000000000", 404)),
            "itemNotFound");
  EXPECT_EQ(error_code(get(kDevices + "/" + kAdele + "?$expand=users", 400)), "BadRequest");
  EXPECT_EQ(error_code(get(kDevices + "/" + kAdele + "?$top=1", 400)), "BadRequest");
}

TEST_F(LogCollectionHttpTest, DiscoversScriptsRunStatesAndTheirManagedDevice) {
  Json scripts = get(kScripts);
  EXPECT_EQ(scripts["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#deviceManagement/deviceManagementScripts");
  ASSERT_EQ(scripts["value"].size(), 2u);
  EXPECT_FALSE(scripts["value"][0].contains("deviceRunStates"));
  EXPECT_EQ(get(kScripts + "?$expand=deviceRunStates")["value"][0]["deviceRunStates"].size(), 3u);
  EXPECT_EQ(get(kScripts + "/" + kScript)["fileName"], "Collect-MtrDiagnostics.ps1");
  EXPECT_EQ(error_code(get(kScripts + "/nope", 404)), "itemNotFound");

  const std::string states = kScripts + "/" + kScript + "/deviceRunStates";
  Json list = get(states);
  EXPECT_EQ(list["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#deviceManagement/"
            "deviceManagementScripts('" +
                std::string(kScript) + "')/deviceRunStates");
  ASSERT_EQ(list["value"].size(), 3u);
  EXPECT_FALSE(list["value"][0].contains("managedDevice"));
  Json expanded = get(states + "?$expand=managedDevice");
  EXPECT_EQ(expanded["value"][0]["managedDevice"]["id"], kAdele);
  EXPECT_EQ(expanded["value"][0]["managedDevice"]["deviceName"], "CONTOSO-SL5-ADELE");
  EXPECT_EQ(get(states + "?$filter=runState%20eq%20'fail'")["value"].size(), 1u);
  EXPECT_EQ(error_code(get(kScripts + "/nope/deviceRunStates", 404)), "itemNotFound");

  EXPECT_EQ(get(states + "/" + kRunState)["runState"], "success");
  EXPECT_EQ(get(states + "/" + kRunState + "?$expand=managedDevice")["managedDevice"]["id"],
            kAdele);
  EXPECT_EQ(error_code(get(states + "/nope", 404)), "itemNotFound");

  Json device = get(kRunStateDevice);
  EXPECT_EQ(device["id"], kAdele);
  EXPECT_EQ(device["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#deviceManagement/managedDevices/$entity");
  EXPECT_EQ(error_code(get(states + "/nope/managedDevice", 404)), "itemNotFound");
}

// ---- logCollectionRequests: read ----

TEST_F(LogCollectionHttpTest, ListsAndGetsRequestsUnderBothPaths) {
  Json list = get(kAdeleRequests);
  EXPECT_EQ(list["@odata.context"],
            "https://graph.microsoft.com/beta/$metadata#deviceManagement/managedDevices('" +
                std::string(kAdele) + "')/logCollectionRequests");
  ASSERT_EQ(list["value"].size(), 2u);
  EXPECT_EQ(list["value"][0]["@odata.type"], "#microsoft.graph.deviceLogCollectionResponse");

  Json via_script = get(kRunStateRequests);
  ASSERT_EQ(via_script["value"].size(), 2u);
  EXPECT_EQ(via_script["value"], list["value"]);
  EXPECT_NE(
      via_script["@odata.context"].get<std::string>().find(
          "/deviceRunStates('" + std::string(kRunState) + "')/managedDevice/logCollectionRequests"),
      std::string::npos);

  Json megan =
      get(kDevices + "/" + kMegan + "/logCollectionRequests?$filter=status%20eq%20'failed'");
  ASSERT_EQ(megan["value"].size(), 1u);
  EXPECT_EQ(megan["value"][0]["errorCode"], 2147942402u);
  EXPECT_EQ(get(kDevices + "/" + kMegan + "/logCollectionRequests?$top=1")["value"].size(), 1u);

  Json one = get(kAdeleRequests + "/" + kAdeleCurrent);
  EXPECT_EQ(one["status"], "completed");
  EXPECT_EQ(one["@odata.context"].get<std::string>().substr(
                one["@odata.context"].get<std::string>().size() - 8),
            "/$entity");
  EXPECT_EQ(get(kRunStateRequests + "/" + kAdeleCurrent)["id"], kAdeleCurrent);
  EXPECT_FALSE(get(kAdeleRequests + "/" + kAdeleCurrent + "?$select=status").contains("sizeInKB"));

  EXPECT_EQ(error_code(get(kAdeleRequests + "/nope", 404)), "itemNotFound");
  EXPECT_EQ(error_code(get(kDevices + "/nope/logCollectionRequests", 404)), "itemNotFound");
  EXPECT_EQ(error_code(get(kScripts + "/nope/deviceRunStates/" + kRunState +
                               "/managedDevice/logCollectionRequests",
                           404)),
            "itemNotFound");
  EXPECT_EQ(error_code(get(kScripts + "/" + kScript +
                               "/deviceRunStates/nope/managedDevice/logCollectionRequests",
                           404)),
            "itemNotFound");
  // A request of another device is not found under this one.
  EXPECT_EQ(error_code(get(kAdeleRequests + "/" + kMeganFailed, 404)), "itemNotFound");
}

// ---- create ----

TEST_F(LogCollectionHttpTest, CreateEchoesTheSeedsDocumentedBody) {
  // Seed 002's example body, with managedDeviceId set to the device the path names.
  Json body = {{"@odata.type", "#microsoft.graph.deviceLogCollectionResponse"},
               {"status", "completed"},
               {"managedDeviceId", kAdele},
               {"errorCode", 9},
               {"requestedDateTimeUTC", "2016-12-31T23:57:40.7845755-08:00"},
               {"receivedDateTimeUTC", "2016-12-31T23:59:48.6545758-08:00"},
               {"initiatedByUserPrincipalName", "Initiated By User Principal Name value"},
               {"expirationDateTimeUTC", "2017-01-01T00:02:49.2157996-08:00"},
               {"size", 1.3333333333333333},
               {"sizeInKB", 2.6666666666666665},
               {"enrolledByUser", "Enrolled By User value"}};
  Json created = post(kRunStateRequests, body, 201);
  for (auto it = body.begin(); it != body.end(); ++it)
    EXPECT_EQ(created[it.key()], *it) << it.key();
  std::string id = created["id"];
  EXPECT_TRUE(
      std::regex_match(id, std::regex(std::string(kTenant) + "_" + kAdele + "_[0-9a-f-]{36}")))
      << id;
  EXPECT_NE(created["@odata.context"].get<std::string>().find(
                "/managedDevice/logCollectionRequests/$entity"),
            std::string::npos);
  // Stored: readable under the other path, and an explicit status stays as sent.
  advance(24h);
  EXPECT_EQ(get(kAdeleRequests + "/" + id)["status"], "completed");
  EXPECT_EQ(get(kAdeleRequests)["value"].size(), 3u);
}

TEST_F(LogCollectionHttpTest, CreateAcceptsAnIdOfTheDocumentedFormOnce) {
  std::string id = std::string(kTenant) + "_" + kAdele + "_11111111-2222-4333-8444-555555555555";
  EXPECT_EQ(post(kAdeleRequests, {{"id", id}}, 201)["id"], id);
  EXPECT_EQ(error_code(post(kAdeleRequests, {{"id", id}}, 409)), "Conflict");
  Json wrong = post(kAdeleRequests, {{"id", "05fb97dc-97dc-05fb-dc97-fb05dc97fb05"}},
                    400);  // the seed's GUID
  EXPECT_NE(error_message(wrong).find("{tenantId}_{managedDeviceId}_{requestId}"),
            std::string::npos);
}

TEST_F(LogCollectionHttpTest, CreateRejectsBadBodies) {
  Json unknown = post(kAdeleRequests, {{"status", "pending"}, {"templateType", "predefined"}}, 400);
  EXPECT_EQ(error_code(unknown), "BadRequest");
  EXPECT_NE(error_message(unknown).find("templateType"), std::string::npos)
      << error_message(unknown);

  // The seed's own managedDeviceId names another device than the path.
  Json other =
      post(kRunStateRequests, {{"managedDeviceId", "3b336f00-6f00-3b33-006f-333b006f333b"}}, 400);
  EXPECT_NE(error_message(other).find("/managedDeviceId"), std::string::npos);
  EXPECT_EQ(
      post(kAdeleRequests, {{"managedDeviceId", std::string(kAdele)}}, 201)["managedDeviceId"],
      kAdele);

  EXPECT_EQ(error_code(post(kAdeleRequests, {{"errorCode", "nine"}}, 400)), "BadRequest");
  EXPECT_EQ(error_code(post(kAdeleRequests, {{"status", "done"}}, 400)), "BadRequest");
  EXPECT_EQ(error_code(post(kAdeleRequests, {{"requestedDateTimeUTC", "yesterday"}}, 400)),
            "BadRequest");
  EXPECT_EQ(error_code(post(kAdeleRequests, {{"@odata.type", "#microsoft.graph.user"}}, 400)),
            "BadRequest");
  EXPECT_EQ(error_code(post(kAdeleRequests, Json::array(), 400)), "BadRequest");
  EXPECT_EQ(error_code(call(http_->Post(kAdeleRequests, "{\"status\":", kJson), 400, "malformed")),
            "BadRequest");
  EXPECT_EQ(
      error_code(call(http_->Post(kAdeleRequests, "status=pending", "text/plain"), 415, "text")),
      "UnsupportedMediaType");
  EXPECT_EQ(error_code(post(kDevices + "/nope/logCollectionRequests", Json::object(), 404)),
            "itemNotFound");
  EXPECT_EQ(get(kAdeleRequests)["value"].size(), 3u);  // only the one valid create was stored
}

TEST(LogCollectionValidateOffTest, HandlerRejectsUnknownPropertiesItself) {
  auto options = test_options();
  options.validate = ValidateMode::kOff;
  StartedServer mock(options);
  auto r = mock.client()->Post(kAdeleRequests, R"({"colour":"blue"})", kJson);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(body_of(r)["error"]["message"].get<std::string>().find("'colour'"), std::string::npos);
  auto p =
      mock.client()->Patch(kAdeleRequests + "/" + kAdeleCurrent, R"({"colour":"blue"})", kJson);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status, 400);
}

// ---- the timeline (acceptance 2) ----

TEST_F(LogCollectionHttpTest, PendingRequestCompletesOnTheClockThenGivesADownloadUrl) {
  http_->set_bearer_token_auth(jwt({{"upn", "pradeepg@contoso.com"}, {"name", "Pradeep Gupta"}}));
  Json created = post(kAdeleRequests, Json::object(), 201);
  std::string id = created["id"];
  const std::string item = kAdeleRequests + "/" + id;
  EXPECT_EQ(created["status"], "pending");
  EXPECT_EQ(created["initiatedByUserPrincipalName"], "pradeepg@contoso.com");
  EXPECT_EQ(created["enrolledByUser"], "adelev@contoso.com");
  EXPECT_EQ(created["requestedDateTimeUTC"], "2026-01-05T09:00:00Z");
  EXPECT_TRUE(created["receivedDateTimeUTC"].is_null());
  EXPECT_EQ(created["errorCode"], 0);
  EXPECT_EQ(created["size"], 0.0);

  Json early = post(item + "/createDownloadUrl", Json::object(), 400);
  EXPECT_NE(error_message(early).find("pending"), std::string::npos);

  advance(119s);
  EXPECT_EQ(get(item)["status"], "pending");
  advance(1s);
  Json done = get(item);
  EXPECT_EQ(done["status"], "completed");
  EXPECT_EQ(done["errorCode"], 0);
  EXPECT_EQ(done["receivedDateTimeUTC"], "2026-01-05T09:02:00Z");
  EXPECT_EQ(done["expirationDateTimeUTC"], "2026-02-04T09:02:00Z");  // 30 days after receipt
  EXPECT_GT(done["sizeInKB"].get<double>(), 0);
  EXPECT_EQ(done["size"].get<double>(), done["sizeInKB"].get<double>() * 1024);
  Json via_script = get(kRunStateRequests + "/" + id);
  via_script.erase("@odata.context");
  done.erase("@odata.context");
  EXPECT_EQ(via_script, done);

  auto r = http_->Post(item + "/createDownloadUrl");  // no body at all, as clients send it
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  Json url = body_of(r);
  EXPECT_EQ(url["@odata.context"], "https://graph.microsoft.com/beta/$metadata#Edm.String");
  std::string value = url["value"];
  EXPECT_EQ(value.rfind("https://", 0), 0u) << value;
  EXPECT_NE(value.find(id), std::string::npos);
  EXPECT_NE(value.find("se=2026-02-04T09:02:00Z"), std::string::npos) << value;
  EXPECT_EQ(post(item + "/createDownloadUrl", Json::object(), 200)["value"], value);  // stable
  EXPECT_EQ(post(kRunStateRequests + "/" + id + "/createDownloadUrl", Json::object(), 200)["value"],
            value);

  advance(30 * 24h);
  Json expired = post(item + "/createDownloadUrl", Json::object(), 400);
  EXPECT_NE(error_message(expired).find("expired"), std::string::npos);
}

TEST_F(LogCollectionHttpTest, ScenarioTimelineCanEndAFailedRequest) {
  const std::string file = ::testing::TempDir() + "/log-collection-fails.json";
  std::ofstream(file) << R"({"name": "log-collection-fails",
                             "logCollectionTimeline": {"pendingSeconds": 30, "outcome": "failed"}})";
  ServerOptions options = test_options();
  options.scenario = file;
  StartedServer failing(options);
  http_ = failing.client();
  auto advance = [&](std::chrono::seconds d) { ASSERT_TRUE(failing.server().advance(d).ok()); };
  Json created = post(kDevices + "/" + kMegan + "/createDeviceLogCollectionRequest",
                      {{"templateType", {{"templateType", "predefined"}}}}, 200);
  EXPECT_EQ(created["status"], "pending");
  const std::string item =
      kDevices + "/" + kMegan + "/logCollectionRequests/" + created["id"].get<std::string>();
  advance(30s);
  Json failed = get(item);
  EXPECT_EQ(failed["status"], "failed");
  EXPECT_NE(failed["errorCode"].get<int64_t>(), 0);
  EXPECT_EQ(failed["size"], 0.0);
  EXPECT_TRUE(failed["expirationDateTimeUTC"].is_null());
  EXPECT_NE(error_message(post(item + "/createDownloadUrl", Json::object(), 400)).find("failed"),
            std::string::npos);
}

TEST_F(LogCollectionHttpTest, DownloadUrlFollowsTheFixturesStatuses) {
  std::string url = post(kAdeleRequests + "/" + kAdeleCurrent + "/createDownloadUrl",
                         Json::object(), 200)["value"];
  EXPECT_NE(url.find("se=2026-01-21T10:31:07Z"), std::string::npos) << url;
  EXPECT_NE(error_message(post(kAdeleRequests + "/" + kAdeleExpired + "/createDownloadUrl",
                               Json::object(), 400))
                .find("expired at 2025-12-18T14:20:55Z"),
            std::string::npos);
  post(kDevices + "/" + kMegan + "/logCollectionRequests/" + kMeganFailed + "/createDownloadUrl",
       Json::object(), 400);
  EXPECT_EQ(error_code(post(kAdeleRequests + "/nope/createDownloadUrl", Json::object(), 404)),
            "itemNotFound");
  EXPECT_EQ(error_code(
                post(kAdeleRequests + "/" + kAdeleCurrent + "/createDownloadUrl", {{"x", 1}}, 400)),
            "BadRequest");
}

// ---- createDeviceLogCollectionRequest ----

// The fixture's requests are history dated before the clock's start (one of them 48 days
// before): a new request keeps them until they are older than the retention (30 days)
// counted from the mock's start, the rule of every family.
TEST_F(LogCollectionHttpTest, FixtureHistoryOutlivesNewRequestsUntilTheRetentionHasPassed) {
  const Json body = {{"templateType", {{"templateType", "predefined"}}}};
  const std::string action = kDevices + "/" + kAdele + "/createDeviceLogCollectionRequest";
  post(action, body, 200);
  Json after = get(kAdeleRequests)["value"];
  ASSERT_EQ(after.size(), 3u);
  EXPECT_EQ(after[0]["id"], kAdeleCurrent);
  EXPECT_EQ(after[1]["id"], kAdeleExpired);

  advance(std::chrono::hours(24 * 30) + 1h);  // the new request has finished too
  Json newest = post(action, body, 200);
  Json last = get(kAdeleRequests)["value"];
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0]["id"], newest["id"]);
}

TEST_F(LogCollectionHttpTest, CreateDeviceLogCollectionRequestAnswersTheEntityUnwrapped) {
  Json body = {{"templateType",
                {{"@odata.type", "microsoft.graph.deviceLogCollectionRequest"},
                 {"id", "x"},
                 {"templateType", "predefined"}}}};
  Json created = post(kDevices + "/" + kAdele + "/createDeviceLogCollectionRequest", body, 200);
  EXPECT_FALSE(created.contains("value"));
  EXPECT_EQ(created["@odata.type"], "#microsoft.graph.deviceLogCollectionResponse");
  EXPECT_EQ(created["status"], "pending");
  EXPECT_EQ(created["managedDeviceId"], kAdele);
  EXPECT_EQ(get(kAdeleRequests + "/" + created["id"].get<std::string>())["id"], created["id"]);
  post(kRunStateDevice + "/createDeviceLogCollectionRequest", body, 200);

  const std::string action = kDevices + "/" + kAdele + "/createDeviceLogCollectionRequest";
  EXPECT_EQ(error_code(post(action, {{"templateType", "predefined"}}, 400)), "BadRequest");
  EXPECT_EQ(error_code(post(action, {{"templateType", {{"templateType", "everything"}}}}, 400)),
            "BadRequest");
  EXPECT_NE(
      error_message(
          post(action, {{"templateType", {{"templateType", "predefined"}}}, {"extra", 1}}, 400))
          .find("extra"),
      std::string::npos);
  EXPECT_EQ(error_code(post(kDevices + "/nope/createDeviceLogCollectionRequest",
                            {{"templateType", {{"templateType", "predefined"}}}}, 404)),
            "itemNotFound");
}

// ---- acceptance 3 ----

TEST_F(LogCollectionHttpTest, SameBodyOnBothPathsGivesTheSameShape) {
  Json body = {
      {"managedDeviceId", kAdele}, {"enrolledByUser", "adelev@contoso.com"}, {"errorCode", 0}};
  Json direct = post(kAdeleRequests, body, 201);
  Json via_script = post(kRunStateRequests, body, 201);
  EXPECT_EQ(shape(direct), shape(via_script));
  EXPECT_EQ(direct["status"], via_script["status"]);
  Json action = post(kDevices + "/" + kAdele + "/createDeviceLogCollectionRequest",
                     {{"templateType", {{"templateType", "predefined"}}}}, 200);
  EXPECT_EQ(shape(action), shape(direct));
  advance(1h);
  EXPECT_EQ(shape(get(kAdeleRequests + "/" + direct["id"].get<std::string>())),
            shape(get(kRunStateRequests + "/" + via_script["id"].get<std::string>())));
}

// ---- update, delete, methods ----

TEST_F(LogCollectionHttpTest, PatchChangesWritablePropertiesOnly) {
  const std::string item = kAdeleRequests + "/" + kAdeleCurrent;
  Json updated = patch(item, {{"enrolledByUser", "someone@contoso.com"}}, 200);
  EXPECT_EQ(updated["enrolledByUser"], "someone@contoso.com");
  EXPECT_EQ(updated["status"], "completed");
  EXPECT_EQ(get(kRunStateRequests + "/" + kAdeleCurrent)["enrolledByUser"], "someone@contoso.com");

  EXPECT_EQ(error_code(patch(item, {{"id", "x"}}, 400)), "BadRequest");
  EXPECT_EQ(error_code(patch(item, {{"managedDeviceId", kMegan}}, 400)), "BadRequest");
  EXPECT_NE(error_message(patch(item, {{"templateType", "predefined"}}, 400)).find("templateType"),
            std::string::npos);
  EXPECT_EQ(error_code(patch(item, {{"size", "big"}}, 400)), "BadRequest");
  EXPECT_EQ(error_code(patch(kAdeleRequests + "/nope", {{"enrolledByUser", "x"}}, 404)),
            "itemNotFound");
  EXPECT_EQ(error_code(call(http_->Patch(item, "x", "text/plain"), 415, "text")),
            "UnsupportedMediaType");
}

TEST_F(LogCollectionHttpTest, PatchingWhatTheTimelineDecidesFreezesTheRequest) {
  std::string id = post(kAdeleRequests, Json::object(), 201)["id"];
  const std::string item = kAdeleRequests + "/" + id;
  patch(item, {{"enrolledByUser", "x@contoso.com"}}, 200);
  EXPECT_EQ(patch(item, {{"status", "failed"}, {"errorCode", 5}}, 200)["status"], "failed");
  advance(1h);
  Json later = get(item);
  EXPECT_EQ(later["status"], "failed");
  EXPECT_EQ(later["errorCode"], 5);
  EXPECT_EQ(later["enrolledByUser"], "x@contoso.com");
}

TEST_F(LogCollectionHttpTest, DeleteRemovesTheRequest) {
  auto r = http_->Delete(kRunStateRequests + "/" + kAdeleExpired);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 204);
  EXPECT_TRUE(r->body.empty());
  EXPECT_EQ(error_code(get(kAdeleRequests + "/" + kAdeleExpired, 404)), "itemNotFound");
  EXPECT_EQ(get(kAdeleRequests)["value"].size(), 1u);
  EXPECT_EQ(
      call(http_->Delete(kAdeleRequests + "/" + kAdeleExpired), 404, "again")["error"]["code"],
      "itemNotFound");
  EXPECT_EQ(call(http_->Delete(kDevices + "/nope/logCollectionRequests/x"), 404,
                 "device")["error"]["code"],
            "itemNotFound");
}

TEST_F(LogCollectionHttpTest, UnsupportedMethodsAre405) {
  auto put = http_->Put(kAdeleRequests + "/" + kAdeleCurrent, "{}", kJson);
  ASSERT_TRUE(put);
  EXPECT_EQ(put->status, 405);
  EXPECT_EQ(body_of(put)["error"]["code"], "MethodNotAllowed");
  EXPECT_NE(put->get_header_value("Allow").find("PATCH"), std::string::npos);
  EXPECT_EQ(http_->Delete(kDevices + "/" + kAdele)->status, 405);
  EXPECT_EQ(http_->Get(kAdeleRequests + "/" + kAdeleCurrent + "/createDownloadUrl")->status, 405);
  EXPECT_EQ(http_->Post(kScripts, "{}", kJson)->status, 405);
}

// ---- reset, state, determinism ----

TEST_F(LogCollectionHttpTest, ResetRestoresFixturesAndReplaysIds) {
  std::string first = post(kAdeleRequests, Json::object(), 201)["id"];
  advance(1h);
  double size = get(kAdeleRequests + "/" + first)["sizeInKB"];
  Json state = get("/_mock/state");
  ASSERT_EQ(state["managedDevices"].size(), 6u);
  EXPECT_EQ(state["managedDevices"][0]["logCollectionRequests"].size(), 3u);
  EXPECT_EQ(state["deviceManagementScripts"][0]["deviceRunStates"][0]["managedDevice@odata.bind"],
            std::string("managedDevices('") + kAdele + "')");

  ASSERT_EQ(http_->Post("/_mock/reset")->status, 200);
  EXPECT_EQ(get(kAdeleRequests)["value"].size(), 2u);
  std::string again = post(kAdeleRequests, Json::object(), 201)["id"];
  EXPECT_EQ(again, first);
  advance(1h);
  EXPECT_EQ(get(kAdeleRequests + "/" + again)["sizeInKB"], size);
}

// ---- permissions ----

TEST(LogCollectionAuthTest, ScopesModeWantsTheSeedsPermissions) {
  auto options = test_options();
  options.auth = AuthMode::kScopes;
  StartedServer mock(options);
  auto http = mock.client();
  http->set_bearer_token_auth(
      jwt({{"scp", "DeviceManagementManagedDevices.Read.All"}, {"upn", "r@contoso.com"}}));
  EXPECT_EQ(http->Get(kDevices)->status, 200);
  EXPECT_EQ(http->Get(kScripts)->status, 200);
  EXPECT_EQ(http->Get(kAdeleRequests)->status, 200);
  EXPECT_EQ(http->Post(kAdeleRequests + "/" + kAdeleCurrent + "/createDownloadUrl")->status, 200);
  for (const auto& r :
       {http->Post(kAdeleRequests, "{}", kJson), http->Post(kRunStateRequests, "{}", kJson),
        http->Patch(kAdeleRequests + "/" + kAdeleCurrent, R"({"enrolledByUser":"x"})", kJson),
        http->Delete(kAdeleRequests + "/" + kAdeleCurrent),
        http->Post(kDevices + "/" + kAdele + "/createDeviceLogCollectionRequest",
                   R"({"templateType":{"templateType":"predefined"}})", kJson)}) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << r->body;
    EXPECT_EQ(body_of(r)["error"]["code"], "Authorization_RequestDenied");
  }

  http->set_bearer_token_auth(jwt({{"scp", "DeviceManagementConfiguration.Read.All"}}));
  EXPECT_EQ(http->Get(kRunStateRequests)->status, 200);

  // Application permission in roles.
  http->set_bearer_token_auth(jwt(
      {{"roles", Json::array({"DeviceManagementConfiguration.ReadWrite.All"})}, {"appid", "a"}}));
  auto created = http->Post(kRunStateRequests, "{}", kJson);
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_TRUE(body_of(created)["initiatedByUserPrincipalName"].is_null());  // app-only: no upn

  http->set_bearer_token_auth(jwt({{"scp", "DeviceManagementManagedDevices.ReadWrite.All"}}));
  EXPECT_EQ(http->Delete(kAdeleRequests + "/" + kAdeleCurrent)->status, 204);

  http->set_bearer_token_auth(jwt({{"scp", "User.Read"}}));
  EXPECT_EQ(http->Get(kDevices)->status, 403);
}

TEST(LogCollectionAuthTest, BearerModeAnswers401WithoutAToken) {
  auto options = test_options();
  options.auth = AuthMode::kBearer;
  StartedServer mock(options);
  auto http = mock.client();
  const std::string item = kAdeleRequests + "/" + kAdeleCurrent;
  const std::string action = kDevices + "/" + kAdele + "/createDeviceLogCollectionRequest";
  const std::vector<std::pair<std::string, std::function<httplib::Result()>>> calls = {
      {"list devices", [&] { return http->Get(kDevices); }},
      {"get device", [&] { return http->Get(kDevices + "/" + kAdele); }},
      {"list scripts", [&] { return http->Get(kScripts); }},
      {"run states", [&] { return http->Get(kScripts + "/" + kScript + "/deviceRunStates"); }},
      {"list requests", [&] { return http->Get(kAdeleRequests); }},
      {"get request", [&] { return http->Get(item); }},
      {"create via run state", [&] { return http->Post(kRunStateRequests, "{}", kJson); }},
      {"create", [&] { return http->Post(kAdeleRequests, "{}", kJson); }},
      {"patch", [&] { return http->Patch(item, R"({"enrolledByUser":"x"})", kJson); }},
      {"delete", [&] { return http->Delete(item); }},
      {"download url", [&] { return http->Post(item + "/createDownloadUrl"); }},
      {"action", [&] {
         return http->Post(action, R"({"templateType":{"templateType":"predefined"}})", kJson);
       }}};
  for (const auto& [what, send] : calls) {
    auto r = send();
    ASSERT_TRUE(r) << what;
    EXPECT_EQ(r->status, 401) << what << ": " << r->body;
    EXPECT_EQ(body_of(r)["error"]["code"], "InvalidAuthenticationToken") << what;
  }
  // Nothing was changed by the refused calls.
  http->set_bearer_token_auth("any");
  EXPECT_EQ(http->Get(item)->status, 200);
  EXPECT_EQ(body_of(http->Get(kAdeleRequests))["value"].size(), 2u);
}

// ---- every documented path (createDeviceLogCollectionRequest's page lists seven) ----

constexpr const char* kDiego = "44726535-0f78-4344-8371-56a63c006d07";
constexpr const char* kAdeleUser = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
constexpr const char* kTeamsApp = "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b";     // Adele, Megan, Diego
constexpr const char* kTeamsMacApp = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";  // Alex's Mac only
const std::string kHealthScripts = "/beta/deviceManagement/deviceHealthScripts";
const std::string kComplianceScripts = "/beta/deviceManagement/deviceComplianceScripts";
const std::string kHealthRunStates =
    kHealthScripts + "/0b5ac8e2-3f6d-4c1a-8e27-9d41f6b0a3c5/deviceRunStates";
const std::string kComplianceRunStates =
    kComplianceScripts + "/d7a3f1c8-92e4-4b56-a1d0-3f8e6c2b7a94/deviceRunStates";

// Each documented device path and the device it reaches in the default fixtures.
const std::vector<std::pair<std::string, std::string>>& documented_device_paths() {
  static const std::vector<std::pair<std::string, std::string>> paths = {
      {kDevices + "/" + kAdele, kAdele},
      {"/beta/deviceManagement/comanagedDevices/" + std::string(kAdele), kAdele},
      {kHealthRunStates + "/9c1e4d27-6b3a-4f85-a0d2-7e58c1b9f364/managedDevice", kAdele},
      {kRunStateDevice, kAdele},
      {kComplianceRunStates + "/5f0b8d3e-1a7c-4e29-b6f4-8c2d9e1a7b50/managedDevice", kMegan},
      {kRunStateDevice + "/users/" + kAdeleUser + "/managedDevices/" + kAdele, kAdele},
      {kRunStateDevice + "/detectedApps/" + kTeamsApp + "/managedDevices/" + kMegan, kMegan},
  };
  return paths;
}

TEST_F(LogCollectionHttpTest, CreateDeviceLogCollectionRequestOnEveryDocumentedPath) {
  const Json body = {{"templateType",
                      {{"@odata.type", "microsoft.graph.deviceLogCollectionRequest"},
                       {"id", "Id value"},
                       {"templateType", "predefined"}}}};
  for (const auto& [path, device] : documented_device_paths()) {
    SCOPED_TRACE(path);
    EXPECT_EQ(get(path)["id"], device);
    Json created = post(path + "/createDeviceLogCollectionRequest", body, 200);
    EXPECT_EQ(created["managedDeviceId"], device);
    EXPECT_EQ(created["status"], "pending");
    const std::string id = created["id"];
    EXPECT_EQ(id.rfind(std::string(kTenant) + "_" + device + "_", 0), 0u) << id;
    EXPECT_EQ(created["@odata.context"],
              "https://graph.microsoft.com/beta/$metadata#" +
                  std::regex_replace(path.substr(6), std::regex("/([0-9a-f-]{36})"), "('$1')") +
                  "/logCollectionRequests/$entity");
    // The same state on the canonical path.
    EXPECT_EQ(get(kDevices + "/" + device + "/logCollectionRequests/" + id)["id"], id);
  }
}

TEST_F(LogCollectionHttpTest, LogCollectionRequestsCollectionOnEveryDocumentedPath) {
  for (const auto& [path, device] : documented_device_paths()) {
    SCOPED_TRACE(path);
    const std::string list = path + "/logCollectionRequests";
    const size_t before = get(list)["value"].size();
    Json created = post(list, Json::object(), 201);
    const std::string item = list + "/" + created["id"].get<std::string>();
    EXPECT_EQ(get(list)["value"].size(), before + 1);
    EXPECT_EQ(get(item)["managedDeviceId"], device);
    EXPECT_EQ(patch(item, {{"enrolledByUser", "x@contoso.com"}}, 200)["enrolledByUser"],
              "x@contoso.com");
    EXPECT_EQ(error_code(post(item + "/createDownloadUrl", nullptr, 400)),
              "BadRequest");  // pending
    EXPECT_EQ(call(http_->Delete(item), 204, "DELETE " + item), nullptr);
    get(item, 404);
  }
}

TEST_F(LogCollectionHttpTest, NestedPathsFollowUsersAndDetectedApps) {
  // users/{userId}: the run state's device's user, then one of that user's devices.
  EXPECT_EQ(get(kRunStateDevice + "/users/" + kAdeleUser + "/managedDevices")["value"].size(), 1u);
  EXPECT_EQ(error_code(get(kRunStateDevice + "/users/nobody/managedDevices/" + kAdele, 404)),
            "itemNotFound");
  EXPECT_EQ(
      error_code(get(kRunStateDevice + "/users/" + kAdeleUser + "/managedDevices/" + kMegan, 404)),
      "itemNotFound");
  // detectedApps/{id}: an app seen on the run state's device, then a device it was seen on.
  Json apps = get(kRunStateDevice + "/detectedApps");
  EXPECT_EQ(apps["value"].size(), 2u);
  Json seen_on = get(kRunStateDevice + "/detectedApps/" + kTeamsApp + "/managedDevices");
  EXPECT_EQ(seen_on["value"].size(), 3u);
  EXPECT_EQ(get(kRunStateDevice + "/detectedApps/" + kTeamsApp + "/managedDevices/" + kDiego)["id"],
            kDiego);
  EXPECT_EQ(error_code(post(kRunStateDevice + "/detectedApps/" + kTeamsMacApp + "/managedDevices/" +
                                kAdele + "/createDeviceLogCollectionRequest",
                            {{"templateType", {{"templateType", "predefined"}}}}, 404)),
            "itemNotFound");
  EXPECT_EQ(error_code(get(kRunStateDevice + "/detectedApps/" + kTeamsApp +
                               "/managedDevices/ddf952c0-361f-4ab7-86b2-01d783e5d7ed",
                           404)),
            "itemNotFound");
}

TEST_F(LogCollectionHttpTest, DiscoversHealthAndComplianceScriptsWithTheirRunStates) {
  Json health = get(kHealthScripts + "?$select=displayName,deviceHealthScriptType");
  ASSERT_EQ(health["value"].size(), 2u);
  EXPECT_EQ(health["value"][0]["deviceHealthScriptType"], "deviceHealthScript");
  Json states = get(kHealthRunStates + "?$expand=managedDevice");
  ASSERT_EQ(states["value"].size(), 2u);
  EXPECT_EQ(states["value"][0]["managedDevice"]["id"], kAdele);
  EXPECT_EQ(get(kHealthRunStates + "?$filter=detectionState%20eq%20'fail'")["value"].size(), 1u);
  EXPECT_EQ(get(kHealthScripts +
                "/6e2d9b14-a5c7-4f03-b8e1-2c9f7a4d6e58?$expand=deviceRunStates")["deviceRunStates"]
                .size(),
            1u);

  Json compliance = get(kComplianceScripts);
  ASSERT_EQ(compliance["value"].size(), 1u);
  EXPECT_EQ(compliance["value"][0]["platform"], "windows10");
  Json state = get(kComplianceRunStates + "/e81c4a6f-2d95-4b30-9e7a-f3b0c5d8a216");
  EXPECT_EQ(state["detectionState"], "notApplicable");
  EXPECT_EQ(get(kComplianceRunStates +
                "/e81c4a6f-2d95-4b30-9e7a-f3b0c5d8a216/managedDevice")["operatingSystem"],
            "macOS");
  EXPECT_EQ(error_code(get(kComplianceScripts + "/nope/deviceRunStates", 404)), "itemNotFound");
}

TEST_F(LogCollectionHttpTest, DiscoversDetectedAppsAndTheDevicesTheyWereSeenOn) {
  Json apps = get("/beta/deviceManagement/detectedApps?$filter=platform%20eq%20'macOS'");
  ASSERT_EQ(apps["value"].size(), 1u);
  EXPECT_EQ(apps["value"][0]["id"], kTeamsMacApp);
  Json teams = get("/beta/deviceManagement/detectedApps/" + std::string(kTeamsApp) +
                   "?$expand=managedDevices");
  EXPECT_EQ(teams["managedDevices"].size(), 3u);
  EXPECT_EQ(teams["deviceCount"], 3);
  Json devices =
      get("/beta/deviceManagement/detectedApps/" + std::string(kTeamsApp) + "/managedDevices");
  ASSERT_EQ(devices["value"].size(), 3u);
  EXPECT_EQ(devices["value"][0]["userId"], kAdeleUser);
  EXPECT_EQ(get(kDevices + "?$filter=userId%20eq%20'" + kAdeleUser + "'")["value"].size(), 1u);
}

TEST_F(LogCollectionHttpTest, PatchTakesTheUpdatePagesBody) {
  const std::string item = kRunStateRequests + "/" + kAdeleCurrent;
  // The update page's example as written: its status "Status value" is no appLogUploadState.
  Json documented = {{"@odata.type", "#microsoft.graph.deviceLogCollectionResponse"},
                     {"status", "Status value"},
                     {"managedDeviceId", "3b336f00-6f00-3b33-006f-333b006f333b"},
                     {"errorCode", 9},
                     {"requestedDateTimeUTC", "2016-12-31T23:57:40.7845755-08:00"},
                     {"receivedDateTimeUTC", "2016-12-31T23:59:48.6545758-08:00"},
                     {"initiatedByUserPrincipalName", "Initiated By User Principal Name value"},
                     {"expirationDateTimeUTC", "2017-01-01T00:02:49.2157996-08:00"},
                     {"size", 1.3333333333333333}};
  EXPECT_NE(error_message(patch(item, documented, 400)).find("/status"), std::string::npos);
  // With a documented status, managedDeviceId naming the request's own device is accepted...
  documented["status"] = "completed";
  documented["managedDeviceId"] = kAdele;
  Json updated = patch(item, documented, 200);
  for (auto it = documented.begin(); it != documented.end(); ++it)
    EXPECT_EQ(updated[it.key()], *it) << it.key();
  EXPECT_EQ(updated["id"], kAdeleCurrent);
  // ...in any letter case, kept as stored; another device cannot take the request.
  documented["managedDeviceId"] = "B8BD7960-C0BB-4AF1-B866-FEBE94793AEF";
  EXPECT_EQ(patch(item, documented, 200)["managedDeviceId"], kAdele);
  documented["managedDeviceId"] = kMegan;
  EXPECT_NE(error_message(patch(item, documented, 400)).find("/managedDeviceId"),
            std::string::npos);
  EXPECT_EQ(get(kDevices + "/" + kMegan + "/logCollectionRequests/" + kAdeleCurrent,
                404)["error"]["code"],
            "itemNotFound");
}

TEST(LogCollectionAuthTest, DiscoveryPermissionsFollowEachPage) {
  auto options = test_options();
  options.auth = AuthMode::kScopes;
  StartedServer mock(options);
  auto http = mock.client();
  // Health scripts: DeviceManagementConfiguration only; detected apps: ManagedDevices only.
  http->set_bearer_token_auth(jwt({{"scp", "DeviceManagementManagedDevices.Read.All"}}));
  EXPECT_EQ(http->Get(kHealthScripts)->status, 403);
  EXPECT_EQ(http->Get("/beta/deviceManagement/detectedApps")->status, 200);
  EXPECT_EQ(http->Get(kComplianceScripts)->status, 200);
  http->set_bearer_token_auth(jwt({{"scp", "DeviceManagementConfiguration.Read.All"}}));
  EXPECT_EQ(http->Get(kHealthScripts)->status, 200);
  EXPECT_EQ(http->Get(kHealthRunStates)->status, 200);
  EXPECT_EQ(http->Get("/beta/deviceManagement/detectedApps")->status, 403);
  // Every documented path: the log collection pages' permissions.
  for (const auto& [path, device] : documented_device_paths()) {
    EXPECT_EQ(http->Get(path + "/logCollectionRequests")->status, 200) << path;
    EXPECT_EQ(http->Post(path + "/createDeviceLogCollectionRequest",
                         R"({"templateType":{"templateType":"predefined"}})", kJson)
                  ->status,
              403)
        << path;
  }
  http->set_bearer_token_auth(
      jwt({{"roles", Json::array({"DeviceManagementManagedDevices.ReadWrite.All"})}}));
  for (const auto& [path, device] : documented_device_paths())
    EXPECT_EQ(http->Post(path + "/createDeviceLogCollectionRequest",
                         R"({"templateType":{"templateType":"predefined"}})", kJson)
                  ->status,
              200)
        << path;
}

}  // namespace
}  // namespace graphmock

namespace graphmock {
namespace {

// ---- /v1.0 ----

// The paths the v1.0 metadata has are served on /v1.0 from the same tenant, in v1.0's shape.
TEST_F(LogCollectionHttpTest, V1ServesTheSameTenantInTheV1Shape) {
  const Json& manifest = logcollection_manifest().json();
  std::set<std::string> v1;
  for (const Json& p : manifest["versions"]["v1.0"]["types"]["managedDevice"]["properties"])
    v1.insert(p["name"]);
  const std::string devices = "/v1.0/deviceManagement/managedDevices";
  Json list = get(devices + "?$top=2");
  EXPECT_EQ(list["@odata.context"],
            "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices");
  EXPECT_NE(list["@odata.nextLink"].get<std::string>().find("/v1.0/deviceManagement/"),
            std::string::npos);
  ASSERT_EQ(list["value"].size(), 2u);
  Json beta = get(kDevices + "/" + kAdele);
  Json adele = get(devices + "/" + kAdele);
  size_t beta_only = 0;
  for (const auto& [name, value] : beta.items()) {
    if (name.find('@') != std::string::npos) continue;
    if (v1.contains(name))
      EXPECT_EQ(adele[name], value) << name;
    else
      EXPECT_FALSE(adele.contains(name)) << name << " is not a v1.0 managedDevice property";
    beta_only += !v1.contains(name);
  }
  EXPECT_GT(beta_only, 0u);

  // A request created on /beta is listed, read and downloaded on /v1.0: one tenant.
  Json created = post(kDevices + "/" + kAdele + "/createDeviceLogCollectionRequest",
                      {{"templateType", {{"templateType", "predefined"}}}}, 200);
  const std::string item =
      devices + "/" + kAdele + "/logCollectionRequests/" + created["id"].get<std::string>();
  Json read = get(item);
  EXPECT_EQ(read["status"], "pending");
  EXPECT_EQ(read["@odata.context"].get<std::string>().rfind(
                "https://graph.microsoft.com/v1.0/$metadata#", 0),
            0u);
  Json history = get(devices + "/" + kAdele + "/logCollectionRequests");
  EXPECT_EQ(history["value"].size(), get(kAdeleRequests)["value"].size());
  Json url = post(
      devices + "/" + kAdele + "/logCollectionRequests/" + kAdeleCurrent + "/createDownloadUrl",
      Json::object(), 200);
  EXPECT_EQ(url["@odata.context"], "https://graph.microsoft.com/v1.0/$metadata#Edm.String");
  EXPECT_EQ(url["value"],
            post(kAdeleRequests + "/" + std::string(kAdeleCurrent) + "/createDownloadUrl",
                 Json::object(), 200)["value"]);

  // v1.0 has no createDeviceLogCollectionRequest: Graph's 400 for a segment its model lacks.
  Json refused = post(devices + "/" + kAdele + "/createDeviceLogCollectionRequest",
                      {{"templateType", {{"templateType", "predefined"}}}}, 400);
  EXPECT_EQ(error_code(refused), "BadRequest");
  EXPECT_NE(error_message(refused).find(
                "Resource not found for the segment 'createDeviceLogCollectionRequest'"),
            std::string::npos)
      << refused;
}

// /v1.0 answers are checked against the v1.0 schemas (schemas/v1.0/, generated from the v1.0
// metadata), under strict validation as every answer: a beta-only property there is refused.
TEST_F(LogCollectionHttpTest, V1AnswersAndBodiesAreCheckedAgainstTheV1Schemas) {
  const std::string devices = "/v1.0/deviceManagement/managedDevices";
  const Json& v1 = logcollection_manifest().version("v1.0");
  Json list = get(devices + "?$top=50");  // strict: a 500 if an answer broke its schema
  ASSERT_FALSE(list["value"].empty());
  Json beta_list = get(kDevices + "?$top=50");
  ASSERT_EQ(beta_list["value"].size(), list["value"].size());
  bool mapped = false;
  for (size_t i = 0; i < list["value"].size(); ++i) {
    const Json& device = list["value"][i];
    EXPECT_TRUE(test_schemas().check("v1.0/managedDevice", device, false).empty()) << device;
    // A member only beta's enum has is answered as v1.0's unknownFutureValue.
    const std::string enrolled = beta_list["value"][i]["deviceEnrollmentType"];
    const Json& members = v1["enums"]["deviceEnrollmentType"]["members"];
    if (std::find(members.begin(), members.end(), enrolled) == members.end()) {
      EXPECT_EQ(device["deviceEnrollmentType"], "unknownFutureValue") << enrolled;
      mapped = true;
    }
  }
  EXPECT_TRUE(mapped) << "the fixtures hold a beta-only deviceEnrollmentType member";
  // The beta answer carries properties the v1.0 schema does not know.
  auto violations = test_schemas().check("v1.0/managedDevice", get(kDevices + "/" + kAdele), false);
  std::string said;
  for (const auto& v : violations) said += violation_line("v1.0/managedDevice", v) + "\n";
  EXPECT_NE(said.find("chassisType"), std::string::npos) << said;
  // A request body with a property only beta's deviceLogCollectionResponse has is refused on
  // /v1.0 (its v1.0 update schema) and taken on /beta.
  const std::string item = "/logCollectionRequests/" + std::string(kAdeleCurrent);
  Json refused = patch(devices + "/" + kAdele + item, {{"size", 1.5}}, 400);
  EXPECT_NE(error_message(refused).find("v1.0/deviceLogCollectionResponseUpdateRequest"),
            std::string::npos)
      << refused;
  EXPECT_NE(error_message(refused).find("size"), std::string::npos) << refused;
  EXPECT_EQ(patch(kDevices + "/" + kAdele + item, {{"size", 1.5}}, 200)["size"], 1.5);
  Json read = get(devices + "/" + kAdele + item);
  EXPECT_FALSE(read.contains("size"));
  EXPECT_TRUE(test_schemas().check("v1.0/deviceLogCollectionResponse", read, false).empty());
}

// $select, $filter and $orderby on /v1.0 take the v1.0 types' properties and enum members.
TEST_F(LogCollectionHttpTest, V1QueriesTakeTheV1Vocabulary) {
  const std::string devices = "/v1.0/deviceManagement/managedDevices";
  // ownerType (beta) is managedDeviceOwnerType on v1.0.
  EXPECT_NE(error_message(get(devices + "?$filter=ownerType%20eq%20'company'", 400))
                .find("could not find a property named 'ownerType' on type "
                      "'microsoft.graph.managedDevice'"),
            std::string::npos);
  EXPECT_EQ(get(kDevices + "?$filter=ownerType%20eq%20'company'")["value"].size(),
            get(kDevices + "?$filter=ownerType%20eq%20'company'&$select=id")["value"].size());
  EXPECT_NE(error_message(get(devices + "?$orderby=chassisType%20desc", 400))
                .find("Invalid $orderby: could not find a property named 'chassisType'"),
            std::string::npos);
  EXPECT_NE(error_message(get(devices + "?$select=id,chassisType", 400))
                .find("could not find a property named 'chassisType'"),
            std::string::npos);
  // google is a managementAgentType member on beta only.
  EXPECT_NE(error_message(get(devices + "?$filter=managementAgent%20eq%20'google'", 400))
                .find("'google' is not a member of microsoft.graph.managementAgentType"),
            std::string::npos);
  get(kDevices + "?$filter=managementAgent%20eq%20'google'");
  // v1.0's own properties and members filter as on beta.
  const std::string mdm =
      "?$filter=managementAgent%20eq%20'mdm'%20and%20operatingSystem%20eq%20'Windows'";
  EXPECT_EQ(get(devices + mdm)["value"].size(), get(kDevices + mdm)["value"].size());
}

}  // namespace
}  // namespace graphmock
