#include "core/json_scan.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace graphmock::json_scan {

TEST(JsonScan, FindsMembersAndItemsOfAnyShape) {
  const std::string text = R"( {"a": {"x": [1, {"y": "}]"}]}, "b\"q": "s\\\"}", "c" : -1.5e3 ,
    "d": [true, null, [], {}], "e": "\u00e9"} )";
  std::vector<Member> m;
  ASSERT_TRUE(members(text, m));
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[0].key(), "a");
  EXPECT_EQ(nlohmann::json::parse(m[0].value), nlohmann::json::parse(R"({"x": [1, {"y": "}]"}]})"));
  EXPECT_EQ(m[1].key(), "b\"q");
  EXPECT_EQ(string_value(m[1].value), "s\\\"}");
  EXPECT_EQ(find(m, "c"), "-1.5e3");
  EXPECT_EQ(string_value(find(m, "e")), "\u00e9");
  EXPECT_TRUE(find(m, "nope").empty());
  std::vector<std::string_view> list;
  ASSERT_TRUE(items(find(m, "d"), list));
  EXPECT_EQ(list, (std::vector<std::string_view>{"true", "null", "[]", "{}"}));
  EXPECT_EQ(string_value("42"), "");
}

TEST(JsonScan, MalformedTextIsRefusedNotOverread) {
  std::vector<Member> m;
  std::vector<std::string_view> list;
  for (std::string_view bad : {"", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\" 1}", "{\"a\":1,}",
                               "{\"a\":\"unterminated}", "[1,", "[1 2]", "{a:1}", "[", "\"\\"}) {
    m.clear();
    list.clear();
    EXPECT_FALSE(members(bad, m)) << bad;
    EXPECT_FALSE(items(bad, list)) << bad;
    const size_t end = skip_value(bad, 0);
    EXPECT_TRUE(end == npos || end <= bad.size()) << bad;
  }
  // In a buffer of exactly its bytes, so ASan sees a read past the end.
  for (std::string_view bad : {"{\"a\":", "{\"a\":  ", "{\"a\": [", "{\"a\": [ "}) {
    const std::vector<char> exact(bad.begin(), bad.end());
    EXPECT_TRUE(member_items(std::string_view(exact.data(), exact.size()), "a", 2).empty()) << bad;
  }
  EXPECT_FALSE(members("[1]", m));
  EXPECT_FALSE(items("{}", list));
  EXPECT_EQ(skip_value("  [1, [2]] ,", 0), 10u);
}

// However the array is cut for threads (a cut may fall inside an item or a
// string that looks like an item's start), the items are those of one scan.
TEST(JsonScan, MemberItemsAreTheSameInAnyNumberOfParts) {
  std::string text = R"({"description": "x", "value": [)";
  for (int i = 0; i < 300; ++i) {
    if (i) text += i % 7 ? "," : " ,\n ";
    text += R"({"id": ")" + std::to_string(i) +
            R"(", "nested": [{"a": 1},{"b": [2, {"c": "},{\"d"}]}],)" + R"( "s": ",{ \" ,{"})";
  }
  text += "]}";
  const auto one = member_items(text, "value", 1);
  ASSERT_EQ(one.size(), 1u);
  ASSERT_EQ(one[0].size(), 300u);
  EXPECT_EQ(nlohmann::json::parse(one[0][299])["id"], "299");
  for (size_t parts : {2u, 3u, 7u, 64u, 1000u}) {
    std::vector<std::string_view> joined;
    for (const auto& run : member_items(text, "value", parts))
      joined.insert(joined.end(), run.begin(), run.end());
    EXPECT_EQ(joined, one[0]) << parts << " parts";
  }
  EXPECT_TRUE(member_items(text, "nope", 2).empty());
  EXPECT_TRUE(member_items(R"({"value": []})", "value", 2).empty());
  EXPECT_TRUE(member_items(R"({"value": [{"a": 1}, {"b":)", "value", 2).empty());
}

TEST(JsonScan, RebuiltObjectsLoseWhitespaceOutsideStringsOnly) {
  std::vector<Member> m;
  ASSERT_TRUE(members("{\n  \"a b\" : [ 1, \"x \\\" y\" ] ,\t\"c\":null }\n", m));
  EXPECT_EQ(object_text({}, m, {}), R"({"a b":[1,"x \" y"],"c":null})");
}

TEST(JsonScan, RebuildsAnObjectWithMembersFirst) {
  std::vector<Member> m;
  ASSERT_TRUE(members(R"({"id": "1", "@odata.type": "old", "keep": [1], "drop": 2})", m));
  const std::string text = object_text({{"@odata.type", R"("#new")"}}, m, {"drop"});
  EXPECT_EQ(text, R"({"@odata.type":"#new","id":"1","keep":[1]})");
  EXPECT_EQ(object_text({}, {}, {}), "{}");
}

}  // namespace graphmock::json_scan
