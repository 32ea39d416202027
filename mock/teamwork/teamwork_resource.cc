#include "teamwork/teamwork_resource.h"

#include <algorithm>

#include "core/reply.h"
#include "core/time_format.h"
#include "family/replies.h"
#include "odata/query_options.h"
#include "teamwork/teamwork_family.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

// The permission tables of the Teams devices pages (docs/behaviour.md, "Permissions"): reads take
// either permission, actions ReadWrite. Seed 003 (create operation) leaves its table TODO: it
// takes what the other writes take.
const std::vector<std::string> kRead = {"TeamworkDevice.Read.All", "TeamworkDevice.ReadWrite.All"};
const std::vector<std::string> kWrite = {"TeamworkDevice.ReadWrite.All"};
constexpr const char* kDevices = "/beta/teamwork/devices";
constexpr const char* kVersionRoot = "/beta";

// The query vocabulary of each type, from the family's manifest.
const odata::Spec& device_spec(bool collection) {
  static const odata::SpecPair specs = teamwork_manifest().specs("teamworkDevice");
  return specs.get(collection);
}

const odata::Spec& operation_spec(bool collection) {
  static const odata::SpecPair specs = teamwork_manifest().specs("teamworkDeviceOperation");
  return specs.get(collection);
}

const odata::Spec& part_spec(const char* part) {
  static const odata::SpecPair health = teamwork_manifest().specs("teamworkDeviceHealth");
  static const odata::SpecPair activity = teamwork_manifest().specs("teamworkDeviceActivity");
  static const odata::SpecPair configuration =
      teamwork_manifest().specs("teamworkDeviceConfiguration");
  std::string_view p(part);
  return (p == "health" ? health : p == "activity" ? activity : configuration).single;
}

// The device a route addresses.
template <class Data>
auto device_for(const Context& ctx, Data& data) -> Result<decltype(data.find(""))> {
  const std::string& id = ctx.params.get("deviceId");
  if (auto* d = data.find(id)) return d;
  return GraphError::item_not_found("The teamworkDevice '" + id + "' does not exist.");
}

std::string device_context(const std::string& id) {
  return std::string(kContextPrefix) + "teamwork/devices('" + id + "')";
}

// An identity set whose user is a teamworkUserIdentity, as Teams device APIs return it.
nlohmann::json teamwork_identity_set(const Claims& claims) {
  nlohmann::json set = identity_set_for(claims);
  if (set["user"].is_object()) {
    set["user"]["@odata.type"] = "#microsoft.graph.teamworkUserIdentity";
    set["user"]["userIdentityType"] = "aadUser";
    set["user"]["userPrincipalName"] =
        claims.upn.empty() ? nlohmann::json(nullptr) : nlohmann::json(claims.upn);
  }
  return set;
}

// Completed software updates show in configuration.softwareVersions.
void apply_software_updates(const TeamworkDevice& d, nlohmann::json& configuration, TimePoint now) {
  for (const auto& [type, updates] : d.software)
    if (const auto& version = updates.version_at(now))
      configuration["softwareVersions"][type + "SoftwareVersion"] = *version;
}

nlohmann::json materialized_operations(const TeamworkDevice& d, TimePoint now,
                                       const StatusWords& words) {
  Json ops = Json::array();
  for (const auto& op : d.operations) ops.push_back(materialize(op, now, words));
  return ops;
}

// The navigation properties `expand` names, as they would be read on their own.
void add_expansions(Json& body, const TeamworkDevice& d, const std::vector<std::string>& expand,
                    TimePoint now, const StatusWords& words) {
  for (const auto& nav : expand) {
    if (nav == "operations") {
      body[nav] = materialized_operations(d, now, words);
    } else {
      body[nav] = d.docs->part(nav);
      if (nav == "configuration") apply_software_updates(d, body[nav], now);
    }
  }
}

}  // namespace

TeamworkResource::TeamworkResource(TeamworkStore& store, uint64_t seed)
    : store_(store),
      rng_(Random::stream(seed, "teamwork")),
      timelines_(std::make_shared<TimelineTable>()) {}

