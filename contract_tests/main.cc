// graph-contract-tests: the Graph-level contract of graph-mock's endpoints,
// run against any server that speaks them.
//   graph-contract-tests [--base-url URL] [--token T] [--ca-cert PEM] [--schemas DIR]
//                        [--lro-timeout SECONDS] [--gtest_* ...]
// Without --base-url it starts the mock in-process (port 0, virtual clock,
// bearer auth) and tests that. --gtest_output=xml:FILE writes JUnit XML.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "contract.h"
#include "graphmock/server.h"
#include "target.h"

namespace {

constexpr const char* kUsage =
    "usage: graph-contract-tests [--base-url URL] [--token T] [--ca-cert PEM] [--schemas DIR]\n"
    "                            [--lro-timeout SECONDS] [--gtest_filter=... "
    "--gtest_output=xml:FILE ...]\n"
    "  --base-url     server under test (scheme://host:port); default: the mock, started "
    "in-process\n"
    "  --token        bearer token sent on Graph calls (default: a dummy token)\n"
    "  --ca-cert      https: trust this certificate (default: no certificate verification)\n"
    "  --schemas      JSON Schema folder bodies are checked against "
    "(default: " GRAPHMOCK_CONTRACT_SCHEMAS
    ")\n"
    "  --lro-timeout  real clocks: seconds to poll an operation to a terminal state (default "
    "300)\n";

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);  // takes the --gtest_* flags out of argv
  graphmock::contract::TargetOptions options;
  options.token = "graph-contract-tests-dummy-token";
  std::string schemas = GRAPHMOCK_CONTRACT_SCHEMAS;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      std::string flag = std::string("--") + name;
      if (arg.rfind(flag + "=", 0) == 0) return argv[i] + flag.size() + 1;
      if (arg == flag && i + 1 < argc) return argv[++i];
      return nullptr;
    };
    if (const char* v = value("base-url"))
      options.base_url = v;
    else if (const char* v = value("token"))
      options.token = v;
    else if (const char* v = value("ca-cert"))
      options.ca_cert = v;
    else if (const char* v = value("schemas"))
      schemas = v;
    else if (const char* v = value("lro-timeout"))
      options.lro_timeout_seconds = std::atoi(v);
    else {
      std::fprintf(stderr, "graph-contract-tests: unknown argument '%s'\n%s", argv[i], kUsage);
      return arg == "--help" || arg == "-h" ? 0 : 2;
    }
  }
  std::string error;
  if (!graphmock::contract::load_schemas(schemas, error)) {
    std::fprintf(stderr, "graph-contract-tests: --schemas %s: %s\n", schemas.c_str(),
                 error.c_str());
    return 2;
  }

  std::unique_ptr<graphmock::Server> in_process;
  if (options.base_url.empty()) {
    graphmock::ServerOptions o;
    o.port = 0;
    o.virtual_clock = true;
    o.auth = graphmock::AuthMode::kBearer;
    o.log = graphmock::LogFormat::kOff;
    in_process = std::make_unique<graphmock::Server>(o);
    if (auto started = in_process->start(); !started) {
      std::fprintf(stderr, "graph-contract-tests: cannot start the in-process mock: %s\n",
                   started.error().message.c_str());
      return 1;
    }
    options.base_url = in_process->base_url();
  }
  auto t = std::make_unique<graphmock::contract::Target>(options);
  std::printf("graph-contract-tests: testing %s (%s)\n", options.base_url.c_str(),
              !t->admin().available      ? "no admin API: admin tests skip"
              : t->admin().virtual_clock ? "admin API, virtual clock"
                                         : "admin API, real clock");
  graphmock::contract::set_target(std::move(t));
  int rc = RUN_ALL_TESTS();
  graphmock::contract::set_target(nullptr);
  return rc;
}
