// The journal: the Graph exchanges (everything outside /_mock) kept in memory
// in a bounded ring (oldest dropped first; of a body over 64 KiB only the
// start) for GET /_mock/requests and
// Server::journal(); and, when a file is opened, every exchange, admin calls
// included, appended to it as one JSON line written with one write(2) as it
// happens, so a killed run still leaves the record. Credentials are redacted
// before either keeps them (redaction.h), unless told to keep them.
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "graphmock/journal_entry.h"
#include "graphmock/result.h"
#include "pipeline/pipeline.h"

namespace graphmock {

// {"seq","time","method","path","query","request":{"headers","body"},
//  "response":{"status","headers","body"},"status","latencyMs","fault","throttledBy","delivery","requestId",
//  "batchRequestId","carriesRequests"}
// Bodies that are JSON appear as JSON, others as strings.
nlohmann::json to_json(const JournalEntry& entry);
// The entry a to_json() object describes (a journal file's line read back); 400 naming the
// member that is missing or of the wrong type. Headers joined by to_json stay joined.
Result<JournalEntry> journal_entry_from_json(const nlohmann::json& j);

class Journal final : public ExchangeSink {
 public:
  static constexpr size_t kDefaultCapacity = 10000;
  // `keep_secrets`: keep Authorization, Cookie and credential query parameters as sent.
  explicit Journal(size_t capacity = kDefaultCapacity, bool keep_secrets = false);
  ~Journal() override;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Appends JSON lines to `path` from now on (created if missing). False with `error`.
  bool open_file(const std::string& path, std::string& error);

  void record(const Exchange& exchange) override;
  // Oldest first. A path pattern over PathPattern's caps matches nothing
  // (GET /_mock/requests answers 400 for it).
  std::vector<JournalEntry> entries(const JournalFilter& filter = {}) const;
  void clear();  // the in-memory ring only: the file is a record of the run
  size_t size() const;

 private:
  const size_t capacity_;
  const bool keep_secrets_;
  mutable std::mutex mu_;
  // Written only before it is shared: read outside the lock once in the ring.
  std::deque<std::shared_ptr<JournalEntry>> ring_;
  std::shared_ptr<JournalEntry> spare_;  // an evicted entry held by nobody, to be refilled
  uint64_t next_seq_ = 1;
  int fd_ = -1;
};

}  // namespace graphmock
