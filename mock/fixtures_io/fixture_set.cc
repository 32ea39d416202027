#include "fixtures_io/fixture_set.h"

#include <filesystem>
#include <optional>

#include "core/files.h"
#include "core/json_body.h"
#include "core/parallel.h"

namespace graphmock {
namespace fs = std::filesystem;

Result<FixtureTexts> read_fixture_texts(const std::string& fixtures_dir, const std::string& name,
                                        const std::vector<FixtureFile>& files) {
  fs::path dir = fs::path(fixtures_dir) / name;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return GraphError::item_not_found(dir.string() + ": fixture set not found");
  // The map's entries exist before the files are read side by side, each into its own.
  FixtureTexts out;
  std::vector<std::pair<const std::string*, FileText*>> texts;
  for (const auto& f : files)
    if (!out.contains(f.file)) {
      auto& text = out[f.file];
      texts.emplace_back(&f.file, &text);
    }
  std::vector<std::optional<GraphError>> errors(texts.size());
  parallel_for(texts.size(), [&](size_t i) {
    fs::path p = dir / *texts[i].first;
    std::error_code missing;
    if (!fs::exists(p, missing)) {
      *texts[i].second = FileText(R"({"value":[]})");
      return;
    }
    auto text = FileText::read(p.string());
    if (!text)
      errors[i] = text.error();
    else
      *texts[i].second = std::move(*text);
  });
  for (auto& error : errors)
    if (error) return std::move(*error);
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
    auto doc = parse_json_document(texts.at(*docs[i].first).view(),
                                   (fs::path(fixtures_dir) / name / *docs[i].first).string());
    if (doc)
      *docs[i].second = std::move(*doc);
    else
      errors[i] = doc.error();
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
