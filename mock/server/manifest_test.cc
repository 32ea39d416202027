// What the families' manifests (mock/<family>/manifest.json, generated from metadata/) promise,
// checked against the running server: the tests walk the manifests, not hand lists.
#include <gtest/gtest.h>

#include <optional>

#include "core/files.h"
#include "families/families.h"
#include "server/server_impl.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using graphmock::testing::body_of;
using graphmock::testing::StartedServer;
using Json = nlohmann::json;

// `templ` ("/beta/teamwork/devices/{deviceId}/health") with each {key} replaced by the id of
// the first entity of the collection before it; nullopt when that collection is empty.
std::optional<std::string> concrete(httplib::Client& http, const std::string& templ) {
  std::string url;
  size_t i = 0;
  while (i < templ.size()) {
    size_t open = templ.find('{', i);
    if (open == std::string::npos) return url + templ.substr(i);
    url += templ.substr(i, open - i - 1);  // without the '/' before the key
    auto list = http.Get(url + "?$top=1");
    if (!list || list->status != 200) return std::nullopt;
    Json items = body_of(list)["value"];
    if (items.empty()) return std::nullopt;
    url += "/" + items[0]["id"].get<std::string>();
    i = templ.find('}', open) + 1;
  }
  return url;
}

// The families' own serve flags come from their manifests: each word the flag offers is what
// schemas/scenario.json allows at its setting, loads, and reaches the scenario the families
// read; any other word stops the start with a 400 that names the setting.
TEST(ManifestTest, EveryDeclaredFlagOffersItsSettingsWordsAndSetsIt) {
  const Json scenario_schema =
      Json::parse(*read_file(std::string(GRAPHMOCK_TEST_SCHEMAS) + "/scenario.json"));
  size_t flags = 0;
  for (const FamilyManifest* manifest : builtin_manifests())
    for (const FamilyOption& option : manifest->options()) {
      ++flags;
      EXPECT_EQ(option.flag.rfind("--", 0), 0u) << option.flag;
      // "/a/b" is properties.a.properties.b of the assembled schema.
      std::vector<std::string> parts;
      for (auto p = Json::json_pointer(option.setting); !p.empty(); p = p.parent_pointer())
        parts.insert(parts.begin(), p.back());
      const Json* node = &scenario_schema;
      for (const auto& part : parts) node = &node->at("properties").at(part);
      EXPECT_EQ(Json(option.words), node->at("enum")) << option.flag;
      for (const std::string& word : option.words) {
        ServerOptions o = testing::test_options();
        o.settings[option.setting] = word;
        Server s(o);
        auto loaded = s.load();
        EXPECT_TRUE(loaded.ok()) << option.flag << " " << word << ": " << loaded.error().message;
      }
      ServerOptions o = testing::test_options();
      o.settings[option.setting] = "no-such-word";
      Server s(o);
      auto loaded = s.load();
      ASSERT_FALSE(loaded.ok()) << option.flag;
      EXPECT_NE(loaded.error().message.find(option.setting), std::string::npos)
          << loaded.error().message;
    }
  EXPECT_GE(flags, 5u);  // the documented variants' flags (docs/behaviour.md)
}

// Issue 26, acceptance 1: $select of each property of each type a family serves answers 200
// (managedDevices?$select=iccid among them); an unknown property is Graph's 400.
TEST(ManifestTest, SelectOfEveryPropertyOfEveryServedTypeAnswers200) {
  StartedServer mock;
  auto http = mock.client();
  size_t checked = 0;
  for (const auto& family : internals(mock.server()).families()) {
    const FamilyManifest& manifest = family->manifest();
    for (const Json& path : manifest.json()["paths"]) {
      if (!path.contains("type")) continue;
      const std::string templ =
          "/" + path["version"].get<std::string>() + path["template"].get<std::string>();
      auto url = concrete(*http, templ);
      ASSERT_TRUE(url) << templ << ": no entity in the default fixtures to address it";
      // The type as the path's version has it (/v1.0: the manifest's versions.v1.0).
      const std::string version = path["version"];
      const Json& types = version == "beta" ? manifest.json()["types"]
                                            : manifest.json()["versions"][version]["types"];
      for (const Json& p : types[path["type"].get<std::string>()]["properties"]) {
        const std::string property = p["name"];
        auto r = http->Get(*url + "?$select=" + property);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << *url << "?$select=" << property << ": " << r->body;
        ++checked;
      }
      auto unknown = http->Get(*url + "?$select=notAProperty");
      ASSERT_TRUE(unknown);
      EXPECT_EQ(unknown->status, 400) << *url;
      EXPECT_EQ(body_of(unknown)["error"]["message"],
                "Invalid $select: could not find a property named 'notAProperty' on type "
                "'microsoft.graph." +
                    path["type"].get<std::string>() + "'.")
          << *url;
    }
  }
  EXPECT_GT(checked, 500u);  // managedDevice alone has 85 properties on four paths
  auto iccid = http->Get("/beta/deviceManagement/managedDevices?$select=iccid");
  ASSERT_TRUE(iccid);
  EXPECT_EQ(iccid->status, 200) << iccid->body;
  // A property only beta's managedDevice has is unknown on /v1.0.
  auto beta_only = http->Get("/v1.0/deviceManagement/managedDevices?$select=chassisType");
  ASSERT_TRUE(beta_only);
  EXPECT_EQ(beta_only->status, 400) << beta_only->body;
  EXPECT_EQ(http->Get("/beta/deviceManagement/managedDevices?$select=chassisType")->status, 200);
}

}  // namespace
}  // namespace graphmock
