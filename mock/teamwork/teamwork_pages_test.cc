// Pages of devices assembled from stored bytes (issue 27): each compared byte for byte with the
// page the mock built as a tree before, from the devices as GET one device returns them, for
// every fixture device, every $select of a property the devices carry and every documented
// $filter form; and pages after an action.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "core/query_string.h"
#include "core/reply.h"
#include "odata/query_options.h"
#include "server/test_server.h"
#include "teamwork/teamwork_store.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;
using Json = nlohmann::json;

const std::string kDevices = "/beta/teamwork/devices";
constexpr const char* kPrefer = "include-unknown-enum-members";

class TeamworkPagesTest : public ::testing::Test {
 protected:
  StartedServer mock_;
  std::unique_ptr<httplib::Client> http_ = mock_.client();

  // Every fixture device, in fixture order, as GET one device returns it (the tree path rewrites
  // evolvable enum members unless the client prefers them), without its @odata.context.
  std::vector<Json> devices(bool prefer) {
    std::ifstream in(std::string(GRAPHMOCK_TEST_FIXTURES) + "/default/teamworkDevices.json");
    const Json fixture = Json::parse(in);
    std::vector<Json> out;
    for (const auto& d : fixture["value"]) {
      Json one = get(kDevices + "/" + d["id"].get<std::string>(), prefer);
      one.erase("@odata.context");
      out.push_back(std::move(one));
    }
    return out;
  }

  Json get(const std::string& path, bool prefer) {
    auto r = http_->Get(path, prefer ? httplib::Headers{{"Prefer", kPrefer}} : httplib::Headers{});
    EXPECT_TRUE(r && r->status == 200) << path << " -> " << (r ? r->body : "no answer");
    return body_of(r);
  }

  // The page as the mock built it from trees: odata::page and render_collection over the devices,
  // serialised as every JSON reply is.
  std::string tree_built_page(const std::vector<Json>& all, const QueryParams& query, bool prefer) {
    odata::Spec spec;
    spec.type_name = "microsoft.graph.teamworkDevice";
    spec.filterable = {"deviceType", "hardwareDetail/uniqueId", "currentUser/id"};
    spec.enums = {kDeviceTypeEnum};
    odata::QueryOptions options;
    options.top = spec.default_top;
    for (const auto& [k, v] : query) {
      if (k == "$filter") options.filter = *odata::parse_filter(v, spec, prefer);
      if (k == "$top") options.top = std::stoi(v);
      if (k == "$count") options.count = v == "true";
      if (k == "$skiptoken") options.offset = *odata::decode_skiptoken(v);
      if (k == "$select") {
        std::string list = v;
        for (size_t at = 0; at <= list.size();) {
          size_t comma = std::min(list.find(',', at), list.size());
          options.select.push_back(list.substr(at, comma - at));
          at = comma + 1;
        }
      }
    }
    std::vector<const Json*> items;
    for (const auto& d : all) items.push_back(&d);
    Request request;
    request.base_url = mock_.url();
    request.path = kDevices;
    request.query = query;
    return reply_text(odata::render_collection(
        odata::page(items, options), options,
        std::string(kContextPrefix) + "teamwork/devices" + odata::context_select_suffix(options),
        request));
  }

  // Asserts that the mock's page for `query` is the tree-built page, byte for byte, and follows
  // its nextLink to the end. Returns the number of items seen.
  size_t expect_same_pages(const std::vector<Json>& all, QueryParams query, bool prefer) {
    size_t seen = 0;
    for (int pages = 0; pages < 20; ++pages) {
      std::string path = kDevices + "?" + encode_query(query);
      auto r =
          http_->Get(path, prefer ? httplib::Headers{{"Prefer", kPrefer}} : httplib::Headers{});
      EXPECT_TRUE(r && r->status == 200) << path << " -> " << (r ? r->body : "no answer");
      if (!r || r->status != 200) return seen;
      EXPECT_EQ(r->body, tree_built_page(all, query, prefer)) << path;
      Json body = Json::parse(r->body);
      seen += body["value"].size();
      if (!body.contains("@odata.nextLink")) return seen;
      std::string token = body["@odata.nextLink"].get<std::string>();
      token = token.substr(token.find("$skiptoken=") + 11);
      std::erase_if(query, [](const auto& kv) { return kv.first == "$skiptoken"; });
      query.emplace_back("$skiptoken", token);
    }
    ADD_FAILURE() << "more than 20 pages";
    return seen;
  }

  static std::string encode_query(const QueryParams& query) {
    std::string out;
    for (const auto& [k, v] : query)
      out += (out.empty() ? "" : "&") + percent_encode(k, "$") + "=" + percent_encode(v, "$'");
    return out;
  }
};

TEST_F(TeamworkPagesTest, PagesAreTheTreeBuiltPagesForEveryDevice) {
  for (bool prefer : {false, true}) {
    std::vector<Json> all = devices(prefer);
    ASSERT_EQ(all.size(), 17u);
    EXPECT_EQ(expect_same_pages(all, {}, prefer), 17u);
    for (const char* top : {"1", "2", "5", "16", "50"})
      EXPECT_EQ(expect_same_pages(all, {{"$top", top}}, prefer), 17u) << top;
    EXPECT_EQ(expect_same_pages(all, {{"$top", "4"}, {"$count", "true"}}, prefer), 17u);
  }
}

