// The Teams devices pages' request examples (seeds 000, 001, 003, 004) replayed over HTTP, and
// each documented behaviour where the documents disagree: status vocabularies, evolvable enums,
// $count, $expand, enum literals in $filter, Location and nextLink forms, the docs-variants
// scenario. In-process server, virtual clock, strict response validation.
#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <regex>
#include <set>
#include <vector>

#include "server/test_server.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
using graphmock::testing::body_of;
using graphmock::testing::StartedServer;
using graphmock::testing::test_options;

const std::string kDevices = "/beta/teamwork/devices";
constexpr const char* kSipAnalog = "3f0c6a5e-8b1d-4e2a-9c47-5d2e81b0a6f3";
constexpr const char* kIdle = "41142dae-02dd-459b-9365-63e26e8d2653";  // teamsRoom, no operations
const httplib::Headers kPreferUnknown = {{"Prefer", "include-unknown-enum-members"}};
const std::regex kRelativeLocation(
    "/teamwork/devices/41142dae-02dd-459b-9365-63e26e8d2653/operations/[0-9a-f-]{36}");

ServerOptions with(const std::function<void(ServerOptions&)>& change) {
  ServerOptions o = test_options();
  change(o);
  return o;
}

class TeamworkDocsTest : public ::testing::Test {
 protected:
  explicit TeamworkDocsTest(ServerOptions options = test_options()) : mock_(std::move(options)) {}

  Json get_json(const std::string& path, int expected_status = 200,
                const httplib::Headers& headers = {}) {
    auto r = http_->Get(path, headers);
    EXPECT_TRUE(r) << path;
    if (!r) return nullptr;
    EXPECT_EQ(r->status, expected_status) << path << " -> " << r->body;
    return body_of(r);
  }
  std::string error_message(const std::string& path) {
    return get_json(path, 400)["error"].value("message", "");
  }
  void advance(int seconds) {
    ASSERT_TRUE(mock_.server().advance(std::chrono::seconds(seconds)).ok());
  }
  // The status words an operation shows from acceptance to its end, one per change.
  std::vector<std::string> lifecycle_words(const std::string& action) {
    auto r = http_->Post(kDevices + "/" + kIdle + "/" + action);
    EXPECT_TRUE(r && r->status == 202);
    if (!r || r->status != 202) return {};
    std::string path = r->get_header_value("Location");
    if (path.rfind("http", 0) == 0) path = path.substr(mock_.url().size());
    if (path.rfind("/beta", 0) != 0) path = "/beta" + path;
    std::vector<std::string> seen;
    for (int i = 0; i < 200; ++i) {
      std::string s = get_json(path).value("status", "");
      if (seen.empty() || seen.back() != s) seen.push_back(s);
      std::string lower = s;
      for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "successful" || lower == "succeeded" || lower == "failed") break;
      advance(1);
    }
    return seen;
  }

  StartedServer mock_;
  std::unique_ptr<httplib::Client> http_ = mock_.client();
};

