#include "core/time_format.h"

#include <gtest/gtest.h>

namespace graphmock {

TEST(TimeFormatTest, RoundTripsWholeAndFractionalSeconds) {
  auto t = parse_iso8601("2026-01-05T09:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2026-01-05T09:00:00Z");
  auto f = parse_iso8601("2016-12-31T23:57:40.7845755Z");
  ASSERT_TRUE(f);
  EXPECT_EQ(format_iso8601(*f), "2016-12-31T23:57:40.784575Z");
}

TEST(TimeFormatTest, AppliesOffsets) {
  // The seed's sample times carry -08:00.
  auto t = parse_iso8601("2016-12-31T23:57:40-08:00");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2017-01-01T07:57:40Z");
}

TEST(TimeFormatTest, RejectsTheDocsBrokenSampleAndOtherJunk) {
  EXPECT_FALSE(parse_iso8601("2021-06-19T12-01-03.45Z"));
  EXPECT_FALSE(parse_iso8601("2021-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2021-01-01T00:00:00"));
  EXPECT_FALSE(parse_iso8601(""));
  EXPECT_FALSE(parse_iso8601("2021-01-01T00:00:00Zjunk"));
}

TEST(TimeFormatTest, HttpDate) {
  EXPECT_EQ(format_http_date(*parse_iso8601("2026-01-05T09:00:00Z")),
            "Mon, 05 Jan 2026 09:00:00 GMT");
}

// Nanosecond clocks overflow in 2262; every instant up to latest_time() formats right.
TEST(TimeFormatTest, FarFutureUpToTheLatestTime) {
  auto t = parse_iso8601("2263-01-01T00:00:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_http_date(*t), "Thu, 01 Jan 2263 00:00:00 GMT");
  EXPECT_EQ(format_iso8601(*t), "2263-01-01T00:00:00Z");
  EXPECT_EQ(format_http_date(latest_time()), "Wed, 01 Jan 9000 00:00:00 GMT");
  // Timelines reach beyond the clock by a few 1e9 s spans (about 32 years each).
  auto later = parse_iso8601("9126-12-31T23:59:59.5Z");
  ASSERT_TRUE(later);
  EXPECT_EQ(format_iso8601(*later), "9126-12-31T23:59:59.5Z");
  EXPECT_EQ(format_http_date(*later), "Fri, 31 Dec 9126 23:59:59 GMT");
}

}  // namespace graphmock
