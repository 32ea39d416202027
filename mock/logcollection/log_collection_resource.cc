#include "logcollection/log_collection_resource.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/reply.h"
#include "core/time_format.h"
#include "family/replies.h"
#include "logcollection/logcollection_family.h"
#include "odata/query_options.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

// Permissions as the docs' tables list them (docs/log-collection.md, "Permissions"): the
// union over the pages of each method where their versions differ.
const std::vector<std::string> kRead = {
    "DeviceManagementManagedDevices.Read.All", "DeviceManagementManagedDevices.ReadWrite.All",
    "DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"};
const std::vector<std::string> kWrite = {"DeviceManagementConfiguration.ReadWrite.All",
                                         "DeviceManagementManagedDevices.ReadWrite.All"};
const std::vector<std::string> kConfigurationRead = {"DeviceManagementConfiguration.Read.All",
                                                     "DeviceManagementConfiguration.ReadWrite.All"};
const std::vector<std::string> kDevicesRead = {"DeviceManagementManagedDevices.Read.All",
                                               "DeviceManagementManagedDevices.ReadWrite.All"};
constexpr const char* kRoot = "/beta/deviceManagement";
constexpr const char* kLogOdataType = "#microsoft.graph.deviceLogCollectionResponse";
// Where createDownloadUrl points: https as the docs show, on a host that never resolves.
constexpr const char* kDownloadHost = "https://logcollection.graph-mock.invalid";

// The query vocabulary of each type, from the family's manifest.
const odata::Spec& device_spec(bool collection) {
  static const odata::SpecPair specs = logcollection_manifest().specs("managedDevice");
  return specs.get(collection);
}

const odata::Spec& detected_app_spec(bool collection) {
  static const odata::SpecPair specs = logcollection_manifest().specs("detectedApp");
  return specs.get(collection);
}

// One of the script collections whose run states lead to a managed device:
// where it lives, its OData types, what $select/$filter accept, who may read it.
struct ScriptSet {
  ScriptKind kind;
  std::string collection;  // segment under /deviceManagement
  std::string route_name;  // prefix of its route names
  std::string script_type, run_state_type;
  odata::SpecPair scripts, run_states;
  const std::vector<std::string>& read;
};

const std::vector<ScriptSet>& script_sets() {
  static const std::vector<ScriptSet> sets = [] {
    const FamilyManifest& m = logcollection_manifest();
    std::vector<ScriptSet> v;
    v.push_back({ScriptKind::kManagement, "deviceManagementScripts", "intune.scripts",
                 "deviceManagementScript", "deviceManagementScriptDeviceState",
                 m.specs("deviceManagementScript"), m.specs("deviceManagementScriptDeviceState"),
                 kRead});
    v.push_back({ScriptKind::kHealth, "deviceHealthScripts", "intune.healthScripts",
                 "deviceHealthScript", "deviceHealthScriptDeviceState",
                 m.specs("deviceHealthScript"), m.specs("deviceHealthScriptDeviceState"),
                 kConfigurationRead});
    v.push_back({ScriptKind::kCompliance, "deviceComplianceScripts", "intune.complianceScripts",
                 "deviceComplianceScript", "deviceComplianceScriptDeviceState",
                 m.specs("deviceComplianceScript"), m.specs("deviceComplianceScriptDeviceState"),
                 kRead});
    return v;
  }();
  return sets;
}

// The script set a route is under: /beta/deviceManagement/<collection>/...
const ScriptSet& script_set(const Context& ctx) {
  const std::string collection = split_path(ctx.route.pattern).at(2);
  for (const auto& set : script_sets())
    if (set.collection == collection) return set;
  return script_sets().front();  // unreachable: only script routes call this
}

