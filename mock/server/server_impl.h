// Internal: the parts of a running mock, owned in one place and wired in
// dependency order, behind graphmock::Server. Implements MockControl for the
// admin API. Every member is private; each method takes the locks it needs.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
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
#include "ui/event_hub.h"
#include "validate/schema_registry.h"

namespace graphmock {

inline constexpr uint64_t kDefaultSeed = 1;
inline constexpr const char* kDefaultFixtureSet = "default";

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
  std::vector<JournalEntry> journal(const JournalFilter& filter) const override;
  void clear_journal() override;
  nlohmann::json faults() const override;
  Result<std::string> add_fault(const nlohmann::json& rule) override;
  bool remove_fault(const std::string& id) override;
  void clear_faults() override;
  std::vector<ScenarioInfo> scenarios() const override;
  nlohmann::json active_scenario() const override;
  Status load_scenario(const std::string& name) override;

  // For this repository's tests and tools, never installed.
  Pipeline& pipeline() { return *pipeline_; }
  const SchemaRegistry* schemas() const { return schemas_.get(); }
  const FaultEngine& fault_engine() const { return *faults_; }
  // The fixture files of every family, for `graph-mock check`.
  std::vector<FixtureFile> fixture_files() const;
  const std::vector<std::unique_ptr<ApiFamily>>& families() const { return families_; }

 private:
  // Makes `scenario` current (fixtures, seed, family settings, fault rules).
  // On error nothing changed. Caller holds control_mu_.
  Status apply(Scenario scenario);

  ServerOptions options_;
  std::unique_ptr<Clock> clock_;
  std::unique_ptr<Pipeline> pipeline_;
  std::unique_ptr<SchemaRegistry> schemas_;  // compiled by the first load()
  std::unique_ptr<FaultEngine> faults_;
  Journal journal_{Journal::kDefaultCapacity, options_.journal_keep_secrets};
  std::vector<std::unique_ptr<ApiFamily>> families_;
  EventHub events_{*this};  // the dashboard's live stream; before front_, which streams it
  std::unique_ptr<HttpFront> front_;
  std::atomic<uint64_t> in_process_requests_{0};
  std::atomic<uint64_t> seed_{kDefaultSeed};  // --seed, else the scenario's, else 1

  mutable std::mutex control_mu_;  // serialises reset and scenario loads; guards the two below
  Scenario scenario_;              // the loaded one (name "" = none); reset returns to it
};

// This repository's tests and tools reach the internals through here; the
// header is not installed.
ServerImpl& internals(Server& server);

}  // namespace graphmock
