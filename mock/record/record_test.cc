// The recorder end to end: a TLS graph-mock on a generated fleet stands in for
// the real Graph; a client session through the proxy; the recording served
// and replayed; the same capture imported.
#include <httplib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "clock/clock.h"
#include "core/files.h"
#include "fleet/fleet_generator.h"
#include "record/record_commands.h"
#include "record/scrubber.h"
#include "record/secrets.h"
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

// A plain-HTTP upstream whose answers a test writes: for what a real Graph
// (or graph-mock) never answers.
class FakeUpstream {
 public:
  FakeUpstream() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeUpstream() {
    server_.stop();
    thread_.join();
  }
  httplib::Server& server() { return server_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

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
    auto fleet = generate_fleet(internals(shape_).fleet_parts(), templates->documents, {12, 5});
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
  // `upstream`: the host the capture was made against (Graph's when empty).
  int import(const std::string& har, const fs::path& out, uint64_t seed = kSeed,
             const std::string& upstream = "") {
    std::ostringstream o, e;
    int rc = run_import(har, {out.string(), "recorded", true, seed, upstream},
                        GRAPHMOCK_TEST_SCHEMAS, routes_, files_, o, e);
    EXPECT_EQ(rc, 0) << e.str();
    return rc;
  }
  // Against the recording's own schemas when it wrote them (docs/record-and-replay.md).
  int check(const fs::path& out) {
    std::ostringstream o, e;
    const std::string schemas =
        fs::exists(out / "schemas") ? (out / "schemas").string() : GRAPHMOCK_TEST_SCHEMAS;
    int rc = run_check(schemas, (out / "fixtures").string(), files_, o, e);
    EXPECT_EQ(rc, 0) << o.str() << e.str();
    return rc;
  }

  Server shape_;  // the route table and fixture files, as the command takes them
  // A recorder on port 0, quiet, in front of `upstream`, writing under dir_/out.
  RecorderOptions recorder_options(const std::string& upstream) const {
    RecorderOptions ro;
    ro.upstream = upstream;
    ro.front.port = 0;
    ro.front.log = LogFormat::kOff;
    ro.recording = {.out_dir = (dir_ / "out").string(), .scrub_seed = kSeed};
    return ro;
  }

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
  RecorderOptions ro = recorder_options(upstream.url());
  ro.ca_file = up.tls_cert_out;
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
  import((out / "capture.har").string(), dir_ / "reimported", kSeed, upstream.url());
  EXPECT_EQ(fixtures_of(dir_ / "reimported"), fixtures_of(out));

  // 4. The same capture scrubbed again: the same with the seed, different with another.
  const std::string raw = (dir_ / "raw.har").string();
  std::ofstream(raw) << recorder.har().dump();
  import(raw, dir_ / "same", kSeed, upstream.url());
  import(raw, dir_ / "other", kSeed + 1, upstream.url());
  EXPECT_EQ(fixtures_of(dir_ / "same"), fixtures_of(out));
  EXPECT_NE(fixtures_of(dir_ / "other"), fixtures_of(out));
}

TEST_F(RecordTest, ImportsAnotherToolsHarAndCountsUnservedRoutes) {
  const fs::path out = dir_ / "sample";
  std::ostringstream o, e;
  ASSERT_EQ(run_import(GRAPHMOCK_TEST_HAR, {.out_dir = out.string(), .scrub_seed = kSeed},
                       GRAPHMOCK_TEST_SCHEMAS, routes_, files_, o, e),
            0)
      << e.str();
  EXPECT_NE(o.str().find("12 exchanges"), std::string::npos) << o.str();
  // The docs' example answers in PascalCase: kept, in the recording's schemas.
  EXPECT_NE(o.str().find("kept: teamworkDevices.json /value/0/deviceType: \"TeamsRoom\" kept as "
                         "recorded"),
            std::string::npos)
      << o.str();
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
  ASSERT_EQ(
      run_import((dir_ / "extra.har").string(), {.out_dir = (dir_ / "x").string(), .scrub_seed = 1},
                 GRAPHMOCK_TEST_SCHEMAS, routes_, files_, o2, e2),
      0);
  EXPECT_NE(o2.str().find("unserved: 12 GET /beta/me/messages"), std::string::npos) << o2.str();
}

// One odd upstream answer must not cost the recording: the entry is kept in
// capture.har, what cannot become a fixture is left out and said, and the
// flush (and the stop that flushes, SIGTERM's path) succeeds.
TEST_F(RecordTest, OddUpstreamAnswersAreDroppedNotFatal) {
  FakeUpstream upstream;
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  upstream.server().Get("/beta/teamwork/devices", [](const auto&, auto& res) {
    res.set_content(R"({"value":[{"id":12345,"deviceType":"teamsRoom"}]})", "application/json");
  });
  upstream.server().Get("/beta/deviceManagement/managedDevices", [&](const auto&, auto& res) {
    res.set_content("{\"value\":" + deep + "}", "application/json");
  });
  std::ostringstream out, err;
  RecorderOptions ro = recorder_options(upstream.url());
  int rc = run_record(
      ro, GRAPHMOCK_TEST_SCHEMAS, routes_, files_,
      [&] {
        std::string url = out.str().substr(std::string("listening on ").size());
        httplib::Client client(url.substr(0, url.find('\n')));
        EXPECT_EQ(client.Get("/beta/teamwork/devices")->status, 200);
        EXPECT_EQ(client.Get("/beta/deviceManagement/managedDevices")->status, 200);
        auto flushed = client.Post("/_mock/record/flush", "", "application/json");
        ASSERT_TRUE(flushed);
        EXPECT_EQ(flushed->status, 200) << flushed->body;
        Json summary = Json::parse(flushed->body);
        EXPECT_EQ(summary["entries"], 2);
        EXPECT_EQ(summary["dropped"],
                  Json::array({"entry 1 response body: JSON nests deeper than 256 levels. "
                               "(dropped)",
                               "0 /beta/teamwork/devices /value/0: no string id; dropped"}))
            << summary;
      },
      out, err);
  EXPECT_EQ(rc, 0) << err.str();
  EXPECT_NE(out.str().find("dropped: 0 /beta/teamwork/devices /value/0: no string id"),
            std::string::npos)
      << out.str();
  Json har = Json::parse(*read_file((dir_ / "out" / "capture.har").string()));
  EXPECT_EQ(har["log"]["entries"].size(), 2u);
  check(dir_ / "out");
}

// Graph is newer than our metadata snapshot: a property it does not know and an enum in
// another letter case keep their entity, as recorded; the recording's schemas declare them,
// so the set is served under --validate strict. Only what cannot be served is dropped.
TEST_F(RecordTest, KeepsEntitiesWithWhatTheSchemasDoNotKnow) {
  Json devices = Json::parse(
      *read_file(std::string(GRAPHMOCK_TEST_FIXTURES) + "/default/teamworkDevices.json"))["value"];
  Json added = devices[0], recased = devices[1];
  for (Json* d : {&added, &recased})
    for (const char* part : {"health", "activity", "configuration", "operations"}) d->erase(part);
  added["graphAddedThisMonth"] = {{"kind", "new"}};
  recased["deviceType"] = "TeamsRoom";
  const Json list = {{"value", {added, recased, {{"id", 12345}}}}};
  FakeUpstream upstream;
  upstream.server().Get("/beta/teamwork/devices", [&](const auto&, auto& res) {
    res.set_content(list.dump(), "application/json");
  });
  std::ostringstream out, err;
  RecorderOptions ro = recorder_options(upstream.url());
  ro.recording.scrub = false;
  int rc = run_record(
      ro, GRAPHMOCK_TEST_SCHEMAS, routes_, files_,
      [&] {
        std::string url = out.str().substr(std::string("listening on ").size());
        httplib::Client client(url.substr(0, url.find('\n')));
        EXPECT_EQ(client.Get("/beta/teamwork/devices")->status, 200);
      },
      out, err);
  ASSERT_EQ(rc, 0) << err.str();
  const fs::path rec = dir_ / "out";
  EXPECT_NE(out.str().find("kept: teamworkDevices.json /value/0/graphAddedThisMonth: property "
                           "'graphAddedThisMonth' kept"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("kept: teamworkDevices.json /value/1/deviceType: \"TeamsRoom\" kept as "
                           "recorded (teamworkDeviceType.json spells it 'teamsRoom'"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("dropped: 0 /beta/teamwork/devices /value/2: no string id"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("--schemas " + (rec / "schemas").string()), std::string::npos)
      << out.str();
  // Reported as violations too: the upstream answered what our snapshot does not know.
  std::string violations = *read_file((rec / "violations.txt").string());
  EXPECT_NE(violations.find("graphAddedThisMonth"), std::string::npos) << violations;
  EXPECT_NE(violations.find("TeamsRoom"), std::string::npos) << violations;

  std::ostringstream o, e;
  EXPECT_EQ(run_check((rec / "schemas").string(), (rec / "fixtures").string(), files_, o, e), 0)
      << o.str() << e.str();
  ServerOptions served = test_options();
  served.fixtures_dir = (rec / "fixtures").string();
  served.fixture_set = "recorded";
  served.schemas_dir = (rec / "schemas").string();
  StartedServer mock(served);
  auto http = mock.client();
  auto first = http->Get("/beta/teamwork/devices/" + added["id"].get<std::string>());
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  EXPECT_EQ(Json::parse(first->body)["graphAddedThisMonth"], added["graphAddedThisMonth"]);
  auto second = http->Get("/beta/teamwork/devices/" + recased["id"].get<std::string>());
  ASSERT_TRUE(second);
  ASSERT_EQ(second->status, 200) << second->body;
  EXPECT_EQ(Json::parse(second->body)["deviceType"], "TeamsRoom");
  auto all = http->Get("/beta/teamwork/devices");
  ASSERT_TRUE(all);
  EXPECT_EQ(Json::parse(all->body)["value"].size(), 2u);
  // The version folders come along: /v1.0 answers are checked in v1.0's shapes.
  EXPECT_TRUE(fs::is_regular_file(rec / "schemas" / "v1.0" / "managedDevice.json"));
  auto v1 = http->Get("/v1.0/deviceManagement/managedDevices");
  ASSERT_TRUE(v1);
  EXPECT_EQ(v1->status, 200) << v1->body;
}

// A token the upstream echoes (a header, a body field, an error message), a
// token endpoint's answer, a base64 body and a JWT: none reaches a written file.
TEST_F(RecordTest, SecretsAreRemovedByValueWhereverTheyReappear) {
  const std::string echoed = "echoed-bearer-0815";
  const std::string jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2ln";
  FakeUpstream upstream;
  upstream.server().Get("/beta/teamwork/devices", [&](const httplib::Request& req, auto& res) {
    std::string token = req.get_header_value("Authorization").substr(7);
    res.set_header("X-Echo", "Bearer " + token);
    res.set_content(Json{{"value",
                          {{{"id", "9a1c0a55-52f2-4a8c-9d2f-6c7fa3a30b11"},
                            {"deviceType", "teamsRoom"},
                            {"notes", "seen with " + token},
                            {"echo", token},
                            {"session", jwt}}}}}
                        .dump(),
                    "application/json");
  });
  upstream.server().Get("/beta/teamwork/devices/nope", [&](const httplib::Request& req, auto& res) {
    res.status = 401;
    res.set_content(Json{{"error",
                          {{"code", "InvalidAuthenticationToken"},
                           {"message", "Token " + req.get_header_value("Authorization").substr(7) +
                                           " is expired."}}}}
                        .dump(),
                    "application/json");
  });
  upstream.server().Get(
      "/beta/teamwork/devices/binary", [&](const httplib::Request& req, auto& res) {
        res.set_content(std::string("\0\xff log of ", 10) + req.get_header_value("Authorization"),
                        "application/octet-stream");
      });
  SystemClock clock;
  RecorderOptions ro = recorder_options(upstream.url());
  Recorder recorder(ro, routes_, test_schemas(), files_, clock);
  ASSERT_TRUE(recorder.start().ok());
  httplib::Client client(recorder.base_url());
  httplib::Headers auth = {{"Authorization", "Bearer " + echoed}};
  EXPECT_EQ(client.Get("/beta/teamwork/devices/binary", auth)->status, 200);
  auto listed = client.Get("/beta/teamwork/devices", auth);
  ASSERT_TRUE(listed && listed->status == 200);
  EXPECT_NE(listed->body.find(echoed), std::string::npos);  // the client's answer is unchanged
  EXPECT_EQ(client.Get("/beta/teamwork/devices/nope", auth)->status, 401);
  ASSERT_TRUE(recorder.flush());
  recorder.stop();
  std::string written = all_files(dir_ / "out");
  EXPECT_EQ(written.find(echoed), std::string::npos);
  EXPECT_EQ(written.find(jwt), std::string::npos);
  EXPECT_NE(written.find("Token scrubbed-secret is expired."), std::string::npos);
  Json recorded = Json::parse(*read_file((dir_ / "out/capture.har").string()));
  const Json& binary = recorded["log"]["entries"][0]["response"]["content"];
  EXPECT_EQ(binary["encoding"], "base64");  // decoded, scrubbed, encoded again
  EXPECT_EQ(base64_decode(binary["text"].get<std::string>()),
            std::string("\0\xff log of ", 10) + "Bearer scrubbed-secret");
  const Json& answer = recorded["log"]["entries"][1]["response"];
  Json device = Json::parse(answer["content"]["text"].get<std::string>())["value"][0];
  EXPECT_EQ(device["echo"], "scrubbed-secret");
  EXPECT_EQ(device["session"], "scrubbed-jwt");
  EXPECT_NE(answer["headers"].dump().find(R"("Bearer scrubbed-secret")"), std::string::npos)
      << answer["headers"];

  // The same in a HAR from elsewhere: a token endpoint's answer whose tokens
  // come back in a Graph URL and a base64 body; an entry for another host.
  const std::string access = "access-token-4711-abc", refresh = "refresh-token-4711-abc";
  Json har = Json::parse(*read_file(GRAPHMOCK_TEST_HAR));
  Json& entries = har["log"]["entries"];
  Json login = entries[0];
  login["request"]["method"] = "POST";
  login["request"]["url"] = "https://login.microsoftonline.com/tenant/oauth2/v2.0/token";
  login["request"]["postData"] = {{"mimeType", "application/x-www-form-urlencoded"},
                                  {"text", "grant_type=refresh_token&refresh_token=" + refresh}};
  login["response"]["content"] = {
      {"mimeType", "application/json"},
      {"text", Json{{"access_token", access}, {"refresh_token", refresh}}.dump()}};
  Json& listing = entries[0];
  listing["request"]["url"] = listing["request"]["url"].get<std::string>() + "&t=" + access;
  Json base64 = entries[2];
  Json body = Json::parse(base64["response"]["content"]["text"].get<std::string>());
  body["notes"] = "refreshed with " + refresh;
  base64["response"]["content"]["text"] = base64_encode(body.dump());
  base64["response"]["content"]["encoding"] = "base64";
  Json foreign = entries[2];
  foreign["request"]["url"] = "https://evil.example/beta/teamwork/devices/" +
                              std::string("0b4ad5a4-6a5e-4f5c-8d56-3f1f1b0a7e01");
  foreign["response"]["content"]["text"] =
      Json{{"id", "0b4ad5a4-6a5e-4f5c-8d56-3f1f1b0a7e01"}, {"deviceType", "teamsRoom"}}.dump();
  entries.push_back(login);
  entries.push_back(base64);
  entries.push_back(foreign);
  std::ofstream(dir_ / "tokens.har") << har.dump();
  std::ostringstream o, e;
  ASSERT_EQ(run_import((dir_ / "tokens.har").string(),
                       {(dir_ / "imported").string(), "recorded", false, kSeed},
                       GRAPHMOCK_TEST_SCHEMAS, routes_, files_, o, e),
            0)
      << e.str();
  EXPECT_NE(o.str().find("2 exchange(s) for other hosts skipped"), std::string::npos) << o.str();
  EXPECT_NE(o.str().find("skipped: entry 14 GET evil.example: not a Graph host"), std::string::npos)
      << o.str();
  written = all_files(dir_ / "imported");
  EXPECT_EQ(written.find(access), std::string::npos);
  EXPECT_EQ(written.find(refresh), std::string::npos);
  EXPECT_EQ(written.find("0b4ad5a4-6a5e-4f5c-8d56-3f1f1b0a7e01"), std::string::npos);
  Json capture = Json::parse(*read_file((dir_ / "imported/capture.har").string()));
  ASSERT_EQ(capture["log"]["entries"].size(), 13u);  // 12 + the base64 one
  const Json& content = capture["log"]["entries"][12]["response"]["content"];
  EXPECT_EQ(content["encoding"], "base64");
  EXPECT_EQ(Json::parse(*base64_decode(content["text"].get<std::string>()))["notes"],
            "refreshed with scrubbed-secret");
  Json report = Json::parse(*read_file((dir_ / "imported/scrub-report.json").string()));
  EXPECT_EQ(report["otherHosts"].size(), 2u);
  EXPECT_GE(report["secretsRemoved"], 2);
}

TEST_F(RecordTest, TheFixtureSetNameIsAPlainName) {
  for (const char* name : {"../../x", "a/b", "..", "", "c:x"}) {
    std::ostringstream o, e;
    EXPECT_EQ(run_import(GRAPHMOCK_TEST_HAR, {(dir_ / "out").string(), name, true, kSeed},
                         GRAPHMOCK_TEST_SCHEMAS, routes_, files_, o, e),
              2)
        << name;
    EXPECT_NE(e.str().find("give a plain name"), std::string::npos) << e.str();
    SystemClock clock;
    RecorderOptions ro;
    ro.front.port = 0;
    ro.recording.set_name = name;
    Recorder recorder(ro, routes_, test_schemas(), files_, clock);
    auto started = recorder.start();
    ASSERT_FALSE(started) << name;
    EXPECT_NE(started.error().message.find("give a plain name"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(dir_ / "x"));
  EXPECT_FALSE(fs::exists(dir_.parent_path() / "x"));
}

}  // namespace
}  // namespace graphmock
