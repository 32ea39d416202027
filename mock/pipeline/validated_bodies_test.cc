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

TEST(ValidatedBodiesTest, ItemsAndBodiesAreRememberedApart) {
  RouteInfo a{"a", "/a", "GET", {}, "", "x", true};
  ValidatedBodies cache;
  cache.insert(a, false, R"({"id":"1"})", ValidatedBodies::Part::kItem);
  EXPECT_TRUE(cache.contains(a, false, R"({"id":"1"})", ValidatedBodies::Part::kItem));
  EXPECT_FALSE(cache.contains(a, false, R"({"id":"1"})"));
}

TEST(ValidatedBodiesTest, BoundedByTheBytesKept) {
  RouteInfo a{"a", "/a", "GET", {}, "", "x", false};
  ValidatedBodies cache;
  std::string big(ValidatedBodies::kMaxBytes + 1, ' ');
  cache.insert(a, false, big);
  EXPECT_FALSE(cache.contains(a, false, big));
  std::string quarter(ValidatedBodies::kMaxBytes / 4, 'a');
  cache.insert(a, false, quarter);
  cache.insert(a, false, quarter + "b");
  EXPECT_TRUE(cache.contains(a, false, quarter));
  std::string half(ValidatedBodies::kMaxBytes / 2, 'c');
  cache.insert(a, false, half);  // over the budget: forgets, then keeps the newest
  EXPECT_TRUE(cache.contains(a, false, half));
  EXPECT_FALSE(cache.contains(a, false, quarter));
}

}  // namespace
}  // namespace graphmock
