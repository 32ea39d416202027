// graph-mock: the command line. `serve` runs the mock; `validate` and `check`
// work offline (see --help of each).
#include <malloc.h>
#include <pthread.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>
#include <vector>

#include "cli_reference.h"
#include "core/build_info.h"
#include "core/files.h"
#include "core/json_body.h"
#include "families/families.h"
#include "fleet/fleet_generator.h"
#include "graphmock/server.h"
#include "record/record_commands.h"
#include "server/server_impl.h"
#include "validate/fixture_checks.h"
#include "validate/schema_registry.h"
#include "validate/validate_commands.h"
#include "verdicts/verdict_report.h"

namespace {

// Blocks the stop signals in every thread (call before starting any); the
// main thread waits for them with sigwait.
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

// --exit-with-stdin: a thread reads stdin to its end, then stops the mock as SIGTERM does. The
// test helpers hold the pipe's other end, so the mock ends with the test runner however the
// runner ends (SIGKILL and a crash included) and never outlives it.
std::atomic<bool> stdin_closed{false};
void stop_at_end_of_stdin() {
  std::thread([] {
    char buf[256];
    for (;;) {
      ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
      if (n > 0 || (n < 0 && errno == EINTR)) continue;
      break;
    }
    stdin_closed = true;
    ::kill(::getpid(), SIGTERM);  // blocked in every thread: sigwait in serve() takes it
  }).detach();
}

int serve(graphmock::ServerOptions options, bool exit_with_stdin) {
  sigset_t set = block_stop_signals();
  if (exit_with_stdin) stop_at_end_of_stdin();
  // No fastbins: cpp-httplib allocates a 4 KB read buffer per request, and
  // with fastbins each such allocation consolidates the heap first (~15% of
  // GET throughput in scripts/bench). Process-wide, so here and not in the library.
  mallopt(M_MXFAST, 0);

  graphmock::Server server(options);
  if (auto started = server.start(); !started) {
    std::cerr << "graph-mock: " << started.error().message << "\n";
    return 1;
  }
  std::printf("listening on %s\n", server.base_url().c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  std::fprintf(stderr, "graph-mock: %s, stopping\n",
               stdin_closed    ? "stdin closed"
               : sig == SIGINT ? "SIGINT received"
                               : "SIGTERM received");
  server.stop();
  return 0;
}

// The scenarios of the templates' folder, written beside a generated fleet (in
// `out`/scenarios) with the fleet as their fixture set, so `--scenario throttled`
// and POST /_mock/scenarios/{name} work with it. "" or what cannot be read or written.
std::string write_fleet_scenarios(const std::string& templates_dir, const std::string& out,
                                  const std::string& name) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path to = fs::path(out) / "scenarios";
  fs::create_directories(to, ec);
  for (const auto& entry : fs::directory_iterator(fs::path(templates_dir) / "scenarios", ec)) {
    if (entry.path().extension() != ".json") continue;
    auto text = graphmock::read_file(entry.path().string());
    if (!text) return text.error().message;
    auto parsed = graphmock::parse_json_document(*text, entry.path().string());
    if (!parsed) return parsed.error().message;
    nlohmann::json& scenario = *parsed;
    if (!scenario.is_object()) return entry.path().string() + ": not a JSON object";
    scenario["fixtures"] = name;
    scenario["$schema"] =
        (fs::absolute(graphmock::default_schemas_dir()) / "scenario.json").string();
    std::ofstream f(to / entry.path().filename(), std::ios::binary | std::ios::trunc);
    f << scenario.dump(2) << "\n";
    if (!f) return "cannot write " + (to / entry.path().filename()).string();
  }
  return "";
}

// Writes a generated fleet as the fixture set `name` of the fixtures folder `out`,
// with the templates' scenarios.
int generate_fixtures(const std::string& templates_dir, const graphmock::FleetSpec& spec,
                      const std::string& out, const std::string& name) {
  graphmock::Server server;  // for the families' fixture files and fleet parts only
  auto files = graphmock::internals(server).fixture_files();
  auto templates = graphmock::read_fixture_set(templates_dir, "default", files);
  if (!templates) {
    std::cerr << "graph-mock fixtures generate: " << templates.error().message << "\n";
    return 1;
  }
  auto fleet = graphmock::generate_fleet(graphmock::internals(server).fleet_parts(),
                                         templates->documents, spec);
  if (!fleet) {
    std::cerr << "graph-mock " << fleet.error().message << "\n";
    return 1;
  }
  std::filesystem::path dir = std::filesystem::path(out) / name;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  for (const auto& [file, document] : *fleet) {
    std::ofstream f(dir / file, std::ios::binary | std::ios::trunc);
    f << document.dump() << "\n";
    if (!f) {
      std::cerr << "graph-mock fixtures generate: cannot write " << (dir / file).string() << "\n";
      return 1;
    }
  }
  // Stamped as checked, so a large fleet starts without parsing and checking it again.
  std::string error;
  auto schemas = graphmock::SchemaRegistry::load(graphmock::default_schemas_dir(), error);
  if (schemas) error = graphmock::check_and_stamp(*schemas, out, name, files);
  if (!error.empty()) {
    std::cerr << "graph-mock fixtures generate: the fleet does not pass its schemas:\n"
              << error << "\n";
    return 1;
  }
  if (error = write_fleet_scenarios(templates_dir, out, name); !error.empty()) {
    std::cerr << "graph-mock fixtures generate: " << error << "\n";
    return 1;
  }
  std::printf(
      "wrote %zu devices (seed %llu) to %s and its scenarios to %s/scenarios: serve with "
      "--fixtures %s --fixture-set %s\n",
      spec.devices, static_cast<unsigned long long>(spec.seed), dir.c_str(), out.c_str(),
      out.c_str(), name.c_str());
  return 0;
}

// Checked here: a port outside 0..65535 would otherwise be truncated by the
// socket layer, so the mock would bind one port and announce another.
void add_port_option(CLI::App* cmd, int& port) {
  cmd->add_option("--port", port, "Port (0..65535); 0 picks a free one and prints it")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
}

constexpr const char* kAllowedHostHelp =
    "A name clients may use in the Host header besides the bound address and localhost "
    "(repeatable); others get 403 (docs/hardening.md)";

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "graph-mock: an in-memory fake of the Microsoft Graph beta Teams devices and Intune\n"
      "log collection APIs, with scenarios, fault injection and schema validation."};
  app.require_subcommand(1);
  const graphmock::BuildInfo& build = graphmock::build_info();
  app.set_version_flag("--version", std::string("graph-mock ") + build.version + "\ncommit " +
                                        build.commit + "\nmetadata " + build.metadata_snapshot);
  // Hidden: the build writes the man page and the bash completion with it (mock/CMakeLists.txt).
  app.add_option_function<std::string>(
         "--generate",
         [&app, &build](const std::string& what) {
           if (what == "bash-completion") {
             std::cout << graphmock::bash_completion(app, "graph-mock");
           } else {
             std::cout << graphmock::man_page(
                 app, {"graph-mock", build.version,
                       "in-memory fake of the Microsoft Graph beta Teams devices and Intune log "
                       "collection APIs",
                       "GRAPHMOCK_DATA_DIR: the folder holding fixtures/ and schemas/, the "
                       "defaults of --fixtures and --schemas of every command. Without it: "
                       "../share/graphmock beside the executable (/usr/share/graphmock for "
                       "/usr/bin/graph-mock).",
                       "The documentation in docs/ of the source tree: command-line.md, "
                       "scenarios-and-faults.md, admin-api.md, record-and-replay.md, python.md, "
                       "javascript.md."});
           }
           throw CLI::Success();
         },
         "Print the man page or the bash completion")
      ->check(CLI::IsMember({"man", "bash-completion"}))
      ->group("");

  graphmock::ServerOptions o;
  std::string clock = "real", auth = "bearer", validate = "strict", log = "text";
  auto* serve_cmd = app.add_subcommand("serve", "Run the mock HTTP server");
  serve_cmd->add_option("--host", o.host, "Address to bind")->capture_default_str();
  add_port_option(serve_cmd, o.port);
  serve_cmd->add_option("--fixtures", o.fixtures_dir, "Fixtures folder (sets and scenarios/)")
      ->default_str(graphmock::default_fixtures_dir());
  serve_cmd->add_option("--schemas", o.schemas_dir, "JSON Schema folder")
      ->default_str(graphmock::default_schemas_dir());
  std::string fixture_set;
  auto* fixture_set_opt =
      serve_cmd
          ->add_option("--fixture-set", fixture_set,
                       "Fixture set inside the fixtures folder (beats the scenario's)")
          ->default_str("default");
  serve_cmd->add_option("--scenario", o.scenario,
                        "Scenario NAME (fixtures/scenarios/NAME.json) or FILE");
  serve_cmd->add_flag("--watch", o.watch,
                      "Reload the fixture set and the scenario file when they change (checked "
                      "first; on an error the previous data stays served)");
  uint64_t seed = 1;
  auto* seed_opt = serve_cmd
                       ->add_option("--seed", seed,
                                    "Seed for ids, fault probabilities and latencies (beats the "
                                    "scenario's)")
                       ->default_str("1");
  serve_cmd
      ->add_option("--clock", clock,
                   "real: wall time; virtual: moves only via POST /_mock/clock/advance")
      ->check(CLI::IsMember({"real", "virtual"}))
      ->capture_default_str();
  serve_cmd->add_option("--time-scale", o.time_scale, "Real clock speed-up (10 = ten times faster)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  serve_cmd
      ->add_option("--auth", auth,
                   "off | bearer (a Bearer token must be present) | scopes (JWT scp/roles checked)")
      ->check(CLI::IsMember({"off", "bearer", "scopes"}))
      ->capture_default_str();
  std::string throttling = "off";
  auto* throttling_opt =
      serve_cmd
          ->add_option("--throttling", throttling,
                       "graph: Graph's documented service limits per app and tenant "
                       "(docs/throttling.md) | off; beats the scenario's throttling field")
          ->check(CLI::IsMember({"off", "graph"}))
          ->capture_default_str();
  std::string revisions = "metadata";
  auto* revisions_opt =
      serve_cmd
          ->add_option("--revisions", revisions,
                       "Deprecation, Sunset and Link headers: metadata (its Revisions records) | "
                       "documented (also the deprecations only the docs' pages announce); beats "
                       "the scenario's revisions field")
          ->check(CLI::IsMember({"metadata", "documented"}))
          ->capture_default_str();
  serve_cmd
      ->add_option("--validate", validate,
                   "Schema checks of request and response bodies: off | warn | strict")
      ->check(CLI::IsMember({"off", "warn", "strict"}))
      ->capture_default_str();
  serve_cmd->add_option("--log", log, "Request log on stderr: text | json | off")
      ->check(CLI::IsMember({"text", "json", "off"}))
      ->capture_default_str();
  // The families' own flags, declared in their manifests (docs/behaviour.md's documented
  // variants, ...): each sets a scenario setting, and a flag given beats the scenario's value.
  struct SettingFlag {
    graphmock::FamilyOption declared;
    std::string word;  // the default, then what was given
    CLI::Option* option = nullptr;
  };
  std::vector<SettingFlag> setting_flags;
  for (const graphmock::FamilyManifest* manifest : graphmock::builtin_manifests())
    for (auto& declared : manifest->options())
      setting_flags.push_back({std::move(declared), "", nullptr});
  for (auto& f : setting_flags) {  // the vector no longer grows: `word` stays where it is
    f.word = f.declared.words.front();
    f.option = serve_cmd->add_option(f.declared.flag, f.word, f.declared.help)
                   ->check(CLI::IsMember(f.declared.words))
                   ->capture_default_str();
  }
  serve_cmd->add_option("--journal-file", o.journal_file,
                        "Append every exchange as a JSON line to this file");
  std::string journal_secrets = "redact";
  serve_cmd
      ->add_option("--journal-secrets", journal_secrets,
                   "Credentials in the journal (Authorization, Cookie, access_token=...): redact "
                   "(a sha256 fingerprint) | keep (as sent)")
      ->check(CLI::IsMember({"redact", "keep"}))
      ->capture_default_str();
  serve_cmd->add_option("--admin-token", o.admin_token,
                        "Require 'Authorization: Bearer TOKEN' on /_mock");
  serve_cmd->add_option("--allowed-host", o.allowed_hosts, kAllowedHostHelp)
      ->allow_extra_args(false);
  serve_cmd->add_option("--tenant-id", o.tenant_id, "Tenant id used in log collection request ids")
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-body-bytes", o.max_body_bytes,
                   "Largest request body accepted (413 above)")
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-url-bytes", o.max_url_bytes,
                   "Longest request URL accepted (414 above; at most 8000)")
      ->check(CLI::Range(1, 8000))
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-header-bytes", o.max_header_bytes,
                   "Largest total of request headers (431 above)")
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-json-depth", o.max_json_depth,
                   "Deepest JSON request body nesting (400 above)")
      ->check(CLI::Range(1, 512))
      ->capture_default_str();
  serve_cmd
      ->add_option("--max-query-options", o.max_query_options,
                   "Most query parameters in one request (400 above)")
      ->capture_default_str();
  serve_cmd
      ->add_option("--read-timeout", o.read_timeout_seconds,
                   "Seconds a request may stall mid-way (400, then the keep-alive timeout applies)")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve_cmd
      ->add_option("--keep-alive-timeout", o.keep_alive_seconds,
                   "Seconds an idle connection is kept open")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  size_t retain_operations = 1000;
  double retain_seconds = 30 * 24 * 3600;
  auto* retain_operations_opt =
      serve_cmd
          ->add_option("--retain-operations", retain_operations,
                       "Finished operations and log collection requests kept per device "
                       "(oldest dropped first; beats the scenario's)")
          ->check(CLI::Range(size_t{1}, size_t{1000000000}))
          ->capture_default_str();
  auto* retain_seconds_opt =
      serve_cmd
          ->add_option("--retain-seconds", retain_seconds,
                       "Seconds a finished operation or log collection request is kept; 0: no "
                       "limit (beats the scenario's)")
          ->check(CLI::Range(0.0, 1e9))
          ->capture_default_str();
  bool exit_with_stdin = false;
  serve_cmd->add_flag("--exit-with-stdin", exit_with_stdin,
                      "Stop when stdin reaches its end: a parent keeping a pipe to it takes the "
                      "mock down with it, however it ends (what the test helpers do)");
  serve_cmd->add_flag("--tls", o.tls, "Serve HTTPS");
  serve_cmd->add_option("--cert", o.cert_file, "TLS certificate (PEM); self-signed when omitted");
  serve_cmd->add_option("--key", o.key_file, "TLS private key (PEM)");
  serve_cmd->add_option("--tls-cert-out", o.tls_cert_out,
                        "Write the self-signed certificate here so clients can trust it");

  std::string schemas_dir = graphmock::default_schemas_dir(), schema_name, har_file, check_dir;
  std::vector<std::string> json_files;
  auto* validate_cmd = app.add_subcommand(
      "validate",
      "Check JSON files against a schema (--schema NAME FILE...) or a HAR capture against the\n"
      "schemas of its routes (--har FILE). Exit 0 only when clean.");
  validate_cmd->add_option("--schemas", schemas_dir, "JSON Schema folder")->capture_default_str();
  auto* schema_opt = validate_cmd->add_option(
      "--schema", schema_name, "Schema name (a file of --schemas without .json), e.g. scenario");
  auto* har_opt = validate_cmd->add_option("--har", har_file,
                                           "HAR 1.2 file: every request/response pair is checked");
  validate_cmd->add_option("files", json_files, "JSON files ('-' = stdin), with --schema");
  schema_opt->excludes(har_opt);
  auto* check_cmd = app.add_subcommand(
      "check", "Check every fixture set and scenario of a fixtures folder offline");
  check_cmd->add_option("--schemas", schemas_dir, "JSON Schema folder")->capture_default_str();
  check_cmd->add_option("dir", check_dir, "Fixtures folder")->required();

  auto* fixtures_cmd = app.add_subcommand("fixtures", "Work with fixture sets");
  auto* generate_cmd = fixtures_cmd->add_subcommand(
      "generate",
      "Write a realistic fleet of N Teams devices (and N/2 managed devices with log collection\n"
      "history, scripts and run states) as fixture set NAME of the folder OUT, built from the\n"
      "default set's shapes; the same seed gives the same files");
  fixtures_cmd->require_subcommand(1);
  graphmock::FleetSpec fleet;
  std::string fleet_out = "fleet-fixtures", fleet_name = "fleet",
              fleet_templates = graphmock::default_fixtures_dir();
  generate_cmd->add_option("--devices", fleet.devices, "Teams devices")
      ->check(CLI::Range(size_t{1}, size_t{10000000}))
      ->capture_default_str();
  generate_cmd->add_option("--seed", fleet.seed, "Seed of every draw")->capture_default_str();
  generate_cmd->add_option("--out", fleet_out, "Fixtures folder to write the set into")
      ->capture_default_str();
  generate_cmd->add_option("--name", fleet_name, "Fixture set name (a folder of --out)")
      ->capture_default_str();
  generate_cmd
      ->add_option("--templates", fleet_templates,
                   "Fixtures folder whose 'default' set gives the shapes")
      ->capture_default_str();

  // verdicts (docs/verdicts.md)
  std::string verdicts_journal, verdicts_junit;
  std::vector<std::string> verdicts_settings;
  auto* verdicts_cmd = app.add_subcommand(
      "verdicts",
      "Judge the client of a journal file (serve --journal-file): did it behave as Graph asks?\n"
      "Exit 0 no violation, 1 violations, 2 unusable input");
  verdicts_cmd->add_option("--journal", verdicts_journal, "Journal file (JSON lines)")->required();
  verdicts_cmd->add_option("--junit", verdicts_junit,
                           "Write JUnit XML here: one test case per rule, failing on violations");
  verdicts_cmd
      ->add_option("--set", verdicts_settings,
                   "NAME=VALUE: a threshold (pollIntervalSeconds=10) or ignore=RULE,...")
      ->allow_extra_args(false);

  // record / import (docs/record-and-replay.md)
  graphmock::RecorderOptions rec;
  std::string scrub = "on", import_har;
  auto* record_cmd = app.add_subcommand(
      "record",
      "Run a recording proxy to a Graph endpoint: on SIGINT/SIGTERM or POST\n"
      "/_mock/record/flush, OUT gets capture.har, fixtures/NAME/ (serve them with --fixtures\n"
      "OUT/fixtures --fixture-set NAME), scrub-report.json and violations.txt");
  auto* import_cmd = app.add_subcommand(
      "import", "Build the same files as record from a HAR captured elsewhere (--har FILE)");
  record_cmd->add_option("--upstream", rec.upstream, "Graph URL to forward to")
      ->capture_default_str();
  record_cmd->add_option("--ca-file", rec.ca_file,
                         "PEM trust anchors for the upstream (default: system CAs)");
  record_cmd->add_option("--host", rec.front.host, "Address to bind")->capture_default_str();
  rec.front.port = 0;
  add_port_option(record_cmd, rec.front.port);
  record_cmd->add_option("--allowed-host", rec.front.allowed_hosts, kAllowedHostHelp)
      ->allow_extra_args(false);
  record_cmd->add_flag("--tls", rec.front.tls, "Serve HTTPS to the client");
  record_cmd->add_option("--cert", rec.front.cert_file,
                         "TLS certificate (PEM); self-signed when omitted");
  record_cmd->add_option("--key", rec.front.key_file, "TLS private key (PEM)");
  record_cmd->add_option("--tls-cert-out", rec.tls_cert_out,
                         "Write the self-signed certificate here");
  import_cmd->add_option("--har", import_har, "HAR 1.2 file")->required();
  import_cmd->add_option("--upstream", rec.recording.upstream,
                         "The Graph URL the HAR was captured against; entries for other hosts "
                         "are skipped (default: Graph's hosts)");
  for (auto* cmd : {record_cmd, import_cmd}) {
    cmd->add_option("--out", rec.recording.out_dir, "Folder to write into")->required();
    cmd->add_option("--name", rec.recording.set_name, "Fixture set name")->capture_default_str();
    cmd->add_option("--scrub", scrub,
                    "Pseudonyms for ids, names, addresses, serials, ...: on | off")
        ->check(CLI::IsMember({"on", "off"}))
        ->capture_default_str();
    cmd->add_option("--scrub-seed", rec.recording.scrub_seed, "Key of the pseudonyms")
        ->capture_default_str();
    cmd->add_option("--schemas", schemas_dir, "JSON Schema folder")->capture_default_str();
  }

  CLI11_PARSE(app, argc, argv);

  if (record_cmd->parsed() || import_cmd->parsed()) {
    rec.recording.scrub = scrub == "on";
    sigset_t set;  // record: blocked before any thread starts
    if (record_cmd->parsed()) set = block_stop_signals();
    graphmock::Server server;  // for its route table and fixture files only
    auto& routes = graphmock::internals(server).pipeline().graph_routes();
    auto files = graphmock::internals(server).fixture_files();
    if (import_cmd->parsed())
      return graphmock::run_import(import_har, rec.recording, schemas_dir, routes, files, std::cout,
                                   std::cerr);
    auto wait = [&set] {
      int sig = 0;
      sigwait(&set, &sig);
    };
    return graphmock::run_record(rec, schemas_dir, routes, files, wait, std::cout, std::cerr);
  }

  if (verdicts_cmd->parsed())
    return graphmock::run_verdicts(verdicts_journal, verdicts_junit, verdicts_settings, std::cout,
                                   std::cerr);

  if (generate_cmd->parsed())
    return generate_fixtures(fleet_templates, fleet, fleet_out, fleet_name);

  if (validate_cmd->parsed()) {
    if (!har_file.empty()) {
      graphmock::Server server;  // for its route table only: nothing is loaded or served
      return graphmock::run_validate_har(schemas_dir, har_file,
                                         graphmock::internals(server).pipeline().graph_routes(),
                                         std::cout, std::cerr);
    }
    if (schema_name.empty() || json_files.empty()) {
      std::cerr << "graph-mock validate: give --schema NAME FILE... or --har FILE\n";
      return 2;
    }
    return graphmock::run_validate_files(schemas_dir, schema_name, json_files, std::cout,
                                         std::cerr);
  }
  if (check_cmd->parsed()) {
    graphmock::Server server;  // for the families' fixture files only
    return graphmock::run_check(schemas_dir, check_dir,
                                graphmock::internals(server).fixture_files(), std::cout, std::cerr);
  }

  if (serve_cmd->parsed()) {
    // Flags beat files: only a flag given on the command line overrides the scenario.
    if (seed_opt->count()) o.seed = seed;
    if (fixture_set_opt->count()) o.fixture_set = fixture_set;
    if (retain_operations_opt->count()) o.retain_operations = retain_operations;
    if (retain_seconds_opt->count()) o.retain_seconds = retain_seconds;
    if (revisions_opt->count())
      o.revisions = revisions == "documented" ? graphmock::RevisionsMode::kDocumented
                                              : graphmock::RevisionsMode::kMetadata;
    if (throttling_opt->count())
      o.throttling = throttling == "graph" ? graphmock::ThrottlingMode::kGraph
                                           : graphmock::ThrottlingMode::kOff;
    o.virtual_clock = clock == "virtual";
    o.journal_keep_secrets = journal_secrets == "keep";
    o.auth = *graphmock::parse_auth_mode(auth);
    o.validate = validate == "off"    ? graphmock::ValidateMode::kOff
                 : validate == "warn" ? graphmock::ValidateMode::kWarn
                                      : graphmock::ValidateMode::kStrict;
    o.log = log == "json"  ? graphmock::LogFormat::kJson
            : log == "off" ? graphmock::LogFormat::kOff
                           : graphmock::LogFormat::kText;
    for (const auto& f : setting_flags)
      if (f.option->count()) o.settings[f.declared.setting] = f.word;
    return serve(o, exit_with_stdin);
  }
  return 0;
}
