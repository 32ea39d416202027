#include "graphmock/server.h"

#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include "admin/admin_api.h"
#include "core/files.h"
#include "core/json_body.h"
#include "core/parallel.h"
#include "families/families.h"
#include "family/manifest_routes.h"
#include "http/self_signed_cert.h"
#include "server/server_impl.h"
#include "ui/ui_routes.h"
#include "validate/fixture_checks.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

// The first existing of: $GRAPHMOCK_DATA_DIR/<sub>, <exe>/../share/graphmock/<sub>
// (an installed or relocated graph-mock, e.g. the .deb's /usr/bin: its own data even on
// the machine that built it), the source tree (a build tree's binary),
// <install prefix>/share/graphmock/<sub>.
std::string data_dir(const char* source_tree, const char* sub) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* env = std::getenv("GRAPHMOCK_DATA_DIR"); env && *env)
    return std::string(env) + "/" + sub;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path beside = exe.parent_path().parent_path() / "share" / "graphmock" / sub;
    if (fs::is_directory(beside, ec)) return beside.string();
  }
  if (fs::is_directory(source_tree, ec)) return source_tree;
  return std::string(GRAPHMOCK_INSTALL_DATA_DIR) + "/" + sub;
}

bool is_loopback_host(const std::string& host) {
  return host.rfind("127.", 0) == 0 || host == "::1" || host == "localhost";
}

// Parsing a fixture set frees more than the state keeps; glibc holds freed
// heap for reuse, so without a trim a 10,000-device fleet idles at twice the
// memory its state needs.
void release_free_memory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace

std::string default_fixtures_dir() { return data_dir(GRAPHMOCK_DEFAULT_FIXTURES, "fixtures"); }
std::string default_schemas_dir() { return data_dir(GRAPHMOCK_DEFAULT_SCHEMAS, "schemas"); }

ServerImpl::ServerImpl(ServerOptions opts) : options_(std::move(opts)) {
  if (options_.fixtures_dir.empty()) options_.fixtures_dir = default_fixtures_dir();
  if (options_.schemas_dir.empty()) options_.schemas_dir = default_schemas_dir();
  if (options_.virtual_clock)
    clock_ = std::make_unique<ManualClock>(options_.virtual_start);
  else
    clock_ = std::make_unique<SystemClock>(options_.time_scale);
  PipelineOptions p;
  p.auth = options_.auth;
  p.validate = options_.validate;
  p.admin_token = options_.admin_token;
  p.max_json_depth = options_.max_json_depth;
  p.max_query_options = options_.max_query_options;
  LogFormat log = options_.log;
  p.warn = [log](const std::string& line) {
    if (log != LogFormat::kOff) std::fprintf(stderr, "WARNING %s\n", line.c_str());
  };
  pipeline_ = std::make_unique<Pipeline>(*clock_, std::move(p));
  faults_ = std::make_unique<FaultEngine>(*clock_);
  pipeline_->set_fault_stage(faults_.get());
  throttle_ = std::make_unique<ThrottleEngine>(*clock_);
  pipeline_->set_throttle_stage(throttle_.get());
  pipeline_->add_sink(&journal_);
  pipeline_->add_sink(&events_);  // after the journal: a stream reads the entry it is told of
  families_ = make_builtin_families(FamilyEnv{options_, *pipeline_, clock_->now()});
  for (auto& family : families_) {
    family->register_routes(pipeline_->graph_routes());
    apply_manifest(pipeline_->graph_routes(), family->manifest(), documented_revisions_);
  }
  register_admin_routes(pipeline_->admin_routes(), *this);
  register_ui_routes(pipeline_->admin_routes(), events_);
}

ServerImpl::~ServerImpl() { stop(); }

std::vector<FixtureFile> ServerImpl::fixture_files() const {
  std::vector<FixtureFile> files;
  for (const auto& family : families_)
    for (auto& f : family->fixture_files()) files.push_back(std::move(f));
  return files;
}

std::vector<const FleetPart*> ServerImpl::fleet_parts() const {
  std::vector<const FleetPart*> parts;
  for (const auto& family : families_)
    if (const FleetPart* part = family->fleet_part()) parts.push_back(part);
  return parts;
}

