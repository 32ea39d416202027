#include "validate/schema_registry.h"

#include <filesystem>

#include "core/files.h"
#include "fixtures_io/fixture_set.h"

namespace graphmock {

std::unique_ptr<SchemaRegistry> SchemaRegistry::load(const std::string& dir, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error = dir + ": schema folder not found";
    return nullptr;
  }
  std::map<std::string, Json, std::less<>> raw;  // by file name
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    auto text = read_file(entry.path().string());
    if (!text) {
      error = entry.path().string() + ": cannot read";
      return nullptr;
    }
    std::string file = entry.path().filename().string();
    try {
      raw[file] = Json::parse(*text);
    } catch (const Json::exception& e) {
      error = entry.path().string() + ": " + e.what();
      return nullptr;
    }
    // Relative $refs resolve against the file's name (valijson would loop on
    // a root "$ref" without a base).
    if (raw[file].is_object() && !raw[file].contains("$id")) raw[file]["$id"] = file;
  }
  // Each file on its own first (every $ref to another file accepted as {}),
  // so a broken file is named even when it is only reached through a $ref.
  const Json anything = Json::object();
  SchemaResolver accept_all = [&anything](const std::string&) { return &anything; };
  for (const auto& [file, doc] : raw) {
    std::string err;
    if (!CompiledSchema::compile(doc, accept_all, {}, err)) {
      error = (fs::path(dir) / file).string() + ": " + err;
      return nullptr;
    }
  }
  // $refs name sibling files; valijson hands over the reference resolved
  // against the referring file's $id, so only the last segment matters.
  SchemaResolver resolve = [&raw](const std::string& uri) -> const Json* {
    auto it = raw.find(uri.substr(uri.rfind('/') + 1));
    return it == raw.end() ? nullptr : &it->second;
  };
  auto registry = std::unique_ptr<SchemaRegistry>(new SchemaRegistry);
  for (const auto& [file, doc] : raw) {
    Entry entry;
    std::string err;
    entry.full = CompiledSchema::compile(doc, resolve, {}, err);
    if (entry.full) entry.partial = CompiledSchema::compile(doc, resolve, {.partial = true}, err);
    if (!entry.partial) {
      error = (fs::path(dir) / file).string() + ": " + err;
      return nullptr;
    }
    registry->schemas_.emplace(file.substr(0, file.size() - 5), std::move(entry));
  }
  return registry;
}

std::vector<Violation> SchemaRegistry::check(const std::string& schema, const Json& body,
                                             bool partial) const {
  auto it = schemas_.find(schema);
  if (it == schemas_.end()) return {{"", "unknown schema '" + schema + "'"}};
  return (partial ? it->second.partial : it->second.full)->check(body);
}

std::vector<std::string> SchemaRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : schemas_) out.push_back(name);
  return out;
}

std::string violation_line(const std::string& file, const Violation& violation) {
  return file + ": " + (violation.pointer.empty() ? "/" : violation.pointer) + ": " +
         violation.reason;
}

}  // namespace graphmock
