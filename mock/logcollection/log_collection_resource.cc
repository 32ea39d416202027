#include "logcollection/log_collection_resource.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/reply.h"
#include "core/time_format.h"
#include "odata/query_options.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

const std::vector<std::string> kRead = {
    "DeviceManagementManagedDevices.Read.All", "DeviceManagementManagedDevices.ReadWrite.All",
    "DeviceManagementConfiguration.Read.All", "DeviceManagementConfiguration.ReadWrite.All"};
const std::vector<std::string> kWrite = {"DeviceManagementConfiguration.ReadWrite.All",
                                         "DeviceManagementManagedDevices.ReadWrite.All"};
constexpr const char* kRoot = "/beta/deviceManagement";
constexpr const char* kLogType = "microsoft.graph.deviceLogCollectionResponse";
// Where createDownloadUrl points: https as the docs show, on a host that never resolves.
constexpr const char* kDownloadHost = "https://logcollection.graph-mock.invalid";

// The documented deviceLogCollectionResponse properties (seed 002); request
// bodies are checked against schemas/deviceLogCollectionResponse*Request.json.
const std::vector<std::string> kLogProperties = {"id",
                                                 "status",
                                                 "managedDeviceId",
                                                 "errorCode",
                                                 "requestedDateTimeUTC",
                                                 "receivedDateTimeUTC",
                                                 "initiatedByUserPrincipalName",
                                                 "expirationDateTimeUTC",
                                                 "size",
                                                 "sizeInKB",
                                                 "enrolledByUser"};

odata::Spec make_spec(std::string type, std::vector<std::string> props,
                      std::vector<std::string> filterable, std::vector<std::string> expandable,
                      bool collection) {
  odata::Spec s;
  s.type_name = std::move(type);
  s.properties = std::move(props);
  s.filterable = std::move(filterable);
  s.expandable = std::move(expandable);
  s.collection = collection;
  return s;
}

const odata::Spec& device_spec(bool collection) {
  static const std::vector<std::string> props = {"id",
                                                 "deviceName",
                                                 "operatingSystem",
                                                 "osVersion",
                                                 "userPrincipalName",
                                                 "userDisplayName",
                                                 "emailAddress",
                                                 "serialNumber",
                                                 "manufacturer",
                                                 "model",
                                                 "enrolledDateTime",
                                                 "lastSyncDateTime",
                                                 "complianceState",
                                                 "managementAgent",
                                                 "ownerType",
                                                 "azureADDeviceId",
                                                 "deviceEnrollmentType"};
  static const odata::Spec list =
      make_spec("microsoft.graph.managedDevice", props,
                {"operatingSystem", "deviceName", "userPrincipalName", "complianceState",
                 "managementAgent", "ownerType", "serialNumber", "azureADDeviceId"},
                {"logCollectionRequests"}, true);
  static const odata::Spec single = make_spec(list.type_name, props, {}, list.expandable, false);
  return collection ? list : single;
}

const odata::Spec& script_spec(bool collection) {
  static const std::vector<std::string> props = {"id",
                                                 "displayName",
                                                 "description",
                                                 "scriptContent",
                                                 "createdDateTime",
                                                 "lastModifiedDateTime",
                                                 "runAsAccount",
                                                 "enforceSignatureCheck",
                                                 "fileName",
                                                 "runAs32Bit",
                                                 "roleScopeTagIds"};
  static const odata::Spec list =
      make_spec("microsoft.graph.deviceManagementScript", props,
                {"displayName", "fileName", "runAsAccount"}, {"deviceRunStates"}, true);
  static const odata::Spec single = make_spec(list.type_name, props, {}, list.expandable, false);
  return collection ? list : single;
}

const odata::Spec& run_state_spec(bool collection) {
  static const std::vector<std::string> props = {
      "id",        "runState",        "resultMessage", "lastStateUpdateDateTime",
      "errorCode", "errorDescription"};
  static const odata::Spec list =
      make_spec("microsoft.graph.deviceManagementScriptDeviceState", props,
                {"runState", "errorCode"}, {"managedDevice"}, true);
  static const odata::Spec single = make_spec(list.type_name, props, {}, list.expandable, false);
  return collection ? list : single;
}

