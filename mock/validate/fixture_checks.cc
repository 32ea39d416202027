#include "validate/fixture_checks.h"

#include <algorithm>
#include <filesystem>

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
                                              const FixtureSet& set) {
  std::vector<std::string> out;
  auto check = [&](const std::string& name, const Json& doc) {
    add_problems(out, (fs::path(fixtures_dir) / set.name / (name + ".json")).string(),
                 schemas.check("fixtures." + name, doc, false));
  };
  check("teamworkDevices", set.teamwork_devices);
  check("managedDevices", set.managed_devices);
  check("deviceManagementScripts", set.scripts);
  return out;
}

}  // namespace

std::string validate_fixture_set(const BodyValidator& schemas, const std::string& fixtures_dir,
                                 const FixtureSet& set) {
  std::string out;
  for (const auto& line : fixture_set_problems(schemas, fixtures_dir, set))
    out += (out.empty() ? "" : "\n") + line;
  return out;
}

FixturesDirReport check_fixtures_dir(const BodyValidator& schemas, const std::string& dir) {
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
    FixtureSet set;
    std::string error;
    ++report.fixture_sets;
    if (!read_fixture_set(dir, name, set, error)) {
      report.problems.push_back(error);
      continue;
    }
    for (auto& line : fixture_set_problems(schemas, dir, set))
      report.problems.push_back(std::move(line));
  }
  fs::path scenarios = fs::path(dir) / "scenarios";
  std::vector<fs::path> files;
  if (fs::is_directory(scenarios, ec))
    for (const auto& entry : fs::directory_iterator(scenarios))
      if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    ++report.scenarios;
    std::string text;
    Json doc;
    if (!read_file(file.string(), text)) {
      report.problems.push_back(file.string() + ": cannot read");
      continue;
    }
    try {
      doc = Json::parse(text);
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
