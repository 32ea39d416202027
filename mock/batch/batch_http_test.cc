// POST /beta/$batch through the whole pipeline: inner requests routed,
// faulted, authorised, validated and journalled like direct ones.
#include <gtest/gtest.h>

#include <map>

#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;
using graphmock::testing::test_options;
using Json = nlohmann::json;

constexpr const char* kRoom = "41142dae-02dd-459b-9365-63e26e8d2653";
constexpr const char* kOther = "b5e463a9-7520-4006-b699-237421670139";

Json get(const std::string& id, const std::string& url) {
  return {{"id", id}, {"method", "GET"}, {"url", url}};
}

// A vector, so that one request is still an array (a braced Json of one element is that element).
httplib::Result post_batch(httplib::Client& http, const std::vector<Json>& requests,
                           const httplib::Headers& headers = {}) {
  return http.Post("/beta/$batch", headers, Json{{"requests", Json(requests)}}.dump(),
                   "application/json");
}

// The responses of a 200 batch by id.
std::map<std::string, Json> by_id(const httplib::Result& r) {
  EXPECT_TRUE(r);
  if (!r) return {};
  EXPECT_EQ(r->status, 200) << r->body;
  std::map<std::string, Json> out;
  Json body = body_of(r);
  for (const auto& entry : body["responses"]) out[entry["id"]] = entry;
  return out;
}

std::vector<std::string> order_of(const httplib::Result& r) {
  std::vector<std::string> ids;
  Json body = body_of(r);
  for (const auto& entry : body["responses"]) ids.push_back(entry["id"]);
  return ids;
}

TEST(BatchHttpTest, MixedGetsAnswerEachIdWithStatusHeadersAndBody) {
  StartedServer mock;
  auto http = mock.client();
  auto r = by_id(
      post_batch(*http, {get("device", std::string("/teamwork/devices/") + kRoom),
                         get("health", std::string("teamwork/devices/") + kRoom + "/health"),
                         get("rooms",
                             "/teamwork/devices?$filter=deviceType%20eq%20"
                             "'teamsRoom'&$select=deviceType&$top=2"),
                         get("missing", "/teamwork/devices/nope"), get("root", "/teamwork")}));
  ASSERT_EQ(r.size(), 5u);
  EXPECT_EQ(r["device"]["status"], 200);
  EXPECT_EQ(r["device"]["body"]["id"], kRoom);
  EXPECT_EQ(r["device"]["headers"]["Content-Type"].get<std::string>().rfind("application/json", 0),
            0u);
  EXPECT_EQ(r["health"]["status"], 200);
  EXPECT_EQ(r["health"]["body"]["@odata.context"].get<std::string>().find("health"),
            r["health"]["body"]["@odata.context"].get<std::string>().size() - 14);
  EXPECT_EQ(r["rooms"]["status"], 200);
  EXPECT_LE(r["rooms"]["body"]["value"].size(), 2u);
  for (const auto& d : r["rooms"]["body"]["value"]) EXPECT_EQ(d["deviceType"], "teamsRoom");
  EXPECT_EQ(r["missing"]["status"], 404);
  EXPECT_EQ(r["missing"]["body"]["error"]["code"], "itemNotFound") << r["missing"];
  EXPECT_EQ(r["root"]["body"]["isTeamsEnabled"], true);
}

TEST(BatchHttpTest, ActionLocationIsAnInnerHeaderAndASecondActionIsAnInner409) {
  StartedServer mock;
  auto http = mock.client();
  std::string device = std::string("/teamwork/devices/") + kRoom;
  auto first = by_id(post_batch(
      *http, {{{"id", "diag"}, {"method", "POST"}, {"url", device + "/runDiagnostics"}}}));
  EXPECT_EQ(first["diag"]["status"], 202);
  std::string location = first["diag"]["headers"]["Location"];
  EXPECT_EQ(location.rfind(device + "/operations/", 0), 0u) << location;
  EXPECT_FALSE(first["diag"].contains("body"));

  auto second = by_id(post_batch(
      *http, {{{"id", "restart"}, {"method", "POST"}, {"url", device + "/restart"}},
              {{"id", "op"}, {"method", "GET"}, {"url", location}},
              {{"id", "update"},
               {"method", "POST"},
               {"url", std::string("/teamwork/devices/") + kOther + "/updateSoftware"},
               {"headers", {{"content-type", "application/json"}}},
               {"body", {{"softwareType", "teamsClient"}, {"softwareVersion", "1.0.96.22"}}}}}));
  EXPECT_EQ(second["restart"]["status"], 409);
  EXPECT_EQ(second["restart"]["body"]["error"]["code"], "Conflict");
  EXPECT_EQ(second["op"]["status"], 200);
  EXPECT_EQ(second["op"]["body"]["status"], "queued");
  EXPECT_EQ(second["update"]["status"], 202) << second["update"];
}