void TeamworkResource::set_variants(const TeamworkVariants& v) {
  enum_casing_ = v.enum_casing;
  status_words_ = v.status_words;
  next_link_ = v.next_link;
  count_ = v.count;
  location_ = v.location;
}

TeamworkVariants TeamworkResource::variants() const {
  return {enum_casing_, status_words_, next_link_, count_, location_};
}

Reply TeamworkResource::collection_reply(const odata::Page& page,
                                         const odata::QueryOptions& options,
                                         const TeamworkVariants& v, const Context& ctx,
                                         const std::string& set) {
  Reply reply = graphmock::collection_reply(page, options, set, ctx.request);
  if (v.count == CountForm::kAlways) reply.body["@odata.count"] = page.total;
  return reply;
}

Reply TeamworkResource::shown(Reply reply, const Context& ctx, const TeamworkVariants& v) {
  if (odata::prefers(ctx.request, odata::kIncludeUnknownEnumMembers))
    reply.headers.emplace("Preference-Applied", std::string(odata::kIncludeUnknownEnumMembers));
  else if (!reply.body.is_null())
    rewrite_enums(reply.body, true, false);
  // After validation: the generated schemas list the metadata's camelCase members only, and
  // want @odata.nextLink an absolute URI.
  bool pascal = v.enum_casing == EnumCasing::kPascal;
  std::string absolute_root =
      v.next_link == LinkForm::kRelative ? ctx.request.base_url + kVersionRoot : "";
  if (pascal || !absolute_root.empty())
    reply.present = [pascal, absolute_root](Json& body) {
      if (pascal) rewrite_enums(body, false, true);
      auto next = body.find("@odata.nextLink");
      if (!absolute_root.empty() && next != body.end() && next->is_string() &&
          next->get_ref<const std::string&>().rfind(absolute_root, 0) == 0)
        *next = next->get<std::string>().substr(absolute_root.size());
    };
  return reply;
}

std::string TeamworkResource::location(const Context& ctx, const std::string& device_id,
                                       const std::string& operation_id) const {
  std::string path = "/teamwork/devices/" + device_id + "/operations/" + operation_id;
  return location_ == LinkForm::kAbsolute ? ctx.request.base_url + kVersionRoot + path : path;
}

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

template <class Answer>
Result<Reply> TeamworkResource::read(const Context& ctx, const odata::Spec& spec,
                                     Answer&& answer) const {
  TeamworkVariants v = variants();
  auto reply = read_reply(
      ctx, spec, store_,
      [&](const TeamworkData& data, const odata::QueryOptions& options) {
        return answer(data, options, v);
      },
      odata::prefers(ctx.request, odata::kIncludeUnknownEnumMembers));
  if (!reply) return reply;
  return shown(std::move(*reply), ctx, v);
}

Result<Reply> TeamworkResource::list_devices(const Context& ctx) const {
  bool include_unknown = odata::prefers(ctx.request, odata::kIncludeUnknownEnumMembers);
  return read(ctx, device_spec(true),
              [&](const TeamworkData& data, const odata::QueryOptions& options,
                  const TeamworkVariants& v) -> Result<Reply> {
                auto listed = [&](size_t i) -> const ListedDevice& {
                  return data.devices[i].docs->listed(device_spec(true).filterable);
                };
                auto positions = odata::page_positions(
                    data.devices.size(),
                    [&](size_t i) { return odata::matches(*options.filter, listed(i).fields()); },
                    options);
                odata::Page page;
                page.next_skiptoken = std::move(positions.next_skiptoken);
                page.total = positions.total;
                const std::string set = std::string(kContextPrefix) + "teamwork/devices";
                if (options.expand.empty()) {
                  // The envelope, then the devices' stored bytes.
                  Reply reply = collection_reply(page, options, v, ctx, set);
                  for (size_t i : positions.items)
                    reply.items.push_back(listed(i).item(!include_unknown, options.select));
                  return reply;
                }
                // Expansions are read at the clock's now: such a page is built as a tree.
                std::vector<Json> trees;
                trees.reserve(positions.items.size());
                for (size_t i : positions.items)
                  trees.push_back(data.devices[i].docs->entity_tree());
                for (const auto& tree : trees) page.items.push_back(&tree);
                Reply reply = collection_reply(page, options, v, ctx, set);
                for (size_t k = 0; k < positions.items.size(); ++k)
                  add_expansions(reply.body["value"][k], data.devices[positions.items[k]],
                                 options.expand, ctx.now, status_words(v.status_words));
                return reply;
              });
}

