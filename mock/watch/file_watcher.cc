#include "watch/file_watcher.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

namespace graphmock {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The folder a file is watched through, and the file's name in it.
std::pair<std::string, std::string> split(const std::string& file) {
  fs::path p(file);
  std::string dir = p.parent_path().string();
  return {dir.empty() ? "." : dir, p.filename().string()};
}

class InotifyWatcher final : public FileWatcher {
 public:
  InotifyWatcher(int fd, int stop_fd) : fd_(fd), stop_fd_(stop_fd) {}
  ~InotifyWatcher() override {
    ::close(fd_);
    ::close(stop_fd_);
  }

  Status watch(const std::vector<std::string>& files) override {
    for (const auto& [wd, names] : names_) ::inotify_rm_watch(fd_, wd);
    names_.clear();
    std::map<std::string, std::set<std::string>> by_dir;
    for (const auto& file : files) {
      auto [dir, name] = split(file);
      by_dir[dir].insert(name);
    }
    for (auto& [dir, names] : by_dir) {
      // Written and closed, renamed over or away, deleted: what an editor's save does.
      int wd = ::inotify_add_watch(fd_, dir.c_str(),
                                   IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE);
      if (wd < 0)
        return GraphError::bad_request("cannot watch " + dir + ": " + std::strerror(errno));
      names_[wd].insert(names.begin(), names.end());
    }
    return {};
  }

  Event wait(std::optional<milliseconds> quiet) override {
    const auto deadline = quiet ? Clock::now() + *quiet : Clock::time_point::max();
    for (;;) {
      if (stopped_) return Event::kStopped;
      int timeout = -1;
      if (quiet) {
        auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return Event::kQuiet;
        timeout = static_cast<int>(left.count());
      }
      pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
      int n = ::poll(fds, 2, timeout);
      if (n < 0 && errno != EINTR) return Event::kStopped;
      if (fds[1].revents) stopped_ = true;
      if (n > 0 && (fds[0].revents & POLLIN) && read_events()) return Event::kChanged;
    }
  }

  void stop() override {
    stopped_ = true;
    uint64_t one = 1;
    [[maybe_unused]] ssize_t written = ::write(stop_fd_, &one, sizeof one);
  }

 private:
  // Whether the events waiting name a watched file (or may have: an overflow,
  // a watched folder gone).
  bool read_events() {
    alignas(inotify_event) char buf[16 * 1024];
    bool changed = false;
    for (;;) {
      ssize_t len = ::read(fd_, buf, sizeof buf);
      if (len <= 0) return changed;
      for (ssize_t at = 0; at < len;) {
        const auto* e = reinterpret_cast<const inotify_event*>(buf + at);
        at += static_cast<ssize_t>(sizeof(inotify_event) + e->len);
        if (e->mask & (IN_Q_OVERFLOW | IN_IGNORED)) {
          changed = true;
          continue;
        }
        auto names = names_.find(e->wd);
        if (names != names_.end() && e->len > 0 && names->second.count(e->name)) changed = true;
      }
    }
  }

  const int fd_, stop_fd_;
  std::atomic<bool> stopped_{false};
  std::map<int, std::set<std::string>> names_;  // watch descriptor -> file names in its folder
};

class PollingWatcher final : public FileWatcher {
 public:
  explicit PollingWatcher(milliseconds interval) : interval_(interval) {}

  Status watch(const std::vector<std::string>& files) override {
    seen_.clear();
    for (const auto& file : files) seen_[file] = signature(file);
    return {};
  }

  Event wait(std::optional<milliseconds> quiet) override {
    const auto deadline = quiet ? Clock::now() + *quiet : Clock::time_point::max();
    std::unique_lock lock(mu_);
    for (;;) {
      if (stopped_) return Event::kStopped;
      bool changed = false;
      for (auto& [file, seen] : seen_)
        if (auto now = signature(file); now != seen) {
          seen = now;
          changed = true;
        }
      if (changed) return Event::kChanged;
      if (Clock::now() >= deadline) return Event::kQuiet;
      cv_.wait_until(lock, std::min(deadline, Clock::now() + interval_));
    }
  }

  void stop() override {
    std::lock_guard lock(mu_);
    stopped_ = true;
    cv_.notify_all();
  }

 private:
  // Size and modification time; all zero when the file is absent.
  using Signature = std::pair<uintmax_t, fs::file_time_type>;
  static Signature signature(const std::string& file) {
    std::error_code ec;
    uintmax_t size = fs::file_size(file, ec);
    if (ec) return {};
    auto time = fs::last_write_time(file, ec);
    return {size + 1, ec ? fs::file_time_type() : time};
  }

  const milliseconds interval_;
  std::map<std::string, Signature> seen_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

}  // namespace

std::unique_ptr<FileWatcher> make_inotify_watcher() {
  int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) return nullptr;
  int stop_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (stop_fd < 0) {
    ::close(fd);
    return nullptr;
  }
  return std::make_unique<InotifyWatcher>(fd, stop_fd);
}

std::unique_ptr<FileWatcher> make_polling_watcher(milliseconds interval) {
  return std::make_unique<PollingWatcher>(interval);
}

std::unique_ptr<FileWatcher> make_file_watcher() {
  if (auto watcher = make_inotify_watcher()) return watcher;
  return make_polling_watcher(milliseconds(250));
}

}  // namespace graphmock
