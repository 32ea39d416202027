// Graph's service limits on the virtual clock: the engine alone (limits per app
// and tenant, Retry-After, headers), then through a server (the shipped limits
// file and scenario, $batch, the journal, /_mock/state).
#include "throttling/throttle_engine.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "clock/clock.h"
#include "core/files.h"
#include "core/json_body.h"
#include "server/server_impl.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;
using graphmock::testing::test_options;
using graphmock::testing::test_schemas;

constexpr const char* kAdele = "b8bd7960-c0bb-4af1-b866-febe94793aef";  // default fixtures
const std::string kDevice = std::string("/beta/deviceManagement/managedDevices/") + kAdele;
const std::string kCollect = kDevice + "/createDeviceLogCollectionRequest";

// A small model, checked against the schema as the server checks the shipped file.
// A vector, so that one service is still an array (a braced Json of one element is that element).
ThrottlingLimits limits_from(const std::vector<Json>& services) {
  Json doc = {{"defaultAppId", "default-app"},
              {"defaultTenantId", "default-tenant"},
              {"services", Json(services)}};
  auto violations = test_schemas().check("throttlingLimits", doc, false);
  EXPECT_TRUE(violations.empty()) << describe(violations);
  auto parsed = parse_throttling_limits(doc);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return *parsed;
}

Json limit(const char* scope, const char* kind, int budget, double window) {
  return {{"scope", scope}, {"kind", kind}, {"budget", budget}, {"windowSeconds", window}};
}

// Intune-like: per app per tenant 2 writes and 10 requests, per tenant 3 writes, per 20 s.
Json devices_service(bool retry_after = true) {
  return {{"id", "devices"},
          {"name", "Devices"},
          {"routes", Json::array({"/beta/deviceManagement/managedDevices/**"})},
          {"retryAfter", retry_after},
          {"limits",
           {limit("appTenant", "write", 2, 20), limit("tenant", "write", 3, 20),
            limit("appTenant", "any", 10, 20)}}};
}

Claims caller(const std::string& app, const std::string& tenant) {
  Claims c;
  c.appid = app;
  c.tid = tenant;
  return c;
}

Request request(const std::string& method, const std::string& path) {
  Request r;
  r.method = method;
  r.path = path;
  return r;
}

std::string header(const GraphError& e, const std::string& name) {
  for (const auto& [k, v] : e.headers)
    if (k == name) return v;
  return "<none>";
}

class ThrottleEngineTest : public ::testing::Test {
 protected:
  ThrottleDecision write(const std::string& app = "app-a", const std::string& tenant = "t1") {
    return engine.admit(request("POST", kCollect), caller(app, tenant));
  }
  ThrottleDecision read(const std::string& app = "app-a", const std::string& tenant = "t1") {
    return engine.admit(request("GET", kDevice), caller(app, tenant));
  }
  ManualClock clock{default_virtual_start()};
  ThrottleEngine engine{clock};
};

TEST_F(ThrottleEngineTest, OffAdmitsEverythingWithoutHeaders) {
  for (int i = 0; i < 50; ++i) {
    auto d = write();
    EXPECT_FALSE(d.refuse);
    EXPECT_TRUE(d.headers.empty());
  }
  EXPECT_EQ(engine.state_json(), Json({{"enabled", false}, {"budgets", Json::array()}}));
}

TEST_F(ThrottleEngineTest, WritesAreThrottledWhileReadsOfTheSameAppAndTenantPass) {
  engine.configure(limits_from({devices_service()}));
  EXPECT_FALSE(write().refuse);
  EXPECT_FALSE(write().refuse);
  auto refused = write();
  ASSERT_TRUE(refused.refuse);
  EXPECT_EQ(refused.refuse->status, 429);
  EXPECT_EQ(refused.refuse->code, "TooManyRequests");
  EXPECT_EQ(refused.limit, "devices/appTenant/write");
  EXPECT_NE(refused.refuse->message.find("allows 2 write"), std::string::npos)
      << refused.refuse->message;
  EXPECT_FALSE(read().refuse);
  EXPECT_FALSE(read().refuse);
}

