#include "teamwork/teamwork_resource.h"

#include "core/reply.h"
#include "core/time_format.h"
#include "odata/query_options.h"

namespace graphmock {
namespace {

const std::vector<std::string> kRead = {"TeamworkDevice.Read.All", "TeamworkDevice.ReadWrite.All"};
const std::vector<std::string> kWrite = {"TeamworkDevice.ReadWrite.All"};
constexpr const char* kDevices = "/beta/teamwork/devices";

const odata::Spec& device_spec(bool collection) {
  static const odata::Spec list = [] {
    odata::Spec s;
    s.type_name = "microsoft.graph.teamworkDevice";
    s.properties = {"id",
                    "deviceType",
                    "hardwareDetail",
                    "notes",
                    "companyAssetTag",
                    "healthStatus",
                    "activityState",
                    "createdDateTime",
                    "createdBy",
                    "lastModifiedDateTime",
                    "lastModifiedBy",
                    "currentUser"};
    s.filterable = {"deviceType", "hardwareDetail/uniqueId", "currentUser/id"};
    return s;
  }();
  static const odata::Spec single = [] {
    odata::Spec s = list;
    s.collection = false;
    return s;
  }();
  return collection ? list : single;
}

const odata::Spec& operation_spec(bool collection) {
  static const odata::Spec list = [] {
    odata::Spec s;
    s.type_name = "microsoft.graph.teamworkDeviceOperation";
    s.properties = {"id",
                    "operationType",
                    "status",
                    "error",
                    "startedDateTime",
                    "completedDateTime",
                    "createdDateTime",
                    "createdBy",
                    "lastActionDateTime",
                    "lastActionBy"};
    return s;
  }();
  static const odata::Spec single = [] {
    odata::Spec s = list;
    s.collection = false;
    return s;
  }();
  return collection ? list : single;
}

const odata::Spec& part_spec(const char* part) {
  static const odata::Spec health = [] {
    odata::Spec s;
    s.type_name = "microsoft.graph.teamworkDeviceHealth";
    s.collection = false;
    s.properties = {"id",
                    "connection",
                    "hardwareHealth",
                    "loginStatus",
                    "peripheralsHealth",
                    "softwareUpdateHealth",
                    "createdDateTime",
                    "createdBy",
                    "lastModifiedDateTime",
                    "lastModifiedBy"};
    return s;
  }();
  static const odata::Spec activity = [] {
    odata::Spec s;
    s.type_name = "microsoft.graph.teamworkDeviceActivity";
    s.collection = false;
    s.properties = {"id",        "activePeripherals",    "createdDateTime",
                    "createdBy", "lastModifiedDateTime", "lastModifiedBy"};
    return s;
  }();
  static const odata::Spec configuration = [] {
    odata::Spec s;
    s.type_name = "microsoft.graph.teamworkDeviceConfiguration";
    s.collection = false;
    s.properties = {"id",
                    "cameraConfiguration",
                    "displayConfiguration",
                    "hardwareConfiguration",
                    "microphoneConfiguration",
                    "speakerConfiguration",
                    "systemConfiguration",
                    "teamsClientConfiguration",
                    "softwareVersions",
                    "createdDateTime",
                    "createdBy",
                    "lastModifiedDateTime",
                    "lastModifiedBy"};
    return s;
  }();
  std::string_view p(part);
  return p == "health" ? health : p == "activity" ? activity : configuration;
}

GraphError device_not_found(const std::string& id) {
  return GraphError::item_not_found("The teamworkDevice '" + id + "' does not exist.");
}

std::string device_context(const std::string& id) {
  return std::string(kContextPrefix) + "teamwork/devices('" + id + "')";
}

// Completed software updates show in configuration.softwareVersions.
void apply_software_updates(const TeamworkDevice& d, nlohmann::json& configuration, TimePoint now) {
  for (const auto& [type, updates] : d.software)
    if (const auto& version = updates.version_at(now))
      configuration["softwareVersions"][type + "SoftwareVersion"] = *version;
}

}  // namespace

TeamworkResource::TeamworkResource(TeamworkStore& store, TeamworkOptions options, uint64_t seed)
    : store_(store),
      options_(options),
      rng_(Random::stream(seed, "teamwork")),
      timelines_(std::make_shared<TimelineTable>()) {}

void TeamworkResource::set_timelines(TimelineTable table) {
  std::lock_guard lock(mu_);
  timelines_ = std::make_shared<const TimelineTable>(std::move(table));
}

void TeamworkResource::set_retention(RetentionPolicy retention) {
  std::lock_guard lock(mu_);
  retention_ = retention;
}

void TeamworkResource::reseed(uint64_t seed) {
  std::lock_guard lock(mu_);
  rng_ = Random::stream(seed, "teamwork");
}

void TeamworkResource::register_routes(GraphRouter& r) {
  const std::string d = kDevices;
  const std::string dev = d + "/{deviceId}";
  auto route = [](std::string name, std::string method, std::string pattern,
                  std::vector<std::string> perms, std::string req, std::string resp, bool coll) {
    return RouteInfo{std::move(name),
                     std::move(pattern),
                     std::move(method),
                     std::move(perms),
                     std::move(req),
                     std::move(resp),
                     coll};
  };
  r.add(route("teamwork.devices.list", "GET", d, kRead, "", "teamworkDevice", true),
        [this](const Context& c) { return list_devices(c); });
  r.add(route("teamwork.devices.get", "GET", dev, kRead, "", "teamworkDevice", false),
        [this](const Context& c) { return get_device(c); });
  r.add(route("teamwork.devices.health", "GET", dev + "/health", kRead, "", "teamworkDeviceHealth",
              false),
        [this](const Context& c) { return get_part(c, "health"); });
  r.add(route("teamwork.devices.activity", "GET", dev + "/activity", kRead, "",
              "teamworkDeviceActivity", false),
        [this](const Context& c) { return get_part(c, "activity"); });
  r.add(route("teamwork.devices.configuration", "GET", dev + "/configuration", kRead, "",
              "teamworkDeviceConfiguration", false),
        [this](const Context& c) { return get_part(c, "configuration"); });
  r.add(route("teamwork.operations.list", "GET", dev + "/operations", kRead, "",
              "teamworkDeviceOperation", true),
        [this](const Context& c) { return list_operations(c); });
  r.add(route("teamwork.operations.create", "POST", dev + "/operations", kWrite,
              "teamworkDeviceOperationCreateRequest", "teamworkDeviceOperation", false),
        [this](const Context& c) { return create_operation(c); });
  r.add(route("teamwork.operations.get", "GET", dev + "/operations/{operationId}", kRead, "",
              "teamworkDeviceOperation", false),
        [this](const Context& c) { return get_operation(c); });
  r.add(route("teamwork.devices.runDiagnostics", "POST", dev + "/runDiagnostics", kWrite,
              "emptyRequest", "", false),
        [this](const Context& c) { return start_action(c, "deviceDiagnostics"); });
  r.add(route("teamwork.devices.restart", "POST", dev + "/restart", kWrite, "emptyRequest", "",
              false),
        [this](const Context& c) { return start_action(c, "deviceRestart"); });
  r.add(route("teamwork.devices.updateSoftware", "POST", dev + "/updateSoftware", kWrite,
              "updateSoftwareRequest", "", false),
        [this](const Context& c) { return start_action(c, "softwareUpdate"); });
}

Result<Reply> TeamworkResource::list_devices(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, device_spec(true));
  if (!options) return options.error();
  return store_.read([&](const TeamworkData& data) -> Result<Reply> {
    auto page = odata::page(
        data.devices.size(), [&](size_t i) { return &data.devices[i].entity; }, *options);
    std::string context =
        std::string(kContextPrefix) + "teamwork/devices" + odata::context_select_suffix(*options);
    Reply reply = Reply::json(200, odata::render_collection(page, *options, context, ctx.request));
    reply.partial = !options->select.empty();
    return reply;
  });
}

