// The verdict rules (include/graphmock/verdicts.h): one pass per family of rules over the
// Graph exchanges of a journal, oldest first. Every rule reads only what the journal holds:
// the mock's clock at the end of each exchange, the headers, the status and the bodies.
#include "graphmock/verdicts.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "core/admin_path.h"
#include "core/json_body.h"
#include "core/query_string.h"
#include "core/time_format.h"

namespace graphmock {
namespace {

// The rule ids, as constants so a typo is a compile error.
constexpr std::string_view kRetryBeforeRetryAfter = "retry-before-retry-after";
constexpr std::string_view kRetryWithoutBackoff = "retry-without-backoff";
constexpr std::string_view kPollTooFast = "poll-too-fast";
constexpr std::string_view kPollAfterTerminal = "poll-after-terminal";
constexpr std::string_view kUnknownSkipToken = "unknown-skiptoken";
constexpr std::string_view kFirstPageAgain = "first-page-again";
constexpr std::string_view kBatchOverLimit = "batch-over-limit";
constexpr std::string_view kBatchRetryOutside = "batch-retry-outside-batch";
constexpr std::string_view kRepeatAfterConflict = "repeat-after-409";
constexpr std::string_view kNoClientRequestId = "no-client-request-id";
constexpr std::string_view kListWithoutSelectOrTop = "list-without-select-or-top";
constexpr std::string_view kAuthErrorRepeated = "auth-error-repeated";

using Entries = std::vector<const JournalEntry*>;

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

std::string format_seconds(double s) {
  std::ostringstream out;
  out << std::round(s * 1000) / 1000 << " s";
  return out.str();
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::optional<std::string> header(const HeaderList& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return v;
  return std::nullopt;
}

std::optional<std::string> query_param(std::string_view raw_query, std::string_view name) {
  for (const auto& [k, v] : parse_query_string(raw_query))
    if (iequals(k, name)) return v;
  return std::nullopt;
}

// The raw query without its $skiptoken pair: what makes a list request "the same list".
std::string query_without_skiptoken(std::string_view raw_query) {
  std::string out;
  size_t start = 0;
  while (start <= raw_query.size()) {
    size_t end = std::min(raw_query.find('&', start), raw_query.size());
    std::string_view pair = raw_query.substr(start, end - start);
    std::string key = percent_decode(pair.substr(0, pair.find('=')), true);
    if (!pair.empty() && !iequals(key, "$skiptoken")) {
      if (!out.empty()) out += '&';
      out += pair;
    }
    start = end + 1;
  }
  return out;
}

// Retry-After in seconds (Graph sends delta-seconds); nullopt when absent or not a number.
std::optional<double> retry_after(const JournalEntry& e) {
  auto value = header(e.response_headers, "Retry-After");
  if (!value) return std::nullopt;
  double s = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), s);
  if (ec != std::errc() || end != value->data() + value->size() || s < 0) return std::nullopt;
  return s;
}

bool throttled(const JournalEntry& e) { return e.status == 429 || e.status == 503; }
bool inner(const JournalEntry& e) { return !e.batch_request_id.empty(); }

// Same method, path, query and body: a retry of the request, not another one.
std::string request_key(const JournalEntry& e) {
  return e.method + ' ' + e.path + '?' + e.query + '\n' + e.request_body;
}

std::string line_of(const JournalEntry& e) {
  return e.method + ' ' + e.path + (e.query.empty() ? "" : "?" + e.query);
}

// The path of a URL or of a Location relative to the version root ("/teamwork/..."): the
// form the journal keeps ("/beta/teamwork/..."), without its query.
std::string graph_path(std::string_view url, std::string_view request_path) {
  if (auto scheme = url.find("://"); scheme != std::string_view::npos) {
    auto slash = url.find('/', scheme + 3);
    url = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
  }
  url = url.substr(0, url.find('?'));
  std::string_view version = request_path.substr(0, request_path.find('/', 1));
  if (url.starts_with("/beta/") || url.starts_with("/v1.0/") ||
      (!version.empty() && url.starts_with(std::string(version) + "/")))
    return std::string(url);
  return std::string(version) + std::string(url);
}

// The @odata.nextLink of a list answer, read from the text: the ring keeps only the start of
// a big body (the link comes before "value"), which then no longer parses as JSON.
std::optional<std::string> next_link(const JournalEntry& e) {
  constexpr std::string_view kKey = "\"@odata.nextLink\"";
  size_t at = e.response_body.find(kKey);
  if (at == std::string::npos) return std::nullopt;
  size_t open = e.response_body.find('"', e.response_body.find(':', at + kKey.size()));
  if (open == std::string::npos) return std::nullopt;
  size_t close = open + 1;
  while (close < e.response_body.size() && e.response_body[close] != '"')
    close += e.response_body[close] == '\\' ? 2 : 1;
  if (close >= e.response_body.size()) return std::nullopt;
  auto literal =
      nlohmann::json::parse(e.response_body.substr(open, close - open + 1), nullptr, false);
  if (!literal.is_string()) return std::nullopt;
  return literal.get<std::string>();
}

// A body as JSON, or null: not JSON, or nesting deeper than the guard allows.
nlohmann::json body_of(const std::string& text) {
  if (text.empty()) return nullptr;
  auto parsed = parse_json_document(text, "body");
  return parsed ? std::move(*parsed) : nlohmann::json();
}

bool terminal_status(const JournalEntry& poll) {
  if (poll.status != 200) return false;
  auto body = body_of(poll.response_body);
  if (!body.is_object() || !body.contains("status") || !body["status"].is_string()) return false;
  std::string s = body["status"].get<std::string>();
  for (std::string_view word :
       {"successful", "succeeded", "failed", "cancelled", "canceled", "completed"})
    if (iequals(s, word)) return true;
  return false;
}

const VerdictRule& rule(std::string_view id) {
  for (const auto& r : verdict_rules())
    if (r.id == id) return r;
  return verdict_rules().front();  // unreachable: every id above is in the table
}

class Collector {
 public:
  explicit Collector(const VerdictSettings& settings) : settings_(settings) {}
  bool on(std::string_view id) const {
    return std::find(settings_.ignore.begin(), settings_.ignore.end(), id) ==
           settings_.ignore.end();
  }
  void add(std::string_view id, std::string detail, std::vector<uint64_t> seqs) {
    if (!on(id)) return;
    const VerdictRule& r = rule(id);
    out_.push_back({std::string(r.id), r.severity, std::string(r.explanation), std::move(detail),
                    std::move(seqs)});
  }
  std::vector<Verdict> take() {
    auto order = [](const Verdict& v) {
      const auto& rules = verdict_rules();
      return std::find_if(rules.begin(), rules.end(),
                          [&v](const auto& r) { return r.id == v.rule; }) -
             rules.begin();
    };
    std::stable_sort(out_.begin(), out_.end(),
                     [&order](const Verdict& a, const Verdict& b) { return order(a) < order(b); });
    return std::move(out_);
  }
  const VerdictSettings& settings() const { return settings_; }

