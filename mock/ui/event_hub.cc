#include "ui/event_hub.h"

#include <algorithm>
#include <memory>
#include <string>

#include "admin/admin_api.h"
#include "journal/journal.h"

namespace graphmock {
namespace {

// Stream wake-ups are real time, not mock time: they pace I/O, not the mock.
// A quiet stream still wakes this often to notice a server stop (cpp-httplib
// checks between calls), to send the real clock, and to find a gone client.
constexpr auto kWake = std::chrono::seconds(1);
constexpr auto kKeepAlive = std::chrono::seconds(5);
// A viewer's cost is bounded whatever the request rate: at most one batch per
// kMinInterval, of at most kMaxBatch entries (a bigger burst sends its newest).
constexpr auto kMinInterval = std::chrono::milliseconds(100);
constexpr uint64_t kMaxBatch = 100;

JournalFilter last_entries(uint64_t n) {
  JournalFilter f;
  f.limit = static_cast<size_t>(n);
  return f;
}

bool is_admin(const std::string& path) { return path == "/_mock" || path.rfind("/_mock/", 0) == 0; }

std::string event(std::string_view name, const Json& data) {
  std::string out = "event: ";
  out.append(name).append("\ndata: ");
  out += data.dump(-1, ' ', false, Json::error_handler_t::replace);
  out += "\n\n";
  return out;
}

}  // namespace

struct EventHub::Cursor {
  uint64_t graph_seen = 0;
  uint64_t changes_seen = 0;
  uint64_t last_seq = 0;
  std::string clock_sent;
  bool hello_sent = false;
  std::chrono::steady_clock::time_point last_write = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_batch{};
};

EventHub::EventHub(MockControl& control, size_t max_viewers)
    : control_(control), max_viewers_(max_viewers) {}

void EventHub::record(const Exchange& ex) {
  if (watching_.load(std::memory_order_relaxed) == 0) return;
  bool admin = is_admin(ex.request.path);
  bool reads = ex.request.method == "GET" || ex.request.method == "HEAD";
  if (admin && reads) return;  // the dashboard's own reads (and this stream) change nothing
  {
    std::lock_guard lock(mu_);
    if (!admin) ++graph_exchanges_;
    if (!reads) ++changes_;
  }
  changed_.notify_all();
}

void EventHub::state_changed() {
  {
    std::lock_guard lock(mu_);
    ++changes_;
  }
  changed_.notify_all();
}

std::optional<BodyStream> EventHub::open() {
  auto cursor = std::make_shared<Cursor>();
  {
    std::lock_guard lock(mu_);
    if (closed_ || viewers_ >= max_viewers_) return std::nullopt;
    watching_ = ++viewers_;
    cursor->graph_seen = graph_exchanges_;
    cursor->changes_seen = changes_;
  }
  auto newest = control_.journal(last_entries(1));
  if (!newest.empty()) cursor->last_seq = newest.back().seq;
  // The slot is the stream's: freed when the front drops it, however it ended.
  std::shared_ptr<void> slot(nullptr, [this](void*) { release(); });
  return BodyStream(
      [this, cursor, slot](const ChunkWriter& write) { return pump(*cursor, write); });
}

void EventHub::release() {
  std::lock_guard lock(mu_);
  watching_ = --viewers_;
}

void EventHub::close() {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  changed_.notify_all();
}

size_t EventHub::viewers() const {
  std::lock_guard lock(mu_);
  return viewers_;
}

bool EventHub::pump(Cursor& c, const ChunkWriter& write) {
  std::string out;
  if (!c.hello_sent) {
    c.hello_sent = true;
    Json clock = clock_json(control_.clock());
    c.clock_sent = clock["now"];
    out = "retry: 2000\n\n" + event("hello", {{"clock", clock}, {"maxViewers", max_viewers_}});
  } else {
    uint64_t new_graph = 0;
    bool changed = false;
    {
      std::unique_lock lock(mu_);
      changed_.wait_until(lock, c.last_batch + kMinInterval, [&] { return closed_; });
      changed_.wait_for(lock, kWake, [&] {
        return closed_ || graph_exchanges_ != c.graph_seen || changes_ != c.changes_seen;
      });
      if (closed_) return false;
      new_graph = graph_exchanges_ - c.graph_seen;
      changed = changes_ != c.changes_seen;
      c.graph_seen = graph_exchanges_;
      c.changes_seen = changes_;
    }
    c.last_batch = std::chrono::steady_clock::now();
    if (new_graph > 0) {
      // The newest entries cover every one not sent yet: more may have landed
      // since the count was read, and seq tells which were sent.
      for (const auto& e : control_.journal(last_entries(std::min(new_graph, kMaxBatch))))
        if (e.seq > c.last_seq) {
          out += event("journal", to_json(e));
          c.last_seq = e.seq;
        }
    }
    if (changed) out += event("state", Json::object());
  }
  Json clock = clock_json(control_.clock());
  if (clock["now"] != c.clock_sent) {
    c.clock_sent = clock["now"];
    out += event("clock", clock);
  }
  auto now = std::chrono::steady_clock::now();
  if (out.empty() && now - c.last_write >= kKeepAlive) out = ": keep-alive\n\n";
  if (out.empty()) return true;
  c.last_write = now;
  return write(out);
}

}  // namespace graphmock
