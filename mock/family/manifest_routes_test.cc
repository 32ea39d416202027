// apply_manifest with a manifest fixture: a path whose element carries a Deprecated revision
// answers with Deprecation, Sunset and Link (errors too), a v1.0 path is served by the beta route
// in the v1.0 shape, and a path without a revision gets no header.
#include "family/manifest_routes.h"

#include <gtest/gtest.h>

namespace graphmock {
namespace {

using Json = nlohmann::json;

const char* kManifest = R"({
  "family": "fixture",
  "paths": [
    {"version": "beta", "template": "/gadgets", "type": "gadget", "collection": true},
    {"version": "beta", "template": "/gadgets/{gadgetId}", "type": "gadget", "collection": false},
    {"version": "beta", "template": "/gadgets/{gadgetId}/parts", "type": "part", "collection": true},
    {"version": "beta", "template": "/widgets/{widgetId}", "type": "widget", "collection": false},
    {"version": "v1.0", "template": "/widgets/{widgetId}", "type": "widget", "collection": false}
  ],
  "types": {
    "gadget": {"kind": "EntityType", "properties": [{"name": "id"}],
               "navigation": [{"name": "parts", "type": "part", "collection": true}],
               "revisions": [{"date": "2026-03-30", "version": "2026-03/Gadgets",
                              "kind": "Deprecated", "removalDate": "2027-06-30"}]},
    "part": {"kind": "EntityType", "properties": [{"name": "id"}]},
    "widget": {"kind": "EntityType", "properties": [{"name": "id"}, {"name": "name"},
                                                    {"name": "betaOnly"}]}
  },
  "enums": {},
  "versions": {"v1.0": {"types": {
    "widget": {"kind": "EntityType", "properties": [{"name": "id"}, {"name": "name"}]}
  }, "enums": {}}}
})";

struct Fixture {
  FamilyManifest manifest{kManifest};
  GraphRouter router;

  Fixture() {
    for (const char* pattern : {"/beta/gadgets", "/beta/gadgets/{gadgetId}",
                                "/beta/gadgets/{gadgetId}/parts", "/beta/widgets/{widgetId}"})
      router.add(RouteInfo{pattern, pattern, "GET", {}, "", "", false},
                 [](const Context& ctx) -> Result<Reply> {
                   if (ctx.params.get("gadgetId") == "missing")
                     return GraphError::item_not_found("no such gadget");
                   return Reply::json(200, {{"@odata.context",
                                             "https://graph.microsoft.com/beta/$metadata#widgets/"
                                             "$entity"},
                                            {"id", "w"},
                                            {"name", "n"},
                                            {"betaOnly", 1},
                                            {"name@odata.type", "#String"}});
                 });
    apply_manifest(router, manifest);
  }

  Result<Reply> get(const std::string& path) {
    auto match = router.match("GET", path);
    EXPECT_EQ(match.kind, GraphRouter::Match::Kind::kFound) << path;
    if (match.kind != GraphRouter::Match::Kind::kFound) return GraphError::not_found(path);
    Request request;
    request.method = "GET";
    request.path = path;
    Context ctx{request, match.params, *match.info, nullptr, TimePoint{}, {}, std::nullopt};
    return (*match.handler)(ctx);
  }
};

std::string header(const Headers& headers, const std::string& name) {
  auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

TEST(ManifestRoutesTest, ADeprecatedElementsRoutesAnswerDeprecationSunsetAndLink) {
  Fixture f;
  for (const std::string path : {"/beta/gadgets", "/beta/gadgets/g1", "/beta/gadgets/g1/parts"}) {
    auto reply = f.get(path);
    ASSERT_TRUE(reply) << path;
    EXPECT_EQ(reply->headers.count("Deprecation"), 1u) << path;  // once, however many paths
    EXPECT_EQ(header(reply->headers, "Deprecation"), "Mon, 30 Mar 2026 23:59:59 GMT") << path;
    EXPECT_EQ(header(reply->headers, "Sunset"), "Wed, 30 Jun 2027 23:59:59 GMT") << path;
    EXPECT_EQ(header(reply->headers, "Link"),
              "https://docs.microsoft.com/en-us/graph/changelog#2026-03-30_gadget ; "
              "rel=\"deprecation\"; type=\"text/html\"; title=\"gadget\"")
        << path;
  }
  auto missing = f.get("/beta/gadgets/missing");  // an error touching it says so too
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().headers.size(), 3u);
  auto widget = f.get("/beta/widgets/w");  // no revision, no header
  ASSERT_TRUE(widget);
  EXPECT_EQ(widget->headers.count("Deprecation"), 0u);
  EXPECT_EQ(widget->body["betaOnly"], 1);
}

TEST(ManifestRoutesTest, AV1PathIsTheBetaRouteInTheV1Shape) {
  Fixture f;
  auto reply = f.get("/v1.0/widgets/w");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->body,
            (Json{{"@odata.context", "https://graph.microsoft.com/v1.0/$metadata#widgets/$entity"},
                  {"id", "w"},
                  {"name", "n"},
                  {"name@odata.type", "#String"}}));
  // Only the manifest's v1.0 paths are served there.
  EXPECT_EQ(f.router.match("GET", "/v1.0/gadgets").kind, GraphRouter::Match::Kind::kNotFound);
}

}  // namespace
}  // namespace graphmock