TEST(BatchHttpTest, InnerBodyIsValidatedLikeADirectOne) {
  StartedServer mock;
  auto http = mock.client();
  auto r = by_id(
      post_batch(*http, {{{"id", "bad"},
                          {"method", "POST"},
                          {"url", std::string("/teamwork/devices/") + kRoom + "/updateSoftware"},
                          {"headers", {{"Content-Type", "application/json"}}},
                          {"body", {{"softwareVersion", "1"}}}}}));
  EXPECT_EQ(r["bad"]["status"], 400);
  EXPECT_NE(r["bad"]["body"]["error"]["message"].get<std::string>().find("softwareType"),
            std::string::npos)
      << r["bad"];
}

TEST(BatchHttpTest, AnInnerRequestIsThrottledWhileTheBatchIs200) {
  StartedServer mock;
  ASSERT_TRUE(mock.server()
                  .add_fault({{"match", {{"method", "GET"}, {"path", "/beta/teamwork/devices/*"}}},
                              {"throttle",
                               {{"limit", 1}, {"windowSeconds", 60}, {"retryAfterSeconds", 7}}}})
                  .ok());
  auto http = mock.client();
  std::string d = "/teamwork/devices/";
  auto r = post_batch(*http, {get("1", d + kRoom), get("2", d + kOther), get("3", "/teamwork")});
  auto responses = by_id(r);
  std::vector<std::string> throttled;
  for (auto& [id, entry] : responses)
    if (entry["status"] == 429) {
      throttled.push_back(id);
      EXPECT_EQ(entry["headers"]["Retry-After"], "7");
      EXPECT_EQ(entry["body"]["error"]["code"], "TooManyRequests");
    }
  EXPECT_EQ(throttled.size(), 1u);  // the limit is one device read per window
  EXPECT_EQ(responses["3"]["status"], 200);
}

TEST(BatchHttpTest, AFaultRuleCanTargetTheBatchItself) {
  StartedServer mock;
  auto added =
      mock.server().add_fault({{"match", {{"method", "POST"}, {"path", "/beta/$batch"}}},
                               {"respond", {{"status", 429}, {"headers", {{"Retry-After", "3"}}}}},
                               {"times", 1}});
  ASSERT_TRUE(added.ok());
  auto http = mock.client();
  auto throttled = post_batch(*http, {get("1", "/teamwork")});
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_EQ(throttled->get_header_value("Retry-After"), "3");
  EXPECT_EQ(by_id(post_batch(*http, {get("1", "/teamwork")}))["1"]["status"], 200);

  ASSERT_TRUE(
      mock.server()
          .add_fault({{"match", {{"method", "POST"}, {"path", "/beta/$batch"}}}, {"drop", "reset"}})
          .ok());
  EXPECT_FALSE(post_batch(*http, {get("1", "/teamwork")}));  // the connection is reset
}

TEST(BatchHttpTest, ABrokenInnerDeliveryIsAnInner502) {
  StartedServer mock;
  ASSERT_TRUE(
      mock.server().add_fault({{"match", {{"path", "/beta/teamwork"}}}, {"drop", "reset"}}).ok());
  auto http = mock.client();
  auto r = by_id(post_batch(*http, {get("1", "/teamwork"), get("2", "/teamwork/devices?$top=1")}));
  EXPECT_EQ(r["1"]["status"], 502);
  EXPECT_EQ(r["1"]["body"]["error"]["code"], "BadGateway");
  EXPECT_EQ(r["2"]["status"], 200);
}

