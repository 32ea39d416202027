// graph-contract-tests: the Graph-level contract of graph-mock's endpoints,
// run against any server that speaks them.
//   graph-contract-tests [--base-url URL] [--token T] [--ca-cert PEM] [--schemas DIR]
//                        [--lro-timeout SECONDS] [--case-timeout SECONDS] [--gtest_* ...]
// Without --base-url it starts the mock in-process (port 0, virtual clock,
// bearer auth) and tests that. --gtest_output=xml:FILE writes JUnit XML.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "contract.h"
#include "graphmock/server.h"
#include "target.h"

namespace {

constexpr const char* kUsage =
    "usage: graph-contract-tests [--base-url URL] [--token T] [--ca-cert PEM] [--schemas DIR]\n"
    "                            [--lro-timeout SECONDS] [--case-timeout SECONDS]\n"
    "                            [--gtest_filter=... --gtest_output=xml:FILE ...]\n"
    "  --base-url     server under test (scheme://host:port); default: the mock, started "
    "in-process\n"
    "  --token        bearer token sent on Graph calls (default: a dummy token)\n"
    "  --ca-cert      https: trust this certificate (default: no certificate verification)\n"
    "  --schemas      JSON Schema folder bodies are checked against "
    "(default: " GRAPHMOCK_CONTRACT_SCHEMAS
    ")\n"
    "  --lro-timeout  real clocks: seconds to poll an operation to a terminal state (default "
    "300)\n"
    "  --case-timeout seconds one test case may run before the run stops and names it\n"
    "                 (default: --lro-timeout + 60)\n";

// A case that runs past --case-timeout (a server that stopped answering, a
// poll that never ends) is named and ends the run, instead of stalling CI
// until its job limit with no hint of where.
class CaseWatchdog : public ::testing::EmptyTestEventListener {
 public:
  explicit CaseWatchdog(std::chrono::seconds limit) : limit_(limit), thread_([this] { watch(); }) {}
  ~CaseWatchdog() override {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  void OnTestStart(const ::testing::TestInfo& info) override {
    std::lock_guard lock(mu_);
    name_ = std::string(info.test_suite_name()) + "." + info.name();
    deadline_ = std::chrono::steady_clock::now() + limit_;
    armed_ = true;
    cv_.notify_all();
  }
  void OnTestEnd(const ::testing::TestInfo&) override {
    std::lock_guard lock(mu_);
    armed_ = false;
  }

 private:
  void watch() {
    std::unique_lock lock(mu_);
    while (!stop_) {
      if (!armed_) {
        cv_.wait(lock);
      } else if (cv_.wait_until(lock, deadline_) == std::cv_status::timeout && armed_ &&
                 std::chrono::steady_clock::now() >= deadline_) {
        std::fprintf(stderr, "[  FAILED  ] %s: still running after %lld s (--case-timeout)\n",
                     name_.c_str(), static_cast<long long>(limit_.count()));
        std::fflush(nullptr);
        std::_Exit(1);
      }
    }
  }

  const std::chrono::seconds limit_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string name_;
  std::chrono::steady_clock::time_point deadline_;
  bool armed_ = false;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the state above exists
};

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);  // takes the --gtest_* flags out of argv
  graphmock::contract::TargetOptions options;
  options.token = "graph-contract-tests-dummy-token";
  std::string schemas = GRAPHMOCK_CONTRACT_SCHEMAS;
  int case_timeout = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
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
    else if (const char* v = value("case-timeout"))
      case_timeout = std::atoi(v);
    else {
      std::fprintf(stderr, "graph-contract-tests: unknown argument '%s'\n%s", argv[i], kUsage);
      return 2;
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
  auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
  auto watchdog = std::make_unique<CaseWatchdog>(
      std::chrono::seconds(case_timeout > 0 ? case_timeout : options.lro_timeout_seconds + 60));
  listeners.Append(watchdog.get());
  int rc = RUN_ALL_TESTS();
  listeners.Release(watchdog.get());
  graphmock::contract::set_target(nullptr);
  return rc;
}
