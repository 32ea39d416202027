// graphmock::Server — the whole mock as a library: load fixtures, serve HTTP
// (or answer in-process without sockets), move the virtual clock.
// Public API. A Server is used from one controlling thread (start/stop/reset);
// handle(), clock() and advance() are safe to call while it serves.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "graphmock/clock.h"
#include "graphmock/http_types.h"
#include "graphmock/journal_entry.h"
#include "graphmock/options.h"
#include "graphmock/result.h"

namespace graphmock {

class ServerImpl;

// Where the binary finds its data when no --fixtures/--schemas is given.
std::string default_fixtures_dir();
std::string default_schemas_dir();

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads schemas, fixtures and the scenario, then binds and serves on a
  // background thread. The error's message names the file, JSON pointer and reason.
  Status start();
  // Loads everything but opens no socket: use handle() to drive it.
  Status load();
  void stop();

  int port() const;
  std::string base_url() const;  // e.g. http://127.0.0.1:41234

  // One request through the full pipeline, without sockets. request_id is filled in.
  Response handle(Request request);

  Clock& clock();
  // Moves the virtual clock; 409 on a real clock, 400 past latest_time().
  Status advance(Duration d);
  // Fixtures, faults, journal and clock back to their start.
  void reset();

  // Scenarios, faults and the journal, as the admin API offers them (docs/admin-api.md).
  // Loads <fixtures>/scenarios/NAME.json: fixtures, seed, timelines and fault
  // rules replaced (400 bad name or invalid file, 404 unknown).
  Status load_scenario(const std::string& name);
  // Adds a fault rule (the JSON of POST /_mock/faults): its id.
  Result<std::string> add_fault(const nlohmann::json& rule);
  bool remove_fault(const std::string& id);
  // Drops every fault rule and response sequence (reset() brings the scenario's back).
  void clear_faults();
  // Recorded exchanges, oldest first (the last 10,000).
  std::vector<JournalEntry> journal(const JournalFilter& filter = {}) const;
  void clear_journal();

 private:
  friend ServerImpl& internals(Server& server);
  std::unique_ptr<ServerImpl> impl_;
};

}  // namespace graphmock
