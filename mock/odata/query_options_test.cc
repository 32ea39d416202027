#include "odata/query_options.h"

#include <gtest/gtest.h>

namespace graphmock::odata {
namespace {

Spec device_spec() {
  Spec s;
  s.type_name = "microsoft.graph.teamworkDevice";
  s.properties = {"id", "deviceType", "hardwareDetail", "currentUser"};
  s.filterable = {"deviceType", "hardwareDetail/uniqueId", "currentUser/id"};
  s.enums = {{"deviceType", "teamworkDeviceType", {"sipAnalog"}}};
  return s;
}

Json devices() {
  return Json::parse(R"([
    {"id":"1","deviceType":"teamsRoom","hardwareDetail":{"uniqueId":"U1"},"currentUser":{"id":"a"}},
    {"id":"2","deviceType":"ipPhone","hardwareDetail":{"uniqueId":"U2"},"currentUser":null},
    {"id":"3","deviceType":"teamsRoom","hardwareDetail":{"uniqueId":"U3"},"currentUser":{"id":"b"}}])");
}

std::vector<std::string> ids_matching(const std::string& filter, bool include_unknown = false) {
  auto f = parse_filter(filter, device_spec(), include_unknown);
  EXPECT_TRUE(f.ok()) << (f.ok() ? "" : f.error().message);
  std::vector<std::string> out;
  if (!f.ok()) return out;
  Json all = devices();
  all.push_back(  // a member after unknownFutureValue
      {{"id", "4"}, {"deviceType", "sipAnalog"}, {"currentUser", {{"id", "c"}}}});
  for (const auto& d : all)
    if (matches(**f, d)) out.push_back(d["id"]);
  return out;
}

using V = std::vector<std::string>;

TEST(FilterTest, EqOnEachDocumentedProperty) {
  EXPECT_EQ(ids_matching("deviceType eq 'teamsRoom'"), (V{"1", "3"}));
  EXPECT_EQ(ids_matching("hardwareDetail/uniqueId eq 'U2'"), (V{"2"}));
  EXPECT_EQ(ids_matching("currentUser/id eq 'b'"), (V{"3"}));
  EXPECT_EQ(ids_matching("currentUser/id eq null"), (V{"2"}));
}

TEST(FilterTest, EnumLiteralsMatchCaseInsensitivelyLikeTheDocsSample) {
  EXPECT_EQ(ids_matching("deviceType eq 'TeamsRoom'"), (V{"1", "3"}));
}

TEST(FilterTest, AndOrAndParentheses) {
  EXPECT_EQ(ids_matching("deviceType eq 'teamsRoom' and currentUser/id eq 'a'"), (V{"1"}));
  EXPECT_EQ(ids_matching("deviceType eq 'ipPhone' or currentUser/id eq 'b'"), (V{"2", "3"}));
  EXPECT_EQ(ids_matching("(deviceType eq 'ipPhone' or deviceType eq 'teamsRoom') and "
                         "hardwareDetail/uniqueId eq 'U3'"),
            (V{"3"}));
  // and binds tighter than or
  EXPECT_EQ(ids_matching(
                "deviceType eq 'ipPhone' or deviceType eq 'teamsRoom' and currentUser/id eq 'a'"),
            (V{"1", "2"}));
}

TEST(FilterTest, AnEnumLiteralNamesAMemberWhenTheMembersAreKnown) {
  Spec spec = device_spec();
  spec.enums[0].members = {"unknown", "ipPhone", "unknownFutureValue", "sipAnalog"};
  auto msg = [&](const std::string& f) {
    auto r = parse_filter(f, spec, true);
    return r.ok() ? std::string("<ok>") : r.error().message;
  };
  EXPECT_EQ(msg("deviceType eq 'IPPHONE'"), "<ok>");  // any case, as the evolvable rule
  EXPECT_EQ(msg("deviceType eq microsoft.graph.teamworkDeviceType'sipAnalog'"), "<ok>");
  EXPECT_NE(msg("deviceType eq 'surfaceHub'")
                .find("'surfaceHub' is not a member of microsoft.graph.teamworkDeviceType"),
            std::string::npos);
  spec.enums[0].members.clear();  // unknown members: the literal is compared as text
  EXPECT_EQ(msg("deviceType eq 'surfaceHub'"), "<ok>");
}

TEST(FilterTest, UnsupportedFormsSayWhatIsWrong) {
  auto msg = [](const std::string& f) {
    auto r = parse_filter(f, device_spec());
    return r.ok() ? std::string("<ok>") : r.error().message;
  };
  EXPECT_NE(msg("deviceType ne 'ipPhone'").find("operator 'ne' is not supported"),
            std::string::npos);
  EXPECT_NE(msg("id eq 'x'").find("property 'id' cannot be filtered"), std::string::npos);
  EXPECT_NE(msg("notes eq 'x'")
                .find("could not find a property named 'notes' on type "
                      "'microsoft.graph.teamworkDevice'"),
            std::string::npos);
  EXPECT_NE(msg("startswith(deviceType,'t')").find("function 'startswith' is not supported"),
            std::string::npos);
  EXPECT_NE(msg("deviceType eq 'x").find("unterminated string"), std::string::npos);
  EXPECT_NE(msg("(deviceType eq 'x'").find("missing ')'"), std::string::npos);
  EXPECT_NE(msg("deviceType eq 'x' junk").find("unexpected 'junk'"), std::string::npos);
}

TEST(QueryOptionsTest, TopDefaultsAndLimits) {
  auto ok = parse({}, device_spec());
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->top, 20);
  EXPECT_EQ(parse({{"$top", "50"}}, device_spec())->top, 50);
  for (const char* bad : {"0", "51", "-1", "ten", "5x"}) {
    auto r = parse({{"$top", bad}}, device_spec());
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().status, 400);
  }
}

