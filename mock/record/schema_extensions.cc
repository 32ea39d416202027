#include "record/schema_extensions.h"

#include <algorithm>

#include "core/files.h"
#include "graphmock/http_types.h"

namespace graphmock {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Equal but for letter case (the headers' comparison).
bool same_but_case(std::string_view a, std::string_view b) {
  const CaseInsensitiveLess less;
  return !less(a, b) && !less(b, a);
}

}  // namespace

const Json* SchemaExtensions::document(const std::string& file) {
  auto it = docs_.find(file);
  if (it == docs_.end()) {
    auto text = read_file((fs::path(dir_) / file).string());
    Json doc = text ? Json::parse(*text, nullptr, false) : Json();
    it = docs_.emplace(file, doc.is_discarded() ? Json() : std::move(doc)).first;
  }
  return it->second.is_object() ? &it->second : nullptr;
}

std::optional<SchemaExtensions::Spot> SchemaExtensions::resolve(Spot spot) {
  for (int hops = 0; hops < 32; ++hops) {  // bounded: a $ref cycle is not a schema here
    const Json* doc = document(spot.file);
    if (!doc || !doc->contains(spot.at)) return std::nullopt;
    const Json& node = doc->at(spot.at);
    if (!node.is_object()) return std::nullopt;
    if (auto ref = node.find("$ref"); ref != node.end() && ref->is_string()) {
      const std::string r = *ref;
      const size_t hash = r.find('#');
      if (hash != 0) spot.file = r.substr(0, hash);
      spot.at = Pointer(hash == std::string::npos ? "" : r.substr(hash + 1));
      continue;
    }
    bool branched = false;
    for (const char* key : {"anyOf", "oneOf"})
      if (auto branches = node.find(key); !branched && branches != node.end()) {
        for (size_t i = 0; i < branches->size(); ++i)
          if ((*branches)[i] != Json{{"type", "null"}}) {
            spot.at = spot.at / key / i;
            branched = true;
            break;
          }
      }
    if (!branched) return spot;
  }
  return std::nullopt;
}

std::optional<SchemaExtensions::Spot> SchemaExtensions::schema_at(
    Spot spot, const std::vector<std::string>& tokens) {
  for (const auto& token : tokens) {
    auto resolved = resolve(spot);
    if (!resolved) return std::nullopt;
    spot = *resolved;
    const Json& node = document(spot.file)->at(spot.at);
    if (auto props = node.find("properties"); props != node.end() && props->contains(token))
      spot.at = spot.at / "properties" / token;
    else if (node.contains("items"))
      spot.at = spot.at / "items";
    else
      return std::nullopt;
  }
  return resolve(spot);
}

bool SchemaExtensions::declare(const std::string& schema, const Json& document_json,
                               const Violation& v, std::string& said) {
  if (dir_.empty()) return false;
  std::vector<std::string> tokens;
  Pointer pointer(v.pointer);
  for (Pointer p = pointer; !p.empty(); p = p.parent_pointer()) tokens.push_back(p.back());
  std::reverse(tokens.begin(), tokens.end());
  const Spot root{schema + ".json", Pointer()};
  if (v.reason.rfind("unexpected property '", 0) == 0 && !tokens.empty()) {
    const std::string name = tokens.back();
    tokens.pop_back();
    auto spot = schema_at(root, tokens);
    if (!spot) return false;
    Json& node = docs_[spot->file].at(spot->at);
    if (!node.contains("properties")) return false;
    node["properties"][name] = Json::object();  // any value: kept as recorded
    changed_.insert(spot->file);
    said = v.pointer + ": property '" + name + "' kept (" + spot->file +
           " does not know it: declared in the recording's schemas)";
    return true;
  }
  if (v.reason.find(" is not one of ") != std::string::npos && document_json.contains(pointer)) {
    const Json& value = document_json.at(pointer);
    auto spot = schema_at(root, tokens);
    if (!spot || !value.is_string()) return false;
    Json& node = docs_[spot->file].at(spot->at);
    auto members = node.find("enum");
    if (members == node.end() || !members->is_array()) return false;
    std::string like;
    for (const auto& m : *members)
      if (m.is_string() && same_but_case(m.get<std::string>(), value.get<std::string>())) like = m;
    if (std::find(members->begin(), members->end(), value) == members->end())
      members->push_back(value);
    changed_.insert(spot->file);
    said = v.pointer + ": " + value.dump() + " kept as recorded (" +
           (like.empty() ? "a member " + spot->file + " does not list"
                         : spot->file + " spells it '" + like + "'") +
           ": declared in the recording's schemas)";
    return true;
  }
  return false;
}

Result<std::map<std::string, std::string>> SchemaExtensions::texts() const {
  std::map<std::string, std::string> out;
  std::error_code ec;
  // The version folders too ("v1.0/managedDevice.json"): a recording served with its schemas
  // checks /v1.0 in v1.0's shapes as the mock's own schemas do.
  for (fs::recursive_directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    const std::string file = entry.path().lexically_relative(dir_).generic_string();
    if (changed_.count(file)) {
      out[file] = docs_.at(file).dump(2) + "\n";
    } else {
      auto original = read_file(entry.path().string());
      if (!original) return original.error();
      out[file] = std::move(*original);
    }
  }
  if (ec) return GraphError::bad_request("cannot read " + dir_ + ": " + ec.message());
  return out;
}

}  // namespace graphmock