TEST_F(ThrottleEngineTest,
       ASecondAppPassesUntilTheTenantBudgetIsSpentAndASecondTenantIsUnaffected) {
  engine.configure(limits_from({devices_service()}));
  EXPECT_FALSE(write("app-a").refuse);
  EXPECT_FALSE(write("app-a").refuse);
  EXPECT_FALSE(write("app-b").refuse);  // the tenant's third write
  auto refused = write("app-b");        // app-b's own budget has room; the tenant's has not
  ASSERT_TRUE(refused.refuse);
  EXPECT_EQ(refused.limit, "devices/tenant/write");
  EXPECT_EQ(header(*refused.refuse, "x-ms-throttle-scope"), "Tenant/Write/app-b/t1");
  for (int i = 0; i < 2; ++i) EXPECT_FALSE(write("app-a", "t2").refuse) << i;
  EXPECT_FALSE(write("app-b", "t2").refuse);
}

TEST_F(ThrottleEngineTest, RetryAfterIsTheSecondsUntilTheLimitHasRoomOnTheVirtualClock) {
  engine.configure(limits_from({devices_service()}));
  EXPECT_FALSE(write().refuse);  // at 0 s
  EXPECT_TRUE(clock.advance(5s).ok());
  EXPECT_FALSE(write().refuse);  // at 5 s
  EXPECT_TRUE(clock.advance(2500ms).ok());
  auto refused = write();  // at 7.5 s, counted too
  ASSERT_TRUE(refused.refuse);
  // Room once fewer than 2 of the window's writes remain: when the one at 5 s leaves the
  // 20 s window, at 25 s: 17.5 s from now, rounded up.
  EXPECT_EQ(header(*refused.refuse, "Retry-After"), "18");
  EXPECT_TRUE(clock.advance(17500ms).ok());
  EXPECT_FALSE(write().refuse);
}

TEST_F(ThrottleEngineTest, AnEarlyRetryProlongsTheThrottling) {
  auto run = [&](bool retry_early) {
    engine.configure(limits_from({devices_service()}));
    EXPECT_FALSE(write().refuse);
    EXPECT_FALSE(write().refuse);
    auto refused = write();
    EXPECT_EQ(header(*refused.refuse, "Retry-After"), "20");
    if (retry_early) {
      EXPECT_TRUE(clock.advance(10s).ok());
      EXPECT_EQ(header(*write().refuse, "Retry-After"), "10");
      EXPECT_EQ(header(*write().refuse, "Retry-After"),
                "20");  // two early retries: 2 in the window
      EXPECT_TRUE(clock.advance(10s).ok());
    } else {
      EXPECT_TRUE(clock.advance(20s).ok());
    }
    return write();  // when the first Retry-After said
  };
  EXPECT_FALSE(run(false).refuse);
  auto prolonged = run(true);
  ASSERT_TRUE(prolonged.refuse);  // the early retries spent the budget
  EXPECT_EQ(header(*prolonged.refuse, "Retry-After"), "10");
}

TEST_F(ThrottleEngineTest, AServiceDocumentedWithoutRetryAfterSendsNone) {
  engine.configure(limits_from({devices_service(false)}));
  EXPECT_FALSE(write().refuse);
  EXPECT_FALSE(write().refuse);
  auto refused = write();
  ASSERT_TRUE(refused.refuse);
  EXPECT_EQ(header(*refused.refuse, "Retry-After"), "<none>");
  EXPECT_NE(refused.refuse->message.find("back off exponentially"), std::string::npos);
  EXPECT_EQ(header(*refused.refuse, "x-ms-throttle-information"), "WriteLimitExceeded");
}

TEST_F(ThrottleEngineTest, HeadersFollowTheDocumentedFormats) {
  engine.configure(limits_from({devices_service()}));
  // 7 of 10 requests: 70%, no percentage yet; the 8th is 80%.
  for (int i = 0; i < 7; ++i) EXPECT_TRUE(read().headers.empty()) << i;
  auto at80 = read();
  EXPECT_EQ(at80.headers.find("x-ms-throttle-limit-percentage")->second, "0.8");
  EXPECT_EQ(read().headers.find("x-ms-throttle-limit-percentage")->second, "0.9");
  EXPECT_EQ(read().headers.find("x-ms-throttle-limit-percentage")->second, "1.0");
  auto refused = read();
  ASSERT_TRUE(refused.refuse);
  EXPECT_EQ(header(*refused.refuse, "x-ms-throttle-scope"),
            "Tenant_Application/ReadWrite/app-a/t1");
  EXPECT_EQ(header(*refused.refuse, "x-ms-throttle-information"), "ResourceUnitLimitExceeded");
  EXPECT_EQ(header(*refused.refuse, "x-ms-throttle-limit-percentage"), "1.1");
  EXPECT_EQ(header(*refused.refuse, "Retry-After"), "20");
  for (int i = 0; i < 10; ++i) (void)read();
  EXPECT_EQ(header(*read().refuse, "x-ms-throttle-limit-percentage"), "1.8");  // the documented top
}

