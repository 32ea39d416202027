#include "fixtures_io/fixture_set.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace graphmock {

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

bool read_fixture_set(const std::string& fixtures_dir, const std::string& name, FixtureSet& out,
                      std::string& error) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(fixtures_dir) / name;
  if (!fs::is_directory(dir)) {
    error = dir.string() + ": fixture set not found";
    return false;
  }
  out.name = name;
  auto load = [&](const char* file, nlohmann::json& into) {
    fs::path p = dir / file;
    into = nlohmann::json{{"value", nlohmann::json::array()}};
    if (!fs::exists(p)) return true;
    std::string text;
    if (!read_file(p.string(), text)) {
      error = p.string() + ": cannot read";
      return false;
    }
    try {
      into = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      error = p.string() + ": " + e.what();
      return false;
    }
    return true;
  };
  return load("teamworkDevices.json", out.teamwork_devices) &&
         load("managedDevices.json", out.managed_devices) &&
         load("deviceManagementScripts.json", out.scripts);
}

}  // namespace graphmock
