// The seam between the server and a Graph API family (Teams devices, Intune
// log collection, ...). A family is one folder: it registers its routes, names
// the fixture files it reads (and their schemas), builds its state from them,
// reads its part of a scenario and adds its part to GET /_mock/state. The
// server, the scenario runner and the admin API iterate over families and
// name none of them.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "family/manifest.h"
#include "fixtures_io/fixture_set.h"
#include "graphmock/clock.h"
#include "graphmock/options.h"
#include "pipeline/pipeline.h"

namespace graphmock {

class FleetPart;  // fleet/fleet_generator.h

class ApiFamily {
 public:
  virtual ~ApiFamily() = default;

  // What the metadata says about the family (mock/<family>/manifest.json, generated).
  virtual const FamilyManifest& manifest() const = 0;
  virtual void register_routes(GraphRouter& router) = 0;
  // The fixture files it reads, as its manifest declares them.
  std::vector<FixtureFile> fixture_files() const { return manifest().fixture_files(); }
  // Reads this family's settings from a scenario document that passed
  // schemas/scenario.json ({} = no scenario: the defaults). Applies to what
  // is created afterwards.
  virtual void configure(const nlohmann::json& scenario) = 0;
  // Replaces the family's state with the fixtures' and restarts its ids and
  // random draws from `seed` (start, scenario load). `fixtures` holds each
  // file's text, checked against its schema unless --validate is off and known
  // to be JSON: a family keeps what it serves as text where it can, so a fleet
  // is held once and compactly. Families load side by side: a family reads
  // only its own files, found with fixtures.at(), and writes only its own state.
  virtual void load(const FixtureTexts& fixtures, uint64_t seed) = 0;
  // Back to the state load() built, ids and draws restarted from `seed` (reset).
  virtual void reset(uint64_t seed) = 0;
  // Adds this family's entities, as clients would see them at `now`, to GET /_mock/state.
  virtual void dump_state(nlohmann::json& state, TimePoint now) const = 0;
  // The first time after `now` at which one of its entities changes phase by
  // the clock alone (POST /_mock/clock/next); nullopt when none will.
  virtual std::optional<TimePoint> next_change(TimePoint) const { return std::nullopt; }
  // What the family adds to a fleet that `graph-mock fixtures generate` makes from a
  // template set (mock/fleet); null (the default) when it adds nothing. Lives as long as
  // the family.
  virtual const FleetPart* fleet_part() const { return nullptr; }
};

// What every family is built from.
struct FamilyEnv {
  const ServerOptions& options;
  // The whole request path (route, faults, auth, validation, journal), for a
  // family whose requests carry other requests ($batch). Outlives the family.
  RequestHandler& pipeline;
  // The mock's clock when it started: retained history ages from here at the
  // earliest (RetentionPolicy::ages_from).
  TimePoint started;
};

}  // namespace graphmock