Status ServerImpl::apply(Scenario scenario) {
  std::string set =
      options_.fixture_set.value_or(scenario.fixtures.value_or(std::string(kDefaultFixtureSet)));
  auto fixtures = read_fixture_texts(options_.fixtures_dir, set, fixture_files());
  auto refused = [&](const std::string& why) -> Status {
    return GraphError::bad_request(
        scenario.name.empty() ? why : "Scenario '" + scenario.name + "': " + why);
  };
  if (!fixtures) return refused(fixtures.error().message);
  auto document = with_settings(std::move(scenario.document), options_.settings, *schemas_);
  if (!document) return refused(document.error().message);
  scenario.document = std::move(*document);
  auto throttling = throttling_for(scenario);
  if (!throttling) return refused(throttling.error().message);
  // Unless a stamp says these bytes passed these schemas, the files are parsed and
  // checked, and the trees freed before the families build their state from the text.
  if (!stamp_vouches(*schemas_, options_.fixtures_dir, set, *fixtures)) {
    auto parsed = parse_fixture_texts(options_.fixtures_dir, set, *fixtures);
    if (!parsed) return refused(parsed.error().message);
    if (options_.validate != ValidateMode::kOff) {
      std::string error =
          validate_fixture_set(*schemas_, options_.fixtures_dir, *parsed, fixture_files());
      if (!error.empty() && options_.validate == ValidateMode::kStrict)
        return GraphError::bad_request(error);
      if (!error.empty())
        pipeline_->options().warn("fixture schema violations (--validate warn):\n" + error);
    }
  }
  // Flags beat files: an explicit --seed outranks the scenario's.
  seed_ = options_.seed.value_or(scenario.seed.value_or(kDefaultSeed));
  scenario_ = std::move(scenario);
  // Flags beat files: --revisions outranks the scenario's field.
  documented_revisions_ = options_.revisions
                              ? *options_.revisions == RevisionsMode::kDocumented
                              : scenario_.document.value("revisions", "") == "documented";
  for (auto& family : families_) family->configure(scenario_.document);
  faults_->configure(seed_.load(), scenario_.faults, scenario_.sequences);
  throttle_->configure(std::move(*throttling));
  parallel_for(families_.size(), [&](size_t i) { families_[i]->load(*fixtures, seed_.load()); });
  release_free_memory();
  return {};
}

Result<std::optional<ThrottlingLimits>> ServerImpl::read_graph_limits() const {
  std::string path = options_.fixtures_dir + "/" + kThrottlingLimitsFile;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::optional<ThrottlingLimits>();
  auto text = read_file(path);
  if (!text) return GraphError::bad_request(path + " cannot be read.");
  auto doc = parse_json_document(*text, path);
  if (!doc) return doc.error();
  auto violations = schemas_->check("throttlingLimits", *doc, false);
  if (!violations.empty())
    return GraphError::bad_request("Invalid " + path +
                                   " (schema throttlingLimits.json): " + describe(violations));
  auto limits = parse_throttling_limits(*doc);
  if (!limits) return GraphError::bad_request(path + " " + limits.error().message);
  return std::optional<ThrottlingLimits>(std::move(*limits));
}

Result<std::optional<ThrottlingLimits>> ServerImpl::throttling_for(const Scenario& scenario) const {
  // Flags beat files: --throttling off|graph outranks the scenario's field.
  const auto& doc = scenario.document;
  bool in_scenario = doc.contains("throttling");
  ThrottlingMode mode =
      options_.throttling.value_or(in_scenario ? ThrottlingMode::kGraph : ThrottlingMode::kOff);
  if (mode == ThrottlingMode::kOff) return std::optional<ThrottlingLimits>();
  if (!graph_limits_)
    return GraphError::bad_request("throttling needs " + options_.fixtures_dir + "/" +
                                   kThrottlingLimitsFile + ", which is missing.");
  if (!in_scenario) return std::optional<ThrottlingLimits>(*graph_limits_);
  auto limits = apply_scenario_throttling(*graph_limits_, doc["throttling"]);
  if (!limits) return limits.error();
  return std::optional<ThrottlingLimits>(std::move(*limits));
}

