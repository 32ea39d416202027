#include "record/recording.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "record/fixture_builder.h"
#include "record/scrubber.h"
#include "validate/har_check.h"

namespace graphmock {
namespace {

namespace fs = std::filesystem;

constexpr const char* kScrubMark = "_graphmockScrubSeed";

bool secret_header(const Json& h) {
  std::string name = h.value("name", "");
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "authorization" || name == "cookie" || name == "set-cookie" ||
         name == "proxy-authorization";
}

// Headers without secrets, each value through `scrub`.
template <class Scrub>
void clean_headers(Json& message, const Scrub& scrub) {
  message["cookies"] = Json::array();
  Json kept = Json::array();
  for (auto& h : message.value("headers", Json::array()))
    if (h.is_object() && !secret_header(h)) {
      h["value"] = scrub(h.value("name", ""), h.value("value", ""));
      kept.push_back(h);
    }
  message["headers"] = std::move(kept);
}

Status write_text(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f.flush()) return GraphError::bad_request("cannot write " + path.string());
  return {};
}

// The fixture loader refuses a file its schema rejects, and an upstream may
// answer what our schemas do not know (yet): the innermost list item holding a
// violation is left out and listed, so the set still loads.
void drop_invalid(Json& document, const FixtureFile& file, const BodyValidator& schemas,
                  std::vector<std::string>& dropped) {
  using Tokens = std::vector<std::string>;
  auto numeric = [](const std::string& t) {
    return !t.empty() && t.find_first_not_of("0123456789") == std::string::npos;
  };
  auto pointer = [](const Tokens& t, size_t n) {
    std::string p;
    for (size_t i = 0; i < n; ++i) p += "/" + t[i];
    return p;
  };
  for (;;) {
    auto violations = schemas.check(file.schema, document, false);
    std::map<std::string, Tokens> items;  // the item's pointer -> its tokens
    for (const auto& v : violations) {
      Tokens tokens;
      for (size_t from = 1; from <= v.pointer.size();) {
        size_t to = v.pointer.find('/', from);
        if (to == std::string::npos) to = v.pointer.size();
        tokens.push_back(v.pointer.substr(from, to - from));
        from = to + 1;
      }
      size_t n = tokens.size();
      while (n > 0 && !numeric(tokens[n - 1])) --n;
      if (n == 0) return;  // not inside a list item: nothing to leave out
      tokens.resize(n);
      if (items.emplace(pointer(tokens, n), tokens).second)
        dropped.push_back(file.file + " " + pointer(tokens, n) + ": " +
                          (v.pointer.empty() ? "/" : v.pointer) + ": " + v.reason);
    }
    if (items.empty()) return;
    // Deepest first, then the highest index first, so the other pointers stay valid.
    std::vector<Tokens> order;
    for (auto& [p, t] : items) order.push_back(t);
    std::sort(order.begin(), order.end(), [&](const Tokens& a, const Tokens& b) {
      for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        if (a[i] != b[i])
          return numeric(a[i]) && numeric(b[i]) ? std::stoul(a[i]) > std::stoul(b[i]) : a[i] > b[i];
      return a.size() > b.size();
    });
    for (const auto& t : order) {
      Json& list = document[Json::json_pointer(pointer(t, t.size() - 1))];
      size_t index = std::stoul(t.back());
      if (list.is_array() && index < list.size()) list.erase(index);
    }
  }
}

}  // namespace

