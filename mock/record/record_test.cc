// The recorder end to end: a TLS graph-mock on a generated fleet stands in for
// the real Graph; a client session through the proxy; the recording served
// and replayed; the same capture imported.
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "clock/clock.h"
#include "core/files.h"
#include "fleet/fleet_generator.h"
#include "record/record_commands.h"
#include "record/scrubber.h"
#include "server/server_impl.h"
#include "server/test_server.h"
#include "validate/validate_commands.h"

namespace graphmock {
namespace {

namespace fs = std::filesystem;
using testing::StartedServer;
using testing::test_options;
using testing::test_schemas;

constexpr const char* kToken = "recorded-secret-token-4711";
constexpr uint64_t kSeed = 42;

class RecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("graphmock-record-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "upstream" / "fleet");
    auto templates = read_fixture_set(GRAPHMOCK_TEST_FIXTURES, "default", files_);
    ASSERT_TRUE(templates);
    auto fleet = generate_fleet(templates->documents, {12, 5});
    ASSERT_TRUE(fleet);
    fleet_ = *fleet;
    for (const auto& [file, doc] : fleet_)
      std::ofstream(dir_ / "upstream" / "fleet" / file) << doc.dump();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Every file under `d`, concatenated.
  static std::string all_files(const fs::path& d) {
    std::string all;
    for (const auto& e : fs::recursive_directory_iterator(d))
      if (e.is_regular_file()) all += *read_file(e.path().string());
    return all;
  }
  static std::string fixtures_of(const fs::path& out) {
    return all_files(out / "fixtures" / "recorded");
  }
  int import(const std::string& har, const fs::path& out, uint64_t seed = kSeed) {
    std::ostringstream o, e;
    int rc = run_import(har, {out.string(), "recorded", true, seed}, GRAPHMOCK_TEST_SCHEMAS,
                        routes_, files_, o, e);
    EXPECT_EQ(rc, 0) << e.str();
    return rc;
  }
  int check(const fs::path& out) {
    std::ostringstream o, e;
    int rc = run_check(GRAPHMOCK_TEST_SCHEMAS, (out / "fixtures").string(), files_, o, e);
    EXPECT_EQ(rc, 0) << o.str() << e.str();
    return rc;
  }

  Server shape_;  // the route table and fixture files, as the command takes them
  const GraphRouter& routes_ = internals(shape_).pipeline().graph_routes();
  std::vector<FixtureFile> files_ = internals(shape_).fixture_files();
  fs::path dir_;
  FixtureDocuments fleet_;
};

TEST_F(RecordTest, RecordsServesReplaysAndImportsTheSame) {
  ServerOptions up = test_options();
  up.auth = AuthMode::kBearer;
  up.tls = true;
  up.tls_cert_out = (dir_ / "upstream.pem").string();
  up.fixtures_dir = (dir_ / "upstream").string();
  up.fixture_set = "fleet";
  StartedServer upstream(up);

  SystemClock clock;
  RecorderOptions ro;
  ro.upstream = upstream.url();
  ro.ca_file = up.tls_cert_out;
  ro.front.port = 0;
  ro.front.log = LogFormat::kOff;
  ro.recording = {(dir_ / "out").string(), "recorded", true, kSeed};
  Recorder recorder(ro, routes_, test_schemas(), files_, clock);
  ASSERT_TRUE(recorder.start().ok());

  // The client session, through the proxy.
  httplib::Client client(recorder.base_url());
  httplib::Headers auth = {{"Authorization", std::string("Bearer ") + kToken}};
  std::vector<std::pair<std::string, Json>> seen;  // path?query -> body as the client got it
  auto get = [&](const std::string& target) {
    auto r = client.Get(target.c_str(), auth);
    EXPECT_TRUE(r && r->status == 200) << target << (r ? r->body : "");
    Json body = r ? Json::parse(r->body, nullptr, false) : Json();
    seen.emplace_back(target, body);
    return body;
  };
  std::vector<std::string> devices;
  for (std::string next = "/beta/teamwork/devices?$top=5"; !next.empty();) {
    Json page = get(next);
    for (const auto& d : page["value"]) devices.push_back(d["id"]);
    next = "";
    if (page.contains("@odata.nextLink")) {
      std::string link = page["@odata.nextLink"];
      ASSERT_EQ(link.rfind(recorder.base_url(), 0), 0u) << link;  // back through the proxy
      next = link.substr(recorder.base_url().size());
    }
  }
  ASSERT_EQ(devices.size(), 12u);
  for (size_t i = 0; i < 3; ++i) {
    const std::string d = "/beta/teamwork/devices/" + devices[i];
    get(d);
    for (const char* part : {"/health", "/activity", "/configuration"}) get(d + part);
    Json ops = get(d + "/operations");
    if (!ops["value"].empty()) get(d + "/operations/" + ops["value"][0]["id"].get<std::string>());
  }
  Json managed = get("/beta/deviceManagement/managedDevices");
  for (const auto& m : managed["value"]) {
    const std::string md = "/beta/deviceManagement/managedDevices/" + m["id"].get<std::string>();
    get(md);
    Json requests = get(md + "/logCollectionRequests");
    if (!requests["value"].empty())
      get(md + "/logCollectionRequests/" + requests["value"][0]["id"].get<std::string>());
  }
  Json scripts = get("/beta/deviceManagement/deviceManagementScripts");
  get("/beta/deviceManagement/deviceManagementScripts/" +
      scripts["value"][0]["id"].get<std::string>() + "/deviceRunStates");

  // The answer is the upstream's, unchanged.
  httplib::Client direct(upstream.url());
  direct.set_ca_cert_path(up.tls_cert_out.c_str());
  auto straight = direct.Get(("/beta/teamwork/devices/" + devices[0]).c_str(), auth);
  ASSERT_TRUE(straight);
  EXPECT_EQ(client.Get(("/beta/teamwork/devices/" + devices[0]).c_str(), auth)->body,
            straight->body);

  auto flushed = client.Post("/_mock/record/flush", auth, "", "application/json");
  ASSERT_TRUE(flushed && flushed->status == 200) << (flushed ? flushed->body : "");
  recorder.stop();
  const fs::path out = dir_ / "out";

  // 2. No token in any file written.
  EXPECT_EQ(all_files(out).find(kToken), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "capture.har") && fs::exists(out / "scrub-report.json") &&
              fs::exists(out / "violations.txt"));
  EXPECT_EQ(*read_file((out / "violations.txt").string()), "");
  // 4. No original id, serial or UPN of the upstream's fixtures in what was written.
  std::string written = all_files(out);
  size_t originals = 0;
  for (const auto& d : fleet_["teamworkDevices.json"]["value"]) {
    EXPECT_EQ(written.find(d["id"].get<std::string>()), std::string::npos);
    EXPECT_EQ(written.find(d["hardwareDetail"]["serialNumber"].get<std::string>()),
              std::string::npos);
    if (d["currentUser"].is_object() && d["currentUser"]["userPrincipalName"].is_string()) {
      EXPECT_EQ(written.find(d["currentUser"]["userPrincipalName"].get<std::string>()),
                std::string::npos);
    }
    ++originals;
  }
  for (const auto& m : fleet_["managedDevices.json"]["value"]) {
    EXPECT_EQ(written.find(m["id"].get<std::string>()), std::string::npos);
    EXPECT_EQ(written.find(m["serialNumber"].get<std::string>()), std::string::npos);
    EXPECT_EQ(written.find(m["userPrincipalName"].get<std::string>()), std::string::npos);
    ++originals;
  }
  EXPECT_GT(originals, 12u);
  Json report = Json::parse(*read_file((out / "scrub-report.json").string()));
  EXPECT_EQ(report["seed"], kSeed);
  EXPECT_GT(report["fields"].value("teamworkDevice/value/*/hardwareDetail/serialNumber", 0), 0);

