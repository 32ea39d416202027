#include "record/fixture_builder.h"

#include <algorithm>
#include <tuple>

#include "core/json_body.h"

namespace graphmock {
namespace {

// An entity's id; "" when it has none, or one of another type ({"id": 12345}).
std::string id_of(const Json& item) {
  if (!item.is_object()) return "";
  auto it = item.find("id");
  return it != item.end() && it->is_string() ? it->get<std::string>() : "";
}

// Entities of one kind in the order first seen, merged by id.
struct Entities {
  std::vector<Json> items;
  std::map<std::string, size_t> index;

  Json* merge(const Json& item) {
    std::string id = id_of(item);
    if (id.empty()) return nullptr;
    auto [it, added] = index.emplace(id, items.size());
    if (added) items.push_back(Json::object());
    Json& merged = items[it->second];
    for (const auto& [k, v] : item.items())
      if (k.rfind("@odata.", 0) != 0 || k == "@odata.type") merged[k] = v;
    return &merged;
  }
};

// A part the fixture files keep inside its owner (docs/fixtures.md): an entity type the
// families serve at <an entity of a fixture file's type>/<property> (the paths of their
// manifests, as their routes registered them). The owner's id is the route parameter
// `owner_param`, or the part's own field of that name when the route reaches it another way.
struct Part {
  std::string owner_schema;
  std::string property;
  bool many = false;
  std::string owner_param;
};

// Parts by their type, from the GET routes: a collection route wins over an entity route.
std::map<std::string, Part> parts_of(const GraphRouter& routes,
                                     const std::map<std::string, std::string>& file_of) {
  std::map<std::string, const RouteInfo*> owners;  // pattern -> one entity of a file's type
  for (const RouteInfo* r : routes.routes())
    if (r->method == "GET" && !r->response_is_collection && file_of.count(r->response_schema) &&
        r->pattern.ends_with('}'))
      owners.emplace(r->pattern, r);
  std::map<std::string, Part> parts;
  for (const RouteInfo* r : routes.routes()) {
    const std::string& schema = r->response_schema;
    if (r->method != "GET" || schema.empty() || file_of.count(schema)) continue;
    size_t slash = r->pattern.rfind('/');
    auto owner = owners.find(r->pattern.substr(0, slash));
    if (owner == owners.end() || r->pattern[slash + 1] == '{') continue;
    size_t open = owner->first.rfind('{');
    Part part{owner->second->response_schema, r->pattern.substr(slash + 1),
              r->response_is_collection,
              owner->first.substr(open + 1, owner->first.size() - open - 2)};
    auto [it, added] = parts.emplace(schema, part);
    if (!added && part.many) it->second = std::move(part);
  }
  return parts;
}

std::string bind(const std::string& managed_device_id) {
  return "managedDevices('" + managed_device_id + "')";
}

// The script collection of a run-state route: the segment before {scriptId}, singular.
std::string script_schema(const std::string& pattern) {
  size_t at = pattern.find("/{scriptId}");
  if (at == std::string::npos) return "";
  size_t from = pattern.rfind('/', at - 1) + 1;
  std::string collection = pattern.substr(from, at - from);
  return collection.empty() ? "" : collection.substr(0, collection.size() - 1);
}

}  // namespace

BuiltFixtures build_fixtures(const std::vector<HarExchange>& exchanges, const GraphRouter& routes,
                             const std::vector<FixtureFile>& files) {
  BuiltFixtures out;
  // Top-level entities by type; a fixture file holds its type's plural.
  std::map<std::string, Entities> top;
  std::map<std::string, std::string> file_of;
  for (const auto& f : files) {
    std::string stem = f.file.substr(0, f.file.rfind('.'));
    file_of[stem.substr(0, stem.size() - 1)] = f.file;
  }
  const std::map<std::string, Part> parts = parts_of(routes, file_of);
  using PartKey = std::tuple<std::string, std::string, std::string>;  // owner type, id, property
  std::map<PartKey, Entities> many;
  std::map<PartKey, Json> one;
  std::map<PartKey, std::string> part_where;        // for the orphan report
  std::map<PartKey, std::string> run_state_device;  // (script type, script id, run state id)
  std::map<std::string, std::vector<std::string>> app_devices;

  for (const HarExchange& x : exchanges) {
    auto match = routes.match(x.method, x.path);
    if (match.kind != GraphRouter::Match::Kind::kFound) {
      out.unserved.push_back(std::to_string(x.entry) + " " + x.method + " " + x.path);
      continue;
    }
    const RouteInfo& route = *match.info;
    if (x.status < 200 || x.status >= 300 || !x.response_json || x.response_base64 ||
        route.response_schema.empty())
      continue;
    auto body = parse_json_document(x.response_text, "response body");
    if (!body || !body->is_object()) continue;
    std::vector<Json> items;
    if (!route.response_is_collection) {
      items.push_back(std::move(*body));
    } else if (auto value = body->find("value"); value != body->end() && value->is_array()) {
      items.assign(value->begin(), value->end());
    }
    // An entity has a string id (Graph's are never numbers): one without is left out, said.
    auto found_part = parts.find(route.response_schema);
    const Part* part = found_part == parts.end() ? nullptr : &found_part->second;
    const bool by_id = file_of.count(route.response_schema) || (part && part->many);
    for (size_t i = 0; i < items.size() && by_id; ++i)
      if (id_of(items[i]).empty())
        out.dropped.push_back(std::to_string(x.entry) + " " + x.path +
                              (route.response_is_collection ? " /value/" + std::to_string(i) : "") +
                              ": no string id; dropped");
    const std::string& schema = route.response_schema;
    bool used = false;
    if (file_of.count(schema)) {
      for (const auto& item : items) used |= top[schema].merge(item) != nullptr;
      // A run state's device, or the devices a detected app was seen on.
      const std::string& run_state = match.params.get("runStateId");
      const std::string& app = match.params.get("detectedAppId");
      if (schema == "managedDevice" && !run_state.empty() && !route.response_is_collection)
        run_state_device[{script_schema(route.pattern), match.params.get("scriptId"), run_state}] =
            id_of(items.front());
      if (schema == "managedDevice" && !app.empty())
        for (const auto& item : items) app_devices[app].push_back(id_of(item));
    } else if (part) {
      for (const auto& item : items) {
        if (!item.is_object()) continue;
        std::string owner = match.params.get(part->owner_param);
        if (owner.empty() && item.contains(part->owner_param) &&
            item[part->owner_param].is_string())
          owner = item[part->owner_param].get<std::string>();
        if (owner.empty()) continue;
        PartKey key{part->owner_schema, owner, part->property};
        part_where.emplace(key, std::to_string(x.entry) + " " + x.path);
        if (part->many) {
          used |= many[key].merge(item) != nullptr;
        } else {
          Json& merged = one[key];
          if (merged.is_null()) merged = Json::object();
          for (const auto& [k, v] : item.items())
            if (k.rfind("@odata.", 0) != 0 || k == "@odata.type") merged[k] = v;
          used = true;
        }
      }
    }
    if (used) ++out.used;
  }

  // Run states name their device by reference; detected apps list theirs.
  for (const auto& [key, device] : run_state_device) {
    auto& [script_type, script, run_state] = key;
    auto it = many.find({script_type, script, "deviceRunStates"});
    if (it == many.end() || !it->second.index.count(run_state) || device.empty()) continue;
    it->second.items[it->second.index[run_state]]["managedDevice@odata.bind"] = bind(device);
  }
  for (const auto& [app, devices] : app_devices) {
    auto it = top["detectedApp"].index.find(app);
    if (it == top["detectedApp"].index.end()) continue;
    Json& binds = top["detectedApp"].items[it->second]["managedDevices@odata.bind"];
    if (!binds.is_array()) binds = Json::array();
    for (const auto& d : devices)
      if (std::find(binds.begin(), binds.end(), bind(d)) == binds.end()) binds.push_back(bind(d));
  }

  // Parts into their owners; a part whose owner was never captured cannot stand alone.
  auto owner_of = [&](const PartKey& key) -> Json* {
    auto& [type, id, property] = key;
    auto it = top[type].index.find(id);
    if (it != top[type].index.end()) return &top[type].items[it->second];
    out.dropped.push_back(part_where[key] + ": its " + type + " " + id +
                          " is not in the capture; dropped");
    return nullptr;
  };
  for (auto& [key, part] : one)
    if (Json* owner = owner_of(key)) (*owner)[std::get<2>(key)] = std::move(part);
  for (auto& [key, parts] : many) {
    Json* owner = owner_of(key);
    if (!owner) continue;
    Entities merged;  // inline ones ($expand) first, then those fetched on their own
    for (const auto& inline_part : owner->value(std::get<2>(key), Json::array()))
      merged.merge(inline_part);
    for (const auto& p : parts.items) merged.merge(p);
    (*owner)[std::get<2>(key)] = std::move(merged.items);
  }

  for (const auto& f : files) {
    std::string stem = f.file.substr(0, f.file.rfind('.'));
    Json value = Json::array();
    if (auto it = top.find(stem.substr(0, stem.size() - 1)); it != top.end())
      for (auto& item : it->second.items) value.push_back(std::move(item));
    out.documents[f.file] = {{"value", std::move(value)}};
  }
  return out;
}

}  // namespace graphmock