const odata::Spec& request_spec(bool collection) {
  static const odata::Spec list =
      make_spec(kLogType, kLogProperties,
                {"status", "managedDeviceId", "initiatedByUserPrincipalName"}, {}, true);
  static const odata::Spec single = make_spec(kLogType, list.properties, {}, {}, false);
  return collection ? list : single;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool is_annotation(std::string_view key) { return key.rfind("@odata.", 0) == 0; }

GraphError device_not_found(const std::string& id) {
  return GraphError::item_not_found("The managedDevice '" + id + "' does not exist.");
}

GraphError script_not_found(const std::string& id) {
  return GraphError::item_not_found("The deviceManagementScript '" + id + "' does not exist.");
}

Result<const ScriptRunState*> run_state_for(const Context& ctx, const LogCollectionData& data) {
  const std::string& script_id = ctx.params.get("scriptId");
  const std::string& run_state_id = ctx.params.get("runStateId");
  const DeviceScript* script = data.find_script(script_id);
  if (!script) return script_not_found(script_id);
  const ScriptRunState* rs = script->find_run_state(run_state_id);
  if (!rs)
    return GraphError::item_not_found("The deviceManagementScriptDeviceState '" + run_state_id +
                                      "' does not exist on script '" + script_id + "'.");
  return rs;
}

// The managed device a route addresses: {managedDeviceId} itself, or the one a
// script run state's managedDevice navigates to.
Result<std::string> device_id_for(const Context& ctx, const LogCollectionData& data) {
  if (ctx.params.get("scriptId").empty()) {
    const std::string& id = ctx.params.get("managedDeviceId");
    if (!data.find_device(id)) return device_not_found(id);
    return id;
  }
  auto rs = run_state_for(ctx, data);
  if (!rs) return rs.error();
  const std::string& id = (*rs)->managed_device_id;
  if (id.empty() || !data.find_device(id))
    return GraphError::item_not_found("The deviceManagementScriptDeviceState '" +
                                      ctx.params.get("runStateId") + "' has no managedDevice" +
                                      (id.empty() ? "" : " ('" + id + "' does not exist)") + ".");
  return id;
}

// "managedDevices" or "comanagedDevices" for /beta/deviceManagement/<that>/...
std::string device_collection(const Context& ctx) { return split_path(ctx.route.pattern).at(2); }

// The OData path of the addressed device's logCollectionRequests, for @odata.context.
std::string requests_context(const Context& ctx, const std::string& device_id) {
  std::string owner = ctx.params.get("scriptId").empty()
                          ? "deviceManagement/" + device_collection(ctx) + "('" + device_id + "')"
                          : "deviceManagement/deviceManagementScripts('" +
                                ctx.params.get("scriptId") + "')/deviceRunStates('" +
                                ctx.params.get("runStateId") + "')/managedDevice";
  return std::string(kContextPrefix) + owner + "/logCollectionRequests";
}

Json device_json(const ManagedDevice& d, const odata::QueryOptions& options, TimePoint now) {
  Json out = d.entity;
  if (std::find(options.expand.begin(), options.expand.end(), "logCollectionRequests") !=
      options.expand.end()) {
    out["logCollectionRequests"] = Json::array();
    for (const auto& r : d.requests) out["logCollectionRequests"].push_back(materialize(r, now));
  }
  return out;
}

Json run_state_json(const ScriptRunState& rs, const odata::QueryOptions& options,
                    const LogCollectionData& data) {
  Json out = rs.entity;
  if (std::find(options.expand.begin(), options.expand.end(), "managedDevice") !=
      options.expand.end()) {
    const ManagedDevice* d = data.find_device(rs.managed_device_id);
    out["managedDevice"] = d ? d->entity : Json(nullptr);
  }
  return out;
}

Json script_json(const DeviceScript& s, const odata::QueryOptions& options) {
  Json out = s.entity;
  if (std::find(options.expand.begin(), options.expand.end(), "deviceRunStates") !=
      options.expand.end()) {
    out["deviceRunStates"] = Json::array();
    for (const auto& rs : s.run_states) out["deviceRunStates"].push_back(rs.entity);
  }
  return out;
}

// $select keeps what $expand inlined, as OData does.
std::vector<std::string> kept_properties(const odata::QueryOptions& options) {
  if (options.select.empty()) return {};
  std::vector<std::string> keep = options.select;
  keep.insert(keep.end(), options.expand.begin(), options.expand.end());
  return keep;
}

Reply entity_reply(int status, const Json& item, const odata::QueryOptions& options,
                   std::string context) {
  Json body = odata::select(item, kept_properties(options));
  body["@odata.context"] = std::move(context);
  Reply reply = Reply::json(status, std::move(body));
  reply.partial = !options.select.empty();
  return reply;
}

Reply collection_reply(const std::vector<Json>& items, const odata::QueryOptions& options,
                       const std::string& context, const Request& request) {
  std::vector<const Json*> all;
  all.reserve(items.size());
  for (const auto& item : items) all.push_back(&item);
  odata::QueryOptions render = options;
  render.select = kept_properties(options);
  Reply reply = Reply::json(
      200, odata::render_collection(odata::page(all, options), render,
                                    context + odata::context_select_suffix(options), request));
  reply.partial = !options.select.empty();
  return reply;
}

}  // namespace