  // 1. The recorded set passes `check`, serves, and the same GETs give the same JSON
  //    through the pseudonym map.
  check(out);
  ServerOptions ro_serve = test_options();
  ro_serve.fixtures_dir = (out / "fixtures").string();
  ro_serve.fixture_set = "recorded";
  StartedServer replay(ro_serve);
  auto http = replay.client();
  Scrubber map(kSeed);
  for (auto [target, body] : seen) {
    std::string scrubbed_target = map.url(target);
    // $skiptoken is opaque: page with the upstream's own (graph-mock's are offsets).
    if (size_t at = target.find("$skiptoken="); at != std::string::npos)
      scrubbed_target =
          scrubbed_target.substr(0, scrubbed_target.find("$skiptoken=")) + target.substr(at);
    auto r = http->Get(scrubbed_target.c_str());
    ASSERT_TRUE(r && r->status == 200) << scrubbed_target << (r ? r->body : "");
    Json replayed = Json::parse(r->body);
    Json expected = map.body(body, "");
    EXPECT_EQ(replayed.contains("@odata.nextLink"), expected.contains("@odata.nextLink"));
    replayed.erase("@odata.nextLink");
    expected.erase("@odata.nextLink");
    EXPECT_EQ(replayed, expected) << target;
  }
  // Actions still work: runDiagnostics -> 202 -> the operation's lifecycle.
  const std::string device = map.url(devices[5]);
  auto accepted = http->Post(("/beta/teamwork/devices/" + device + "/runDiagnostics").c_str(), "",
                             "application/json");
  ASSERT_TRUE(accepted && accepted->status == 202) << (accepted ? accepted->body : "");
  const std::string op = "/beta" + accepted->get_header_value("Location");
  EXPECT_EQ(testing::body_of(http->Get(op.c_str()))["status"], "queued");
  ASSERT_TRUE(replay.server().advance(std::chrono::hours(2)).ok());
  std::string status = testing::body_of(http->Get(op.c_str()))["status"];
  EXPECT_TRUE(status == "successful" || status == "failed") << status;

