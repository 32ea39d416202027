#include "family/manifest.h"

#include <algorithm>

namespace graphmock {
namespace {

using Json = nlohmann::json;

std::vector<std::string> strings(const Json& array) {
  std::vector<std::string> out;
  for (const auto& s : array) out.push_back(s.get<std::string>());
  return out;
}

bool has(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

FamilyManifest::FamilyManifest(std::string_view text)
    : json_(Json::parse(text)), family_(json_.at("family").get<std::string>()) {}

const Json& FamilyManifest::version(std::string_view version) const {
  return version == kBeta ? json_ : json_.at("versions").at(std::string(version));
}

std::vector<std::string> FamilyManifest::properties(std::string_view type,
                                                    std::string_view version) const {
  std::vector<std::string> out;
  for (const auto& p : this->version(version).at("types").at(std::string(type)).at("properties"))
    out.push_back(p.at("name").get<std::string>());
  return out;
}

std::vector<std::string> FamilyManifest::enum_properties(std::string_view type) const {
  std::vector<std::string> out;
  for (const auto& p : json_.at("types").at(std::string(type)).at("properties"))
    if (json_.at("enums").contains(p.at("type").get<std::string>()))
      out.push_back(p.at("name").get<std::string>());
  return out;
}

std::vector<std::string> FamilyManifest::evolvable(std::string_view enum_type,
                                                   std::string_view version) const {
  const Json& enums = this->version(version).at("enums");
  auto it = enums.find(std::string(enum_type));
  return it == enums.end() ? std::vector<std::string>{} : strings(it->at("evolvable"));
}

std::vector<FixtureFile> FamilyManifest::fixture_files() const {
  std::vector<FixtureFile> out;
  for (const auto& f : json_.value("fixtures", Json::array()))
    out.push_back({f.at("file").get<std::string>(), f.at("schema").get<std::string>()});
  return out;
}

std::vector<FamilyOption> FamilyManifest::options() const {
  std::vector<FamilyOption> out;
  const Json& settings = json_.value("scenarioSettings", Json::object());
  for (const auto& o : settings.value("options", Json::array())) {
    FamilyOption option{o.at("flag").get<std::string>(),
                        o.at("setting").get<std::string>(),
                        o.at("help").get<std::string>(),
                        {}};
    // The setting's schema: "/a/b" is properties.a.properties.b of the fragment.
    const Json* schema = &settings;
    for (size_t at = 1, end; at <= option.setting.size(); at = end + 1) {
      end = std::min(option.setting.find('/', at), option.setting.size());
      schema = &schema->at("properties").at(option.setting.substr(at, end - at));
    }
    option.words = strings(schema->at("enum"));
    out.push_back(std::move(option));
  }
  return out;
}

odata::SpecPair FamilyManifest::specs(std::string_view type, std::string_view version) const {
  const Json& at_version = this->version(version);
  const Json& queries = at_version.at("queries");
  const auto query = queries.find(std::string(type));
  const Json none = {{"options", Json::array()}, {"filter", Json::array()}};
  const Json& q = query == queries.end() ? none : *query;
  std::vector<std::string> options = strings(q.at("options"));
  std::vector<std::string> filterable;
  std::vector<odata::EnumProperty> enums;
  if (has(options, "filter"))
    for (const auto& f : q.at("filter")) {
      std::string path = f.at("path").get<std::string>();
      std::string property_type = f.at("type").get<std::string>();
      if (const Json& all = at_version.at("enums"); all.contains(property_type)) {
        const Json& e = all.at(property_type);
        // Another version's literal must name a member of its enum (a member only beta has is a
        // 400 there); a flags literal may list members, and beta keeps comparing any literal.
        const bool checked = version != kBeta && !e.at("flags").get<bool>();
        enums.push_back({path, property_type, evolvable(property_type, version),
                         checked ? strings(e.at("members")) : std::vector<std::string>{}});
      }
      filterable.push_back(std::move(path));
    }
  odata::SpecPair specs(
      "microsoft.graph." + std::string(type), properties(type, version), std::move(filterable),
      has(options, "expand") ? strings(q.at("expand")) : std::vector<std::string>{});
  specs.list.enums = std::move(enums);
  for (odata::Spec* s : {&specs.list, &specs.single}) {
    s->expand = has(options, "expand");
    s->count = has(options, "count");
  }
  return specs;
}

}  // namespace graphmock
