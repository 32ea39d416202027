#include "validate/fixture_checks.h"

#include <algorithm>
#include <filesystem>

#include "core/files.h"
#include "validate/schema_registry.h"

namespace graphmock {
namespace fs = std::filesystem;

namespace {

void add_problems(std::vector<std::string>& out, const std::string& file,
                  const std::vector<Violation>& violations) {
  for (const auto& v : violations) out.push_back(violation_line(file, v));
}

std::vector<std::string> fixture_set_problems(const BodyValidator& schemas,
                                              const std::string& fixtures_dir,
                                              const FixtureSet& set,
                                              const std::vector<FixtureFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files)
    add_problems(out, (fs::path(fixtures_dir) / set.name / f.file).string(),
                 schemas.check(f.schema, set.documents.at(f.file), false));
  return out;
}

}  // namespace

std::string validate_fixture_set(const BodyValidator& schemas, const std::string& fixtures_dir,
                                 const FixtureSet& set, const std::vector<FixtureFile>& files) {
  std::string out;
  for (const auto& line : fixture_set_problems(schemas, fixtures_dir, set, files))
    out += (out.empty() ? "" : "\n") + line;
  return out;
}

FixturesDirReport check_fixtures_dir(const BodyValidator& schemas, const std::string& dir,
                                     const std::vector<FixtureFile>& files) {
  FixturesDirReport report;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    report.problems.push_back(dir + ": not a folder");
    return report;
  }
  std::vector<std::string> sets;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_directory() && entry.path().filename() != "scenarios")
      sets.push_back(entry.path().filename());
  std::sort(sets.begin(), sets.end());
  for (const auto& name : sets) {
    ++report.fixture_sets;
    auto set = read_fixture_set(dir, name, files);
    if (!set) {
      report.problems.push_back(set.error().message);
      continue;
    }
    for (auto& line : fixture_set_problems(schemas, dir, *set, files))
      report.problems.push_back(std::move(line));
  }
  fs::path scenarios = fs::path(dir) / "scenarios";
  std::vector<fs::path> scenario_files;
  if (fs::is_directory(scenarios, ec))
    for (const auto& entry : fs::directory_iterator(scenarios))
      if (entry.path().extension() == ".json") scenario_files.push_back(entry.path());
  std::sort(scenario_files.begin(), scenario_files.end());
  for (const auto& file : scenario_files) {
    ++report.scenarios;
    Json doc;
    auto text = read_file(file.string());
    if (!text) {
      report.problems.push_back(file.string() + ": cannot read");
      continue;
    }
    try {
      doc = Json::parse(*text);
    } catch (const Json::exception& e) {
      report.problems.push_back(file.string() + ": " + e.what());
      continue;
    }
    auto violations = schemas.check("scenario", doc, false);
    if (violations.empty() && doc.contains("fixtures") && doc["fixtures"].is_string() &&
        std::find(sets.begin(), sets.end(), doc["fixtures"].get<std::string>()) == sets.end())
      violations.push_back({"/fixtures", "fixture set '" + doc["fixtures"].get<std::string>() +
                                             "' not found in " + dir});
    add_problems(report.problems, file.string(), violations);
  }
  return report;
}

}  // namespace graphmock
