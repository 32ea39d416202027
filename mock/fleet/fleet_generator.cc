#include "fleet/fleet_generator.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>

#include "core/time_format.h"

namespace graphmock {

using Json = nlohmann::json;

namespace {

const char* kFirst[] = {"Adele", "Alex",    "Diego", "Grady", "Henrietta", "Isaiah", "Johanna",
                        "Joni",  "Lee",     "Lidia", "Lynne", "Megan",     "Miriam", "Nestor",
                        "Patti", "Pradeep", "Irvin", "Debra", "Christie",  "Enrico"};
const char* kLast[] = {"Vance",   "Wilber", "Siciliani", "Archie", "Gonzalez",
                       "Langer",  "Lorenz", "Sherman",   "Gu",     "Holloway",
                       "Robbins", "Bowen",  "Hunter",    "Wilke",  "Fernandez",
                       "Gupta",   "Sink",   "Berg",      "Cline",  "Bassi"};
const char* kRooms[] = {"Adams",  "Baker",   "Crane",   "Dalton",  "Everest", "Fuji",  "Granite",
                        "Harbor", "Iris",    "Juniper", "Kestrel", "Linden",  "Maple", "Nimbus",
                        "Orchid", "Pioneer", "Quartz",  "Redwood", "Summit",  "Tundra"};

bool is_guid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-') || (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))))
      return false;
  }
  return true;
}

void remap_guids(Json& j, std::map<std::string, std::string>& map, Random& rng) {
  if (j.is_string()) {
    auto& s = j.get_ref<std::string&>();
    if (!is_guid(s)) return;
    bool upper = std::any_of(s.begin(), s.end(), [](char c) { return std::isupper(c); });
    std::string key = s;
    std::transform(key.begin(), key.end(), key.begin(), ::tolower);
    auto& fresh = map[key];
    if (fresh.empty()) fresh = rng.guid();
    s = fresh;
    if (upper) std::transform(s.begin(), s.end(), s.begin(), ::toupper);
  } else if (j.is_structured()) {
    for (auto& child : j) remap_guids(child, map, rng);
  }
}

}  // namespace

Fleet::Fleet(const FixtureDocuments& templates, const FleetSpec& spec)
    : templates_(templates), spec_(spec), rng_(Random::stream(spec.seed, "fleet")) {
  using fleet::below;
  size_t n = std::max<size_t>(8, spec_.devices / 3);
  for (size_t i = 0; i < n; ++i) {
    std::string first = kFirst[below(rng_, std::size(kFirst))];
    std::string last = kLast[below(rng_, std::size(kLast))];
    std::string upn = first + "." + last + std::to_string(i) + "@contoso.com";
    std::transform(upn.begin(), upn.end(), upn.begin(), ::tolower);
    users_.push_back({rng_.guid(), first + " " + last, upn});
  }
  for (size_t i = 0; i < std::max<size_t>(4, spec_.devices / 4); ++i) {
    std::string name =
        std::string("Conf Room ") + kRooms[i % std::size(kRooms)] + " " + std::to_string(100 + i);
    rooms_.push_back({rng_.guid(), name, "room" + std::to_string(100 + i) + "@contoso.com"});
  }
  for (size_t i = 0; i < 3; ++i) admins_.push_back(users_[i]);
}

std::vector<Json> Fleet::templates(const std::string& file) {
  asked_.insert(file);
  std::vector<Json> out;
  auto it = templates_.find(file);
  if (it == templates_.end() || !it->second.is_object()) return out;
  auto value = it->second.find("value");
  if (value == it->second.end() || !value->is_array()) return out;
  for (const auto& entity : *value)
    if (entity.is_object()) out.push_back(entity);
  return out;
}

const FleetUser& Fleet::any(const std::vector<FleetUser>& users) {
  return users[fleet::below(rng_, users.size())];
}

void Fleet::write(const std::string& file, Json values) {
  documents_[file] = {{"value", std::move(values)}};
}

Result<FixtureDocuments> generate_fleet(const std::vector<const FleetPart*>& parts,
                                        const FixtureDocuments& templates, const FleetSpec& spec) {
  Fleet fleet(templates, spec);
  for (const FleetPart* part : parts) part->generate(fleet);
  if (fleet.documents().empty()) {
    std::string files;
    for (const auto& file : fleet.asked()) files += (files.empty() ? "" : ", ") + file;
    return GraphError::bad_request(
        "fixtures generate: the template set holds nothing to generate a fleet from (no entity "
        "in " +
        (files.empty() ? std::string("any file a part reads") : files) + ").");
  }
  return std::move(fleet.documents());
}

namespace fleet {

const char* pick(Random& rng, const std::vector<Weighted>& choices) {
  return pick(rng, choices, [](const char*) { return true; });
}

size_t below(Random& rng, size_t n) { return static_cast<size_t>(rng.next() % n); }

TimePoint between(Random& rng, TimePoint from, TimePoint to) {
  auto span = std::chrono::duration_cast<std::chrono::seconds>(to - from).count();
  return from + std::chrono::seconds(span > 0 ? static_cast<int64_t>(below(rng, span)) : 0);
}

TimePoint at(const char* iso8601) { return parse_iso8601(iso8601).value(); }

void remap_guids(Json& j, Random& rng) {
  std::map<std::string, std::string> map;
  graphmock::remap_guids(j, map, rng);
}

std::string like(const std::string& pattern, Random& rng) {
  std::string out = pattern;
  for (auto& c : out)
    if (std::isdigit(static_cast<unsigned char>(c))) c = static_cast<char>('0' + below(rng, 10));
  return out;
}

std::string older(const std::string& version) {
  size_t end = version.find_last_of("0123456789");
  if (end == std::string::npos) return version;
  size_t begin = version.find_last_not_of("0123456789", end);
  begin = begin == std::string::npos ? 0 : begin + 1;
  if (end + 1 - begin > 18) return version;  // beyond a long: not a version number
  long n = std::stol(version.substr(begin, end - begin + 1));
  if (n == 0) return version;
  return version.substr(0, begin) + std::to_string(n - 1) + version.substr(end + 1);
}

Json* object_at(Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}

void set_if_string(Json& j, const char* key, const Json& value) {
  if (auto it = j.find(key); it != j.end() && it->is_string()) *it = value;
}

Json identity(const FleetUser& u) {
  return {{"application", nullptr},
          {"device", nullptr},
          {"user", {{"id", u.id}, {"displayName", u.name}}}};
}

}  // namespace fleet
}  // namespace graphmock
