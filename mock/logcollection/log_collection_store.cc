#include "logcollection/log_collection_store.h"

#include <algorithm>

#include "core/json_scan.h"
#include "core/parallel.h"
#include "core/time_format.h"

namespace graphmock {

namespace {
constexpr const char* kManagedDeviceBind = "managedDevice@odata.bind";
constexpr const char* kManagedDevicesBind = "managedDevices@odata.bind";
// By ScriptKind: the collection (state key) and the OData types of a script and its run states.
constexpr std::array<const char*, kScriptKinds> kScriptSets = {
    "deviceManagementScripts", "deviceHealthScripts", "deviceComplianceScripts"};
constexpr std::array<const char*, kScriptKinds> kScriptTypes = {
    "#microsoft.graph.deviceManagementScript", "#microsoft.graph.deviceHealthScript",
    "#microsoft.graph.deviceComplianceScript"};
constexpr std::array<const char*, kScriptKinds> kRunStateTypes = {
    "#microsoft.graph.deviceManagementScriptDeviceState",
    "#microsoft.graph.deviceHealthScriptDeviceState",
    "#microsoft.graph.deviceComplianceScriptDeviceState"};

// "managedDevices('<id>')" -> "<id>"; "" when the reference has another form.
std::string bound_device_id(const std::string& reference) {
  const std::string prefix = "managedDevices('";
  if (reference.rfind(prefix, 0) != 0 || reference.size() < prefix.size() + 2 ||
      reference.compare(reference.size() - 2, 2, "')") != 0)
    return "";
  return reference.substr(prefix.size(), reference.size() - prefix.size() - 2);
}

// The items of a small fixture file, parsed: [] when it has none (text that is
// not JSON, which a loaded file is not, included).
nlohmann::json items_of(std::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_object())
    if (auto it = doc.find("value"); it != doc.end() && it->is_array()) return std::move(*it);
  return nlohmann::json::array();
}

}  // namespace

nlohmann::json ManagedDevice::entity() const {
  nlohmann::json out = nlohmann::json::parse(*entity_text, nullptr, false);
  if (!out.is_object()) out = nlohmann::json::object();
  out.erase("logCollectionRequests");
  out["@odata.type"] = "#microsoft.graph.managedDevice";
  return out;
}

std::optional<TimePoint> request_finished_at(const LogRequestRecord& r, TimePoint now) {
  if (r.timeline) {
    TimePoint ends = r.created + r.timeline->pending;
    if (now < ends) return std::nullopt;
    return ends;
  }
  auto status = r.data.find("status");
  if (status != r.data.end() && *status == "pending") return std::nullopt;
  return r.created;
}

void ManagedDevice::add_request(std::string id, LogRequestRecord r,
                                const RetentionPolicy& retention, TimePoint now) {
  requests.add(std::move(id), std::move(r));
  requests.retain(retention, now, request_finished_at,
                  [](const LogRequestRecord& rec) { return rec.id(); });
}

const ScriptRunState* DeviceScript::find_run_state(std::string_view id) const {
  for (const auto& rs : run_states)
    if (rs.entity.value("id", "") == id) return &rs;
  return nullptr;
}

const ManagedDevice* LogCollectionData::find_device(const std::string& id) const {
  auto it = device_index.find(id);
  return it == device_index.end() ? nullptr : &devices[it->second];
}

ManagedDevice* LogCollectionData::find_device(const std::string& id) {
  auto it = device_index.find(id);
  return it == device_index.end() ? nullptr : &devices[it->second];
}

bool DetectedApp::seen_on(std::string_view device_id) const {
  return std::find(managed_device_ids.begin(), managed_device_ids.end(), device_id) !=
         managed_device_ids.end();
}

const DeviceScript* LogCollectionData::find_script(ScriptKind kind, const std::string& id) const {
  const auto k = static_cast<size_t>(kind);
  auto it = catalog->script_index[k].find(id);
  return it == catalog->script_index[k].end() ? nullptr : &catalog->scripts[k][it->second];
}

const DetectedApp* LogCollectionData::find_detected_app(const std::string& id) const {
  auto it = catalog->detected_app_index.find(id);
  return it == catalog->detected_app_index.end() ? nullptr : &catalog->detected_apps[it->second];
}