const odata::Spec& request_spec(bool collection) {
  static const odata::SpecPair specs =
      logcollection_manifest().specs("deviceLogCollectionResponse");
  return specs.get(collection);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// An instance annotation ("@odata.type", "@microsoft.graph.x", "status@odata.type"): a
// service ignores those it does not use (OData JSON format, "Instance Annotations").
bool is_annotation(std::string_view key) { return key.find('@') != std::string_view::npos; }

bool expanded(const odata::QueryOptions& options, std::string_view property) {
  return std::find(options.expand.begin(), options.expand.end(), property) != options.expand.end();
}

GraphError device_not_found(const std::string& id) {
  return GraphError::item_not_found("The managedDevice '" + id + "' does not exist.");
}

Result<const DeviceScript*> script_for(const Context& ctx, const LogCollectionData& data) {
  const ScriptSet& set = script_set(ctx);
  const std::string& script_id = ctx.params.get("scriptId");
  const DeviceScript* script = data.find_script(set.kind, script_id);
  if (!script)
    return GraphError::item_not_found("The " + set.script_type + " '" + script_id +
                                      "' does not exist.");
  return script;
}

Result<const ScriptRunState*> run_state_for(const Context& ctx, const LogCollectionData& data) {
  auto script = script_for(ctx, data);
  if (!script) return script.error();
  const std::string& run_state_id = ctx.params.get("runStateId");
  const ScriptRunState* rs = (*script)->find_run_state(run_state_id);
  if (!rs)
    return GraphError::item_not_found("The " + script_set(ctx).run_state_type + " '" +
                                      run_state_id + "' does not exist on script '" +
                                      ctx.params.get("scriptId") + "'.");
  return rs;
}

// The device a script run state's managedDevice navigates to.
Result<std::string> run_state_device(const Context& ctx, const LogCollectionData& data) {
  auto rs = run_state_for(ctx, data);
  if (!rs) return rs.error();
  const std::string& id = (*rs)->managed_device_id;
  if (id.empty() || !data.find_device(id))
    return GraphError::item_not_found("The " + script_set(ctx).run_state_type + " '" +
                                      ctx.params.get("runStateId") + "' has no managedDevice" +
                                      (id.empty() ? "" : " ('" + id + "' does not exist)") + ".");
  return id;
}

// Checks the hop a nested path takes before its managedDevices segment:
// users/{userId} must be the user of `from` (the run state's device), and
// detectedApps/{detectedAppId} an app seen on it (`from` empty: any app).
Result<void> check_hop(const Context& ctx, const LogCollectionData& data, const std::string& from) {
  if (const std::string& user_id = ctx.params.get("userId"); !user_id.empty()) {
    if (!iequals(data.find_device(from)->user_id, user_id))
      return GraphError::item_not_found("The user '" + user_id +
                                        "' is not a user of managedDevice '" + from + "'.");
  }
  if (const std::string& app_id = ctx.params.get("detectedAppId"); !app_id.empty()) {
    const DetectedApp* app = data.find_detected_app(app_id);
    if (!app || (!from.empty() && !app->seen_on(from)))
      return GraphError::item_not_found("The detectedApp '" + app_id + "' does not exist" +
                                        (from.empty() ? "" : " on managedDevice '" + from + "'") +
                                        ".");
  }
  return {};
}

// Whether device `d` is among those a nested path's hop leads to.
bool in_hop(const Context& ctx, const LogCollectionData& data, const ManagedDevice& d) {
  if (const std::string& user_id = ctx.params.get("userId"); !user_id.empty())
    return iequals(d.user_id, user_id);
  if (const std::string& app_id = ctx.params.get("detectedAppId"); !app_id.empty())
    return data.find_detected_app(app_id)->seen_on(d.id);
  return true;
}

// The managed device a route addresses, on any of the documented paths:
// {managedDeviceId} itself, the one a script run state's managedDevice
// navigates to, or one reached from there through users/{userId} or
// detectedApps/{detectedAppId}.
Result<std::string> device_id_for(const Context& ctx, const LogCollectionData& data) {
  std::string from;
  if (!ctx.params.get("scriptId").empty()) {
    auto rs_device = run_state_device(ctx, data);
    if (!rs_device) return rs_device.error();
    from = std::move(*rs_device);
  }
  const std::string& id = ctx.params.get("managedDeviceId");
  if (id.empty()) return from;
  if (auto hop = check_hop(ctx, data, from); !hop) return hop.error();
  const ManagedDevice* d = data.find_device(id);
  if (!d || !in_hop(ctx, data, *d)) return device_not_found(id);
  return id;
}

GraphError request_not_found(const Context& ctx, const std::string& device_id) {
  return GraphError::item_not_found("The deviceLogCollectionResponse '" +
                                    ctx.params.get("requestId") +
                                    "' does not exist on managed device '" + device_id + "'.");
}

// The log collection request a route addresses on its managed device.
template <class Data>
auto request_for(const Context& ctx, Data& data)
    -> Result<decltype(data.find_device("")->find_request(""))> {
  auto id = device_id_for(ctx, data);
  if (!id) return id.error();
  if (auto* r = data.find_device(*id)->find_request(ctx.params.get("requestId"))) return r;
  return request_not_found(ctx, *id);
}

// The OData path of the route up to segment `last`, keys in OData form:
// /beta/deviceManagement/managedDevices/{id}/logCollectionRequests
//   -> <prefix>deviceManagement/managedDevices('<id>')/logCollectionRequests
std::string odata_path(const Context& ctx, std::string_view last) {
  std::string out(kContextPrefix);
  const auto segs = split_path(ctx.route.pattern);
  for (size_t i = 1; i < segs.size(); ++i) {  // segs[0] is the version
    const std::string& seg = segs[i];
    if (seg.size() > 2 && seg.front() == '{') {
      out += "('" + ctx.params.get(std::string_view(seg).substr(1, seg.size() - 2)) + "')";
      continue;
    }
    if (i > 1) out += '/';
    out += seg;
    if (seg == last) break;
  }
  return out;
}

// The entity set of the devices a route reaches: managedDevices or
// comanagedDevices when addressed directly; a navigation (run state,
// user, detected app) reaches managedDevices.
std::string device_set_context(const Context& ctx) {
  const std::string set = split_path(ctx.route.pattern).at(2);
  return std::string(kContextPrefix) + "deviceManagement/" +
         (set == "comanagedDevices" ? set : "managedDevices");
}

std::string requests_context(const Context& ctx) {
  std::string path = odata_path(ctx, "logCollectionRequests");
  // The action answers with the new member of its device's logCollectionRequests.
  constexpr std::string_view kAction = "/createDeviceLogCollectionRequest";
  if (path.ends_with(kAction))
    path.replace(path.size() - kAction.size(), kAction.size(), "/logCollectionRequests");
  return path;
}

Json device_json(const ManagedDevice& d, const odata::QueryOptions& options, TimePoint now) {
  Json out = d.entity();
  if (expanded(options, "logCollectionRequests")) {
    out["logCollectionRequests"] = Json::array();
    for (const auto& r : d.requests) out["logCollectionRequests"].push_back(materialize(r, now));
  }
  return out;
}

Json run_state_json(const ScriptRunState& rs, const odata::QueryOptions& options,
                    const LogCollectionData& data) {
  Json out = rs.entity;
  if (expanded(options, "managedDevice")) {
    const ManagedDevice* d = data.find_device(rs.managed_device_id);
    out["managedDevice"] = d ? d->entity() : Json(nullptr);
  }
  return out;
}

Json script_json(const DeviceScript& s, const odata::QueryOptions& options) {
  Json out = s.entity;
  if (expanded(options, "deviceRunStates")) {
    out["deviceRunStates"] = Json::array();
    for (const auto& rs : s.run_states) out["deviceRunStates"].push_back(rs.entity);
  }
  return out;
}

Json detected_app_json(const DetectedApp& app, const odata::QueryOptions& options,
                       const LogCollectionData& data) {
  Json out = app.entity;
  if (expanded(options, "managedDevices")) {
    out["managedDevices"] = Json::array();
    for (const auto& id : app.managed_device_ids)
      if (const ManagedDevice* d = data.find_device(id))
        out["managedDevices"].push_back(d->entity());
  }
  return out;
}

}  // namespace

