// GET /_mock/events: what the dashboard watches, as Server-Sent Events. The
// hub is a sink of every exchange; a viewer's stream wakes when one arrives
// and sends the new journal entries ("journal", one per Graph exchange), a
// "state" event after anything that may change state (a Graph call other than
// GET, an admin call other than GET) and a "clock" event when the mock clock
// moved. Each open stream holds its connection's thread (the front runs one
// per connection), so at most max_viewers watch at once; open() refuses more.
// Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include "control/mock_control.h"
#include "pipeline/pipeline.h"

namespace graphmock {

class EventHub final : public ExchangeSink {
 public:
  static constexpr size_t kDefaultMaxViewers = 4;

  explicit EventHub(MockControl& control, size_t max_viewers = kDefaultMaxViewers);

  // On the request path: one relaxed load while nobody watches.
  void record(const Exchange& exchange) override;
  // Sends viewers a "state" event for a change no exchange made (a --watch reload).
  void state_changed();

  // A stream for one viewer, or nullopt when max_viewers already watch or the
  // hub is closed. The viewer's slot is freed when the stream is destroyed.
  std::optional<BodyStream> open();
  // Ends every stream within one wake-up and refuses new ones (server stop).
  void close();
  size_t viewers() const;
  size_t max_viewers() const { return max_viewers_; }

 private:
  struct Cursor;
  bool pump(Cursor& cursor, const ChunkWriter& write);
  void release();

  MockControl& control_;
  const size_t max_viewers_;
  std::atomic<size_t> watching_{0};  // copy of viewers_ read without the lock
  mutable std::mutex mu_;
  std::condition_variable changed_;
  size_t viewers_ = 0;
  uint64_t graph_exchanges_ = 0;  // counted while someone watches
  uint64_t changes_ = 0;
  bool closed_ = false;
};

}  // namespace graphmock
