#include "family/manifest_routes.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "core/time_format.h"

namespace graphmock {
namespace {

using Members = std::set<std::string, std::less<>>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kBeta = FamilyManifest::kBeta;

// A pattern's segments with each {param} as "{}": /a/{x} and /a/{y} are the same path.
std::vector<std::string> shape_of(std::string_view pattern) {
  auto segs = split_path(pattern);
  for (auto& s : segs)
    if (s.size() > 2 && s.front() == '{' && s.back() == '}') s = "{}";
  return segs;
}

std::vector<std::string> versioned_shape(const std::string& version, const std::string& path) {
  return shape_of("/" + version + path);
}

bool starts_with(const std::vector<std::string>& segs, const std::vector<std::string>& prefix) {
  return segs.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), segs.begin());
}

// What an alias of a beta route answers in another version: the version and, for a typed path,
// its type, the manifest's metadata of that version (its `types`, `enums`, `queries`), the
// members an entity keeps and the type's query vocabulary there.
struct VersionShape {
  std::string version;
  std::string type;                // "" for a path without a type ($batch)
  const Json* metadata = nullptr;  // manifest.version(version); null without a type
  Members keep;
  odata::Spec spec;
};

bool has(const Json& strings, std::string_view s) {
  return std::find(strings.begin(), strings.end(), s) != strings.end();
}

// The names an entity of `type` carries in `types` (a manifest's types of one version): its
// structural and navigation properties.
Members members_of(const Json& types, const std::string& type) {
  Members out;
  const Json& entry = types.at(type);
  for (const char* kind : {"properties", "navigation"})
    for (const Json& p : entry.value(kind, Json::array()))
      out.insert(p.at("name").get<std::string>());
  return out;
}

void rename_version(Json& body, const char* key, std::string_view version) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return;
  std::string text = *it;
  if (auto at = text.find("/beta/"); at != std::string::npos)
    text.replace(at, 6, "/" + std::string(version) + "/");
  *it = std::move(text);
}

// Keeps the members `keep` names and the instance annotations ("@odata.etag", "x@odata.type").
void project(Json& entity, const Members& keep) {
  if (!entity.is_object()) return;
  for (auto it = entity.begin(); it != entity.end();)
    if (it.key().find('@') == std::string::npos && !keep.contains(it.key()))
      it = entity.erase(it);
    else
      ++it;
}

// `value`, one member of enum `e` (a manifest's enum entry), as a version whose enum is `e` answers
// it: a member the version lacks, or one after unknownFutureValue that the client does not
// prefer, is unknownFutureValue when the enum has it; nullopt when the enum cannot say it.
std::optional<std::string> one_member_as(const Json& e, const std::string& value,
                                         bool include_unknown) {
  if (has(e.at("members"), value) && (include_unknown || !has(e.at("evolvable"), value)))
    return value;
  if (has(e.at("members"), "unknownFutureValue")) return "unknownFutureValue";
  return std::nullopt;
}

// The same for a value of `e`: a flags value lists members, each said as one_member_as says it
// (once), the others left out; nullopt when none is left.
std::optional<std::string> member_as(const Json& e, const std::string& value,
                                     bool include_unknown) {
  if (!e.at("flags").get<bool>()) return one_member_as(e, value, include_unknown);
  std::vector<std::string> said;
  std::string_view list = value;
  while (!list.empty()) {
    std::string_view one = list.substr(0, list.find(','));
    list.remove_prefix(std::min(list.size(), one.size() + 1));
    if (auto m = one_member_as(e, std::string(one), include_unknown);
        m && std::find(said.begin(), said.end(), *m) == said.end())
      said.push_back(std::move(*m));
  }
  if (said.empty()) return std::nullopt;
  std::string out = said[0];
  for (size_t i = 1; i < said.size(); ++i) out += "," + said[i];
  return out;
}

// The enum values of `value` (an entity or complex value of `type`) as `metadata` (one version's
// types and enums) has its enums (member_as), through complex properties; a value the version's
// enum cannot say is left out with its property. True when a property was left out.
bool enums_to_version(Json& value, const Json& metadata, const std::string& type,
                      bool include_unknown) {
  const Json& types = metadata.at("types");
  const Json& enums = metadata.at("enums");
  auto entry = types.find(type);
  if (!value.is_object() || entry == types.end()) return false;
  bool dropped = false;
  for (const Json& p : entry->value("properties", Json::array())) {
    auto it = value.find(p.at("name").get<std::string>());
    if (it == value.end() || it->is_null()) continue;
    const std::string property_type = p.at("type");
    if (auto e = enums.find(property_type); e != enums.end()) {
      auto as = [&](const Json& v) {
        return v.is_string() ? member_as(*e, v.get<std::string>(), include_unknown)
                             : std::optional<std::string>(std::nullopt);
      };
      if (it->is_array()) {
        Json kept = Json::array();
        for (const Json& v : *it)
          if (auto m = as(v)) kept.push_back(*m);
        dropped |= kept.size() != it->size();
        *it = std::move(kept);
      } else if (auto m = as(*it)) {
        *it = *m;
      } else {
        value.erase(it);
        dropped = true;
      }
    } else if (types.contains(property_type)) {
      if (it->is_array())
        for (Json& v : *it)
          dropped |= enums_to_version(v, metadata, property_type, include_unknown);
      else
        dropped |= enums_to_version(*it, metadata, property_type, include_unknown);
    }
  }
  return dropped;
}

