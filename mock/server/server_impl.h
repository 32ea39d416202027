// Internal: the parts of a running mock, owned in one place and wired in
// dependency order, behind graphmock::Server. Implements MockControl for the
// admin API. Every member is private; each method takes the locks it needs.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "clock/clock.h"
#include "control/mock_control.h"
#include "family/api_family.h"
#include "faults/fault_engine.h"
#include "fixtures_io/fixture_set.h"
#include "graphmock/server.h"
#include "http/http_front.h"
#include "journal/journal.h"
#include "pipeline/pipeline.h"
#include "scenario/scenario.h"
#include "throttling/throttle_engine.h"
#include "ui/event_hub.h"
#include "validate/schema_registry.h"
#include "watch/file_watcher.h"

namespace graphmock {

inline constexpr uint64_t kDefaultSeed = 1;
inline constexpr const char* kDefaultFixtureSet = "default";
inline constexpr const char* kThrottlingLimitsFile = "throttling-limits.json";

class ServerImpl final : public MockControl {
 public:
  explicit ServerImpl(ServerOptions options);
  ~ServerImpl() override;

  Status load();
  Status start();
  void stop();
  int port() const;
  std::string base_url() const;
  Response handle(Request request);
  Clock& mutable_clock() { return *clock_; }

  // MockControl
  const Clock& clock() const override { return *clock_; }
  Status advance(Duration d) override;
  std::optional<TimePoint> next_change() const override;
  void reset() override;
  nlohmann::json state() const override;
  nlohmann::json family_manifests() const override;
  std::vector<JournalEntry> journal(const JournalFilter& filter) const override;
  void clear_journal() override;
  nlohmann::json faults() const override;
  Result<std::string> add_fault(const nlohmann::json& rule) override;
  bool remove_fault(const std::string& id) override;
  void clear_faults() override;
  std::vector<ScenarioInfo> scenarios() const override;
  nlohmann::json active_scenario() const override;
  Status load_scenario(const std::string& name) override;
  nlohmann::json watch_status() const override;

  // serve --watch: until `watcher` stops, reloads the fixture set and the
  // scenario file (reload_watched) once a change to one of them has settled.
  // start() runs it on a thread with make_file_watcher(); tests call it with
  // a scripted watcher.
  void watch_files(FileWatcher& watcher);
  // The current scenario's file (if any) and fixture set, read, checked and
  // made current (a reset of that data; journal and clock kept). On an error
  // the state is unchanged and the error is what watch_status() shows.
  Status reload_watched();

  // For this repository's tests and tools, never installed.
  Pipeline& pipeline() { return *pipeline_; }
  const SchemaRegistry* schemas() const { return schemas_.get(); }
  const FaultEngine& fault_engine() const { return *faults_; }
  const ThrottleEngine& throttle_engine() const { return *throttle_; }
  // The fixture files of every family, for `graph-mock check`.
  std::vector<FixtureFile> fixture_files() const;
  // What each family adds to a generated fleet, in registration order (`fixtures generate`).
  std::vector<const FleetPart*> fleet_parts() const;
  const std::vector<std::unique_ptr<ApiFamily>>& families() const { return families_; }

 private:
  // Makes `scenario` current (fixtures, seed, family settings, fault rules).
  // On error nothing changed. Caller holds control_mu_.
  Status apply(Scenario scenario);
  // The limits file of the fixtures folder: nothing when it has none, 400 when it is invalid.
  Result<std::optional<ThrottlingLimits>> read_graph_limits() const;
  // What `scenario` and --throttling turn on: nothing for off.
  Result<std::optional<ThrottlingLimits>> throttling_for(const Scenario& scenario) const;
  // The files --watch watches: the fixture set's and the scenario's. Caller holds control_mu_.
  std::vector<std::string> watched_files() const;
  // Watches watched_files() with `watcher`, unless it watches them already.
  void update_watch(FileWatcher& watcher);
  // watch_status(). Caller holds control_mu_.
  nlohmann::json watch_json() const;
  // load() once the schemas are read: the --scenario (or the defaults), the journal file, apply.
  Status load_scenario_and_fixtures();

  ServerOptions options_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<SchemaRegistry> schemas_;  // compiled by the first load()
  std::unique_ptr<FaultEngine> faults_;
  std::unique_ptr<ThrottleEngine> throttle_;
  // fixtures/throttling-limits.json, read by load() when the folder has it.
  std::optional<ThrottlingLimits> graph_limits_;
  Journal journal_{Journal::kDefaultCapacity, options_.journal_keep_secrets};
  std::vector<std::unique_ptr<ApiFamily>> families_;
  EventHub events_{*this};  // the dashboard's live stream; before front_, which streams it
  std::unique_ptr<HttpFront> front_;
  std::atomic<uint64_t> in_process_requests_{0};
  std::atomic<uint64_t> seed_{kDefaultSeed};  // --seed, else the scenario's, else 1
  std::thread prepare_;  // compiles the routes' response schemas after start(); stop() joins it
  std::atomic<bool> stopping_{false};
  // The routes send the deprecations only the docs' pages announce too (--revisions documented).
  std::atomic<bool> documented_revisions_{false};

  mutable std::mutex control_mu_;  // serialises reset and scenario loads; guards the ones below
  Scenario scenario_;              // the loaded one (name "" = none); reset returns to it
  // --watch: what watch_status() shows.
  std::vector<std::string> watched_;
  uint64_t reloads_ = 0;
  std::string watch_error_;

  std::unique_ptr<FileWatcher> watcher_;  // --watch, with the thread running watch_files
  std::thread watch_thread_;
};

// This repository's tests and tools reach the internals through here; the
// header is not installed.
ServerImpl& internals(Server& server);

}  // namespace graphmock
