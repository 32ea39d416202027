// Every verdict rule, broken and kept by a scripted client: requests sent through the whole
// pipeline in-process (Server::handle), time moved by the virtual clock, verdicts evaluated
// over the journal the mock kept.
#include "graphmock/verdicts.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/query_string.h"
#include "core/time_format.h"
#include "graphmock/testing/graphmock_fixture.h"
#include "journal/journal.h"
#include "server/test_server.h"
#include "verdicts/verdict_report.h"

namespace graphmock {
namespace {

constexpr const char* kRoom = "41142dae-02dd-459b-9365-63e26e8d2653";  // a Teams Room

class VerdictsTest : public ::testing::Test {
 protected:
  void SetUp() override { start(testing::test_options()); }

  void start(ServerOptions options) {
    server_ = std::make_unique<Server>(std::move(options));
    auto loaded = server_->load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  }

  // A well-behaved client's request: client-request-id set, Authorization when given.
  Response send(const std::string& method, const std::string& target, const std::string& body = "",
                Headers headers = {}) {
    Request r;
    r.method = method;
    auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.raw_query = target.substr(q + 1);
    r.query = parse_query_string(r.raw_query);
    r.body = body;
    r.base_url = "http://127.0.0.1:8080";
    if (!body.empty()) headers.emplace("Content-Type", "application/json");
    if (!headers.contains("client-request-id"))
      headers.emplace("client-request-id", "c-" + std::to_string(++sent_));
    r.headers = std::move(headers);
    return server_->handle(std::move(r));
  }
  Response get(const std::string& target) { return send("GET", target); }

  void advance(double seconds) {
    auto moved = server_->advance(Duration(static_cast<int64_t>(seconds * 1e6)));
    ASSERT_TRUE(moved.ok()) << moved.error().message;
  }

  void fault(const nlohmann::json& rule) {
    auto id = server_->add_fault(rule);
    ASSERT_TRUE(id.ok()) << id.error().message;
  }

  // The ids of the verdicts over the journal, one per verdict, in report order.
  std::vector<std::string> rules(const VerdictSettings& settings = {}) {
    std::vector<std::string> ids;
    auto entries = server_->journal();
    for (const auto& v : evaluate_verdicts(entries, settings)) {
      ids.push_back(v.rule);
      EXPECT_FALSE(v.seqs.empty()) << v.rule;
      EXPECT_FALSE(describe(v, entries).empty());
    }
    return ids;
  }
  size_t count(const std::string& rule, const VerdictSettings& settings = {}) {
    auto ids = rules(settings);
    return static_cast<size_t>(std::count(ids.begin(), ids.end(), rule));
  }
  std::vector<Verdict> of(const std::string& rule) {
    std::vector<Verdict> out;
    for (auto& v : evaluate_verdicts(server_->journal()))
      if (v.rule == rule) out.push_back(std::move(v));
    return out;
  }

  std::string device(const std::string& rest = "") {
    return std::string("/beta/teamwork/devices/") + kRoom + rest;
  }
  // "/beta/teamwork/devices/.../operations/..." of a 202's Location.
  static std::string polled(const Response& accepted) {
    return "/beta" + accepted.header("Location");
  }