TEST_F(TeamworkPagesTest, SelectPagesAreTheTreeBuiltPagesForEveryProperty) {
  for (bool prefer : {false, true}) {
    std::vector<Json> all = devices(prefer);
    std::set<std::string> properties;
    for (const auto& d : all)
      for (const auto& [k, v] : d.items())
        if (k.rfind("@odata.", 0) != 0) properties.insert(k);
    ASSERT_GE(properties.size(), 12u);
    std::string every;
    for (const auto& p : properties) {
      every += (every.empty() ? "" : ",") + p;
      EXPECT_EQ(expect_same_pages(all, {{"$select", p}}, prefer), 17u) << p;
      for (const auto& q : properties) {  // every pair, in both orders
        if (q != p) {
          EXPECT_EQ(expect_same_pages(all, {{"$select", p + "," + q}}, prefer), 17u);
        }
      }
    }
    EXPECT_EQ(expect_same_pages(all, {{"$select", every}, {"$top", "3"}}, prefer), 17u);
    // Clients page with one list and look up with another: both stay right.
    EXPECT_EQ(expect_same_pages(all, {{"$select", "id,deviceType,healthStatus"}}, prefer), 17u);
  }
}

TEST_F(TeamworkPagesTest, FilterPagesAreTheTreeBuiltPagesForEveryDocumentedForm) {
  // docs/behaviour.md: eq on deviceType (plain, any case, typed in both namespaces),
  // hardwareDetail/uniqueId and currentUser/id (and null), joined by and/or, with parentheses.
  const std::vector<std::pair<std::string, size_t>> forms = {
      {"deviceType eq 'teamsRoom'", 3},
      {"deviceType eq 'TeamsRoom'", 3},
      {"deviceType eq microsoft.graph.teamworkDeviceType'collaborationBar'", 2},
      {"deviceType eq Microsoft.Teams.GraphSvc.teamworkDeviceType'collaborationBar'", 2},
      {"hardwareDetail/uniqueId eq 'LEN-PF3KX9RL'", 1},
      {"currentUser/id eq '2c753854-647e-425b-af7c-17507335f501'", 2},
      {"currentUser/id eq null", 2},
      {"deviceType eq 'ipPhone' or deviceType eq 'sip'", 4},
      {"deviceType eq 'teamsRoom' and currentUser/id eq '31677ba0-5257-4de0-949c-d5401aa941a4'", 1},
      {"(deviceType eq 'teamsPanel' or deviceType eq 'sip') and currentUser/id eq null", 0},
      {"deviceType eq 'nothing'", 0},
  };
  for (bool prefer : {false, true}) {
    std::vector<Json> all = devices(prefer);
    for (const auto& [form, matches] : forms) {
      EXPECT_EQ(expect_same_pages(all, {{"$filter", form}}, prefer), matches) << form;
      EXPECT_EQ(
          expect_same_pages(all, {{"$filter", form}, {"$top", "1"}, {"$count", "true"}}, prefer),
          matches)
          << form;
      EXPECT_EQ(expect_same_pages(all, {{"$filter", form}, {"$select", "id,deviceType"}}, prefer),
                matches)
          << form;
    }
  }
  // The evolvable member: unknownFutureValue stands for it unless the client prefers it.
  EXPECT_EQ(
      expect_same_pages(devices(false), {{"$filter", "deviceType eq 'unknownFutureValue'"}}, false),
      1u);
  EXPECT_EQ(expect_same_pages(devices(true), {{"$filter", "deviceType eq 'sipAnalog'"}}, true), 1u);
}

TEST_F(TeamworkPagesTest, ADeviceChangedByAnActionAppearsChangedInTheNextPage) {
  const std::string room = "41142dae-02dd-459b-9365-63e26e8d2653";  // no operations
  auto device_in = [&](const Json& page) {
    for (const auto& d : page["value"])
      if (d["id"] == room) return d;
    return Json();
  };
  std::string q = kDevices + "?$expand=operations,configuration&$top=50";
  Json before = device_in(get(q, false));
  ASSERT_EQ(before["operations"], Json::array());
  auto r = http_->Post(kDevices + "/" + room + "/updateSoftware",
                       R"({"softwareType":"teamsClient","softwareVersion":"9.9.9"})",
                       "application/json");
  ASSERT_TRUE(r && r->status == 202) << (r ? r->body : "");
  Json after = device_in(get(q, false));
  ASSERT_EQ(after["operations"].size(), 1u);
  EXPECT_EQ(after["operations"].back()["operationType"], "softwareUpdate");
  EXPECT_EQ(after["operations"].back()["status"], "queued");
  ASSERT_TRUE(mock_.server().advance(std::chrono::minutes(10)).ok());
  Json done = device_in(get(q, false));
  EXPECT_EQ(done["operations"].back()["status"], "successful");
  EXPECT_EQ(done["configuration"]["softwareVersions"]["teamsClientSoftwareVersion"], "9.9.9");
  // The page without $expand is still the tree-built one, the same before and after.
  EXPECT_EQ(expect_same_pages(devices(false), {{"$top", "50"}}, false), 17u);
}

}  // namespace
}  // namespace graphmock
