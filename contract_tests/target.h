// The server under test, seen only through its base URL and a token: HTTP
// calls that record what was sent and received, described for failure
// messages ("POST /beta/teamwork/devices/x/runDiagnostics: ..."), and the
// optional graph-mock admin API (/_mock) discovered at start.
// Set up once by main() before the tests run; read-only afterwards except for
// the set of devices already used by a mutating test (guarded by a mutex).
#pragma once

#include <httplib.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace graphmock::contract {

using Json = nlohmann::json;

struct TargetOptions {
  std::string base_url;           // scheme://host:port, no path
  std::string token;              // sent as "Authorization: Bearer <token>"
  std::string ca_cert;            // https: trust this PEM; empty: no verification
  int lro_timeout_seconds = 300;  // real clocks: how long to poll an operation
};

// One exchange. status 0 means the request never got a response (see error).
struct Call {
  std::string method;
  std::string target;  // path and query as sent
  std::string client_request_id;
  int status = 0;
  std::string error;
  httplib::Headers headers;
  std::string body;

  std::string what() const { return method + " " + target; }
  std::string header(const std::string& name) const;
  bool has_header(const std::string& name) const;
  // The body as JSON; null when absent or not JSON.
  Json json() const;
};

struct AdminInfo {
  bool available = false;
  bool virtual_clock = false;
};

class Target {
 public:
  explicit Target(TargetOptions options);

  const TargetOptions& options() const { return options_; }
  const AdminInfo& admin() const { return admin_; }

  // Sends a request; `body` null sends none. Graph paths (not /_mock) get the
  // bearer token unless `with_token` is false, and a fresh client-request-id.
  Call send(const std::string& method, const std::string& target,
            const std::optional<std::string>& body = {},
            const std::string& content_type = "application/json", bool with_token = true,
            const httplib::Headers& extra = {}) const;
  Call get(const std::string& target) const { return send("GET", target); }
  Call post_json(const std::string& target, const Json& body) const {
    return send("POST", target, body.dump());
  }
  Call post_empty(const std::string& target) const { return send("POST", target); }

  // Moves a virtual clock through the admin API; false when it cannot.
  bool advance(double seconds) const;
  // Hands out each device id once per run to tests that start actions, so
  // they need no reset between them (a reset would also drop fault rules).
  bool claim_device(const std::string& id) const;

 private:
  TargetOptions options_;
  AdminInfo admin_;
  mutable std::mutex mu_;
  mutable std::set<std::string> claimed_;
  // One keep-alive connection for the run (TLS handshakes add up otherwise).
  mutable std::mutex client_mu_;
  std::unique_ptr<httplib::Client> client_;
};

// The target of this run; main() sets it before RUN_ALL_TESTS.
const Target& target();
void set_target(std::unique_ptr<Target> t);

// Resolves a Location header to a path on the target: an absolute URL loses
// its scheme and host; a path relative to the version root gets "/beta".
std::string location_path(const std::string& location);

}  // namespace graphmock::contract
