#include "record/fixture_builder.h"

#include <algorithm>
#include <tuple>

#include "core/json_body.h"
#include "family/manifest.h"

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

// What the manifests say of entity type `type`: its navigation property `name`, or null.
const Json* navigation(const std::vector<const FamilyManifest*>& manifests, const std::string& type,
                       const std::string& name) {
  for (const FamilyManifest* m : manifests) {
    const Json& types = m->json().at("types");
    auto t = types.find(type);
    if (t == types.end() || !t->contains("navigation")) continue;
    for (const auto& nav : t->at("navigation"))
      if (nav.at("name") == name) return &nav;
  }
  return nullptr;
}

// The entity set of `type` as a bind names it: the last segment of its first path that
// addresses a collection by no key ("/deviceManagement/things" -> "things"); "" when none.
std::string entity_set(const std::vector<const FamilyManifest*>& manifests,
                       const std::string& type) {
  for (const FamilyManifest* m : manifests)
    for (const auto& path : m->json().at("paths")) {
      const std::string& t = path.at("template").get_ref<const std::string&>();
      if (path.at("type") == type && path.at("collection") == true &&
          t.find('{') == std::string::npos)
        return t.substr(t.rfind('/') + 1);
    }
  return "";
}

// A reference a route reaches (docs/record-and-replay.md): GET <parent>/<property>[/{key}]
// where <parent> addresses an entity by key, and the manifests give the parent's type a
// navigation property <property> to the route's type that it does not contain. An entity
// reached so is the target of the parent's `<property>@odata.bind`.
struct Reference {
  std::string parent_type, parent_param, property, set;
  bool many = false;
};

// References by GET route pattern. The parent's type is its GET route's (by key), or else its
// collection's (a parent reached only through a list).
std::map<std::string, Reference> references_of(
    const GraphRouter& routes, const std::vector<const FamilyManifest*>& manifests) {
  std::map<std::string, const RouteInfo*> entity, collection;  // GET routes by pattern
  for (const RouteInfo* r : routes.routes())
    if (r->method == "GET" && !r->response_schema.empty())
      (r->response_is_collection ? collection : entity).emplace(r->pattern, r);
  std::map<std::string, Reference> out;
  for (const RouteInfo* r : routes.routes()) {
    if (r->method != "GET" || r->response_schema.empty()) continue;
    std::string head = r->pattern;
    if (head.ends_with('}')) head = head.substr(0, head.rfind('/'));
    size_t slash = head.rfind('/');
    std::string parent = head.substr(0, slash), property = head.substr(slash + 1);
    if (!parent.ends_with('}') || property.empty() || property.front() == '{') continue;
    size_t open = parent.rfind('{');
    std::string parent_type;
    if (auto e = entity.find(parent); e != entity.end())
      parent_type = e->second->response_schema;
    else if (auto c = collection.find(parent.substr(0, open - 1)); c != collection.end())
      parent_type = c->second->response_schema;
    const Json* nav = navigation(manifests, parent_type, property);
    if (!nav || nav->at("type") != r->response_schema || nav->value("contained", false)) continue;
    std::string set = entity_set(manifests, r->response_schema);
    if (set.empty()) continue;
    out[r->pattern] = {parent_type, parent.substr(open + 1, parent.size() - open - 2), property,
                       set, nav->value("collection", false)};
  }
  return out;
}

}  // namespace

BuiltFixtures build_fixtures(const std::vector<HarExchange>& exchanges, const GraphRouter& routes,
                             const std::vector<FixtureFile>& files,
                             const std::vector<const FamilyManifest*>& manifests) {
  BuiltFixtures out;
  // Top-level entities by type; a fixture file holds its type's plural.
  std::map<std::string, Entities> top;
  std::map<std::string, std::string> file_of;
  for (const auto& f : files) {
    std::string stem = f.file.substr(0, f.file.rfind('.'));
    file_of[stem.substr(0, stem.size() - 1)] = f.file;
  }
  const std::map<std::string, Part> parts = parts_of(routes, file_of);
  const std::map<std::string, Reference> references = references_of(routes, manifests);
  using PartKey = std::tuple<std::string, std::string, std::string>;  // owner type, id, property
  std::map<PartKey, Entities> many;
  std::map<PartKey, Json> one;
  std::map<PartKey, std::string> part_where;  // for the orphan report
  // The targets of each reference seen: (where the parent is: {a fixture file's type, "", ""}
  // or its part's PartKey; the parent's id; the property), in the order seen.
  struct Targets {
    const Reference* reference;
    std::vector<std::string> ids;
  };
  std::map<std::tuple<PartKey, std::string, std::string>, Targets> bound;

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
    // The parent this route reaches the items through refers to them.
    if (auto ref = references.find(route.pattern); ref != references.end()) {
      const Reference& r = ref->second;
      PartKey where{r.parent_type, "", ""};
      auto held = file_of.count(r.parent_type) ? parts.end() : parts.find(r.parent_type);
      if (held != parts.end())
        where = {held->second.owner_schema, match.params.get(held->second.owner_param),
                 held->second.property};
      auto& targets = bound[{where, match.params.get(r.parent_param), r.property}];
      targets.reference = &r;
      for (const auto& item : items)
        if (std::string id = id_of(item); !id.empty()) targets.ids.push_back(id);
    }
    if (used) ++out.used;
  }

  // References as binds (docs/fixtures.md): "<property>@odata.bind": "<set>('<id>')", or a
  // list of them for a collection, on a parent the capture holds.
  for (const auto& [key, targets] : bound) {
    const auto& [where, id, property] = key;
    const Reference& r = *targets.reference;
    auto held = std::get<2>(where).empty() ? top.find(std::get<0>(where)) : top.end();
    Entities* parents = held != top.end() ? &held->second : nullptr;
    if (auto m = many.find(where); !parents && m != many.end()) parents = &m->second;
    if (!parents || !parents->index.count(id) || targets.ids.empty()) continue;
    Json& binds = parents->items[parents->index[id]][property + "@odata.bind"];
    auto bind = [&](const std::string& target) { return r.set + "('" + target + "')"; };
    if (!r.many) {
      binds = bind(targets.ids.back());
      continue;
    }
    if (!binds.is_array()) binds = Json::array();
    for (const auto& target : targets.ids)
      if (std::find(binds.begin(), binds.end(), bind(target)) == binds.end())
        binds.push_back(bind(target));
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
