// graphmock::Server — the whole mock as a library: load fixtures, serve HTTP
// (or answer in-process without sockets), move the virtual clock.
// Public API. A Server is used from one controlling thread (start/stop/reset);
// handle(), clock() and advance() are safe to call while it serves.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "auth/auth.h"
#include "clock/clock.h"
#include "core/http_types.h"
#include "http/http_front.h"
#include "journal/journal.h"
#include "pipeline/pipeline.h"

namespace graphmock {

struct ServerCore;

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;           // 0: a free port, see port()
  std::string fixtures_dir;  // empty: the built-in default (the repo's fixtures/)
  std::string schemas_dir;   // empty: the built-in default (the repo's schemas/)
  std::string fixture_set = "default";
  std::string scenario;  // name in fixtures/scenarios, or a file path
  uint64_t seed = 1;
  bool virtual_clock = false;
  double time_scale = 1.0;  // real clock only
  TimePoint virtual_start = default_virtual_start();
  AuthMode auth = AuthMode::kBearer;
  ValidateMode validate = ValidateMode::kStrict;
  LogFormat log = LogFormat::kText;
  std::string journal_file;
  bool tls = false;
  std::string cert_file, key_file, tls_cert_out;
  std::string admin_token;
  bool absolute_location = false;
  std::string tenant_id = "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20";
  // Limits on what a client may send; each refusal is a Graph error (README "Hardening").
  size_t max_body_bytes = 4 * 1024 * 1024;  // 413
  size_t max_url_bytes = 4096;          // 414; cpp-httplib refuses request lines over 8 KiB itself
  size_t max_header_bytes = 16 * 1024;  // 431, all header names and values together
  size_t max_json_depth = 64;           // 400, nesting of a JSON request body
  size_t max_query_options = 32;        // 400, query parameters of one request
  int read_timeout_seconds = 5;         // a request not complete after this long of silence: 400
  int keep_alive_seconds = 30;          // an idle connection is closed after this
};

std::string default_fixtures_dir();
std::string default_schemas_dir();

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads schemas, fixtures and the scenario, then binds and serves on a
  // background thread. False with a message (file, JSON pointer, reason) on failure.
  bool start(std::string* error = nullptr);
  // Loads everything but opens no socket: use handle() to drive it.
  bool load(std::string* error = nullptr);
  void stop();

  int port() const;
  std::string base_url() const;  // e.g. http://127.0.0.1:41234

  // One request through the full pipeline, without sockets. request_id is filled in.
  Response handle(Request request);

  Clock& clock();
  // Moves the virtual clock; false on a real clock.
  bool advance(Duration d);
  // Fixtures, faults, journal and clock back to their start.
  void reset();

  // Scenarios, faults and the journal, as the admin API offers them (see README).
  // Loads <fixtures>/scenarios/NAME.json: fixtures, seed, timelines and fault
  // rules replaced. False with the reason (bad name, unknown, invalid file).
  bool load_scenario(const std::string& name, std::string* error = nullptr);
  // Adds a fault rule (the JSON of POST /_mock/faults); its id, or "" with the reason.
  std::string add_fault(const nlohmann::json& rule, std::string* error = nullptr);
  bool remove_fault(const std::string& id);
  // Drops every fault rule and response sequence (reset() brings the scenario's back).
  void clear_faults();
  // Recorded exchanges, oldest first (the last 10,000).
  std::vector<JournalEntry> journal(const JournalFilter& filter = {}) const;
  void clear_journal();

  ServerCore& core();  // internals, for the admin API and tests in this repo

 private:
  std::unique_ptr<ServerCore> core_;
};

}  // namespace graphmock
