// Scenario files (schemas/scenario.json): a fixture set, a seed, response
// sequences and fault rules, and each API family's settings (timelines),
// which the families read from `document`. Loaded by name from
// <fixtures>/scenarios/NAME.json (the only place names resolve to), or from a
// file path given on the command line. The schema is the one check of the
// document's shape; parsing only converts.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "faults/fault_rule.h"
#include "graphmock/result.h"
#include "pipeline/pipeline.h"

namespace graphmock {

struct Scenario {
  std::string name;  // "" = no scenario (the defaults)
  std::string description;
  // Unset: the defaults. A --fixture-set / --seed flag beats either (flags override files).
  std::optional<std::string> fixtures;
  std::optional<uint64_t> seed;
  std::vector<FaultRule> faults;
  std::vector<ResponseSequence> sequences;
  nlohmann::json document = nlohmann::json::object();  // as written: the families' settings
  std::string file;                                    // where it was read from
};

// `document` with each setting given as a flag (ServerOptions::settings: a JSON pointer -> its
// word) in place of the file's: flags beat files. 400 naming the flag's setting when the words
// are not what schemas/scenario.json allows there.
Result<nlohmann::json> with_settings(nlohmann::json document,
                                     const std::map<std::string, std::string>& settings,
                                     const BodyValidator& validator);

// ^[A-Za-z0-9._-]+$ and no "..": the only names POST /_mock/scenarios/{name} accepts.
bool is_valid_scenario_name(std::string_view name);

// Checks the document against the "scenario" schema, then converts it.
Result<Scenario> parse_scenario(const nlohmann::json& doc, const BodyValidator& validator);

// By name from <fixtures_dir>/scenarios/: 400 for a bad name, 404 when there is
// no such file, 400 for an invalid file. Never opens anything outside that folder.
Result<Scenario> load_scenario_by_name(const std::string& fixtures_dir, const std::string& name,
                                       const BodyValidator& validator);
// From any file (the --scenario FILE form).
Result<Scenario> load_scenario_file(const std::string& path, const BodyValidator& validator);
// --scenario NAME|FILE: a valid name with a file in the scenarios folder wins;
// otherwise an argument containing '/' or ending in .json is a path.
Result<Scenario> load_scenario_arg(const std::string& fixtures_dir, const std::string& arg,
                                   const BodyValidator& validator);

struct ScenarioInfo {
  std::string name;
  std::string description;
  std::string error;  // non-empty when the file does not load
};
// Every *.json in <fixtures_dir>/scenarios, sorted by name.
std::vector<ScenarioInfo> list_scenarios(const std::string& fixtures_dir,
                                         const BodyValidator& validator);

}  // namespace graphmock