// Seeds 000 and 001 (runDiagnostics, markdown and rendered page): no body -> 202, empty text/plain
// body, Location relative to the version root; 409 while the operation is queued.
TEST_F(TeamworkDocsTest, Seeds000And001RunDiagnosticsExample) {
  auto r = http_->Post(kDevices + "/" + kIdle + "/runDiagnostics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202);
  EXPECT_TRUE(std::regex_match(r->get_header_value("Location"), kRelativeLocation))
      << r->get_header_value("Location");
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/plain");
  EXPECT_EQ(r->get_header_value("Content-Length"), "0");
  EXPECT_TRUE(r->body.empty());
  auto again = http_->Post(kDevices + "/" + kIdle + "/runDiagnostics");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(body_of(again)["error"]["code"], "Conflict");
}

// Seed 003 (create teamworkDeviceOperation): the body a client writes from the example (its
// placeholders filled) -> 201 and the object; the example's placeholders themselves -> 400.
TEST_F(TeamworkDocsTest, Seed003CreateOperationExample) {
  Json body = {{"@odata.type", "#microsoft.graph.teamworkDeviceOperation"},
               {"status", "successful"},
               {"operationType", "deviceDiagnostics"},
               {"error", {{"@odata.type", "microsoft.graph.operationError"}}},
               {"startedDateTime", "2021-06-19T12:01:03.45Z"},
               {"completedDateTime", "2021-06-19T12:05:03.45Z"},
               {"createdBy", {{"@odata.type", "microsoft.graph.identitySet"}}},
               {"lastActionDateTime", "2021-06-19T12:05:03.45Z"},
               {"lastActionBy", {{"@odata.type", "microsoft.graph.identitySet"}}}};
  auto r = http_->Post(kDevices + "/" + kIdle + "/operations", body.dump(), "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 201) << r->body;
  Json created = body_of(r);
  EXPECT_EQ(created["@odata.type"], "#microsoft.graph.teamworkDeviceOperation");
  EXPECT_EQ(created["status"], "successful");
  EXPECT_EQ(created["startedDateTime"], "2021-06-19T12:01:03.45Z");
  EXPECT_EQ(r->get_header_value("Location"), "/teamwork/devices/" + std::string(kIdle) +
                                                 "/operations/" + created["id"].get<std::string>());
  Json placeholders = body;
  placeholders["operationType"] = "String";
  placeholders["startedDateTime"] = "String (timestamp)";
  auto bad =
      http_->Post(kDevices + "/" + kIdle + "/operations", placeholders.dump(), "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_NE(bad->body.find("/operationType"), std::string::npos) << bad->body;
}

// Seed 004 (updateSoftware): the example body -> 202 + Location; the version shows once done.
TEST_F(TeamworkDocsTest, Seed004UpdateSoftwareExample) {
  auto r = http_->Post(kDevices + "/" + kIdle + "/updateSoftware",
                       R"({"softwareType": "teamsClient", "softwareVersion": "1.0.96.22"})",
                       "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202) << r->body;
  EXPECT_TRUE(std::regex_match(r->get_header_value("Location"), kRelativeLocation));
  EXPECT_TRUE(r->body.empty());
  advance(180);
  EXPECT_EQ(get_json(kDevices + "/" + kIdle +
                     "/configuration")["softwareVersions"]["teamsClientSoftwareVersion"],
            "1.0.96.22");
}

TEST_F(TeamworkDocsTest, ResourcePageStatusWordsByDefault) {
  EXPECT_EQ(lifecycle_words("runDiagnostics"),
            (std::vector<std::string>{"queued", "inProgress", "successful"}));
}

TEST_F(TeamworkDocsTest, EvolvableMemberIsUnknownFutureValueWithoutPrefer) {
  Json d = get_json(kDevices + "/" + kSipAnalog);
  EXPECT_EQ(d["deviceType"], "unknownFutureValue");
  auto r = http_->Get(kDevices + "/" + kSipAnalog, kPreferUnknown);
  ASSERT_TRUE(r);
  EXPECT_EQ(body_of(r)["deviceType"], "sipAnalog");
  EXPECT_EQ(r->get_header_value("Preference-Applied"), "include-unknown-enum-members");
  EXPECT_FALSE(http_->Get(kDevices + "/" + kSipAnalog)->has_header("Preference-Applied"));

  // Lists and identities alike: no response without the header holds a hidden member.
  auto members = [&](const httplib::Headers& headers) {
    std::set<std::string> out;
    Json list = get_json(kDevices, 200, headers);
    for (const auto& d : list["value"]) {
      out.insert(d["deviceType"].get<std::string>());
      if (d["currentUser"].is_object()) out.insert(d["currentUser"].value("userIdentityType", ""));
    }
    return out;
  };
  std::set<std::string> plain = members({}), preferred = members(kPreferUnknown);
  for (const char* member : {"sipAnalog", "emailUser", "azureCommunicationServicesUser"}) {
    EXPECT_FALSE(plain.count(member)) << member;
    EXPECT_TRUE(preferred.count(member)) << member;
  }
  EXPECT_TRUE(plain.count("unknownFutureValue"));
}

TEST_F(TeamworkDocsTest, EvolvableMemberInFilterFollowsGraphsRule) {
  const std::string by_sip = kDevices + "?$filter=deviceType%20eq%20'sipAnalog'";
  EXPECT_EQ(error_message(by_sip),
            "Invalid $filter: 'sipAnalog' is a member of teamworkDeviceType declared after "
            "unknownFutureValue; send the request header 'Prefer: include-unknown-enum-members' "
            "to use it.");
  Json found = get_json(by_sip, 200, kPreferUnknown);
  ASSERT_EQ(found["value"].size(), 1u);
  EXPECT_EQ(found["value"][0]["id"], kSipAnalog);
  const std::string by_sentinel = kDevices + "?$filter=deviceType%20eq%20'unknownFutureValue'";
  Json hidden = get_json(by_sentinel);
  ASSERT_EQ(hidden["value"].size(), 1u);
  EXPECT_EQ(hidden["value"][0]["deviceType"], "unknownFutureValue");
  EXPECT_EQ(get_json(by_sentinel, 200, kPreferUnknown)["value"].size(), 0u);
}

TEST_F(TeamworkDocsTest, CountGivesTheFilteredTotalOnEveryList) {
  EXPECT_FALSE(get_json(kDevices).contains("@odata.count"));
  Json rooms = get_json(kDevices + "?$count=true&$top=1&$filter=deviceType%20eq%20'teamsRoom'");
  EXPECT_EQ(rooms["@odata.count"], 3);
  EXPECT_EQ(rooms["value"].size(), 1u);
  EXPECT_NE(rooms["@odata.nextLink"].get<std::string>().find("$count=true"), std::string::npos);
  Json ops = get_json(kDevices + "/b5e463a9-7520-4006-b699-237421670139/operations?$count=true");
  EXPECT_EQ(ops["@odata.count"], 3);
  EXPECT_FALSE(get_json(kDevices + "?$count=false").contains("@odata.count"));
}

TEST_F(TeamworkDocsTest, ExpandTheDevicesNavigationProperties) {
  const std::string device = kDevices + "/b5e463a9-7520-4006-b699-237421670139";
  Json d = get_json(device + "?$expand=health,operations");
  EXPECT_EQ(d["health"]["@odata.type"], "#microsoft.graph.teamworkDeviceHealth");
  EXPECT_EQ(d["operations"].size(), 3u);
  EXPECT_FALSE(d.contains("activity"));
  Json all = get_json(device + "?$expand=*&$select=deviceType");
  for (const char* nav : {"health", "activity", "configuration", "operations"})
    EXPECT_TRUE(all.contains(nav)) << nav;
  EXPECT_FALSE(all.contains("notes"));
  Json list = get_json(kDevices + "?$expand=activity&$top=2");
  for (const auto& item : list["value"]) EXPECT_TRUE(item["activity"].is_object());
  // The health, activity and configuration pages document $expand; their types have nothing
  // to expand, so a name is refused naming it.
  EXPECT_EQ(get_json(device + "/health?$expand=*").value("id", ""),
            "b5e463a9-7520-4006-b699-237421670139");
  EXPECT_EQ(error_message(device + "/health?$expand=peripherals"),
            "Invalid $expand: 'peripherals' is not a navigation property of "
            "microsoft.graph.teamworkDeviceHealth, which has none.");
  EXPECT_NE(error_message(device + "?$expand=users").find("'users'"), std::string::npos);
  EXPECT_NE(error_message(device + "/operations?$expand=device").find("is not supported"),
            std::string::npos);
}

TEST_F(TeamworkDocsTest, EnumLiteralFilterForms) {
  for (const char* literal : {"microsoft.graph.teamworkDeviceType'collaborationBar'",
                              "Microsoft.Teams.GraphSvc.teamworkDeviceType'collaborationBar'",
                              "'collaborationBar'", "'CollaborationBar'"}) {
    Json bars = get_json(kDevices + "?$filter=deviceType%20eq%20" + literal);
    EXPECT_EQ(bars["value"].size(), 2u) << literal;
  }
  EXPECT_NE(
      error_message(kDevices + "?$filter=deviceType%20eq%20microsoft.graph.teamworkSoftwareType'x'")
          .find("is not the type of 'deviceType'"),
      std::string::npos);
}

class TeamworkVariantFlagsTest : public TeamworkDocsTest {
 protected:
  TeamworkVariantFlagsTest()
      : TeamworkDocsTest(with([](ServerOptions& o) {
          o.settings["/docsVariants/statusWords"] = "actionPages";
          o.settings["/docsVariants/location"] = "absolute";
        })) {}
};

// The action pages' words: "queued, succeeded, or failed", and "running" for the middle phase.
TEST_F(TeamworkVariantFlagsTest, ActionPagesStatusWordsAndAbsoluteLocation) {
  auto r = http_->Post(kDevices + "/" + kIdle + "/restart");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Location").rfind(mock_.url() + "/beta/teamwork/devices/", 0), 0u);
  advance(90);
  EXPECT_EQ(lifecycle_words("runDiagnostics"),
            (std::vector<std::string>{"queued", "running", "succeeded"}));
  // Fixture operations are written in the vocabulary too.
  Json ops = get_json(kDevices + "/88276c4a-a06c-4228-ab27-f90472840030/operations");
  EXPECT_EQ(ops["value"][0]["status"], "succeeded");
}

class TeamworkDocsVariantsScenarioTest : public TeamworkDocsTest {
 protected:
  TeamworkDocsVariantsScenarioTest()
      : TeamworkDocsTest(with([](ServerOptions& o) { o.scenario = "docs-variants"; })) {}
};

TEST_F(TeamworkDocsVariantsScenarioTest, EveryVariantThroughALifecycleAndPaging) {
  // Paging: relative nextLink, @odata.count without $count, PascalCase members.
  std::string next = kDevices + "?$top=5";
  size_t seen = 0;
  int pages = 0;
  while (!next.empty()) {
    Json page = get_json(next);
    EXPECT_EQ(page["@odata.count"], 17);
    for (const auto& d : page["value"]) {
      std::string type = d["deviceType"];
      EXPECT_TRUE(std::isupper(static_cast<unsigned char>(type[0]))) << type;
    }
    seen += page["value"].size();
    next.clear();
    if (page.contains("@odata.nextLink")) {
      std::string link = page["@odata.nextLink"];
      EXPECT_EQ(link.rfind("/teamwork/devices?", 0), 0u) << link;
      next = "/beta" + link;
    }
    ++pages;
  }
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seen, 17u);
  EXPECT_EQ(get_json(kDevices + "/" + kSipAnalog)["deviceType"], "UnknownFutureValue");
  EXPECT_EQ(get_json(kDevices + "/" + kSipAnalog, 200, kPreferUnknown)["deviceType"], "SipAnalog");
  // A PascalCase literal filters like the docs' sample.
  EXPECT_EQ(get_json(kDevices + "?$filter=deviceType%20eq%20'TeamsRoom'")["value"].size(), 3u);
  // A lifecycle: absolute Location, the resource page's words as listed.
  EXPECT_EQ(lifecycle_words("runDiagnostics"),
            (std::vector<std::string>{"Queued", "InProgress", "Successful"}));
  Json op = get_json(kDevices + "/" + std::string(kIdle) + "/operations");
  EXPECT_EQ(op["value"][0]["operationType"], "DeviceDiagnostics");
}

class TeamworkFlagBeatsScenarioTest : public TeamworkDocsTest {
 protected:
  TeamworkFlagBeatsScenarioTest()
      : TeamworkDocsTest(with([](ServerOptions& o) {
          o.scenario = "docs-variants";
          o.settings["/docsVariants/location"] = "relative";
        })) {}
};

TEST_F(TeamworkFlagBeatsScenarioTest, AFlagGivenOverridesTheScenario) {
  auto r = http_->Post(kDevices + "/" + kIdle + "/restart");
  ASSERT_TRUE(r);
  EXPECT_TRUE(std::regex_match(r->get_header_value("Location"), kRelativeLocation));
  EXPECT_EQ(get_json(kDevices + "/" + kIdle)["deviceType"], "TeamsRoom");  // the rest stays
}

}  // namespace
}  // namespace graphmock

namespace graphmock {
namespace {

// Every teamworkDevice page announces the beta device-management APIs' deprecation (November
// 2025); the metadata carries no Revisions record for them. So by default no header, and under
// --revisions documented (or the docs-variants scenario) Graph's three deprecation headers on
// every Teams device route, errors included; the flag beats the scenario.
TEST(TeamworkDeprecationTest, ThePagesAnnouncementIsSentOnlyUnderTheDocumentedVariant) {
  auto deprecation = [](ServerOptions o, const std::string& path) {
    StartedServer mock(std::move(o));
    auto r = mock.client()->Get(path);
    EXPECT_TRUE(r);
    return r ? std::vector<std::string>{r->get_header_value("Deprecation"),
                                        r->get_header_value("Sunset"), r->get_header_value("Link")}
             : std::vector<std::string>{};
  };
  const std::vector<std::string> none = {"", "", ""};
  const std::vector<std::string> announced = {
      "Sun, 30 Nov 2025 23:59:59 GMT", "Sun, 30 Nov 2025 23:59:59 GMT",
      "https://docs.microsoft.com/en-us/graph/changelog#2025-11-30_teamworkDevice ; "
      "rel=\"deprecation\"; type=\"text/html\"; title=\"teamworkDevice\""};
  EXPECT_EQ(deprecation(test_options(), kDevices), none);
  ServerOptions documented = test_options();
  documented.revisions = RevisionsMode::kDocumented;
  EXPECT_EQ(deprecation(documented, kDevices), announced);
  EXPECT_EQ(deprecation(documented, kDevices + "/no-such-device/health"), announced);
  EXPECT_EQ(deprecation(documented, "/beta/teamwork"), none);  // the singleton is not deprecated
  ServerOptions scenario = with([](ServerOptions& o) { o.scenario = "docs-variants"; });
  EXPECT_EQ(deprecation(scenario, kDevices), announced);
  scenario.revisions = RevisionsMode::kMetadata;
  EXPECT_EQ(deprecation(scenario, kDevices), none);
}

}  // namespace
}  // namespace graphmock