// A beta answer in `shape`'s version (see manifest_routes.h).
void to_version(Reply& reply, const VersionShape& shape, bool include_unknown) {
  if (reply.json_text) {  // a stored entity: parsed to be reshaped
    reply.body = Json::parse(*reply.json_text);
    reply.json_text.reset();
  }
  if (!reply.items.empty()) {
    Json& value = reply.body["value"];
    for (const auto& item : reply.items) value.push_back(Json::parse(*item));
    reply.items.clear();
  }
  if (!reply.body.is_object()) return;
  rename_version(reply.body, "@odata.context", shape.version);
  rename_version(reply.body, "@odata.nextLink", shape.version);
  if (!shape.metadata) return;
  auto reshape = [&](Json& entity) {
    project(entity, shape.keep);
    // An entity without a property its type requires is checked as $select's answers are.
    if (enums_to_version(entity, *shape.metadata, shape.type, include_unknown))
      reply.partial = true;
  };
  auto value = reply.body.find("value");
  if (value != reply.body.end() && value->is_array() && !reply.body.contains("id"))
    for (Json& item : *value) reshape(item);
  else
    reshape(reply.body);
}

// The version's query vocabulary is its type's (the beta handler behind the route answers with
// beta's): $select, $filter (and its enum literals) and $expand are parsed against it, and a
// property $orderby names must be one of the type's (the mock orders by none: the beta handler
// refuses $orderby as not supported). Graph's 400 for a property only beta has.
std::optional<GraphError> refused_query(const Request& request, const VersionShape& shape,
                                        bool include_unknown) {
  for (const auto& [key, value] : request.query) {
    std::string lower = key;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower != "$orderby") continue;
    std::string_view list = value;
    while (!list.empty()) {
      std::string_view item = list.substr(0, list.find(','));
      list.remove_prefix(std::min(list.size(), item.size() + 1));
      while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
      std::string_view name = item.substr(0, item.find_first_of(" /"));
      if (!name.empty() && !shape.keep.contains(name))
        return GraphError::bad_request("Invalid $orderby: could not find a property named '" +
                                       std::string(name) + "' on type 'microsoft.graph." +
                                       shape.type + "'.");
    }
  }
  if (auto options = odata::parse(request.query, shape.spec, include_unknown); !options)
    return options.error();
  return std::nullopt;
}

// "2026-03-30" -> "Mon, 30 Mar 2026 23:59:59 GMT" (the end of that day, as Graph's examples).
std::string http_date(const std::string& date) {
  auto t = parse_iso8601(date + "T23:59:59Z");
  return t ? format_http_date(*t) : date;
}

// The Deprecation, Sunset and Link headers of the Deprecated revisions of `element` (a type or
// navigation property entry of a manifest), named `name`; empty when it has none. Those only the
// docs' pages announce ("documented") count when `documented` says so.
HeaderList deprecation_headers(const Json& element, const std::string& name, bool documented) {
  HeaderList out;
  std::string links;
  for (const Json& r : element.value("revisions", Json::array())) {
    if (r.value("kind", "") != "Deprecated" || !r.contains("date")) continue;
    if (r.contains("documented") && !documented) continue;
    const std::string date = r.at("date");
    if (out.empty()) {
      out.emplace_back("Deprecation", http_date(date));
      // Without a RemovalDate, Graph's guidelines give two years after the deprecation.
      std::string removal =
          r.value("removalDate", std::to_string(std::stoi(date.substr(0, 4)) + 2) + date.substr(4));
      out.emplace_back("Sunset", http_date(removal));
    }
    links += std::string(links.empty() ? "" : ",") +
             "https://docs.microsoft.com/en-us/graph/changelog#" + date + "_" + name +
             " ; rel=\"deprecation\"; type=\"text/html\"; title=\"" + name + "\"";
  }
  if (!links.empty()) out.emplace_back("Link", links);
  return out;
}