  std::unique_ptr<Server> server_;
  int sent_ = 0;
};

// --- retry-before-retry-after ---------------------------------------------------------

TEST_F(VerdictsTest, RetryBeforeRetryAfterIsAViolation) {
  fault({{"match", {{"method", "GET"}, {"path", "/beta/teamwork/devices"}}},
         {"respond", {{"status", 429}, {"headers", {{"Retry-After", "7"}}}}},
         {"times", 1}});
  EXPECT_EQ(get("/beta/teamwork/devices").status, 429);
  advance(3);
  EXPECT_EQ(get("/beta/teamwork/devices").status, 200);
  auto found = of("retry-before-retry-after");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kViolation);
  EXPECT_EQ(found[0].seqs, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(found[0].detail,
            "GET /beta/teamwork/devices retried 3 s after a 429 with Retry-After 7 s");
}

TEST_F(VerdictsTest, RetryAfterTheRetryAfterIsClean) {
  fault({{"match", {{"method", "POST"}, {"path", "/beta/teamwork/devices/*/restart"}}},
         {"respond", {{"status", 503}, {"headers", {{"Retry-After", "2"}}}}},
         {"times", 1}});
  EXPECT_EQ(send("POST", device("/restart")).status, 503);
  advance(2);
  EXPECT_EQ(send("POST", device("/restart")).status, 202);
  EXPECT_EQ(rules(), std::vector<std::string>{});
}

// --- retry-without-backoff ------------------------------------------------------------

TEST_F(VerdictsTest, RetryWithoutBackoffIsAViolation) {
  fault({{"match", {{"method", "GET"}, {"path", "/beta/teamwork/devices"}}},
         {"respond", {{"status", 503}, {"headers", {{"Retry-After", ""}}}}},
         {"times", 4}});
  // At once, then every 2 s: first too soon, then waits that do not grow.
  EXPECT_EQ(get("/beta/teamwork/devices").status, 503);
  EXPECT_EQ(get("/beta/teamwork/devices").status, 503);
  advance(2);
  EXPECT_EQ(get("/beta/teamwork/devices").status, 503);
  advance(2);
  EXPECT_EQ(get("/beta/teamwork/devices").status, 503);
  auto journal = server_->journal();
  EXPECT_EQ(journal.front().status, 503);
  for (const auto& [k, v] : journal.front().response_headers) EXPECT_NE(k, "Retry-After");
  auto found = of("retry-without-backoff");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].seqs, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(found[1].seqs, (std::vector<uint64_t>{3, 4}));
  EXPECT_NE(found[1].detail.find("do not grow"), std::string::npos) << found[1].detail;
}

TEST_F(VerdictsTest, ExponentialBackoffIsClean) {
  fault({{"match", {{"method", "GET"}, {"path", "/beta/teamwork/devices"}}},
         {"respond", {{"status", 503}, {"headers", {{"Retry-After", ""}}}}},
         {"times", 3}});
  EXPECT_EQ(get("/beta/teamwork/devices").status, 503);
  for (double wait : {1.0, 2.0, 4.0}) {
    advance(wait);
    get("/beta/teamwork/devices");
  }
  EXPECT_EQ(rules(), std::vector<std::string>{});
  // A stricter setting turns the first wait (1 s) into a violation.
  VerdictSettings strict;
  ASSERT_TRUE(set_verdict_setting(strict, "minBackoffSeconds", "1.5").ok());
  EXPECT_EQ(count("retry-without-backoff", strict), 1u);
}

// --- poll-too-fast / poll-after-terminal ----------------------------------------------

TEST_F(VerdictsTest, PollingInATightLoopAndAfterTheEndAreViolations) {
  Response accepted = send("POST", device("/runDiagnostics"));
  ASSERT_EQ(accepted.status, 202);
  std::string op = polled(accepted);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(get(op).status, 200);  // no wait: 2 too fast
  advance(120);                    // diagnostics: 10 s queued + 50 s in progress
  EXPECT_EQ(get(op).status, 200);  // successful
  get(op);                         // again: it will not change
  get(op);
  EXPECT_EQ(rules(), (std::vector<std::string>{"poll-too-fast", "poll-after-terminal"}));
  auto fast = of("poll-too-fast");
  EXPECT_EQ(fast[0].seqs, (std::vector<uint64_t>{1, 3, 4}));
  EXPECT_EQ(of("poll-after-terminal")[0].seqs, (std::vector<uint64_t>{5, 6, 7}));
}

TEST_F(VerdictsTest, PollingAtTheIntervalUntilTheEndIsClean) {
  Response accepted = send("POST", device("/runDiagnostics"));
  std::string op = polled(accepted);
  std::string status;
  for (int i = 0; i < 20 && status != "successful"; ++i) {
    Response r = get(op);
    status = nlohmann::json::parse(r.body)["status"];
    if (status != "successful") advance(10);
  }
  EXPECT_EQ(status, "successful");
  EXPECT_EQ(rules(), std::vector<std::string>{});
  // With a 15 s interval the same loop polls too fast.
  VerdictSettings slow;
  ASSERT_TRUE(set_verdict_setting(slow, "pollIntervalSeconds", "15").ok());
  EXPECT_EQ(count("poll-too-fast", slow), 1u);
}

// --- unknown-skiptoken / first-page-again ---------------------------------------------

TEST_F(VerdictsTest, AHandMadeSkipTokenAndTheFirstPageAgainAreViolations) {
  Response first = get("/beta/teamwork/devices?$top=5");
  ASSERT_TRUE(nlohmann::json::parse(first.body).contains("@odata.nextLink"));
  get("/beta/teamwork/devices?$top=5");  // the first page again, nextLink not followed
  EXPECT_EQ(get("/beta/teamwork/devices?$top=5&$skiptoken=gm1.a").status, 200);  // made up
  EXPECT_EQ(rules(), (std::vector<std::string>{"unknown-skiptoken", "first-page-again"}));
  EXPECT_EQ(of("first-page-again")[0].seqs, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(of("unknown-skiptoken")[0].seqs, (std::vector<uint64_t>{3}));
}

TEST_F(VerdictsTest, FollowingNextLinkToTheEndIsClean) {
  std::string target = "/beta/teamwork/devices?$top=5";
  int pages = 0;
  for (; pages < 10; ++pages) {
    auto page = nlohmann::json::parse(get(target).body);
    if (!page.contains("@odata.nextLink")) break;
    target = page["@odata.nextLink"].get<std::string>().substr(strlen("http://127.0.0.1:8080"));
  }
  EXPECT_EQ(pages, 3);                   // 17 devices: 5 + 5 + 5 + 2
  get("/beta/teamwork/devices?$top=5");  // listing again after reading it all is fine
  EXPECT_EQ(rules(), std::vector<std::string>{});
}

// --- batch-over-limit / batch-retry-outside-batch -------------------------------------

nlohmann::json batch_of(size_t n) {
  nlohmann::json requests = nlohmann::json::array();
  for (size_t i = 0; i < n; ++i)
    requests.push_back({{"id", std::to_string(i + 1)},
                        {"method", "GET"},
                        {"url", std::string("/teamwork/devices/") + kRoom}});
  return {{"requests", requests}};
}

TEST_F(VerdictsTest, ABatchOfMoreThan20IsAViolation) {
  send("POST", "/beta/$batch", batch_of(21).dump());
  EXPECT_EQ(rules(), std::vector<std::string>{"batch-over-limit"});
  EXPECT_EQ(of("batch-over-limit")[0].detail,
            "POST /beta/$batch carried 21 requests (maxBatchRequests 20)");
}

TEST_F(VerdictsTest, HostileBodiesAreJudgedWithoutCrashing) {
  // Refused by the pipeline, kept in the journal as sent: the rules read them as text.
  std::string deep(100000, '[');
  EXPECT_EQ(send("POST", "/beta/$batch", deep).status, 400);
  EXPECT_EQ(send("POST", "/beta/$batch", "{\"requests\": 7}").status, 400);
  EXPECT_EQ(rules(), std::vector<std::string>{});
}

TEST_F(VerdictsTest, ABatchOf20IsClean) {
  EXPECT_EQ(send("POST", "/beta/$batch", batch_of(20).dump()).status, 200);
  EXPECT_EQ(rules(), std::vector<std::string>{});
}

TEST_F(VerdictsTest, AnInner429RetriedOutsideTheBatchAtOnceIsAViolation) {
  fault({{"match", {{"method", "GET"}, {"path", "/beta/teamwork/devices/*"}}},
         {"throttle", {{"limit", 1}, {"windowSeconds", 10}, {"retryAfterSeconds", 10}}}});
  EXPECT_EQ(send("POST", "/beta/$batch", batch_of(2).dump()).status, 200);
  EXPECT_EQ(get(device()).status, 429);  // straight away, outside a batch
  EXPECT_EQ(rules(), std::vector<std::string>{"batch-retry-outside-batch"});
  auto found = of("batch-retry-outside-batch");
  auto journal = server_->journal();
  ASSERT_EQ(found[0].seqs.size(), 2u);
  auto inner = std::find_if(journal.begin(), journal.end(),
                            [&](const auto& e) { return e.seq == found[0].seqs[0]; });
  EXPECT_EQ(inner->status, 429);
  EXPECT_FALSE(inner->batch_request_id.empty());
}

TEST_F(VerdictsTest, AnInner429RetriedAfterRetryAfterIsClean) {
  fault({{"match", {{"method", "GET"}, {"path", "/beta/teamwork/devices/*"}}},
         {"throttle", {{"limit", 1}, {"windowSeconds", 10}, {"retryAfterSeconds", 10}}}});
  send("POST", "/beta/$batch", batch_of(2).dump());
  advance(10);
  EXPECT_EQ(get(device()).status, 200);
  EXPECT_EQ(rules(), std::vector<std::string>{});
}

// --- repeat-after-409 -----------------------------------------------------------------

TEST_F(VerdictsTest, RepeatingAnActionWhileTheFirstIsPendingIsAViolation) {
  EXPECT_EQ(send("POST", device("/restart")).status, 202);
  EXPECT_EQ(send("POST", device("/restart")).status, 409);
  advance(1);
  EXPECT_EQ(send("POST", device("/restart")).status, 409);
  EXPECT_EQ(rules(), std::vector<std::string>{"repeat-after-409"});
  EXPECT_EQ(of("repeat-after-409")[0].seqs, (std::vector<uint64_t>{2, 3}));
}

TEST_F(VerdictsTest, WaitingForThePendingOperationBeforeRepeatingIsClean) {
  Response accepted = send("POST", device("/restart"));
  EXPECT_EQ(send("POST", device("/restart")).status, 409);
  std::string status;
  for (int i = 0; i < 30 && status != "successful"; ++i) {
    advance(10);
    status = nlohmann::json::parse(get(polled(accepted)).body)["status"];
  }
  EXPECT_EQ(status, "successful");
  EXPECT_EQ(send("POST", device("/restart")).status, 202);
  EXPECT_EQ(rules(), std::vector<std::string>{});
}

// --- advice ---------------------------------------------------------------------------

TEST_F(VerdictsTest, NoClientRequestIdIsAdvice) {
  get("/beta/teamwork/devices?$select=id");
  send("GET", "/beta/teamwork/devices?$select=id", "", {{"client-request-id", ""}});
  Request bare;
  bare.method = "GET";
  bare.path = device();
  server_->handle(bare);
  auto found = of("no-client-request-id");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kAdvice);
  EXPECT_EQ(found[0].seqs, (std::vector<uint64_t>{3}));
}

TEST_F(VerdictsTest, ALargeListWithoutSelectOrTopIsAdvice) {
  VerdictSettings small;
  ASSERT_TRUE(set_verdict_setting(small, "largeListItems", "10").ok());
  get("/beta/teamwork/devices");  // 17 devices
  EXPECT_EQ(count("list-without-select-or-top", small), 1u);
  EXPECT_EQ(count("list-without-select-or-top"), 0u) << "17 is not large by default";
}

TEST_F(VerdictsTest, ALargeListWithSelectOrTopIsClean) {
  VerdictSettings small;
  ASSERT_TRUE(set_verdict_setting(small, "largeListItems", "10").ok());
  get("/beta/teamwork/devices?$select=id,deviceType");
  get("/beta/teamwork/devices?$top=10");
  EXPECT_EQ(rules(small), std::vector<std::string>{});
}

TEST_F(VerdictsTest, A401RepeatedWithTheSameCredentialsIsAdvice) {
  ServerOptions o = testing::test_options();
  o.auth = AuthMode::kBearer;
  start(o);
  EXPECT_EQ(get("/beta/teamwork/devices?$select=id").status, 401);
  EXPECT_EQ(get("/beta/teamwork/devices?$select=id").status, 401);
  auto found = of("auth-error-repeated");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kAdvice);
}