TEST(BatchHttpTest, DependsOnRunsInOrderAndAFailedDependencyIs424) {
  StartedServer mock;
  auto http = mock.client();
  std::string d = "/teamwork/devices/";
  auto chain = post_batch(
      *http, {{{"id", "c"},
               {"method", "GET"},
               {"url", "/teamwork"},
               {"dependsOn", {"B"}}},  // ids ignore case
              {{"id", "a"}, {"method", "GET"}, {"url", d + kRoom}},
              {{"id", "b"}, {"method", "GET"}, {"url", d + kOther}, {"dependsOn", {"a"}}}});
  EXPECT_EQ(order_of(chain), (std::vector<std::string>{"a", "b", "c"}));

  mock.server().clear_journal();
  auto r = by_id(post_batch(
      *http, {get("1", d + "nope"),
              {{"id", "2"}, {"method", "GET"}, {"url", d + kRoom}, {"dependsOn", {"1"}}},
              {{"id", "3"}, {"method", "GET"}, {"url", "/teamwork"}, {"dependsOn", {"2"}}}}));
  EXPECT_EQ(r["1"]["status"], 404);
  EXPECT_EQ(r["2"]["status"], 424);
  EXPECT_EQ(r["2"]["body"]["error"]["code"], "FailedDependency");
  EXPECT_EQ(r["2"]["body"]["error"]["message"], "Request '2' depends on '1', which answered 404.");
  EXPECT_EQ(r["3"]["status"], 424);  // a 424 is a failure too
  // A request that never ran is not journalled: only request 1 and the batch.
  EXPECT_EQ(mock.server().journal().size(), 2u);
}

TEST(BatchHttpTest, ResponseOrderIsASeededChoice) {
  std::vector<Json> requests;
  for (int i = 1; i <= 20; ++i) requests.push_back(get(std::to_string(i), "/teamwork"));
  auto order = [&](uint64_t seed) {
    ServerOptions o = test_options();
    o.seed = seed;
    StartedServer mock(o);
    auto http = mock.client();
    auto first = order_of(post_batch(*http, requests));
    EXPECT_EQ(order_of(post_batch(*http, requests)), first);  // stable within a run
    return first;
  };
  auto seed1 = order(1);
  EXPECT_EQ(order(1), seed1);  // and across runs
  EXPECT_NE(order(2), seed1);
  std::vector<std::string> input;
  for (int i = 1; i <= 20; ++i) input.push_back(std::to_string(i));
  EXPECT_NE(seed1, input);  // a client assuming input order is caught
}

TEST(BatchHttpTest, InnerExchangesAreJournalledAndLinkedToTheirBatch) {
  StartedServer mock;
  auto http = mock.client();
  auto r = post_batch(*http, {get("1", "/teamwork"), get("2", "/teamwork/devices/nope")},
                      {{"client-request-id", "outer-1"}});
  ASSERT_TRUE(r);
  std::string batch_id = r->get_header_value("request-id");
  auto entries = mock.server().journal();
  ASSERT_EQ(entries.size(), 3u);
  int inner = 0;
  for (const auto& e : entries) {
    if (e.path == "/beta/$batch") {
      EXPECT_EQ(e.request_id, batch_id);
      EXPECT_EQ(e.batch_request_id, "");
      EXPECT_TRUE(e.carries_requests);  // what the verdicts know a batch by
      continue;
    }
    ++inner;
    EXPECT_EQ(e.batch_request_id, batch_id) << e.path;
    EXPECT_NE(e.request_id, batch_id);
    EXPECT_FALSE(e.carries_requests) << e.path;
  }
  EXPECT_EQ(inner, 2);
  auto admin = body_of(http->Get("/_mock/requests?path=/beta/teamwork/devices/*"));
  EXPECT_EQ(admin["value"][0]["batchRequestId"], batch_id) << admin;
  EXPECT_EQ(admin["value"][0]["carriesRequests"], false) << admin;
  auto outer = body_of(http->Get("/_mock/requests?method=POST"));
  EXPECT_EQ(outer["value"][0]["carriesRequests"], true) << outer;
}

TEST(BatchHttpTest, TheOuterTokenAuthorisesInnerRequestsAndAnInner403StaysInside) {
  ServerOptions o = test_options();
  o.auth = AuthMode::kScopes;
  StartedServer mock(o);
  auto http = mock.client();
  EXPECT_EQ(post_batch(*http, {get("1", "/teamwork")})->status, 401);  // no token: the batch
  // A valid token without TeamworkDevice.Read.All: the batch runs, the read is refused inside.
  auto r = by_id(
      post_batch(*http, {get("1", "/teamwork/devices")},
                 {{"Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzY3AiOiJVc2VyLlJlYWQifQ.sig"}}));
  EXPECT_EQ(r["1"]["status"], 403);
  EXPECT_EQ(r["1"]["body"]["error"]["code"], "Authorization_RequestDenied");
}

