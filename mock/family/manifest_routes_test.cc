// apply_manifest with a manifest fixture: a path whose element carries a Deprecated revision
// answers with Deprecation, Sunset and Link (errors too), a v1.0 path is served by the beta route
// in the v1.0 shape (its members, its enum members, its query vocabulary, its schemas), and a path
// without a revision gets no header.
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
    {"version": "beta", "template": "/widgets", "type": "widget", "collection": true},
    {"version": "beta", "template": "/widgets/{widgetId}", "type": "widget", "collection": false},
    {"version": "v1.0", "template": "/widgets", "type": "widget", "collection": true},
    {"version": "v1.0", "template": "/widgets/{widgetId}", "type": "widget", "collection": false}
  ],
  "queries": {},
  "types": {
    "gadget": {"kind": "EntityType", "properties": [{"name": "id", "type": "Edm.String"}],
               "navigation": [{"name": "parts", "type": "part", "collection": true}],
               "revisions": [{"date": "2026-03-30", "version": "2026-03/Gadgets",
                              "kind": "Deprecated", "removalDate": "2027-06-30"}]},
    "part": {"kind": "EntityType", "properties": [{"name": "id", "type": "Edm.String"}]},
    "widget": {"kind": "EntityType", "properties": [
      {"name": "id", "type": "Edm.String"}, {"name": "name", "type": "Edm.String"},
      {"name": "betaOnly", "type": "Edm.Int32"}, {"name": "state", "type": "widgetState"},
      {"name": "kind", "type": "widgetKind"}, {"name": "size", "type": "widgetSize"},
      {"name": "features", "type": "widgetFeatures"}],
               "revisions": [{"date": "2025-11-30", "kind": "Deprecated",
                              "removalDate": "2025-11-30", "documented": "widget.md"}]}
  },
  "enums": {
    "widgetState": {"flags": false, "members": ["on", "off", "blinking"], "evolvable": []},
    "widgetKind": {"flags": false, "members": ["round", "square"], "evolvable": []},
    "widgetSize": {"flags": false, "members": ["small", "unknownFutureValue", "large"],
                   "evolvable": ["large"]},
    "widgetFeatures": {"flags": true, "members": ["lit", "loud", "wet"], "evolvable": []}
  },
  "versions": {"v1.0": {
    "queries": {"widget": {"options": ["select", "filter", "top"],
                           "filter": [{"path": "state", "type": "widgetState"},
                                      {"path": "name", "type": "Edm.String"}],
                           "expand": []}},
    "types": {
      "widget": {"kind": "EntityType", "properties": [
        {"name": "id", "type": "Edm.String"}, {"name": "name", "type": "Edm.String"},
        {"name": "state", "type": "widgetState"}, {"name": "kind", "type": "widgetKind"},
        {"name": "size", "type": "widgetSize"}, {"name": "features", "type": "widgetFeatures"}]}
    },
    "enums": {
      "widgetState": {"flags": false, "members": ["on", "off", "unknownFutureValue"],
                      "evolvable": []},
      "widgetKind": {"flags": false, "members": ["round"], "evolvable": []},
      "widgetSize": {"flags": false, "members": ["small", "unknownFutureValue", "large"],
                     "evolvable": ["large"]},
      "widgetFeatures": {"flags": true, "members": ["lit", "wet"], "evolvable": []}
    }}}
})";

struct Fixture {
  FamilyManifest manifest{kManifest};
  GraphRouter router;
  std::atomic<bool> documented{false};

  Fixture() {
    for (const char* pattern : {"/beta/gadgets", "/beta/gadgets/{gadgetId}",
                                "/beta/gadgets/{gadgetId}/parts", "/beta/widgets/{widgetId}"})
      router.add(RouteInfo{pattern, pattern, "GET", {}, "", "widget", false},
                 [](const Context& ctx) -> Result<Reply> {
                   if (ctx.params.get("gadgetId") == "missing")
                     return GraphError::item_not_found("no such gadget");
                   return Reply::json(200, {{"@odata.context",
                                             "https://graph.microsoft.com/beta/$metadata#widgets/"
                                             "$entity"},
                                            {"id", "w"},
                                            {"name", "n"},
                                            {"betaOnly", 1},
                                            {"state", "blinking"},
                                            {"kind", "square"},
                                            {"size", "large"},
                                            {"features", "lit,loud,wet"},
                                            {"name@odata.type", "#String"}});
                 });
    router.add(RouteInfo{"widgets", "/beta/widgets", "GET", {}, "", "widget", true},
               [](const Context&) -> Result<Reply> {
                 return Reply::json(200,
                                    {{"value", Json::array({{{"id", "a"}, {"state", "on"}},
                                                            {{"id", "b"}, {"state", "off"}}})}});
               });
    apply_manifest(router, manifest, documented);
  }