 private:
  const VerdictSettings& settings_;
  std::vector<Verdict> out_;
};

// A request sent again: after a 429/503 (too soon, with and without Retry-After, inside or
// outside a batch), after a 409 that was answered 409 again, after a 401/403 unchanged.
void check_repeats(const Entries& entries, Collector& c) {
  struct Last {
    const JournalEntry* entry;
    std::optional<double> backoff;  // the wait before it, when it retried a throttled answer
  };
  std::map<std::string, Last> last;
  for (const JournalEntry* b : entries) {
    std::string key = request_key(*b);
    auto found = last.find(key);
    std::optional<double> backoff;
    if (found != last.end()) {
      const JournalEntry& a = *found->second.entry;
      double waited = seconds(b->time - a.time);
      auto ra = retry_after(a);
      std::vector<uint64_t> seqs = {a.seq, b->seq};
      if (throttled(a) && inner(a) && !inner(*b)) {
        double due = ra.value_or(c.settings().min_backoff_seconds);
        if (waited < due)
          c.add(kBatchRetryOutside,
                line_of(*b) + " got " + std::to_string(a.status) +
                    " inside a JSON batch and was sent again outside one after " +
                    format_seconds(waited) + " (due after " + format_seconds(due) + ")",
                seqs);
      } else if (throttled(a) && ra) {
        if (waited < *ra)
          c.add(kRetryBeforeRetryAfter,
                line_of(*b) + " retried " + format_seconds(waited) + " after a " +
                    std::to_string(a.status) + " with Retry-After " + format_seconds(*ra),
                seqs);
      } else if (throttled(a)) {
        backoff = waited;
        auto before = found->second.backoff;
        if (waited < c.settings().min_backoff_seconds)
          c.add(kRetryWithoutBackoff,
                line_of(*b) + " retried " + format_seconds(waited) + " after a " +
                    std::to_string(a.status) + " without Retry-After (minBackoffSeconds " +
                    format_seconds(c.settings().min_backoff_seconds) + ")",
                seqs);
        else if (before && waited <= *before)
          c.add(kRetryWithoutBackoff,
                line_of(*b) + " retried after " + format_seconds(waited) + ", no longer than the " +
                    format_seconds(*before) + " before: the waits do not grow",
                seqs);
      } else if (a.status == 409 && b->status == 409 && a.method != "GET") {
        c.add(kRepeatAfterConflict,
              line_of(*b) +
                  " sent again after a 409 and answered 409 again: the first "
                  "operation was still pending",
              seqs);
      } else if ((a.status == 401 || a.status == 403) &&
                 header(a.request_headers, "Authorization") ==
                     header(b->request_headers, "Authorization")) {
        c.add(kAuthErrorRepeated,
              line_of(*b) + " sent again with the same credentials after a " +
                  std::to_string(a.status),
              seqs);
      }
    }
    last.insert_or_assign(std::move(key), Last{b, backoff});
  }
}

// Polls of a Location the mock issued: too fast, or after the operation ended.
void check_polls(const Entries& entries, Collector& c) {
  struct Operation {
    const JournalEntry* issued;
    const JournalEntry* last = nullptr;         // the latest poll
    const JournalEntry* terminal = nullptr;     // the first poll that saw it end
    std::vector<uint64_t> fast{}, after_end{};  // offending polls
    double shortest = 1e300, required = 0;
  };
  std::map<std::string, Operation> ops;
  std::vector<std::string> order;
  for (const JournalEntry* e : entries) {
    if ((e->status == 201 || e->status == 202) && !inner(*e)) {
      if (auto location = header(e->response_headers, "Location")) {
        std::string path = graph_path(*location, e->path);
        if (!ops.contains(path)) order.push_back(path);
        ops.insert_or_assign(path, Operation{e});
      }
      continue;
    }
    if (e->method != "GET") continue;
    auto found = ops.find(e->path);
    if (found == ops.end()) continue;
    Operation& op = found->second;
    if (op.terminal) {
      op.after_end.push_back(e->seq);
    } else {
      const JournalEntry* before = op.last ? op.last : op.issued;
      auto ra = retry_after(*before);
      std::optional<double> required = ra;
      if (!required && op.last) required = c.settings().poll_interval_seconds;
      double waited = seconds(e->time - before->time);
      if (required && waited < *required) {
        op.fast.push_back(e->seq);
        op.shortest = std::min(op.shortest, waited);
        op.required = *required;
      }
      if (terminal_status(*e)) op.terminal = e;
    }
    op.last = e;
  }
  for (const auto& path : order) {
    const Operation& op = ops.at(path);
    if (!op.fast.empty()) {
      std::vector<uint64_t> seqs = {op.issued->seq};
      seqs.insert(seqs.end(), op.fast.begin(), op.fast.end());
      c.add(kPollTooFast,
            "GET " + path + " polled " + std::to_string(op.fast.size()) + " time(s) sooner than " +
                format_seconds(op.required) + " after the previous poll (shortest gap " +
                format_seconds(op.shortest) + ")",
            seqs);
    }
    if (!op.after_end.empty()) {
      std::vector<uint64_t> seqs = {op.terminal->seq};
      seqs.insert(seqs.end(), op.after_end.begin(), op.after_end.end());
      c.add(kPollAfterTerminal,
            "GET " + path + " polled " + std::to_string(op.after_end.size()) +
                " more time(s) after it answered a terminal status",
            seqs);
    }
  }
}

// Paging: a $skiptoken the mock never issued; the first page asked again instead of following
// its @odata.nextLink.
void check_paging(const Entries& entries, Collector& c) {
  std::map<std::string, std::set<std::string>> issued;  // path -> tokens of its nextLinks
  struct FirstPage {
    const JournalEntry* entry;
    bool followed = false;
  };
  std::map<std::string, FirstPage> first_pages;   // path?query -> the last first page
  std::map<std::string, std::string> token_list;  // path + token -> the first page's key
  for (const JournalEntry* e : entries) {
    if (e->method != "GET") continue;
    auto token = query_param(e->query, "$skiptoken");
    if (token) {
      const auto& known = issued[e->path];
      if (!known.contains(*token))
        c.add(kUnknownSkipToken,
              line_of(*e) + ": the mock never issued $skiptoken '" + *token + "' for " + e->path,
              {e->seq});
      if (auto list = token_list.find(e->path + '\n' + *token); list != token_list.end())
        if (auto first = first_pages.find(list->second); first != first_pages.end())
          first->second.followed = true;
    }
    std::string list_key = e->path + '?' + query_without_skiptoken(e->query);
    if (!token) {
      if (auto first = first_pages.find(list_key);
          first != first_pages.end() && !first->second.followed)
        c.add(kFirstPageAgain,
              line_of(*e) +
                  " asked for the first page again instead of following the "
                  "@odata.nextLink of #" +
                  std::to_string(first->second.entry->seq),
              {first->second.entry->seq, e->seq});
      first_pages.erase(list_key);
    }
    if (auto link = next_link(*e)) {
      std::string path = graph_path(*link, e->path);
      auto link_query = link->find('?');
      if (link_query == std::string::npos) continue;
      auto link_token = query_param(std::string_view(*link).substr(link_query + 1), "$skiptoken");
      if (!link_token) continue;
      issued[path].insert(*link_token);
      token_list[path + '\n' + *link_token] = list_key;
      if (!token) first_pages.insert_or_assign(list_key, FirstPage{e});
    }
  }
}

// A JSON batch: an exchange of the route that carries requests (the journal marks it), whatever
// its answer; one refused for its size carried its requests all the same.
void check_batches(const Entries& entries, Collector& c) {
  for (const JournalEntry* e : entries) {
    if (!e->carries_requests) continue;
    auto body = body_of(e->request_body);
    if (!body.is_object() || !body.contains("requests") || !body["requests"].is_array()) continue;
    size_t n = body["requests"].size();
    if (n > c.settings().max_batch_requests)
      c.add(kBatchOverLimit,
            e->method + ' ' + e->path + " carried " + std::to_string(n) +
                " requests (maxBatchRequests " + std::to_string(c.settings().max_batch_requests) +
                ")",
            {e->seq});
  }
}

void check_advice(const Entries& entries, Collector& c) {
  std::vector<uint64_t> no_id;
  std::map<std::string, std::vector<uint64_t>> big_lists;
  std::vector<std::string> order;
  for (const JournalEntry* e : entries) {
    if (!inner(*e) && !header(e->request_headers, "client-request-id")) no_id.push_back(e->seq);
    if (e->method != "GET" || e->status != 200 || query_param(e->query, "$select") ||
        query_param(e->query, "$top"))
      continue;
    bool large = next_link(*e).has_value();
    if (!large) {
      auto body = body_of(e->response_body);
      large = body.is_object() && body.contains("value") && body["value"].is_array() &&
              body["value"].size() >= c.settings().large_list_items;
    }
    if (!large) continue;
    std::string key = e->path + '?' + query_without_skiptoken(e->query);
    if (!big_lists.contains(key)) order.push_back(key);
    big_lists[key].push_back(e->seq);
  }
  if (!no_id.empty())
    c.add(kNoClientRequestId,
          std::to_string(no_id.size()) + " request(s) without a client-request-id header",
          std::move(no_id));
  for (const auto& key : order)
    c.add(kListWithoutSelectOrTop,
          "GET " + (key.back() == '?' ? key.substr(0, key.size() - 1) : key) +
              " read a large list without $select or $top",
          big_lists[key]);
}

}  // namespace

