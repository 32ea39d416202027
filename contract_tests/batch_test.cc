// JSON batching (POST /beta/$batch): a 200 whose responses carry each inner
// request's own status, headers and body, matched by id in any order.
#include <strings.h>

#include <map>

#include "contract.h"

namespace graphmock::contract {
namespace {

Json request(const std::string& id, const std::string& method, const std::string& url) {
  return {{"id", id}, {"method", method}, {"url", url}};
}

// Posts a batch, checks the 200 and the response schema; the responses by id.
std::map<std::string, Json> batch(const Json& requests, Call* call = nullptr) {
  Call c = target().post_json("/beta/$batch", {{"requests", requests}});
  if (call) *call = c;
  EXPECT_TRUE(has_status(c, 200));
  expect_graph_headers(c);
  expect_schema(c, "batchResponse", c.json());
  std::map<std::string, Json> out;
  Json body = c.json();
  if (body.is_object())
    for (const auto& r : body["responses"]) out[r.value("id", "")] = r;
  EXPECT_EQ(out.size(), requests.size()) << c.what() << ": one response per request id";
  return out;
}

// A case-insensitive look-up in an inner response's headers.
std::string header(const Json& response, const std::string& name) {
  Json headers = response.value("headers", Json::object());
  for (const auto& [key, value] : headers.items())
    if (strcasecmp(key.c_str(), name.c_str()) == 0 && value.is_string()) return value;
  return {};
}

TEST(BatchContract, MixedGetsAnswerEveryIdWithItsOwnStatus) {
  Call list = target().get("/beta/teamwork/devices?$top=3");
  ASSERT_TRUE(has_status(list, 200));
  Json requests = Json::array();
  std::vector<std::string> ids;
  Json devices = list.json();
  for (const auto& d : devices["value"]) ids.push_back(d["id"]);
  ASSERT_FALSE(ids.empty());
  for (size_t i = 0; i < ids.size(); ++i)
    requests.push_back(request("device" + std::to_string(i), "GET", "/teamwork/devices/" + ids[i]));
  requests.push_back(request("health", "GET", "/teamwork/devices/" + ids[0] + "/health"));
  requests.push_back(request("list", "GET", "teamwork/devices?$top=2&$select=id,deviceType"));
  requests.push_back(request("missing", "GET", "/teamwork/devices/no-such-device"));
  Call c;
  auto r = batch(requests, &c);
  for (size_t i = 0; i < ids.size(); ++i) {
    const Json& d = r["device" + std::to_string(i)];
    EXPECT_EQ(d.value("status", 0), 200) << c.what() << ": " << d;
    expect_schema(c, "teamworkDevice", d["body"],
                  "/responses[device" + std::to_string(i) + "]/body");
    EXPECT_EQ(d["body"].value("id", ""), ids[i]) << c.what();
  }
  EXPECT_EQ(r["health"].value("status", 0), 200) << c.what() << ": " << r["health"];
  expect_schema(c, "teamworkDeviceHealth", r["health"]["body"], "/responses[health]/body");
  EXPECT_EQ(r["list"].value("status", 0), 200) << c.what() << ": " << r["list"];
  EXPECT_LE(r["list"]["body"]["value"].size(), 2u) << c.what() << ": $top inside a batch";
  EXPECT_EQ(r["missing"].value("status", 0), 404) << c.what() << ": " << r["missing"];
  EXPECT_TRUE(r["missing"]["body"]["error"].is_object()) << c.what() << ": an inner Graph error";
}

TEST(BatchContract, ActionLocationIsInTheInnerHeadersAndASecondActionIs409) {
  std::string device = idle_device();
  if (device.empty()) GTEST_SKIP() << "no idle device left on " << target().options().base_url;
  std::string path = "/teamwork/devices/" + device;
  Json restart = request("restart", "POST", path + "/restart");
  restart["dependsOn"] = {"diag"};  // runs after diagnostics were accepted, so conflicts
  Call c;
  auto r = batch({request("diag", "POST", path + "/runDiagnostics"), restart}, &c);
  EXPECT_EQ(r["diag"].value("status", 0), 202) << c.what() << ": " << r["diag"];
  std::string location = header(r["diag"], "Location");
  EXPECT_NE(location.find("/operations/"), std::string::npos)
      << c.what() << ": the 202's Location belongs in the inner headers: " << r["diag"];
  EXPECT_EQ(r["restart"].value("status", 0), 409) << c.what() << ": " << r["restart"];
  EXPECT_EQ(r["restart"]["body"]["error"].value("code", ""), "Conflict") << c.what();
  if (!location.empty()) {
    EXPECT_TRUE(has_status(target().get(location_path(location)), 200));
  }
}

TEST(BatchContract, AFailedDependencyIs424) {
  Json second = request("2", "GET", "/teamwork/devices");
  second["dependsOn"] = {"1"};
  Call c;
  auto r = batch({request("1", "GET", "/teamwork/devices/no-such-device"), second}, &c);
  EXPECT_EQ(r["1"].value("status", 0), 404) << c.what();
  EXPECT_EQ(r["2"].value("status", 0), 424) << c.what() << ": " << r["2"];
}

TEST(BatchContract, AThrottledInnerRequestIs429WithRetryAfterInA200Batch) {
  if (!target().admin().available) GTEST_SKIP() << needs_admin();
  // Matches only inner requests carrying the tag, so the rest of the suite is untouched.
  Call added = target().send(
      "POST", "/_mock/faults",
      Json{{"match",
            {{"method", "GET"},
             {"path", "/beta/teamwork/devices"},
             {"headers", {{"x-contract-test", "batch-throttle"}}}}},
           {"throttle", {{"limit", 1}, {"windowSeconds", 60}, {"retryAfterSeconds", 5}}}}
          .dump());
  ASSERT_TRUE(has_status(added, 201));
  Json requests = Json::array();
  for (const char* id : {"a", "b"}) {
    Json inner = request(id, "GET", "/teamwork/devices?$top=1");
    inner["headers"] = {{"x-contract-test", "batch-throttle"}};
    requests.push_back(inner);
  }
  Call c;
  auto r = batch(requests, &c);
  target().send("DELETE", "/_mock/faults/" + added.json().value("id", ""));
  int throttled = 0;
  for (auto& [id, response] : r)
    if (response.value("status", 0) == 429) {
      ++throttled;
      EXPECT_EQ(header(response, "Retry-After"), "5") << c.what() << ": " << response;
    }
  EXPECT_EQ(throttled, 1) << c.what() << ": a limit of one read per window";
}

}  // namespace
}  // namespace graphmock::contract
