#include "teamwork/lifecycle.h"

#include "core/time_format.h"

namespace graphmock {

using namespace std::chrono_literals;

namespace {
OperationTimeline succeeds_after(Duration queued, Duration running) {
  OperationTimeline t;
  t.queued = queued;
  t.running = running;
  return t;
}
}  // namespace

TimelineTable::TimelineTable() {
  table_["*"]["*"] = OperationTimeline{};
  table_["*"]["deviceDiagnostics"] = succeeds_after(10s, 50s);
  table_["*"]["softwareUpdate"] = succeeds_after(10s, 170s);
  table_["*"]["deviceRestart"] = succeeds_after(5s, 85s);
}

void TimelineTable::set(const std::string& device_id, const std::string& operation_type,
                        OperationTimeline t) {
  table_[device_id][operation_type] = std::move(t);
}

OperationTimeline TimelineTable::plan(const std::string& device_id,
                                      const std::string& operation_type, Random& rng) const {
  OperationTimeline t;
  auto lookup = [&](std::string_view device, std::string_view type) -> const OperationTimeline* {
    auto d = table_.find(device);
    if (d == table_.end()) return nullptr;
    auto it = d->second.find(type);
    return it == d->second.end() ? nullptr : &it->second;
  };
  const std::pair<std::string_view, std::string_view> keys[] = {
      {device_id, operation_type}, {device_id, "*"}, {"*", operation_type}, {"*", "*"}};
  for (const auto& [device, type] : keys) {
    if (const OperationTimeline* found = lookup(device, type)) {
      t = *found;
      break;
    }
  }
  if (t.failure_rate > 0 && rng.uniform01() < t.failure_rate) t.fails = true;
  if (t.fails && t.error_code.empty()) {
    t.error_code = "DeviceUnreachable";
    t.error_message = "The device did not respond before the operation timed out.";
  }
  return t;
}

OperationPhase phase_at(const OperationRecord& op, TimePoint now) {
  if (!op.timeline) return OperationPhase::kStatic;
  const auto& t = *op.timeline;
  if (now < op.created + t.queued) return OperationPhase::kQueued;
  if (now < op.created + t.queued + t.running) return OperationPhase::kRunning;
  return t.fails ? OperationPhase::kFailed : OperationPhase::kSucceeded;
}

nlohmann::json materialize(const OperationRecord& op, TimePoint now) {
  if (!op.timeline) return op.data;
  const auto& t = *op.timeline;
  nlohmann::json by = op.created_by ? *op.created_by : nlohmann::json(nullptr);
  nlohmann::json out = {{"@odata.type", "#microsoft.graph.teamworkDeviceOperation"},
                        {"id", op.id},
                        {"operationType", op.operation_type},
                        {"status", "queued"},
                        {"error", nullptr},
                        {"startedDateTime", nullptr},
                        {"completedDateTime", nullptr},
                        {"createdDateTime", format_iso8601(op.created)},
                        {"createdBy", by},
                        {"lastActionDateTime", nullptr},
                        {"lastActionBy", by}};
  TimePoint started = op.created + t.queued;
  TimePoint completed = started + t.running;
  switch (phase_at(op, now)) {
    case OperationPhase::kQueued:
      out["status"] = "queued";
      out["lastActionDateTime"] = format_iso8601(op.created);
      break;
    case OperationPhase::kRunning:
      out["status"] = "running";
      out["startedDateTime"] = format_iso8601(started);
      out["lastActionDateTime"] = format_iso8601(started);
      break;
    case OperationPhase::kSucceeded:
    case OperationPhase::kFailed:
      out["status"] = t.fails ? "failed" : "succeeded";
      out["startedDateTime"] = format_iso8601(started);
      out["completedDateTime"] = format_iso8601(completed);
      out["lastActionDateTime"] = format_iso8601(completed);
      if (t.fails) out["error"] = {{"code", t.error_code}, {"message", t.error_message}};
      break;
    case OperationPhase::kStatic:
      break;
  }
  return out;
}

}  // namespace graphmock
