// graph-mock: the command line. `serve` runs the mock; `validate` and `check`
// work offline (see --help of each).
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <malloc.h>
#include <pthread.h>

#include "server/server.h"

namespace {

int serve(graphmock::ServerOptions options) {
  // Block the stop signals in every thread; the main thread waits for them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  // No fastbins: cpp-httplib allocates a 4 KB read buffer per request, and
  // with fastbins each such allocation consolidates the heap first (~15% of
  // GET throughput in scripts/bench). Process-wide, so here and not in the library.
  mallopt(M_MXFAST, 0);

  graphmock::Server server(options);
  std::string error;
  if (!server.start(&error)) {
    std::cerr << "graph-mock: " << error << "\n";
    return 1;
  }
  std::printf("listening on %s\n", server.base_url().c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  std::fprintf(stderr, "graph-mock: %s received, stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
  server.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"graph-mock: an in-memory fake of the Microsoft Graph beta Teams devices and Intune\n"
               "log collection APIs, with scenarios, fault injection and schema validation."};
  app.require_subcommand(1);

  graphmock::ServerOptions o;
  std::string clock = "real", auth = "bearer", validate = "strict", log = "text", location = "relative";
  auto* serve_cmd = app.add_subcommand("serve", "Run the mock HTTP server");
  serve_cmd->add_option("--host", o.host, "Address to bind")->capture_default_str();
  serve_cmd->add_option("--port", o.port, "Port; 0 picks a free one and prints it")->capture_default_str();
  serve_cmd->add_option("--fixtures", o.fixtures_dir, "Fixtures folder (sets and scenarios/)")
      ->default_str(graphmock::default_fixtures_dir());
  serve_cmd->add_option("--schemas", o.schemas_dir, "JSON Schema folder")->default_str(graphmock::default_schemas_dir());
  serve_cmd->add_option("--fixture-set", o.fixture_set, "Fixture set inside the fixtures folder")->capture_default_str();
  serve_cmd->add_option("--scenario", o.scenario, "Scenario NAME (fixtures/scenarios/NAME.json) or FILE");
  serve_cmd->add_option("--seed", o.seed, "Seed for ids, fault probabilities and latencies")->capture_default_str();
  serve_cmd->add_option("--clock", clock, "real: wall time; virtual: moves only via POST /_mock/clock/advance")
      ->check(CLI::IsMember({"real", "virtual"}))->capture_default_str();
  serve_cmd->add_option("--time-scale", o.time_scale, "Real clock speed-up (10 = ten times faster)")
      ->check(CLI::PositiveNumber)->capture_default_str();
  serve_cmd->add_option("--auth", auth, "off | bearer (a Bearer token must be present) | scopes (JWT scp/roles checked)")
      ->check(CLI::IsMember({"off", "bearer", "scopes"}))->capture_default_str();
  serve_cmd->add_option("--validate", validate, "Schema checks of request and response bodies: off | warn | strict")
      ->check(CLI::IsMember({"off", "warn", "strict"}))->capture_default_str();
  serve_cmd->add_option("--log", log, "Request log on stderr: text | json | off")
      ->check(CLI::IsMember({"text", "json", "off"}))->capture_default_str();
  serve_cmd->add_option("--location", location, "Location header form for actions: relative (as the docs) | absolute")
      ->check(CLI::IsMember({"relative", "absolute"}))->capture_default_str();
  serve_cmd->add_option("--journal-file", o.journal_file, "Append every exchange as a JSON line to this file");
  serve_cmd->add_option("--admin-token", o.admin_token, "Require 'Authorization: Bearer TOKEN' on /_mock");
  serve_cmd->add_option("--tenant-id", o.tenant_id, "Tenant id used in log collection request ids")->capture_default_str();
  serve_cmd->add_option("--max-body-bytes", o.max_body_bytes, "Largest request body accepted (413 above)")->capture_default_str();
  serve_cmd->add_flag("--tls", o.tls, "Serve HTTPS");
  serve_cmd->add_option("--cert", o.cert_file, "TLS certificate (PEM); self-signed when omitted");
  serve_cmd->add_option("--key", o.key_file, "TLS private key (PEM)");
  serve_cmd->add_option("--tls-cert-out", o.tls_cert_out, "Write the self-signed certificate here so clients can trust it");

  CLI11_PARSE(app, argc, argv);

  if (serve_cmd->parsed()) {
    o.virtual_clock = clock == "virtual";
    o.auth = *graphmock::parse_auth_mode(auth);
    o.validate = validate == "off" ? graphmock::ValidateMode::kOff
                 : validate == "warn" ? graphmock::ValidateMode::kWarn
                                      : graphmock::ValidateMode::kStrict;
    o.log = log == "json" ? graphmock::LogFormat::kJson : log == "off" ? graphmock::LogFormat::kOff : graphmock::LogFormat::kText;
    o.absolute_location = location == "absolute";
    return serve(o);
  }
  return 0;
}