Status ServerImpl::load() {
  std::future<std::string> each_file;
  if (!schemas_) {  // compiled once; scenarios and fixtures below are checked with it
    std::string err;
    schemas_ = SchemaRegistry::read(options_.schemas_dir, err);
    if (!schemas_) return GraphError::bad_request(err);
    pipeline_->set_validator(schemas_.get());
    // Each file compiled on its own beside the scenario and fixtures (a broken file is still
    // named before the server answers): start-up does not wait for one after the other.
    each_file = std::async(std::launch::async, [this] { return schemas_->compile_each(); });
  }
  Status loaded = load_scenario_and_fixtures();
  if (each_file.valid())
    if (std::string broken = each_file.get(); !broken.empty()) {
      pipeline_->set_validator(nullptr);
      schemas_.reset();
      return GraphError::bad_request(broken);
    }
  return loaded;
}

Status ServerImpl::load_scenario_and_fixtures() {
  Scenario scenario;  // none: the defaults
  if (!options_.scenario.empty()) {
    auto loaded = load_scenario_arg(options_.fixtures_dir, options_.scenario, *schemas_);
    if (!loaded)
      return GraphError::bad_request("--scenario " + options_.scenario + ": " +
                                     loaded.error().message);
    scenario = std::move(*loaded);
  }
  auto limits = read_graph_limits();
  if (!limits) return limits.error();
  graph_limits_ = std::move(*limits);
  if (!options_.journal_file.empty()) {
    std::string err;
    if (!journal_.open_file(options_.journal_file, err)) return GraphError::bad_request(err);
  }
  std::lock_guard lock(control_mu_);
  return apply(std::move(scenario));
}

Status ServerImpl::start() {
  if (auto loaded = load(); !loaded) return loaded;
  FrontOptions f;
  f.host = options_.host;
  f.port = options_.port;
  f.allowed_hosts = options_.allowed_hosts;
  f.tls = options_.tls;
  f.cert_file = options_.cert_file;
  f.key_file = options_.key_file;
  if (f.tls)
    if (auto tls = prepare_tls(options_.tls_cert_out, f); !tls) return tls;
  f.max_body_bytes = options_.max_body_bytes;
  f.max_url_bytes = options_.max_url_bytes;
  f.max_header_bytes = options_.max_header_bytes;
  f.read_timeout_seconds = options_.read_timeout_seconds;
  f.keep_alive_seconds = options_.keep_alive_seconds;
  f.log = options_.log;
  f.seed = seed_.load();
  Pipeline* pipeline = pipeline_.get();
  front_ = std::make_unique<HttpFront>(
      f, [pipeline](Request& r) { return pipeline->handle(r); },
      [pipeline](Request& r, const GraphError& e) { return pipeline->reject(r, e); });
  if (auto started = front_->start(); !started) {
    front_.reset();
    return started;
  }
  if (options_.watch) {
    watcher_ = make_file_watcher();
    update_watch(*watcher_);  // before start() returns: a save right after it is seen
    watch_thread_ = std::thread([this] { watch_files(*watcher_); });
  }
  // The Graph routes' response schemas compiled beside the first requests rather than by them:
  // a request that comes first waits for its schema and is checked all the same.
  if (options_.validate != ValidateMode::kOff)
    prepare_ = std::thread([this] {
      for (const RouteInfo* route : pipeline_->graph_routes().routes())
        if (!route->response_schema.empty() && !stopping_)
          schemas_->prepare(route->response_schema, false);  // $select's partial form: on use
      schemas_->prepare("collection", false);
    });
  if (options_.admin_token.empty() && !is_loopback_host(options_.host))
    std::fprintf(stderr,
                 "WARNING graph-mock listens on %s, reachable from other machines, and its admin "
                 "API (/_mock: reset, faults, scenarios) is open to them: set --admin-token.\n",
                 options_.host.c_str());
  return {};
}

void ServerImpl::stop() {
  if (watcher_) watcher_->stop();
  if (watch_thread_.joinable()) watch_thread_.join();
  clock_->interrupt();  // wake requests waiting on injected delays
  events_.close();      // and dashboard streams, so the front's threads can be joined
  if (front_) front_->stop();
  stopping_ = true;
  if (prepare_.joinable()) prepare_.join();
}

std::vector<std::string> ServerImpl::watched_files() const {
  std::vector<std::string> files;
  if (!scenario_.file.empty()) files.push_back(scenario_.file);
  std::string set =
      options_.fixture_set.value_or(scenario_.fixtures.value_or(std::string(kDefaultFixtureSet)));
  for (const auto& f : fixture_files())
    files.push_back((std::filesystem::path(options_.fixtures_dir) / set / f.file).string());
  return files;
}

