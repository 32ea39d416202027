#include "record/recording.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "core/json_body.h"
#include "families/families.h"
#include "record/fixture_builder.h"
#include "record/schema_extensions.h"
#include "record/scrubber.h"
#include "record/secrets.h"
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

// The response's content object, when the entry has one.
Json* content_of(Json& entry) {
  if (!entry.is_object() || !entry.contains("response") || !entry["response"].is_object())
    return nullptr;
  Json& response = entry["response"];
  return response.contains("content") ? &response["content"] : nullptr;
}

// Graph's hosts: the global service and the national clouds.
constexpr const char* kGraphHosts[] = {"graph.microsoft.com", "canary.graph.microsoft.com",
                                       "graph.microsoft.us", "dod-graph.microsoft.us",
                                       "microsoftgraph.chinacloudapi.cn"};

// "https://Graph.Microsoft.com/beta?x" -> "graph.microsoft.com"; "" without a scheme.
std::string authority(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  size_t end = url.find_first_of("/?#", scheme + 3);
  std::string out = url.substr(scheme + 3, end == std::string::npos ? end : end - scheme - 3);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whether an entry for `url` belongs in the capture: the upstream's host, or Graph's.
bool kept_host(const std::string& url, const std::string& upstream) {
  const std::string host = authority(url);
  if (!upstream.empty()) return host == authority(upstream);
  return std::any_of(std::begin(kGraphHosts), std::end(kGraphHosts),
                     [&](const char* h) { return host == h; });
}

Status write_text(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f.flush()) return GraphError::bad_request("cannot write " + path.string());
  return {};
}

