// Operations on a live mock that the admin API and graphmock::Server share:
// applying a scenario, loading one by name, adding a fault rule.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/result.h"
#include "scenario/scenario.h"

namespace graphmock {

struct ServerCore;

// Makes `scenario` current: reads its fixture set, sets the seed, timelines
// and fault rules, and rebuilds every store. A Scenario with an empty name
// means the defaults. The caller holds core.control_mu. On error nothing changed.
std::optional<GraphError> apply_scenario(ServerCore& core, Scenario scenario);

// Loads <fixtures>/scenarios/NAME.json, checks it against schemas/scenario.json
// and applies it (400 bad name or file, 404 unknown).
std::optional<GraphError> load_named_scenario(ServerCore& core, const std::string& name);

// Checks a fault rule (the parser, then schemas/faultRule.json once load()
// has compiled the schemas) and adds it: its id, or 400 naming the problem / 409 duplicate id.
Result<std::string> add_fault_rule(ServerCore& core, const nlohmann::json& rule);

}  // namespace graphmock
