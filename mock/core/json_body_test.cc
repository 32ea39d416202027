#include "core/json_body.h"

#include <gtest/gtest.h>

#include <string>

namespace graphmock {
namespace {

TEST(JsonBodyTest, DepthCountsBracketsOutsideStrings) {
  EXPECT_EQ(json_nesting_depth("1", 64), 0u);
  EXPECT_EQ(json_nesting_depth("{}", 64), 1u);
  EXPECT_EQ(json_nesting_depth(R"({"a":[{"b":[]}],"c":{}})", 64), 4u);
  EXPECT_EQ(json_nesting_depth(R"({"a":"[[[{{{","b":"\"[["})", 64), 1u);
  EXPECT_EQ(json_nesting_depth("]]]][", 64), 1u);
}

TEST(JsonBodyTest, DepthScanStopsPastTheLimit) {
  EXPECT_EQ(json_nesting_depth(std::string(1000000, '['), 64), 65u);
  EXPECT_EQ(json_nesting_depth(std::string(64, '[') + std::string(64, ']'), 64), 64u);
}

TEST(JsonBodyTest, AcceptsOrdinaryBodies) {
  auto body = parse_json_body(
      R"({"softwareType":"teamsClient","nested":{"softwareType":1},"list":[{"a":1},{"a":2}]})", 64);
  ASSERT_TRUE(body) << body.error().message;
  EXPECT_EQ((*body)["nested"]["softwareType"], 1);
  EXPECT_TRUE(parse_json_body(std::string(64, '[') + std::string(64, ']'), 64));
}

TEST(JsonBodyTest, RefusesWhatAHostileClientSends) {
  auto deep = parse_json_body(std::string(100000, '['), 64);
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().status, 400);
  EXPECT_EQ(deep.error().message,
            "The request body nests JSON deeper than 64 levels (--max-json-depth).");

  auto huge = parse_json_body(R"({"errorCode": 1e400})", 64);
  ASSERT_FALSE(huge);
  EXPECT_NE(huge.error().message.find("number overflow parsing '1e400'"), std::string::npos)
      << huge.error().message;

  auto utf8 = parse_json_body("{\"softwareType\":\"\xff\xfe\"}", 64);
  ASSERT_FALSE(utf8);
  EXPECT_NE(utf8.error().message.find("ill-formed UTF-8"), std::string::npos)
      << utf8.error().message;

  auto dup = parse_json_body(R"({"a":{"softwareType":"x","softwareType":"y"}})", 64);
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().message.find("multiple properties with the name 'softwareType'"),
            std::string::npos);

  EXPECT_FALSE(
      parse_json_body(std::string("{\"a\":\"x\0y\"}", 11), 64));  // a raw NUL inside a string
}

TEST(JsonBodyTest, OutsideDocumentsNestUpToTheDocumentedDepth) {
  auto nested = [](size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); };
  EXPECT_TRUE(parse_json_document(nested(kMaxDocumentDepth), "f.json"));
  auto deep = parse_json_document(nested(kMaxDocumentDepth + 1), "f.json");
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().message, "f.json: JSON nests deeper than 256 levels.");
  auto broken = parse_json_document("{\"a\":", "f.json");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().message.rfind("f.json is not JSON: [json.exception.parse_error.101]", 0),
            0u)
      << broken.error().message;
}

}  // namespace
}  // namespace graphmock