TEST_F(VerdictsTest, A401RetriedWithATokenIsClean) {
  ServerOptions o = testing::test_options();
  o.auth = AuthMode::kBearer;
  start(o);
  EXPECT_EQ(get("/beta/teamwork/devices?$select=id").status, 401);
  EXPECT_EQ(
      send("GET", "/beta/teamwork/devices?$select=id", "", {{"Authorization", "Bearer a-token"}})
          .status,
      200);
  EXPECT_EQ(rules(), std::vector<std::string>{});
}

// --- settings, filters, report --------------------------------------------------------

TEST_F(VerdictsTest, AnIgnoredRuleIsNotEvaluated) {
  Response accepted = send("POST", device("/runDiagnostics"));
  get(polled(accepted));
  get(polled(accepted));
  VerdictSettings s;
  EXPECT_EQ(count("poll-too-fast", s), 1u);
  ASSERT_TRUE(set_verdict_setting(s, "ignore", "poll-too-fast").ok());
  EXPECT_EQ(count("poll-too-fast", s), 0u);
  auto bad = set_verdict_setting(s, "ignore", "poll-too-slow");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("no rule 'poll-too-slow' (rules: retry-before-retry-after"),
            std::string::npos)
      << bad.error().message;
  auto unknown = set_verdict_setting(s, "pollSeconds", "3");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().status, 400);
  EXPECT_FALSE(set_verdict_setting(s, "pollIntervalSeconds", "-1").ok());
  EXPECT_FALSE(set_verdict_setting(s, "largeListItems", "many").ok());
}

