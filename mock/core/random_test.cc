#include "core/random.h"

#include <gtest/gtest.h>

#include <regex>

namespace graphmock {

TEST(RandomTest, SameSeedAndStreamGiveSameSequence) {
  Random a = Random::stream(42, "rule-1"), b = Random::stream(42, "rule-1");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.next(), b.next());
}

TEST(RandomTest, StreamsAreIndependent) {
  Random a = Random::stream(42, "rule-1"), b = Random::stream(42, "rule-2"),
         c = Random::stream(43, "rule-1");
  uint64_t x = a.next();
  EXPECT_NE(x, b.next());
  EXPECT_NE(x, c.next());
}

TEST(RandomTest, GuidsAreVersion4Shaped) {
  Random r(7);
  std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(std::regex_match(r.guid(), shape));
}

TEST(RandomTest, Uniform01StaysInRange) {
  Random r(1);
  for (int i = 0; i < 1000; ++i) {
    double v = r.uniform01();
    EXPECT_GE(v, 0.0);
    EXPECT_LT(v, 1.0);
  }
}

}  // namespace graphmock
