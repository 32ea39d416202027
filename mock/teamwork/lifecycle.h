// How a device operation moves queued -> inProgress -> successful|failed|cancelled: a plan
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
#include "graphmock/options.h"

namespace graphmock {

struct OperationTimeline {
  Duration queued = std::chrono::seconds(10);
  Duration running = std::chrono::seconds(50);
  bool fails = false;
  bool cancelled = false;  // ends cancelled (no error) instead of successful
  bool scheduled = false;  // the waiting phase is reported as scheduled, not queued
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
// Operations from fixtures or POST .../operations keep the entity as given,
// serialised: most of a large fleet's operations come from its fixtures, are
// read a page at a time, and are shared by the live state and the state reset
// restores.
struct OperationRecord {
  std::string id;
  const char* operation_type = "";  // a static name ("deviceDiagnostics", ...); actions only
  TimePoint created{};
  std::optional<OperationTimeline> timeline;  // set for actions
  // createdBy and lastActionBy: one identity set shared by a caller's operations.
  std::shared_ptr<const nlohmann::json> created_by;
  nlohmann::json parameters;                // action parameters (updateSoftware), null otherwise
  std::shared_ptr<const std::string> data;  // static operations: the entity; null for actions
  std::string status;            // static operations: the entity's status word, read by retention
  bool status_as_given = false;  // created by POST .../operations: its status word is the client's

  // Makes this a static operation holding `entity`.
  void set_data(const nlohmann::json& entity);
};

enum class OperationPhase {
  kQueued,
  kScheduled,
  kInProgress,
  kSuccessful,
  kFailed,
  kCancelled,
  kStatic
};
OperationPhase phase_at(const OperationRecord& op, TimePoint now);

// Queued, scheduled or in progress: the device takes no other action (409).
bool is_pending(OperationPhase phase);

// Which document's operation status words are served (docsVariants.statusWords): the resource
// page's (queued, inProgress, successful) | the action pages' (queued, running, succeeded) | the
// resource page's list as written (Queued, InProgress, Successful).
enum class StatusWordsForm { kResourcePage, kActionPages, kPascal };
// The `status` word of each phase (kStatic keeps the stored word). Microsoft's documents disagree
// on these words; the table keeps them in one place so a vocabulary can be switched.
struct StatusWords {
  const char* queued;
  const char* scheduled;
  const char* in_progress;
  const char* successful;
  const char* failed;
  const char* cancelled;
};
// The teamworkDeviceOperation resource page's list (Queued, Scheduled, InProgress, Successful,
// Cancelled, Failed) in Graph's camelCase, as its response examples write "successful".
inline constexpr StatusWords kResourcePageStatusWords{"queued",     "scheduled", "inProgress",
                                                      "successful", "failed",    "cancelled"};
// The action pages' prose: "queued, succeeded, or failed" (runDiagnostics, restart) and
// "running" or "succeeded" or "failed" (updateSoftware), so in progress is "running". They name
// no scheduled or cancelled state: those keep the resource page's words.
inline constexpr StatusWords kActionPagesStatusWords{"queued",    "scheduled", "running",
                                                     "succeeded", "failed",    "cancelled"};
// The resource page's list as written.
inline constexpr StatusWords kPascalStatusWords{"Queued",     "Scheduled", "InProgress",
                                                "Successful", "Failed",    "Cancelled"};
const StatusWords& status_words(StatusWordsForm form);
const char* status_word(OperationPhase phase, const StatusWords& words = kResourcePageStatusWords);
// The operation as a client sees it at `now`. A stored status that is one of the resource
// page's words (fixtures) is written in `words` too; a client's own word is kept.
nlohmann::json materialize(const OperationRecord& op, TimePoint now,
                           const StatusWords& words = kResourcePageStatusWords);

}  // namespace graphmock