LogCollectionResource::LogCollectionResource(LogCollectionStore& store,
                                             LogCollectionOptions options, uint64_t seed)
    : store_(store), options_(std::move(options)), rng_(Random::stream(seed, "logcollection")) {}

void LogCollectionResource::set_timeline(LogCollectionTimeline timeline) {
  std::lock_guard lock(mu_);
  timeline_ = timeline;
}

void LogCollectionResource::set_retention(RetentionPolicy retention) {
  std::lock_guard lock(mu_);
  retention_ = retention;
}

void LogCollectionResource::reseed(uint64_t seed) {
  std::lock_guard lock(mu_);
  rng_ = Random::stream(seed, "logcollection");
}

void LogCollectionResource::register_routes(GraphRouter& r) {
  const std::string root = kRoot;
  auto add = [&](std::string name, std::string method, std::string pattern,
                 const std::vector<std::string>& perms, std::string req, std::string resp,
                 bool coll, Handler h) {
    r.add(RouteInfo{std::move(name), std::move(pattern), std::move(method), perms, std::move(req),
                    std::move(resp), coll},
          std::move(h));
  };
  auto list_devices = [this](const Context& c) { return this->list_devices(c); };
  auto get_device = [this](const Context& c) { return this->get_device(c); };
  // Every documented path to a managed device (createDeviceLogCollectionRequest's
  // page lists seven); each serves the device, its logCollectionRequests and
  // the action, with the same handlers and state.
  struct Owner {
    std::string name, pattern;
  };
  std::vector<Owner> owners;
  for (const char* coll : {"managedDevices", "comanagedDevices"}) {
    std::string base = root + "/" + coll;
    std::string n = std::string("intune.") + coll;
    add(n + ".list", "GET", base, kRead, "", "managedDevice", true, list_devices);
    owners.push_back({n, base + "/{managedDeviceId}"});
  }
  for (const auto& set : script_sets()) {
    const std::string scripts = root + "/" + set.collection;
    const std::string run_state = scripts + "/{scriptId}/deviceRunStates/{runStateId}";
    const std::string& n = set.route_name;
    add(n + ".list", "GET", scripts, set.read, "", set.script_type, true,
        [this](const Context& c) { return list_scripts(c); });
    add(n + ".get", "GET", scripts + "/{scriptId}", set.read, "", set.script_type, false,
        [this](const Context& c) { return get_script(c); });
    add(n + ".runStates.list", "GET", scripts + "/{scriptId}/deviceRunStates", set.read, "",
        set.run_state_type, true, [this](const Context& c) { return list_run_states(c); });
    add(n + ".runStates.get", "GET", run_state, set.read, "", set.run_state_type, false,
        [this](const Context& c) { return get_run_state(c); });
    owners.push_back({n + ".runStates.managedDevice", run_state + "/managedDevice"});
  }
  // The two nested forms the action's page documents, from a management script run state's
  // device to a device of its user or a device one of its detected apps was seen on.
  const std::string script_device =
      root + "/deviceManagementScripts/{scriptId}/deviceRunStates/{runStateId}/managedDevice";
  const std::string nested = "intune.scripts.runStates.managedDevice";
  add(nested + ".users.managedDevices.list", "GET",
      script_device + "/users/{userId}/managedDevices", kRead, "", "managedDevice", true,
      list_devices);
  owners.push_back({nested + ".users.managedDevices",
                    script_device + "/users/{userId}/managedDevices/{managedDeviceId}"});
  add(nested + ".detectedApps.list", "GET", script_device + "/detectedApps", kDevicesRead, "",
      "detectedApp", true, [this](const Context& c) { return list_detected_apps(c); });
  add(nested + ".detectedApps.managedDevices.list", "GET",
      script_device + "/detectedApps/{detectedAppId}/managedDevices", kRead, "", "managedDevice",
      true, list_devices);
  owners.push_back(
      {nested + ".detectedApps.managedDevices",
       script_device + "/detectedApps/{detectedAppId}/managedDevices/{managedDeviceId}"});
  // Detected apps and the devices each was seen on.
  const std::string apps = root + "/detectedApps";
  add("intune.detectedApps.list", "GET", apps, kDevicesRead, "", "detectedApp", true,
      [this](const Context& c) { return list_detected_apps(c); });
  add("intune.detectedApps.get", "GET", apps + "/{detectedAppId}", kDevicesRead, "", "detectedApp",
      false, [this](const Context& c) { return get_detected_app(c); });
  add("intune.detectedApps.managedDevices.list", "GET", apps + "/{detectedAppId}/managedDevices",
      kRead, "", "managedDevice", true, list_devices);

  for (const auto& o : owners) {
    add(o.name + ".get", "GET", o.pattern, kRead, "", "managedDevice", false, get_device);
    const std::string list = o.pattern + "/logCollectionRequests";
    const std::string item = list + "/{requestId}";
    const std::string n = o.name + ".logCollectionRequests";
    add(n + ".list", "GET", list, kRead, "", "deviceLogCollectionResponse", true,
        [this](const Context& c) { return list_requests(c); });
    add(n + ".create", "POST", list, kWrite, "deviceLogCollectionResponseCreateRequest",
        "deviceLogCollectionResponse", false,
        [this](const Context& c) { return create_request(c); });
    add(n + ".get", "GET", item, kRead, "", "deviceLogCollectionResponse", false,
        [this](const Context& c) { return get_request(c); });
    add(n + ".update", "PATCH", item, kWrite, "deviceLogCollectionResponseUpdateRequest",
        "deviceLogCollectionResponse", false,
        [this](const Context& c) { return update_request(c); });
    add(n + ".delete", "DELETE", item, kWrite, "", "", false,
        [this](const Context& c) { return delete_request(c); });
    add(n + ".createDownloadUrl", "POST", item + "/createDownloadUrl", kRead, "emptyRequest",
        "stringValue", false, [this](const Context& c) { return create_download_url(c); });
    add(o.name + ".createDeviceLogCollectionRequest", "POST",
        o.pattern + "/createDeviceLogCollectionRequest", kWrite,
        "createDeviceLogCollectionRequestBody", "deviceLogCollectionResponse", false,
        [this](const Context& c) { return create_from_template(c); });
  }
}