TEST_F(VerdictsTest, QueryFiltersByTimeAndTestName) {
  Response accepted =
      send("POST", device("/runDiagnostics"), "", {{std::string(kTestNameHeader), "test-a"}});
  send("GET", polled(accepted), "", {{std::string(kTestNameHeader), "test-a"}});
  send("GET", polled(accepted), "", {{std::string(kTestNameHeader), "test-a"}});
  advance(100);
  get("/beta/teamwork/devices?$select=id");
  auto query = verdict_query({{"test", "test-a"}});
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(select_entries(server_->journal(), *query).size(), 3u);
  auto since = verdict_query({{"since", format_iso8601(server_->clock().now())}});
  ASSERT_TRUE(since.ok());
  auto after = select_entries(server_->journal(), *since);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_TRUE(evaluate_verdicts(after).empty());
  auto bad = verdict_query({{"since", "yesterday"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "?since= wants an ISO 8601 date-time such as 2026-01-05T09:00:00Z, not 'yesterday'.");
  EXPECT_FALSE(verdict_query({{"pollSeconds", "1"}}).ok());
}

TEST_F(VerdictsTest, AJournalFileReadBackGivesTheSameVerdicts) {
  fault({{"match", {{"method", "GET"}, {"path", "/beta/teamwork/devices"}}},
         {"respond", {{"status", 429}, {"headers", {{"Retry-After", "7"}}}}},
         {"times", 1}});
  get("/beta/teamwork/devices");
  advance(0.5);
  get("/beta/teamwork/devices");
  send("POST", "/beta/$batch", batch_of(21).dump());  // a batch known as one when read back
  std::vector<JournalEntry> read_back;
  for (const auto& e : server_->journal()) {
    auto back = journal_entry_from_json(nlohmann::json::parse(to_json(e).dump()));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->time, e.time);
    read_back.push_back(*back);
  }
  auto live = evaluate_verdicts(server_->journal());
  auto offline = evaluate_verdicts(read_back);
  ASSERT_EQ(offline.size(), 2u);
  EXPECT_EQ(offline[1].rule, "batch-over-limit");
  ASSERT_EQ(offline.size(), live.size());
  for (size_t i = 0; i < live.size(); ++i) {
    EXPECT_EQ(offline[i].rule, live[i].rule);
    EXPECT_EQ(offline[i].detail, live[i].detail);
    EXPECT_EQ(offline[i].seqs, live[i].seqs);
  }
  auto missing = journal_entry_from_json({{"seq", 1}, {"method", "GET"}});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message, "journal entry: 'time' is missing");
}

