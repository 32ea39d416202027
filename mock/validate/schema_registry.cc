#include "validate/schema_registry.h"

#include <filesystem>
#include <set>

#include "core/files.h"
#include "core/json_body.h"
#include "core/sha256.h"
#include "fixtures_io/fixture_set.h"

namespace graphmock {
namespace {

using Documents = std::map<std::string, Json, std::less<>>;

// "v1.0/" for "v1.0/managedDevice.json", "" for a file of the folder itself.
std::string folder_of(std::string_view file) {
  auto slash = file.rfind('/');
  return std::string(slash == std::string_view::npos ? "" : file.substr(0, slash + 1));
}

// The first "$ref" of `node` (in a file of `folder`) that names no file of that folder ("" if
// none).
std::string missing_ref(const Json& node, const std::string& folder, const Documents& files) {
  if (node.is_array()) {
    for (const auto& item : node)
      if (auto m = missing_ref(item, folder, files); !m.empty()) return m;
  } else if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (key == "$ref" && value.is_string()) {
        std::string target = value.get<std::string>().substr(0, value.get<std::string>().find('#'));
        if (!target.empty() && !files.count(folder + target.substr(target.rfind('/') + 1)))
          return value.get<std::string>();
      } else if (auto m = missing_ref(value, folder, files); !m.empty()) {
        return m;
      }
    }
  }
  return "";
}

// The *.json files of `dir` into `raw`, by `prefix` + file name; false with `error` when one
// cannot be read or is not JSON.
bool read_folder(const std::filesystem::path& dir, const std::string& prefix, Documents& raw,
                 std::string& error) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json" || !entry.is_regular_file()) continue;
    auto text = read_file(entry.path().string());
    if (!text) {
      error = entry.path().string() + ": cannot read";
      return false;
    }
    std::string file = prefix + entry.path().filename().string();
    auto parsed = parse_json_document(*text, entry.path().string());
    if (!parsed) {
      error = parsed.error().message;
      return false;
    }
    raw[file] = std::move(*parsed);
    // Relative $refs resolve against the file's name (valijson would loop on
    // a root "$ref" without a base).
    if (raw[file].is_object() && !raw[file].contains("$id")) raw[file]["$id"] = file;
  }
  return true;
}

}  // namespace

std::unique_ptr<SchemaRegistry> SchemaRegistry::load(const std::string& dir, std::string& error) {
  auto registry = read(dir, error);
  if (!registry) return nullptr;
  error = registry->compile_each();
  if (!error.empty()) return nullptr;
  return registry;
}

std::unique_ptr<SchemaRegistry> SchemaRegistry::read(const std::string& dir, std::string& error) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    error = dir + ": schema folder not found";
    return nullptr;
  }
  Documents raw;  // by file name, "<folder>/<file>" for a subfolder's ("v1.0/managedDevice.json")
  std::set<std::string, std::less<>> folders;
  if (!read_folder(dir, "", raw, error)) return nullptr;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_directory()) continue;
    folders.insert(entry.path().filename().string());
    if (!read_folder(entry.path(), entry.path().filename().string() + "/", raw, error))
      return nullptr;
  }
  // A $ref to another file must name one of its folder's: what compiling it
  // on first use would find out, said at start-up.
  for (const auto& [file, doc] : raw)
    if (auto missing = missing_ref(doc, folder_of(file), raw); !missing.empty()) {
      error = (fs::path(dir) / file).string() + ": $ref '" + missing + "' names no file of " +
              (fs::path(dir) / folder_of(file)).string();
      return nullptr;
    }
  auto registry = std::unique_ptr<SchemaRegistry>(new SchemaRegistry);
  registry->dir_ = dir;
  registry->folders_ = std::move(folders);
  registry->documents_ = std::move(raw);
  std::string all;
  for (const auto& [file, doc] : registry->documents_) all += file + '\n' + doc.dump() + '\n';
  registry->digest_ = sha256_hex(all);
  for (const auto& [file, doc] : registry->documents_) {
    auto entry = std::make_unique<Entry>();
    entry->document = &doc;
    registry->schemas_.emplace(file.substr(0, file.size() - 5), std::move(entry));
  }
  return registry;
}

std::string SchemaRegistry::compile_each() const {
  const Json anything = Json::object();
  SchemaResolver accept_all = [&anything](const std::string&) { return &anything; };
  for (const auto& [file, doc] : documents_) {
    std::string err;
    if (!CompiledSchema::compile(doc, accept_all, {}, err))
      return (std::filesystem::path(dir_) / file).string() + ": " + err;
  }
  return "";
}

const CompiledSchema* SchemaRegistry::compiled(const Entry& entry, bool partial) const {
  std::call_once(entry.once[partial], [&] {
    // $refs name sibling files; valijson hands over the reference resolved
    // against the referring file's $id, so only the last segment matters, and the one before
    // it for a file of the v1.0 folder ("v1.0/identity.json", maybe after more segments).
    SchemaResolver resolve = [this](const std::string& uri) -> const Json* {
      auto last = uri.rfind('/');
      if (last != std::string::npos && last > 0) {
        auto before = uri.rfind('/', last - 1);
        auto doc = documents_.find(uri.substr(before == std::string::npos ? 0 : before + 1));
        if (doc != documents_.end()) return &doc->second;
      }
      auto doc = documents_.find(uri.substr(last == std::string::npos ? 0 : last + 1));
      return doc == documents_.end() ? nullptr : &doc->second;
    };
    entry.compiled[partial] = CompiledSchema::compile(*entry.document, resolve,
                                                      {.partial = partial}, entry.error[partial]);
  });
  return entry.compiled[partial].get();
}

SchemaRegistry::Found SchemaRegistry::find(std::string_view schema, bool partial) const {
  auto it = schemas_.find(schema);
  if (auto slash = schema.find('/'); it == schemas_.end() && slash != std::string_view::npos) {
    it = schemas_.find(schema.substr(slash + 1));  // a subfolder lies over the top folder
    // Without the folder at all, the top folder's schema stands for another version's shape,
    // which may lack what it requires.
    partial = partial || !folders_.contains(schema.substr(0, slash));
  }
  return {it == schemas_.end() ? nullptr : it->second.get(), partial};
}

void SchemaRegistry::prepare(const std::string& schema, bool partial) const {
  if (Found found = find(schema, partial); found.entry) compiled(*found.entry, found.partial);
}

std::vector<Violation> SchemaRegistry::check(const std::string& schema, const Json& body,
                                             bool partial) const {
  const auto [entry, as_partial] = find(schema, partial);
  if (!entry) return {{"", "unknown schema '" + schema + "'"}};
  partial = as_partial;
  const CompiledSchema* compiled_schema = compiled(*entry, partial);
  if (!compiled_schema)
    return {{"", "schema '" + schema + "' cannot be compiled: " + entry->error[partial]}};
  return compiled_schema->check(body);
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
