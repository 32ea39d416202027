#include "logcollection/log_collection_resource.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <limits>

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

// The documented deviceLogCollectionResponse properties (seed 002) and their wire types.
enum class Kind { kString, kNullableString, kDateTime, kInt64, kDouble, kGuid, kStatus };
const std::vector<std::pair<std::string, Kind>> kLogProperties = {
    {"id", Kind::kString},
    {"status", Kind::kStatus},
    {"managedDeviceId", Kind::kGuid},
    {"errorCode", Kind::kInt64},
    {"requestedDateTimeUTC", Kind::kDateTime},
    {"receivedDateTimeUTC", Kind::kDateTime},
    {"initiatedByUserPrincipalName", Kind::kNullableString},
    {"expirationDateTimeUTC", Kind::kDateTime},
    {"size", Kind::kDouble},
    {"sizeInKB", Kind::kDouble},
    {"enrolledByUser", Kind::kNullableString},
};

std::vector<std::string> names_of(const std::vector<std::pair<std::string, Kind>>& props) {
  std::vector<std::string> out;
  for (const auto& [name, _] : props) out.push_back(name);
  return out;
}

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
      make_spec(kLogType, names_of(kLogProperties),
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

bool is_guid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool is_annotation(std::string_view key) { return key.rfind("@odata.", 0) == 0; }

// Real Graph's wording for a property the type lacks, with the JSON pointer.
GraphError unknown_property(const std::string& pointer, const std::string& name,
                            const std::string& type) {
  return GraphError::bad_request(
      "Invalid request body at " + pointer + ": the property '" + name +
      "' does not exist on type '" + type +
      "'. Make sure to only use property names that are defined by the type.");
}

std::optional<GraphError> check_kind(const std::string& name, const Json& v, Kind kind) {
  auto wrong = [&](const char* what) {
    return GraphError::bad_request("Invalid request body at /" + name + ": expected " + what +
                                   ", got " + v.dump() + ".");
  };
  switch (kind) {
    case Kind::kString:
      if (!v.is_string()) return wrong("a string");
      break;
    case Kind::kNullableString:
      if (!v.is_string() && !v.is_null()) return wrong("a string or null");
      break;
    case Kind::kDateTime:
      if (!v.is_null() && (!v.is_string() || !parse_iso8601(v.get_ref<const std::string&>())))
        return wrong("an ISO 8601 date-time string or null");
      break;
    case Kind::kInt64:
      if (!v.is_number_integer() ||
          (v.is_number_unsigned() &&
           v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())))
        return wrong("an Int64 integer");
      break;
    case Kind::kDouble:
      if (!v.is_number()) return wrong("a number (Double)");
      break;
    case Kind::kGuid:
      if (!v.is_string() || !is_guid(v.get_ref<const std::string&>()))
        return wrong("a GUID string");
      break;
    case Kind::kStatus: {
      static const std::vector<std::string> members = {"pending", "completed", "failed",
                                                       "unknownFutureValue"};
      if (!v.is_string() ||
          std::find(members.begin(), members.end(), v.get<std::string>()) == members.end())
        return wrong("an appLogUploadState (pending, completed, failed, unknownFutureValue)");
      break;
    }
  }
  return std::nullopt;
}

// Checks a create/update body so bad input is refused even with --validate off.
// `read_only`: documented properties this call may not set.
std::optional<GraphError> check_log_body(const Json* body,
                                         const std::vector<std::string>& read_only) {
  if (!body || !body->is_object())
    return GraphError::bad_request("The request body must be a JSON object (" +
                                   std::string(kLogType) + ").");
  for (auto it = body->begin(); it != body->end(); ++it) {
    const std::string& key = it.key();
    if (key == "@odata.type") {
      std::string_view type =
          it->is_string() ? std::string_view(it->get_ref<const std::string&>()) : "";
      if (!type.empty() && type.front() == '#') type.remove_prefix(1);
      if (!iequals(type, kLogType))
        return GraphError::bad_request("Invalid request body at /@odata.type: expected '#" +
                                       std::string(kLogType) + "'.");
      continue;
    }
    if (is_annotation(key)) continue;
    auto prop = std::find_if(kLogProperties.begin(), kLogProperties.end(),
                             [&](const auto& p) { return p.first == key; });
    if (prop == kLogProperties.end()) return unknown_property("/" + key, key, kLogType);
    if (std::find(read_only.begin(), read_only.end(), key) != read_only.end())
      return GraphError::bad_request(
          "Invalid request body at /" + key + ": '" + key +
          "' is a key property of the log collection request and cannot be changed.");
    if (auto e = check_kind(key, *it, prop->second)) return e;
  }
  return std::nullopt;
}

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
  if (auto e = check_log_body(ctx.body, {})) return *e;
  auto created = add_request(ctx, *ctx.body);
  if (!created) return created.error();
  return Reply::json(201, std::move(*created));
}

Result<Reply> LogCollectionResource::create_from_template(const Context& ctx) {
  const Json* body = ctx.body;
  if (!body || !body->is_object())
    return GraphError::bad_request(
        "The request body must be a JSON object {\"templateType\": {...}}.");
  for (auto it = body->begin(); it != body->end(); ++it)
    if (it.key() != "templateType")
      return unknown_property("/" + it.key(), it.key(),
                              "createDeviceLogCollectionRequest parameters");
  auto tt = body->find("templateType");
  if (tt == body->end() || !tt->is_object())
    return GraphError::bad_request(
        "Invalid request body at /templateType: expected a deviceLogCollectionRequest object such "
        "as "
        "{\"templateType\": \"predefined\"}.");
  for (auto it = tt->begin(); it != tt->end(); ++it) {
    if (it.key() == "id") {
      if (!it->is_string() && !it->is_null())
        return GraphError::bad_request(
            "Invalid request body at /templateType/id: expected a string or null.");
    } else if (it.key() != "templateType" && !is_annotation(it.key())) {
      return unknown_property("/templateType/" + it.key(), it.key(),
                              "microsoft.graph.deviceLogCollectionRequest");
    }
  }
  auto kind = tt->find("templateType");
  if (kind == tt->end() || *kind != "predefined")
    return GraphError::bad_request(
        "Invalid request body at /templateType/templateType: expected the "
        "deviceLogCollectionTemplateType "
        "'predefined'" +
        (kind == tt->end() ? std::string(" (missing)") : ", got " + kind->dump()) + ".");
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
    d.add_request(std::move(id), std::move(rec), retention, ctx.now);
    return body;
  });
}

Result<Reply> LogCollectionResource::update_request(const Context& ctx) {
  if (auto e = check_log_body(ctx.body, {"id", "managedDeviceId"})) return *e;
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
    if (!data.find_device(*id)->requests.erase(request_id))
      return GraphError::item_not_found("The deviceLogCollectionResponse '" + request_id +
                                        "' does not exist on managed device '" + *id + "'.");
    return Reply::empty(204);
  });
}

Result<Reply> LogCollectionResource::create_download_url(const Context& ctx) const {
  if (ctx.body && (!ctx.body->is_object() || !ctx.body->empty()))
    return GraphError::bad_request("createDownloadUrl takes no parameters: send no body (or {}).");
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