Result<Reply> LogCollectionResource::list_devices(const Context& ctx) const {
  return read_reply(ctx, device_spec(true), store_,
                    [&](const LogCollectionData& data, const odata::QueryOptions& options) {
                      std::string from;
                      if (!ctx.params.get("scriptId").empty()) {
                        auto rs_device = run_state_device(ctx, data);
                        if (!rs_device) return Result<Reply>(rs_device.error());
                        from = std::move(*rs_device);
                      }
                      if (auto hop = check_hop(ctx, data, from); !hop)
                        return Result<Reply>(hop.error());
                      std::vector<Json> items;
                      for (const auto& d : data.devices)
                        if (in_hop(ctx, data, d)) items.push_back(device_json(d, options, ctx.now));
                      return Result<Reply>(
                          collection_reply(items, options, device_set_context(ctx), ctx.request));
                    });
}

Result<Reply> LogCollectionResource::get_device(const Context& ctx) const {
  return read_reply(
      ctx, device_spec(false), store_,
      [&](const LogCollectionData& data, const odata::QueryOptions& options) -> Result<Reply> {
        auto id = device_id_for(ctx, data);
        if (!id) return id.error();
        return entity_reply(200, device_json(*data.find_device(*id), options, ctx.now), options,
                            entity_context(device_set_context(ctx), options));
      });
}

