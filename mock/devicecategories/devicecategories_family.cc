#include "devicecategories/devicecategories_family.h"

#include "core/reply.h"
#include "family/replies.h"
#include "odata/query_options.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

constexpr const char* kSet = "/beta/deviceManagement/deviceCategories";
// Permissions as the list and get pages give them.
const std::vector<std::string> kRead = {"DeviceManagementManagedDevices.Read.All",
                                        "DeviceManagementManagedDevices.ReadWrite.All"};

Json category(const char* id, const char* name, const char* description) {
  return {{"@odata.type", "#microsoft.graph.deviceCategory"},
          {"id", id},
          {"displayName", name},
          {"description", description},
          {"roleScopeTagIds", Json::array({"0"})}};
}

class DeviceCategoriesFamily final : public ApiFamily {
 public:
  DeviceCategoriesFamily()
      : categories_{category("0f2d8c3e-5b71-4a9e-8d26-3c4b5a6d7e81", "Corporate laptops",
                             "Laptops owned and managed by the company"),
                    category("6a1b2c3d-4e5f-4a7b-9c8d-0e1f2a3b4c5d", "Shared kiosks",
                             "Shared devices in public areas"),
                    category("c9d8e7f6-a5b4-4c3d-8e2f-1a0b9c8d7e6f", "Personal phones",
                             "Bring-your-own phones enrolled for mail")} {}

  const FamilyManifest& manifest() const override { return devicecategories_manifest(); }

  void register_routes(GraphRouter& router) override {
    router.add(
        RouteInfo{"intune.deviceCategories.list", kSet, "GET", kRead, "", "deviceCategory", true},
        [this](const Context& ctx) -> Result<Reply> {
          auto options = odata::parse(ctx.request.query, specs().list);
          if (!options) return options.error();
          return collection_reply(categories_, *options, context(), ctx.request);
        });
    router.add(
        RouteInfo{"intune.deviceCategories.get", std::string(kSet) + "/{deviceCategoryId}", "GET",
                  kRead, "", "deviceCategory", false},
        [this](const Context& ctx) -> Result<Reply> {
          auto options = odata::parse(ctx.request.query, specs().single);
          if (!options) return options.error();
          const std::string& id = ctx.params.get("deviceCategoryId");
          for (const Json& c : categories_)
            if (c["id"] == id)
              return entity_reply(200, c, *options, entity_context(context(), *options));
          return GraphError::item_not_found("The deviceCategory '" + id + "' does not exist.");
        });
  }
  void configure(const Json&) override {}
  void load(const FixtureTexts&, uint64_t) override {}
  void reset(uint64_t) override {}
  void dump_state(Json&, TimePoint) const override {}

 private:
  static const odata::SpecPair& specs() {
    static const odata::SpecPair pair = devicecategories_manifest().specs("deviceCategory");
    return pair;
  }
  static std::string context() {
    return std::string(kContextPrefix).append("deviceManagement/deviceCategories");
  }

  const std::vector<Json> categories_;
};

}  // namespace

std::unique_ptr<ApiFamily> make_devicecategories_family(const FamilyEnv&) {
  return std::make_unique<DeviceCategoriesFamily>();
}

}  // namespace graphmock
