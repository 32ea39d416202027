#include "server/server.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "admin/admin_api.h"
#include "core/reply.h"
#include "http/self_signed_cert.h"
#include "scenario/scenario_runner.h"
#include "server/server_core.h"

#ifndef GRAPHMOCK_DEFAULT_FIXTURES
#define GRAPHMOCK_DEFAULT_FIXTURES "fixtures"
#endif
#ifndef GRAPHMOCK_DEFAULT_SCHEMAS
#define GRAPHMOCK_DEFAULT_SCHEMAS "schemas"
#endif
#ifndef GRAPHMOCK_INSTALL_DATA_DIR
#define GRAPHMOCK_INSTALL_DATA_DIR "/usr/local/share/graphmock"
#endif

namespace graphmock {
namespace {

// The first existing of: $GRAPHMOCK_DATA_DIR/<sub>, the source tree (a build
// tree's binary), <exe>/../share/graphmock/<sub> (an installed, relocated
// graph-mock), <install prefix>/share/graphmock/<sub>.
std::string data_dir(const char* source_tree, const char* sub) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* env = std::getenv("GRAPHMOCK_DATA_DIR"); env && *env)
    return std::string(env) + "/" + sub;
  if (fs::is_directory(source_tree, ec)) return source_tree;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path beside = exe.parent_path().parent_path() / "share" / "graphmock" / sub;
    if (fs::is_directory(beside, ec)) return beside.string();
  }
  return std::string(GRAPHMOCK_INSTALL_DATA_DIR) + "/" + sub;
}

// --tls: the given --cert/--key, or a self-signed identity for 127.0.0.1 and
// localhost; --tls-cert-out gets the certificate a client should trust.
bool prepare_tls(const ServerOptions& o, FrontOptions& f, std::string& error) {
  std::string cert_pem;
  if (o.cert_file.empty()) {
    PemIdentity identity;
    if (!make_self_signed_identity(identity, error)) return false;
    cert_pem = f.cert_pem = identity.cert_pem;
    f.key_pem = identity.key_pem;
  } else if (!o.tls_cert_out.empty() && !read_file(o.cert_file, cert_pem)) {
    error = "cannot read --cert " + o.cert_file;
    return false;
  }
  if (o.tls_cert_out.empty()) return true;
  std::ofstream out(o.tls_cert_out, std::ios::binary | std::ios::trunc);
  out << cert_pem;
  if (!out.flush()) {
    error = "cannot write --tls-cert-out " + o.tls_cert_out;
    return false;
  }
  return true;
}

bool is_loopback_host(const std::string& host) {
  return host.rfind("127.", 0) == 0 || host == "::1" || host == "localhost";
}

}  // namespace

std::string default_fixtures_dir() { return data_dir(GRAPHMOCK_DEFAULT_FIXTURES, "fixtures"); }
std::string default_schemas_dir() { return data_dir(GRAPHMOCK_DEFAULT_SCHEMAS, "schemas"); }

ServerCore::ServerCore(ServerOptions opts) : options(std::move(opts)) {
  if (options.fixtures_dir.empty()) options.fixtures_dir = default_fixtures_dir();
  if (options.schemas_dir.empty()) options.schemas_dir = default_schemas_dir();
  if (options.virtual_clock)
    clock = std::make_unique<ManualClock>(options.virtual_start);
  else
    clock = std::make_unique<SystemClock>(options.time_scale);
  PipelineOptions p;
  p.auth = options.auth;
  p.validate = options.validate;
  p.admin_token = options.admin_token;
  p.max_json_depth = options.max_json_depth;
  p.max_query_options = options.max_query_options;
  LogFormat log = options.log;
  p.warn = [log](const std::string& line) {
    if (log != LogFormat::kOff) std::fprintf(stderr, "WARNING %s\n", line.c_str());
  };
  pipeline = std::make_unique<Pipeline>(*clock, std::move(p));
  base_seed = options.seed;
  faults = std::make_unique<FaultEngine>(*clock);
  pipeline->set_fault_stage(faults.get());
  pipeline->add_sink(&journal);
  teamwork = std::make_unique<TeamworkResource>(
      teamwork_store, TeamworkOptions{options.absolute_location}, options.seed);
  teamwork->register_routes(pipeline->graph_routes());
  logcollection = std::make_unique<LogCollectionResource>(
      logcollection_store, LogCollectionOptions{options.tenant_id}, options.seed);
  logcollection->register_routes(pipeline->graph_routes());
  register_admin_routes(pipeline->admin_routes(), *this);
}

void ServerCore::restore_fixtures() {
  teamwork_store.load(fixtures.teamwork_devices);
  teamwork->reseed(options.seed);
  logcollection_store.load(fixtures.managed_devices, fixtures.scripts);
  logcollection->reseed(options.seed);
}

