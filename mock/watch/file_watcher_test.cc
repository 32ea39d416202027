// Both watchers against a real folder. Nothing sleeps: a write made before
// wait() is already an inotify event or a changed size; a wait that should see
// nothing is given a zero quiet time.
#include "watch/file_watcher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace graphmock {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Event = FileWatcher::Event;

class FileWatcherTest : public ::testing::TestWithParam<bool> {
 protected:
  FileWatcherTest() {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    write(watched_, "{}");
  }
  ~FileWatcherTest() override { fs::remove_all(dir_); }

  std::unique_ptr<FileWatcher> make() {
    return GetParam() ? make_inotify_watcher() : make_polling_watcher(10ms);
  }
  static void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::trunc) << text;
  }

  const fs::path dir_ =
      fs::temp_directory_path() / ("graphmock-watcher-" + std::to_string(::getpid()));
  const fs::path watched_ = dir_ / "teamworkDevices.json";
};

TEST_P(FileWatcherTest, SeesAWriteOfAWatchedFileOnly) {
  auto watcher = make();
  ASSERT_NE(watcher, nullptr);
  ASSERT_TRUE(watcher->watch({watched_.string(), (dir_ / "absent.json").string()}).ok());
  write(dir_ / "other.json", "{}");  // an editor's swap file, another set's file
  EXPECT_EQ(watcher->wait(0ms), Event::kQuiet);
  write(watched_, R"({"value": []})");
  EXPECT_EQ(watcher->wait(10s), Event::kChanged);
  EXPECT_EQ(watcher->wait(0ms), Event::kQuiet);
  write(dir_ / "absent.json", "{}");  // created: a change too
  EXPECT_EQ(watcher->wait(10s), Event::kChanged);
}

TEST_P(FileWatcherTest, SeesAFileReplacedByARename) {
  auto watcher = make();
  ASSERT_NE(watcher, nullptr);
  ASSERT_TRUE(watcher->watch({watched_.string()}).ok());
  write(dir_ / "saving.tmp", R"({"value": [1]})");
  fs::rename(dir_ / "saving.tmp", watched_);
  EXPECT_EQ(watcher->wait(10s), Event::kChanged);
}

TEST_P(FileWatcherTest, StopEndsAWaitForEver) {
  auto watcher = make();
  ASSERT_NE(watcher, nullptr);
  ASSERT_TRUE(watcher->watch({watched_.string()}).ok());
  watcher->stop();
  EXPECT_EQ(watcher->wait(std::nullopt), Event::kStopped);
  EXPECT_EQ(watcher->wait(std::nullopt), Event::kStopped);
}

INSTANTIATE_TEST_SUITE_P(Watchers, FileWatcherTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "Inotify" : "Polling"; });

TEST(InotifyWatcherTest, AFolderThatCannotBeWatchedIsNamed) {
  auto watcher = make_inotify_watcher();
  ASSERT_NE(watcher, nullptr);
  Status s = watcher->watch({"/nonexistent-graphmock/default/teamworkDevices.json"});
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("cannot watch /nonexistent-graphmock/default"),
            std::string::npos)
      << s.error().message;
}

}  // namespace
}  // namespace graphmock