// The fixture loader refuses a file its schema rejects, and an upstream may
// answer what our schemas do not know (yet). A property they lack or an enum
// value they do not list is kept, declared in `extensions` and listed in `kept`;
// for any other violation the innermost list item holding it is left out and
// listed in `dropped`, so the set still loads.
void drop_invalid(Json& document, const FixtureFile& file, const BodyValidator& schemas,
                  SchemaExtensions& extensions, std::vector<std::string>& kept,
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
  std::set<std::string> declared;
  for (;;) {
    auto violations = schemas.check(file.schema, document, false);
    std::map<std::string, Tokens> items;  // the item's pointer -> its tokens
    for (const auto& v : violations) {
      if (std::string said; extensions.declare(file.schema, document, v, said)) {
        if (declared.insert(said).second) kept.push_back(file.file + " " + said);
        continue;
      }
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

Result<CleanedHar> clean_har(const Json& har, const RecordingOptions& options,
                             const GraphRouter& routes) {
  if (auto typed = read_har(har); !typed) return typed.error();
  CleanedHar cleaned;
  cleaned.har = har;
  Json& log = cleaned.har["log"];
  bool scrub = options.scrub && !log.contains(kScrubMark);
  Scrubber scrubber(options.scrub_seed);
  Secrets secrets;
  Json dropped = Json::array();
  // `why` starts with what was dropped: "response body: not base64".
  auto drop_body = [&](Json& holder, size_t entry, const std::string& why) {
    holder["text"] = "";
    holder.erase("encoding");
    dropped.push_back("entry " + std::to_string(entry) + " " + why + " (dropped)");
  };

  // Base64 bodies are scrubbed as what they encode; every entry's secrets are
  // learnt, a foreign host's too (a token endpoint's answer), before any is left out.
  Json kept = Json::array();
  std::vector<size_t> original;  // kept entry -> its index in the input
  std::vector<bool> base64;
  Json& entries = log["entries"];
  for (size_t i = 0; i < entries.size(); ++i) {
    Json& entry = entries[i];
    bool encoded = false;
    if (Json* content = content_of(entry); content && content->value("encoding", "") == "base64") {
      if (auto bytes = base64_decode(content->value("text", ""))) {
        (*content)["text"] = std::move(*bytes);
        encoded = true;
      } else {
        drop_body(*content, i, "response body: not base64");
      }
    }
    const Json* content = content_of(entry);
    secrets.learn(entry, content ? content->value("text", "") : "");
    static const Json kNone = Json::object();
    const Json& request = entry.contains("request") ? entry["request"] : kNone;
    const std::string url = request.value("url", "");
    if (!kept_host(url, options.upstream)) {
      // Its host only: the rest of the URL is not scrubbed.
      cleaned.foreign.push_back("entry " + std::to_string(i) + " " +
                                request.value("method", "GET") + " " + authority(url) + ": not " +
                                (options.upstream.empty() ? "a Graph host" : options.upstream));
      continue;
    }
    kept.push_back(std::move(entry));
    original.push_back(i);
    base64.push_back(encoded);
  }
  entries = std::move(kept);

  auto header = [&](const std::string& n, const std::string& v) {
    return scrub ? scrubber.header(n, v) : v;
  };
  // Routes by entry, read before anything changes.
  std::vector<const RouteInfo*> route_of;
  if (auto exchanges = read_har(cleaned.har))
    for (const auto& x : *exchanges) {
      auto match = routes.match(x.method, x.path);
      route_of.push_back(match.kind == GraphRouter::Match::Kind::kFound ? match.info : nullptr);
    }
  // Bodies first: the non-GUID ids they hold are then known in URLs.
  for (size_t index = 0; index < entries.size(); ++index) {
    const RouteInfo* route = route_of[index];
    Json& entry = entries[index];
    Json& request = entry["request"];
    Json& response = entry["response"];
    std::string method = request.value("method", "GET");
    if (scrub) {
      // A JSON body that cannot be read cannot be scrubbed: it is dropped, said in the report.
      auto scrub_text = [&](Json& holder, const std::string& what, const std::string& label) {
        const std::string text = holder.value("text", "");
        if (text.find_first_not_of(" \t\r\n") == std::string::npos) return;
        auto body = parse_json_document(text, what);
        if (body)
          holder["text"] = scrubber.body(*body, label).dump();
        else if (holder.value("mimeType", "").find("json") != std::string::npos)
          drop_body(holder, original[index], body.error().message);
      };
      if (request.contains("postData")) {
        scrub_text(request["postData"], "request body",
                   "request:" +
                       (route && !route->request_schema.empty() ? route->request_schema : method));
        request["postData"].erase("params");
      }
      if (response.contains("content"))
        scrub_text(response["content"], "response body",
                   response.value("status", 0) >= 400         ? "graphError"
                   : route && !route->response_schema.empty() ? route->response_schema
                                                              : "response");
    }
    clean_headers(request, header);
    clean_headers(response, header);
  }
  for (size_t index = 0; index < entries.size(); ++index) {
    Json& entry = entries[index];
    if (scrub) {
      Json& request = entry["request"];
      request["url"] = scrubber.url(request.value("url", ""));
      Json query = Json::array();
      for (auto& q : request.value("queryString", Json::array()))
        query.push_back(
            {{"name", q.value("name", "")}, {"value", scrubber.header("", q.value("value", ""))}});
      request["queryString"] = std::move(query);
      if (entry["response"].contains("redirectURL"))
        entry["response"]["redirectURL"] = scrubber.url(entry["response"]["redirectURL"]);
    }
    secrets.scrub_strings(entry);
    if (base64[index]) {
      Json& content = *content_of(entry);
      content["text"] = base64_encode(content.value("text", ""));
    }
  }
  if (scrub) {
    log[kScrubMark] = options.scrub_seed;
    log["comment"] = "scrubbed by graph-mock (seed " + std::to_string(options.scrub_seed) + ")";
  }
  Json& report = cleaned.scrub_report;
  report = scrubber.report();
  report["scrubbed"] = scrub;
  if (!scrub) report["seed"] = nullptr;
  if (!scrub && log.contains(kScrubMark)) {
    report["seed"] = log[kScrubMark];
    report["note"] = "the capture was already scrubbed";
  }
  report["secretsRemoved"] = secrets.removed();
  report["bodiesDropped"] = std::move(dropped);
  report["otherHosts"] = cleaned.foreign;
  return cleaned;
}

Status check_set_name(const std::string& name) {
  if (name.empty() || name == "." || name == ".." ||
      name.find_first_of("/\\:") != std::string::npos || name.find('\0') != std::string::npos)
    return GraphError::bad_request("--name '" + name +
                                   "': give a plain name (no '/', '\\' or ':'; not '.' or '..'), "
                                   "e.g. recorded");
  return {};
}

Result<RecordingSummary> write_recording(const Json& har, const RecordingOptions& options,
                                         const GraphRouter& routes, const BodyValidator& schemas,
                                         const std::vector<FixtureFile>& files) {
  if (auto named = check_set_name(options.set_name); !named) return named.error();
  RecordingSummary summary;
  summary.already_scrubbed = har.is_object() && har.contains("log") && har["log"].is_object() &&
                             har["log"].contains(kScrubMark);
  auto cleaned = clean_har(har, options, routes);
  if (!cleaned) return cleaned.error();
  const Json& clean = cleaned->har;
  const Json& report = cleaned->scrub_report;
  auto exchanges = read_har(clean);
  if (!exchanges) return exchanges.error();
  summary.entries = exchanges->size();
  summary.other_hosts = std::move(cleaned->foreign);
  for (const auto& d : report["bodiesDropped"]) summary.dropped.push_back(d.get<std::string>());
  BuiltFixtures built = build_fixtures(*exchanges, routes, files, builtin_manifests());
  summary.used = built.used;
  summary.unserved = std::move(built.unserved);
  summary.dropped.insert(summary.dropped.end(), built.dropped.begin(), built.dropped.end());
  SchemaExtensions extensions(options.schemas_dir);
  for (const auto& f : files)
    drop_invalid(built.documents[f.file], f, schemas, extensions, summary.kept, summary.dropped);

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
  // Bytes that are not UTF-8 (an upstream's binary answer) become U+FFFD, not an exception.
  auto text_of = [](const Json& doc, int indent) {
    return doc.dump(indent, ' ', false, Json::error_handler_t::replace) + "\n";
  };
  for (auto& [file, document] : built.documents) {
    Json doc = {{"description", described}, {"value", std::move(document["value"])}};
    if (auto written = write_text(set / file, text_of(doc, 2)); !written) return written.error();
  }
  if (!extensions.empty()) {
    auto schemas_texts = extensions.texts();
    if (!schemas_texts) return schemas_texts.error();
    for (const auto& [file, text] : *schemas_texts) {
      fs::create_directories((out / "schemas" / file).parent_path(), ec);
      if (auto w = write_text(out / "schemas" / file, text); !w) return w.error();
    }
    summary.schemas_dir = (out / "schemas").string();
  }
  if (auto w = write_text(out / "capture.har", text_of(clean, 1)); !w) return w.error();
  if (auto w = write_text(out / "scrub-report.json", text_of(report, 2)); !w) return w.error();
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
          " --fixture-set " + o.set_name +
          (s.schemas_dir.empty() ? "" : " --schemas " + s.schemas_dir) + "\n";
  if (!s.kept.empty())
    text += std::to_string(s.kept.size()) +
            " value(s) schemas/ does not know, kept as recorded and declared in " + s.schemas_dir +
            "\n";
  if (s.already_scrubbed)
    text += "the capture was already scrubbed: kept as it is\n";
  else if (!o.scrub)
    text += "NOT scrubbed (--scrub off): the files hold the tenant's data\n";
  if (!s.other_hosts.empty())
    text += std::to_string(s.other_hosts.size()) + " exchange(s) for other hosts skipped\n";
  for (const auto& h : s.other_hosts) text += "skipped: " + h + "\n";
  for (const auto& u : s.unserved) text += "unserved: " + u + "\n";
  for (const auto& k : s.kept) text += "kept: " + k + "\n";
  for (const auto& d : s.dropped) text += "dropped: " + d + "\n";
  return text;
}

}  // namespace graphmock