Json clean_har(const Json& har, const RecordingOptions& options, const GraphRouter& routes,
               Json& scrub_report) {
  Json out = har;
  if (!out.is_object() || !out["log"].is_object() || !out["log"]["entries"].is_array()) return out;
  Json& log = out["log"];
  bool scrub = options.scrub && !log.contains(kScrubMark);
  Scrubber scrubber(options.scrub_seed);
  auto header = [&](const std::string& n, const std::string& v) {
    return scrub ? scrubber.header(n, v) : v;
  };
  // Routes by entry, read before anything changes.
  std::vector<const RouteInfo*> route_of;
  if (auto exchanges = read_har(out))
    for (const auto& x : *exchanges) {
      auto match = routes.match(x.method, x.path);
      route_of.push_back(match.kind == GraphRouter::Match::Kind::kFound ? match.info : nullptr);
    }
  // Bodies first: the non-GUID ids they hold are then known in URLs.
  size_t index = 0;
  for (Json& entry : log["entries"]) {
    const RouteInfo* route = index < route_of.size() ? route_of[index] : nullptr;
    ++index;
    if (!entry.is_object() || !entry.contains("request") || !entry.contains("response")) continue;
    Json& request = entry["request"];
    Json& response = entry["response"];
    if (!request.is_object() || !response.is_object()) continue;
    std::string method = request.value("method", "GET");
    if (scrub) {
      auto scrub_text = [&](Json& holder, const std::string& label) {
        if (!holder.is_object() || !holder.contains("text") || !holder["text"].is_string()) return;
        Json body = Json::parse(holder["text"].get<std::string>(), nullptr, false);
        if (!body.is_discarded()) holder["text"] = scrubber.body(body, label).dump();
      };
      if (request.contains("postData")) {
        scrub_text(request["postData"],
                   "request:" +
                       (route && !route->request_schema.empty() ? route->request_schema : method));
        if (request["postData"].is_object()) request["postData"].erase("params");
      }
      if (response.contains("content") && response["content"].is_object() &&
          response["content"].value("encoding", "") != "base64")
        scrub_text(response["content"], response.value("status", 0) >= 400 ? "graphError"
                                        : route && !route->response_schema.empty()
                                            ? route->response_schema
                                            : "response");
    }
    clean_headers(request, header);
    clean_headers(response, header);
  }
  if (scrub) {
    for (Json& entry : log["entries"]) {
      if (!entry.is_object() || !entry.contains("request") || !entry["request"].is_object())
        continue;
      Json& request = entry["request"];
      request["url"] = scrubber.url(request.value("url", ""));
      Json query = Json::array();
      for (auto& q : request.value("queryString", Json::array()))
        if (q.is_object())
          query.push_back({{"name", q.value("name", "")},
                           {"value", scrubber.header("", q.value("value", ""))}});
      request["queryString"] = std::move(query);
      if (entry.contains("response") && entry["response"].is_object() &&
          entry["response"].contains("redirectURL") && entry["response"]["redirectURL"].is_string())
        entry["response"]["redirectURL"] = scrubber.url(entry["response"]["redirectURL"]);
    }
    log[kScrubMark] = options.scrub_seed;
    log["comment"] = "scrubbed by graph-mock (seed " + std::to_string(options.scrub_seed) + ")";
  }
  scrub_report = scrubber.report();
  scrub_report["scrubbed"] = scrub;
  if (!scrub) scrub_report["seed"] = nullptr;
  if (!scrub && log.contains(kScrubMark)) {
    scrub_report["seed"] = log[kScrubMark];
    scrub_report["note"] = "the capture was already scrubbed";
  }
  return out;
}

Result<RecordingSummary> write_recording(const Json& har, const RecordingOptions& options,
                                         const GraphRouter& routes, const BodyValidator& schemas,
                                         const std::vector<FixtureFile>& files) {
  RecordingSummary summary;
  summary.already_scrubbed = har.is_object() && har.contains("log") && har["log"].is_object() &&
                             har["log"].contains(kScrubMark);
  Json report;
  Json clean = clean_har(har, options, routes, report);
  auto exchanges = read_har(clean);
  if (!exchanges) return exchanges.error();
  summary.entries = exchanges->size();
  BuiltFixtures built = build_fixtures(*exchanges, routes, files);
  summary.used = built.used;
  summary.unserved = std::move(built.unserved);
  summary.dropped = std::move(built.orphans);
  for (const auto& f : files) drop_invalid(built.documents[f.file], f, schemas, summary.dropped);

  fs::path out(options.out_dir);
  fs::path set = out / "fixtures" / options.set_name;
  std::error_code ec;
  fs::create_directories(set, ec);
  fs::create_directories(out / "fixtures" / "scenarios", ec);
  if (ec) return GraphError::bad_request("cannot create " + set.string() + ": " + ec.message());
  const std::string described = "Recorded by graph-mock from " + std::to_string(summary.entries) +
                                " exchanges" +
                                (report.value("scrubbed", false) || summary.already_scrubbed
                                     ? ", scrubbed (seed " + report["seed"].dump() + ")"
                                     : ", not scrubbed");
  for (auto& [file, document] : built.documents) {
    Json doc = {{"description", described}, {"value", std::move(document["value"])}};
    if (auto written = write_text(set / file, doc.dump(2) + "\n"); !written) return written.error();
  }
  if (auto w = write_text(out / "capture.har", clean.dump(1) + "\n"); !w) return w.error();
  if (auto w = write_text(out / "scrub-report.json", report.dump(2) + "\n"); !w) return w.error();
  HarReport checked = check_har(clean, routes, schemas);
  std::string violations;
  for (const auto& v : checked.violations) violations += format_har_violation(v) + "\n";
  summary.violations = checked.violations.size();
  if (auto w = write_text(out / "violations.txt", violations); !w) return w.error();
  return summary;
}

std::string describe(const RecordingSummary& s, const RecordingOptions& o) {
  std::string text = std::to_string(s.entries) + " exchanges, " + std::to_string(s.used) +
                     " gave entities, " + std::to_string(s.unserved.size()) +
                     " for routes graph-mock does not serve, " + std::to_string(s.violations) +
                     " schema violation(s) (violations.txt)\n";
  text += "fixtures: serve with --fixtures " + (fs::path(o.out_dir) / "fixtures").string() +
          " --fixture-set " + o.set_name + "\n";
  if (s.already_scrubbed)
    text += "the capture was already scrubbed: kept as it is\n";
  else if (!o.scrub)
    text += "NOT scrubbed (--scrub off): the files hold the tenant's data\n";
  for (const auto& u : s.unserved) text += "unserved: " + u + "\n";
  for (const auto& d : s.dropped) text += "dropped: " + d + "\n";
  return text;
}

}  // namespace graphmock