// Every refusal of the batch as a whole: 400, BadRequest, the request and the reason.
TEST(BatchHttpTest, InvalidBatchesAre400NamingTheRequestAndTheProblem) {
  StartedServer mock;
  auto http = mock.client();
  std::vector<Json> many;
  for (int i = 0; i < 21; ++i) many.push_back(get(std::to_string(i), "/teamwork"));
  Json with_body = get("p", "/teamwork");
  with_body["method"] = "POST";
  with_body["body"] = Json::object();
  struct Case {
    const char* name;
    std::vector<Json> requests;
    std::string message;  // a part of the message
  };
  std::vector<Case> cases = {
      {"more than 20", many, "/requests"},
      {"missing id", {{{"method", "GET"}, {"url", "/teamwork"}}}, "/requests/0"},
      {"missing method", {{{"id", "1"}, {"url", "/teamwork"}}}, "/requests/0"},
      {"missing url", {{{"id", "1"}, {"method", "GET"}}}, "/requests/0"},
      {"duplicate id",
       {get("a", "/teamwork"), get("A", "/teamwork")},
       "Batch request 'A': the id is used twice (ids compare case-insensitively: 'a' came first)."},
      {"absolute url",
       {get("1", "https://graph.microsoft.com/beta/teamwork")},
       "Batch request '1': url 'https://graph.microsoft.com/beta/teamwork' is absolute"},
      {"body without Content-Type",
       {with_body},
       "Batch request 'p': it has a body but no Content-Type header"},
      {"unknown dependsOn",
       {{{"id", "1"}, {"method", "GET"}, {"url", "/teamwork"}, {"dependsOn", {"9"}}}},
       "Batch request '1': dependsOn names '9', which is not a request of this batch."},
      {"cycle",
       {get("0", "/teamwork"),
        {{"id", "1"}, {"method", "GET"}, {"url", "/teamwork"}, {"dependsOn", {"2"}}},
        {{"id", "2"}, {"method", "GET"}, {"url", "/teamwork"}, {"dependsOn", {"1"}}}},
       "Batch request '1': dependsOn forms a cycle (1 -> 2 -> 1)"},
      {"nested $batch",
       {{{"id", "n"}, {"method", "POST"}, {"url", "/$batch"}}},
       "Batch request 'n': url '/$batch' is a $batch; batches cannot be nested."},
      {"nested, escaped",
       {{{"id", "e"}, {"method", "POST"}, {"url", "%24batch"}}},
       "Batch request 'e': url '%24batch' is a $batch"},
  };
  for (const auto& c : cases) {
    auto r = post_batch(*http, c.requests);
    ASSERT_TRUE(r) << c.name;
    EXPECT_EQ(r->status, 400) << c.name << ": " << r->body;
    auto error = body_of(r)["error"];
    EXPECT_EQ(error["code"], "BadRequest") << c.name;
    EXPECT_NE(error["message"].get<std::string>().find(c.message), std::string::npos)
        << c.name << ": " << error["message"];
  }
  EXPECT_EQ(mock.server().journal().size(),
            cases.size());  // the batches only: no inner request ran
}

TEST(BatchHttpTest, AnInvalidBatchIsRefusedWhateverValidateSays) {
  ServerOptions o = test_options();
  o.validate = ValidateMode::kOff;
  StartedServer mock(o);
  auto http = mock.client();
  auto r = post_batch(*http, {{{"method", "GET"}, {"url", "/teamwork"}}});  // no id
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_NE(r->body.find("/requests/0"), std::string::npos) << r->body;
}

// POST /v1.0/$batch: inner urls are relative to v1.0 and answer in its shapes; a beta-only inner
// url gets v1.0's 400.
TEST(BatchHttpTest, V1BatchRunsInnerRequestsAgainstV1) {
  StartedServer mock;
  auto http = mock.client();
  auto r = http->Post(
      "/v1.0/$batch",
      Json{{"requests",
            {get("1", "/deviceManagement/managedDevices?$top=1"), get("2", "/teamwork/devices")}}}
          .dump(),
      "application/json");
  auto responses = by_id(r);
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses["1"]["status"], 200) << responses["1"];
  EXPECT_EQ(responses["1"]["body"]["@odata.context"],
            "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices");
  EXPECT_EQ(responses["2"]["status"], 400) << responses["2"];
}

}  // namespace
}  // namespace graphmock