void ServerImpl::update_watch(FileWatcher& watcher) {
  std::lock_guard lock(control_mu_);
  std::vector<std::string> files = watched_files();
  if (files == watched_) return;  // watched already: re-watching could miss a save meanwhile
  watched_ = std::move(files);
  if (auto watching = watcher.watch(watched_); !watching) watch_error_ = watching.error().message;
}

void ServerImpl::watch_files(FileWatcher& watcher) {
  // A save is often several writes (or a write and a rename): reload once they stop for this
  // long. Real time: it is the file system's, not the mock's.
  constexpr std::chrono::milliseconds kSettle{100};
  // How often the files are looked up again while none changes: a scenario loaded through
  // /_mock may name another file and set.
  constexpr std::chrono::milliseconds kRecheck{1000};
  for (;;) {
    update_watch(watcher);
    FileWatcher::Event e = watcher.wait(kRecheck);
    if (e == FileWatcher::Event::kQuiet) continue;
    while (e == FileWatcher::Event::kChanged) e = watcher.wait(kSettle);
    if (e == FileWatcher::Event::kStopped) return;
    (void)reload_watched();   // what it says is in watch_status() and the log
    events_.state_changed();  // the dashboard shows the new data, or the error
  }
}

Status ServerImpl::reload_watched() {
  std::lock_guard lock(control_mu_);
  Status reloaded = [&]() -> Status {
    Scenario scenario;  // none: the defaults
    if (!scenario_.file.empty()) {
      auto loaded = load_scenario_file(scenario_.file, *schemas_);
      if (!loaded) return loaded.error();
      scenario = std::move(*loaded);
    }
    return apply(std::move(scenario));
  }();
  if (!reloaded) {
    watch_error_ = reloaded.error().message;
    pipeline_->options().warn("--watch: " + watch_error_ +
                              "\n(still serving the data before the change)");
    return reloaded;
  }
  ++reloads_;
  watch_error_.clear();
  if (options_.log != LogFormat::kOff)
    std::fprintf(stderr, "--watch: reloaded the fixture set and scenario\n");
  return {};
}

nlohmann::json ServerImpl::watch_status() const {
  std::lock_guard lock(control_mu_);
  return watch_json();
}

nlohmann::json ServerImpl::watch_json() const {
  if (!options_.watch) return nullptr;
  return {{"files", watched_},
          {"reloads", reloads_},
          {"error", watch_error_.empty() ? nlohmann::json(nullptr) : nlohmann::json(watch_error_)}};
}

int ServerImpl::port() const { return front_ ? front_->port() : 0; }

std::string ServerImpl::base_url() const { return front_ ? front_->base_url() : std::string(); }

Response ServerImpl::handle(Request request) {
  if (request.request_id.empty()) {
    Random rng = Random::stream(seed_.load() ^ in_process_requests_.fetch_add(1), "in-process");
    request.request_id = rng.guid();
  }
  if (request.client_request_id.empty()) request.client_request_id = request.request_id;
  if (request.base_url.empty()) request.base_url = "http://graph-mock.invalid";
  return pipeline_->handle(request);
}

Status ServerImpl::advance(Duration d) {
  if (!clock_->is_virtual())
    return GraphError::conflict(
        "The clock is real (--clock real); only a virtual clock can be advanced.");
  return static_cast<ManualClock&>(*clock_).advance(d);
}

std::optional<TimePoint> ServerImpl::next_change() const {
  TimePoint now = clock_->now();
  std::optional<TimePoint> next;
  for (const auto& family : families_)
    if (auto t = family->next_change(now); t && (!next || *t < *next)) next = t;
  return next;
}

void ServerImpl::reset() {
  std::lock_guard lock(control_mu_);
  for (auto& family : families_) family->reset(seed_.load());
  if (clock_->is_virtual()) static_cast<ManualClock&>(*clock_).reset();
  faults_->reset();
  throttle_->reset();
  journal_.clear();
}

