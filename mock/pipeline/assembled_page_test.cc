// A collection page assembled from stored bytes (Reply::items): written into its envelope,
// each stored item checked against the route's schema once while it lives, and an item that
// fails after a change reported on every answer.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>

#include "clock/clock.h"
#include "pipeline/pipeline.h"

namespace graphmock {
namespace {

// Counts the item checks; an item with "bad" is invalid, so is an envelope without "value".
class CountingValidator final : public BodyValidator {
 public:
  mutable std::atomic<int> item_checks{0};
  std::vector<Violation> check(const std::string& schema, const Json& body, bool) const override {
    if (schema == "collection")
      return body.contains("value") ? std::vector<Violation>{}
                                    : std::vector<Violation>{{"", "no value"}};
    ++item_checks;
    if (body.contains("bad")) return {{"/bad", "not a property of thing"}};
    return {};
  }
};

class AssembledPageTest : public ::testing::Test {
 protected:
  ManualClock clock_{TimePoint{}};
  Pipeline pipeline_{clock_, [] {
                       PipelineOptions o;
                       o.auth = AuthMode::kOff;
                       return o;
                     }()};
  CountingValidator validator_;
  std::mutex mu_;
  std::vector<std::shared_ptr<const std::string>> stored_;  // the family's stored items

  void SetUp() override {
    pipeline_.set_validator(&validator_);
    stored_ = {std::make_shared<const std::string>(R"({"id":"1","n":1})"),
               std::make_shared<const std::string>(R"({"id":"2","n":2})")};
    pipeline_.graph_routes().add(
        RouteInfo{"things.list", "/things", "GET", {}, "", "thing", true},
        [this](const Context&) -> Result<Reply> {
          Reply reply = Reply::json(200, {{"@odata.context", "ctx"}, {"value", Json::array()}});
          std::lock_guard lock(mu_);
          reply.items = stored_;
          return reply;
        });
  }
  void change(size_t i, std::string text) {
    std::lock_guard lock(mu_);
    stored_[i] = std::make_shared<const std::string>(std::move(text));
  }
  Response get() {
    Request request;
    request.method = "GET";
    request.path = "/things";
    request.request_id = "r";
    return pipeline_.handle(request);
  }
};

TEST_F(AssembledPageTest, ItemsAreWrittenIntoTheEnvelopeAndCheckedOncePerStoredString) {
  Response first = get();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.body, R"({"@odata.context":"ctx","value":[{"id":"1","n":1},{"id":"2","n":2}]})");
  EXPECT_EQ(validator_.item_checks, 2);
  EXPECT_EQ(get().body, first.body);
  EXPECT_EQ(validator_.item_checks, 2);  // the same stored strings: not checked again

  change(1, R"({"id":"2","n":3})");  // the same bytes would be another string: checked
  EXPECT_EQ(get().body, R"({"@odata.context":"ctx","value":[{"id":"1","n":1},{"id":"2","n":3}]})");
  EXPECT_EQ(validator_.item_checks, 3);
  get();
  EXPECT_EQ(validator_.item_checks, 3);
}

TEST_F(AssembledPageTest, AnItemThatFailsAfterAChangeIsReportedEveryTime) {
  EXPECT_EQ(get().status, 200);
  change(1, R"({"bad":true,"id":"2"})");
  for (int i = 0; i < 3; ++i) {
    Response r = get();
    EXPECT_EQ(r.status, 500);
    EXPECT_NE(r.body.find("/value/1/bad: not a property of thing"), std::string::npos) << r.body;
  }
  EXPECT_EQ(validator_.item_checks, 2 + 3);  // the invalid item, on each answer
  change(1, R"({"id":"2","n":2})");
  EXPECT_EQ(get().status, 200);
}

TEST_F(AssembledPageTest, AnEmptyPageIsTheEnvelope) {
  {
    std::lock_guard lock(mu_);
    stored_.clear();
  }
  EXPECT_EQ(get().body, R"({"@odata.context":"ctx","value":[]})");
}

}  // namespace
}  // namespace graphmock
