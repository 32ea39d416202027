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
  if (now < op.created + t.queued)
    return t.scheduled ? OperationPhase::kScheduled : OperationPhase::kQueued;
  if (now < op.created + t.queued + t.running) return OperationPhase::kInProgress;
  return t.fails       ? OperationPhase::kFailed
         : t.cancelled ? OperationPhase::kCancelled
                       : OperationPhase::kSuccessful;
}

bool is_pending(OperationPhase phase) {
  return phase == OperationPhase::kQueued || phase == OperationPhase::kScheduled ||
         phase == OperationPhase::kInProgress;
}

const StatusWords& status_words(StatusWordsForm form) {
  switch (form) {
    case StatusWordsForm::kActionPages:
      return kActionPagesStatusWords;
    case StatusWordsForm::kPascal:
      return kPascalStatusWords;
    case StatusWordsForm::kResourcePage:
      break;
  }
  return kResourcePageStatusWords;
}

const char* status_word(OperationPhase phase, const StatusWords& words) {
  switch (phase) {
    case OperationPhase::kQueued:
      return words.queued;
    case OperationPhase::kScheduled:
      return words.scheduled;
    case OperationPhase::kInProgress:
      return words.in_progress;
    case OperationPhase::kSuccessful:
      return words.successful;
    case OperationPhase::kFailed:
      return words.failed;
    case OperationPhase::kCancelled:
      return words.cancelled;
    case OperationPhase::kStatic:
      break;
  }
  return "";
}

namespace {
// A stored resource-page word in `words`: fixtures are written in the default vocabulary.
void translate_stored_status(nlohmann::json& out, const StatusWords& words) {
  auto it = out.find("status");
  if (it == out.end() || !it->is_string()) return;
  const std::string& s = it->get_ref<const std::string&>();
  for (auto phase :
       {OperationPhase::kQueued, OperationPhase::kScheduled, OperationPhase::kInProgress,
        OperationPhase::kSuccessful, OperationPhase::kFailed, OperationPhase::kCancelled})
    if (s == status_word(phase)) {
      *it = status_word(phase, words);
      return;
    }
}
}  // namespace

void OperationRecord::set_data(const nlohmann::json& entity) {
  data = std::make_shared<const std::string>(entity.dump());
  auto it = entity.find("status");
  status = it != entity.end() && it->is_string() ? it->get<std::string>() : "";
}

nlohmann::json materialize(const OperationRecord& op, TimePoint now, const StatusWords& words) {
  if (!op.timeline) {
    nlohmann::json out = nlohmann::json::parse(*op.data);
    out["@odata.type"] = "#microsoft.graph.teamworkDeviceOperation";
    if (!op.status_as_given) translate_stored_status(out, words);
    return out;
  }
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
  auto phase = phase_at(op, now);
  out["status"] = status_word(phase, words);
  switch (phase) {
    case OperationPhase::kQueued:
    case OperationPhase::kScheduled:
      out["lastActionDateTime"] = format_iso8601(op.created);
      break;
    case OperationPhase::kInProgress:
      out["startedDateTime"] = format_iso8601(started);
      out["lastActionDateTime"] = format_iso8601(started);
      break;
    case OperationPhase::kSuccessful:
    case OperationPhase::kFailed:
    case OperationPhase::kCancelled:
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
