#include "journal/journal.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <utility>

#include "core/admin_path.h"
#include "core/json_body.h"
#include "core/redaction.h"
#include "core/time_format.h"
#include "faults/fault_rule.h"
#include "faults/path_pattern.h"

namespace graphmock {
namespace {

nlohmann::json headers_json(const HeaderList& headers) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : headers) {
    if (out.contains(k))
      out[k] = out[k].get<std::string>() + ", " + v;
    else
      out[k] = v;
  }
  return out;
}

// Deeper bodies stay text: dump() recurses (the pipeline refuses them anyway).
constexpr size_t kMaxParsedDepth = 256;
constexpr size_t kMaxRingBodyBytes = 64 * 1024;

nlohmann::json body_json(const std::string& body) {
  if (body.empty()) return nullptr;
  if (json_nesting_depth(body, kMaxParsedDepth) > kMaxParsedDepth) return nlohmann::json(body);
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  return parsed.is_discarded() ? nlohmann::json(body) : parsed;
}

}  // namespace

nlohmann::json to_json(const JournalEntry& e) {
  nlohmann::json j = {
      {"seq", e.seq},
      {"time", format_iso8601(e.time)},
      {"method", e.method},
      {"path", e.path},
      {"query", e.query},
      {"request",
       {{"headers", headers_json(e.request_headers)}, {"body", body_json(e.request_body)}}},
      {"response",
       {{"status", e.status},
        {"headers", headers_json(e.response_headers)},
        {"body", body_json(e.response_body)}}},
      {"status", e.status},
      {"latencyMs", std::chrono::duration<double, std::milli>(e.latency).count()},
      {"fault", e.fault.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.fault)},
      {"throttledBy",
       e.throttled_by.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.throttled_by)},
      {"delivery", delivery_name(e.delivery)},
      {"requestId", e.request_id},
      {"batchRequestId",
       e.batch_request_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.batch_request_id)},
      {"carriesRequests", e.carries_requests}};
  return j;
}

Result<JournalEntry> journal_entry_from_json(const nlohmann::json& j) {
  auto want = [&j](const char* key, bool ok) -> Status {
    if (ok) return {};
    return GraphError::bad_request(std::string("journal entry: '") + key +
                                   (j.contains(key) ? "' has the wrong type" : "' is missing"));
  };
  if (!j.is_object()) return GraphError::bad_request("journal entry: not a JSON object");
  for (auto [key, ok] :
       {std::pair{"seq", j.contains("seq") && j["seq"].is_number_integer() && j["seq"] >= 0},
        std::pair{"time", j.contains("time") && j["time"].is_string()},
        std::pair{"method", j.contains("method") && j["method"].is_string()},
        std::pair{"path", j.contains("path") && j["path"].is_string()},
        std::pair{"status", j.contains("status") && j["status"].is_number_integer()}})
    if (auto checked = want(key, ok); !checked) return checked.error();
  JournalEntry e;
  e.seq = j["seq"].get<uint64_t>();
  auto time = parse_iso8601(j["time"].get<std::string>());
  if (!time) return GraphError::bad_request("journal entry: 'time' is not an ISO 8601 date-time");
  e.time = *time;
  e.method = j["method"].get<std::string>();
  e.path = j["path"].get<std::string>();
  e.status = j["status"].get<int>();
  auto text = [](const nlohmann::json& v) {
    return v.is_string() ? v.get<std::string>() : v.is_null() ? std::string() : v.dump();
  };
  if (auto q = j.find("query"); q != j.end() && q->is_string()) e.query = q->get<std::string>();
  auto part = [&j, &text](const char* key, HeaderList& headers, std::string& body) {
    auto p = j.find(key);
    if (p == j.end() || !p->is_object()) return;
    if (auto h = p->find("headers"); h != p->end() && h->is_object())
      for (const auto& [name, value] : h->items()) headers.emplace_back(name, text(value));
    if (auto b = p->find("body"); b != p->end()) body = text(*b);
  };
  part("request", e.request_headers, e.request_body);
  part("response", e.response_headers, e.response_body);
  if (auto f = j.find("fault"); f != j.end()) e.fault = text(*f);
  if (auto t = j.find("throttledBy"); t != j.end()) e.throttled_by = text(*t);
  if (auto r = j.find("requestId"); r != j.end()) e.request_id = text(*r);
  if (auto b = j.find("batchRequestId"); b != j.end()) e.batch_request_id = text(*b);
  if (auto c = j.find("carriesRequests"); c != j.end() && c->is_boolean())
    e.carries_requests = c->get<bool>();
  if (auto ms = j.find("latencyMs"); ms != j.end() && ms->is_number())
    e.latency = Duration(static_cast<int64_t>(ms->get<double>() * 1000));
  return e;
}

