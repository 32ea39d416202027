// How a device operation moves queued -> running -> succeeded|failed: a plan
// fixed when the action is accepted, evaluated against the clock on every read,
// so nothing runs in the background and a virtual clock drives it exactly.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/random.h"
#include "graphmock/clock.h"

namespace graphmock {

struct OperationTimeline {
  Duration queued = std::chrono::seconds(10);
  Duration running = std::chrono::seconds(50);
  bool fails = false;
  std::string error_code;  // when fails
  std::string error_message;
  double failure_rate = 0;  // chance, drawn once at acceptance, to fail anyway
};

// Timelines per operation type, optionally per device; "*" is the fallback.
// Defaults (no scenario): diagnostics 10 s + 50 s, softwareUpdate 10 s + 170 s,
// restart 5 s + 85 s, all succeed.
class TimelineTable {
 public:
  TimelineTable();
  void set(const std::string& device_id, const std::string& operation_type, OperationTimeline t);
  // The plan for a new operation: failure_rate is resolved with `rng` here.
  OperationTimeline plan(const std::string& device_id, const std::string& operation_type,
                         Random& rng) const;

 private:
  // device id -> operation type -> timeline; looked up without copying keys.
  std::map<std::string, std::map<std::string, OperationTimeline, std::less<>>, std::less<>> table_;
};

// A stored operation. Operations started by an action keep typed fields and
// the timeline that decides status and timestamps at read time (the JSON is
// built only when read: a long run stores hundreds of thousands of them).
// Operations from fixtures or POST .../operations keep the entity as given.
struct OperationRecord {
  std::string id;
  const char* operation_type = "";  // a static name ("deviceDiagnostics", ...); actions only
  TimePoint created{};
  std::optional<OperationTimeline> timeline;  // set for actions
  // createdBy and lastActionBy: one identity set shared by a caller's operations.
  std::shared_ptr<const nlohmann::json> created_by;
  nlohmann::json parameters;  // action parameters (updateSoftware), null otherwise
  nlohmann::json data;        // static operations: the entity; null for actions
};

enum class OperationPhase { kQueued, kRunning, kSucceeded, kFailed, kStatic };
OperationPhase phase_at(const OperationRecord& op, TimePoint now);
// The operation as a client sees it at `now`.
nlohmann::json materialize(const OperationRecord& op, TimePoint now);

}  // namespace graphmock
