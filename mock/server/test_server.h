// Test support for this repo's HTTP-level tests: a Server on a free port with a
// virtual clock, and a client bound to it. Not part of the installed API.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "graphmock/server.h"
#include "validate/schema_registry.h"

namespace graphmock::testing {

inline ServerOptions test_options() {
  ServerOptions o;
  o.port = 0;
  o.virtual_clock = true;
  o.auth = AuthMode::kOff;
  o.log = LogFormat::kOff;
#ifdef GRAPHMOCK_TEST_FIXTURES
  o.fixtures_dir = GRAPHMOCK_TEST_FIXTURES;
  o.schemas_dir = GRAPHMOCK_TEST_SCHEMAS;
#endif
  return o;
}

// The repo's schemas/, compiled once per test binary.
inline const SchemaRegistry& test_schemas() {
  static const std::unique_ptr<SchemaRegistry> r = [] {
    std::string error;
    auto loaded = SchemaRegistry::load(GRAPHMOCK_TEST_SCHEMAS, error);
    EXPECT_TRUE(loaded) << error;
    return loaded;
  }();
  return *r;
}

class StartedServer {
 public:
  explicit StartedServer(ServerOptions options = test_options()) : server_(std::move(options)) {
    auto started = server_.start();
    started_ = started.ok();
    EXPECT_TRUE(started_) << started.error().message;
  }
  Server& server() { return server_; }
  std::string url() const { return server_.base_url(); }
  std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", server_.port());
    c->set_read_timeout(10, 0);
    return c;
  }

 private:
  Server server_;
  bool started_ = false;
};

// An unsigned JWT carrying `claims` (the mock never checks signatures).
inline std::string unsigned_jwt(const nlohmann::json& claims) {
  auto base64url = [](const std::string& in) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t buf = 0;
    int bits = 0;
    for (unsigned char c : in) {
      buf = (buf << 8) | c;
      bits += 8;
      while (bits >= 6) {
        bits -= 6;
        out += table[(buf >> bits) & 63];
      }
    }
    if (bits > 0) out += table[(buf << (6 - bits)) & 63];
    return out;
  };
  return base64url(R"({"alg":"none","typ":"JWT"})") + "." + base64url(claims.dump()) + ".";
}

inline nlohmann::json body_of(const httplib::Result& r) {
  if (!r) return nullptr;
  return nlohmann::json::parse(r->body, nullptr, false);
}

}  // namespace graphmock::testing
