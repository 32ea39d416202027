// The engine in-process (Server::handle, no sockets): rule parsing, call
// ranges, budgets, response sequences, default error bodies and seeding.
#include "faults/fault_engine.h"

#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <thread>

#include "server/test_server.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
using testing::test_options;

constexpr const char* kDevices = "/beta/teamwork/devices";
constexpr const char* kRoom = "b5e463a9-7520-4006-b699-237421670139";

Request get(const std::string& path) {
  Request r;
  r.method = "GET";
  r.path = path;
  return r;
}

std::unique_ptr<Server> loaded(ServerOptions o = test_options()) {
  auto s = std::make_unique<Server>(std::move(o));
  auto loaded = s->load();
  EXPECT_TRUE(loaded.ok()) << loaded.error().message;
  return s;
}

std::vector<int> statuses(Server& s, const std::string& path, int n) {
  std::vector<int> out;
  for (int i = 0; i < n; ++i) out.push_back(s.handle(get(path)).status);
  return out;
}

// POST /_mock/faults and scenario files check a rule against schemas/faultRule.json, then
// the parser adds what a schema cannot compare. Each message names the pointer and the reason.
TEST(FaultRuleTest, ParseErrorsNameThePointer) {
  auto s = loaded();
  auto says = [&](const Json& rule, const std::string& pointer, const std::string& reason) {
    auto added = s->add_fault(rule);
    ASSERT_FALSE(added.ok()) << rule;
    const std::string& m = added.error().message;
    EXPECT_EQ(m.rfind("Invalid fault rule", 0), 0u) << m;
    EXPECT_NE(m.find(pointer + ": "), std::string::npos) << m;
    EXPECT_NE(m.find(reason), std::string::npos) << m;
  };
  says({{"respond", {{"status", 503}}}}, "/match", "missing required property 'match'");
  says({{"match", {{"path", "beta"}}}}, "/match/path", "pattern");
  says({{"match", {{"path", "/x"}}}, {"latency", {{"uniformMs", {900, 100}}}}},
       "/latency/uniformMs", "lo must be <= hi");
  says({{"match", {{"path", "/x"}}}, {"drop", "explode"}}, "/drop",
       "'explode' is not one of reset, empty, truncate, malformed, dribble");
  says({{"match", {{"path", "/x"}}}, {"probability", 1.5}}, "/probability", "maximum 1");
  says({{"match", {{"path", "/x"}}}, {"colour", "red"}}, "/colour", "unexpected property 'colour'");
  says({{"match", {{"path", "/x"}}}, {"calls", {{"from", 3}, {"to", 2}}}}, "/calls/to",
       "must be >= from");
  says({{"match", {{"path", "/x"}, {"method", "FETCH"}}}}, "/match/method",
       "'FETCH' is not one of GET, POST, PATCH, DELETE, PUT, *");
  says({{"match", {{"path", "/x"}}}, {"latency", {{"lognormal", {{"medianMs", 0}, {"sigma", 1}}}}}},
       "/latency/lognormal/medianMs", "0");
  says({{"match", {{"path", "/x"}}},
        {"respond", {{"status", 503}}},
        {"throttle", {{"limit", 1}, {"windowSeconds", 1}}}},
       "/", "");
  EXPECT_TRUE(s->add_fault({{"match", {{"path", "/beta/**"}, {"query", {{"$top", "5"}}}}},
                            {"drop", "reset"}})
                  .ok());
}

TEST(FaultEngineTest, CallsRangeAndTimesBudget) {
  auto s = loaded();
  ASSERT_TRUE(s->add_fault({{"match", {{"path", "/beta/teamwork/devices"}}},
                            {"respond", {{"status", 503}}},
                            {"calls", {{"from", 2}, {"to", 3}}}})
                  .ok());
  EXPECT_EQ(statuses(*s, kDevices, 5), (std::vector<int>{200, 503, 503, 200, 200}));
  s->clear_faults();
  ASSERT_TRUE(
      s->add_fault(
           {{"match", {{"path", "/beta/**"}}}, {"respond", {{"status", 500}}}, {"times", 2}})
          .ok());
  EXPECT_EQ(statuses(*s, kDevices, 4), (std::vector<int>{500, 500, 200, 200}));
}

