#include "logcollection/log_collection_fleet.h"

#include <algorithm>
#include <vector>

#include "core/time_format.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;
using fleet::at;
using fleet::below;
using fleet::between;
using fleet::object_at;
using fleet::pick;
using fleet::set_if_string;
using fleet::Weighted;

const std::vector<Weighted> kCompliance = {
    {"compliant", 82}, {"noncompliant", 9}, {"inGracePeriod", 5}, {"unknown", 4}};
const std::vector<Weighted> kRunStates = {
    {"success", 75}, {"fail", 8}, {"pending", 10}, {"scriptError", 4}, {"notApplicable", 3}};

// The entities inlined as `property` in `owners`, all together.
std::vector<Json> inlined(const std::vector<Json>& owners, const char* property) {
  std::vector<Json> out;
  for (const auto& owner : owners)
    for (const auto& part : owner.value(property, Json::array())) out.push_back(part);
  return out;
}

Json managed_device(Fleet& fleet, const std::vector<Json>& managed,
                    const std::vector<Json>& requests, size_t i) {
  Random& rng = fleet.rng();
  Json m = managed[below(rng, managed.size())];
  m.erase("logCollectionRequests");
  fleet::remap_guids(m, rng);
  const std::string id = m["id"];
  const FleetUser& u = fleet.any_user();
  std::string name = m.value("deviceName", "CONTOSO-PC");
  name = name.substr(0, name.rfind('-')) + "-" + std::to_string(10000 + i);
  set_if_string(m, "deviceName", name);
  set_if_string(m, "userPrincipalName", u.upn);
  set_if_string(m, "emailAddress", u.upn);
  set_if_string(m, "userDisplayName", u.name);
  set_if_string(m, "serialNumber", fleet::like(m.value("serialNumber", ""), rng));
  set_if_string(m, "complianceState", pick(rng, kCompliance));
  TimePoint enrolled = between(rng, at("2023-01-01T00:00:00Z"), at("2025-10-01T00:00:00Z"));
  set_if_string(m, "enrolledDateTime", format_iso8601(enrolled));
  set_if_string(
      m, "lastSyncDateTime",
      format_iso8601(between(rng, at("2025-12-01T00:00:00Z"), at("2026-01-05T00:00:00Z"))));
  // Log collection history: most devices none, some a few.
  double x = rng.uniform01();
  size_t history = x < 0.5 ? 0 : x < 0.8 ? 1 : x < 0.95 ? 2 : 3;
  Json out = Json::array();
  for (size_t k = 0; k < history && !requests.empty(); ++k) {
    Json r = requests[below(rng, requests.size())];
    std::string tenant = r.value("id", "");
    tenant = tenant.substr(0, tenant.find('_'));
    r["id"] = tenant + "_" + id + "_" + rng.guid();
    r["managedDeviceId"] = id;
    TimePoint requested = between(rng, at("2025-09-01T00:00:00Z"), at("2026-01-01T00:00:00Z"));
    TimePoint received = requested + std::chrono::seconds(300 + below(rng, 1800));
    set_if_string(r, "requestedDateTimeUTC", format_iso8601(requested));
    set_if_string(r, "receivedDateTimeUTC", format_iso8601(received));
    set_if_string(r, "expirationDateTimeUTC", format_iso8601(received + 24h * 30));
    set_if_string(r, "initiatedByUserPrincipalName", fleet.any_admin().upn);
    set_if_string(r, "enrolledByUser", u.upn);
    out.push_back(std::move(r));
  }
  m["logCollectionRequests"] = std::move(out);
  return m;
}

Json script(Fleet& fleet, const std::vector<Json>& scripts, const std::vector<Json>& run_states,
            size_t i, const std::vector<std::string>& managed_ids) {
  Random& rng = fleet.rng();
  Json s = scripts[i % scripts.size()];
  s.erase("deviceRunStates");
  fleet::remap_guids(s, rng);
  if (i >= scripts.size())
    set_if_string(s, "displayName",
                  s.value("displayName", "Script") + " (" + std::to_string(i + 1) + ")");
  // Each script targets about a fifth of the managed devices, at most 500.
  Json states = Json::array();
  for (const auto& device : managed_ids) {
    if (states.size() >= 500 || rng.uniform01() >= 0.2 || run_states.empty()) continue;
    const char* state = pick(rng, kRunStates);
    std::vector<const Json*> fits;
    for (const auto& rs : run_states)
      if (rs.value("runState", "") == state) fits.push_back(&rs);
    Json rs =
        fits.empty() ? run_states[below(rng, run_states.size())] : *fits[below(rng, fits.size())];
    rs["id"] = rng.guid();
    if (object_at(rs, "managedDevice")) rs["managedDevice"] = {{"id", device}};
    set_if_string(
        rs, "lastStateUpdateDateTime",
        format_iso8601(between(rng, at("2025-11-01T00:00:00Z"), at("2026-01-04T00:00:00Z"))));
    states.push_back(std::move(rs));
  }
  s["deviceRunStates"] = std::move(states);
  return s;
}

}  // namespace

void LogCollectionFleet::generate(Fleet& fleet) const {
  const std::vector<Json> managed = fleet.templates(devices_file_);
  const std::vector<Json> scripts = fleet.templates(scripts_file_);
  if (managed.empty()) return;  // scripts run on managed devices: none without them
  const std::vector<Json> requests = inlined(managed, "logCollectionRequests");
  const std::vector<Json> run_states = inlined(scripts, "deviceRunStates");
  const size_t devices = fleet.spec().devices;
  Json out = Json::array();
  std::vector<std::string> ids;
  for (size_t i = 0; i < std::max<size_t>(1, devices / 2); ++i) {
    out.push_back(managed_device(fleet, managed, requests, i));
    ids.push_back(out.back()["id"]);
  }
  Json written = Json::array();
  if (!scripts.empty())
    for (size_t i = 0; i < 2 + devices / 1000; ++i)
      written.push_back(script(fleet, scripts, run_states, i, ids));
  fleet.write(devices_file_, std::move(out));
  fleet.write(scripts_file_, std::move(written));
}

}  // namespace graphmock
