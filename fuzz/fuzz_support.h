// Shared by the libFuzzer targets: the repo's data folders, the default
// fixture set and a loaded in-process Server, each built once per process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "graphmock/server.h"
#include "server/server_impl.h"

namespace graphmock::fuzz {

inline std::string_view as_text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline ServerOptions fuzz_options() {
  ServerOptions o;
  o.port = 0;
  o.virtual_clock = true;
  o.auth = AuthMode::kOff;
  o.log = LogFormat::kOff;
  o.fixtures_dir = GRAPHMOCK_FUZZ_FIXTURES;
  o.schemas_dir = GRAPHMOCK_FUZZ_SCHEMAS;
  return o;
}

// Loaded (fixtures, schemas, routes) but not listening. Never destroyed:
// libFuzzer exits without unwinding.
inline Server& loaded_server() {
  static Server* server = [] {
    auto* s = new Server(fuzz_options());
    if (auto loaded = s->load(); !loaded) {
      std::fprintf(stderr, "fuzz: cannot load the mock: %s\n", loaded.error().message.c_str());
      std::abort();
    }
    return s;
  }();
  return *server;
}

// The default fixture set's Teams devices as GET /teamwork/devices lists them
// (navigation properties left out).
inline const std::vector<nlohmann::json>& fixture_devices() {
  static const std::vector<nlohmann::json> devices = [] {
    std::vector<nlohmann::json> out;
    std::ifstream in(GRAPHMOCK_FUZZ_FIXTURES "/default/teamworkDevices.json");
    for (auto d : nlohmann::json::parse(in).value("value", nlohmann::json::array())) {
      for (const char* nav : {"health", "activity", "configuration", "operations"}) d.erase(nav);
      out.push_back(std::move(d));
    }
    return out;
  }();
  return devices;
}

}  // namespace graphmock::fuzz