TEST(FaultEngineTest, MatchesQueryHeadersAndBody) {
  auto s = loaded();
  ASSERT_TRUE(s->add_fault({{"match",
                             {{"method", "GET"},
                              {"path", "/beta/**"},
                              {"query", {{"$top", "*"}}},
                              {"headers", {{"x-test", "on"}}}}},
                            {"respond", {{"status", 418}}}})
                  .ok());
  Request r = get(kDevices);
  EXPECT_EQ(s->handle(r).status, 200);
  r.query = {{"$top", "2"}};
  r.raw_query = "$top=2";
  EXPECT_EQ(s->handle(r).status, 200);  // header missing
  r.headers.emplace("X-Test", "on");    // names are case-insensitive
  EXPECT_EQ(s->handle(r).status, 418);

  s->clear_faults();
  ASSERT_TRUE(
      s->add_fault(
           {{"match", {{"method", "POST"}, {"path", "/beta/**"}, {"bodyContains", "firmware"}}},
            {"respond", {{"status", 409}}}})
          .ok());
  Request post;
  post.method = "POST";
  post.path = std::string(kDevices) + "/" + kRoom + "/updateSoftware";
  post.headers.emplace("Content-Type", "application/json");
  post.body = R"({"softwareType":"firmware"})";
  EXPECT_EQ(s->handle(post).status, 409);
  post.body = R"({"softwareType":"teamsClient"})";
  EXPECT_EQ(s->handle(post).status, 202);
}

// `match` on its own thread; nullopt when it has not finished within `limit`
// (the thread is left to finish: the test fails instead of hanging).
std::optional<bool> bounded(std::function<bool()> match, std::chrono::seconds limit) {
  auto done = std::make_shared<std::promise<bool>>();
  auto result = done->get_future();
  std::thread([done, match = std::move(match)] { done->set_value(match()); }).detach();
  if (result.wait_for(limit) != std::future_status::ready) return std::nullopt;
  return result.get();
}

// A substring search that compares the whole needle at each candidate takes
// body x needle steps here (4 MiB x 512 KiB): a fault rule froze the requests it met.
TEST(FaultRuleTest, BodyContainsIsLinear) {
  RequestMatch m;
  m.body_contains = std::string(512 * 1024, 'a') + "b";
  Request r = get(kDevices);
  r.body = std::string(4 * 1024 * 1024, 'a');
  EXPECT_EQ(bounded([m, r] { return m.matches(r); }, std::chrono::seconds(20)), false);
  r.body += "b";
  EXPECT_EQ(bounded([m, r] { return m.matches(r); }, std::chrono::seconds(20)), true);
  m.body_contains = "aab";
  for (const auto& [body, found] : std::vector<std::pair<std::string, bool>>{
           {"xaab", true}, {"aaab", true}, {"abab", false}, {"aa", false}, {"", false}}) {
    r.body = body;
    EXPECT_EQ(m.matches(r), found) << body;
  }
}

TEST(FaultEngineTest, RespondWithoutBodyGetsTheGraphErrorOfItsStatus) {
  auto s = loaded();
  ASSERT_TRUE(
      s->add_fault(
           {{"match", {{"path", "/beta/**"}}}, {"respond", {{"status", 503}}}, {"times", 1}})
          .ok());
  ASSERT_TRUE(s->add_fault({{"match", {{"path", "/beta/**"}}},
                            {"respond", {{"status", 500}, {"headers", {{"x-ms-throttle", "no"}}}}},
                            {"times", 1}})
                  .ok());
  ASSERT_TRUE(s->add_fault({{"match", {{"path", "/beta/**"}}},
                            {"respond", {{"status", 200}, {"body", {{"value", Json::array()}}}}},
                            {"times", 1}})
                  .ok());
  Response r = s->handle(get(kDevices));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.header("Retry-After"), "1");
  Json body = Json::parse(r.body);
  EXPECT_EQ(body["error"]["code"], "serviceNotAvailable");
  EXPECT_EQ(body["error"]["innerError"]["request-id"], r.header("request-id"));
  r = s->handle(get(kDevices));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(Json::parse(r.body)["error"]["code"], "generalException");
  EXPECT_EQ(r.header("x-ms-throttle"), "no");
  r = s->handle(get(kDevices));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"value":[]})");
  EXPECT_EQ(s->handle(get(kDevices)).status, 200);  // every budget spent: the real handler
  ASSERT_EQ(s->journal().size(), 4u);
  EXPECT_EQ(s->journal()[0].fault, "fault-1");
  EXPECT_EQ(s->journal()[3].fault, "");
}