// The deprecation headers of a path: of its type, and of the navigation property its last
// segment names (on any type of the family).
HeaderList path_deprecation(const Json& types, const Json& path, bool documented) {
  if (path.contains("type")) {
    const std::string type = path.at("type");
    if (auto found = deprecation_headers(types.at(type), type, documented); !found.empty())
      return found;
  }
  auto segs = split_path(path.at("template").get<std::string>());
  if (segs.empty()) return {};
  for (const auto& [name, type] : types.items())
    for (const Json& nav : type.value("navigation", Json::array()))
      if (nav.at("name") == segs.back())
        if (auto found = deprecation_headers(nav, segs.back(), documented); !found.empty())
          return found;
  return {};
}

void serve_other_versions(GraphRouter& router, const FamilyManifest& manifest) {
  struct Alias {
    RouteInfo info;
    Handler handler;
  };
  std::vector<Alias> aliases;
  const Json& m = manifest.json();
  for (const Json& path : m.at("paths")) {
    const std::string version = path.at("version");
    if (version == kBeta) continue;
    const std::string tmpl = path.at("template");
    const auto beta = versioned_shape(std::string(kBeta), tmpl);
    auto shape = std::make_shared<VersionShape>();
    shape->version = version;
    shape->type = path.value("type", "");
    if (!shape->type.empty()) {
      shape->metadata = &manifest.version(version);
      shape->keep = members_of(shape->metadata->at("types"), shape->type);
      shape->spec = manifest.specs(shape->type, version).get(path.value("collection", false));
    }
    router.for_each([&](RouteInfo& info, Handler& handler) {
      if (shape_of(info.pattern) != beta) return;
      RouteInfo copy = info;
      copy.pattern = "/" + version + info.pattern.substr(1 + kBeta.size());
      // Checked against the version's schemas (schemas/<version>/, over schemas/).
      for (std::string* schema : {&copy.request_schema, &copy.response_schema})
        if (!schema->empty()) *schema = version + "/" + *schema;
      aliases.push_back({std::move(copy),
                         [inner = handler, shape = std::shared_ptr<const VersionShape>(shape)](
                             const Context& ctx) -> Result<Reply> {
                           const bool include_unknown =
                               odata::prefers(ctx.request, odata::kIncludeUnknownEnumMembers);
                           if (shape->metadata)
                             if (auto refused = refused_query(ctx.request, *shape, include_unknown))
                               return *refused;
                           auto reply = inner(ctx);
                           if (reply) to_version(*reply, *shape, include_unknown);
                           return reply;
                         }});
    });
  }
  for (auto& a : aliases) router.add(std::move(a.info), std::move(a.handler));
}

// A path's headers: from the metadata alone, and with the docs' announcements too.
struct Deprecated {
  std::vector<std::string> prefix;
  HeaderList metadata, documented;
};

void add_deprecation_headers(GraphRouter& router, const FamilyManifest& manifest,
                             const std::atomic<bool>& documented) {
  const Json& m = manifest.json();
  std::vector<Deprecated> deprecated;
  for (const Json& path : m.at("paths")) {
    const std::string version = path.at("version");
    // The types as the path's version has them; a version with no typed path (v1.0's $batch) has
    // none.
    static const Json kNone = Json::object();
    const Json::json_pointer at_version = "/versions"_json_pointer / version / "types";
    const Json& types =
        version == kBeta ? m.at("types") : (m.contains(at_version) ? m.at(at_version) : kNone);
    Deprecated d{versioned_shape(version, path.at("template")),
                 path_deprecation(types, path, false), path_deprecation(types, path, true)};
    if (!d.documented.empty()) deprecated.push_back(std::move(d));
  }
  if (deprecated.empty()) return;
  // Every route under such a path touches the element (its actions, its navigation properties).
  router.for_each([&](RouteInfo& info, Handler& handler) {
    auto shape = shape_of(info.pattern);
    auto found = std::find_if(deprecated.begin(), deprecated.end(),
                              [&](const auto& d) { return starts_with(shape, d.prefix); });
    if (found == deprecated.end()) return;
    handler = [inner = std::move(handler), d = *found, &documented](const Context& ctx) {
      const HeaderList& headers = documented.load() ? d.documented : d.metadata;
      Result<Reply> reply = inner(ctx);
      if (reply) {
        for (const auto& [name, value] : headers) reply->headers.emplace(name, value);
        return reply;
      }
      GraphError error = reply.error();
      error.headers.insert(error.headers.end(), headers.begin(), headers.end());
      return Result<Reply>(std::move(error));
    };
  });
}

}  // namespace

void apply_manifest(GraphRouter& router, const FamilyManifest& manifest,
                    const std::atomic<bool>& documented) {
  serve_other_versions(router, manifest);
  add_deprecation_headers(router, manifest, documented);
}

}  // namespace graphmock
