#include "fixtures_io/fixture_set.h"

#include <filesystem>
#include <optional>

#include "core/files.h"
#include "core/parallel.h"

namespace graphmock {
namespace fs = std::filesystem;

Result<FixtureTexts> read_fixture_texts(const std::string& fixtures_dir, const std::string& name,
                                        const std::vector<FixtureFile>& files) {
  fs::path dir = fs::path(fixtures_dir) / name;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return GraphError::item_not_found(dir.string() + ": fixture set not found");
  FixtureTexts out;
  for (const auto& f : files) {
    fs::path p = dir / f.file;
    if (!fs::exists(p, ec)) {
      out[f.file] = R"({"value":[]})";
      continue;
    }
    auto text = read_file(p.string());
    if (!text) return text.error();
    out[f.file] = std::move(*text);
  }
  return out;
}

Result<FixtureSet> parse_fixture_texts(const std::string& fixtures_dir, const std::string& name,
                                       const FixtureTexts& texts) {
  FixtureSet out;
  out.name = name;
  // The map's entries exist before the files are parsed side by side, each into its own.
  std::vector<std::pair<const std::string*, nlohmann::json*>> docs;
  for (const auto& [file, text] : texts) docs.emplace_back(&file, &out.documents[file]);
  std::vector<std::optional<GraphError>> errors(docs.size());
  parallel_for(docs.size(), [&](size_t i) {
    try {
      *docs[i].second = nlohmann::json::parse(texts.at(*docs[i].first));
    } catch (const nlohmann::json::exception& e) {
      errors[i] = GraphError::bad_request(
          (fs::path(fixtures_dir) / name / *docs[i].first).string() + ": " + e.what());
    }
  });
  for (auto& error : errors)
    if (error) return std::move(*error);
  return out;
}

Result<FixtureSet> read_fixture_set(const std::string& fixtures_dir, const std::string& name,
                                    const std::vector<FixtureFile>& files) {
  auto texts = read_fixture_texts(fixtures_dir, name, files);
  if (!texts) return texts.error();
  return parse_fixture_texts(fixtures_dir, name, *texts);
}

}  // namespace graphmock
