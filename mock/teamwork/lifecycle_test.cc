#include "teamwork/lifecycle.h"

#include <gtest/gtest.h>

#include "core/time_format.h"

namespace graphmock {

using namespace std::chrono_literals;

TEST(LifecycleTest, PhasesFollowTheTimeline) {
  OperationRecord op;
  op.created = default_virtual_start();
  op.timeline = OperationTimeline{};
  op.timeline->queued = 10s;
  op.timeline->running = 50s;
  EXPECT_EQ(materialize(op, op.created)["status"], "queued");
  auto in_progress = materialize(op, op.created + 10s);
  EXPECT_EQ(in_progress["status"], "inProgress");
  EXPECT_EQ(in_progress["startedDateTime"], format_iso8601(op.created + 10s));
  auto done = materialize(op, op.created + 60s);
  EXPECT_EQ(done["status"], "successful");
  EXPECT_EQ(done["completedDateTime"], format_iso8601(op.created + 60s));
  EXPECT_EQ(done["lastActionDateTime"], format_iso8601(op.created + 60s));
}

TEST(LifecycleTest, FailedOperationsCarryAnError) {
  TimelineTable table;
  OperationTimeline t;
  t.fails = true;
  t.error_code = "DeviceOffline";
  t.error_message = "offline";
  table.set("dev1", "deviceDiagnostics", t);
  Random rng(1);
  OperationRecord op;
  op.timeline = table.plan("dev1", "deviceDiagnostics", rng);
  auto out = materialize(op, op.created + std::chrono::hours(1));
  EXPECT_EQ(out["status"], "failed");
  EXPECT_EQ(out["error"]["code"], "DeviceOffline");
  // Other devices keep the defaults.
  OperationRecord other;
  other.timeline = table.plan("dev2", "deviceDiagnostics", rng);
  EXPECT_EQ(materialize(other, other.created + std::chrono::hours(1))["status"], "successful");
}

TEST(LifecycleTest, StaticOperationsKeepTheirFixtureStatus) {
  OperationRecord op;
  op.set_data({{"id", "x"}, {"status", "failed"}});
  EXPECT_EQ(phase_at(op, default_virtual_start()), OperationPhase::kStatic);
  EXPECT_EQ(materialize(op, default_virtual_start())["status"], "failed");
}

TEST(LifecycleTest, ScheduledAndCancelledForScenarios) {
  OperationRecord op;
  op.created = default_virtual_start();
  op.timeline = OperationTimeline{};
  op.timeline->scheduled = true;
  op.timeline->cancelled = true;
  EXPECT_EQ(materialize(op, op.created)["status"], "scheduled");
  EXPECT_TRUE(is_pending(phase_at(op, op.created)));
  auto done = materialize(op, op.created + std::chrono::hours(1));
  EXPECT_EQ(done["status"], "cancelled");
  EXPECT_TRUE(done["completedDateTime"].is_string());
  EXPECT_FALSE(is_pending(phase_at(op, op.created + std::chrono::hours(1))));
}

TEST(LifecycleTest, EachVocabularyNamesEachPhase) {
  OperationRecord op;
  op.created = default_virtual_start();
  op.timeline = OperationTimeline{};
  auto words = [&](StatusWordsForm form) {
    const StatusWords& w = status_words(form);
    std::vector<std::string> out;
    for (auto at : {0s, 10s, 60s}) out.push_back(materialize(op, op.created + at, w)["status"]);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(words(StatusWordsForm::kResourcePage), (V{"queued", "inProgress", "successful"}));
  EXPECT_EQ(words(StatusWordsForm::kActionPages), (V{"queued", "running", "succeeded"}));
  EXPECT_EQ(words(StatusWordsForm::kPascal), (V{"Queued", "InProgress", "Successful"}));
  // A fixture's resource-page word follows the vocabulary; a client's own word stays.
  OperationRecord stored;
  stored.set_data({{"status", "successful"}});
  EXPECT_EQ(materialize(stored, op.created, kActionPagesStatusWords)["status"], "succeeded");
  stored.status_as_given = true;
  EXPECT_EQ(materialize(stored, op.created, kActionPagesStatusWords)["status"], "successful");
}

}  // namespace graphmock