Result<Reply> TeamworkResource::get_device(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, device_spec(false));
  if (!options) return options.error();
  const std::string& id = ctx.params.get("deviceId");
  return store_.read([&](const TeamworkData& data) -> Result<Reply> {
    const TeamworkDevice* d = data.find(id);
    if (!d) return device_not_found(id);
    Reply reply = Reply::empty(200);
    if (options->select.empty()) {
      reply.json_text = d->get_body;
      return reply;
    }
    reply.body = odata::select(d->entity, options->select);
    reply.body["@odata.context"] = std::string(kContextPrefix) + "teamwork/devices" +
                                   odata::context_select_suffix(*options) + "/$entity";
    reply.partial = true;
    return reply;
  });
}

Result<Reply> TeamworkResource::get_part(const Context& ctx, const char* part) const {
  auto options = odata::parse(ctx.request.query, part_spec(part));
  if (!options) return options.error();
  const std::string& id = ctx.params.get("deviceId");
  return store_.read([&](const TeamworkData& data) -> Result<Reply> {
    const TeamworkDevice* d = data.find(id);
    if (!d) return device_not_found(id);
    std::string_view p(part);
    nlohmann::json doc = p == "health"     ? d->health
                         : p == "activity" ? d->activity
                                           : d->configuration;
    if (p == "configuration") apply_software_updates(*d, doc, ctx.now);
    nlohmann::json body = odata::select(doc, options->select);
    body["@odata.context"] = device_context(id) + "/" + part + "/$entity";
    Reply reply = Reply::json(200, std::move(body));
    reply.partial = !options->select.empty();
    return reply;
  });
}

