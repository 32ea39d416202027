#include "logcollection/log_collection_timeline.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/time_format.h"

namespace graphmock {

namespace {
// Drawn sizes: 0.5 MB to 16 MB of zipped logs, whole kilobytes.
constexpr double kMinDrawnKB = 512;
constexpr double kMaxDrawnKB = 16384;

constexpr std::array<std::string_view, 6> kTimelineProperties = {
    "status", "errorCode", "size", "sizeInKB", "receivedDateTimeUTC", "expirationDateTimeUTC"};
}  // namespace

LogCollectionTimeline plan_log_collection(const LogCollectionTimeline& t, Random& rng) {
  LogCollectionTimeline p = t;
  double fail_draw = rng.uniform01();
  double size_draw = std::floor(rng.uniform(kMinDrawnKB, kMaxDrawnKB));
  if (p.failure_rate > 0 && fail_draw < p.failure_rate)
    p.outcome = LogCollectionTimeline::Outcome::kFailed;
  if (!p.size_in_kb) p.size_in_kb = size_draw;
  return p;
}

bool is_timeline_property(std::string_view name) {
  return std::find(kTimelineProperties.begin(), kTimelineProperties.end(), name) !=
         kTimelineProperties.end();
}

nlohmann::json materialize(const LogRequestRecord& r, TimePoint now) {
  nlohmann::json out = r.data;
  if (!r.timeline) return out;
  const auto& t = *r.timeline;
  TimePoint done = r.created + t.pending;
  out["errorCode"] = 0;
  out["size"] = 0.0;
  out["sizeInKB"] = 0.0;
  out["receivedDateTimeUTC"] = nullptr;
  out["expirationDateTimeUTC"] = nullptr;
  if (now < done) {
    out["status"] = "pending";
  } else if (t.outcome == LogCollectionTimeline::Outcome::kFailed) {
    out["status"] = "failed";
    out["errorCode"] = t.error_code;
  } else {
    double kb = t.size_in_kb.value_or(0);
    out["status"] = "completed";
    out["receivedDateTimeUTC"] = format_iso8601(done);
    out["expirationDateTimeUTC"] = format_iso8601(done + t.expires_after);
    out["size"] = kb * 1024;
    out["sizeInKB"] = kb;
  }
  out.update(r.pinned);
  return out;
}

}  // namespace graphmock
