// Fixture sets and scenarios checked against their schemas: at start-up
// (Server::load) and offline (`graph-mock check DIR`).
#pragma once

#include <string>
#include <vector>

#include "fixtures_io/fixture_set.h"
#include "graphmock/result.h"
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
// scenarios/*.json (schema "scenario", and its "fixtures" set must exist). A
// `dir` that is not a folder is an error: there is nothing to report on.
Result<FixturesDirReport> check_fixtures_dir(const BodyValidator& schemas, const std::string& dir,
                                             const std::vector<FixtureFile>& files);

class SchemaRegistry;

// A fixture set that passed its schemas can say so: <set>/.checked.json holds
// a SHA-256 digest of each file (block_sha256_hex) and of the schemas it passed. Start-up neither
// parses nor checks files a stamp vouches for (hashing is some fifty times
// faster than both); a changed byte, file or schema voids it.
inline constexpr const char* kCheckedStampFile = ".checked.json";

// Whether fixtures_dir/name's stamp vouches for exactly `texts` under `schemas`.
bool stamp_vouches(const SchemaRegistry& schemas, const std::string& fixtures_dir,
                   const std::string& name, const FixtureTexts& texts);
// Checks fixtures_dir/name against `schemas` and, when it passes, writes its
// stamp (`graph-mock fixtures generate` does for the fleets it writes). ""
// when stamped, else the violations or why the stamp cannot be written.
std::string check_and_stamp(const SchemaRegistry& schemas, const std::string& fixtures_dir,
                            const std::string& name, const std::vector<FixtureFile>& files);

}  // namespace graphmock
