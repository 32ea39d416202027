// What the rules of graphmock/verdicts.h are shown through: the query of GET /_mock/verdicts
// (time window, test name, settings), its JSON report, the JUnit file and the offline command
// `graph-mock verdicts`. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "graphmock/http_types.h"
#include "graphmock/verdicts.h"

namespace graphmock {

// The request header a test sets on its client's requests so its verdicts can be asked for
// by name (?test=NAME); the Python and Node helpers' test_header()/testHeader() make it.
inline constexpr std::string_view kTestNameHeader = "X-GraphMock-Test";

struct VerdictQuery {
  VerdictSettings settings;
  std::optional<TimePoint> since, until;  // inclusive, on the mock's clock
  std::string test;                       // "": every exchange
};

// since=, until= (ISO 8601), test=, and any setting of set_verdict_setting by name (ignore=
// may repeat). 400 naming the parameter otherwise.
Result<VerdictQuery> verdict_query(const QueryParams& params);

// The entries inside the query's window and of its test, oldest first.
std::vector<JournalEntry> select_entries(std::vector<JournalEntry> entries,
                                         const VerdictQuery& query);

// The verdicts evaluate_verdicts(entries, settings) gave, as
// {"violations": n, "advice": n, "exchanges": n, "value": [to_json(verdict)...],
//  "rules": [{"id", "severity", "explanation", "verdicts": n, "ignored": bool}...]}
nlohmann::json verdict_report(const std::vector<JournalEntry>& entries,
                              const std::vector<Verdict>& verdicts,
                              const VerdictSettings& settings);

// JUnit XML: one test case per rule of the report, failing on its violations; advice goes to
// <system-out>, an ignored rule is <skipped/>.
std::string junit_xml(const nlohmann::json& report);

// graph-mock verdicts --journal FILE [--junit OUT] [--set NAME=VALUE]...: every verdict over
// a journal file (serve --journal-file) to `out`. Exit status: 0 no violation (advice may be
// printed), 1 violations, 2 unusable input (unreadable file, a line that is not an entry, a
// bad setting, an unwritable OUT).
int run_verdicts(const std::string& journal_file, const std::string& junit_file,
                 const std::vector<std::string>& settings, std::ostream& out, std::ostream& err);

}  // namespace graphmock
