#include "teamwork_root/teamwork_root_family.h"

#include "core/reply.h"
#include "family/replies.h"
#include "odata/query_options.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

class TeamworkRootFamily final : public ApiFamily {
 public:
  explicit TeamworkRootFamily(const FamilyEnv& env)
      : entity_{{"@odata.type", "#microsoft.graph.teamwork"},
                {"id", env.options.tenant_id},
                {"isTeamsEnabled", true},
                {"region", "Europe and MiddleEast"}} {}

  const FamilyManifest& manifest() const override { return teamwork_root_manifest(); }
  void register_routes(GraphRouter& router) override {
    // Permissions as the "Get teamwork" page lists them.
    router.add(
        RouteInfo{
            "teamwork.get", "/beta/teamwork", "GET", {"Teamwork.Read.All"}, "", "teamwork", false},
        [this](const Context& ctx) -> Result<Reply> {
          static const odata::SpecPair specs = teamwork_root_manifest().specs("teamwork");
          auto options = odata::parse(ctx.request.query, specs.single);
          if (!options) return options.error();
          return entity_reply(
              200, entity_, *options,
              entity_context(std::string(kContextPrefix).append("teamwork"), *options));
        });
  }
  void configure(const Json&) override {}
  void load(const FixtureTexts&, uint64_t) override {}
  void reset(uint64_t) override {}
  void dump_state(Json&, TimePoint) const override {}

 private:
  const Json entity_;
};

}  // namespace

std::unique_ptr<ApiFamily> make_teamwork_root_family(const FamilyEnv& env) {
  return std::make_unique<TeamworkRootFamily>(env);
}

}  // namespace graphmock