std::string_view severity_name(Severity s) {
  return s == Severity::kViolation ? "violation" : "advice";
}

const std::vector<VerdictRule>& verdict_rules() {
  static const std::vector<VerdictRule> rules = {
      {kRetryBeforeRetryAfter, Severity::kViolation,
       "A 429 or 503 with Retry-After was retried before those seconds had passed; Graph asks "
       "clients to wait the Retry-After delay before retrying (Microsoft Graph throttling "
       "guidance)."},
      {kRetryWithoutBackoff, Severity::kViolation,
       "A 429 or 503 without Retry-After was retried with no back-off; Graph asks for an "
       "exponential back-off when no Retry-After is given (Microsoft Graph throttling "
       "guidance)."},
      {kPollTooFast, Severity::kViolation,
       "An operation's Location was polled faster than its Retry-After or the poll interval; "
       "Graph asks clients to poll long-running operations at the interval it gives "
       "(Microsoft Graph long-running actions)."},
      {kPollAfterTerminal, Severity::kViolation,
       "An operation was polled again after it reached a terminal status; a finished "
       "operation does not change (Microsoft Graph long-running actions)."},
      {kUnknownSkipToken, Severity::kViolation,
       "A page was asked for with a $skiptoken the service never issued; Graph asks clients "
       "to treat @odata.nextLink as opaque and use it as given (Microsoft Graph paging)."},
      {kFirstPageAgain, Severity::kViolation,
       "The first page of a list was asked for again instead of following its "
       "@odata.nextLink; Graph asks clients to page by following @odata.nextLink (Microsoft "
       "Graph paging)."},
      {kBatchOverLimit, Severity::kViolation,
       "A JSON batch carried more than 20 requests; Graph limits JSON batching to 20 requests "
       "per batch (Microsoft Graph JSON batching)."},
      {kBatchRetryOutside, Severity::kViolation,
       "A request throttled inside a JSON batch was sent again outside a batch without waiting; "
       "Graph evaluates batch requests individually and asks for the inner Retry-After to be "
       "honoured (Microsoft Graph JSON batching, throttling guidance)."},
      {kRepeatAfterConflict, Severity::kViolation,
       "An action answered 409 was repeated while the first was still pending; Graph asks "
       "clients to wait for the running operation to finish (Microsoft Graph error responses, "
       "409 Conflict)."},
      {kNoClientRequestId, Severity::kAdvice,
       "Requests without a client-request-id; Graph asks clients to send one so a request can "
       "be traced in support cases (Microsoft Graph best practices)."},
      {kListWithoutSelectOrTop, Severity::kAdvice,
       "A large list was read without $select or $top; Graph recommends asking only for the "
       "properties and page size needed (Microsoft Graph best practices, query parameters)."},
      {kAuthErrorRepeated, Severity::kAdvice,
       "A request answered 401 or 403 was sent again unchanged; the same credentials get the "
       "same answer: refresh the token or ask for the permission (Microsoft Graph "
       "authorization errors)."},
  };
  return rules;
}