Result<Reply> LogCollectionResource::list_scripts(const Context& ctx) const {
  const ScriptSet& set = script_set(ctx);
  return read_reply(ctx, set.scripts.list, store_,
                    [&](const LogCollectionData& data, const odata::QueryOptions& options) {
                      const auto& scripts = data.scripts(set.kind);
                      std::vector<Json> items;
                      items.reserve(scripts.size());
                      for (const auto& s : scripts) items.push_back(script_json(s, options));
                      return Result<Reply>(collection_reply(
                          items, options, odata_path(ctx, set.collection), ctx.request));
                    });
}

Result<Reply> LogCollectionResource::get_script(const Context& ctx) const {
  const ScriptSet& set = script_set(ctx);
  return read_reply(
      ctx, set.scripts.single, store_,
      [&](const LogCollectionData& data, const odata::QueryOptions& options) -> Result<Reply> {
        auto s = script_for(ctx, data);
        if (!s) return s.error();
        return entity_reply(
            200, script_json(**s, options), options,
            entity_context(std::string(kContextPrefix) + "deviceManagement/" + set.collection,
                           options));
      });
}

Result<Reply> LogCollectionResource::list_run_states(const Context& ctx) const {
  return read_reply(
      ctx, script_set(ctx).run_states.list, store_,
      [&](const LogCollectionData& data, const odata::QueryOptions& options) -> Result<Reply> {
        auto s = script_for(ctx, data);
        if (!s) return s.error();
        std::vector<Json> items;
        items.reserve((*s)->run_states.size());
        for (const auto& rs : (*s)->run_states) items.push_back(run_state_json(rs, options, data));
        return collection_reply(items, options, odata_path(ctx, "deviceRunStates"), ctx.request);
      });
}

