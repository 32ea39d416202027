#include "fleet/fleet_generator.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

#include "core/random.h"
#include "core/time_format.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* kDevicesFile = "teamworkDevices.json";
constexpr const char* kManagedFile = "managedDevices.json";
constexpr const char* kScriptsFile = "deviceManagementScripts.json";

struct Weighted {
  const char* value;
  double weight;
};

// One of `choices` in proportion to the weights, among those `allowed` accepts.
template <class Allowed>
const char* pick(Random& rng, const std::vector<Weighted>& choices, Allowed allowed) {
  double total = 0;
  for (const auto& c : choices) total += allowed(c.value) ? c.weight : 0;
  double x = rng.uniform(0, total);
  for (const auto& c : choices) {
    if (!allowed(c.value)) continue;
    if (x < c.weight) return c.value;
    x -= c.weight;
  }
  return nullptr;
}
const char* pick(Random& rng, const std::vector<Weighted>& choices) {
  return pick(rng, choices, [](const char*) { return true; });
}
size_t below(Random& rng, size_t n) { return static_cast<size_t>(rng.next() % n); }

// Plausible shares of a real estate: rooms and phones dominate.
const std::vector<Weighted> kDeviceTypes = {
    {"teamsRoom", 24},   {"ipPhone", 20},     {"collaborationBar", 12}, {"teamsPanel", 11},
    {"teamsDisplay", 8}, {"lowCostPhone", 7}, {"touchConsole", 6},      {"sip", 5},
    {"surfaceHub", 4},   {"unknown", 3}};
const std::vector<Weighted> kHealth = {
    {"healthy", 72}, {"nonUrgent", 10}, {"critical", 5}, {"offline", 8}, {"unknown", 5}};
const std::vector<Weighted> kActivity = {
    {"idle", 60}, {"busy", 30}, {"unavailable", 7}, {"unknown", 3}};
const std::vector<Weighted> kCompliance = {
    {"compliant", 82}, {"noncompliant", 9}, {"inGracePeriod", 5}, {"unknown", 4}};
const std::vector<Weighted> kRunStates = {
    {"success", 75}, {"fail", 8}, {"pending", 10}, {"scriptError", 4}, {"notApplicable", 3}};

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

struct User {
  std::string id, name, upn;
};

bool is_guid(const std::string& s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash != (s[i] == '-') || (!dash && !std::isxdigit(static_cast<unsigned char>(s[i]))))
      return false;
  }
  return true;
}

// Gives every GUID in `j` a new value, the same template GUID the same new one
// (a peripheral named in health, activity and configuration stays one peripheral).
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

// Digits replaced at random, letters and separators kept: a serial of the same make.
std::string like(const std::string& pattern, Random& rng) {
  std::string out = pattern;
  for (auto& c : out)
    if (std::isdigit(static_cast<unsigned char>(c))) c = static_cast<char>('0' + below(rng, 10));
  return out;
}

// The same version with its last number lowered: the one before an update.
std::string older(const std::string& version) {
  size_t end = version.find_last_of("0123456789");
  if (end == std::string::npos) return version;
  size_t begin = version.find_last_not_of("0123456789", end);
  begin = begin == std::string::npos ? 0 : begin + 1;
  long n = std::stol(version.substr(begin, end - begin + 1));
  if (n == 0) return version;
  return version.substr(0, begin) + std::to_string(n - 1) + version.substr(end + 1);
}

TimePoint between(Random& rng, TimePoint from, TimePoint to) {
  auto span = std::chrono::duration_cast<std::chrono::seconds>(to - from).count();
  return from + std::chrono::seconds(span > 0 ? static_cast<int64_t>(below(rng, span)) : 0);
}

// The object `j[key]`, or null when absent or not an object (never adds the key).
Json* object_at(Json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}

void set_if_string(Json& j, const char* key, const Json& value) {
  if (auto it = j.find(key); it != j.end() && it->is_string()) *it = value;
}

Json identity(const User& u) {
  return {{"application", nullptr},
          {"device", nullptr},
          {"user", {{"id", u.id}, {"displayName", u.name}}}};
}

class Generator {
 public:
  Generator(const FixtureDocuments& templates, const FleetSpec& spec)
      : spec_(spec), rng_(Random::stream(spec.seed, "fleet")) {
    auto values = [&](const char* file) {
      auto it = templates.find(file);
      return it == templates.end() ? Json::array() : it->second.value("value", Json::array());
    };
    for (const auto& d : values(kDevicesFile)) by_type_[d.value("deviceType", "")].push_back(d);
    managed_ = values(kManagedFile);
    scripts_ = values(kScriptsFile);
    for (const auto& m : managed_)
      for (const auto& r : m.value("logCollectionRequests", Json::array())) requests_.push_back(r);
    for (const auto& s : scripts_)
      for (const auto& rs : s.value("deviceRunStates", Json::array())) run_states_.push_back(rs);
  }

