#include "admin/admin_api.h"

#include <cctype>
#include <cstdlib>

#include "core/build_info.h"
#include "core/time_format.h"
#include "faults/path_pattern.h"
#include "journal/journal.h"
#include "verdicts/verdict_report.h"

namespace graphmock {
namespace {

RouteInfo admin_route(std::string name, std::string method, std::string pattern) {
  RouteInfo r;
  r.name = std::move(name);
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  return r;
}

std::string query_value(const Request& request, std::string_view key) {
  for (const auto& [k, v] : request.query)
    if (k == key) return v;
  return "";
}

Result<JournalFilter> journal_filter(const Request& request) {
  JournalFilter f;
  f.method = query_value(request, "method");
  if (auto path = query_value(request, "path"); !path.empty()) {
    if (path.front() != '/')
      return GraphError::bad_request(
          "?path= wants a pattern starting with '/' (* one segment, ** any).");
    if (auto pattern = PathPattern::parse(path); !pattern)
      return GraphError::bad_request("?path=: " + pattern.error().message);
    f.path = path;
  }
  f.status = query_value(request, "status");
  bool status_ok = f.status.empty() ||
                   (f.status.size() == 3 && std::isdigit(static_cast<unsigned char>(f.status[0])));
  for (char c : f.status)
    status_ok = status_ok && (std::isdigit(static_cast<unsigned char>(c)) || c == 'x' || c == 'X');
  if (!status_ok)
    return GraphError::bad_request("?status= wants a status such as 429 or a class such as 5xx.");
  f.fault = query_value(request, "fault");
  if (auto limit = query_value(request, "limit"); !limit.empty()) {
    char* end = nullptr;
    long n = std::strtol(limit.c_str(), &end, 10);
    if (*end != '\0' || n < 1) return GraphError::bad_request("?limit= wants an integer >= 1.");
    f.limit = static_cast<size_t>(n);
  }
  return f;
}

// /_mock/requests, /_mock/faults, /_mock/scenarios.
void register_control_routes(GraphRouter& r, MockControl& control) {
  r.add(admin_route("admin.requests.list", "GET", "/_mock/requests"),
        [&control](const Context& ctx) -> Result<Reply> {
          auto filter = journal_filter(ctx.request);
          if (!filter) return filter.error();
          Json value = Json::array();
          for (const auto& e : control.journal(*filter)) value.push_back(to_json(e));
          size_t count = value.size();
          return Reply::json(200, {{"value", std::move(value)}, {"count", count}});
        });
  r.add(admin_route("admin.requests.clear", "DELETE", "/_mock/requests"),
        [&control](const Context&) -> Result<Reply> {
          control.clear_journal();
          return Reply::empty(204);
        });
  // The client verdicts over the journal's ring (docs/verdicts.md).
  r.add(admin_route("admin.verdicts", "GET", "/_mock/verdicts"),
        [&control](const Context& ctx) -> Result<Reply> {
          auto query = verdict_query(ctx.request.query);
          if (!query) return query.error();
          auto entries = select_entries(control.journal({}), *query);
          auto verdicts = evaluate_verdicts(entries, query->settings);
          return Reply::json(200, verdict_report(entries, verdicts, query->settings));
        });
  r.add(admin_route("admin.faults.list", "GET", "/_mock/faults"),
        [&control](const Context&) -> Result<Reply> { return Reply::json(200, control.faults()); });
  r.add(admin_route("admin.faults.add", "POST", "/_mock/faults"),
        [&control](const Context& ctx) -> Result<Reply> {
          if (!ctx.body || !ctx.body->is_object())
            return GraphError::bad_request(
                "POST /_mock/faults wants a fault rule: a JSON object such as "
                "{\"match\": {\"path\": \"/beta/**\"}, \"respond\": {\"status\": 503}}.");
          auto id = control.add_fault(*ctx.body);
          if (!id) return id.error();
          Reply reply = Reply::json(201, {{"id", *id}});
          reply.headers.emplace("Location", "/_mock/faults/" + *id);
          return reply;
        });
  r.add(admin_route("admin.faults.clear", "DELETE", "/_mock/faults"),
        [&control](const Context&) -> Result<Reply> {
          control.clear_faults();
          return Reply::empty(204);
        });
  r.add(admin_route("admin.faults.delete", "DELETE", "/_mock/faults/{id}"),
        [&control](const Context& ctx) -> Result<Reply> {
          const std::string& id = ctx.params.get("id");
          if (!control.remove_fault(id))
            return GraphError::item_not_found("No fault rule with id '" + id +
                                              "' (GET /_mock/faults lists them).");
          return Reply::empty(204);
        });
  r.add(admin_route("admin.scenarios.list", "GET", "/_mock/scenarios"),
        [&control](const Context&) -> Result<Reply> {
          Json value = Json::array();
          for (const auto& info : control.scenarios()) {
            Json j = {{"name", info.name}, {"description", info.description}};
            if (!info.error.empty()) j["error"] = info.error;
            value.push_back(std::move(j));
          }
          Json active = control.active_scenario();
          if (!active.is_null()) active = active["name"];
          return Reply::json(200, {{"value", std::move(value)}, {"active", active}});
        });
  // The name is everything after /_mock/scenarios/, so "../x" (several
  // segments once decoded) reaches the name check and gets a 400, not a 404.
  auto load = [&control](const Context& ctx) -> Result<Reply> {
    constexpr std::string_view kPrefix = "/_mock/scenarios/";
    std::string name = ctx.request.path.substr(std::min(ctx.request.path.size(), kPrefix.size()));
    if (auto loaded = control.load_scenario(name); !loaded) return loaded.error();
    Json active = control.active_scenario();
    return Reply::json(200, {{"scenario", active["name"]},
                             {"description", active["description"]},
                             {"seed", active["seed"]}});
  };
  std::string pattern = "/_mock/scenarios";
  for (int depth = 1; depth <= 8; ++depth) {
    pattern += "/{p" + std::to_string(depth) + "}";
    r.add(admin_route("admin.scenarios.load", "POST", pattern), load);
  }
}

}  // namespace

Json clock_json(const Clock& clock) {
  return {{"now", format_iso8601(clock.now())}, {"mode", clock.is_virtual() ? "virtual" : "real"}};
}

void register_admin_routes(GraphRouter& r, MockControl& control) {
  r.add(admin_route("admin.health", "GET", "/_mock/health"),
        [&control](const Context&) -> Result<Reply> {
          const BuildInfo& build = build_info();
          Json health = {{"status", "ok"},
                         {"clock", clock_json(control.clock())},
                         {"version", build.version},
                         {"commit", build.commit},
                         {"metadataSnapshot", build.metadata_snapshot}};
          if (Json watch = control.watch_status(); !watch.is_null()) health["watch"] = watch;
          return Reply::json(200, std::move(health));
        });
  r.add(admin_route("admin.clock.get", "GET", "/_mock/clock"),
        [&control](const Context&) -> Result<Reply> {
          return Reply::json(200, clock_json(control.clock()));
        });
  r.add(admin_route("admin.clock.advance", "POST", "/_mock/clock/advance"),
        [&control](const Context& ctx) -> Result<Reply> {
          // A real clock answers 409 whatever the body says.
          if (!control.clock().is_virtual()) return control.advance(Duration(0)).error();
          const Json* body = ctx.body;
          if (!body || !body->is_object() || !body->contains("seconds") ||
              !(*body)["seconds"].is_number() || (*body)["seconds"].get<double>() < 0 ||
              (*body)["seconds"].get<double>() > 1e9)
            return GraphError::bad_request(
                "POST /_mock/clock/advance wants {\"seconds\": n} with 0 <= n <= 1e9.");
          auto micros = static_cast<int64_t>((*body)["seconds"].get<double>() * 1e6);
          if (auto moved = control.advance(Duration(micros)); !moved) return moved.error();
          return Reply::json(200, clock_json(control.clock()));
        });
  r.add(admin_route("admin.clock.next", "POST", "/_mock/clock/next"),
        [&control](const Context&) -> Result<Reply> {
          if (!control.clock().is_virtual()) return control.advance(Duration(0)).error();
          TimePoint now = control.clock().now();
          auto next = control.next_change();
          if (next && *next > now)
            if (auto moved = control.advance(*next - now); !moved) return moved.error();
          Json clock = clock_json(control.clock());
          clock["next"] = next ? Json(format_iso8601(*next)) : Json(nullptr);
          return Reply::json(200, std::move(clock));
        });
  r.add(admin_route("admin.reset", "POST", "/_mock/reset"),
        [&control](const Context&) -> Result<Reply> {
          control.reset();
          return Reply::json(200, {{"status", "reset"}, {"clock", clock_json(control.clock())}});
        });
  r.add(admin_route("admin.state", "GET", "/_mock/state"),
        [&control](const Context&) -> Result<Reply> {
          Json state = control.state();
          state["clock"] = clock_json(control.clock());
          return Reply::json(200, std::move(state));
        });
  r.add(admin_route("admin.families", "GET", "/_mock/families"),
        [&control](const Context&) -> Result<Reply> {
          return Reply::json(200, {{"value", control.family_manifests()}});
        });
  register_control_routes(r, control);
}

}  // namespace graphmock
