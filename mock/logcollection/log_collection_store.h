// In-memory Intune data for log collection: managed devices with their
// logCollectionRequests; device management, health and compliance scripts
// with their device run states (each naming a managed device); detected apps
// with the devices they were seen on. All in fixture order so paging is stable.
// Readers share a lock; writers (create, patch, delete, reset) take it alone.
// Requests are indexed by id and bounded by a retention policy, so a write
// costs the same however many a device has had.
#pragma once

#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "family/locked.h"
#include "family/retained_list.h"
#include "logcollection/log_collection_timeline.h"

namespace graphmock {

struct ManagedDevice {
  // The device as the fixture wrote it: nothing changes it after load, it is
  // most of a fleet's bytes and is read a device at a time, and the live state
  // and the state reset restores share it. entity() makes it a managedDevice.
  std::shared_ptr<const std::string> entity_text;
  std::string id, user_id, user_principal_name;  // read without parsing the entity
  RetainedList<LogRequestRecord> requests;       // creation order, indexed by id

  // The managedDevice properties (without logCollectionRequests), parsed.
  nlohmann::json entity() const;
  const LogRequestRecord* find_request(std::string_view id) const { return requests.find(id); }
  LogRequestRecord* find_request(std::string_view id) { return requests.find(id); }
  // Adds a request under `id`, then drops finished ones beyond `retention`.
  void add_request(std::string id, LogRequestRecord r, const RetentionPolicy& retention,
                   TimePoint now);
};

// The three script collections whose run states name a managed device.
enum class ScriptKind { kManagement, kHealth, kCompliance };
inline constexpr size_t kScriptKinds = 3;

// When a request finished (retention), nullopt while it is pending. A static
// request counts as finished unless its status is "pending".
std::optional<TimePoint> request_finished_at(const LogRequestRecord& r, TimePoint now);

struct ScriptRunState {
  nlohmann::json entity;          // the run state (of any ScriptKind) without managedDevice
  std::string managed_device_id;  // "" when the run state names no device
};

struct DeviceScript {
  nlohmann::json entity;  // the script without deviceRunStates
  std::vector<ScriptRunState> run_states;

  const ScriptRunState* find_run_state(std::string_view id) const;
};

struct DetectedApp {
  nlohmann::json entity;                        // detectedApp without managedDevices
  std::vector<std::string> managed_device_ids;  // the devices it was seen on

  bool seen_on(std::string_view device_id) const;
};

// Scripts and detected apps: nothing changes them after load, so the live
// state and the state reset restores share one.
struct LogCollectionCatalog {
  std::array<std::vector<DeviceScript>, kScriptKinds> scripts;  // by ScriptKind
  std::array<std::unordered_map<std::string, size_t>, kScriptKinds> script_index;
  std::vector<DetectedApp> detected_apps;
  std::unordered_map<std::string, size_t> detected_app_index;
};

struct LogCollectionData {
  std::vector<ManagedDevice> devices;
  std::unordered_map<std::string, size_t> device_index;
  std::shared_ptr<const LogCollectionCatalog> catalog = std::make_shared<LogCollectionCatalog>();
  const std::vector<DeviceScript>& scripts(ScriptKind kind) const {
    return catalog->scripts[static_cast<size_t>(kind)];
  }
  const std::vector<DetectedApp>& detected_apps() const { return catalog->detected_apps; }

  const ManagedDevice* find_device(const std::string& id) const;
  ManagedDevice* find_device(const std::string& id);
  const DeviceScript* find_script(ScriptKind kind, const std::string& id) const;
  const DetectedApp* find_detected_app(const std::string& id) const;
};

// The fixture files' text {"value": [...]} the store loads.
struct LogCollectionFixtures {
  std::string_view managed_devices;  // inlining logCollectionRequests
  // By ScriptKind; scripts inline deviceRunStates whose managedDevice@odata.bind
  // is "managedDevices('<id>')".
  std::array<std::string_view, kScriptKinds> scripts;
  std::string_view detected_apps;  // managedDevices@odata.bind: ["managedDevices('<id>')"]
};

class LogCollectionStore : public Locked<LogCollectionData> {
 public:
  // Replaces everything with the fixture files': a managed device is kept as
  // text, the rest parsed.
  void load(const LogCollectionFixtures& fixtures);
  // Back to the state load() built.
  void reset();

  // {"managedDevices": [...], "deviceManagementScripts": [...], "deviceHealthScripts": [...],
  // "deviceComplianceScripts": [...], "detectedApps": [...]} in the fixture layout,
  // requests as clients would see them at `now` (for /_mock/state).
  nlohmann::json dump(TimePoint now) const;

 private:
  LogCollectionData loaded_;  // written by load() only
};

}  // namespace graphmock
