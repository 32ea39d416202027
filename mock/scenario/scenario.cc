#include "scenario/scenario.h"

#include <algorithm>
#include <filesystem>

#include "core/files.h"
#include "core/json_body.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

Result<Scenario> parse_in(const Json& doc, const std::string& where,
                          const BodyValidator& validator) {
  auto violations = validator.check("scenario", doc, false);
  if (!violations.empty())
    return GraphError::bad_request("Invalid scenario " + where +
                                   " (schema scenario.json): " + describe(violations));
  Scenario s;
  s.name = doc["name"].get<std::string>();
  s.description = doc.value("description", "");
  if (doc.contains("fixtures")) s.fixtures = doc["fixtures"].get<std::string>();
  if (doc.contains("seed")) {
    // The schema's "integer" also admits 1e60, which JSON parsers read as a double.
    if (!doc["seed"].is_number_unsigned())
      return GraphError::bad_request("Invalid scenario " + where +
                                     ": /seed: not an integer from 0 to 18446744073709551615");
    s.seed = doc["seed"].get<uint64_t>();
  }
  const Json sequences = doc.value("responseSequences", Json::array());
  for (size_t i = 0; i < sequences.size(); ++i) {
    auto seq = parse_response_sequence(sequences[i], "/responseSequences/" + std::to_string(i));
    if (!seq)
      return GraphError::bad_request("Invalid scenario " + where + ": " + seq.error().message);
    s.sequences.push_back(std::move(*seq));
  }
  for (size_t i = 0; doc.contains("faults") && i < doc["faults"].size(); ++i) {
    auto rule = parse_fault_rule(doc["faults"][i], "/faults/" + std::to_string(i));
    if (!rule)
      return GraphError::bad_request("Invalid scenario " + where + ": " + rule.error().message);
    s.faults.push_back(std::move(*rule));
  }
  s.document = doc;
  return s;
}

Result<Scenario> read_scenario(const std::string& path, const std::string& where,
                               const BodyValidator& validator) {
  auto text = read_file(path);
  if (!text) return GraphError::not_found("Scenario file " + where + " cannot be read.");
  auto doc = parse_json_document(*text, where);
  if (!doc) return GraphError::bad_request("Invalid scenario " + doc.error().message);
  auto s = parse_in(*doc, where, validator);
  if (s) s->file = path;
  return s;
}

}  // namespace

bool is_valid_scenario_name(std::string_view name) {
  if (name.empty() || name.size() > 200 || name.find("..") != std::string_view::npos) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

Result<Scenario> parse_scenario(const Json& doc, const BodyValidator& validator) {
  return parse_in(doc, "document", validator);
}

Result<Json> with_settings(Json document, const std::map<std::string, std::string>& settings,
                           const BodyValidator& validator) {
  // The settings alone, as the one scenario that sets them, pass the schema first: a wrong word
  // is named as the flag's, not as the file's.
  Json given = {{"name", "flags"}};
  std::vector<Json::json_pointer> pointers;
  for (const auto& [pointer, value] : settings) {
    try {
      pointers.emplace_back(pointer);
      given[pointers.back()] = value;
    } catch (const Json::exception&) {
      return GraphError::bad_request("Invalid setting '" + pointer +
                                     "': not a JSON pointer to a scenario setting");
    }
  }
  auto violations = validator.check("scenario", given, false);
  if (!violations.empty())
    return GraphError::bad_request("Invalid setting given as a flag (schema scenario.json): " +
                                   describe(violations));
  // The document passed the same schema, so each setting's parents are objects or absent.
  for (const auto& pointer : pointers) document[pointer] = given[pointer];
  return document;
}

Result<Scenario> load_scenario_by_name(const std::string& fixtures_dir, const std::string& name,
                                       const BodyValidator& validator) {
  if (!is_valid_scenario_name(name))
    return GraphError::bad_request(
        "Invalid scenario name '" + name +
        "': names match ^[A-Za-z0-9._-]+$ without '..' and load from the fixtures "
        "folder's scenarios/ only.");
  std::error_code ec;
  fs::path dir = fs::weakly_canonical(fs::path(fixtures_dir) / "scenarios", ec);
  fs::path file = fs::weakly_canonical(dir / (name + ".json"), ec);
  // A symlink in the folder must not lead outside it either.
  if (ec || file.parent_path() != dir || !fs::is_regular_file(file, ec))
    return GraphError::item_not_found("Unknown scenario '" + name +
                                      "': GET /_mock/scenarios lists those in " + dir.string() +
                                      ".");
  return read_scenario(file.string(), "'" + name + "' (" + file.string() + ")", validator);
}

Result<Scenario> load_scenario_file(const std::string& path, const BodyValidator& validator) {
  return read_scenario(path, path, validator);
}

Result<Scenario> load_scenario_arg(const std::string& fixtures_dir, const std::string& arg,
                                   const BodyValidator& validator) {
  std::error_code ec;
  if (is_valid_scenario_name(arg) &&
      fs::is_regular_file(fs::path(fixtures_dir) / "scenarios" / (arg + ".json"), ec))
    return load_scenario_by_name(fixtures_dir, arg, validator);
  bool looks_like_path = arg.find('/') != std::string::npos ||
                         (arg.size() > 5 && arg.compare(arg.size() - 5, 5, ".json") == 0);
  if (looks_like_path) return load_scenario_file(arg, validator);
  std::string names;
  for (const auto& info : list_scenarios(fixtures_dir, validator))
    names += (names.empty() ? "" : ", ") + info.name;
  return GraphError::item_not_found("Unknown scenario '" + arg + "' (available in " + fixtures_dir +
                                    "/scenarios: " + (names.empty() ? "none" : names) + ").");
}

std::vector<ScenarioInfo> list_scenarios(const std::string& fixtures_dir,
                                         const BodyValidator& validator) {
  std::vector<ScenarioInfo> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(fixtures_dir) / "scenarios", ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".json" || !entry.is_regular_file(ec)) continue;
    std::string name = p.stem().string();
    if (!is_valid_scenario_name(name)) continue;
    ScenarioInfo info{name, "", ""};
    auto s = load_scenario_by_name(fixtures_dir, name, validator);
    if (s)
      info.description = s->description;
    else
      info.error = s.error().message;
    out.push_back(std::move(info));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

}  // namespace graphmock
