#include "admin/admin_api.h"

#include "core/time_format.h"
#include "server/server_core.h"

namespace graphmock {
namespace {

RouteInfo admin_route(std::string name, std::string method, std::string pattern) {
  RouteInfo r;
  r.name = std::move(name);
  r.method = std::move(method);
  r.pattern = std::move(pattern);
  return r;
}

Json clock_json(const Clock& clock) {
  return {{"now", format_iso8601(clock.now())}, {"mode", clock.is_virtual() ? "virtual" : "real"}};
}

}  // namespace

void register_admin_routes(GraphRouter& r, ServerCore& core) {
  r.add(admin_route("admin.health", "GET", "/_mock/health"), [&core](const Context&) -> Result<Reply> {
    return Reply::json(200, {{"status", "ok"}, {"clock", clock_json(*core.clock)}});
  });
  r.add(admin_route("admin.clock.get", "GET", "/_mock/clock"),
        [&core](const Context&) -> Result<Reply> { return Reply::json(200, clock_json(*core.clock)); });
  r.add(admin_route("admin.clock.advance", "POST", "/_mock/clock/advance"),
        [&core](const Context& ctx) -> Result<Reply> {
          if (!core.clock->is_virtual())
            return GraphError{409, "Conflict", "The clock is real (--clock real); only a virtual clock can be advanced.", {}};
          const Json* body = ctx.body;
          if (!body || !body->is_object() || !body->contains("seconds") || !(*body)["seconds"].is_number() ||
              (*body)["seconds"].get<double>() < 0 || (*body)["seconds"].get<double>() > 1e9)
            return GraphError::bad_request("POST /_mock/clock/advance wants {\"seconds\": n} with 0 <= n <= 1e9.");
          auto micros = static_cast<int64_t>((*body)["seconds"].get<double>() * 1e6);
          static_cast<ManualClock&>(*core.clock).advance(Duration(micros));
          return Reply::json(200, clock_json(*core.clock));
        });
  r.add(admin_route("admin.reset", "POST", "/_mock/reset"), [&core](const Context&) -> Result<Reply> {
    core.reset();
    return Reply::json(200, {{"status", "reset"}, {"clock", clock_json(*core.clock)}});
  });
  r.add(admin_route("admin.state", "GET", "/_mock/state"), [&core](const Context&) -> Result<Reply> {
    Json state = {{"clock", clock_json(*core.clock)},
                  {"teamworkDevices", core.teamwork_store.dump(core.clock->now())}};
    state.update(core.logcollection_store.dump(core.clock->now()));  // managedDevices, deviceManagementScripts
    return Reply::json(200, std::move(state));
  });
}

}  // namespace graphmock
