// The dashboard over HTTP: its page, the token gate, and /_mock/events (what
// it streams, its viewer cap, and a stop that open streams do not block).
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/test_server.h"
#include "ui/event_hub.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;
using testing::StartedServer;
using testing::test_options;

constexpr const char* kToken = "s3cret";
const httplib::Headers kAdmin = {{"Authorization", std::string("Bearer ") + kToken}};

ServerOptions with_token() {
  ServerOptions o = test_options();
  o.admin_token = kToken;
  return o;
}

// One viewer of /_mock/events on its own thread; what it received so far.
class Viewer {
 public:
  explicit Viewer(const StartedServer& mock) : http_(mock.client()) {
    thread_ = std::thread([this] {
      http_->Get("/_mock/events", kAdmin, [this](const char* data, size_t n) {
        std::lock_guard lock(mu_);
        received_.append(data, n);
        cv_.notify_all();
        return true;
      });
      std::lock_guard lock(mu_);
      ended_ = true;
      cv_.notify_all();
    });
  }
  ~Viewer() {
    if (thread_.joinable()) thread_.join();
  }
  // True once `text` arrived; false if the stream ended (or 10 s passed) first.
  bool wait_for(const std::string& text) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(10), [&] {
      return received_.find(text) != std::string::npos || ended_;
    }) && received_.find(text) != std::string::npos;
  }
  void wait_end() { thread_.join(); }

 private:
  std::unique_ptr<httplib::Client> http_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string received_;
  bool ended_ = false;
  std::thread thread_;
};

TEST(Dashboard, ThePageIsServedWithoutTheTokenAndTheDataIsNot) {
  StartedServer mock(with_token());
  auto http = mock.client();
  auto page = http->Get("/_mock/ui");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<script src=\"/_mock/ui/dashboard.js\""), std::string::npos);
  EXPECT_NE(page->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(http->Get("/_mock/ui/dashboard.js")->status, 200);
  EXPECT_EQ(http->Get("/_mock/ui/dashboard.css")->status, 200);
  EXPECT_EQ(http->Get("/_mock/state")->status, 401);
  EXPECT_EQ(http->Get("/_mock/events")->status, 401);
  EXPECT_EQ(http->Get("/_mock/state", kAdmin)->status, 200);
}

TEST(Dashboard, EventsCarryJournalEntriesStateChangesAndClockMoves) {
  StartedServer mock(with_token());
  Viewer viewer(mock);
  ASSERT_TRUE(viewer.wait_for("event: hello"));
  auto http = mock.client();
  EXPECT_EQ(http->Get("/beta/teamwork/devices?$top=1")->status, 200);
  EXPECT_TRUE(viewer.wait_for("\"path\":\"/beta/teamwork/devices\""));
  EXPECT_EQ(
      http->Post("/_mock/clock/advance", kAdmin, R"({"seconds": 60})", "application/json")->status,
      200);
  EXPECT_TRUE(viewer.wait_for(
      "event: clock\ndata: {\"mode\":\"virtual\",\"now\":\"2026-01-05T09:01:00Z\"}"));
  EXPECT_TRUE(viewer.wait_for("event: state"));
  mock.server().stop();
  viewer.wait_end();  // the stream ends with the server (cut short: no final chunk)
}

TEST(Dashboard, ViewersBeyondTheCapGet503AndStopDoesNotWaitForOpenStreams) {
  StartedServer mock(with_token());
  std::vector<std::unique_ptr<Viewer>> viewers;
  for (size_t i = 0; i < EventHub::kDefaultMaxViewers; ++i) {
    viewers.push_back(std::make_unique<Viewer>(mock));
    ASSERT_TRUE(viewers.back()->wait_for("event: hello"));
  }
  auto refused = mock.client()->Get("/_mock/events", kAdmin);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->get_header_value("Retry-After"), "10");
  mock.server().stop();  // returns although four streams are open
  for (auto& v : viewers) v->wait_end();
}

}  // namespace
}  // namespace graphmock
