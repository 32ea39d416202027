// How an Intune log collection request moves pending -> completed | failed: a
// plan fixed when the request is created, evaluated against the clock on every
// read (no background work), so a virtual clock drives it exactly.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/random.h"
#include "graphmock/clock.h"

namespace graphmock {

// What a scenario sets ("logCollectionTimeline" in scenario.json); the defaults
// apply without one.
struct LogCollectionTimeline {
  enum class Outcome { kCompleted, kFailed };

  Duration pending = std::chrono::seconds(120);  // requested -> received (or failed)
  Outcome outcome = Outcome::kCompleted;
  int64_t error_code = 2147942402;                       // when failed (0x80070002, file not found)
  std::optional<double> size_in_kb;                      // when completed; unset: drawn per request
  Duration expires_after = std::chrono::hours(24 * 30);  // received -> expirationDateTimeUTC
  double failure_rate = 0;  // chance, drawn once at creation, to fail anyway
};

// The timeline of one request: failure_rate and size resolved with `rng`.
// Always draws the same number of values, so settings do not shift later draws.
LogCollectionTimeline plan_log_collection(const LogCollectionTimeline& t, Random& rng);

// A stored deviceLogCollectionResponse. Requests from fixtures, and those
// created with an explicit status, are static; the others follow `timeline`.
struct LogRequestRecord {
  nlohmann::json data;                               // the entity as created or last written
  nlohmann::json pinned = nlohmann::json::object();  // client-set properties the timeline keeps
  std::optional<LogCollectionTimeline> timeline;     // planned (see plan_log_collection)
  TimePoint created{};

  std::string id() const { return data.value("id", std::string()); }
};

// The properties a timeline decides (a PATCH touching one of them stops the timeline).
bool is_timeline_property(std::string_view name);

// The request as a client sees it at `now`.
nlohmann::json materialize(const LogRequestRecord& r, TimePoint now);

}  // namespace graphmock
