// Every reader of outside data (a HAR for import and validate, a fixture set,
// a scenario file) answers odd input with an error naming where, never a
// crash: a member of the wrong JSON type, nesting beyond kMaxDocumentDepth.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/files.h"
#include "core/json_body.h"
#include "record/record_commands.h"
#include "scenario/scenario.h"
#include "server/server_impl.h"
#include "server/test_server.h"
#include "validate/validate_commands.h"

namespace graphmock {
namespace {

namespace fs = std::filesystem;

// 100,000 levels: 200 KB that overflowed the stack of every recursive walk.
const std::string kDeep = std::string(100000, '[') + std::string(100000, ']');

class OutsideDataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("graphmock-outside-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  // import --har FILE and validate --har FILE: exit status, stdout + stderr of each.
  struct Run {
    int import_status, validate_status;
    std::string import_text, validate_text;
  };
  Run run(const std::string& har_file) {
    std::ostringstream io, ie, vo, ve;
    Run r;
    r.import_status = run_import(har_file, {.out_dir = (dir_ / "out").string(), .scrub_seed = 1},
                                 GRAPHMOCK_TEST_SCHEMAS, routes_, files_, io, ie);
    r.validate_status = run_validate_har(GRAPHMOCK_TEST_SCHEMAS, har_file, routes_, vo, ve);
    r.import_text = io.str() + ie.str();
    r.validate_text = vo.str() + ve.str();
    return r;
  }

  Server shape_;  // the route table and fixture files only
  const GraphRouter& routes_ = internals(shape_).pipeline().graph_routes();
  std::vector<FixtureFile> files_ = internals(shape_).fixture_files();
  fs::path dir_;
};

TEST_F(OutsideDataTest, HarMembersOfTheWrongTypeAreErrorsNamingEntryAndMember) {
  Json har = Json::parse(*read_file(GRAPHMOCK_TEST_HAR));
  Json& entry = har["log"]["entries"][0];
  entry["request"]["headers"] = {{{"name", "Accept"}, {"value", "application/json"}}};
  entry["request"]["queryString"] = Json::array();
  entry["request"]["postData"] = {{"mimeType", "application/json"}, {"text", "{}"}};
  entry["response"]["content"]["encoding"] = "identity";
  const struct {
    const char* pointer;
    Json value;
    const char* message;
  } kCases[] = {
      {"", 42, "entry 0: / is number, not object"},
      {"/request", "GET", "entry 0: /request is string, not object"},
      {"/request/method", 1, "entry 0: /request/method is number, not string"},
      {"/request/url", nullptr, "entry 0: /request/url is null, not string"},
      {"/request/headers", Json::object(), "entry 0: /request/headers is object, not array"},
      {"/request/headers/0", "Accept", "entry 0: /request/headers/0 is string, not object"},
      {"/request/headers/0/name", 7, "entry 0: /request/headers/0/name is number, not string"},
      {"/request/headers/0/value", nullptr,
       "entry 0: /request/headers/0/value is null, not string"},
      {"/request/queryString", "a=b", "entry 0: /request/queryString is string, not array"},
      {"/request/postData", "x", "entry 0: /request/postData is string, not object"},
      {"/request/postData/text", 3, "entry 0: /request/postData/text is number, not string"},
      {"/response", Json::array(), "entry 0: /response is array, not object"},
      {"/response/status", "200", "entry 0: /response/status is string, not integer"},
      {"/response/content/text", 5, "entry 0: /response/content/text is number, not string"},
      {"/response/content/mimeType", 5,
       "entry 0: /response/content/mimeType is number, not string"},
      {"/response/content/encoding", true,
       "entry 0: /response/content/encoding is boolean, not string"},
  };
  for (const auto& c : kCases) {
    Json odd = har;
    odd[Json::json_pointer(std::string("/log/entries/0") + c.pointer)] = c.value;
    Run r = run(write("odd.har", odd.dump()));
    EXPECT_EQ(r.import_status, 2) << c.pointer << r.import_text;
    EXPECT_NE(r.import_text.find(c.message), std::string::npos) << c.pointer << r.import_text;
    EXPECT_EQ(r.validate_status, 2) << c.pointer << r.validate_text;
    EXPECT_NE(r.validate_text.find(c.message), std::string::npos) << c.pointer << r.validate_text;
  }
  EXPECT_FALSE(fs::exists(dir_ / "out" / "capture.har"));  // nothing written from a bad HAR
}

TEST_F(OutsideDataTest, DeepNestingIsRefusedByEveryReader) {
  const std::string limit =
      "JSON nests deeper than " + std::to_string(kMaxDocumentDepth) + " levels";
  // The HAR file itself.
  Run r = run(write("deep.har", kDeep));
  EXPECT_EQ(r.import_status, 2);
  EXPECT_NE(r.import_text.find(limit), std::string::npos) << r.import_text;
  EXPECT_EQ(r.validate_status, 2);
  EXPECT_NE(r.validate_text.find(limit), std::string::npos) << r.validate_text;

  // A body inside a HAR: validate reports it; import drops it, says so, writes the rest.
  Json har = Json::parse(*read_file(GRAPHMOCK_TEST_HAR));
  har["log"]["entries"][0]["response"]["content"]["text"] = "{\"value\":" + kDeep + "}";
  r = run(write("deep-body.har", har.dump()));
  EXPECT_EQ(r.validate_status, 1);
  EXPECT_NE(
      r.validate_text.find("0 GET /beta/teamwork/devices response /: response body: " + limit),
      std::string::npos)
      << r.validate_text;
  EXPECT_EQ(r.import_status, 0) << r.import_text;
  EXPECT_NE(r.import_text.find("dropped: entry 0 response body: " + limit), std::string::npos)
      << r.import_text;
  Json report = Json::parse(*read_file((dir_ / "out" / "scrub-report.json").string()));
  EXPECT_EQ(report["bodiesDropped"].size(), 1u) << report;
  EXPECT_TRUE(fs::exists(dir_ / "out" / "fixtures" / "recorded" / "teamworkDevices.json"));

  // A fixture file.
  write("fixtures/deep/teamworkDevices.json", "{\"value\":" + kDeep + "}");
  auto set = read_fixture_set((dir_ / "fixtures").string(), "deep", files_);
  ASSERT_FALSE(set);
  EXPECT_NE(set.error().message.find("teamworkDevices.json: " + limit), std::string::npos)
      << set.error().message;

  // A scenario file.
  const std::string scenario = write("deep-scenario.json", "{\"steps\":" + kDeep + "}");
  auto loaded = load_scenario_file(scenario, testing::test_schemas());
  ASSERT_FALSE(loaded);
  EXPECT_NE(loaded.error().message.find(limit), std::string::npos) << loaded.error().message;
}

}  // namespace
}  // namespace graphmock
