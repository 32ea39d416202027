#include "verdicts/verdict_report.h"

#include <algorithm>
#include <fstream>

#include "core/admin_path.h"
#include "core/files.h"
#include "core/json_body.h"
#include "core/time_format.h"
#include "journal/journal.h"

namespace graphmock {
namespace {

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "&#10;";
        break;
      default:
        // XML 1.0 allows no other control characters, escaped or not.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t')
          out += '?';
        else
          out += c;
    }
  }
  return out;
}

bool is_test(const JournalEntry& e, std::string_view test) {
  return std::any_of(e.request_headers.begin(), e.request_headers.end(), [&](const auto& h) {
    return !CaseInsensitiveLess{}(h.first, kTestNameHeader) &&
           !CaseInsensitiveLess{}(kTestNameHeader, h.first) && h.second == test;
  });
}

}  // namespace

Result<VerdictQuery> verdict_query(const QueryParams& params) {
  VerdictQuery q;
  for (const auto& [key, value] : params) {
    if (key == "since" || key == "until") {
      auto t = parse_iso8601(value);
      if (!t)
        return GraphError::bad_request("?" + key + "= wants an ISO 8601 date-time such as " +
                                       "2026-01-05T09:00:00Z, not '" + value + "'.");
      (key == "since" ? q.since : q.until) = *t;
    } else if (key == "test") {
      q.test = value;
    } else if (auto set = set_verdict_setting(q.settings, key, value); !set) {
      return set.error();
    }
  }
  return q;
}

std::vector<JournalEntry> select_entries(std::vector<JournalEntry> entries, const VerdictQuery& q) {
  std::erase_if(entries, [&q](const JournalEntry& e) {
    return (q.since && e.time < *q.since) || (q.until && e.time > *q.until) ||
           (!q.test.empty() && !is_test(e, q.test));
  });
  return entries;
}

nlohmann::json verdict_report(const std::vector<JournalEntry>& entries,
                              const std::vector<Verdict>& verdicts,
                              const VerdictSettings& settings) {
  nlohmann::json value = nlohmann::json::array(), rules = nlohmann::json::array();
  size_t violations = 0, advice = 0;
  for (const auto& v : verdicts) {
    (v.severity == Severity::kViolation ? violations : advice)++;
    value.push_back(to_json(v, entries));
  }
  for (const auto& r : verdict_rules()) {
    auto n = std::count_if(verdicts.begin(), verdicts.end(),
                           [&r](const Verdict& v) { return v.rule == r.id; });
    bool ignored =
        std::find(settings.ignore.begin(), settings.ignore.end(), r.id) != settings.ignore.end();
    rules.push_back({{"id", r.id},
                     {"severity", severity_name(r.severity)},
                     {"explanation", r.explanation},
                     {"verdicts", n},
                     {"ignored", ignored}});
  }
  auto exchanges = std::count_if(entries.begin(), entries.end(),
                                 [](const JournalEntry& e) { return !is_admin_path(e.path); });
  return {{"violations", violations},
          {"advice", advice},
          {"exchanges", exchanges},
          {"value", std::move(value)},
          {"rules", std::move(rules)}};
}

std::string junit_xml(const nlohmann::json& report) {
  const auto& rules = report["rules"];
  size_t failures = 0, skipped = 0;
  std::string cases;
  for (const auto& r : rules) {
    std::string id = r["id"].get<std::string>();
    cases += "  <testcase classname=\"graphmock.verdicts\" name=\"" + xml_escape(id) + "\">\n";
    std::string failure_text, advice_text;
    size_t violations = 0;
    for (const auto& v : report["value"]) {
      if (v["rule"] != id) continue;
      std::string text = v["detail"].get<std::string>() + "\n" + evidence_lines(v);
      if (v["severity"] == "violation") {
        ++violations;
        failure_text += text;
      } else {
        advice_text += text;
      }
    }
    if (r["ignored"].get<bool>()) {
      ++skipped;
      cases += "    <skipped message=\"ignored by the settings\"/>\n";
    } else if (violations > 0) {
      ++failures;
      cases += "    <failure type=\"violation\" message=\"" +
               xml_escape(std::to_string(violations) +
                          " violation(s): " + r["explanation"].get<std::string>()) +
               "\">" + xml_escape(failure_text) + "</failure>\n";
    }
    if (!advice_text.empty())
      cases += "    <system-out>" +
               xml_escape(r["explanation"].get<std::string>() + "\n" + advice_text) +
               "</system-out>\n";
    cases += "  </testcase>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"graph-mock verdicts\" "
         "tests=\"" +
         std::to_string(rules.size()) + "\" failures=\"" + std::to_string(failures) +
         "\" errors=\"0\" skipped=\"" + std::to_string(skipped) + "\">\n" + cases +
         "</testsuite>\n";
}

int run_verdicts(const std::string& journal_file, const std::string& junit_file,
                 const std::vector<std::string>& settings, std::ostream& out, std::ostream& err) {
  VerdictSettings s;
  for (const auto& pair : settings) {
    auto eq = pair.find('=');
    if (eq == std::string::npos) {
      err << "graph-mock verdicts: --set wants NAME=VALUE, not '" << pair << "'\n";
      return 2;
    }
    if (auto set = set_verdict_setting(s, pair.substr(0, eq), pair.substr(eq + 1)); !set) {
      err << "graph-mock verdicts: " << set.error().message << "\n";
      return 2;
    }
  }
  auto text = read_file(journal_file);
  if (!text) {
    err << "graph-mock verdicts: " << text.error().message << "\n";
    return 2;
  }
  std::vector<JournalEntry> entries;
  size_t line_no = 0, start = 0;
  while (start < text->size()) {
    size_t end = std::min(text->find('\n', start), text->size());
    std::string_view line = std::string_view(*text).substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    std::string where = journal_file + ":" + std::to_string(line_no);
    auto parsed = parse_json_document(line, where);
    if (!parsed) {
      err << "graph-mock verdicts: " << parsed.error().message << "\n";
      return 2;
    }
    auto entry = journal_entry_from_json(*parsed);
    if (!entry) {
      err << "graph-mock verdicts: " << where << ": " << entry.error().message << "\n";
      return 2;
    }
    entries.push_back(std::move(*entry));
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const JournalEntry& a, const JournalEntry& b) { return a.seq < b.seq; });
  auto verdicts = evaluate_verdicts(entries, s);
  auto report = verdict_report(entries, verdicts, s);
  for (const auto& v : verdicts) out << describe(v, entries);
  out << report["violations"].get<size_t>() << " violation(s), " << report["advice"].get<size_t>()
      << " advice over " << report["exchanges"].get<size_t>() << " exchange(s)\n";
  if (!junit_file.empty()) {
    std::ofstream junit(junit_file, std::ios::binary | std::ios::trunc);
    junit << junit_xml(report);
    if (!junit.flush()) {
      err << "graph-mock verdicts: cannot write " << junit_file << "\n";
      return 2;
    }
  }
  return report["violations"].get<size_t>() > 0 ? 1 : 0;
}

}  // namespace graphmock
