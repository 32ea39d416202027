#include "family/retained_list.h"

#include <gtest/gtest.h>

#include <vector>

namespace graphmock {
namespace {

using namespace std::chrono_literals;

// A record that finishes at `ends` (pending before).
struct Rec {
  std::string id;
  TimePoint ends;
};
std::optional<TimePoint> finished(const Rec& r, TimePoint now) {
  return now < r.ends ? std::nullopt : std::optional<TimePoint>(r.ends);
}
const std::string& id_of(const Rec& r) { return r.id; }

std::vector<std::string> ids(const RetainedList<Rec>& list) {
  std::vector<std::string> out;
  for (const auto& r : list) out.push_back(r.id);
  return out;
}

TEST(RetainedListTest, DropsTheOldestFinishedAndNeverAPendingOne) {
  TimePoint t0 = default_virtual_start();
  RetainedList<Rec> list;
  RetentionPolicy policy{3, Duration::zero()};
  list.add("pending", {"pending", t0 + 1h});  // still queued for an hour
  for (int i = 0; i < 5; ++i) {
    std::string id = "done" + std::to_string(i);
    list.add(id, {id, t0});
    list.retain(policy, t0 + 1s, finished, id_of);
  }
  EXPECT_EQ(ids(list), (std::vector<std::string>{"pending", "done3", "done4"}));
  EXPECT_NE(list.find("pending"), nullptr);
  EXPECT_EQ(list.find("done0"), nullptr);
  EXPECT_NE(list.find("done4"), nullptr);
}

TEST(RetainedListTest, DropsFinishedRecordsOlderThanTheMaxAge) {
  TimePoint t0 = default_virtual_start();
  RetainedList<Rec> list;
  RetentionPolicy policy{100, 60s};
  list.add("old", {"old", t0});
  list.add("pending", {"pending", t0 + 10min});
  list.add("young", {"young", t0 + 2min});
  list.retain(policy, t0 + 3min, finished, id_of);  // old finished 3 min ago, young 1 min ago
  EXPECT_EQ(ids(list), (std::vector<std::string>{"pending", "young"}));
}

// History loaded from fixtures is dated before the clock's start: it ages from the
// moment the mock started, not from its dates.
TEST(RetainedListTest, RecordsAgeFromTheMockStartAtTheEarliest) {
  TimePoint started = default_virtual_start();
  RetainedList<Rec> list;
  RetentionPolicy policy{100, 1h, started};
  list.add("history", {"history", started - 24h * 50});
  list.add("new", {"new", started + 10min});
  list.retain(policy, started + 59min, finished, id_of);
  EXPECT_EQ(ids(list), (std::vector<std::string>{"history", "new"}));
  list.retain(policy, started + 1h, finished, id_of);  // an hour older than the mock
  EXPECT_EQ(ids(list), (std::vector<std::string>{"new"}));
}

TEST(RetainedListTest, ErasesAnywhereAndKeepsTheIndex) {
  RetainedList<Rec> list;
  for (const char* id : {"a", "b", "c"}) list.add(id, {id, {}});
  EXPECT_TRUE(list.erase("b"));
  EXPECT_FALSE(list.erase("b"));
  EXPECT_EQ(ids(list), (std::vector<std::string>{"a", "c"}));
  RetainedList<Rec> moved = std::move(list);
  ASSERT_NE(moved.find("c"), nullptr);
  EXPECT_EQ(moved.find("c")->id, "c");
}

// Reset restores a copy of the loaded state; writes to it must not reach the original.
TEST(RetainedListTest, ACopyIndexesItsOwnRecords) {
  RetainedList<Rec> original;
  for (const char* id : {"a", "b", "c"}) original.add(id, {id, {}});
  RetainedList<Rec> copy = original;
  ASSERT_TRUE(copy.erase("b"));
  copy.find("c")->id = "changed";
  EXPECT_EQ(ids(original), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(ids(copy), (std::vector<std::string>{"a", "changed"}));
  copy = original;
  EXPECT_EQ(ids(copy), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(copy.find("b")->id, "b");
}

}  // namespace
}  // namespace graphmock
