// The validation code (CompiledSchema: valijson plus graph-mock's type, enum
// and format keywords) run over the official JSON-Schema-Test-Suite, draft 7
// (Debian package json-schema-test-suite). Remote refs
// (http://localhost:1234/...) are served from the suite's remotes/ folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "core/files.h"
#include "fixtures_io/fixture_set.h"
#include "validate/schema_compiler.h"

namespace graphmock {
namespace {

namespace fs = std::filesystem;

const fs::path kSuite = GRAPHMOCK_JSON_SCHEMA_SUITE;

// Pass rate below which the run fails; measured 100% (see the test's output).
constexpr double kRequiredPassRate = 0.99;

struct SuiteRun {
  int passed = 0, failed = 0, skipped = 0;
  std::vector<std::string> failures;
};

// The draft-07 meta-schema, which a few cases $ref; Debian ships a copy with
// python3-jsonschema. Without it those cases are skipped.
const fs::path kMetaSchema = "/usr/lib/python3/dist-packages/jsonschema/schemas/draft7.json";
const std::string kMetaSchemaUri = "http://json-schema.org/draft-07/schema";

// Serves the suite's remotes/ folder as http://localhost:1234/, as the suite's
// own harness does, and the meta-schema.
class Remotes {
 public:
  const Json* fetch(const std::string& uri) {
    const std::string prefix = "http://localhost:1234/";
    fs::path file;
    if (uri.rfind(prefix, 0) == 0)
      file = kSuite / "remotes" / uri.substr(prefix.size());
    else if (uri == kMetaSchemaUri)
      file = kMetaSchema;
    else
      return nullptr;
    auto [it, fresh] = docs_.try_emplace(uri);
    if (fresh) {
      auto text = read_file(file.string());
      if (!text) return nullptr;
      it->second = Json::parse(*text);
    }
    return &it->second;
  }

 private:
  std::map<std::string, Json> docs_;
};

// Cases skipped, and why: only those that need the meta-schema when it is not installed.
std::string skip_reason(const Json& group) {
  if (group["schema"].dump().find(kMetaSchemaUri) != std::string::npos && !fs::exists(kMetaSchema))
    return "needs the draft-07 meta-schema (" + kMetaSchemaUri +
           "), not installed: " + kMetaSchema.string() + " (python3-jsonschema)";
  return "";
}

void run_file(const fs::path& file, SuiteRun& run, Remotes& remotes) {
  auto text = read_file(file.string());
  ASSERT_TRUE(text.ok()) << file;
  Json groups = Json::parse(*text);
  for (const auto& group : groups) {
    std::string where = file.filename().string() + " / " + group["description"].get<std::string>();
    std::string error;
    auto schema = CompiledSchema::compile(
        group["schema"], [&](const std::string& uri) { return remotes.fetch(uri); }, {}, error);
    for (const auto& test : group["tests"]) {
      std::string name = where + " / " + test["description"].get<std::string>();
      if (std::string why = skip_reason(group); !why.empty()) {
        ++run.skipped;
        std::cout << "[ SKIPPED  ] " << name << ": " << why << "\n";
        continue;
      }
      bool expected = test["valid"].get<bool>();
      if (!schema) {
        ++run.failed;
        run.failures.push_back(name + " (schema not compiled: " + error + ")");
        continue;
      }
      bool valid = schema->valid(test["data"]);
      // check() must agree with valid() and explain every rejection
      auto violations = schema->check(test["data"]);
      EXPECT_EQ(violations.empty(), valid) << name;
      if (valid == expected) {
        ++run.passed;
      } else {
        ++run.failed;
        run.failures.push_back(name + " (expected " + (expected ? "valid" : "invalid") + ")");
      }
    }
  }
}

SuiteRun run_folder(const fs::path& dir) {
  SuiteRun run;
  Remotes remotes;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) run_file(f, run, remotes);
  return run;
}

TEST(JsonSchemaSuiteTest, Draft7PassRate) {
  if (!fs::exists(kSuite / "tests" / "draft7"))
    GTEST_SKIP() << "json-schema-test-suite is not installed";
  SuiteRun run = run_folder(kSuite / "tests" / "draft7");
  // Skipped cases count as not passed: skipping cannot raise the rate.
  int total = run.passed + run.failed + run.skipped;
  double rate = total ? static_cast<double>(run.passed) / total : 0;
  std::cout << "draft7: " << run.passed << "/" << total << " passed (" << rate * 100 << "%), "
            << run.skipped << " skipped\n";
  for (const auto& f : run.failures) std::cout << "  failed: " << f << "\n";
  EXPECT_GT(total, 400);
  EXPECT_GE(rate, kRequiredPassRate);
}

// The formats graph-mock checks (date-time, date, uri and, not in the suite, uuid).
TEST(JsonSchemaSuiteTest, Draft7CheckedFormats) {
  if (!fs::exists(kSuite / "tests" / "draft7"))
    GTEST_SKIP() << "json-schema-test-suite is not installed";
  SuiteRun run;
  Remotes remotes;
  for (const char* name : {"date-time.json", "date.json", "uri.json"})
    run_file(kSuite / "tests" / "draft7" / "optional" / "format" / name, run, remotes);
  for (const auto& f : run.failures) std::cout << "  failed: " << f << "\n";
  EXPECT_EQ(run.failed, 0);
}

}  // namespace
}  // namespace graphmock
