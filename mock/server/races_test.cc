// Races over real sockets: writers on one object, admin reset and scenario
// loads under traffic. Nothing may crash, and every response must be whole:
// a success body valid against its route's schema, an error a Graph error.
// Run under ThreadSanitizer by `scripts/test --sanitize thread`.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "server/server_impl.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::StartedServer;
using Json = nlohmann::json;

constexpr const char* kDevice = "b5e463a9-7520-4006-b699-237421670139";
constexpr const char* kManagedDevice = "ee5a84db-d4f9-488f-9a5c-5b444f7634db";

// Checks one answer the way a strict client would; returns the parsed body.
Json expect_whole(Server& server, const std::string& method, const std::string& path,
                  const httplib::Result& r) {
  EXPECT_TRUE(r) << method << " " << path << ": no response";
  if (!r) return nullptr;
  EXPECT_FALSE(r->get_header_value("request-id").empty()) << method << " " << path;
  if (r->body.empty()) {
    EXPECT_TRUE(r->status == 202 || r->status == 204) << method << " " << path << " " << r->status;
    return nullptr;
  }
  Json body = Json::parse(r->body, nullptr, false);
  EXPECT_FALSE(body.is_discarded()) << method << " " << path << ": torn body " << r->body;
  if (body.is_discarded()) return nullptr;
  const auto& schemas = *internals(server).schemas();
  if (r->status >= 400) {
    auto v = schemas.check("graphError", body, false);
    EXPECT_TRUE(v.empty()) << method << " " << path << ": " << describe(v) << "\n" << r->body;
    return body;
  }
  std::string route_path = path.substr(0, path.find('?'));
  auto match = internals(server).pipeline().graph_routes().match(method, route_path);
  if (match.info && !match.info->response_schema.empty()) {
    auto v = check_response_body(schemas, *match.info, body, false);
    EXPECT_TRUE(v.empty()) << method << " " << path << ": " << describe(v) << "\n" << r->body;
  }
  return body;
}

// Runs `work(thread index, client)` on `threads` threads, all released together.
template <class Work>
void in_parallel(const StartedServer& mock, int threads, Work work) {
  std::atomic<bool> go{false};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      auto client = mock.client();
      while (!go) std::this_thread::yield();
      work(t, *client);
    });
  go = true;
  for (auto& th : pool) th.join();
}

TEST(RaceTest, ConcurrentPatchAndDeleteOfOneLogRequest) {
  StartedServer mock;
  const std::string collection = std::string("/beta/deviceManagement/managedDevices/") +
                                 kManagedDevice + "/logCollectionRequests";
  auto created = mock.client()->Post(std::string("/beta/deviceManagement/managedDevices/") +
                                         kManagedDevice + "/createDeviceLogCollectionRequest",
                                     R"({"templateType": {"templateType": "predefined"}})",
                                     "application/json");
  ASSERT_TRUE(created && created->status == 200) << (created ? created->body : "no response");
  const std::string item = collection + "/" + Json::parse(created->body)["id"].get<std::string>();
  std::atomic<int> deleted{0};
  in_parallel(mock, 8, [&](int t, httplib::Client& c) {
    for (int i = 0; i < 20; ++i) {
      if (t == 0 && i == 10) {
        auto r = c.Delete(item);
        Json body = expect_whole(mock.server(), "DELETE", item, r);
        if (r && r->status == 204) ++deleted;
        continue;
      }
      std::string patch =
          t % 2 ? R"({"status": "completed", "sizeInKB": 12.5})" : R"({"errorCode": 7})";
      auto r = c.Patch(item, patch, "application/json");
      Json body = expect_whole(mock.server(), "PATCH", item, r);
      if (r && r->status == 200) {
        EXPECT_EQ(body["id"], Json::parse(created->body)["id"]);
      }
      int status = r ? r->status : 0;
      EXPECT_TRUE(status == 200 || status == 404) << status;
      auto got = c.Get(item);
      expect_whole(mock.server(), "GET", item, got);
    }
  });
  EXPECT_EQ(deleted, 1);
  auto gone = mock.client()->Get(item);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}

TEST(RaceTest, AdminResetDuringTraffic) {
  StartedServer mock;
  std::atomic<bool> done{false};
  std::thread resetter([&] {
    auto c = mock.client();
    while (!done) {
      auto r = c->Post("/_mock/reset");
      EXPECT_TRUE(r && r->status == 200);
      ASSERT_TRUE(mock.server()
                      .advance(std::chrono::seconds(30))
                      .ok());  // operations move on between resets
    }
  });
  const std::string device = std::string("/beta/teamwork/devices/") + kDevice;
  in_parallel(mock, 6, [&](int t, httplib::Client& c) {
    for (int i = 0; i < 25; ++i) {
      switch ((t + i) % 5) {
        case 0:
          expect_whole(mock.server(), "GET", "/beta/teamwork/devices?$top=5",
                       c.Get("/beta/teamwork/devices?$top=5"));
          break;
        case 1: {
          auto r = c.Post(device + "/runDiagnostics");
          expect_whole(mock.server(), "POST", device + "/runDiagnostics", r);
          int status = r ? r->status : 0;
          EXPECT_TRUE(status == 202 || status == 409) << status;
          break;
        }
        case 2:
          expect_whole(mock.server(), "GET", device + "/operations", c.Get(device + "/operations"));
          break;
        case 3: {
          std::string logs = std::string("/beta/deviceManagement/managedDevices/") +
                             kManagedDevice + "/logCollectionRequests";
          expect_whole(mock.server(), "GET", logs, c.Get(logs));
          break;
        }
        default: {
          auto r = c.Get("/_mock/state");
          EXPECT_TRUE(r && r->status == 200 &&
                      !Json::parse(r->body, nullptr, false).is_discarded());
        }
      }
    }
  });
  done = true;
  resetter.join();
}

TEST(RaceTest, ScenarioLoadDuringTraffic) {
  StartedServer mock;
  std::atomic<bool> done{false};
  std::thread loader([&] {
    auto c = mock.client();
    const char* names[] = {"happy-path", "slow-devices", "diagnostics-fail",
                           "throttled"};  // none drops connections
    for (int i = 0; !done; ++i) {
      std::string name = names[i % 4];
      auto r = c->Post("/_mock/scenarios/" + name);
      EXPECT_TRUE(r && r->status == 200) << name << ": " << (r ? r->body : "no response");
    }
  });
  const std::string device = std::string("/beta/teamwork/devices/") + kDevice;
  in_parallel(mock, 6, [&](int t, httplib::Client& c) {
    for (int i = 0; i < 25; ++i) {
      std::string path = (t + i) % 3 == 0   ? "/beta/teamwork/devices"
                         : (t + i) % 3 == 1 ? device + "/operations"
                                            : device;
      auto r = c.Get(path);
      Json body = expect_whole(mock.server(), "GET", path, r);
      // The scenarios' faults may answer 429 or 503; none breaks a delivery.
      int status = r ? r->status : 0;
      EXPECT_TRUE(status == 200 || status == 429 || status == 503) << path << " " << status;
      if ((t + i) % 7 == 0) {
        auto post = c.Post(device + "/restart");
        expect_whole(mock.server(), "POST", device + "/restart", post);
      }
    }
  });
  done = true;
  loader.join();
}

}  // namespace
}  // namespace graphmock