  Result<Reply> get(const std::string& path, QueryParams query = {}, Headers headers = {}) {
    auto match = router.match("GET", path);
    EXPECT_EQ(match.kind, GraphRouter::Match::Kind::kFound) << path;
    if (match.kind != GraphRouter::Match::Kind::kFound) return GraphError::not_found(path);
    Request request;
    request.method = "GET";
    request.path = path;
    request.query = std::move(query);
    request.headers = std::move(headers);
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

// A deprecation only the docs' pages announce ("documented") is sent only while the setting says
// so, read at each request; the metadata's are sent either way.
TEST(ManifestRoutesTest, ADocumentedDeprecationIsSentOnlyUnderItsVariant) {
  Fixture f;
  for (bool documented : {false, true, false}) {
    f.documented = documented;
    auto widget = f.get("/beta/widgets/w");
    ASSERT_TRUE(widget);
    EXPECT_EQ(header(widget->headers, "Deprecation"),
              documented ? "Sun, 30 Nov 2025 23:59:59 GMT" : "");
    EXPECT_EQ(header(widget->headers, "Sunset"), documented ? "Sun, 30 Nov 2025 23:59:59 GMT" : "");
    EXPECT_EQ(header(widget->headers, "Link"),
              documented ? "https://docs.microsoft.com/en-us/graph/changelog#2025-11-30_widget ; "
                           "rel=\"deprecation\"; type=\"text/html\"; title=\"widget\""
                         : "");
    auto gadget = f.get("/beta/gadgets/g1");
    ASSERT_TRUE(gadget);
    EXPECT_EQ(header(gadget->headers, "Deprecation"), "Mon, 30 Mar 2026 23:59:59 GMT");
    auto v1 = f.get("/v1.0/widgets/w");  // v1.0's widget carries no revision
    ASSERT_TRUE(v1);
    EXPECT_EQ(v1->headers.count("Deprecation"), 0u);
  }
}

TEST(ManifestRoutesTest, AV1PathIsTheBetaRouteInTheV1Shape) {
  Fixture f;
  auto reply = f.get("/v1.0/widgets/w");
  ASSERT_TRUE(reply);
  // A member v1.0's enum lacks is its unknownFutureValue (state: blinking), or, where the enum has
  // none, left out with its property (kind: square), the answer then checked as partial; a member
  // after unknownFutureValue is unknownFutureValue to a client that does not prefer it; a flags
  // value keeps the members the version has.
  EXPECT_EQ(reply->body,
            (Json{{"@odata.context", "https://graph.microsoft.com/v1.0/$metadata#widgets/$entity"},
                  {"id", "w"},
                  {"name", "n"},
                  {"state", "unknownFutureValue"},
                  {"size", "unknownFutureValue"},
                  {"features", "lit,wet"},
                  {"name@odata.type", "#String"}}));
  EXPECT_TRUE(reply->partial);
  auto preferring = f.get("/v1.0/widgets/w", {}, {{"Prefer", "include-unknown-enum-members"}});
  ASSERT_TRUE(preferring);
  EXPECT_EQ(preferring->body["size"], "large");
  // Checked against the v1.0 schemas (schemas/v1.0/ over schemas/); beta keeps its own.
  EXPECT_EQ(f.router.match("GET", "/v1.0/widgets/w").info->response_schema, "v1.0/widget");
  EXPECT_EQ(f.router.match("GET", "/beta/widgets/w").info->response_schema, "widget");
  // Only the manifest's v1.0 paths are served there.
  EXPECT_EQ(f.router.match("GET", "/v1.0/gadgets").kind, GraphRouter::Match::Kind::kNotFound);
}

TEST(ManifestRoutesTest, AV1PathTakesTheV1QueryVocabulary) {
  Fixture f;
  auto message = [&](QueryParams query) {
    auto reply = f.get("/v1.0/widgets", std::move(query));
    return reply ? std::string("200") : reply.error().message;
  };
  // What only beta has is Graph's 400 on v1.0, in $select, $filter and $orderby...
  EXPECT_NE(
      message({{"$select", "id,betaOnly"}}).find("could not find a property named 'betaOnly'"),
      std::string::npos);
  EXPECT_NE(message({{"$filter", "betaOnly eq '1'"}}).find("betaOnly"), std::string::npos);
  EXPECT_NE(message({{"$orderby", "betaOnly desc"}})
                .find("Invalid $orderby: could not find a property named 'betaOnly' on type "
                      "'microsoft.graph.widget'"),
            std::string::npos);
  // ...and so is an enum member only beta has; v1.0's own are taken.
  EXPECT_NE(message({{"$filter", "state eq 'blinking'"}})
                .find("'blinking' is not a member of microsoft.graph.widgetState"),
            std::string::npos);
  EXPECT_EQ(message({{"$filter", "state eq 'off' and name eq 'n'"}}), "200");
  EXPECT_EQ(message({{"$select", "name,state"}, {"$top", "1"}}), "200");
  auto list = f.get("/v1.0/widgets");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->body["value"][1]["state"], "off");
}

}  // namespace
}  // namespace graphmock