TEST(FaultEngineTest, ResponseSequenceGivesTheNthResponseToTheNthCall) {
  auto s = loaded();
  ASSERT_TRUE(s->load_scenario("throttled").ok());
  ASSERT_TRUE(s->add_fault({{"match", {{"path", "/x"}}}, {"respond", {{"status", 500}}}})
                  .ok());  // unrelated rule
  Request post;
  post.method = "POST";
  post.path = std::string(kDevices) + "/" + kRoom + "/runDiagnostics";
  Response first = s->handle(post);
  EXPECT_EQ(first.status, 503);
  EXPECT_EQ(first.header("Retry-After"), "2");
  Response second = s->handle(post);
  EXPECT_EQ(second.status, 429);
  EXPECT_EQ(second.header("Retry-After"), "1");
  EXPECT_EQ(Json::parse(second.body)["error"]["code"], "TooManyRequests");
  EXPECT_EQ(s->handle(post).status, 202);  // passthrough
  EXPECT_EQ(s->journal()[0].fault, "sequence /beta/teamwork/devices/*/runDiagnostics #1");
  s->reset();  // counters back: the sequence starts over
  EXPECT_EQ(s->handle(post).status, 503);
}

TEST(FaultEngineTest, UnknownIdsAndDuplicates) {
  auto s = loaded();
  EXPECT_EQ(*s->add_fault({{"id", "mine"}, {"match", {{"path", "/x"}}}}), "mine");
  auto duplicate = s->add_fault({{"id", "mine"}, {"match", {{"path", "/x"}}}});
  ASSERT_FALSE(duplicate.ok());
  EXPECT_NE(duplicate.error().message.find("exists"), std::string::npos);
  EXPECT_EQ(*s->add_fault({{"match", {{"path", "/x"}}}}), "fault-1");
  EXPECT_TRUE(s->remove_fault("mine"));
  EXPECT_FALSE(s->remove_fault("mine"));
}

// Acceptance 3: one seed, one status sequence; another seed, another sequence.
TEST(FaultEngineTest, SameSeedSameStatusesOverAThousandRequests) {
  const Json rule = {{"id", "coin"},
                     {"match", {{"path", "/beta/teamwork/**"}}},
                     {"respond", {{"status", 503}}},
                     {"probability", 0.3}};
  auto run = [&](uint64_t seed, bool extra_rule) {
    ServerOptions o = test_options();
    o.seed = seed;
    auto s = loaded(o);
    if (extra_rule) {  // another rule with its own stream, firing on other requests, shifts nothing
      EXPECT_TRUE(s->add_fault({{"id", "other"},
                                {"match", {{"path", "/beta/deviceManagement/**"}}},
                                {"respond", {{"status", 500}}},
                                {"probability", 0.5}})
                      .ok());
    }
    EXPECT_TRUE(s->add_fault(rule).ok());
    std::vector<int> out;
    for (int i = 0; i < 1000; ++i) {
      out.push_back(s->handle(get(kDevices)).status);
      if (extra_rule) s->handle(get("/beta/deviceManagement/managedDevices"));
    }
    return out;
  };
  auto a = run(1234, false);
  EXPECT_EQ(a, run(1234, false));
  EXPECT_EQ(a, run(1234, true));
  EXPECT_NE(a, run(1235, false));
  long failures = std::count(a.begin(), a.end(), 503);
  EXPECT_GT(failures, 230);
  EXPECT_LT(failures, 370);
}

TEST(LatencyTest, SamplesAreSeededAndShaped) {
  Latency uniform{Latency::Kind::kUniform, 100, 900};
  Latency lognormal{Latency::Kind::kLognormal, 200, 0.5};
  Random a = Random::stream(9, "rule"), b = Random::stream(9, "rule");
  std::vector<int64_t> samples;
  for (int i = 0; i < 1001; ++i) {
    Duration u = uniform.sample(a);
    EXPECT_EQ(u, uniform.sample(b));
    EXPECT_GE(u, std::chrono::milliseconds(100));
    EXPECT_LT(u, std::chrono::milliseconds(900));
    Duration l = lognormal.sample(a);
    EXPECT_EQ(l, lognormal.sample(b));
    samples.push_back(l.count());
  }
  std::nth_element(samples.begin(), samples.begin() + 500, samples.end());
  EXPECT_NEAR(samples[500] / 1000.0, 200, 20);  // the median is medianMs
  Random c(1);
  EXPECT_EQ((Latency{Latency::Kind::kFixed, 1500, 0}.sample(c)), std::chrono::milliseconds(1500));
}

}  // namespace
}  // namespace graphmock