TEST_F(VerdictsTest, RunVerdictsWritesJUnitAndExitsByViolations) {
  auto dir =
      std::filesystem::temp_directory_path() / ("verdicts-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string journal = (dir / "journal.jsonl").string(), junit = (dir / "out.xml").string();
  std::ostringstream out, err;
  {
    std::ofstream f(journal);
    f << "\n";
  }
  EXPECT_EQ(run_verdicts(journal, junit, {}, out, err), 0) << err.str();
  EXPECT_NE(out.str().find("0 violation(s), 0 advice over 0 exchange(s)"), std::string::npos);
  {
    std::ofstream f(journal, std::ios::app);
    f << "{\"seq\": 1}\n";
  }
  EXPECT_EQ(run_verdicts(journal, junit, {}, out, err), 2);
  EXPECT_NE(err.str().find("journal.jsonl:2: journal entry: 'time' is missing"), std::string::npos)
      << err.str();
  EXPECT_EQ(run_verdicts(journal, junit, {"pollIntervalSeconds"}, out, err), 2);
  for (const std::string& line : {std::string("{\"seq\": "), std::string(100000, '[')}) {
    std::ofstream(journal) << line << "\n";
    std::ostringstream bad;
    EXPECT_EQ(run_verdicts(journal, "", {}, out, bad), 2);
    EXPECT_NE(bad.str().find("journal.jsonl:1"), std::string::npos) << bad.str();
  }
  EXPECT_EQ(run_verdicts((dir / "none").string(), "", {}, out, err), 2);
  std::filesystem::remove_all(dir);
}

// --- the GoogleTest fixture's EXPECT_CLIENT_BEHAVED ------------------------------------

class ClientBehavedTest : public testing::GraphMockTest {
 protected:
  httplib::Headers auth_ = {{"Authorization", "Bearer t"}, {"client-request-id", "c-1"}};
};

TEST_F(ClientBehavedTest, PassesAClientThatPollsAtTheInterval) {
  httplib::Client http(base_url());
  auto accepted = http.Post(std::string("/beta/teamwork/devices/") + kRoom + "/runDiagnostics",
                            auth_, "", "application/json");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 202);
  std::string op = "/beta" + accepted->get_header_value("Location");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(http.Get(op, auth_));
    advance(std::chrono::seconds(30));
  }
  EXPECT_CLIENT_BEHAVED();
}

TEST_F(ClientBehavedTest, FailsAClientThatPollsAtOnceWithTheEvidence) {
  httplib::Client http(base_url());
  auto accepted = http.Post(std::string("/beta/teamwork/devices/") + kRoom + "/runDiagnostics",
                            auth_, "", "application/json");
  ASSERT_TRUE(accepted);
  std::string op = "/beta" + accepted->get_header_value("Location");
  ASSERT_TRUE(http.Get(op, auth_));
  ASSERT_TRUE(http.Get(op, auth_));
  auto behaved = client_behaved();
  EXPECT_FALSE(behaved);
  std::string message = behaved.message();
  EXPECT_NE(message.find("the client broke 1 rule(s)"), std::string::npos) << message;
  EXPECT_NE(
      message.find("violation poll-too-fast: GET " + op + " polled 1 time(s) sooner than 5 s"),
      std::string::npos)
      << message;
  EXPECT_NE(message.find("  #3 "), std::string::npos) << message;
  VerdictSettings settings;
  settings.ignore = {"poll-too-fast"};
  EXPECT_CLIENT_BEHAVED(settings);
}

}  // namespace
}  // namespace graphmock
