// The fixture builder's references: a capture that reaches managed devices through a script's
// run states and through detected apps gives the parents the binds the default fixtures hold,
// because the families' manifests say which navigation properties are references.
#include "record/fixture_builder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "families/families.h"
#include "server/server_impl.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

// A client session against the default fixtures, kept as a capture's exchanges.
class Capture {
 public:
  explicit Capture(const testing::StartedServer& mock) : http_(mock.client()) {}
  Json get(const std::string& path) {
    auto r = http_->Get(path.c_str());
    EXPECT_TRUE(r && r->status == 200) << path;
    HarExchange x;
    x.entry = exchanges.size();
    x.method = "GET";
    x.url = x.path = path;
    x.request = x.response = &kNone;
    x.status = r ? r->status : 0;
    x.response_text = r ? r->body : "{}";
    x.response_json = true;
    exchanges.push_back(x);
    return Json::parse(x.response_text);
  }
  std::vector<HarExchange> exchanges;

 private:
  static inline const Json kNone = Json::object();
  std::unique_ptr<httplib::Client> http_;
};

// "<property>@odata.bind" of each entity of `file` (and of each of its `part`s), by id.
std::map<std::string, Json> binds(const FixtureDocuments& docs, const std::string& file,
                                  const std::string& part, const std::string& property) {
  std::map<std::string, Json> out;
  for (const auto& entity : docs.at(file)["value"])
    for (const auto& e : part.empty() ? Json::array({entity}) : entity.value(part, Json::array()))
      out[e["id"]] = e.value(property + "@odata.bind", Json());
  return out;
}

class FixtureBuilderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string root = "/beta/deviceManagement";
    capture_.get(root + "/managedDevices");
    const std::string script =
        capture_.get(root + "/deviceManagementScripts")["value"][0]["id"].get<std::string>();
    const std::string states = root + "/deviceManagementScripts/" + script + "/deviceRunStates";
    const Json run_states = capture_.get(states);
    for (const auto& rs : run_states["value"])
      capture_.get(states + "/" + rs["id"].get<std::string>() + "/managedDevice");
    const Json apps = capture_.get(root + "/detectedApps");
    for (const auto& app : apps["value"])
      capture_.get(root + "/detectedApps/" + app["id"].get<std::string>() + "/managedDevices");
    auto fixtures = read_fixture_set(GRAPHMOCK_TEST_FIXTURES, "default", shape_.fixture_files());
    ASSERT_TRUE(fixtures.ok());
    fixtures_ = fixtures->documents;
  }
  BuiltFixtures build(const std::vector<const FamilyManifest*>& manifests) {
    return build_fixtures(capture_.exchanges, shape_.pipeline().graph_routes(),
                          shape_.fixture_files(), manifests);
  }

  testing::StartedServer mock_;
  ServerImpl& shape_ = internals(mock_.server());
  Capture capture_{mock_};
  FixtureDocuments fixtures_;
};

TEST_F(FixtureBuilderTest, AnEntityReachedThroughAReferenceIsItsParentsBind) {
  BuiltFixtures built = build(builtin_manifests());
  // A run state's device (a single reference) and the devices of each app (a list).
  auto run_states =
      binds(built.documents, "deviceManagementScripts.json", "deviceRunStates", "managedDevice");
  ASSERT_FALSE(run_states.empty());
  auto want = binds(fixtures_, "deviceManagementScripts.json", "deviceRunStates", "managedDevice");
  for (const auto& [id, bind] : run_states) {
    EXPECT_TRUE(bind.is_string()) << id;
    EXPECT_EQ(bind, want[id]) << id;
  }
  auto apps = binds(built.documents, "detectedApps.json", "", "managedDevices");
  ASSERT_EQ(apps.size(), 3u);
  auto want_apps = binds(fixtures_, "detectedApps.json", "", "managedDevices");
  for (auto& [id, list] : apps) {
    ASSERT_TRUE(list.is_array()) << id;
    Json expected = want_apps[id];
    std::sort(list.begin(), list.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(list, expected) << id;
  }
}

TEST_F(FixtureBuilderTest, WithoutTheManifestsNoRouteIsAReference) {
  BuiltFixtures built = build({});
  EXPECT_EQ(built.documents.at("detectedApps.json")["value"].size(), 3u);
  for (const auto& [file, doc] : built.documents)
    EXPECT_EQ(doc.dump().find("@odata.bind"), std::string::npos) << file;
}

}  // namespace
}  // namespace graphmock
