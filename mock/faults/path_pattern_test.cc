#include "faults/path_pattern.h"

#include <gtest/gtest.h>

namespace graphmock {
namespace {

TEST(PathPatternTest, StarMatchesOneSegment) {
  PathPattern p("/beta/teamwork/devices/*/runDiagnostics");
  EXPECT_TRUE(p.matches("/beta/teamwork/devices/abc/runDiagnostics"));
  EXPECT_TRUE(p.matches("/beta/teamwork/devices('abc')/runDiagnostics"));  // OData key syntax
  EXPECT_FALSE(p.matches("/beta/teamwork/devices/runDiagnostics"));
  EXPECT_FALSE(p.matches("/beta/teamwork/devices/a/b/runDiagnostics"));
  EXPECT_FALSE(p.matches("/beta/teamwork/devices/abc/restart"));
}

TEST(PathPatternTest, DoubleStarMatchesAnyNumberOfSegments) {
  PathPattern p("/beta/**");
  EXPECT_TRUE(p.matches("/beta"));
  EXPECT_TRUE(p.matches("/beta/teamwork/devices"));
  EXPECT_FALSE(p.matches("/_mock/health"));
  PathPattern mid("/beta/**/operations/*");
  EXPECT_TRUE(mid.matches("/beta/teamwork/devices/x/operations/y"));
  EXPECT_FALSE(mid.matches("/beta/teamwork/devices/x/operations"));
  EXPECT_TRUE(PathPattern("/**").matches("/anything/at/all"));
  EXPECT_TRUE(PathPattern().matches("/x"));
}

TEST(PathPatternTest, MethodWildcards) {
  EXPECT_TRUE(method_matches("", "POST"));
  EXPECT_TRUE(method_matches("*", "DELETE"));
  EXPECT_TRUE(method_matches("GET", "HEAD"));
  EXPECT_FALSE(method_matches("GET", "POST"));
}

}  // namespace
}  // namespace graphmock