LogCollectionResource::LogCollectionResource(LogCollectionStore& store,
                                             LogCollectionOptions options, uint64_t seed)
    : store_(store), options_(std::move(options)), rng_(Random::stream(seed, "logcollection")) {}

void LogCollectionResource::set_timeline(LogCollectionTimeline timeline) {
  std::lock_guard lock(mu_);
  timeline_ = timeline;
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
  // Every place a managed device is addressed; comanagedDevices is accepted as an alias.
  struct Owner {
    std::string name, pattern;
  };
  std::vector<Owner> owners;
  for (const char* coll : {"managedDevices", "comanagedDevices"}) {
    std::string base = root + "/" + coll;
    std::string n = std::string("intune.") + coll;
    add(n + ".list", "GET", base, kRead, "", "managedDevice", true,
        [this](const Context& c) { return list_devices(c); });
    add(n + ".get", "GET", base + "/{managedDeviceId}", kRead, "", "managedDevice", false,
        [this](const Context& c) { return get_device(c); });
    owners.push_back({n, base + "/{managedDeviceId}"});
  }
  const std::string scripts = root + "/deviceManagementScripts";
  const std::string run_state = scripts + "/{scriptId}/deviceRunStates/{runStateId}";
  add("intune.scripts.list", "GET", scripts, kRead, "", "deviceManagementScript", true,
      [this](const Context& c) { return list_scripts(c); });
  add("intune.scripts.get", "GET", scripts + "/{scriptId}", kRead, "", "deviceManagementScript",
      false, [this](const Context& c) { return get_script(c); });
  add("intune.scripts.runStates.list", "GET", scripts + "/{scriptId}/deviceRunStates", kRead, "",
      "deviceManagementScriptDeviceState", true,
      [this](const Context& c) { return list_run_states(c); });
  add("intune.scripts.runStates.get", "GET", run_state, kRead, "",
      "deviceManagementScriptDeviceState", false,
      [this](const Context& c) { return get_run_state(c); });
  add("intune.scripts.runStates.managedDevice.get", "GET", run_state + "/managedDevice", kRead, "",
      "managedDevice", false, [this](const Context& c) { return get_device(c); });
  owners.push_back({"intune.scripts.runStates.managedDevice", run_state + "/managedDevice"});

  for (const auto& o : owners) {
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
  auto options = odata::parse(ctx.request.query, device_spec(true));
  if (!options) return options.error();
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    std::vector<Json> items;
    items.reserve(data.devices.size());
    for (const auto& d : data.devices) items.push_back(device_json(d, *options, ctx.now));
    return collection_reply(
        items, *options, std::string(kContextPrefix) + "deviceManagement/" + device_collection(ctx),
        ctx.request);
  });
}

