#include "validate/validate_commands.h"

#include <iostream>
#include <iterator>

#include "core/files.h"
#include "core/json_body.h"
#include "fixtures_io/fixture_set.h"
#include "validate/fixture_checks.h"
#include "validate/har_check.h"
#include "validate/schema_registry.h"

namespace graphmock {
namespace {

std::unique_ptr<SchemaRegistry> load_schemas(const std::string& dir, std::ostream& err) {
  std::string error;
  auto registry = SchemaRegistry::load(dir, error);
  if (!registry) err << "graph-mock: " << error << "\n";
  return registry;
}

bool read_input(const std::string& file, std::string& text) {
  if (file != "-") {
    auto read = read_file(file);
    if (read) text = std::move(*read);
    return read.ok();
  }
  text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  return true;
}

bool parse_file(const std::string& file, Json& doc, std::ostream& err) {
  std::string text;
  if (!read_input(file, text)) {
    err << "graph-mock: " << file << ": cannot read\n";
    return false;
  }
  auto parsed = parse_json_document(text, file);
  if (!parsed) {
    err << "graph-mock: " << parsed.error().message << "\n";
    return false;
  }
  doc = std::move(*parsed);
  return true;
}

}  // namespace

int run_validate_files(const std::string& schemas_dir, const std::string& schema,
                       const std::vector<std::string>& files, std::ostream& out,
                       std::ostream& err) {
  auto schemas = load_schemas(schemas_dir, err);
  if (!schemas) return 2;
  if (!schemas->has(schema)) {
    err << "graph-mock: unknown schema '" << schema << "'; known:";
    for (const auto& name : schemas->names()) err << " " << name;
    err << "\n";
    return 2;
  }
  size_t violations = 0, bad = 0, unusable = 0;
  for (const auto& file : files) {
    Json doc;
    if (!parse_file(file, doc, err)) {
      ++unusable;
      continue;
    }
    auto found = schemas->check(schema, doc, false);
    for (const auto& v : found) out << violation_line(file, v) << "\n";
    violations += found.size();
    bad += found.empty() ? 0 : 1;
  }
  out << files.size() - unusable << " file(s) checked against " << schema << ": " << violations
      << " violation(s) in " << bad << " file(s)";
  // Without this a file that could not be read or parsed looked like a clean one.
  if (unusable) out << "; " << unusable << " file(s) not checked (not readable or not JSON)";
  out << "\n";
  return unusable ? 2 : violations ? 1 : 0;
}

int run_validate_har(const std::string& schemas_dir, const std::string& har_file,
                     const GraphRouter& routes, std::ostream& out, std::ostream& err) {
  auto schemas = load_schemas(schemas_dir, err);
  Json har;
  if (!schemas || !parse_file(har_file, har, err)) return 2;
  HarReport report = check_har(har, routes, *schemas);
  if (!report.error.empty()) {
    err << "graph-mock: " << har_file << ": " << report.error << "\n";
    return 2;
  }
  for (const auto& v : report.violations) out << format_har_violation(v) << "\n";
  for (const auto& s : report.skipped) err << "skipped " << s << "\n";
  out << report.entries << " entries, " << report.bodies_checked << " bodies checked, "
      << report.violations.size() << " violation(s), " << report.skipped.size() << " skipped\n";
  return report.violations.empty() ? 0 : 1;
}

int run_check(const std::string& schemas_dir, const std::string& fixtures_dir,
              const std::vector<FixtureFile>& files, std::ostream& out, std::ostream& err) {
  auto schemas = load_schemas(schemas_dir, err);
  if (!schemas) return 2;
  auto report = check_fixtures_dir(*schemas, fixtures_dir, files);
  if (!report) {
    err << "graph-mock: " << report.error().message << "\n";
    return 2;
  }
  for (const auto& p : report->problems) out << p << "\n";
  out << fixtures_dir << ": " << report->fixture_sets << " fixture set(s), " << report->scenarios
      << " scenario(s), " << report->problems.size() << " problem(s)\n";
  return report->problems.empty() ? 0 : 1;
}

}  // namespace graphmock
