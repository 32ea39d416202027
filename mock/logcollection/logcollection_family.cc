#include "logcollection/logcollection_family.h"

#include "logcollection/log_collection_fleet.h"
#include "logcollection/log_collection_resource.h"
#include "logcollection/log_collection_store.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

constexpr const char* kDevicesFile = "managedDevices.json";
constexpr const char* kScriptsFile = "deviceManagementScripts.json";
constexpr const char* kHealthScriptsFile = "deviceHealthScripts.json";
constexpr const char* kComplianceScriptsFile = "deviceComplianceScripts.json";
constexpr const char* kDetectedAppsFile = "detectedApps.json";

Duration seconds(const Json& j) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(j.get<double>()));
}

// Fields a scenario leaves out keep the defaults.
LogCollectionTimeline timeline_from(const Json& j) {
  LogCollectionTimeline t;
  if (j.contains("pendingSeconds")) t.pending = seconds(j["pendingSeconds"]);
  if (j.value("outcome", "") == "failed") t.outcome = LogCollectionTimeline::Outcome::kFailed;
  if (j.contains("errorCode")) t.error_code = j["errorCode"].get<int64_t>();
  if (j.contains("sizeInKB")) t.size_in_kb = j["sizeInKB"].get<double>();
  if (j.contains("expiresAfterSeconds")) t.expires_after = seconds(j["expiresAfterSeconds"]);
  t.failure_rate = j.value("failureRate", 0.0);
  return t;
}

class LogCollectionFamily final : public ApiFamily {
 public:
  explicit LogCollectionFamily(const FamilyEnv& env)
      : options_(env.options),
        started_(env.started),
        resource_(store_, LogCollectionOptions{env.options.tenant_id}, 0) {}

  const FamilyManifest& manifest() const override { return logcollection_manifest(); }
  void register_routes(GraphRouter& router) override { resource_.register_routes(router); }

  void configure(const Json& scenario) override {
    resource_.set_timeline(timeline_from(scenario.value("logCollectionTimeline", Json::object())));
    resource_.set_retention(retention_from(scenario, options_, started_));
    resource_.set_docs_examples(scenario.contains("docsVariants"));
  }

  void load(const FixtureTexts& fixtures, uint64_t seed) override {
    store_.load({fixtures.at(kDevicesFile),
                 {fixtures.at(kScriptsFile), fixtures.at(kHealthScriptsFile),
                  fixtures.at(kComplianceScriptsFile)},
                 fixtures.at(kDetectedAppsFile)});
    resource_.reseed(seed);
  }

  void reset(uint64_t seed) override {
    store_.reset();
    resource_.reseed(seed);
  }

  void dump_state(Json& state, TimePoint now) const override { state.update(store_.dump(now)); }
  const FleetPart* fleet_part() const override { return &fleet_; }

 private:
  const ServerOptions& options_;
  const TimePoint started_;
  LogCollectionStore store_;
  LogCollectionResource resource_;
  LogCollectionFleet fleet_{kDevicesFile, kScriptsFile};
};

}  // namespace

std::unique_ptr<ApiFamily> make_logcollection_family(const FamilyEnv& env) {
  return std::make_unique<LogCollectionFamily>(env);
}

}  // namespace graphmock
