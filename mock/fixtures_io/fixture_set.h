// Reading a fixture set (fixtures/<name>/*.json) from disk. Files are parsed
// once; reset() rebuilds the stores from the parsed documents.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace graphmock {

struct FixtureSet {
  std::string name;
  nlohmann::json teamwork_devices;  // teamworkDevices.json
  nlohmann::json managed_devices;   // managedDevices.json
  nlohmann::json scripts;           // deviceManagementScripts.json
};

// Reads fixtures_dir/name/. Missing files count as empty collections; a file
// that is not JSON fails with "<file>: <reason>" in `error`.
bool read_fixture_set(const std::string& fixtures_dir, const std::string& name, FixtureSet& out,
                      std::string& error);

// Reads a whole file; false when it cannot be opened.
bool read_file(const std::string& path, std::string& out);

}  // namespace graphmock
