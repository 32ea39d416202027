// Intune device log collection under /beta/deviceManagement: discovery of
// managed devices, device management / health / compliance scripts (with their
// device run states) and detected apps, and the logCollectionRequests
// collection of a managed device on each documented path to it (managedDevices/{id},
// comanagedDevices/{id}, a script run state's managedDevice, and from a management
// script's device on to users/{u}/managedDevices/{id} or detectedApps/{a}/managedDevices/{id}):
// list, create, get, PATCH, DELETE, createDownloadUrl and the
// createDeviceLogCollectionRequest action. New requests follow a
// LogCollectionTimeline read against the clock.
// Thread-safe: state lives in the LogCollectionStore; ids and draws come from a locked Random.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "core/random.h"
#include "logcollection/log_collection_store.h"
#include "logcollection/log_collection_timeline.h"
#include "pipeline/pipeline.h"

namespace graphmock {

struct LogCollectionOptions {
  std::string tenant_id;  // first part of request ids: {tenantId}_{managedDeviceId}_{requestId}
};

class LogCollectionResource {
 public:
  LogCollectionResource(LogCollectionStore& store, LogCollectionOptions options, uint64_t seed);

  void register_routes(GraphRouter& router);
  // Scenario timeline; takes effect for requests created afterwards.
  void set_timeline(LogCollectionTimeline timeline);
  // Which finished requests a managed device keeps; applies from the next create.
  void set_retention(RetentionPolicy retention);
  // Restarts id generation and draws (size, failure) from `seed` (reset, scenario load).
  void reseed(uint64_t seed);
  // Whether the docs' own example bodies are taken as the docs show them (a scenario with
  // docsVariants): createDeviceLogCollectionRequest's example sends the enum sentinel
  // unknownFutureValue, which Graph refuses. Takes effect for the next request.
  void set_docs_examples(bool accept) { docs_examples_ = accept; }

 private:
  Result<Reply> list_devices(const Context& ctx) const;
  Result<Reply> get_device(const Context& ctx) const;
  Result<Reply> list_scripts(const Context& ctx) const;
  Result<Reply> get_script(const Context& ctx) const;
  Result<Reply> list_run_states(const Context& ctx) const;
  Result<Reply> get_run_state(const Context& ctx) const;
  Result<Reply> list_detected_apps(const Context& ctx) const;
  Result<Reply> get_detected_app(const Context& ctx) const;
  Result<Reply> list_requests(const Context& ctx) const;
  Result<Reply> get_request(const Context& ctx) const;
  Result<Reply> create_request(const Context& ctx);
  Result<Reply> create_from_template(const Context& ctx);
  Result<Reply> update_request(const Context& ctx);
  Result<Reply> delete_request(const Context& ctx);
  Result<Reply> create_download_url(const Context& ctx) const;
  // Stores a new request for the addressed device; `props` are client-set properties.
  Result<nlohmann::json> add_request(const Context& ctx, const nlohmann::json& props);

  LogCollectionStore& store_;
  LogCollectionOptions options_;
  std::mutex mu_;  // guards rng_, timeline_ and retention_
  Random rng_;
  LogCollectionTimeline timeline_;
  RetentionPolicy retention_;
  std::atomic<bool> docs_examples_{false};
};

}  // namespace graphmock
