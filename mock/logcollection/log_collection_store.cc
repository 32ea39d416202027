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

// A small fixture file's document; {} for text that is not JSON (known to be JSON when loaded).
nlohmann::json parsed(std::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  return doc.is_discarded() ? nlohmann::json::object() : doc;
}

}  // namespace

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
  std::vector<json_scan::Member> file, item;
  std::vector<std::string_view> devices, requests;
  if (json_scan::members(fixture, file)) json_scan::items(json_scan::find(file, "value"), devices);
  for (std::string_view text : devices) {
    item.clear();
    json_scan::members(text, item);
    ManagedDevice d;
    auto string_of = [&](const char* key) {  // "" when absent or null (userId is nullable)
      return json_scan::string_value(json_scan::find(item, key));
    };
    d.id = string_of("id");
    d.user_id = string_of("userId");
    d.user_principal_name = string_of("userPrincipalName");
    d.entity_text = std::make_shared<const std::string>(json_scan::object_text(
        {{"@odata.type", "\"#microsoft.graph.managedDevice\""}}, item, {"logCollectionRequests"}));
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

std::shared_ptr<const LogCollectionCatalog> load_catalog(const LogCollectionFixtures& fixtures) {
  auto catalog = std::make_shared<LogCollectionCatalog>();
  for (size_t k = 0; k < kScriptKinds; ++k) {
    for (const auto& item : parsed(fixtures.scripts[k]).value("value", nlohmann::json::array())) {
      DeviceScript s;
      s.entity = item;
      s.entity.erase("deviceRunStates");
      s.entity["@odata.type"] = kScriptTypes[k];
      for (const auto& rs : item.value("deviceRunStates", nlohmann::json::array())) {
        ScriptRunState state;
        state.entity = rs;
        // Fixtures name the run state's device by reference, "managedDevices('<id>')": an
        // inline managedDevice would have to be the whole entity (schemas/managedDevice.json).
        state.entity.erase(kManagedDeviceBind);
        state.entity["@odata.type"] = kRunStateTypes[k];
        state.managed_device_id = bound_device_id(rs.value(kManagedDeviceBind, ""));
        s.run_states.push_back(std::move(state));
      }
      catalog->script_index[k][s.entity.value("id", "")] = catalog->scripts[k].size();
      catalog->scripts[k].push_back(std::move(s));
    }
  }
  for (const auto& item : parsed(fixtures.detected_apps).value("value", nlohmann::json::array())) {
    DetectedApp app;
    app.entity = item;
    app.entity.erase(kManagedDevicesBind);
    app.entity["@odata.type"] = "#microsoft.graph.detectedApp";
    for (const auto& ref : item.value(kManagedDevicesBind, nlohmann::json::array()))
      if (ref.is_string())
        app.managed_device_ids.push_back(bound_device_id(ref.get<std::string>()));
    catalog->detected_app_index[app.entity.value("id", "")] = catalog->detected_apps.size();
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
