#include "logcollection/log_collection_timeline.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace graphmock {
namespace {

using namespace std::chrono_literals;

LogRequestRecord pending_record(const LogCollectionTimeline& plan) {
  LogRequestRecord r;
  r.created = *parse_iso8601("2026-01-05T09:00:00Z");
  r.data = {{"id", "t_d_r"}, {"status", "pending"}, {"enrolledByUser", "a@contoso.com"}};
  r.timeline = plan;
  return r;
}

TEST(LogCollectionTimelineTest, CompletesAfterPendingWithSizeAndExpiry) {
  LogCollectionTimeline t;
  t.pending = 60s;
  t.size_in_kb = 2048;
  t.expires_after = 24h;
  Random rng(7);
  LogRequestRecord r = pending_record(plan_log_collection(t, rng));

  nlohmann::json before = materialize(r, r.created + 59s);
  EXPECT_EQ(before["status"], "pending");
  EXPECT_TRUE(before["receivedDateTimeUTC"].is_null());
  EXPECT_EQ(before["size"], 0.0);

  nlohmann::json after = materialize(r, r.created + 60s);
  EXPECT_EQ(after["status"], "completed");
  EXPECT_EQ(after["errorCode"], 0);
  EXPECT_EQ(after["receivedDateTimeUTC"], "2026-01-05T09:01:00Z");
  EXPECT_EQ(after["expirationDateTimeUTC"], "2026-01-06T09:01:00Z");
  EXPECT_EQ(after["sizeInKB"], 2048.0);
  EXPECT_EQ(after["size"], 2048.0 * 1024);
  EXPECT_EQ(after["enrolledByUser"], "a@contoso.com");  // untouched by the timeline
}

TEST(LogCollectionTimelineTest, FailsWithErrorCodeAndNoLogs) {
  LogCollectionTimeline t;
  t.outcome = LogCollectionTimeline::Outcome::kFailed;
  t.error_code = 42;
  Random rng(7);
  LogRequestRecord r = pending_record(plan_log_collection(t, rng));
  nlohmann::json out = materialize(r, r.created + t.pending);
  EXPECT_EQ(out["status"], "failed");
  EXPECT_EQ(out["errorCode"], 42);
  EXPECT_EQ(out["size"], 0.0);
  EXPECT_TRUE(out["expirationDateTimeUTC"].is_null());
}

TEST(LogCollectionTimelineTest, DrawsAreSeededAndFailureRateApplies) {
  LogCollectionTimeline t;
  Random a(3), b(3);
  auto pa = plan_log_collection(t, a);
  auto pb = plan_log_collection(t, b);
  ASSERT_TRUE(pa.size_in_kb);
  EXPECT_EQ(*pa.size_in_kb, *pb.size_in_kb);
  EXPECT_GE(*pa.size_in_kb, 512.0);

  t.failure_rate = 1.0;
  EXPECT_EQ(plan_log_collection(t, a).outcome, LogCollectionTimeline::Outcome::kFailed);
}

TEST(LogCollectionTimelineTest, PinnedPropertiesWinOverTheTimeline) {
  Random rng(1);
  LogRequestRecord r = pending_record(plan_log_collection(LogCollectionTimeline{}, rng));
  r.pinned = {{"sizeInKB", 1.5}};
  EXPECT_EQ(materialize(r, r.created + 1h)["sizeInKB"], 1.5);
  EXPECT_TRUE(is_timeline_property("status"));
  EXPECT_FALSE(is_timeline_property("enrolledByUser"));
}

TEST(LogCollectionTimelineTest, StaticRecordsAreReturnedAsStored) {
  LogRequestRecord r;
  r.data = {{"id", "x"}, {"status", "pending"}};
  EXPECT_EQ(materialize(r, TimePoint{} + 1000h), r.data);
}

}  // namespace
}  // namespace graphmock
