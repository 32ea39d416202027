// Fixture sets and scenarios checked against their schemas: at start-up
// (Server::load) and offline (`graph-mock check DIR`).
#pragma once

#include <string>
#include <vector>

#include "fixtures_io/fixture_set.h"
#include "pipeline/pipeline.h"

namespace graphmock {

// Checks each of `files` in `set` (read from fixtures_dir/set.name) against
// its schema, a large file's items on several threads (`set` is taken apart
// and put back as it was). "" when valid, else one "<file>: <json pointer>:
// <reason>" line per violation.
std::string validate_fixture_set(const BodyValidator& schemas, const std::string& fixtures_dir,
                                 FixtureSet& set, const std::vector<FixtureFile>& files);

struct FixturesDirReport {
  int fixture_sets = 0;
  int scenarios = 0;
  std::vector<std::string> problems;  // "<file>: <pointer>: <reason>"
};

// Every fixture set (each folder of `dir` but scenarios/, its `files`) and every
// scenarios/*.json (schema "scenario", and its "fixtures" set must exist).
FixturesDirReport check_fixtures_dir(const BodyValidator& schemas, const std::string& dir,
                                     const std::vector<FixtureFile>& files);

}  // namespace graphmock
