// GraphMockTest: a GoogleTest fixture that gives each test its own graph-mock
// on a free port, with a virtual clock (time moves only through advance()),
// bearer auth and the default fixtures.
//
//   #include "graphmock/testing/graphmock_fixture.h"
//   class MyClientTest : public graphmock::testing::GraphMockTest {};
//   TEST_F(MyClientTest, Diagnostics) {
//     MyClient client(base_url() + "/beta", "any-token");
//     ...
//     advance(std::chrono::minutes(5));
//     EXPECT_CLIENT_BEHAVED();  // waited Retry-After, polled at the interval, ... (verdicts.md)
//   }
//
// Override options() to change the server (scenario, auth, seed ...). The
// server starts in SetUp() and stops in TearDown(); server() reaches the full
// graphmock::Server API (faults, scenarios, journal) from the test thread.
// Header-only; link graphmock::graphmock and GTest.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "graphmock/server.h"
#include "graphmock/verdicts.h"

namespace graphmock::testing {

class GraphMockTest : public ::testing::Test {
 protected:
  // The server's options; the defaults are port 0, a virtual clock, bearer
  // auth, no request log, and the installed (or source tree) fixtures.
  virtual ServerOptions options() const {
    ServerOptions o;
    o.port = 0;
    o.virtual_clock = true;
    o.auth = AuthMode::kBearer;
    o.log = LogFormat::kOff;
#ifdef GRAPHMOCK_DATA_DIR  // set by the installed graphmockConfig.cmake
    o.fixtures_dir = GRAPHMOCK_DATA_DIR "/fixtures";
    o.schemas_dir = GRAPHMOCK_DATA_DIR "/schemas";
#endif
    return o;
  }

  void SetUp() override {
    server_ = std::make_unique<Server>(options());
    auto started = server_->start();
    ASSERT_TRUE(started.ok()) << "graph-mock did not start: " << started.error().message;
  }

  void TearDown() override {
    if (server_) server_->stop();
    server_.reset();
  }

  // e.g. "http://127.0.0.1:41234"; Graph paths start with /beta.
  std::string base_url() const { return server_->base_url(); }
  // Moves the virtual clock (operations and log collections progress);
  // any std::chrono duration of seconds or finer converts.
  void advance(Duration d) {
    auto moved = server_->advance(d);
    ASSERT_TRUE(moved.ok()) << moved.error().message;
  }
  Server& server() { return *server_; }

  // Whether the client behaved as Microsoft Graph asks over the journal so far
  // (docs/verdicts.md): success, or a failure listing each violation with its explanation
  // and the journal entries that show it. Advice never fails. EXPECT_CLIENT_BEHAVED() reads
  // better in a test.
  ::testing::AssertionResult client_behaved(const VerdictSettings& settings = {}) {
    auto entries = server_->journal();
    std::string failures;
    size_t violations = 0;
    for (const auto& v : evaluate_verdicts(entries, settings)) {
      if (v.severity != Severity::kViolation) continue;
      ++violations;
      failures += describe(v, entries);
    }
    if (violations == 0) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "the client broke " << violations
           << " rule(s) of Microsoft Graph's guidance (docs/verdicts.md):\n"
           << failures;
  }

 private:
  std::unique_ptr<Server> server_;
};

}  // namespace graphmock::testing

// Inside a GraphMockTest: no verdict of severity violation over the journal so far; the
// optional argument is a graphmock::VerdictSettings (thresholds, rules to ignore).
#define EXPECT_CLIENT_BEHAVED(...) EXPECT_TRUE(this->client_behaved(__VA_ARGS__))
#define ASSERT_CLIENT_BEHAVED(...) ASSERT_TRUE(this->client_behaved(__VA_ARGS__))
