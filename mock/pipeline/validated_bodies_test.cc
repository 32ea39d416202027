#include "pipeline/validated_bodies.h"

#include <gtest/gtest.h>

namespace graphmock {
namespace {

TEST(ValidatedBodiesTest, RemembersBodyPerRouteAndPartial) {
  RouteInfo a{"a", "/a", "GET", {}, "", "x", false}, b{"b", "/b", "GET", {}, "", "x", false};
  ValidatedBodies cache;
  EXPECT_FALSE(cache.contains(a, false, "{}"));
  cache.insert(a, false, "{}");
  EXPECT_TRUE(cache.contains(a, false, "{}"));
  EXPECT_FALSE(cache.contains(a, true, "{}"));
  EXPECT_FALSE(cache.contains(b, false, "{}"));
  EXPECT_FALSE(cache.contains(a, false, "{ }"));
}

TEST(ValidatedBodiesTest, BoundedAndSkipsLargeBodies) {
  RouteInfo a{"a", "/a", "GET", {}, "", "x", false};
  ValidatedBodies cache;
  std::string big(ValidatedBodies::kMaxBodyBytes + 1, ' ');
  cache.insert(a, false, big);
  EXPECT_FALSE(cache.contains(a, false, big));
  for (size_t i = 0; i <= ValidatedBodies::kMaxEntries; ++i)
    cache.insert(a, false, std::to_string(i));
  EXPECT_TRUE(
      cache.contains(a, false, std::to_string(ValidatedBodies::kMaxEntries)));  // the newest stays
  EXPECT_FALSE(cache.contains(a, false, "0"));                                  // full: forgotten
}

}  // namespace
}  // namespace graphmock
