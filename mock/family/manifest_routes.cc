#include "family/manifest_routes.h"

#include <algorithm>
#include <optional>
#include <set>

#include "core/time_format.h"

namespace graphmock {
namespace {

using Members = std::set<std::string, std::less<>>;
using HeaderList = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kBeta = "beta";

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

// A beta answer in `version`'s shape (see manifest_routes.h); `keep` null: not an entity.
void to_version(Reply& reply, std::string_view version, const Members* keep) {
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
  rename_version(reply.body, "@odata.context", version);
  rename_version(reply.body, "@odata.nextLink", version);
  if (!keep) return;
  auto value = reply.body.find("value");
  if (value != reply.body.end() && value->is_array() && !reply.body.contains("id"))
    for (Json& item : *value) project(item, *keep);
  else
    project(reply.body, *keep);
  reply.partial = true;  // the beta schema checks it: v1.0 lacks members beta requires
}

// v1.0's $select vocabulary is its type's: a member only beta has is Graph's 400 there (the beta
// handler behind the route checks the rest of the options against beta's vocabulary).
std::optional<GraphError> unknown_selected(const Request& request, const Members& keep,
                                           const std::string& type) {
  for (const auto& [key, value] : request.query) {
    if (key != "$select") continue;
    std::string_view list = value;
    while (!list.empty()) {
      std::string_view name = list.substr(0, list.find(','));
      list.remove_prefix(std::min(list.size(), name.size() + 1));
      while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
      while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
      if (!name.empty() && !keep.contains(name))
        return GraphError::bad_request("Invalid $select: could not find a property named '" +
                                       std::string(name) + "' on type 'microsoft.graph." + type +
                                       "'.");
    }
  }
  return std::nullopt;
}

// "2026-03-30" -> "Mon, 30 Mar 2026 23:59:59 GMT" (the end of that day, as Graph's examples).
std::string http_date(const std::string& date) {
  auto t = parse_iso8601(date + "T23:59:59Z");
  return t ? format_http_date(*t) : date;
}

// The Deprecation, Sunset and Link headers of the Deprecated revisions of `element` (a type or
// navigation property entry of a manifest), named `name`; empty when it has none.
HeaderList deprecation_headers(const Json& element, const std::string& name) {
  HeaderList out;
  std::string links;
  for (const Json& r : element.value("revisions", Json::array())) {
    if (r.value("kind", "") != "Deprecated" || !r.contains("date")) continue;
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
HeaderList path_deprecation(const Json& types, const Json& path) {
  if (path.contains("type")) {
    const std::string type = path.at("type");
    if (auto found = deprecation_headers(types.at(type), type); !found.empty()) return found;
  }
  auto segs = split_path(path.at("template").get<std::string>());
  if (segs.empty()) return {};
  for (const auto& [name, type] : types.items())
    for (const Json& nav : type.value("navigation", Json::array()))
      if (nav.at("name") == segs.back())
        if (auto found = deprecation_headers(nav, segs.back()); !found.empty()) return found;
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
    const std::string type = path.value("type", "");
    std::shared_ptr<const Members> keep;
    if (!type.empty())
      keep = std::make_shared<const Members>(
          members_of(m.at("versions").at(version).at("types"), type));
    router.for_each([&](RouteInfo& info, Handler& handler) {
      if (shape_of(info.pattern) != beta) return;
      RouteInfo copy = info;
      copy.pattern = "/" + version + info.pattern.substr(1 + kBeta.size());
      aliases.push_back(
          {std::move(copy),
           [inner = handler, version, keep, type](const Context& ctx) -> Result<Reply> {
             if (keep)
               if (auto refused = unknown_selected(ctx.request, *keep, type)) return *refused;
             auto reply = inner(ctx);
             if (reply) to_version(*reply, version, keep.get());
             return reply;
           }});
    });
  }
  for (auto& a : aliases) router.add(std::move(a.info), std::move(a.handler));
}

void add_deprecation_headers(GraphRouter& router, const FamilyManifest& manifest) {
  const Json& m = manifest.json();
  std::vector<std::pair<std::vector<std::string>, HeaderList>> deprecated;  // path prefix, headers
  for (const Json& path : m.at("paths")) {
    const std::string version = path.at("version");
    // The types as the path's version has them; a version with no typed path (v1.0's $batch) has
    // none.
    static const Json kNone = Json::object();
    const Json::json_pointer at_version = "/versions"_json_pointer / version / "types";
    const Json& types =
        version == kBeta ? m.at("types") : (m.contains(at_version) ? m.at(at_version) : kNone);
    if (HeaderList headers = path_deprecation(types, path); !headers.empty())
      deprecated.emplace_back(versioned_shape(version, path.at("template")), std::move(headers));
  }
  if (deprecated.empty()) return;
  // Every route under such a path touches the element (its actions, its navigation properties).
  router.for_each([&](RouteInfo& info, Handler& handler) {
    auto shape = shape_of(info.pattern);
    auto found = std::find_if(deprecated.begin(), deprecated.end(),
                              [&](const auto& d) { return starts_with(shape, d.first); });
    if (found == deprecated.end()) return;
    handler = [inner = std::move(handler), headers = found->second](const Context& ctx) {
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

void apply_manifest(GraphRouter& router, const FamilyManifest& manifest) {
  serve_other_versions(router, manifest);
  add_deprecation_headers(router, manifest);
}

}  // namespace graphmock
