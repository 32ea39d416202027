// What the admin API (and graphmock::Server) may do to a running mock. Every
// method takes the locks it needs itself and is safe to call while the mock
// serves; nothing here hands out internals.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "graphmock/clock.h"
#include "graphmock/journal_entry.h"
#include "graphmock/result.h"
#include "scenario/scenario.h"

namespace graphmock {

class MockControl {
 public:
  virtual ~MockControl() = default;

  virtual const Clock& clock() const = 0;
  // Moves the virtual clock; 409 on a real clock.
  virtual Status advance(Duration d) = 0;
  // The first time after now at which an entity changes phase by the clock
  // alone (an operation starts or ends); nullopt when none will.
  virtual std::optional<TimePoint> next_change() const = 0;
  // Fixtures, faults, journal and clock back to their start.
  virtual void reset() = 0;
  // Every family's entities as clients see them now, with the scenario, seed,
  // fault rules and journal size (GET /_mock/state).
  virtual nlohmann::json state() const = 0;
  // Every family the mock serves, in registration order: its manifest (what the metadata says
  // about it, mock/<family>/manifest.json) with the fixture files it reads ("fixtureFiles":
  // [{"file", "schema"}]) (GET /_mock/families).
  virtual nlohmann::json family_manifests() const = 0;

  virtual std::vector<JournalEntry> journal(const JournalFilter& filter) const = 0;
  virtual void clear_journal() = 0;

  // {"value": [rules...], "responseSequences": [...]}
  virtual nlohmann::json faults() const = 0;
  // Checks a fault rule against schemas/faultRule.json and adds it: its id,
  // or 400 naming the problem / 409 for a duplicate id.
  virtual Result<std::string> add_fault(const nlohmann::json& rule) = 0;
  virtual bool remove_fault(const std::string& id) = 0;
  virtual void clear_faults() = 0;

  // Every scenario of the fixtures folder, and the active one ({"name",
  // "description", "seed"} or null).
  virtual std::vector<ScenarioInfo> scenarios() const = 0;
  virtual nlohmann::json active_scenario() const = 0;
  // Loads <fixtures>/scenarios/NAME.json (400 bad name or file, 404 unknown).
  virtual Status load_scenario(const std::string& name) = 0;

  // Under `serve --watch`: {"files": [...watched], "reloads": N, "error": null or what the
  // last change did not pass, naming file and pointer}; null without --watch.
  virtual nlohmann::json watch_status() const = 0;
};

}  // namespace graphmock
