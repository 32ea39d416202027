// Scenario files (schemas/scenario.json): a fixture set, a seed, operation
// timelines per operationType and per device, the log collection timeline,
// response sequences and fault rules. Loaded by name from
// <fixtures>/scenarios/NAME.json (the only place names resolve to), or from a
// file path given on the command line. Parsing re-checks what the engine
// relies on, so a scenario is safe to apply even without a schema validator.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "faults/fault_rule.h"
#include "logcollection/log_collection_timeline.h"
#include "pipeline/pipeline.h"
#include "teamwork/lifecycle.h"

namespace graphmock {

struct Scenario {
  std::string name;  // "" = no scenario (the defaults)
  std::string description;
  std::optional<std::string> fixtures;  // fixture set; unset: the server's --fixture-set
  std::optional<uint64_t> seed;         // unset: the server's --seed
  TimelineTable timelines;
  std::optional<LogCollectionTimeline> log_collection;
  std::vector<FaultRule> faults;
  std::vector<ResponseSequence> sequences;
  std::string file;  // where it was read from
};

// ^[A-Za-z0-9._-]+$ and no "..": the only names POST /_mock/scenarios/{name} accepts.
bool is_valid_scenario_name(std::string_view name);

// `validator` (may be null) checks the document against the "scenario" schema first.
Result<Scenario> parse_scenario(const nlohmann::json& doc, const BodyValidator* validator);

// By name from <fixtures_dir>/scenarios/: 400 for a bad name, 404 when there is
// no such file, 400 for an invalid file. Never opens anything outside that folder.
Result<Scenario> load_scenario_by_name(const std::string& fixtures_dir, const std::string& name,
                                       const BodyValidator* validator);
// From any file (the --scenario FILE form).
Result<Scenario> load_scenario_file(const std::string& path, const BodyValidator* validator);
// --scenario NAME|FILE: a valid name with a file in the scenarios folder wins;
// otherwise an argument containing '/' or ending in .json is a path.
Result<Scenario> load_scenario_arg(const std::string& fixtures_dir, const std::string& arg,
                                   const BodyValidator* validator);

struct ScenarioInfo {
  std::string name;
  std::string description;
  std::string error;  // non-empty when the file does not load
};
// Every *.json in <fixtures_dir>/scenarios, sorted by name.
std::vector<ScenarioInfo> list_scenarios(const std::string& fixtures_dir,
                                         const BodyValidator* validator);

}  // namespace graphmock