static bool matches(const JournalFilter& f, const std::optional<PathPattern>& path,
                    const JournalEntry& e) {
  const std::string& status = f.status;
  const std::string& fault = f.fault;
  if (!method_matches(f.method, e.method) || (path && !path->matches(e.path))) return false;
  if (!status.empty()) {
    std::string s = std::to_string(e.status);
    if (status.size() != s.size()) return false;
    for (size_t i = 0; i < s.size(); ++i)
      if (status[i] != s[i] && status[i] != 'x' && status[i] != 'X') return false;
  }
  if (fault == "*") return !e.fault.empty();
  if (!fault.empty()) {
    // e.fault is "id" or "id1,id2": match one whole id.
    size_t start = 0;
    while (start <= e.fault.size()) {
      size_t end = e.fault.find(',', start);
      if (end == std::string::npos) end = e.fault.size();
      if (e.fault.compare(start, end - start, fault) == 0) return true;
      start = end + 1;
    }
    return false;
  }
  return true;
}

Journal::Journal(size_t capacity, bool keep_secrets)
    : capacity_(capacity), keep_secrets_(keep_secrets) {}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

bool Journal::open_file(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    error = "cannot open journal file '" + path + "': " + std::strerror(errno);
    return false;
  }
  std::lock_guard lock(mu_);
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  return true;
}

