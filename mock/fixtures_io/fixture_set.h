// Reading a fixture set (fixtures/<name>/*.json) from disk: the files the API
// families name. The server hands the families the files' text (a large fleet
// is mostly documents kept as text and read one device at a time); tools and
// tests that edit or check documents parse them.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/files.h"
#include "graphmock/result.h"

namespace graphmock {

// A file of a fixture set folder and the schema it follows,
// e.g. {"teamworkDevices.json", "fixtures.teamworkDevices"}.
struct FixtureFile {
  std::string file;
  std::string schema;
};

// A fixture set's files as read, by file name; a file the set lacks is {"value":[]}.
using FixtureTexts = std::map<std::string, FileText>;
// A fixture set's documents by file name; a file the set lacks is {"value": []}.
using FixtureDocuments = std::map<std::string, nlohmann::json>;

struct FixtureSet {
  std::string name;
  FixtureDocuments documents;
};

// Reads `files` of fixtures_dir/name/ without parsing them; 404 when the set
// does not exist.
Result<FixtureTexts> read_fixture_texts(const std::string& fixtures_dir, const std::string& name,
                                        const std::vector<FixtureFile>& files);
// Parses each text, side by side; 400 with "<file>: <reason>" for one that is
// not JSON.
Result<FixtureSet> parse_fixture_texts(const std::string& fixtures_dir, const std::string& name,
                                       const FixtureTexts& texts);
// Both.
Result<FixtureSet> read_fixture_set(const std::string& fixtures_dir, const std::string& name,
                                    const std::vector<FixtureFile>& files);

}  // namespace graphmock