Result<Reply> TeamworkResource::list_operations(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, operation_spec(true));
  if (!options) return options.error();
  const std::string& id = ctx.params.get("deviceId");
  return store_.read([&](const TeamworkData& data) -> Result<Reply> {
    const TeamworkDevice* d = data.find(id);
    if (!d) return device_not_found(id);
    // Operations have no $filter: only the page's are materialised.
    size_t first = std::min(options->offset, d->operations.size());
    size_t count = std::min<size_t>(options->top > 0 ? options->top : d->operations.size(),
                                    d->operations.size() - first);
    std::vector<nlohmann::json> ops;
    ops.reserve(count);
    for (auto it = std::next(d->operations.begin(), static_cast<std::ptrdiff_t>(first));
         ops.size() < count; ++it)
      ops.push_back(materialize(*it, ctx.now));
    odata::Page page;
    for (const auto& op : ops) page.items.push_back(&op);
    page.total = d->operations.size();
    if (first + count < page.total) page.next_skiptoken = odata::encode_skiptoken(first + count);
    std::string context =
        device_context(id) + "/operations" + odata::context_select_suffix(*options);
    Reply reply = Reply::json(200, odata::render_collection(page, *options, context, ctx.request));
    reply.partial = !options->select.empty();
    return reply;
  });
}

Result<Reply> TeamworkResource::get_operation(const Context& ctx) const {
  auto options = odata::parse(ctx.request.query, operation_spec(false));
  if (!options) return options.error();
  const std::string& id = ctx.params.get("deviceId");
  const std::string& op_id = ctx.params.get("operationId");
  return store_.read([&](const TeamworkData& data) -> Result<Reply> {
    const TeamworkDevice* d = data.find(id);
    if (!d) return device_not_found(id);
    const OperationRecord* op = d->find_operation(op_id);
    if (!op)
      return GraphError::item_not_found("The teamworkDeviceOperation '" + op_id +
                                        "' does not exist on device '" + id + "'.");
    nlohmann::json body = odata::select(materialize(*op, ctx.now), options->select);
    body["@odata.context"] = device_context(id) + "/operations/$entity";
    Reply reply = Reply::json(200, std::move(body));
    reply.partial = !options->select.empty();
    return reply;
  });
}