void ServerCore::reset() {
  std::lock_guard lock(control_mu);
  restore_fixtures();
  if (clock->is_virtual()) static_cast<ManualClock&>(*clock).reset();
  faults->reset();
  journal.clear();
}

Server::Server(ServerOptions options) : core_(std::make_unique<ServerCore>(std::move(options))) {}

Server::~Server() { stop(); }

bool Server::load(std::string* error) {
  std::string err;
  if (!core_->schemas) {  // compiled once; scenarios and fixtures below are checked with it
    core_->schemas = SchemaRegistry::load(core_->options.schemas_dir, err);
    if (!core_->schemas) {
      if (error) *error = err;
      return false;
    }
    core_->pipeline->set_validator(core_->schemas.get());
  }
  Scenario scenario;  // none: the defaults
  if (!core_->options.scenario.empty()) {
    auto loaded = load_scenario_arg(core_->options.fixtures_dir, core_->options.scenario,
                                    core_->schemas.get());
    if (!loaded) {
      if (error) *error = "--scenario " + core_->options.scenario + ": " + loaded.error().message;
      return false;
    }
    scenario = std::move(*loaded);
  }
  if (!core_->options.journal_file.empty() &&
      !core_->journal.open_file(core_->options.journal_file, err)) {
    if (error) *error = err;
    return false;
  }
  std::lock_guard lock(core_->control_mu);
  if (auto e = apply_scenario(*core_, std::move(scenario))) {
    if (error) *error = e->message;
    return false;
  }
  return true;
}

bool Server::start(std::string* error) {
  if (!load(error)) return false;
  FrontOptions f;
  f.host = core_->options.host;
  f.port = core_->options.port;
  f.tls = core_->options.tls;
  f.cert_file = core_->options.cert_file;
  f.key_file = core_->options.key_file;
  if (f.tls) {
    std::string err;
    if (!prepare_tls(core_->options, f, err)) {
      if (error) *error = err;
      return false;
    }
  }
  f.max_body_bytes = core_->options.max_body_bytes;
  f.max_url_bytes = core_->options.max_url_bytes;
  f.max_header_bytes = core_->options.max_header_bytes;
  f.read_timeout_seconds = core_->options.read_timeout_seconds;
  f.keep_alive_seconds = core_->options.keep_alive_seconds;
  f.log = core_->options.log;
  f.seed = core_->options.seed;
  Pipeline* pipeline = core_->pipeline.get();
  core_->front = std::make_unique<HttpFront>(
      f, [pipeline](Request& r) { return pipeline->handle(r); },
      [pipeline](Request& r, const GraphError& e) { return pipeline->reject(r, e); });
  std::string err;
  if (!core_->front->start(err)) {
    if (error) *error = err;
    core_->front.reset();
    return false;
  }
  if (core_->options.admin_token.empty() && !is_loopback_host(core_->options.host))
    std::fprintf(stderr,
                 "WARNING graph-mock listens on %s, reachable from other machines, and its admin "
                 "API (/_mock: "
                 "reset, faults, scenarios) is open to them: set --admin-token.\n",
                 core_->options.host.c_str());
  return true;
}

void Server::stop() {
  if (!core_) return;
  core_->clock->interrupt();  // wake requests waiting on injected delays
  if (core_->front) core_->front->stop();
}

int Server::port() const { return core_->front ? core_->front->port() : 0; }

std::string Server::base_url() const {
  return core_->front ? core_->front->base_url() : std::string();
}

Response Server::handle(Request request) {
  if (request.request_id.empty()) {
    Random rng =
        Random::stream(core_->options.seed ^ core_->in_process_requests.fetch_add(1), "in-process");
    request.request_id = rng.guid();
  }
  if (request.client_request_id.empty()) request.client_request_id = request.request_id;
  if (request.base_url.empty()) request.base_url = "http://graph-mock.invalid";
  return core_->pipeline->handle(request);
}

Clock& Server::clock() { return *core_->clock; }

bool Server::advance(Duration d) {
  if (!core_->clock->is_virtual()) return false;
  static_cast<ManualClock&>(*core_->clock).advance(d);
  return true;
}

void Server::reset() { core_->reset(); }

bool Server::load_scenario(const std::string& name, std::string* error) {
  auto e = load_named_scenario(*core_, name);
  if (e && error) *error = e->message;
  return !e;
}

std::string Server::add_fault(const nlohmann::json& rule, std::string* error) {
  auto id = add_fault_rule(*core_, rule);
  if (!id) {
    if (error) *error = id.error().message;
    return "";
  }
  return *id;
}

bool Server::remove_fault(const std::string& id) { return core_->faults->remove(id); }

void Server::clear_faults() { core_->faults->clear(); }

std::vector<JournalEntry> Server::journal(const JournalFilter& filter) const {
  return core_->journal.entries(filter);
}

void Server::clear_journal() { core_->journal.clear(); }

ServerCore& Server::core() { return *core_; }

}  // namespace graphmock