TEST_F(ThrottleEngineTest, TokensWithoutClaimsShareTheDefaultAppAndTenant) {
  engine.configure(limits_from({devices_service()}));
  EXPECT_FALSE(write("", "").refuse);
  EXPECT_FALSE(write("default-app", "default-tenant").refuse);
  auto refused = write("", "");
  ASSERT_TRUE(refused.refuse);
  EXPECT_EQ(header(*refused.refuse, "x-ms-throttle-scope"),
            "Tenant_Application/Write/default-app/default-tenant");
}

TEST_F(ThrottleEngineTest, StateShowsEachBudgetPerAppAndTenant) {
  engine.configure(limits_from({devices_service()}));
  (void)write("app-a");
  (void)write("app-a");
  (void)write("app-a");
  Json state = engine.state_json();
  EXPECT_EQ(state["enabled"], true);
  Json app_write;
  for (const auto& b : state["budgets"])
    if (b["limit"] == "devices/appTenant/write") app_write = b;
  EXPECT_EQ(app_write["app"], "app-a");
  EXPECT_EQ(app_write["tenant"], "t1");
  EXPECT_EQ(app_write["used"], 3);
  EXPECT_EQ(app_write["budget"], 2);
  EXPECT_EQ(app_write["retryAfterSeconds"], 20);
  EXPECT_TRUE(clock.advance(20s).ok());
  EXPECT_EQ(engine.state_json()["budgets"], Json::array());  // all expired
}

TEST(ThrottlingLimitsTest, AScenarioScalesBudgetsAndReplacesServicesById) {
  auto base = limits_from({devices_service(),
                           {{"id", "other"},
                            {"routes", Json::array({"/beta/**"})},
                            {"limits", Json::array({limit("app", "any", 1000, 10)})}}});
  Json other = {{"id", "other"},
                {"routes", Json::array({"/beta/teamwork/**"})},
                {"retryAfter", false},
                {"limits", Json::array({limit("app", "read", 300, 1)})}};
  Json throttling = {{"scale", 0.01}, {"services", Json::array({other})}};
  auto scaled = apply_scenario_throttling(base, throttling);
  ASSERT_TRUE(scaled);
  ASSERT_EQ(scaled->services.size(), 2u);
  EXPECT_EQ(scaled->services[0].limits[0].budget, 1u);  // 2 x 0.01, at least 1
  EXPECT_EQ(scaled->services[1].limits[0].budget, 3u);
  EXPECT_EQ(scaled->services[1].limits[0].id, "other/app/read");
  EXPECT_FALSE(scaled->services[1].retry_after);
}

// ---- through a server ----

std::string write_scenario(const std::string& name, const Json& doc) {
  auto dir = std::filesystem::temp_directory_path() / "graphmock-throttling-test";
  std::filesystem::create_directories(dir);
  auto file = dir / (name + ".json");
  std::ofstream(file) << doc.dump();
  return file.string();
}

Request graph_request(const std::string& method, const std::string& path, const Json& body = {}) {
  Request r;
  r.method = method;
  r.path = path;
  if (!body.is_null()) {
    r.body = body.dump();
    r.headers.emplace("Content-Type", "application/json");
  }
  return r;
}

const Json kCollectBody = {{"templateType", {{"templateType", "predefined"}}}};

