// The seam between `serve --watch` and the file system: which files to watch,
// and a wait for the next change to one of them. The server's watch loop
// (mock/server) reads only this interface; tests script a fake. Debouncing
// and the reload itself are the loop's, not the watcher's.
//
// Two implementations: inotify (Linux; watches each file's folder, so an
// editor that saves by writing a new file and renaming it over the old one is
// seen), and polling (each file's size and modification time, every interval)
// where inotify is not available. Waiting uses the real monotonic time: it is
// the file system's time, not the mock's clock.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "graphmock/result.h"

namespace graphmock {

class FileWatcher {
 public:
  enum class Event { kChanged, kQuiet, kStopped };

  virtual ~FileWatcher() = default;
  // Watches exactly `files` from now on (what was watched before is dropped).
  // A file may be absent: its creation is a change. 400 naming the folder that
  // cannot be watched. Not thread-safe: call from the waiting thread.
  virtual Status watch(const std::vector<std::string>& files) = 0;
  // Blocks until a watched file is written, replaced or removed (kChanged),
  // `quiet` passes without one (kQuiet; nullopt waits for ever) or stop() is
  // called (kStopped, from then on at once).
  virtual Event wait(std::optional<std::chrono::milliseconds> quiet) = 0;
  // Thread-safe: makes a current and every later wait() return kStopped.
  virtual void stop() = 0;
};

// inotify; nullptr when the system refuses an inotify instance.
std::unique_ptr<FileWatcher> make_inotify_watcher();
// Compares each file's size and modification time every `interval`.
std::unique_ptr<FileWatcher> make_polling_watcher(std::chrono::milliseconds interval);
// inotify, else polling every 250 ms.
std::unique_ptr<FileWatcher> make_file_watcher();

}  // namespace graphmock