Status set_verdict_setting(VerdictSettings& s, std::string_view name, std::string_view value) {
  auto number = [&](double& out) -> Status {
    double v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size() || !(v >= 0) || v > 1e9)
      return GraphError::bad_request("Verdict setting '" + std::string(name) +
                                     "' wants a number of seconds from 0 to 1e9, not '" +
                                     std::string(value) + "'.");
    out = v;
    return {};
  };
  auto count = [&](size_t& out) -> Status {
    size_t v = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size() || v < 1)
      return GraphError::bad_request("Verdict setting '" + std::string(name) +
                                     "' wants an integer >= 1, not '" + std::string(value) + "'.");
    out = v;
    return {};
  };
  if (name == "minBackoffSeconds") return number(s.min_backoff_seconds);
  if (name == "pollIntervalSeconds") return number(s.poll_interval_seconds);
  if (name == "largeListItems") return count(s.large_list_items);
  if (name == "maxBatchRequests") return count(s.max_batch_requests);
  if (name == "ignore") {
    size_t start = 0;
    while (start <= value.size()) {
      size_t end = std::min(value.find(',', start), value.size());
      std::string_view id = value.substr(start, end - start);
      const auto& rules = verdict_rules();
      if (std::none_of(rules.begin(), rules.end(), [id](const auto& r) { return r.id == id; })) {
        std::string known;
        for (const auto& r : rules) known += (known.empty() ? "" : ", ") + std::string(r.id);
        return GraphError::bad_request("Verdict setting 'ignore': no rule '" + std::string(id) +
                                       "' (rules: " + known + ").");
      }
      s.ignore.emplace_back(id);
      start = end + 1;
    }
    return {};
  }
  return GraphError::bad_request(
      "Unknown verdict setting '" + std::string(name) +
      "' (settings: minBackoffSeconds, pollIntervalSeconds, largeListItems, maxBatchRequests, "
      "ignore).");
}

