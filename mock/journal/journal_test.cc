#include "journal/journal.h"

#include <gtest/gtest.h>

namespace graphmock {
namespace {

void record(Journal& j, const std::string& method, const std::string& path, int status,
            const std::string& fault = "") {
  Request req;
  req.method = method;
  req.path = path;
  req.body = R"({"a":1})";
  Response res;
  res.status = status;
  res.body = "not json";
  j.record(Exchange{req, res, TimePoint{}, Duration(1500), fault});
}

TEST(JournalTest, RingKeepsTheMostRecent) {
  Journal j(3);
  for (int i = 0; i < 5; ++i) record(j, "GET", "/beta/x/" + std::to_string(i), 200);
  auto all = j.entries();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.front().path, "/beta/x/2");
  EXPECT_EQ(all.front().seq, 3u);
  j.clear();
  EXPECT_EQ(j.size(), 0u);
}

TEST(JournalTest, FiltersByMethodPathStatusFaultAndLimit) {
  Journal j;
  record(j, "POST", "/beta/teamwork/devices/a/runDiagnostics", 202);
  record(j, "POST", "/beta/teamwork/devices/b/restart", 503, "outage");
  record(j, "GET", "/beta/teamwork/devices/a", 200);
  record(j, "POST", "/beta/teamwork/devices/c/runDiagnostics", 429, "budget,slow");
  auto by = [&](JournalFilter f) { return j.entries(f).size(); };
  EXPECT_EQ(by({"POST", "/beta/teamwork/devices/*/runDiagnostics", "", "", 0}), 2u);
  EXPECT_EQ(by({"", "", "5xx", "", 0}), 1u);
  EXPECT_EQ(by({"", "", "4XX", "", 0}), 1u);
  EXPECT_EQ(by({"", "", "", "*", 0}), 2u);
  EXPECT_EQ(by({"", "", "", "slow", 0}), 1u);
  EXPECT_EQ(by({"", "", "", "slo", 0}), 0u);
  auto last = j.entries({"", "", "", "", 1});
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].status, 429);
}

TEST(JournalTest, JsonShowsBodiesAsJsonWhenTheyAre) {
  Journal j;
  record(j, "POST", "/beta/x", 500, "boom");
  auto e = to_json(j.entries()[0]);
  EXPECT_EQ(e["request"]["body"]["a"], 1);
  EXPECT_EQ(e["response"]["body"], "not json");
  EXPECT_EQ(e["latencyMs"], 1.5);
  EXPECT_EQ(e["fault"], "boom");
  EXPECT_EQ(e["time"], "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace graphmock