Result<Reply> LogCollectionResource::get_device(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, device_spec(false));
  if (!options) return options.error();
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    auto id = device_id_for(ctx, data);
    if (!id) return id.error();
    // A run state's managedDevice is a plain navigation: its context is the managedDevices set.
    std::string set =
        ctx.params.get("scriptId").empty() ? device_collection(ctx) : "managedDevices";
    return entity_reply(200, device_json(*data.find_device(*id), *options, ctx.now), *options,
                        std::string(kContextPrefix) + "deviceManagement/" + set +
                            odata::context_select_suffix(*options) + "/$entity");
  });
}

Result<Reply> LogCollectionResource::list_scripts(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, script_spec(true));
  if (!options) return options.error();
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    std::vector<Json> items;
    items.reserve(data.scripts.size());
    for (const auto& s : data.scripts) items.push_back(script_json(s, *options));
    return collection_reply(
        items, *options, std::string(kContextPrefix) + "deviceManagement/deviceManagementScripts",
        ctx.request);
  });
}

Result<Reply> LogCollectionResource::get_script(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, script_spec(false));
  if (!options) return options.error();
  const std::string& id = ctx.params.get("scriptId");
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    const DeviceScript* s = data.find_script(id);
    if (!s) return script_not_found(id);
    return entity_reply(200, script_json(*s, *options), *options,
                        std::string(kContextPrefix) + "deviceManagement/deviceManagementScripts" +
                            odata::context_select_suffix(*options) + "/$entity");
  });
}

Result<Reply> LogCollectionResource::list_run_states(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, run_state_spec(true));
  if (!options) return options.error();
  const std::string& id = ctx.params.get("scriptId");
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    const DeviceScript* s = data.find_script(id);
    if (!s) return script_not_found(id);
    std::vector<Json> items;
    items.reserve(s->run_states.size());
    for (const auto& rs : s->run_states) items.push_back(run_state_json(rs, *options, data));
    return collection_reply(items, *options,
                            std::string(kContextPrefix) +
                                "deviceManagement/deviceManagementScripts('" + id +
                                "')/deviceRunStates",
                            ctx.request);
  });
}

Result<Reply> LogCollectionResource::get_run_state(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, run_state_spec(false));
  if (!options) return options.error();
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    auto rs = run_state_for(ctx, data);
    if (!rs) return rs.error();
    return entity_reply(200, run_state_json(**rs, *options, data), *options,
                        std::string(kContextPrefix) + "deviceManagement/deviceManagementScripts('" +
                            ctx.params.get("scriptId") + "')/deviceRunStates" +
                            odata::context_select_suffix(*options) + "/$entity");
  });
}

Result<Reply> LogCollectionResource::list_requests(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, request_spec(true));
  if (!options) return options.error();
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    auto id = device_id_for(ctx, data);
    if (!id) return id.error();
    const ManagedDevice* d = data.find_device(*id);
    std::vector<Json> items;
    items.reserve(d->requests.size());
    for (const auto& r : d->requests) items.push_back(materialize(r, ctx.now));
    return collection_reply(items, *options, requests_context(ctx, *id), ctx.request);
  });
}

Result<Reply> LogCollectionResource::get_request(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, request_spec(false));
  if (!options) return options.error();
  const std::string& request_id = ctx.params.get("requestId");
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    auto id = device_id_for(ctx, data);
    if (!id) return id.error();
    const LogRequestRecord* r = data.find_device(*id)->find_request(request_id);
    if (!r)
      return GraphError::item_not_found("The deviceLogCollectionResponse '" + request_id +
                                        "' does not exist on managed device '" + *id + "'.");
    return entity_reply(
        200, materialize(*r, ctx.now), *options,
        requests_context(ctx, *id) + odata::context_select_suffix(*options) + "/$entity");
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
  // The schema keeps CSDL's enum, whose sentinel unknownFutureValue names no
  // template the service could run.
  static const Json::json_pointer kKind("/templateType/templateType");
  if (Json kind = ctx.body && ctx.body->contains(kKind) ? ctx.body->at(kKind) : Json();
      kind != "predefined")
    return GraphError::bad_request("Invalid request body at /templateType/templateType: " +
                                   kind.dump() + " is not a template to run; use 'predefined'.");
  auto created = add_request(ctx, Json::object());
  if (!created) return created.error();
  return Reply::json(200, std::move(*created));
}

