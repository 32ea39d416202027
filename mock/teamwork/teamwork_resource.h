// The Teams devices API under /beta/teamwork/devices: list and get devices and
// their health/activity/configuration, the three long-running actions
// (runDiagnostics, updateSoftware, restart -> 202 + Location), and operations.
// Thread-safe: state lives in the TeamworkStore; ids come from a locked Random.
#pragma once

#include <memory>
#include <mutex>

#include "core/random.h"
#include "pipeline/pipeline.h"
#include "teamwork/lifecycle.h"
#include "teamwork/teamwork_store.h"

namespace graphmock {

struct TeamworkOptions {
  // "relative": Location is /teamwork/devices/{id}/operations/{opId}, as the docs
  // show; "absolute": the full URL of the mock including /beta.
  bool absolute_location = false;
};

class TeamworkResource {
 public:
  TeamworkResource(TeamworkStore& store, TeamworkOptions options, uint64_t seed);

  void register_routes(GraphRouter& router);
  // Scenario timelines; takes effect for operations accepted afterwards.
  void set_timelines(TimelineTable table);
  // Which finished operations a device keeps; applies from the next write.
  void set_retention(RetentionPolicy retention);
  // Restarts id generation and failure draws from `seed` (reset, scenario load).
  void reseed(uint64_t seed);

 private:
  Result<Reply> list_devices(const Context& ctx) const;
  Result<Reply> get_device(const Context& ctx) const;
  Result<Reply> get_part(const Context& ctx, const char* part) const;
  Result<Reply> list_operations(const Context& ctx) const;
  Result<Reply> get_operation(const Context& ctx) const;
  Result<Reply> create_operation(const Context& ctx);
  Result<Reply> start_action(const Context& ctx, const char* operation_type);

  TeamworkStore& store_;
  TeamworkOptions options_;
  std::mutex mu_;  // guards rng_, timelines_ and retention_
  Random rng_;
  std::shared_ptr<const TimelineTable> timelines_;
  RetentionPolicy retention_;
};

}  // namespace graphmock