std::vector<Verdict> evaluate_verdicts(const std::vector<JournalEntry>& entries,
                                       const VerdictSettings& settings) {
  Entries graph;
  graph.reserve(entries.size());
  for (const auto& e : entries)
    if (!is_admin_path(e.path)) graph.push_back(&e);
  Collector c(settings);
  check_repeats(graph, c);
  check_polls(graph, c);
  check_paging(graph, c);
  check_batches(graph, c);
  check_advice(graph, c);
  return c.take();
}

nlohmann::json to_json(const Verdict& v, const std::vector<JournalEntry>& entries) {
  nlohmann::json evidence = nlohmann::json::array();
  for (uint64_t seq : v.seqs) {
    auto e = std::lower_bound(entries.begin(), entries.end(), seq,
                              [](const JournalEntry& x, uint64_t s) { return x.seq < s; });
    if (e == entries.end() || e->seq != seq) continue;
    evidence.push_back({{"seq", e->seq},
                        {"time", format_iso8601(e->time)},
                        {"method", e->method},
                        {"path", e->path},
                        {"query", e->query},
                        {"status", e->status}});
  }
  return {{"rule", v.rule},
          {"severity", severity_name(v.severity)},
          {"explanation", v.explanation},
          {"detail", v.detail},
          {"entries", std::move(evidence)}};
}

std::string evidence_lines(const nlohmann::json& verdict, size_t max_lines) {
  std::string out;
  size_t shown = 0;
  for (const auto& e : verdict["entries"]) {
    if (shown++ == max_lines) {
      out += "  ... " + std::to_string(verdict["entries"].size() - max_lines) + " more entries\n";
      break;
    }
    std::string query = e["query"].get<std::string>();
    out += "  #" + std::to_string(e["seq"].get<uint64_t>()) + " " + e["time"].get<std::string>() +
           " " + e["method"].get<std::string>() + " " + e["path"].get<std::string>() +
           (query.empty() ? "" : "?" + query) + " -> " + std::to_string(e["status"].get<int>()) +
           "\n";
  }
  return out;
}

std::string describe(const Verdict& v, const std::vector<JournalEntry>& entries) {
  return std::string(severity_name(v.severity)) + " " + v.rule + ": " + v.detail + "\n  " +
         v.explanation + "\n" + evidence_lines(to_json(v, entries), 10);
}

}  // namespace graphmock