Result<Reply> LogCollectionResource::get_run_state(const Context& ctx) const {
  return read_reply(
      ctx, script_set(ctx).run_states.single, store_,
      [&](const LogCollectionData& data, const odata::QueryOptions& options) -> Result<Reply> {
        auto rs = run_state_for(ctx, data);
        if (!rs) return rs.error();
        return entity_reply(200, run_state_json(**rs, options, data), options,
                            entity_context(odata_path(ctx, "deviceRunStates"), options));
      });
}

Result<Reply> LogCollectionResource::list_detected_apps(const Context& ctx) const {
  return read_reply(
      ctx, detected_app_spec(true), store_,
      [&](const LogCollectionData& data, const odata::QueryOptions& options) -> Result<Reply> {
        // Under a run state's managedDevice: the apps detected on that device.
        std::string on;
        if (!ctx.params.get("scriptId").empty()) {
          auto rs_device = run_state_device(ctx, data);
          if (!rs_device) return rs_device.error();
          on = std::move(*rs_device);
        }
        std::vector<Json> items;
        for (const auto& app : data.detected_apps())
          if (on.empty() || app.seen_on(on)) items.push_back(detected_app_json(app, options, data));
        return collection_reply(items, options,
                                std::string(kContextPrefix) + "deviceManagement/detectedApps",
                                ctx.request);
      });
}

Result<Reply> LogCollectionResource::get_detected_app(const Context& ctx) const {
  const std::string& id = ctx.params.get("detectedAppId");
  return read_reply(
      ctx, detected_app_spec(false), store_,
      [&](const LogCollectionData& data, const odata::QueryOptions& options) -> Result<Reply> {
        const DetectedApp* app = data.find_detected_app(id);
        if (!app) return GraphError::item_not_found("The detectedApp '" + id + "' does not exist.");
        return entity_reply(
            200, detected_app_json(*app, options, data), options,
            entity_context(std::string(kContextPrefix) + "deviceManagement/detectedApps", options));
      });
}

Result<Reply> LogCollectionResource::list_requests(const Context& ctx) const {
  return read_reply(
      ctx, request_spec(true), store_,
      [&](const LogCollectionData& data, const odata::QueryOptions& options) -> Result<Reply> {
        auto id = device_id_for(ctx, data);
        if (!id) return id.error();
        const ManagedDevice* d = data.find_device(*id);
        std::vector<Json> items;
        items.reserve(d->requests.size());
        for (const auto& r : d->requests) items.push_back(materialize(r, ctx.now));
        return collection_reply(items, options, requests_context(ctx), ctx.request);
      });
}

Result<Reply> LogCollectionResource::get_request(const Context& ctx) const {
  return read_reply(
      ctx, request_spec(false), store_,
      [&](const LogCollectionData& data, const odata::QueryOptions& options) -> Result<Reply> {
        auto r = request_for(ctx, data);
        if (!r) return r.error();
        return entity_reply(200, materialize(**r, ctx.now), options,
                            entity_context(requests_context(ctx), options));
      });
}

Result<Reply> LogCollectionResource::create_request(const Context& ctx) {
  if (ctx.invalid_body) return *ctx.invalid_body;  // refused even with --validate off
  auto created = add_request(ctx, *ctx.body);
  if (!created) return created.error();
  return Reply::json(201, std::move(*created));
}

Result<Reply> LogCollectionResource::create_from_template(const Context& ctx) {
  if (ctx.invalid_body) return *ctx.invalid_body;
  // As the metadata says: the parameter is nullable (absent or null: the predefined template)
  // and the schema holds every member of deviceLogCollectionTemplateType. Its sentinel
  // unknownFutureValue names no template: Graph refuses an evolvable enum's sentinel in an
  // action's parameter with a 400 (api-guidelines, graph/patterns/evolvable-enums.md), but the
  // docs page's example sends it, so a scenario serving the docs' forms takes it.
  static const Json::json_pointer kKind("/templateType/templateType");
  if (ctx.body && ctx.body->contains(kKind) && ctx.body->at(kKind) == "unknownFutureValue" &&
      !docs_examples_)
    return GraphError::bad_request(
        "Invalid request body at /templateType/templateType: 'unknownFutureValue' is the "
        "sentinel of the evolvable enum deviceLogCollectionTemplateType, not a template to run; "
        "send 'predefined' or leave templateType out.");
  auto created = add_request(ctx, Json::object());
  if (!created) return created.error();
  return Reply::json(200, std::move(*created));
}