  // 3. Importing the recording's own capture gives the same fixture set.
  import((out / "capture.har").string(), dir_ / "reimported");
  EXPECT_EQ(fixtures_of(dir_ / "reimported"), fixtures_of(out));

  // 4. The same capture scrubbed again: the same with the seed, different with another.
  const std::string raw = (dir_ / "raw.har").string();
  std::ofstream(raw) << recorder.har().dump();
  import(raw, dir_ / "same");
  import(raw, dir_ / "other", kSeed + 1);
  EXPECT_EQ(fixtures_of(dir_ / "same"), fixtures_of(out));
  EXPECT_NE(fixtures_of(dir_ / "other"), fixtures_of(out));
}

TEST_F(RecordTest, ImportsAnotherToolsHarAndCountsUnservedRoutes) {
  const fs::path out = dir_ / "sample";
  std::ostringstream o, e;
  ASSERT_EQ(run_import(GRAPHMOCK_TEST_HAR, {out.string(), "recorded", true, kSeed},
                       GRAPHMOCK_TEST_SCHEMAS, routes_, files_, o, e),
            0)
      << e.str();
  EXPECT_NE(o.str().find("12 exchanges"), std::string::npos) << o.str();
  check(out);
  Json devices = Json::parse(*read_file((out / "fixtures/recorded/teamworkDevices.json").string()));
  EXPECT_FALSE(devices["value"].empty());
  import((out / "capture.har").string(), dir_ / "again");
  EXPECT_EQ(fixtures_of(dir_ / "again"), fixtures_of(out));

  // A route graph-mock does not serve is listed, not fatal.
  Json har = Json::parse(*read_file(GRAPHMOCK_TEST_HAR));
  Json extra = har["log"]["entries"][0];
  extra["request"]["url"] = "https://graph.microsoft.com/beta/me/messages";
  har["log"]["entries"].push_back(extra);
  std::ofstream((dir_ / "extra.har").string()) << har.dump();
  std::ostringstream o2, e2;
  ASSERT_EQ(run_import((dir_ / "extra.har").string(), {(dir_ / "x").string(), "recorded", true, 1},
                       GRAPHMOCK_TEST_SCHEMAS, routes_, files_, o2, e2),
            0);
  EXPECT_NE(o2.str().find("unserved: 12 GET /beta/me/messages"), std::string::npos) << o2.str();
}

}  // namespace
}  // namespace graphmock
