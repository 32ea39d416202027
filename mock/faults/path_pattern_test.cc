#include "faults/path_pattern.h"

#include <gtest/gtest.h>

#include <string>

namespace graphmock {
namespace {

PathPattern pattern(std::string_view text) {
  auto p = PathPattern::parse(text);
  EXPECT_TRUE(p.ok()) << text;
  return p.ok() ? *p : PathPattern();
}

std::string repeat(std::string_view piece, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += piece;
  return out;
}

TEST(PathPatternTest, StarMatchesOneSegment) {
  PathPattern p = pattern("/beta/teamwork/devices/*/runDiagnostics");
  EXPECT_TRUE(p.matches("/beta/teamwork/devices/abc/runDiagnostics"));
  EXPECT_TRUE(p.matches("/beta/teamwork/devices('abc')/runDiagnostics"));  // OData key syntax
  EXPECT_FALSE(p.matches("/beta/teamwork/devices/runDiagnostics"));
  EXPECT_FALSE(p.matches("/beta/teamwork/devices/a/b/runDiagnostics"));
  EXPECT_FALSE(p.matches("/beta/teamwork/devices/abc/restart"));
}

TEST(PathPatternTest, DoubleStarMatchesAnyNumberOfSegments) {
  PathPattern p = pattern("/beta/**");
  EXPECT_TRUE(p.matches("/beta"));
  EXPECT_TRUE(p.matches("/beta/teamwork/devices"));
  EXPECT_FALSE(p.matches("/_mock/health"));
  PathPattern mid = pattern("/beta/**/operations/*");
  EXPECT_TRUE(mid.matches("/beta/teamwork/devices/x/operations/y"));
  EXPECT_FALSE(mid.matches("/beta/teamwork/devices/x/operations"));
  EXPECT_TRUE(pattern("/**").matches("/anything/at/all"));
  EXPECT_TRUE(PathPattern().matches("/x"));
  EXPECT_TRUE(pattern("/**/**/x").matches("/x"));
  EXPECT_TRUE(pattern("/a/**/**/x").matches("/a/b/c/x"));
  EXPECT_FALSE(pattern("/a/*/**").matches("/a"));
  EXPECT_TRUE(pattern("/").matches("/"));
  EXPECT_FALSE(pattern("/").matches("/a"));
}

// Exponential for a backtracking matcher (each ** tries every split point);
// one pass over the path here.
TEST(PathPatternTest, PathologicalPatternOnA400SegmentPath) {
  PathPattern p = pattern(repeat("/**/a", 19) + "/**/b");  // 20 x **
  const std::string as = repeat("/a", 400);
  EXPECT_FALSE(p.matches(as));
  EXPECT_TRUE(p.matches(as + "/b"));
  EXPECT_TRUE(p.matches(repeat("/a", 19) + "/b"));
  EXPECT_FALSE(p.matches(repeat("/a", 18) + "/b"));
  EXPECT_TRUE(p.matches(repeat("/x/a", 200) + "/b"));
  EXPECT_FALSE(p.matches(as + "/b/c"));
}

TEST(PathPatternTest, PatternsOverTheCapsAreRefused) {
  EXPECT_TRUE(PathPattern::parse(repeat("/*", PathPattern::kMaxSegments)).ok());
  EXPECT_TRUE(PathPattern::parse(repeat("/**", 100)).ok());  // a run of ** is one segment
  auto segments = PathPattern::parse(repeat("/*", PathPattern::kMaxSegments + 1));
  ASSERT_FALSE(segments.ok());
  EXPECT_EQ(segments.error().message, "the pattern has 64 segments; at most 63 are accepted.");
  auto bytes = PathPattern::parse("/" + std::string(PathPattern::kMaxBytes, 'a'));
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.error().message, "the pattern is 8001 bytes long; at most 8000 are accepted.");
}

TEST(PathPatternTest, MethodWildcards) {
  EXPECT_TRUE(method_matches("", "POST"));
  EXPECT_TRUE(method_matches("*", "DELETE"));
  EXPECT_TRUE(method_matches("GET", "HEAD"));
  EXPECT_FALSE(method_matches("GET", "POST"));
}

}  // namespace
}  // namespace graphmock