Result<Json> LogCollectionResource::add_request(const Context& ctx, const Json& props) {
  std::string guid;
  LogCollectionTimeline plan;
  RetentionPolicy retention;
  {
    std::lock_guard lock(mu_);
    guid = rng_.guid();
    plan = plan_log_collection(timeline_, rng_);
    retention = retention_;
  }
  return store_.write([&](LogCollectionData& data) -> Result<Json> {
    auto device_id = device_id_for(ctx, data);
    if (!device_id) return device_id.error();
    ManagedDevice& d = *data.find_device(*device_id);
    if (auto md = props.find("managedDeviceId");
        md != props.end() && !iequals(md->get<std::string>(), *device_id))
      return GraphError::bad_request(
          "Invalid request body at /managedDeviceId: '" + md->get<std::string>() +
          "' is not the managed device this request is created on ('" + *device_id + "').");
    // One id rule everywhere, as the seed's property table says.
    const std::string prefix = options_.tenant_id + "_" + *device_id + "_";
    std::string id = prefix + guid;
    if (auto given = props.find("id"); given != props.end()) {
      id = given->get<std::string>();
      if (id.size() <= prefix.size() ||
          !iequals(std::string_view(id).substr(0, prefix.size()), prefix))
        return GraphError::bad_request(
            "Invalid request body at /id: '" + id + "' does not follow the form " +
            "{tenantId}_{managedDeviceId}_{requestId}, here '" + prefix + "<requestId>'.");
      if (d.find_request(id))
        return GraphError::conflict("A deviceLogCollectionResponse with id '" + id +
                                    "' already exists.");
    }
    std::string upn = d.user_principal_name;
    LogRequestRecord rec;
    rec.created = ctx.now;
    rec.data = {{"@odata.type", kLogOdataType},
                {"id", id},
                {"managedDeviceId", *device_id},
                {"status", "pending"},
                {"errorCode", 0},
                {"requestedDateTimeUTC", format_iso8601(ctx.now)},
                {"receivedDateTimeUTC", nullptr},
                {"expirationDateTimeUTC", nullptr},
                {"initiatedByUserPrincipalName",
                 ctx.claims.upn.empty() ? Json(nullptr) : Json(ctx.claims.upn)},
                {"enrolledByUser", upn.empty() ? Json(nullptr) : Json(upn)},
                {"size", 0.0},
                {"sizeInKB", 0.0}};
    for (auto it = props.begin(); it != props.end(); ++it) {
      if (is_annotation(it.key()) || it.key() == "id" || it.key() == "managedDeviceId") continue;
      rec.data[it.key()] = *it;
      if (is_timeline_property(it.key())) rec.pinned[it.key()] = *it;
    }
    // A client that sets status gets what it asked for; otherwise the timeline runs.
    if (!props.contains("status")) rec.timeline = plan;
    Json body = materialize(rec, ctx.now);
    body["@odata.context"] = requests_context(ctx) + "/$entity";
    d.add_request(std::move(id), std::move(rec), retention, ctx.now);
    return body;
  });
}