  Result<FixtureDocuments> run() {
    if (by_type_.empty() || managed_.empty())
      return GraphError::bad_request(
          "fixtures generate: the template set needs Teams devices and managed devices.");
    make_users();
    FixtureDocuments out;
    Json devices = Json::array();
    for (size_t i = 0; i < spec_.devices; ++i) devices.push_back(teams_device(i));
    Json managed = Json::array();
    std::vector<std::string> managed_ids;
    for (size_t i = 0; i < std::max<size_t>(1, spec_.devices / 2); ++i) {
      managed.push_back(managed_device(i));
      managed_ids.push_back(managed.back()["id"]);
    }
    Json scripts = Json::array();
    if (!scripts_.empty())
      for (size_t i = 0; i < 2 + spec_.devices / 1000; ++i)
        scripts.push_back(script(i, managed_ids));
    out[kDevicesFile] = {{"value", std::move(devices)}};
    out[kManagedFile] = {{"value", std::move(managed)}};
    out[kScriptsFile] = {{"value", std::move(scripts)}};
    return out;
  }

 private:
  void make_users() {
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

  const User& any(const std::vector<User>& users) { return users[below(rng_, users.size())]; }

  Json teams_device(size_t i) {
    const char* type =
        pick(rng_, kDeviceTypes, [&](const char* t) { return by_type_.count(t) > 0; });
    const auto& templates = by_type_[type ? type : by_type_.begin()->first];
    Json d = templates[below(rng_, templates.size())];
    std::map<std::string, std::string> ids;
    remap_guids(d, ids, rng_);
    std::string health = pick(rng_, kHealth);
    std::string activity = health == "offline"                             ? "unavailable"
                           : health == "unknown" && rng_.uniform01() < 0.5 ? "unknown"
                                                                           : pick(rng_, kActivity);
    d["healthStatus"] = health;
    d["activityState"] = activity;
    Json* h = object_at(d, "health");
    if (Json* connection = h ? object_at(*h, "connection") : nullptr)
      set_if_string(*connection, "connectionStatus",
                    health == "offline"   ? "disconnected"
                    : health == "unknown" ? "unknown"
                                          : "connected");

    if (Json* hw = object_at(d, "hardwareDetail")) {
      set_if_string(*hw, "serialNumber", like(hw->value("serialNumber", ""), rng_));
      if (auto macs = hw->find("macAddresses"); macs != hw->end() && macs->is_array())
        for (auto& mac : *macs) {
          char buf[18];
          std::snprintf(
              buf, sizeof buf, "00:10:7F:%02X:%02X:%02X", static_cast<unsigned>(below(rng_, 256)),
              static_cast<unsigned>(below(rng_, 256)), static_cast<unsigned>(below(rng_, 256)));
          mac = buf;
        }
    }
    char tag[32];
    std::snprintf(tag, sizeof tag, "CT-AV-%05zu", i + 1);
    set_if_string(d, "companyAssetTag", tag);
    bool room = std::string_view(type ? type : "") != "ipPhone" &&
                std::string_view(type ? type : "") != "lowCostPhone" &&
                std::string_view(type ? type : "") != "sip";
    set_if_string(d, "notes",
                  std::string(room ? "Building " : "Desk, building ") +
                      std::to_string(1 + below(rng_, 12)) + ", floor " +
                      std::to_string(1 + below(rng_, 9)));
    if (Json* current = object_at(d, "currentUser")) {
      const User& u = room ? any(rooms_) : any(users_);
      (*current)["id"] = u.id;
      (*current)["displayName"] = u.name;
    }

    TimePoint created = between(rng_, *parse_iso8601("2023-01-01T00:00:00Z"),
                                *parse_iso8601("2025-06-30T00:00:00Z"));
    TimePoint modified = between(rng_, created, *parse_iso8601("2026-01-01T00:00:00Z"));
    Json* configuration = object_at(d, "configuration");
    for (Json* part : {&d, h, object_at(d, "activity"), configuration}) {
      if (!part) continue;
      set_if_string(*part, "createdDateTime", format_iso8601(created));
      set_if_string(*part, "lastModifiedDateTime", format_iso8601(modified));
    }
    if (object_at(d, "createdBy")) d["createdBy"] = identity(any(admins_));
    if (object_at(d, "lastModifiedBy")) d["lastModifiedBy"] = identity(any(admins_));

    // A quarter of the devices run one version behind on some software.
    Json* versions = configuration ? object_at(*configuration, "softwareVersions") : nullptr;
    Json* updates = h ? object_at(*h, "softwareUpdateHealth") : nullptr;
    if (versions && rng_.uniform01() < 0.25)
      for (auto& [key, value] : versions->items()) {
        if (!value.is_string() || rng_.uniform01() < 0.5) continue;
        std::string latest = value, previous = older(latest);
        if (previous == latest) continue;
        value = previous;
        std::string status = key.substr(0, key.find("SoftwareVersion")) + "SoftwareUpdateStatus";
        if (Json* update = updates ? object_at(*updates, status.c_str()) : nullptr) {
          (*update)["softwareFreshness"] = "updateAvailable";
          (*update)["currentVersion"] = previous;
          (*update)["availableVersion"] = latest;
        }
      }
    return d;
  }

  Json managed_device(size_t i) {
    Json m = managed_[below(rng_, managed_.size())];
    m.erase("logCollectionRequests");
    std::map<std::string, std::string> ids;
    remap_guids(m, ids, rng_);
    const std::string id = m["id"];
    const User& u = any(users_);
    std::string name = m.value("deviceName", "CONTOSO-PC");
    name = name.substr(0, name.rfind('-')) + "-" + std::to_string(10000 + i);
    set_if_string(m, "deviceName", name);
    set_if_string(m, "userPrincipalName", u.upn);
    set_if_string(m, "emailAddress", u.upn);
    set_if_string(m, "userDisplayName", u.name);
    set_if_string(m, "serialNumber", like(m.value("serialNumber", ""), rng_));
    set_if_string(m, "complianceState", pick(rng_, kCompliance));
    TimePoint enrolled = between(rng_, *parse_iso8601("2023-01-01T00:00:00Z"),
                                 *parse_iso8601("2025-10-01T00:00:00Z"));
    set_if_string(m, "enrolledDateTime", format_iso8601(enrolled));
    set_if_string(m, "lastSyncDateTime",
                  format_iso8601(between(rng_, *parse_iso8601("2025-12-01T00:00:00Z"),
                                         *parse_iso8601("2026-01-05T00:00:00Z"))));
    // Log collection history: most devices none, some a few.
    double x = rng_.uniform01();
    size_t history = x < 0.5 ? 0 : x < 0.8 ? 1 : x < 0.95 ? 2 : 3;
    Json requests = Json::array();
    for (size_t k = 0; k < history && !requests_.empty(); ++k) {
      Json r = requests_[below(rng_, requests_.size())];
      std::string tenant = r.value("id", "");
      tenant = tenant.substr(0, tenant.find('_'));
      r["id"] = tenant + "_" + id + "_" + rng_.guid();
      r["managedDeviceId"] = id;
      TimePoint requested = between(rng_, *parse_iso8601("2025-09-01T00:00:00Z"),
                                    *parse_iso8601("2026-01-01T00:00:00Z"));
      TimePoint received = requested + std::chrono::seconds(300 + below(rng_, 1800));
      set_if_string(r, "requestedDateTimeUTC", format_iso8601(requested));
      set_if_string(r, "receivedDateTimeUTC", format_iso8601(received));
      set_if_string(r, "expirationDateTimeUTC", format_iso8601(received + 24h * 30));
      set_if_string(r, "initiatedByUserPrincipalName", any(admins_).upn);
      set_if_string(r, "enrolledByUser", u.upn);
      requests.push_back(std::move(r));
    }
    m["logCollectionRequests"] = std::move(requests);
    return m;
  }

  Json script(size_t i, const std::vector<std::string>& managed_ids) {
    Json s = scripts_[i % scripts_.size()];
    s.erase("deviceRunStates");
    std::map<std::string, std::string> ids;
    remap_guids(s, ids, rng_);
    if (i >= scripts_.size())
      set_if_string(s, "displayName",
                    s.value("displayName", "Script") + " (" + std::to_string(i + 1) + ")");
    // Each script targets about a fifth of the managed devices, at most 500.
    Json states = Json::array();
    for (const auto& device : managed_ids) {
      if (states.size() >= 500 || rng_.uniform01() >= 0.2 || run_states_.empty()) continue;
      const char* state = pick(rng_, kRunStates);
      std::vector<const Json*> fits;
      for (const auto& rs : run_states_)
        if (rs.value("runState", "") == state) fits.push_back(&rs);
      Json rs = fits.empty() ? run_states_[below(rng_, run_states_.size())]
                             : *fits[below(rng_, fits.size())];
      rs["id"] = rng_.guid();
      if (object_at(rs, "managedDevice")) rs["managedDevice"] = {{"id", device}};
      set_if_string(rs, "lastStateUpdateDateTime",
                    format_iso8601(between(rng_, *parse_iso8601("2025-11-01T00:00:00Z"),
                                           *parse_iso8601("2026-01-04T00:00:00Z"))));
      states.push_back(std::move(rs));
    }
    s["deviceRunStates"] = std::move(states);
    return s;
  }

  FleetSpec spec_;
  Random rng_;
  std::map<std::string, std::vector<Json>> by_type_;
  Json managed_, scripts_;
  std::vector<Json> requests_, run_states_;
  std::vector<User> users_, rooms_, admins_;
};

}  // namespace

Result<FixtureDocuments> generate_fleet(const FixtureDocuments& templates, const FleetSpec& spec) {
  return Generator(templates, spec).run();
}

}  // namespace graphmock