namespace {

// The managed devices of the fixture file, each kept as text.
void load_devices(std::string_view fixture, LogCollectionData& data) {
  std::vector<json_scan::Member> item;
  std::vector<std::string_view> requests;
  for (const auto& run : json_scan::member_items(fixture, "value", 1))
    for (std::string_view text : run) {
      item.clear();
      json_scan::members(text, item);
      ManagedDevice d;
      auto string_of = [&](const char* key) {  // "" when absent or null (userId is nullable)
        return json_scan::string_value(json_scan::find(item, key));
      };
      d.id = string_of("id");
      d.user_id = string_of("userId");
      d.user_principal_name = string_of("userPrincipalName");
      d.entity_text = std::make_shared<const std::string>(text);
      requests.clear();
      json_scan::items(json_scan::find(item, "logCollectionRequests"), requests);
      for (std::string_view req : requests) {
        LogRequestRecord rec;
        rec.data = nlohmann::json::parse(req);
        if (!rec.data.is_object()) continue;
        rec.data["@odata.type"] = "#microsoft.graph.deviceLogCollectionResponse";
        if (auto when = rec.data.find("requestedDateTimeUTC");
            when != rec.data.end() && when->is_string())
          if (auto t = parse_iso8601(when->get<std::string>())) rec.created = *t;
        std::string id = rec.id();
        d.requests.add(std::move(id), std::move(rec));
      }
      data.device_index[d.id] = data.devices.size();
      data.devices.push_back(std::move(d));
    }
}

// A string member of `j`, "" when absent or not a string.
std::string string_member(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

// Takes `j`'s member `key` out of it (null when absent).
nlohmann::json take(nlohmann::json& j, const char* key) {
  nlohmann::json out;
  if (auto it = j.find(key); it != j.end()) {
    out = std::move(*it);
    j.erase(it);
  }
  return out;
}

std::shared_ptr<const LogCollectionCatalog> load_catalog(const LogCollectionFixtures& fixtures) {
  auto catalog = std::make_shared<LogCollectionCatalog>();
  for (size_t k = 0; k < kScriptKinds; ++k) {
    for (auto& item : items_of(fixtures.scripts[k])) {
      if (!item.is_object()) continue;
      DeviceScript s;
      nlohmann::json states = take(item, "deviceRunStates");
      s.entity = std::move(item);
      s.entity["@odata.type"] = kScriptTypes[k];
      if (states.is_array())
        for (auto& rs : states) {
          if (!rs.is_object()) continue;
          ScriptRunState state;
          // Fixtures name the run state's device by reference, "managedDevices('<id>')": an
          // inline managedDevice would have to be the whole entity (schemas/managedDevice.json).
          state.managed_device_id = bound_device_id(string_member(rs, kManagedDeviceBind));
          rs.erase(kManagedDeviceBind);
          state.entity = std::move(rs);
          state.entity["@odata.type"] = kRunStateTypes[k];
          s.run_states.push_back(std::move(state));
        }
      catalog->script_index[k][string_member(s.entity, "id")] = catalog->scripts[k].size();
      catalog->scripts[k].push_back(std::move(s));
    }
  }
  for (auto& item : items_of(fixtures.detected_apps)) {
    if (!item.is_object()) continue;
    DetectedApp app;
    nlohmann::json refs = take(item, kManagedDevicesBind);
    app.entity = std::move(item);
    app.entity["@odata.type"] = "#microsoft.graph.detectedApp";
    if (refs.is_array())
      for (const auto& ref : refs)
        if (ref.is_string())
          app.managed_device_ids.push_back(bound_device_id(ref.get<std::string>()));
    catalog->detected_app_index[string_member(app.entity, "id")] = catalog->detected_apps.size();
    catalog->detected_apps.push_back(std::move(app));
  }
  return catalog;
}

}  // namespace

void LogCollectionStore::load(const LogCollectionFixtures& fixtures) {
  LogCollectionData data;
  parallel_for(2, [&](size_t i) {
    if (i == 0)
      load_devices(fixtures.managed_devices, data);
    else
      data.catalog = load_catalog(fixtures);
  });
  loaded_ = std::move(data);
  reset();
}

void LogCollectionStore::reset() { replace(loaded_); }

nlohmann::json LogCollectionStore::dump(TimePoint now) const {
  return read([&](const LogCollectionData& data) {
    nlohmann::json devices = nlohmann::json::array();
    for (const auto& d : data.devices) {
      nlohmann::json j = d.entity();
      j["logCollectionRequests"] = nlohmann::json::array();
      for (const auto& r : d.requests) j["logCollectionRequests"].push_back(materialize(r, now));
      devices.push_back(std::move(j));
    }
    nlohmann::json state{{"managedDevices", std::move(devices)}};
    for (size_t k = 0; k < kScriptKinds; ++k) {
      nlohmann::json scripts = nlohmann::json::array();
      for (const auto& s : data.catalog->scripts[k]) {
        nlohmann::json j = s.entity;
        j["deviceRunStates"] = nlohmann::json::array();
        for (const auto& rs : s.run_states) {
          nlohmann::json run_state = rs.entity;
          if (!rs.managed_device_id.empty())
            run_state[kManagedDeviceBind] = "managedDevices('" + rs.managed_device_id + "')";
          j["deviceRunStates"].push_back(std::move(run_state));
        }
        scripts.push_back(std::move(j));
      }
      state[kScriptSets[k]] = std::move(scripts);
    }
    nlohmann::json apps = nlohmann::json::array();
    for (const auto& app : data.detected_apps()) {
      nlohmann::json j = app.entity;
      j[kManagedDevicesBind] = nlohmann::json::array();
      for (const auto& id : app.managed_device_ids)
        j[kManagedDevicesBind].push_back("managedDevices('" + id + "')");
      apps.push_back(std::move(j));
    }
    state["detectedApps"] = std::move(apps);
    return state;
  });
}

}  // namespace graphmock
