#include "validate/schema_registry.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/files.h"
#include "fixtures_io/fixture_set.h"
#include "server/server_impl.h"
#include "server/test_server.h"
#include "validate/fixture_checks.h"
#include "validate/schema_compiler.h"

namespace graphmock {
namespace {

namespace fs = std::filesystem;

const SchemaRegistry& registry() { return testing::test_schemas(); }

std::vector<Violation> check(const std::string& schema, const Json& body, bool partial = false) {
  return registry().check(schema, body, partial);
}

::testing::AssertionResult violates(const std::vector<Violation>& got, const std::string& pointer,
                                    const std::string& reason) {
  for (const auto& v : got)
    if (v.pointer == pointer && v.reason == reason) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "no '" << pointer << ": " << reason << "' in: " << describe(got);
}

// A writable copy of a repo folder for tests that break files on purpose.
fs::path copy_dir(const fs::path& from, const std::string& name) {
  fs::path to =
      fs::temp_directory_path() / ("graphmock-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(to);
  fs::copy(from, to, fs::copy_options::recursive);
  return to;
}

void write_json(const fs::path& file, const Json& doc) { std::ofstream(file) << doc.dump(2); }

Json read_json(const fs::path& file) {
  auto text = read_file(file.string());
  EXPECT_TRUE(text.ok());
  return Json::parse(text.ok() ? *text : std::string("null"));
}

TEST(SchemaRegistryTest, LoadsEverySchemaFile) {
  size_t files = 0;  // the folder's and its v1.0/'s
  for (const auto& e : fs::recursive_directory_iterator(GRAPHMOCK_TEST_SCHEMAS))
    files += e.path().extension() == ".json";
  EXPECT_EQ(registry().names().size(), files);
  for (const char* name :
       {"teamworkDevice", "updateSoftwareRequest", "graphError", "collection", "scenario",
        "fixtures.teamworkDevices", "deviceLogCollectionResponse", "faultRule",
        "v1.0/managedDevice", "v1.0/deviceLogCollectionResponseUpdateRequest"})
    EXPECT_TRUE(registry().has(name)) << name;
}

// A version's folder (schemas/v1.0/) lies over the top one: its files' $refs name its own files,
// and a name it lacks is the top folder's.
TEST(SchemaRegistryTest, AVersionFolderLiesOverTheTopFolder) {
  // v1.0's managedDevice: its enums are v1.0's (v1.0/managementAgentType.json lacks beta's
  // google), reached through v1.0/'s own $refs.
  Json device = {{"id", "d"}, {"managementAgent", "google"}};
  auto v1 = registry().check("v1.0/managedDevice", device, true);
  ASSERT_EQ(v1.size(), 1u) << describe(v1);
  EXPECT_EQ(v1[0].pointer, "/managementAgent");
  EXPECT_EQ(v1[0].reason.rfind("'google' is not one of eas, mdm", 0), 0u) << v1[0].reason;
  EXPECT_TRUE(registry().check("managedDevice", device, true).empty());
  // A property only beta has is unknown there.
  device = {{"id", "d"}, {"chassisType", "desktop"}};
  EXPECT_FALSE(registry().check("v1.0/managedDevice", device, true).empty());
  EXPECT_TRUE(registry().check("managedDevice", device, true).empty());
  // A body both versions share is the top folder's.
  EXPECT_TRUE(registry().has("v1.0/emptyRequest"));
  EXPECT_FALSE(registry().check("v1.0/emptyRequest", {{"a", 1}}, false).empty());
  EXPECT_TRUE(registry().check("v1.0/emptyRequest", Json::object(), false).empty());
  EXPECT_FALSE(registry().has("v1.0/nothing"));

  // ...checked in full (what the shared body requires is required on v1.0 too).
  EXPECT_FALSE(registry().check("v1.0/batchRequest", Json::object(), false).empty());

  // A folder without v1.0/ (a recording's copy of the schemas): the beta schema stands for v1.0's
  // shape, without its required properties (v1.0's managedDevice lacks some beta requires).
  fs::path dir = copy_dir(GRAPHMOCK_TEST_SCHEMAS, "unversioned");
  fs::remove_all(dir / "v1.0");
  std::string error;
  auto unversioned = SchemaRegistry::load(dir.string(), error);
  ASSERT_TRUE(unversioned) << error;
  EXPECT_TRUE(unversioned->check("v1.0/managedDevice", {{"id", "d"}}, false).empty());
  EXPECT_FALSE(unversioned->check("managedDevice", {{"id", "d"}}, false).empty());
  EXPECT_FALSE(
      unversioned->check("v1.0/managedDevice", {{"id", "d"}, {"bogus", 1}}, false).empty());
  fs::remove_all(dir);

  // A $ref in the version folder must name a file of that folder, even one the top folder has.
  dir = copy_dir(GRAPHMOCK_TEST_SCHEMAS, "versioned");
  write_json(dir / "v1.0" / "leaning.json", {{"properties", {{"a", {{"$ref", "identity.json"}}}}}});
  EXPECT_FALSE(SchemaRegistry::load(dir.string(), error));
  EXPECT_NE(error.find("v1.0/leaning.json: $ref 'identity.json' names no file of"),
            std::string::npos)
      << error;
  fs::remove_all(dir);
}

TEST(SchemaRegistryTest, EveryDefaultFixtureFileIsValid) {
  Server server;  // for the families' fixture files
  const auto files = internals(server).fixture_files();
  auto set = read_fixture_set(GRAPHMOCK_TEST_FIXTURES, "default", files);
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(validate_fixture_set(registry(), GRAPHMOCK_TEST_FIXTURES, *set, files), "");
  for (const char* file :
       {"teamworkDevices.json", "managedDevices.json", "deviceManagementScripts.json"})
    EXPECT_GT(set->documents.at(file)["value"].size(), 0u) << file;
}

// A large file is checked in parts on several threads: each violation still
// points into the whole file, and the set is left as it was read.
TEST(SchemaRegistryTest, LargeFixtureFilesPointIntoTheWholeFile) {
  Server server;
  const auto files = internals(server).fixture_files();
  auto set = read_fixture_set(GRAPHMOCK_TEST_FIXTURES, "default", files);
  ASSERT_TRUE(set.ok()) << set.error().message;
  Json& devices = set->documents.at("teamworkDevices.json");
  const Json device = devices["value"][0];
  devices["value"] = Json::array();
  for (int i = 0; i < 1500; ++i) devices["value"].push_back(device);
  devices["value"][3]["deviceType"] = "toaster";
  devices["value"][1234]["deviceType"] = "kettle";
  devices["value"][1499]["healthStatus"] = 7;
  devices["notAFixtureKey"] = true;
  const FixtureSet before = *set;
  const std::string error = validate_fixture_set(registry(), "fx", *set, files);
  const std::string file = (fs::path("fx") / "default" / "teamworkDevices.json").string();
  EXPECT_NE(error.find(file + ": /value/3/deviceType: "), std::string::npos) << error;
  EXPECT_NE(error.find(file + ": /value/1234/deviceType: "), std::string::npos) << error;
  EXPECT_NE(error.find(file + ": /value/1499/healthStatus: "), std::string::npos) << error;
  EXPECT_EQ(std::count(error.begin(), error.end(), '\n'), 3) << error;  // each once, no more
  EXPECT_NE(error.find("notAFixtureKey"), std::string::npos) << error;
  EXPECT_TRUE(set->documents == before.documents);
}

TEST(SchemaRegistryTest, MissingRequiredPropertyPointsAtIt) {
  auto v = check("updateSoftwareRequest", Json::object());
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_TRUE(violates(v, "/softwareType", "missing required property 'softwareType'"));
}

TEST(SchemaRegistryTest, UnknownEnumMemberListsTheAllowedOnes) {
  auto v = check("updateSoftwareRequest", {{"softwareType", "bogus"}});
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_TRUE(violates(
      v, "/softwareType",
      "'bogus' is not one of adminAgent, operatingSystem, teamsClient, firmware, partnerAgent, "
      "companyPortal, unknownFutureValue"));
}

TEST(SchemaRegistryTest, WrongTypeSaysExpectedAndGot) {
  auto v = check("updateSoftwareRequest", {{"softwareType", 5}});
  ASSERT_EQ(v.size(), 1u) << describe(v);  // not also "5 is not one of ..."
  EXPECT_TRUE(violates(v, "/softwareType", "expected string, got integer 5"));
  EXPECT_TRUE(violates(
      check("updateSoftwareRequest", {{"softwareType", "firmware"}, {"softwareVersion", 1.5}}),
      "/softwareVersion", "expected string or null, got number 1.5"));
}

TEST(SchemaRegistryTest, UnexpectedPropertyIsNamed) {
  auto v = check("updateSoftwareRequest", {{"softwareType", "firmware"}, {"force", true}});
  EXPECT_TRUE(violates(v, "/force", "unexpected property 'force' (not in the schema)"));
}

TEST(SchemaRegistryTest, DateTimeFormatIsChecked) {
  Json op = {{"status", "queued"},
             {"operationType", "deviceRestart"},
             {"createdDateTime", "2021-06-19T12-01-03.45Z"}};
  auto v = check("teamworkDeviceOperationCreateRequest", op);
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_TRUE(
      violates(v, "/createdDateTime", "'2021-06-19T12-01-03.45Z' is not a valid date-time"));
  op["createdDateTime"] = "2021-06-19T12:01:03.45Z";
  EXPECT_TRUE(check("teamworkDeviceOperationCreateRequest", op).empty());
  op["createdDateTime"] = "2021-02-30T12:01:03Z";  // no such day
  EXPECT_FALSE(check("teamworkDeviceOperationCreateRequest", op).empty());
  op["createdDateTime"] = nullptr;  // nullable: the format applies to strings only
  EXPECT_TRUE(check("teamworkDeviceOperationCreateRequest", op).empty());
}

TEST(SchemaRegistryTest, UuidFormatIsChecked) {
  Json r = {{"managedDeviceId", "not-a-guid"}};
  auto v = check("deviceLogCollectionResponseCreateRequest", r);
  EXPECT_TRUE(violates(v, "/managedDeviceId", "'not-a-guid' is not a valid uuid")) << describe(v);
  r["managedDeviceId"] = "b8bd7960-c0bb-4af1-b866-febe94793aef";
  EXPECT_TRUE(check("deviceLogCollectionResponseCreateRequest", r).empty());
}

TEST(SchemaRegistryTest, NullableReferenceReportsTheDeepestProblem) {
  Json op = {
      {"id", "1"}, {"status", "queued"}, {"operationType", "deviceRestart"}, {"createdBy", "bob"}};
  auto v = check("teamworkDeviceOperation", op);
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_TRUE(violates(v, "/createdBy", "expected object or null, got string 'bob'"));
  op["createdBy"] = {{"user", {{"id", 5}}}};
  v = check("teamworkDeviceOperation", op);
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_TRUE(violates(v, "/createdBy/user/id", "expected string or null, got integer 5"));
}

// A failed oneOf names the branch whose required property the value has, and
// only that branch's violations (not "unexpected property 'fixedMs'" and
// "missing required property 'lognormal'" from the other two).
TEST(SchemaRegistryTest, OneOfReportsTheBranchTheValueChose) {
  auto v = check("faultRule", {{"match", {{"path", "/x"}}}, {"latency", {{"fixedMs", -5}}}});
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_TRUE(violates(v, "/latency/fixedMs", "-5 is less than the minimum 0"));
  v = check("faultRule",
            {{"match", {{"path", "/x"}}}, {"latency", {{"lognormal", {{"medianMs", 0}}}}}});
  ASSERT_EQ(v.size(), 2u) << describe(v);
  EXPECT_TRUE(
      violates(v, "/latency/lognormal/medianMs", "0 is not greater than the exclusive minimum 0"));
  EXPECT_TRUE(violates(v, "/latency/lognormal/sigma", "missing required property 'sigma'"));
}

// anyOf [{$ref: X}, {type: null}]: an object that breaks X reports X's
// violations, never that it is not null.
TEST(SchemaRegistryTest, NullableAnyOfReportsTheReferencedSchema) {
  Json op = {{"id", "1"},
             {"status", "queued"},
             {"operationType", "deviceRestart"},
             {"createdBy", {{"user", {{"id", 5}, {"displayName", Json::array()}}}}}};
  auto v = check("teamworkDeviceOperation", op);
  ASSERT_EQ(v.size(), 2u) << describe(v);
  EXPECT_TRUE(violates(v, "/createdBy/user/id", "expected string or null, got integer 5"));
  EXPECT_TRUE(violates(v, "/createdBy/user/displayName", "expected string or null, got array []"));
}

// No branch has its required properties: the one with the fewest violations.
TEST(SchemaRegistryTest, OneOfWithoutADiscriminatorReportsTheClosestBranch) {
  Json schema = Json::parse(R"({"oneOf": [
      {"type": "object", "required": ["a", "b"],
       "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}},
      {"type": "object", "required": ["c"], "properties": {"c": {"type": "string"}},
       "additionalProperties": false}]})");
  std::string error;
  auto compiled = CompiledSchema::compile(schema, nullptr, {}, error);
  ASSERT_TRUE(compiled) << error;
  auto v = compiled->check({{"a", 1}});
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_TRUE(violates(v, "/b", "missing required property 'b'"));

  compiled = CompiledSchema::compile(
      Json::parse(R"({"oneOf": [{"type": "integer"}, {"minimum": 0}]})"), nullptr, {}, error);
  ASSERT_TRUE(compiled) << error;
  v = compiled->check(5);  // both branches accept it
  ASSERT_EQ(v.size(), 1u) << describe(v);
  EXPECT_TRUE(violates(v, "", "5 matches more than one of the oneOf alternatives"));
}

TEST(SchemaRegistryTest, PartialIgnoresMissingRequiredTopLevelOnly) {
  Json device = {{"id", "x"}, {"hardwareDetail", Json::object()}};
  EXPECT_TRUE(violates(check("teamworkDevice", device), "/deviceType",
                       "missing required property 'deviceType'"));
  EXPECT_TRUE(check("teamworkDevice", device, true).empty());
  device["deviceType"] = "TeamsRoom";  // everything else still counts
  EXPECT_FALSE(check("teamworkDevice", device, true).empty());
}

TEST(SchemaRegistryTest, PointersEscapeSlashAndTilde) {
  auto v = check("updateSoftwareRequest", {{"softwareType", "firmware"}, {"a/b~c", 1}});
  EXPECT_TRUE(violates(v, "/a~1b~0c", "unexpected property 'a/b~c' (not in the schema)"));
}

TEST(SchemaRegistryTest, UnknownSchemaIsAViolation) {
  EXPECT_TRUE(violates(check("noSuchSchema", Json::object()), "", "unknown schema 'noSuchSchema'"));
}

TEST(SchemaRegistryTest, ConcurrentChecksAgree) {
  Json good = {{"softwareType", "firmware"}};
  Json bad = {{"softwareType", "bogus"}};
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (!check("updateSoftwareRequest", good).empty()) ++wrong;
        if (check("updateSoftwareRequest", bad).size() != 1) ++wrong;
        if (!check("deviceLogCollectionResponseCreateRequest",
                   {{"managedDeviceId", "b8bd7960-c0bb-4af1-b866-febe94793aef"}})
                 .empty())
          ++wrong;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(SchemaRegistryTest, BadSchemaFileIsNamed) {
  fs::path dir = copy_dir(GRAPHMOCK_TEST_SCHEMAS, "schemas");
  std::string error;
  { std::ofstream(dir / "identity.json") << "{ not json"; }
  EXPECT_FALSE(SchemaRegistry::load(dir.string(), error));
  EXPECT_NE(error.find("identity.json"), std::string::npos) << error;

  write_json(dir / "identity.json", {{"type", 5}});
  EXPECT_FALSE(SchemaRegistry::load(dir.string(), error));
  EXPECT_NE(error.find("identity.json"), std::string::npos) << error;

  fs::copy_file(fs::path(GRAPHMOCK_TEST_SCHEMAS) / "identity.json", dir / "identity.json",
                fs::copy_options::overwrite_existing);
  write_json(dir / "dangling.json", {{"properties", {{"a", {{"$ref", "nowhere.json"}}}}}});
  EXPECT_FALSE(SchemaRegistry::load(dir.string(), error));
  EXPECT_NE(error.find("dangling.json"), std::string::npos) << error;
  EXPECT_NE(error.find("nowhere.json"), std::string::npos) << error;
  fs::remove_all(dir);
}

TEST(SchemaRegistryTest, BrokenFixtureStopsStartupWithFileAndPointer) {
  fs::path dir = copy_dir(GRAPHMOCK_TEST_FIXTURES, "fixtures");
  fs::path file = dir / "default" / "teamworkDevices.json";
  Json doc = read_json(file);
  doc["value"][3]["deviceType"] = "TeamsRoom";
  doc["value"][5]["hardwareDetail"].erase("uniqueId");  // allowed: not required
  doc["value"][5].erase("hardwareDetail");
  write_json(file, doc);

  auto options = testing::test_options();
  options.fixtures_dir = dir.string();
  std::string error;
  {
    Server server(options);
    auto started = server.start();
    ASSERT_FALSE(started.ok());
    error = started.error().message;
  }
  EXPECT_NE(error.find(file.string() + ": /value/3/deviceType: 'TeamsRoom' is not one of"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find(file.string() +
                       ": /value/5/hardwareDetail: missing required property 'hardwareDetail'"),
            std::string::npos)
      << error;

  options.validate = ValidateMode::kWarn;  // warn: start-up goes on
  Server lenient(options);
  auto loaded = lenient.load();
  EXPECT_TRUE(loaded.ok()) << loaded.error().message;

  auto report = check_fixtures_dir(registry(), dir.string(), internals(lenient).fixture_files());
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->fixture_sets, 1);
  EXPECT_EQ(report->problems.size(), 2u);
  fs::remove_all(dir);
}

// A stamped set starts without being checked again; a changed byte voids the
// stamp, so start-up checks the file and refuses it.
TEST(SchemaRegistryTest, CheckedStampVouchesForExactlyTheBytesItHashed) {
  fs::path dir = copy_dir(GRAPHMOCK_TEST_FIXTURES, "stamped");
  Server server;
  const auto files = internals(server).fixture_files();
  ASSERT_EQ(check_and_stamp(registry(), dir.string(), "default", files), "");
  const fs::path stamp = dir / "default" / kCheckedStampFile;
  ASSERT_TRUE(fs::exists(stamp));
  auto texts = read_fixture_texts(dir.string(), "default", files);
  ASSERT_TRUE(texts.ok());
  EXPECT_TRUE(stamp_vouches(registry(), dir.string(), "default", *texts));

  auto options = testing::test_options();
  options.fixtures_dir = dir.string();
  {
    Server stamped(options);
    auto started = stamped.load();
    EXPECT_TRUE(started.ok()) << started.error().message;
  }
  // The same edit as above, after stamping: the stamp no longer matches.
  fs::path file = dir / "default" / "teamworkDevices.json";
  Json doc = read_json(file);
  doc["value"][3]["deviceType"] = "TeamsRoom";
  write_json(file, doc);
  texts = read_fixture_texts(dir.string(), "default", files);
  ASSERT_TRUE(texts.ok());
  EXPECT_FALSE(stamp_vouches(registry(), dir.string(), "default", *texts));
  Server edited(options);
  auto refused = edited.load();
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find(file.string() + ": /value/3/deviceType: 'TeamsRoom'"),
            std::string::npos)
      << refused.error().message;
  // A set that does not pass is not stamped.
  EXPECT_NE(check_and_stamp(registry(), dir.string(), "default", files), "");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace graphmock