void Journal::record(const Exchange& ex) {
  // Copy assignments into a recycled entry reuse its strings' buffers: in a full ring a recorded
  // exchange allocates (and frees) almost nothing.
  std::shared_ptr<JournalEntry> entry;
  {
    std::lock_guard lock(mu_);
    entry = std::move(spare_);
  }
  if (!entry) entry = std::make_shared<JournalEntry>();
  JournalEntry& e = *entry;
  e.time = ex.time;
  e.method = ex.request.method;
  e.path = ex.request.path;
  if (keep_secrets_)
    e.query = ex.request.raw_query;
  else
    e.query = redact_query(ex.request.raw_query);
  e.request_headers.resize(ex.request.headers.size());
  auto request_header = e.request_headers.begin();
  for (const auto& [name, value] : ex.request.headers) {
    request_header->first = name;
    if (keep_secrets_ || !is_credential_header(name))
      request_header->second = value;
    else
      request_header->second = redact_header(name, value);
    ++request_header;
  }
  e.request_body = ex.request.body;
  e.status = ex.response.status;
  // The headers in name order, Content-Type (kept apart in Response) among them.
  const std::string& content_type = ex.response.content_type;
  bool type_due = !content_type.empty();
  e.response_headers.resize(ex.response.headers.size() + (type_due ? 1 : 0));
  auto response_header = e.response_headers.begin();
  for (auto h = ex.response.headers.begin();; ++h) {
    if (type_due &&
        (h == ex.response.headers.end() || CaseInsensitiveLess{}("Content-Type", h->first))) {
      response_header->first = "Content-Type";
      response_header->second = content_type;
      ++response_header;
      type_due = false;
    }
    if (h == ex.response.headers.end()) break;
    response_header->first = h->first;
    response_header->second = h->second;
    ++response_header;
  }
  e.response_body = ex.response.body;
  e.delivery = ex.response.delivery;
  e.latency = ex.latency;
  e.fault = ex.fault;
  e.throttled_by = ex.throttled_by;
  e.request_id = ex.request.request_id;
  e.batch_request_id = ex.request.batch_request_id;
  e.carries_requests = ex.carries_requests;

  std::shared_ptr<JournalEntry> evicted;  // declared first: freed after the lock
  std::lock_guard lock(mu_);
  e.seq = next_seq_++;
  if (fd_ >= 0) {
    // One write(2) per line with O_APPEND: lines never interleave, and the
    // bytes are in the kernel before the client sees the response.
    std::string line =
        to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    size_t off = 0;
    while (off < line.size()) {
      ssize_t n = ::write(fd_, line.data() + off, line.size() - off);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      off += static_cast<size_t>(n);
    }
  }
  if (capacity_ == 0 || is_admin_path(e.path)) {  // asking the journal must not fill it
    evicted = std::exchange(spare_, std::move(entry));
    return;
  }
  // 10,000 exchanges with 4 MiB bodies would be 80 GB: the ring keeps the start of a big body
  // (and no more buffer than that, the entry being reused).
  for (std::string* body : {&e.request_body, &e.response_body}) {
    if (body->size() > kMaxRingBodyBytes)
      body->replace(kMaxRingBodyBytes, std::string::npos,
                    "...[" + std::to_string(body->size() - kMaxRingBodyBytes) +
                        " more bytes, see --journal-file]");
    if (body->capacity() > 2 * kMaxRingBodyBytes) body->shrink_to_fit();
  }
  if (ring_.size() == capacity_) {
    evicted = std::move(ring_.front());
    ring_.pop_front();
    // Readers take their references under the lock: one held by nobody else stays unshared.
    if (evicted.use_count() == 1) {
      std::atomic_thread_fence(std::memory_order_acquire);  // after a reader's last use of it
      std::swap(spare_, evicted);
    }
  }
  ring_.push_back(std::move(entry));
}

std::vector<JournalEntry> Journal::entries(const JournalFilter& filter) const {
  std::optional<PathPattern> path;
  if (!filter.path.empty()) {
    auto parsed = PathPattern::parse(filter.path);
    if (!parsed) return {};
    path = std::move(*parsed);
  }
  // Newest first, so a limit copies only what it keeps (the dashboard asks for
  // the last few after every exchange). The filter is user-supplied: it runs on
  // chunks of the ring taken under the lock and matched outside it, so no
  // exchange waits for the matching to be recorded.
  constexpr std::ptrdiff_t kChunk = 256;
  std::vector<JournalEntry> out;
  std::vector<std::shared_ptr<const JournalEntry>> chunk;
  uint64_t before = UINT64_MAX;  // the next chunk: the entries older than this seq
  while (filter.limit == 0 || out.size() < filter.limit) {
    {
      std::lock_guard lock(mu_);
      auto end = std::lower_bound(ring_.begin(), ring_.end(), before,
                                  [](const auto& e, uint64_t seq) { return e->seq < seq; });
      chunk.assign(end - std::min(kChunk, end - ring_.begin()), end);
    }
    if (chunk.empty()) break;
    before = chunk.front()->seq;
    for (auto it = chunk.rbegin(); it != chunk.rend(); ++it) {
      if (filter.limit > 0 && out.size() == filter.limit) break;
      if (matches(filter, path, **it)) out.push_back(**it);
    }
  }
  std::reverse(out.begin(), out.end());
  return out;
}

void Journal::clear() {
  std::lock_guard lock(mu_);
  ring_.clear();
}

size_t Journal::size() const {
  std::lock_guard lock(mu_);
  return ring_.size();
}

}  // namespace graphmock