Result<Reply> TeamworkResource::create_operation(const Context& ctx) {
  const std::string& id = ctx.params.get("deviceId");
  const nlohmann::json& in = *ctx.body;
  if (!in.is_object() || !in.contains("operationType") || !in["operationType"].is_string() ||
      !in.contains("status") || !in["status"].is_string())
    return GraphError::bad_request(
        "The teamworkDeviceOperation needs 'operationType' and 'status' strings.");
  std::string op_id;
  RetentionPolicy retention;
  {
    std::lock_guard lock(mu_);
    op_id = rng_.guid();
    retention = retention_;
  }
  return store_.write([&](TeamworkData& data) -> Result<Reply> {
    TeamworkDevice* d = data.find(id);
    if (!d) return device_not_found(id);
    auto by = data.identities.get(ctx.claims);
    OperationRecord rec;
    rec.id = op_id;
    rec.created = ctx.now;
    rec.data = {{"@odata.type", "#microsoft.graph.teamworkDeviceOperation"},
                {"id", op_id},
                {"operationType", in["operationType"]},
                {"status", in["status"]},
                {"error", nullptr},
                {"startedDateTime", nullptr},
                {"completedDateTime", nullptr},
                {"createdDateTime", format_iso8601(ctx.now)},
                {"createdBy", *by},
                {"lastActionDateTime", format_iso8601(ctx.now)},
                {"lastActionBy", *by}};
    for (const char* k : {"error", "startedDateTime", "completedDateTime", "createdDateTime",
                          "createdBy", "lastActionDateTime", "lastActionBy"})
      if (in.contains(k)) rec.data[k] = in[k];
    nlohmann::json body = rec.data;
    body["@odata.context"] = device_context(id) + "/operations/$entity";
    d->add_static(std::move(rec), retention, ctx.now);
    Reply reply = Reply::json(201, std::move(body));
    reply.headers.emplace("Location", device_context(id).substr(kContextPrefix.size()) +
                                          "/operations('" + op_id + "')");
    return reply;
  });
}

Result<Reply> TeamworkResource::start_action(const Context& ctx, const char* operation_type) {
  const std::string& id = ctx.params.get("deviceId");
  nlohmann::json parameters;  // null unless updateSoftware
  if (std::string_view(operation_type) == "softwareUpdate") {
    const nlohmann::json& in = *ctx.body;
    auto type = in.find("softwareType");
    if (type == in.end() || !type->is_string())
      return GraphError::bad_request(
          "updateSoftware needs 'softwareType' (a teamworkSoftwareType string).");
    auto version = in.find("softwareVersion");
    if (version != in.end() && !version->is_string() && !version->is_null())
      return GraphError::bad_request("'softwareVersion' must be a string or null.");
    parameters["softwareType"] = *type;
    parameters["softwareVersion"] = version == in.end() ? nlohmann::json(nullptr) : *version;
  }
  std::string op_id;
  OperationTimeline plan;
  RetentionPolicy retention;
  {
    std::lock_guard lock(mu_);
    op_id = rng_.guid();
    plan = timelines_->plan(id, operation_type, rng_);
    retention = retention_;
  }
  return store_.write([&](TeamworkData& data) -> Result<Reply> {
    TeamworkDevice* d = data.find(id);
    if (!d) return device_not_found(id);
    // One action at a time per device: anything queued or running blocks the
    // next. A concurrent request that read the clock after this one may have
    // taken the lock first: its operation is judged at its creation, not before it.
    if (const auto& p = d->pending; p && ctx.now < p->ends) {
      bool queued = std::max(ctx.now, p->created) < p->started;
      return GraphError::conflict(std::string("An operation (") + p->operation_type + ", id '" +
                                  p->id + "') is already " + (queued ? "queued" : "running") +
                                  " for device '" + id + "'. Retry after it completes.");
    }
    OperationRecord rec;
    rec.id = op_id;
    rec.operation_type = operation_type;
    rec.created = ctx.now;
    rec.timeline = std::move(plan);
    rec.parameters = std::move(parameters);
    rec.created_by = data.identities.get(ctx.claims);
    d->add_action(std::move(rec), retention, ctx.now);
    std::string location = "/teamwork/devices/" + id + "/operations/" + op_id;
    if (options_.absolute_location) location = ctx.request.base_url + "/beta" + location;
    Reply reply = Reply::empty(202);
    reply.text_content_type = "text/plain";
    reply.headers.emplace("Location", location);
    return reply;
  });
}

}  // namespace graphmock
