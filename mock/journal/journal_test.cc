#include "journal/journal.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/sha256.h"

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

// A full ring refills the entries it evicts: nothing of an earlier exchange may show in a later
// one (fewer headers, a shorter body, no fault), and an entry a reader holds is not touched.
TEST(JournalTest, AnEvictedEntryRefilledKeepsNothingOfItsPast) {
  Journal j(1);
  Request big;
  big.method = "POST";
  big.path = "/beta/big";
  big.raw_query = "a=1";
  big.body = std::string(100 * 1024, 'x');
  for (const char* name : {"A-Header", "B-Header", "C-Header"}) big.headers.emplace(name, "value");
  big.request_id = "first";
  Response big_res;
  big_res.status = 500;
  big_res.body = R"({"error":"long"})";
  big_res.content_type = "application/json";
  big_res.headers.emplace("Zz-Last", "z");
  big_res.headers.emplace("Location", "/beta/big/1");
  std::string fault = "boom";
  j.record(Exchange{big, big_res, TimePoint{}, Duration(0), fault, "some/limit", true});
  auto first = j.entries();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0].carries_requests);
  EXPECT_EQ(first[0].request_body,
            std::string(64 * 1024, 'x') + "...[36864 more bytes, see --journal-file]");
  EXPECT_EQ(first[0].response_headers, (HeaderList{{"Content-Type", "application/json"},
                                                   {"Location", "/beta/big/1"},
                                                   {"Zz-Last", "z"}}));
  for (int i = 0; i < 3; ++i) {
    Request small;
    small.method = "GET";
    small.path = "/beta/small/" + std::to_string(i);
    small.headers.emplace("Host", "h");
    Response small_res;
    small_res.headers.emplace("Date", "d");
    j.record(Exchange{small, small_res, TimePoint{}, Duration(0), ""});
    auto now = j.entries();
    ASSERT_EQ(now.size(), 1u);
    const JournalEntry& e = now[0];
    EXPECT_EQ(e.seq, 2u + i);
    EXPECT_EQ(e.path, "/beta/small/" + std::to_string(i));
    EXPECT_EQ(e.query, "");
    EXPECT_EQ(e.request_headers, (HeaderList{{"Host", "h"}}));
    EXPECT_EQ(e.request_body, "");
    EXPECT_EQ(e.status, 200);
    EXPECT_EQ(e.response_headers, (HeaderList{{"Date", "d"}}));
    EXPECT_EQ(e.response_body, "");
    EXPECT_EQ(e.fault, "");
    EXPECT_EQ(e.throttled_by, "");
    EXPECT_EQ(e.request_id, "");
    EXPECT_FALSE(e.carries_requests);
  }
  EXPECT_EQ(first[0].path, "/beta/big");  // the copy a reader took is its own
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

// A request carrying credentials three ways.
void record_credentials(Journal& j, const std::string& token, const std::string& path = "/beta/x") {
  Request req;
  req.method = "GET";
  req.path = path;
  req.raw_query = "$top=5&access_token=" + token + "%2Bq&Code=c0de";
  req.headers.emplace("Authorization", "Bearer " + token);
  req.headers.emplace("Cookie", "session=" + token + "; theme=dark");
  req.headers.emplace("Host", "127.0.0.1:8080");
  Response res;
  j.record(Exchange{req, res, TimePoint{}, Duration(0), ""});
}

std::string header(const JournalEntry& e, const std::string& name) {
  for (const auto& [k, v] : e.request_headers)
    if (k == name) return v;
  return "";
}

std::string fingerprint(const std::string& secret) {
  return "<redacted sha256:" + sha256_hex(secret).substr(0, 8) + ">";
}

TEST(JournalTest, CredentialsAreKeptAsFingerprints) {
  Journal j;
  record_credentials(j, "token-one");
  const JournalEntry e = j.entries().at(0);
  EXPECT_EQ(header(e, "Authorization"), "Bearer " + fingerprint("token-one"));
  EXPECT_EQ(header(e, "Cookie"),
            "session=" + fingerprint("token-one") + "; theme=" + fingerprint("dark"));
  EXPECT_EQ(header(e, "Host"), "127.0.0.1:8080");
  // The decoded value is fingerprinted: the same token in a header and a query matches.
  EXPECT_EQ(e.query,
            "$top=5&access_token=" + fingerprint("token-one+q") + "&Code=" + fingerprint("c0de"));
  EXPECT_EQ(to_json(e).dump().find("token-one"), std::string::npos);
}

TEST(JournalTest, TwoTokensHaveDifferentFingerprintsAndOneTokenTheSame) {
  Journal j;
  record_credentials(j, "token-one");
  record_credentials(j, "token-two");
  record_credentials(j, "token-one");
  auto all = j.entries();
  EXPECT_EQ(header(all[1], "Authorization"), "Bearer " + fingerprint("token-two"));
  EXPECT_NE(header(all[0], "Authorization"), header(all[1], "Authorization"));
  EXPECT_EQ(header(all[0], "Authorization"), header(all[2], "Authorization"));
  EXPECT_NE(all[0].query, all[1].query);
}

TEST(JournalTest, KeepSecretsKeepsThemAsSent) {
  Journal j(Journal::kDefaultCapacity, true);
  record_credentials(j, "token-one");
  const JournalEntry e = j.entries().at(0);
  EXPECT_EQ(header(e, "Authorization"), "Bearer token-one");
  EXPECT_EQ(header(e, "Cookie"), "session=token-one; theme=dark");
  EXPECT_EQ(e.query, "$top=5&access_token=token-one%2Bq&Code=c0de");
}

// The file holds admin calls too (an admin token in Authorization).
TEST(JournalTest, TheJournalFileIsRedactedToo) {
  auto path = std::filesystem::path(::testing::TempDir()) /
              ("graphmock-redacted-" + std::to_string(::getpid()) + ".jsonl");
  std::filesystem::remove(path);
  {
    Journal j;
    std::string error;
    ASSERT_TRUE(j.open_file(path.string(), error)) << error;
    record_credentials(j, "token-one");
    record_credentials(j, "admin-token", "/_mock/state");
  }
  std::stringstream text;
  text << std::ifstream(path).rdbuf();
  std::filesystem::remove(path);
  EXPECT_EQ(text.str().find("token-one"), std::string::npos) << text.str();
  EXPECT_EQ(text.str().find("admin-token"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("Bearer " + fingerprint("admin-token")), std::string::npos)
      << text.str();
}

}  // namespace
}  // namespace graphmock
