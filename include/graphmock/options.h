// What a graph-mock server is told at start: where it listens, what it loads,
// how it checks requests. Every field has the default `graph-mock serve` uses;
// the command line sets the same fields (a flag given beats a scenario's value).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "graphmock/clock.h"

namespace graphmock {

// --auth: off; bearer (a Bearer token must be present); scopes (the JWT's
// scp/roles must hold the permission the route names).
enum class AuthMode { kOff, kBearer, kScopes };
// --validate: request and response bodies against schemas/.
enum class ValidateMode { kOff, kWarn, kStrict };
// --throttling: off, or Graph's documented service limits per app and tenant (docs/throttling.md).
enum class ThrottlingMode { kOff, kGraph };
// --revisions: the deprecations the metadata's Revisions records carry (Deprecation, Sunset and
// Link headers) | those too that only the docs' pages announce (docs/behaviour.md).
enum class RevisionsMode { kMetadata, kDocumented };
// --log: one line per request on stderr.
enum class LogFormat { kText, kJson, kOff };

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;           // 0: a free port, see port()
  std::string fixtures_dir;  // empty: the built-in default (the repo's fixtures/)
  std::string schemas_dir;   // empty: the built-in default (the repo's schemas/)
  // --fixture-set; unset: the scenario's "fixtures", else "default".
  std::optional<std::string> fixture_set;
  std::string scenario;  // name in fixtures/scenarios, or a file path
  // --watch: the fixture set's files and the scenario's file are reloaded when they change
  // (checked first; on an error the data served stays as it was). docs/fixtures.md.
  bool watch = false;
  // --seed; unset: the scenario's seed, else 1. An explicit seed beats the scenario's.
  std::optional<uint64_t> seed;
  bool virtual_clock = false;
  double time_scale = 1.0;  // real clock only
  TimePoint virtual_start = default_virtual_start();
  AuthMode auth = AuthMode::kBearer;
  ValidateMode validate = ValidateMode::kStrict;
  // --throttling; unset: on when the scenario has a "throttling" field, else off.
  std::optional<ThrottlingMode> throttling;
  // --revisions; unset: the scenario's "revisions", else metadata.
  std::optional<RevisionsMode> revisions;
  LogFormat log = LogFormat::kText;
  std::string journal_file;
  // --journal-secrets keep: the journal (GET /_mock/requests, the dashboard, journal_file) keeps
  // Authorization, Cookie and token query parameters as sent; by default each is a fingerprint.
  bool journal_keep_secrets = false;
  bool tls = false;
  std::string cert_file, key_file, tls_cert_out;
  std::string admin_token;
  // --allowed-host: names the Host header may carry besides the bound address and localhost
  // (with any port); any other name is refused with 403, the defence against DNS rebinding.
  // Not a scenario setting: a scenario loaded through /_mock must not widen who reaches /_mock.
  std::vector<std::string> allowed_hosts;
  // A family's own settings given as flags (--enum-casing, --status-words, ...: each family's
  // manifest declares its flags, scenarioSettings.options; docs/architecture.md): a scenario
  // setting's JSON pointer ("/docsVariants/statusWords") -> its value, which beats the
  // scenario's. Checked with the scenario against schemas/scenario.json.
  std::map<std::string, std::string> settings;
  std::string tenant_id = "b5a1d7c3-2f4e-4c8a-9e61-3d5f7a9b1c20";
  // Retention of finished operations and log collection requests, per device
  // (--retain-operations, --retain-seconds); unset: the scenario's "retention",
  // else 1000 and 30 days (docs/performance.md). Queued, in-progress and
  // pending ones are never dropped.
  std::optional<size_t> retain_operations;
  std::optional<double> retain_seconds;  // 0: no age limit
  // Limits on what a client may send; each refusal is a Graph error (README "Hardening").
  size_t max_body_bytes = 4 * 1024 * 1024;  // 413
  size_t max_url_bytes = 4096;          // 414; cpp-httplib refuses request lines over 8 KiB itself
  size_t max_header_bytes = 16 * 1024;  // 431, all header names and values together
  size_t max_json_depth = 64;           // 400, nesting of a JSON request body
  size_t max_query_options = 32;        // 400, query parameters of one request
  int read_timeout_seconds = 5;         // a request not complete after this long of silence: 400
  int keep_alive_seconds = 30;          // an idle connection is closed after this
};

}  // namespace graphmock
