// Internal: every component of a running mock, owned in one place and wired
// in dependency order. The admin API and the modules' tests reach in here;
// library users go through graphmock::Server.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>

#include "faults/fault_engine.h"
#include "fixtures_io/fixture_set.h"
#include "http/http_front.h"
#include "journal/journal.h"
#include "logcollection/log_collection_resource.h"
#include "logcollection/log_collection_store.h"
#include "pipeline/pipeline.h"
#include "scenario/scenario.h"
#include "server/server.h"
#include "teamwork/teamwork_resource.h"
#include "teamwork/teamwork_store.h"
#include "validate/schema_registry.h"

namespace graphmock {

struct ServerCore {
  explicit ServerCore(ServerOptions opts);

  // Rebuilds every store from the loaded fixture set (reset, scenario load).
  void restore_fixtures();
  // Fixtures, faults, journal and clock back to their start (POST /_mock/reset).
  void reset();

  ServerOptions options;
  std::unique_ptr<Clock> clock;
  std::unique_ptr<Pipeline> pipeline;
  // schemas/ compiled by the first load(); also checks scenario documents:
  // schemas->check("scenario", doc, false).
  std::unique_ptr<SchemaRegistry> schemas;
  FixtureSet fixtures;
  TeamworkStore teamwork_store;
  std::unique_ptr<TeamworkResource> teamwork;
  LogCollectionStore logcollection_store;
  std::unique_ptr<LogCollectionResource> logcollection;
  std::unique_ptr<FaultEngine> faults;
  Journal journal;
  Scenario scenario;       // the loaded one (name "" = none); reset returns to it
  uint64_t base_seed = 0;  // --seed, used while the scenario sets none
  std::unique_ptr<HttpFront> front;
  std::atomic<uint64_t> in_process_requests{0};
  std::mutex control_mu;  // serialises reset / scenario load
};

}  // namespace graphmock
