#include "validate/fixture_checks.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/files.h"
#include "core/json_body.h"
#include "core/parallel.h"
#include "core/sha256.h"
#include "validate/schema_registry.h"

namespace graphmock {
namespace fs = std::filesystem;

namespace {

void add_problems(std::vector<std::string>& out, const std::string& file,
                  const std::vector<Violation>& violations) {
  for (const auto& v : violations) out.push_back(violation_line(file, v));
}

// A fixture file's items are checked in parts on several threads: part `doc`
// holds items [offset, offset + n) as its "value"; the first part also holds
// the file's other members.
struct FilePart {
  size_t file;
  size_t offset;
  Json doc;
  std::vector<Violation> found;
};

// Fewer items than this per thread are checked on one thread.
constexpr size_t kMinItemsPerPart = 256;

std::vector<FilePart> split_for_checking(FixtureSet& set, const std::vector<FixtureFile>& files) {
  std::vector<FilePart> parts;
  for (size_t i = 0; i < files.size(); ++i) {
    Json& doc = set.documents.at(files[i].file);
    auto value = doc.find("value");
    const size_t n = value != doc.end() && value->is_array() ? value->size() : 0;
    const size_t count = std::clamp<size_t>(n / kMinItemsPerPart, 1, default_parallelism());
    if (count == 1) {
      parts.push_back({i, 0, std::move(doc), {}});
      continue;
    }
    Json items = std::move(*value);
    for (size_t c = 0; c < count; ++c) {
      const size_t from = n * c / count, to = n * (c + 1) / count;
      Json part = c == 0 ? std::move(doc) : Json::object();
      Json::array_t chunk;
      chunk.reserve(to - from);
      for (size_t k = from; k < to; ++k) chunk.push_back(std::move(items[k]));
      part["value"] = std::move(chunk);
      parts.push_back({i, from, std::move(part), {}});
    }
  }
  return parts;
}

// Puts the parts' documents back into `set`, in order.
void join_parts(std::vector<FilePart>& parts, FixtureSet& set,
                const std::vector<FixtureFile>& files) {
  for (auto& part : parts) {
    Json& doc = set.documents.at(files[part.file].file);
    if (part.offset == 0) {
      doc = std::move(part.doc);
      continue;
    }
    auto& items = doc["value"].get_ref<Json::array_t&>();
    for (auto& item : part.doc["value"]) items.push_back(std::move(item));
  }
}

// "/value/<k>..." of a part starting at `offset`, as a pointer into the whole file.
std::string file_pointer(const std::string& pointer, size_t offset) {
  constexpr std::string_view kItems = "/value/";
  if (offset == 0 || !pointer.starts_with(kItems)) return pointer;
  size_t end = pointer.find('/', kItems.size());
  if (end == std::string::npos) end = pointer.size();
  const std::string index = pointer.substr(kItems.size(), end - kItems.size());
  if (index.empty() || index.find_first_not_of("0123456789") != std::string::npos) return pointer;
  return std::string(kItems) + std::to_string(std::stoull(index) + offset) + pointer.substr(end);
}

std::vector<std::string> fixture_set_problems(const BodyValidator& schemas,
                                              const std::string& fixtures_dir, FixtureSet& set,
                                              const std::vector<FixtureFile>& files) {
  std::vector<FilePart> parts = split_for_checking(set, files);
  parallel_for(parts.size(), [&](size_t i) {
    parts[i].found = schemas.check(files[parts[i].file].schema, parts[i].doc, false);
  });
  std::vector<std::string> out;
  for (auto& part : parts) {
    for (auto& v : part.found) v.pointer = file_pointer(v.pointer, part.offset);
    add_problems(out, (fs::path(fixtures_dir) / set.name / files[part.file].file).string(),
                 part.found);
  }
  join_parts(parts, set, files);
  return out;
}

}  // namespace

std::string validate_fixture_set(const BodyValidator& schemas, const std::string& fixtures_dir,
                                 FixtureSet& set, const std::vector<FixtureFile>& files) {
  std::string out;
  for (const auto& line : fixture_set_problems(schemas, fixtures_dir, set, files))
    out += (out.empty() ? "" : "\n") + line;
  return out;
}

Result<FixturesDirReport> check_fixtures_dir(const BodyValidator& schemas, const std::string& dir,
                                             const std::vector<FixtureFile>& files) {
  FixturesDirReport report;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return GraphError::not_found(dir + ": not a folder");
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
    auto parsed = parse_json_document(*text, file.string());
    if (!parsed) {
      report.problems.push_back(parsed.error().message);
      continue;
    }
    doc = std::move(*parsed);
    auto violations = schemas.check("scenario", doc, false);
    if (violations.empty() && doc.contains("fixtures") && doc["fixtures"].is_string() &&
        std::find(sets.begin(), sets.end(), doc["fixtures"].get<std::string>()) == sets.end())
      violations.push_back({"/fixtures", "fixture set '" + doc["fixtures"].get<std::string>() +
                                             "' not found in " + dir});
    add_problems(report.problems, file.string(), violations);
  }
  return report;
}

namespace {

// {"schemas": "<sha256>", "files": {"<file>": "<sha256>", ...}} for `texts`.
Json stamp_of(const SchemaRegistry& schemas, const FixtureTexts& texts) {
  std::vector<const std::pair<const std::string, FileText>*> files;
  for (const auto& entry : texts) files.push_back(&entry);
  std::vector<std::string> digests(files.size());
  parallel_for(files.size(), [&](size_t i) { digests[i] = block_sha256_hex(files[i]->second); });
  Json stamp = {{"schemas", schemas.digest()}, {"files", Json::object()}};
  for (size_t i = 0; i < files.size(); ++i) stamp["files"][files[i]->first] = digests[i];
  return stamp;
}

}  // namespace

bool stamp_vouches(const SchemaRegistry& schemas, const std::string& fixtures_dir,
                   const std::string& name, const FixtureTexts& texts) {
  auto text = read_file((fs::path(fixtures_dir) / name / kCheckedStampFile).string());
  if (!text) return false;
  auto stamp = parse_json_document(*text, kCheckedStampFile);
  return stamp && *stamp == stamp_of(schemas, texts);
}

std::string check_and_stamp(const SchemaRegistry& schemas, const std::string& fixtures_dir,
                            const std::string& name, const std::vector<FixtureFile>& files) {
  auto texts = read_fixture_texts(fixtures_dir, name, files);
  if (!texts) return texts.error().message;
  auto parsed = parse_fixture_texts(fixtures_dir, name, *texts);
  if (!parsed) return parsed.error().message;
  if (std::string error = validate_fixture_set(schemas, fixtures_dir, *parsed, files);
      !error.empty())
    return error;
  const fs::path path = fs::path(fixtures_dir) / name / kCheckedStampFile;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << stamp_of(schemas, *texts).dump(2) << "\n";
  return out ? "" : path.string() + ": cannot write";
}

}  // namespace graphmock