Result<Json> LogCollectionResource::add_request(const Context& ctx, const Json& props) {
  std::string guid;
  LogCollectionTimeline plan;
  {
    std::lock_guard lock(mu_);
    guid = rng_.guid();
    plan = plan_log_collection(timeline_, rng_);
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
    std::string upn = d.entity.value("userPrincipalName", "");
    LogRequestRecord rec;
    rec.created = ctx.now;
    rec.data = {{"@odata.type", "#" + std::string(kLogType)},
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
    body["@odata.context"] = requests_context(ctx, *device_id) + "/$entity";
    d.requests.push_back(std::move(rec));
    return body;
  });
}

Result<Reply> LogCollectionResource::update_request(const Context& ctx) {
  if (ctx.invalid_body) return *ctx.invalid_body;
  const Json& patch = *ctx.body;
  const std::string& request_id = ctx.params.get("requestId");
  return store_.write([&](LogCollectionData& data) -> Result<Reply> {
    auto id = device_id_for(ctx, data);
    if (!id) return id.error();
    LogRequestRecord* r = data.find_device(*id)->find_request(request_id);
    if (!r)
      return GraphError::item_not_found("The deviceLogCollectionResponse '" + request_id +
                                        "' does not exist on managed device '" + *id + "'.");
    // Writing what the timeline decides freezes the request as it is now.
    bool touches_timeline = false;
    for (auto it = patch.begin(); it != patch.end(); ++it)
      touches_timeline |= is_timeline_property(it.key());
    if (touches_timeline && r->timeline) {
      r->data = materialize(*r, ctx.now);
      r->timeline.reset();
      r->pinned = Json::object();
    }
    for (auto it = patch.begin(); it != patch.end(); ++it)
      if (!is_annotation(it.key())) r->data[it.key()] = *it;
    Json body = materialize(*r, ctx.now);
    body["@odata.context"] = requests_context(ctx, *id) + "/$entity";
    return Reply::json(200, std::move(body));
  });
}

Result<Reply> LogCollectionResource::delete_request(const Context& ctx) {
  const std::string& request_id = ctx.params.get("requestId");
  return store_.write([&](LogCollectionData& data) -> Result<Reply> {
    auto id = device_id_for(ctx, data);
    if (!id) return id.error();
    auto& requests = data.find_device(*id)->requests;
    auto it = std::find_if(requests.begin(), requests.end(),
                           [&](const LogRequestRecord& r) { return r.id() == request_id; });
    if (it == requests.end())
      return GraphError::item_not_found("The deviceLogCollectionResponse '" + request_id +
                                        "' does not exist on managed device '" + *id + "'.");
    requests.erase(it);
    return Reply::empty(204);
  });
}

Result<Reply> LogCollectionResource::create_download_url(const Context& ctx) const {
  if (ctx.invalid_body) return *ctx.invalid_body;
  const std::string& request_id = ctx.params.get("requestId");
  return store_.read([&](const LogCollectionData& data) -> Result<Reply> {
    auto id = device_id_for(ctx, data);
    if (!id) return id.error();
    const LogRequestRecord* r = data.find_device(*id)->find_request(request_id);
    if (!r)
      return GraphError::item_not_found("The deviceLogCollectionResponse '" + request_id +
                                        "' does not exist on managed device '" + *id + "'.");
    Json m = materialize(*r, ctx.now);
    std::string status = m.value("status", "");
    if (status == "pending")
      return GraphError::bad_request(
          "The log collection request '" + request_id +
          "' is still pending: its logs can be downloaded once status is 'completed'.");
    if (status != "completed")
      return GraphError::bad_request(
          "The log collection request '" + request_id + "' is " + status + " (errorCode " +
          m.value("errorCode", Json(0)).dump() + "): there are no logs to download.");
    std::string url = std::string(kDownloadHost) + "/" + *id + "/" + request_id + ".zip?sp=r";
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
