#include "scenario/scenario_runner.h"

#include "server/server_core.h"
#include "validate/fixture_checks.h"

namespace graphmock {

std::optional<GraphError> apply_scenario(ServerCore& core, Scenario scenario) {
  FixtureSet fixtures;
  std::string error;
  std::string set = scenario.fixtures.value_or(core.options.fixture_set);
  if (!read_fixture_set(core.options.fixtures_dir, set, fixtures, error))
    return GraphError::bad_request(
        scenario.name.empty() ? error : "Scenario '" + scenario.name + "': " + error);
  if (core.schemas && core.options.validate != ValidateMode::kOff) {
    error = validate_fixture_set(*core.schemas, core.options.fixtures_dir, fixtures);
    if (!error.empty() && core.options.validate == ValidateMode::kStrict)
      return GraphError::bad_request(error);
    if (!error.empty())
      core.pipeline->options().warn("fixture schema violations (--validate warn):\n" + error);
  }
  core.fixtures = std::move(fixtures);
  core.options.seed = scenario.seed.value_or(core.base_seed);
  core.teamwork->set_timelines(scenario.timelines);
  core.logcollection->set_timeline(scenario.log_collection.value_or(LogCollectionTimeline{}));
  core.faults->configure(core.options.seed, scenario.faults, scenario.sequences);
  core.scenario = std::move(scenario);
  core.restore_fixtures();
  return std::nullopt;
}

std::optional<GraphError> load_named_scenario(ServerCore& core, const std::string& name) {
  auto scenario = load_scenario_by_name(core.options.fixtures_dir, name, core.schemas.get());
  if (!scenario) return scenario.error();
  std::lock_guard lock(core.control_mu);
  return apply_scenario(core, std::move(*scenario));
}

Result<std::string> add_fault_rule(ServerCore& core, const nlohmann::json& rule) {
  // The schema first (it names every violation with its pointer); the parser
  // then adds what a schema cannot say ("lo must be <= hi").
  if (core.schemas) {
    auto violations = core.schemas->check("faultRule", rule, false);
    if (!violations.empty())
      return GraphError::bad_request("Invalid fault rule (schema faultRule.json): " +
                                     describe(violations));
  }
  auto parsed = parse_fault_rule(rule);
  if (!parsed) return parsed.error();
  return core.faults->add(std::move(*parsed));
}

}  // namespace graphmock