Result<Reply> TeamworkResource::get_device(const Context& ctx) const {
  bool include_unknown = odata::prefers(ctx.request, odata::kIncludeUnknownEnumMembers);
  return read(
      ctx, device_spec(false),
      [&](const TeamworkData& data, const odata::QueryOptions& options,
          const TeamworkVariants& v) -> Result<Reply> {
        auto d = device_for(ctx, data);
        if (!d) return d.error();
        const DeviceDocuments& docs = *(*d)->docs;
        if (options.select.empty() && options.expand.empty() &&
            (include_unknown || !docs.may_hold_evolvable ||
             !docs.listed(device_spec(true).filterable).holds_evolvable())) {
          Reply reply = Reply::empty(200);
          reply.json_text = std::shared_ptr<const std::string>((*d)->docs, &docs.get_body);
          return reply;
        }
        Reply reply =
            entity_reply(200, docs.entity_tree(), options,
                         entity_context(std::string(kContextPrefix) + "teamwork/devices", options));
        add_expansions(reply.body, **d, options.expand, ctx.now, status_words(v.status_words));
        return reply;
      });
}

Result<Reply> TeamworkResource::get_part(const Context& ctx, const char* part) const {
  return read(ctx, part_spec(part),
              [&](const TeamworkData& data, const odata::QueryOptions& options,
                  const TeamworkVariants&) -> Result<Reply> {
                auto d = device_for(ctx, data);
                if (!d) return d.error();
                nlohmann::json doc = (*d)->docs->part(part);
                if (std::string_view(part) == "configuration")
                  apply_software_updates(**d, doc, ctx.now);
                return entity_reply(
                    200, doc, options,
                    device_context(ctx.params.get("deviceId")) + "/" + part + "/$entity");
              });
}

Result<Reply> TeamworkResource::list_operations(const Context& ctx) const {
  return read(ctx, operation_spec(true),
              [&](const TeamworkData& data, const odata::QueryOptions& options,
                  const TeamworkVariants& v) -> Result<Reply> {
                auto d = device_for(ctx, data);
                if (!d) return d.error();
                const auto& operations = (*d)->operations;
                // Operations have no $filter: only the page's are materialised.
                size_t first = std::min(options.offset, operations.size());
                size_t count = std::min<size_t>(options.top > 0 ? options.top : operations.size(),
                                                operations.size() - first);
                std::vector<nlohmann::json> ops;
                ops.reserve(count);
                for (auto it = std::next(operations.begin(), static_cast<std::ptrdiff_t>(first));
                     ops.size() < count; ++it)
                  ops.push_back(materialize(*it, ctx.now, status_words(v.status_words)));
                odata::Page page;
                for (const auto& op : ops) page.items.push_back(&op);
                page.total = operations.size();
                if (first + count < page.total)
                  page.next_skiptoken = odata::encode_skiptoken(first + count);
                return collection_reply(page, options, v, ctx,
                                        device_context(ctx.params.get("deviceId")) + "/operations");
              });
}

Result<Reply> TeamworkResource::get_operation(const Context& ctx) const {
  return read(ctx, operation_spec(false),
              [&](const TeamworkData& data, const odata::QueryOptions& options,
                  const TeamworkVariants& v) -> Result<Reply> {
                auto d = device_for(ctx, data);
                if (!d) return d.error();
                const std::string& op_id = ctx.params.get("operationId");
                const OperationRecord* op = (*d)->find_operation(op_id);
                if (!op)
                  return GraphError::item_not_found("The teamworkDeviceOperation '" + op_id +
                                                    "' does not exist on device '" +
                                                    ctx.params.get("deviceId") + "'.");
                return entity_reply(
                    200, materialize(*op, ctx.now, status_words(v.status_words)), options,
                    device_context(ctx.params.get("deviceId")) + "/operations/$entity");
              });
}

