#include "teamwork/teamwork_fleet.h"

#include <cstdio>
#include <map>
#include <string_view>
#include <vector>

#include "core/time_format.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
using fleet::below;
using fleet::object_at;
using fleet::pick;
using fleet::set_if_string;
using fleet::Weighted;

// Plausible shares of a real estate: rooms and phones dominate.
const std::vector<Weighted> kDeviceTypes = {
    {"teamsRoom", 24},   {"ipPhone", 20},     {"collaborationBar", 12}, {"teamsPanel", 11},
    {"teamsDisplay", 8}, {"lowCostPhone", 7}, {"touchConsole", 6},      {"sip", 5},
    {"surfaceHub", 4},   {"unknown", 3}};
const std::vector<Weighted> kHealth = {
    {"healthy", 72}, {"nonUrgent", 10}, {"critical", 5}, {"offline", 8}, {"unknown", 5}};
const std::vector<Weighted> kActivity = {
    {"idle", 60}, {"busy", 30}, {"unavailable", 7}, {"unknown", 3}};

using ByType = std::map<std::string, std::vector<Json>>;

Json device(Fleet& fleet, ByType& by_type, size_t i) {
  Random& rng = fleet.rng();
  const char* type = pick(rng, kDeviceTypes, [&](const char* t) { return by_type.count(t) > 0; });
  const auto& templates = by_type[type ? type : by_type.begin()->first];
  Json d = templates[below(rng, templates.size())];
  fleet::remap_guids(d, rng);
  std::string health = pick(rng, kHealth);
  std::string activity = health == "offline"                            ? "unavailable"
                         : health == "unknown" && rng.uniform01() < 0.5 ? "unknown"
                                                                        : pick(rng, kActivity);
  d["healthStatus"] = health;
  d["activityState"] = activity;
  Json* h = object_at(d, "health");
  if (Json* connection = h ? object_at(*h, "connection") : nullptr)
    set_if_string(*connection, "connectionStatus",
                  health == "offline"   ? "disconnected"
                  : health == "unknown" ? "unknown"
                                        : "connected");

  if (Json* hw = object_at(d, "hardwareDetail")) {
    set_if_string(*hw, "serialNumber", fleet::like(hw->value("serialNumber", ""), rng));
    if (auto macs = hw->find("macAddresses"); macs != hw->end() && macs->is_array())
      for (auto& mac : *macs) {
        char buf[18];
        std::snprintf(
            buf, sizeof buf, "00:10:7F:%02X:%02X:%02X", static_cast<unsigned>(below(rng, 256)),
            static_cast<unsigned>(below(rng, 256)), static_cast<unsigned>(below(rng, 256)));
        mac = buf;
      }
  }
  char tag[32];
  std::snprintf(tag, sizeof tag, "CT-AV-%05zu", i + 1);
  set_if_string(d, "companyAssetTag", tag);
  std::string_view kind = type ? type : "";
  bool room = kind != "ipPhone" && kind != "lowCostPhone" && kind != "sip";
  set_if_string(d, "notes",
                std::string(room ? "Building " : "Desk, building ") +
                    std::to_string(1 + below(rng, 12)) + ", floor " +
                    std::to_string(1 + below(rng, 9)));
  if (Json* current = object_at(d, "currentUser")) {
    const FleetUser& u = room ? fleet.any_room() : fleet.any_user();
    (*current)["id"] = u.id;
    (*current)["displayName"] = u.name;
  }

  TimePoint created =
      fleet::between(rng, fleet::at("2023-01-01T00:00:00Z"), fleet::at("2025-06-30T00:00:00Z"));
  TimePoint modified = fleet::between(rng, created, fleet::at("2026-01-01T00:00:00Z"));
  Json* configuration = object_at(d, "configuration");
  for (Json* part : {&d, h, object_at(d, "activity"), configuration}) {
    if (!part) continue;
    set_if_string(*part, "createdDateTime", format_iso8601(created));
    set_if_string(*part, "lastModifiedDateTime", format_iso8601(modified));
  }
  if (object_at(d, "createdBy")) d["createdBy"] = fleet::identity(fleet.any_admin());
  if (object_at(d, "lastModifiedBy")) d["lastModifiedBy"] = fleet::identity(fleet.any_admin());

  // A quarter of the devices run one version behind on some software.
  Json* versions = configuration ? object_at(*configuration, "softwareVersions") : nullptr;
  Json* updates = h ? object_at(*h, "softwareUpdateHealth") : nullptr;
  if (versions && rng.uniform01() < 0.25)
    for (auto& [key, value] : versions->items()) {
      if (!value.is_string() || rng.uniform01() < 0.5) continue;
      std::string latest = value, previous = fleet::older(latest);
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

}  // namespace

void TeamworkFleet::generate(Fleet& fleet) const {
  ByType by_type;
  for (const auto& d : fleet.templates(file_)) by_type[d.value("deviceType", "")].push_back(d);
  if (by_type.empty()) return;
  Json devices = Json::array();
  for (size_t i = 0; i < fleet.spec().devices; ++i) devices.push_back(device(fleet, by_type, i));
  fleet.write(file_, std::move(devices));
}

}  // namespace graphmock
