// 429 and 503 as a client sees them: Graph error bodies with Retry-After.
// The mock is made to throttle through its admin API (fault rules), so these
// tests skip against a server without /_mock.
#include "contract.h"

namespace graphmock::contract {
namespace {

// Adds a fault rule that only matches requests carrying `x-contract-test:
// <tag>`, so the rest of the suite is untouched; removes it at scope exit.
class ScopedFault {
 public:
  ScopedFault(const std::string& tag, Json rule) {
    rule["match"]["headers"] = {{"x-contract-test", tag}};
    Call c = target().send("POST", "/_mock/faults", rule.dump());
    EXPECT_TRUE(has_status(c, 201));
    id_ = c.json().is_object() ? c.json().value("id", "") : "";
  }
  ~ScopedFault() {
    if (!id_.empty()) target().send("DELETE", "/_mock/faults/" + id_);
  }
  bool ok() const { return !id_.empty(); }

 private:
  std::string id_;
};

Call tagged_get(const std::string& path, const std::string& tag) {
  return target().send("GET", path, {}, "", true, {{"x-contract-test", tag}});
}

TEST(ThrottlingContract, TooManyRequestsCarriesRetryAfter) {
  if (!target().admin().available) GTEST_SKIP() << needs_admin();
  ScopedFault fault(
      "throttle", {{"match", {{"method", "GET"}, {"path", "/beta/teamwork/devices"}}},
                   {"throttle", {{"limit", 1}, {"windowSeconds", 60}, {"retryAfterSeconds", 7}}}});
  ASSERT_TRUE(fault.ok());
  ASSERT_TRUE(has_status(tagged_get("/beta/teamwork/devices", "throttle"), 200));
  Call c = tagged_get("/beta/teamwork/devices", "throttle");
  expect_graph_error(c, 429, "TooManyRequests");
  EXPECT_EQ(c.header("Retry-After"), "7") << c.what() << ": Retry-After";
}

TEST(ThrottlingContract, ServiceUnavailableCarriesRetryAfter) {
  if (!target().admin().available) GTEST_SKIP() << needs_admin();
  ScopedFault fault("outage",
                    {{"match", {{"method", "GET"}, {"path", "/beta/teamwork/devices"}}},
                     {"respond", {{"status", 503}, {"headers", {{"Retry-After", "3"}}}}}});
  ASSERT_TRUE(fault.ok());
  Call c = tagged_get("/beta/teamwork/devices", "outage");
  expect_graph_error(c, 503, "serviceNotAvailable");
  EXPECT_EQ(c.header("Retry-After"), "3") << c.what() << ": Retry-After";
}

}  // namespace
}  // namespace graphmock::contract