Result<Reply> TeamworkResource::create_operation(const Context& ctx) {
  const std::string& id = ctx.params.get("deviceId");
  if (ctx.invalid_body) return *ctx.invalid_body;  // refused even with --validate off
  const nlohmann::json& in = *ctx.body;
  std::string op_id;
  RetentionPolicy retention;
  {
    std::lock_guard lock(mu_);
    op_id = rng_.guid();
    retention = retention_;
  }
  return store_.write([&](TeamworkData& data) -> Result<Reply> {
    auto found = device_for(ctx, data);
    if (!found) return found.error();
    TeamworkDevice* d = *found;
    auto by = data.identities.get(ctx.claims, teamwork_identity_set);
    OperationRecord rec;
    rec.id = op_id;
    rec.created = ctx.now;
    rec.status_as_given = true;
    nlohmann::json entity = {{"@odata.type", "#microsoft.graph.teamworkDeviceOperation"},
                             {"id", op_id},
                             {"operationType", in.value("operationType", "")},
                             {"status", in.value("status", "")},
                             {"error", nullptr},
                             {"startedDateTime", nullptr},
                             {"completedDateTime", nullptr},
                             {"createdDateTime", format_iso8601(ctx.now)},
                             {"createdBy", *by},
                             {"lastActionDateTime", format_iso8601(ctx.now)},
                             {"lastActionBy", *by}};
    for (const char* k : {"error", "startedDateTime", "completedDateTime", "createdDateTime",
                          "createdBy", "lastActionDateTime", "lastActionBy"})
      if (auto it = in.find(k); it != in.end()) entity[k] = *it;
    rec.set_data(entity);
    nlohmann::json body = std::move(entity);
    body["@odata.context"] = device_context(id) + "/operations/$entity";
    d->add_static(std::move(rec), retention, ctx.now);
    Reply reply = Reply::json(201, std::move(body));
    reply.headers.emplace("Location", location(ctx, id, op_id));
    return shown(std::move(reply), ctx, variants());
  });
}

Result<Reply> TeamworkResource::start_action(const Context& ctx, const char* operation_type) {
  const std::string& id = ctx.params.get("deviceId");
  nlohmann::json parameters;  // null unless updateSoftware
  if (std::string_view(operation_type) == "softwareUpdate") {
    if (ctx.invalid_body) return *ctx.invalid_body;  // refused even with --validate off
    const nlohmann::json& in = *ctx.body;
    parameters["softwareType"] = in.value("softwareType", "");
    parameters["softwareVersion"] = in.value("softwareVersion", nlohmann::json(nullptr));
  }
  const StatusWords& words = status_words(status_words_);
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
    auto found = device_for(ctx, data);
    if (!found) return found.error();
    TeamworkDevice* d = *found;
    // One action at a time per device: anything queued or running blocks the
    // next. A concurrent request that read the clock after this one may have
    // taken the lock first: its operation is judged at its creation, not before it.
    if (const auto& p = d->pending; p && ctx.now < p->ends) {
      bool queued = std::max(ctx.now, p->created) < p->started;
      return GraphError::conflict(std::string("An operation (") + p->operation_type + ", id '" +
                                  p->id + "') is already " +
                                  (!queued        ? words.in_progress
                                   : p->scheduled ? words.scheduled
                                                  : words.queued) +
                                  " for device '" + id + "'. Retry after it completes.");
    }
    OperationRecord rec;
    rec.id = op_id;
    rec.operation_type = operation_type;
    rec.created = ctx.now;
    rec.timeline = std::move(plan);
    rec.parameters = std::move(parameters);
    rec.created_by = data.identities.get(ctx.claims, teamwork_identity_set);
    d->add_action(std::move(rec), retention, ctx.now);
    Reply reply = Reply::empty(202);
    reply.text_content_type = "text/plain";
    reply.headers.emplace("Location", location(ctx, id, op_id));
    return reply;
  });
}

}  // namespace graphmock