TEST(QueryOptionsTest, RejectsWhatTheListDoesNotSupport) {
  for (const char* opt : {"$orderby", "$skip", "$search", "$expand", "$format"}) {
    auto r = parse({{opt, "x"}}, device_spec());
    ASSERT_FALSE(r.ok()) << opt;
    EXPECT_NE(r.error().message.find("is not supported"), std::string::npos) << r.error().message;
  }
  EXPECT_FALSE(
      parse({{"$top", "1"}, {"$TOP", "2"}}, device_spec()).ok());  // duplicate, case-insensitive
  EXPECT_TRUE(parse({{"api-version", "x"}}, device_spec()).ok());  // custom parameters are ignored
  EXPECT_FALSE(parse({{"$select", "id,bogus"}}, device_spec()).ok());
  EXPECT_FALSE(parse({{"$skiptoken", "forged"}}, device_spec()).ok());
}

TEST(QueryOptionsTest, PagesWithSkiptokenUntilTheEnd) {
  Json all = devices();
  std::vector<const Json*> items;
  for (const auto& d : all) items.push_back(&d);
  auto opts = *parse({{"$top", "2"}}, device_spec());
  auto p1 = page(items, opts);
  ASSERT_EQ(p1.items.size(), 2u);
  ASSERT_TRUE(p1.next_skiptoken);
  opts.offset = *decode_skiptoken(*p1.next_skiptoken);
  auto p2 = page(items, opts);
  ASSERT_EQ(p2.items.size(), 1u);
  EXPECT_EQ((*p2.items[0])["id"], "3");
  EXPECT_FALSE(p2.next_skiptoken);
}

TEST(QueryOptionsTest, RendersNextLinkAndSelect) {
  Json all = devices();
  std::vector<const Json*> items;
  for (const auto& d : all) items.push_back(&d);
  Request req;
  req.base_url = "http://127.0.0.1:9";
  req.path = "/beta/teamwork/devices";
  req.query = {{"$top", "1"}, {"$select", "deviceType"}, {"$filter", "deviceType eq 'teamsRoom'"}};
  auto opts = *parse(req.query, device_spec());
  Json out = render_collection(page(items, opts), opts, "ctx", req);
  EXPECT_EQ(out["@odata.context"], "ctx");
  EXPECT_EQ(out["value"].size(), 1u);
  EXPECT_EQ(out["value"][0], (Json{{"id", "1"}, {"deviceType", "teamsRoom"}}));
  EXPECT_EQ(out["@odata.nextLink"],
            "http://127.0.0.1:9/beta/teamwork/"
            "devices?$top=1&$select=deviceType&$filter=deviceType%20eq%20'teamsRoom'"
            "&$skiptoken=gm1.1");
}

TEST(QueryOptionsTest, EnumLiteralsTypedByEitherNamespaceOrPlain) {
  using V = std::vector<std::string>;
  EXPECT_EQ(ids_matching("deviceType eq microsoft.graph.teamworkDeviceType'teamsRoom'"),
            V({"1", "3"}));
  // The list page's own example writes the service namespace.
  EXPECT_EQ(ids_matching("deviceType eq Microsoft.Teams.GraphSvc.teamworkDeviceType'ipPhone'"),
            V({"2"}));
  EXPECT_EQ(ids_matching("deviceType eq 'TeamsRoom'"), V({"1", "3"}));
  for (const char* bad : {"deviceType eq microsoft.graph.teamworkSoftwareType'teamsRoom'",
                          "currentUser/id eq microsoft.graph.teamworkDeviceType'a'"}) {
    auto r = parse_filter(bad, device_spec());
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().status, 400);
  }
}

TEST(QueryOptionsTest, EvolvableMembersNeedThePreferHeader) {
  using V = std::vector<std::string>;
  auto hidden = parse_filter("deviceType eq 'sipAnalog'", device_spec(), false);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().message,
            "Invalid $filter: 'sipAnalog' is a member of teamworkDeviceType declared after "
            "unknownFutureValue; send the request header 'Prefer: include-unknown-enum-members' "
            "to use it.");
  EXPECT_EQ(ids_matching("deviceType eq 'unknownFutureValue'"), V({"4"}));
  EXPECT_EQ(ids_matching("deviceType eq microsoft.graph.teamworkDeviceType'sipAnalog'", true),
            V({"4"}));
  EXPECT_EQ(ids_matching("deviceType eq 'unknownFutureValue'", true), V());
}

TEST(QueryOptionsTest, CountAndExpand) {
  auto counted = parse({{"$count", "true"}}, device_spec());
  ASSERT_TRUE(counted.ok());
  EXPECT_TRUE(counted->count);
  EXPECT_FALSE(parse({{"$count", "yes"}}, device_spec()).ok());

  Spec s = device_spec();
  s.expand = true;  // documented, but nothing to expand
  auto none = parse({{"$expand", "operations"}}, s);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message,
            "Invalid $expand: 'operations' is not a navigation property of "
            "microsoft.graph.teamworkDevice, which has none.");
  EXPECT_TRUE(parse({{"$expand", "*"}}, s).ok());
  s.expandable = {"health", "operations"};
  auto all = parse({{"$expand", "*"}}, s);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->expand, s.expandable);
}

TEST(QueryOptionsTest, PreferHeaderTokens) {
  Request r;
  r.headers.emplace("Prefer", "odata.maxpagesize=5, Include-Unknown-Enum-Members");
  EXPECT_TRUE(prefers(r, kIncludeUnknownEnumMembers));
  EXPECT_FALSE(prefers(Request{}, kIncludeUnknownEnumMembers));
}

}  // namespace
}  // namespace graphmock::odata