nlohmann::json ServerImpl::family_manifests() const {
  nlohmann::json value = nlohmann::json::array();
  for (const auto& family : families_) {
    nlohmann::json entry = family->manifest().json();
    entry["fixtureFiles"] = nlohmann::json::array();
    for (const auto& f : family->fixture_files())
      entry["fixtureFiles"].push_back({{"file", f.file}, {"schema", f.schema}});
    value.push_back(std::move(entry));
  }
  return value;
}

nlohmann::json ServerImpl::state() const {
  nlohmann::json state = nlohmann::json::object();
  TimePoint now = clock_->now();
  for (const auto& family : families_) family->dump_state(state, now);
  std::lock_guard lock(control_mu_);  // a scenario load may be replacing scenario_
  nlohmann::json scenario = nullptr;
  if (!scenario_.name.empty())
    scenario = {
        {"name", scenario_.name}, {"description", scenario_.description}, {"file", scenario_.file}};
  state["scenario"] = std::move(scenario);
  state["seed"] = seed_.load();
  if (options_.watch) state["watch"] = watch_json();
  state["faults"] = faults_->rules_json();
  state["responseSequences"] = faults_->sequences_json();
  state["throttling"] = throttle_->state_json();
  state["journalSize"] = journal_.size();
  return state;
}

std::vector<JournalEntry> ServerImpl::journal(const JournalFilter& filter) const {
  return journal_.entries(filter);
}

void ServerImpl::clear_journal() { journal_.clear(); }

nlohmann::json ServerImpl::faults() const {
  return {{"value", faults_->rules_json()}, {"responseSequences", faults_->sequences_json()}};
}

Result<std::string> ServerImpl::add_fault(const nlohmann::json& rule) {
  {  // the schema first: its messages name the pointer; the parser adds what it cannot say
    if (!schemas_) return GraphError::conflict("load() the server before adding a fault rule.");
    auto violations = schemas_->check("faultRule", rule, false);
    if (!violations.empty())
      return GraphError::bad_request("Invalid fault rule (schema faultRule.json): " +
                                     describe(violations));
  }
  auto parsed = parse_fault_rule(rule);
  if (!parsed) return parsed.error();
  return faults_->add(std::move(*parsed));
}

bool ServerImpl::remove_fault(const std::string& id) { return faults_->remove(id); }

void ServerImpl::clear_faults() { faults_->clear(); }

std::vector<ScenarioInfo> ServerImpl::scenarios() const {
  if (!schemas_) return {};
  return list_scenarios(options_.fixtures_dir, *schemas_);
}

nlohmann::json ServerImpl::active_scenario() const {
  std::lock_guard lock(control_mu_);
  if (scenario_.name.empty()) return nullptr;
  return {{"name", scenario_.name}, {"description", scenario_.description}, {"seed", seed_.load()}};
}

Status ServerImpl::load_scenario(const std::string& name) {
  if (!schemas_) return GraphError::conflict("load() the server before loading a scenario.");
  auto scenario = load_scenario_by_name(options_.fixtures_dir, name, *schemas_);
  if (!scenario) return scenario.error();
  std::lock_guard lock(control_mu_);
  return apply(std::move(*scenario));
}

ServerImpl& internals(Server& server) { return *server.impl_; }

Server::Server(ServerOptions options) : impl_(std::make_unique<ServerImpl>(std::move(options))) {}
Server::~Server() = default;
Status Server::start() { return impl_->start(); }
Status Server::load() { return impl_->load(); }
void Server::stop() { impl_->stop(); }
int Server::port() const { return impl_->port(); }
std::string Server::base_url() const { return impl_->base_url(); }
Response Server::handle(Request request) { return impl_->handle(std::move(request)); }
Clock& Server::clock() { return impl_->mutable_clock(); }
Status Server::advance(Duration d) { return impl_->advance(d); }
void Server::reset() { impl_->reset(); }
Status Server::load_scenario(const std::string& name) { return impl_->load_scenario(name); }
Result<std::string> Server::add_fault(const nlohmann::json& rule) { return impl_->add_fault(rule); }
bool Server::remove_fault(const std::string& id) { return impl_->remove_fault(id); }
void Server::clear_faults() { impl_->clear_faults(); }
std::vector<JournalEntry> Server::journal(const JournalFilter& filter) const {
  return impl_->journal(filter);
}
void Server::clear_journal() { impl_->clear_journal(); }

}  // namespace graphmock
