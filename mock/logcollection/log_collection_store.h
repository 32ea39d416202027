// In-memory Intune data for log collection: managed devices with their
// logCollectionRequests, and device management scripts with their device run
// states (each naming a managed device), in fixture order so paging is stable.
// Readers share a lock; writers (create, patch, delete, reset) take it alone.
// Requests are indexed by id and bounded by a retention policy, so a write
// costs the same however many a device has had.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "family/locked.h"
#include "family/retained_list.h"
#include "logcollection/log_collection_timeline.h"

namespace graphmock {

struct ManagedDevice {
  nlohmann::json entity;  // the managedDevice properties (no navigation properties)
  RetainedList<LogRequestRecord> requests;  // creation order, indexed by id

  const LogRequestRecord* find_request(std::string_view id) const { return requests.find(id); }
  LogRequestRecord* find_request(std::string_view id) { return requests.find(id); }
  // Adds a request under `id`, then drops finished ones beyond `retention`.
  void add_request(std::string id, LogRequestRecord r, const RetentionPolicy& retention,
                   TimePoint now);
};

// When a request finished (retention), nullopt while it is pending. A static
// request counts as finished unless its status is "pending".
std::optional<TimePoint> request_finished_at(const LogRequestRecord& r, TimePoint now);

struct ScriptRunState {
  nlohmann::json entity;          // deviceManagementScriptDeviceState without managedDevice
  std::string managed_device_id;  // "" when the run state names no device
};

struct DeviceScript {
  nlohmann::json entity;  // deviceManagementScript without deviceRunStates
  std::vector<ScriptRunState> run_states;

  const ScriptRunState* find_run_state(std::string_view id) const;
};

struct LogCollectionData {
  std::vector<ManagedDevice> devices;
  std::unordered_map<std::string, size_t> device_index;
  std::vector<DeviceScript> scripts;
  std::unordered_map<std::string, size_t> script_index;

  const ManagedDevice* find_device(const std::string& id) const;
  ManagedDevice* find_device(const std::string& id);
  const DeviceScript* find_script(const std::string& id) const;
};

class LogCollectionStore : public Locked<LogCollectionData> {
 public:
  // Replaces everything with the fixture documents {"value": [...]}: managed
  // devices inlining logCollectionRequests, scripts inlining deviceRunStates
  // whose "managedDevice" is {"id": ...}.
  void load(const nlohmann::json& managed_devices, const nlohmann::json& scripts);

  // {"managedDevices": [...], "deviceManagementScripts": [...]} in the fixture
  // layout, requests as clients would see them at `now` (for /_mock/state).
  nlohmann::json dump(TimePoint now) const;
};

}  // namespace graphmock
