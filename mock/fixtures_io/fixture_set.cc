#include "fixtures_io/fixture_set.h"

#include <filesystem>
#include <optional>

#include "core/files.h"
#include "core/parallel.h"

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
  // The map's entries exist before the files are parsed side by side, each into its own.
  std::vector<std::pair<std::string, nlohmann::json*>> docs;
  for (const auto& f : files)
    if (!out.documents.contains(f.file)) docs.emplace_back(f.file, &out.documents[f.file]);
  std::vector<std::optional<GraphError>> errors(docs.size());
  parallel_for(docs.size(), [&](size_t i) {
    fs::path p = dir / docs[i].first;
    nlohmann::json& doc = *docs[i].second;
    doc = nlohmann::json{{"value", nlohmann::json::array()}};
    std::error_code missing;
    if (!fs::exists(p, missing)) return;
    auto text = read_file(p.string());
    if (!text) {
      errors[i] = text.error();
      return;
    }
    try {
      doc = nlohmann::json::parse(*text);
    } catch (const nlohmann::json::exception& e) {
      errors[i] = GraphError::bad_request(p.string() + ": " + e.what());
    }
  });
  for (auto& error : errors)
    if (error) return std::move(*error);
  return out;
}

}  // namespace graphmock
