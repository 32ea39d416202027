// Reading a fixture set (fixtures/<name>/*.json) from disk: the files the API
// families name, each parsed once; reset rebuilds state from the parsed documents.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graphmock/result.h"

namespace graphmock {

// A file of a fixture set folder and the schema it follows,
// e.g. {"teamworkDevices.json", "fixtures.teamworkDevices"}.
struct FixtureFile {
  std::string file;
  std::string schema;
};

// A fixture set's documents by file name; a file the set lacks is {"value": []}.
using FixtureDocuments = std::map<std::string, nlohmann::json>;

struct FixtureSet {
  std::string name;
  FixtureDocuments documents;
};

// Reads `files` of fixtures_dir/name/. 400 with "<file>: <reason>" for a file
// that is not JSON, 404 when the set does not exist.
Result<FixtureSet> read_fixture_set(const std::string& fixtures_dir, const std::string& name,
                                    const std::vector<FixtureFile>& files);

}  // namespace graphmock
