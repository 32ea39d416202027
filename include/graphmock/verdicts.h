// Client verdicts: did the client behave as Microsoft Graph asks? Rules evaluated over
// journal entries (the live journal, or a journal file read back), each verdict naming the
// rule, its severity, the Graph guidance it comes from and the entries that show it
// (docs/verdicts.md). Pure functions of their arguments; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "graphmock/journal_entry.h"
#include "graphmock/result.h"

namespace graphmock {

enum class Severity { kViolation, kAdvice };
std::string_view severity_name(Severity s);  // "violation" | "advice"

// The thresholds of the rules (docs/verdicts.md gives the reason for each default). Set by
// name with set_verdict_setting: the query of GET /_mock/verdicts, `graph-mock verdicts --set`.
struct VerdictSettings {
  // minBackoffSeconds: the least wait before retrying a 429/503 that carried no Retry-After.
  double min_backoff_seconds = 1.0;
  // pollIntervalSeconds: the least time between two polls of one operation when neither the
  // 202 nor the last poll's answer carried a Retry-After.
  double poll_interval_seconds = 5.0;
  // largeListItems: a list answer with this many items (or with an @odata.nextLink) is large.
  size_t large_list_items = 100;
  // maxBatchRequests: the most requests one $batch may carry.
  size_t max_batch_requests = 20;
  // Rule ids not evaluated (silenced for a test).
  std::vector<std::string> ignore;
};

// Sets one threshold by its name (minBackoffSeconds, ...) or adds a rule id to `ignore`
// (name "ignore", a comma-separated list). 400 naming the setting when unknown or invalid.
Status set_verdict_setting(VerdictSettings& settings, std::string_view name,
                           std::string_view value);

struct VerdictRule {
  std::string_view id;
  Severity severity;
  std::string_view explanation;  // one line, citing the Graph guidance
};
// Every rule, in the order verdicts are reported.
const std::vector<VerdictRule>& verdict_rules();

struct Verdict {
  std::string rule;  // a VerdictRule id
  Severity severity = Severity::kViolation;
  std::string explanation;     // the rule's
  std::string detail;          // what this client did, e.g. "GET /beta/x retried after 0 s ..."
  std::vector<uint64_t> seqs;  // the journal entries that show it, in order
};

// Every verdict over `entries` (oldest first, as Journal::entries gives them).
std::vector<Verdict> evaluate_verdicts(const std::vector<JournalEntry>& entries,
                                       const VerdictSettings& settings = {});

// {"rule","severity","explanation","detail","entries":[{"seq","time","method","path",
//  "query","status"}...]}: the evidence of each seq found in `entries`.
nlohmann::json to_json(const Verdict& verdict, const std::vector<JournalEntry>& entries);
// The evidence of a to_json() verdict, one line per entry
// ("  #3 2026-01-05T09:00:00Z GET /beta/...?query -> 429\n"); past `max_lines` entries, one
// line "  ... N more entries".
std::string evidence_lines(const nlohmann::json& verdict, size_t max_lines = SIZE_MAX);
// Several lines: "violation retry-before-retry-after: detail", the explanation, then the
// evidence (at most 10 lines of it).
std::string describe(const Verdict& verdict, const std::vector<JournalEntry>& entries);

}  // namespace graphmock
