#include "logcollection/log_collection_store.h"

#include "core/time_format.h"

namespace graphmock {

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
      std::string id = rec.id();
      d.requests.add(std::move(id), std::move(rec));
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
      state.entity.erase("managedDevice");
      state.entity["@odata.type"] = "#microsoft.graph.deviceManagementScriptDeviceState";
      if (auto md = rs.find("managedDevice"); md != rs.end() && md->is_object())
        state.managed_device_id = md->value("id", "");
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
        state["managedDevice"] = rs.managed_device_id.empty()
                                     ? nlohmann::json(nullptr)
                                     : nlohmann::json{{"id", rs.managed_device_id}};
        j["deviceRunStates"].push_back(std::move(state));
      }
      scripts.push_back(std::move(j));
    }
    return nlohmann::json{{"managedDevices", std::move(devices)},
                          {"deviceManagementScripts", std::move(scripts)}};
  });
}

}  // namespace graphmock
