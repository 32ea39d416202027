#include "fixtures_io/fixture_set.h"

#include <filesystem>

#include "core/files.h"

namespace graphmock {

Result<FixtureSet> read_fixture_set(const std::string& fixtures_dir, const std::string& name,
                                    const std::vector<FixtureFile>& files) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(fixtures_dir) / name;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return GraphError::item_not_found(dir.string() + ": fixture set not found");
  FixtureSet out;
  out.name = name;
  for (const auto& f : files) {
    fs::path p = dir / f.file;
    auto& doc = out.documents[f.file];
    doc = nlohmann::json{{"value", nlohmann::json::array()}};
    if (!fs::exists(p, ec)) continue;
    auto text = read_file(p.string());
    if (!text) return text.error();
    try {
      doc = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception& e) {
      return GraphError::bad_request(p.string() + ": " + e.what());
    }
  }
  return out;
}

}  // namespace graphmock