TEST(ThrottlingServerTest, ABatchOf20WritesAgainstABudgetOf5Gives5SuccessesAnd15InnerThrottles) {
  Json five = {{"id", "intune-devices"},
               {"routes", Json::array({"/beta/deviceManagement/managedDevices/**"})},
               {"limits", Json::array({limit("appTenant", "write", 5, 20)})}};
  ServerOptions o = test_options();
  o.scenario = write_scenario("five-writes", {{"name", "five-writes"},
                                              {"throttling", {{"services", Json::array({five})}}}});
  Server server(o);
  ASSERT_TRUE(server.load().ok());
  Json requests = Json::array();
  for (int i = 1; i <= 20; ++i)
    requests.push_back({{"id", std::to_string(i)},
                        {"method", "POST"},
                        {"url", "/deviceManagement/managedDevices/" + std::string(kAdele) +
                                    "/createDeviceLogCollectionRequest"},
                        {"headers", {{"Content-Type", "application/json"}}},
                        {"body", kCollectBody}});
  Response r =
      server.handle(graph_request("POST", "/beta/$batch", {{"requests", std::move(requests)}}));
  ASSERT_EQ(r.status, 200) << r.body;
  int ok = 0, throttled = 0;
  Json body = Json::parse(r.body);
  for (const auto& inner : body["responses"]) {
    if (inner["status"] == 200) ++ok;
    if (inner["status"] != 429) continue;
    ++throttled;
    EXPECT_EQ(inner["headers"]["Retry-After"], "20");
    EXPECT_EQ(inner["body"]["error"]["code"], "TooManyRequests");
  }
  EXPECT_EQ(ok, 5);
  EXPECT_EQ(throttled, 15);
  JournalFilter filter;
  filter.status = "429";
  auto journal = server.journal(filter);
  ASSERT_EQ(journal.size(), 15u);
  EXPECT_EQ(journal[0].throttled_by, "intune-devices/appTenant/write");
  EXPECT_FALSE(journal[0].batch_request_id.empty());
  EXPECT_EQ(to_json(journal[0])["throttledBy"], "intune-devices/appTenant/write");
}

TEST(ThrottlingServerTest, TheShippedScenarioThrottlesByTokenClaimsAndStateShowsTheBudgets) {
  ServerOptions o = test_options();
  o.scenario = "graph-throttling";
  Server server(o);
  ASSERT_TRUE(server.load().ok());
  auto token_for = [](const std::string& app, const std::string& tenant) {
    return "Bearer " + graphmock::testing::unsigned_jwt({{"appid", app}, {"tid", tenant}});
  };
  auto collect = [&](const std::string& app) {
    Request r = graph_request("POST", kCollect, kCollectBody);
    r.headers.emplace("Authorization", token_for(app, "tenant-1"));
    return server.handle(r);
  };
  // Intune writes at a hundredth: 2 per app per tenant per 20 s.
  EXPECT_EQ(collect("app-a").status, 200);
  EXPECT_EQ(collect("app-a").status, 200);
  Response refused = collect("app-a");
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.headers.find("Retry-After")->second, "20");
  EXPECT_EQ(refused.headers.find("x-ms-throttle-scope")->second,
            "Tenant_Application/Write/app-a/tenant-1");
  EXPECT_EQ(collect("app-b").status, 200);
  Json budgets = internals(server).state()["throttling"]["budgets"];
  bool seen = false;
  for (const auto& b : budgets)
    if (b["limit"] == "intune-devices/appTenant/write" && b["app"] == "app-a") {
      seen = true;
      EXPECT_EQ(b["used"], 3);
      EXPECT_EQ(b["budget"], 2);
    }
  EXPECT_TRUE(seen) << budgets.dump();
  // Reset empties the budgets.
  server.reset();
  EXPECT_EQ(collect("app-a").status, 200);
}

TEST(ThrottlingServerTest, TheThrottlingFlagBeatsTheScenario) {
  ServerOptions o = test_options();
  o.scenario = "graph-throttling";
  o.throttling = ThrottlingMode::kOff;
  Server off(o);
  ASSERT_TRUE(off.load().ok());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(off.handle(graph_request("POST", kCollect, kCollectBody)).status, 200) << i;
  EXPECT_EQ(internals(off).state()["throttling"]["enabled"], false);

  ServerOptions g = test_options();
  g.throttling = ThrottlingMode::kGraph;  // the documented numbers: 200 writes per 20 s
  Server graph(g);
  ASSERT_TRUE(graph.load().ok());
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(graph.handle(graph_request("POST", kCollect, kCollectBody)).status, 200) << i;
  Json budgets = internals(graph).state()["throttling"]["budgets"];
  ASSERT_FALSE(budgets.empty());
  EXPECT_EQ(budgets[0]["budget"], 200);
}

TEST(ThrottlingServerTest, AnInvalidLimitsSectionInAScenarioIsRefusedByTheSchema) {
  ServerOptions o = test_options();
  o.scenario =
      write_scenario("bad-limits", {{"name", "bad-limits"}, {"throttling", {{"scale", 0}}}});
  Server server(o);
  auto loaded = server.load();
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("/throttling/scale"), std::string::npos)
      << loaded.error().message;
}

}  // namespace
}  // namespace graphmock
