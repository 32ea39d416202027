#include "ui/ui_routes.h"

#include <string>

#include "ui/ui_assets.h"

namespace graphmock {
namespace {

RouteInfo ui_route(std::string name, std::string pattern, bool open) {
  RouteInfo r;
  r.name = std::move(name);
  r.method = "GET";
  r.pattern = std::move(pattern);
  r.open = open;
  return r;
}

void add_file(GraphRouter& r, std::string name, std::string pattern, std::string_view content,
              std::string content_type) {
  r.add(ui_route(std::move(name), std::move(pattern), true),
        [content, content_type = std::move(content_type)](const Context&) -> Result<Reply> {
          Reply reply = Reply::empty(200);
          reply.text = std::string(content);
          reply.text_content_type = content_type;
          // Everything the page loads comes from here: no inline script, no CDN.
          reply.headers.emplace("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
          reply.headers.emplace("X-Content-Type-Options", "nosniff");
          return reply;
        });
}

}  // namespace

void register_ui_routes(GraphRouter& r, EventHub& events) {
  add_file(r, "ui.page", "/_mock/ui", ui_assets::kIndexHtml, "text/html; charset=utf-8");
  add_file(r, "ui.css", "/_mock/ui/dashboard.css", ui_assets::kDashboardCss,
           "text/css; charset=utf-8");
  add_file(r, "ui.js", "/_mock/ui/dashboard.js", ui_assets::kDashboardJs,
           "text/javascript; charset=utf-8");
  r.add(ui_route("ui.events", "/_mock/events", false), [&events](const Context&) -> Result<Reply> {
    auto stream = events.open();
    if (!stream) {
      GraphError busy{503,
                      "serviceNotAvailable",
                      "Already " + std::to_string(events.max_viewers()) +
                          " viewers on /_mock/events (each holds a thread); poll "
                          "/_mock/state and /_mock/requests instead.",
                      {{"Retry-After", "10"}}};
      return busy;
    }
    Reply reply = Reply::empty(200);
    reply.text_content_type = "text/event-stream";
    reply.stream = std::move(*stream);
    return reply;
  });
}

}  // namespace graphmock