Result<Reply> LogCollectionResource::update_request(const Context& ctx) {
  if (ctx.invalid_body) return *ctx.invalid_body;
  const Json& patch = *ctx.body;
  return store_.write([&](LogCollectionData& data) -> Result<Reply> {
    auto found = request_for(ctx, data);
    if (!found) return found.error();
    LogRequestRecord* r = *found;
    const std::string id = *device_id_for(ctx, data);  // request_for found it
    // The request is contained in its device: the update page's body carries managedDeviceId,
    // which may name that device (a no-op) but cannot move the request to another.
    if (auto md = patch.find("managedDeviceId");
        md != patch.end() && !iequals(md->get<std::string>(), id))
      return GraphError::bad_request("Invalid request body at /managedDeviceId: '" +
                                     md->get<std::string>() +
                                     "' is not the managed device of this request ('" + id +
                                     "'); a log collection request cannot move to another device.");
    // OData: an update ignores the key (here: the one the URL names, anything else is a 400)
    // and instance annotations; an evolvable enum's sentinel leaves the property as it is
    // (api-guidelines, evolvable-enums: "treat the property as if it were absent").
    const std::string& request_id = ctx.params.get("requestId");
    if (auto key = patch.find("id");
        key != patch.end() && !iequals(key->get<std::string>(), request_id))
      return GraphError::bad_request("Invalid request body at /id: '" + key->get<std::string>() +
                                     "' is not the id of this log collection request ('" +
                                     request_id + "'); the key of an entity cannot change.");
    static const std::vector<std::string> enums =
        logcollection_manifest().enum_properties("deviceLogCollectionResponse");
    auto ignored = [](const Json::const_iterator& it) {
      return is_annotation(it.key()) || it.key() == "id" || it.key() == "managedDeviceId" ||
             (*it == "unknownFutureValue" &&
              std::find(enums.begin(), enums.end(), it.key()) != enums.end());
    };
    // Writing what the timeline decides freezes the request as it is now.
    bool touches_timeline = false;
    for (auto it = patch.begin(); it != patch.end(); ++it)
      touches_timeline |= !ignored(it) && is_timeline_property(it.key());
    if (touches_timeline && r->timeline) {
      r->data = materialize(*r, ctx.now);
      r->timeline.reset();
      r->pinned = Json::object();
    }
    for (auto it = patch.begin(); it != patch.end(); ++it)
      if (!ignored(it)) r->data[it.key()] = *it;
    Json body = materialize(*r, ctx.now);
    body["@odata.context"] = requests_context(ctx) + "/$entity";
    return Reply::json(200, std::move(body));
  });
}

Result<Reply> LogCollectionResource::delete_request(const Context& ctx) {
  return store_.write([&](LogCollectionData& data) -> Result<Reply> {
    auto id = device_id_for(ctx, data);
    if (!id) return id.error();
    if (!data.find_device(*id)->requests.erase(ctx.params.get("requestId")))
      return request_not_found(ctx, *id);
    return Reply::empty(204);
  });
}

Result<Reply> LogCollectionResource::create_download_url(const Context& ctx) const {
  if (ctx.invalid_body) return *ctx.invalid_body;
  const std::string& request_id = ctx.params.get("requestId");
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    auto r = request_for(ctx, data);
    if (!r) return r.error();
    const std::string id = *device_id_for(ctx, data);  // request_for found it
    Json m = materialize(**r, ctx.now);
    std::string status = m.value("status", "");
    if (status == "pending")
      return GraphError::bad_request(
          "The log collection request '" + request_id +
          "' is still pending: its logs can be downloaded once status is 'completed'.");
    if (status != "completed")
      return GraphError::bad_request(
          "The log collection request '" + request_id + "' is " + status + " (errorCode " +
          m.value("errorCode", Json(0)).dump() + "): there are no logs to download.");
    std::string url = std::string(kDownloadHost) + "/" + id + "/" + request_id + ".zip?sp=r";
    const Json& expiry = m["expirationDateTimeUTC"];
    if (expiry.is_string()) {
      auto expires = parse_iso8601(expiry.get_ref<const std::string&>());
      if (expires && ctx.now >= *expires)
        return GraphError::bad_request("The logs of log collection request '" + request_id +
                                       "' expired at " + expiry.get<std::string>() +
                                       ": create a new log collection request.");
      if (expires) url += "&se=" + format_iso8601(*expires);
    }
    // A stable stand-in for a SAS signature: the same request and expiry give the same URL.
    char sig[17];
    std::snprintf(sig, sizeof sig, "%016llx",
                  static_cast<unsigned long long>(Random::stream(0, url).next()));
    return Reply::json(200, {{"@odata.context", std::string(kContextPrefix) + "Edm.String"},
                             {"value", url + "&sig=" + sig}});
  });
}

}  // namespace graphmock
