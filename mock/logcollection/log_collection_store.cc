#include "logcollection/log_collection_store.h"

#include "core/time_format.h"

namespace graphmock {

namespace {
constexpr const char* kManagedDeviceBind = "managedDevice@odata.bind";

// "managedDevices('<id>')" -> "<id>"; "" when the reference has another form.
std::string bound_device_id(const std::string& reference) {
  const std::string prefix = "managedDevices('";
  if (reference.rfind(prefix, 0) != 0 || reference.size() < prefix.size() + 2 ||
      reference.compare(reference.size() - 2, 2, "')") != 0)
    return "";
  return reference.substr(prefix.size(), reference.size() - prefix.size() - 2);
}
}  // namespace

const LogRequestRecord* ManagedDevice::find_request(std::string_view id) const {
  for (const auto& r : requests)
    if (r.id() == id) return &r;
  return nullptr;
}

LogRequestRecord* ManagedDevice::find_request(std::string_view id) {
  for (auto& r : requests)
    if (r.id() == id) return &r;
  return nullptr;
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

const DeviceScript* LogCollectionData::find_script(const std::string& id) const {
  auto it = script_index.find(id);
  return it == script_index.end() ? nullptr : &scripts[it->second];
}

void LogCollectionStore::load(const nlohmann::json& managed_devices,
                              const nlohmann::json& scripts) {
  LogCollectionData data;
  for (const auto& item : managed_devices.value("value", nlohmann::json::array())) {
    ManagedDevice d;
    d.entity = item;
    d.entity.erase("logCollectionRequests");
    d.entity["@odata.type"] = "#microsoft.graph.managedDevice";
    for (const auto& req : item.value("logCollectionRequests", nlohmann::json::array())) {
      LogRequestRecord rec;
      rec.data = req;
      rec.data["@odata.type"] = "#microsoft.graph.deviceLogCollectionResponse";
      if (auto t = parse_iso8601(req.value("requestedDateTimeUTC", ""))) rec.created = *t;
      d.requests.push_back(std::move(rec));
    }
    data.device_index[d.entity.value("id", "")] = data.devices.size();
    data.devices.push_back(std::move(d));
  }
  for (const auto& item : scripts.value("value", nlohmann::json::array())) {
    DeviceScript s;
    s.entity = item;
    s.entity.erase("deviceRunStates");
    s.entity["@odata.type"] = "#microsoft.graph.deviceManagementScript";
    for (const auto& rs : item.value("deviceRunStates", nlohmann::json::array())) {
      ScriptRunState state;
      state.entity = rs;
      // Fixtures name the run state's device by reference, "managedDevices('<id>')": an
      // inline managedDevice would have to be the whole entity (schemas/managedDevice.json).
      state.entity.erase(kManagedDeviceBind);
      state.entity["@odata.type"] = "#microsoft.graph.deviceManagementScriptDeviceState";
      state.managed_device_id = bound_device_id(rs.value(kManagedDeviceBind, ""));
      s.run_states.push_back(std::move(state));
    }
    data.script_index[s.entity.value("id", "")] = data.scripts.size();
    data.scripts.push_back(std::move(s));
  }
  replace(std::move(data));
}

nlohmann::json LogCollectionStore::dump(TimePoint now) const {
  return read([&](const LogCollectionData& data) {
    nlohmann::json devices = nlohmann::json::array();
    for (const auto& d : data.devices) {
      nlohmann::json j = d.entity;
      j["logCollectionRequests"] = nlohmann::json::array();
      for (const auto& r : d.requests) j["logCollectionRequests"].push_back(materialize(r, now));
      devices.push_back(std::move(j));
    }
    nlohmann::json scripts = nlohmann::json::array();
    for (const auto& s : data.scripts) {
      nlohmann::json j = s.entity;
      j["deviceRunStates"] = nlohmann::json::array();
      for (const auto& rs : s.run_states) {
        nlohmann::json state = rs.entity;
        if (!rs.managed_device_id.empty())
          state[kManagedDeviceBind] = "managedDevices('" + rs.managed_device_id + "')";
        j["deviceRunStates"].push_back(std::move(state));
      }
      scripts.push_back(std::move(j));
    }
    return nlohmann::json{{"managedDevices", std::move(devices)},
                          {"deviceManagementScripts", std::move(scripts)}};
  });
}

}  // namespace graphmock
