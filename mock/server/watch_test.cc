// serve --watch through its seam: a scripted FileWatcher drives the server's
// watch loop on the test's thread, so a save, a broken save and a fixed one
// are each one synchronous turn of the loop.
#include <gtest/gtest.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/server_impl.h"
#include "server/test_server.h"

namespace graphmock {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* kDevice = "b5e463a9-7520-4006-b699-237421670139";  // notes: Boardroom…

// Answers wait() from a script, then kStopped; remembers what it was asked to watch.
class ScriptedWatcher final : public FileWatcher {
 public:
  std::deque<Event> script;
  std::vector<std::string> watched;

  Status watch(const std::vector<std::string>& files) override {
    watched = files;
    return {};
  }
  Event wait(std::optional<std::chrono::milliseconds>) override {
    if (script.empty()) return Event::kStopped;
    Event e = script.front();
    script.pop_front();
    return e;
  }
  void stop() override { script.clear(); }
};

std::string read_text(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

void replace_in(const fs::path& p, const std::string& from, const std::string& to) {
  std::string text = read_text(p);
  size_t at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from << " in " << p;
  text.replace(at, from.size(), to);
  std::ofstream(p, std::ios::trunc) << text;
}

class WatchTest : public ::testing::Test {
 protected:
  WatchTest() {
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "scenarios");
    fs::copy(fs::path(GRAPHMOCK_TEST_FIXTURES) / "default", dir_ / "default");
    std::ofstream(scenario_) << R"({"name": "watched", "faults": [{"id": "gone",
      "match": {"path": "/beta/teamwork/devices/gone"}, "respond": {"status": 503}}]})";
  }
  ~WatchTest() override { fs::remove_all(dir_); }

  ServerOptions options() const {
    ServerOptions o = testing::test_options();
    o.fixtures_dir = dir_.string();
    o.scenario = scenario_.string();
    o.watch = true;
    return o;
  }
  Response get(const std::string& path) {
    Request r;
    r.method = "GET";
    r.path = path;
    return server_.handle(r);
  }
  std::string notes() {
    Response r = get(std::string("/beta/teamwork/devices/") + kDevice);
    EXPECT_EQ(r.status, 200) << r.body;
    return Json::parse(r.body, nullptr, false).value("notes", "");
  }
  // One save, seen by the loop: a change, the settle wait, the reload, then the stop.
  void saved() {
    watcher_.script = {FileWatcher::Event::kChanged, FileWatcher::Event::kChanged,
                       FileWatcher::Event::kQuiet};
    internals(server_).watch_files(watcher_);
  }
  Json status() { return internals(server_).watch_status(); }

  const fs::path dir_ =
      fs::temp_directory_path() / ("graphmock-watch-" + std::to_string(::getpid()));
  const fs::path scenario_ = dir_ / "scenarios" / "watched.json";
  const fs::path devices_ = dir_ / "default" / "teamworkDevices.json";
  Server server_{options()};
  ScriptedWatcher watcher_;
};

TEST_F(WatchTest, WatchesTheFixtureSetAndTheScenarioFile) {
  ASSERT_TRUE(server_.load().ok());
  watcher_.script.clear();
  internals(server_).watch_files(watcher_);
  EXPECT_NE(std::find(watcher_.watched.begin(), watcher_.watched.end(), scenario_.string()),
            watcher_.watched.end());
  EXPECT_NE(std::find(watcher_.watched.begin(), watcher_.watched.end(), devices_.string()),
            watcher_.watched.end());
  EXPECT_EQ(status()["files"], watcher_.watched);
  EXPECT_EQ(status()["reloads"], 0);
  EXPECT_TRUE(status()["error"].is_null());
}

TEST_F(WatchTest, AnEditedFixtureIsServedAndTheJournalKept) {
  ASSERT_TRUE(server_.load().ok());
  EXPECT_EQ(notes(), "Boardroom, 4th floor");
  replace_in(devices_, "Boardroom, 4th floor", "Moved to the 5th floor");
  saved();
  EXPECT_EQ(notes(), "Moved to the 5th floor");
  EXPECT_EQ(status()["reloads"], 1);
  EXPECT_TRUE(status()["error"].is_null());
  EXPECT_EQ(server_.journal().size(), 2u);  // both GETs: a reload is not a reset of the journal
}

TEST_F(WatchTest, ABrokenFixtureKeepsTheDataAndShowsFileAndPointer) {
  ASSERT_TRUE(server_.load().ok());
  replace_in(devices_, "Boardroom, 4th floor", "Moved to the 5th floor");
  saved();
  replace_in(devices_, "\"deviceType\": \"teamsRoom\"", "\"deviceType\": \"TeamsRoom\"");
  replace_in(devices_, "Moved to the 5th floor", "Not served");
  saved();
  EXPECT_EQ(notes(), "Moved to the 5th floor");
  std::string error = status()["error"].get<std::string>();
  EXPECT_NE(error.find(devices_.string() + ": /value/"), std::string::npos) << error;
  EXPECT_NE(error.find("/deviceType: 'TeamsRoom' is not one of"), std::string::npos) << error;
  EXPECT_EQ(status()["reloads"], 1);
  Json state = internals(server_).state();
  EXPECT_EQ(state["watch"]["error"], error);

  // The next valid save clears it.
  replace_in(devices_, "\"deviceType\": \"TeamsRoom\"", "\"deviceType\": \"teamsRoom\"");
  saved();
  EXPECT_EQ(notes(), "Not served");
  EXPECT_TRUE(status()["error"].is_null());
  EXPECT_EQ(status()["reloads"], 2);
}

TEST_F(WatchTest, AnEditedScenarioAppliesAndABrokenOneIsRefused) {
  ASSERT_TRUE(server_.load().ok());
  EXPECT_EQ(get("/beta/teamwork/devices/gone").status, 503);
  replace_in(scenario_, "\"status\": 503", "\"status\": 504");
  saved();
  EXPECT_EQ(get("/beta/teamwork/devices/gone").status, 504);

  replace_in(scenario_, "\"status\": 504", "\"status\": \"often\"");
  saved();
  EXPECT_EQ(get("/beta/teamwork/devices/gone").status, 504);
  std::string error = status()["error"].get<std::string>();
  EXPECT_NE(error.find(scenario_.string()), std::string::npos) << error;
  EXPECT_NE(error.find("/faults/0/respond/status"), std::string::npos) << error;
}

// A scenario loaded through /_mock names another file: it is watched from the next look-up.
TEST_F(WatchTest, AScenarioLoadedThroughTheAdminApiIsWatched) {
  ASSERT_TRUE(server_.load().ok());
  const fs::path other = dir_ / "scenarios" / "other.json";
  std::ofstream(other) << R"({"name": "other"})";
  ASSERT_TRUE(internals(server_).load_scenario("other").ok());
  watcher_.script = {FileWatcher::Event::kQuiet};
  internals(server_).watch_files(watcher_);
  EXPECT_NE(std::find(watcher_.watched.begin(), watcher_.watched.end(), other.string()),
            watcher_.watched.end());
  EXPECT_EQ(std::find(watcher_.watched.begin(), watcher_.watched.end(), scenario_.string()),
            watcher_.watched.end());
}

// Without --watch there is nothing to show.
TEST(WatchOffTest, HealthHasNoWatchStatus) {
  Server server(testing::test_options());
  ASSERT_TRUE(server.load().ok());
  EXPECT_TRUE(internals(server).watch_status().is_null());
  EXPECT_FALSE(internals(server).state().contains("watch"));
}

}  // namespace
}  // namespace graphmock
