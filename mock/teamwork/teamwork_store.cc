#include "teamwork/teamwork_store.h"

#include <algorithm>
#include <cctype>

#include "core/json_scan.h"
#include "core/parallel.h"
#include "core/reply.h"
#include "core/time_format.h"

namespace graphmock {

const odata::EnumProperty kDeviceTypeEnum{"deviceType", "teamworkDeviceType", {"sipAnalog"}};
const odata::EnumProperty kUserIdentityTypeEnum{"userIdentityType",
                                                "teamworkUserIdentityType",
                                                {"emailUser", "azureCommunicationServicesUser"}};

const std::optional<std::string>& SoftwareUpdates::version_at(TimePoint now) const {
  if (latest_version && !latest_fails && latest_ends <= now) return latest_version;
  return installed;
}

std::optional<TimePoint> operation_finished_at(const OperationRecord& op, TimePoint now) {
  if (op.timeline) {
    TimePoint ends = op.created + op.timeline->queued + op.timeline->running;
    if (now < ends) return std::nullopt;
    return ends;
  }
  const std::string& s = op.status;
  if (s == "queued" || s == "inProgress" || s == "running" || s == "scheduled") return std::nullopt;
  return op.created;
}

namespace {
const std::string& id_of(const OperationRecord& op) { return op.id; }
}  // namespace

void TeamworkDevice::add_action(OperationRecord op, const RetentionPolicy& retention,
                                TimePoint now) {
  const OperationTimeline& t = *op.timeline;
  TimePoint started = op.created + t.queued;
  TimePoint ends = started + t.running;
  if (ends > op.created && (!pending || ends > pending->ends))
    pending = PendingAction{op.id, op.operation_type, op.created, started, ends, t.scheduled};
  if (op.parameters.is_object()) {
    auto type = op.parameters.find("softwareType");
    auto version = op.parameters.find("softwareVersion");
    if (type != op.parameters.end() && type->is_string()) {
      SoftwareUpdates& s = software[type->get<std::string>()];
      // The previous update of this type has finished: a device runs one action at a time.
      if (s.latest_version && !s.latest_fails) s.installed = s.latest_version;
      s.latest_version = version != op.parameters.end() && version->is_string()
                             ? std::optional<std::string>(version->get<std::string>())
                             : std::nullopt;
      s.latest_ends = ends;
      s.latest_fails = t.fails;
    }
  }
  std::string id = op.id;
  operations.add(std::move(id), std::move(op));
  operations.retain(retention, now, operation_finished_at, id_of);
}

void TeamworkDevice::add_static(OperationRecord op, const RetentionPolicy& retention,
                                TimePoint now) {
  std::string id = op.id;
  operations.add(std::move(id), std::move(op));
  operations.retain(retention, now, operation_finished_at, id_of);
}

const TeamworkDevice* TeamworkData::find(const std::string& id) const {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &devices[it->second];
}

TeamworkDevice* TeamworkData::find(const std::string& id) {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &devices[it->second];
}

namespace {

// Every enum-typed property of the Teams device types (schemas/teamwork*.json).
const std::vector<std::string> kEnumProperties = {
    "activityState", "connectionStatus",  "deviceType",      "healthStatus",
    "operationType", "softwareFreshness", "supportedClient", "userIdentityType"};

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

void rewrite_enums(nlohmann::json& j, bool hide_unknown, bool pascal) {
  if (j.is_array()) {
    for (auto& item : j) rewrite_enums(item, hide_unknown, pascal);
    return;
  }
  if (!j.is_object()) return;
  for (auto it = j.begin(); it != j.end(); ++it) {
    nlohmann::json& v = it.value();
    if (!v.is_string()) {
      rewrite_enums(v, hide_unknown, pascal);
      continue;
    }
    const std::string& key = it.key();
    if (!contains(kEnumProperties, key)) continue;
    if (hide_unknown)
      for (const auto* e : {&kDeviceTypeEnum, &kUserIdentityTypeEnum})
        if (key == e->path && contains(e->evolvable, v.get<std::string>()))
          v = "unknownFutureValue";
    if (pascal) {
      auto& text = v.get_ref<std::string&>();
      if (!text.empty())
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    }
  }
}

bool holds_evolvable_member(const nlohmann::json& j) {
  if (j.is_array()) return std::any_of(j.begin(), j.end(), holds_evolvable_member);
  if (!j.is_object()) return false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const nlohmann::json& v = it.value();
    if (!v.is_string()) {
      if (holds_evolvable_member(v)) return true;
      continue;
    }
    for (const auto* e : {&kDeviceTypeEnum, &kUserIdentityTypeEnum})
      if (it.key() == e->path && contains(e->evolvable, v.get_ref<const std::string&>()))
        return true;
  }
  return false;
}

ListedDevice::ListedDevice(const nlohmann::json& entity, const std::vector<std::string>& filterable)
    : shown_(form_of(reply_text(entity))), fields_(odata::fields_at(entity, filterable)) {
  if (holds_evolvable_member(entity)) {
    nlohmann::json hidden = entity;
    rewrite_enums(hidden, true, false);
    hidden_ = form_of(reply_text(hidden));
  }
}

ListedDevice::Form ListedDevice::form_of(std::string text) {
  Form f;
  f.text = std::make_shared<const std::string>(std::move(text));
  std::vector<json_scan::Member> members;
  json_scan::members(*f.text, members);
  for (const auto& m : members) {
    const char* from = m.raw_key.data();
    f.members.emplace_back(std::string(m.key()),
                           std::string_view(from, m.value.data() + m.value.size() - from));
  }
  return f;
}

std::shared_ptr<const std::string> ListedDevice::item(
    bool hide_unknown, const std::vector<std::string>& select) const {
  const Form& f = form(hide_unknown);
  if (select.empty()) return f.text;
  const bool hidden = hide_unknown && hidden_;
  std::lock_guard lock(mu_);
  for (const auto& p : projections_)
    if (p.hidden == hidden && p.select == select) return p.text;
  // What odata::select keeps, in the item's order.
  std::string out = "{";
  for (const auto& [name, bytes] : f.members)
    if (name == "id" || name.rfind("@odata.", 0) == 0 || contains(select, name)) {
      if (out.size() > 1) out += ',';
      out += bytes;
    }
  out += '}';
  if (projections_.size() == kMaxProjections) projections_.erase(projections_.begin());
  projections_.push_back({hidden, select, std::make_shared<const std::string>(std::move(out))});
  return projections_.back().text;
}

nlohmann::json DeviceDocuments::entity_tree() const {
  nlohmann::json tree = nlohmann::json::parse(get_body);
  tree.erase("@odata.context");
  return tree;
}

const ListedDevice& DeviceDocuments::listed(const std::vector<std::string>& filterable) const {
  std::call_once(listed_once_, [&] {
    listed_ = std::make_unique<const ListedDevice>(entity_tree(), filterable);
  });
  return *listed_;
}

nlohmann::json DeviceDocuments::part(std::string_view name) const {
  const auto& [text, type] = name == "health" ? std::pair(&health, "teamworkDeviceHealth")
                             : name == "activity"
                                 ? std::pair(&activity, "teamworkDeviceActivity")
                                 : std::pair(&configuration, "teamworkDeviceConfiguration");
  nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
  if (!doc.is_object()) doc = nlohmann::json::object();
  if (!doc.contains("id")) doc["id"] = id;
  doc["@odata.type"] = std::string("#microsoft.graph.") + type;
  return doc;
}

namespace {

// A device of the fixture file from its text, nothing parsed.
TeamworkDevice device_from_text(std::string_view fixture_text, const std::string& context) {
  using namespace json_scan;
  std::vector<Member> item, op;
  members(fixture_text, item);
  TeamworkDevice d;
  auto docs = std::make_shared<DeviceDocuments>();
  docs->id = string_value(find(item, "id"));
  // As written: part() adds the id and type a read needs.
  docs->health = find(item, "health");
  docs->activity = find(item, "activity");
  docs->configuration = find(item, "configuration");
  std::vector<std::string_view> ops;
  json_scan::items(find(item, "operations"), ops);
  for (std::string_view op_text : ops) {
    op.clear();
    if (!members(op_text, op)) continue;
    OperationRecord rec;
    rec.id = string_value(find(op, "id"));
    if (auto t = parse_iso8601(string_value(find(op, "createdDateTime")))) rec.created = *t;
    rec.status = string_value(find(op, "status"));
    rec.data = std::make_shared<const std::string>(op_text);
    std::string op_id = rec.id;
    d.operations.add(std::move(op_id), std::move(rec));
  }
  // The entity as GET answers it, the context first (where Graph writes it).
  docs->get_body = object_text(
      {{"@odata.context", context}, {"@odata.type", "\"#microsoft.graph.teamworkDevice\""}}, item,
      {"health", "activity", "configuration", "operations"});
  // A member's name anywhere in the text (even as another property's value) only
  // sends GET the slower, exact way.
  for (const auto* e : {&kDeviceTypeEnum, &kUserIdentityTypeEnum})
    for (const auto& member : e->evolvable)
      docs->may_hold_evolvable |= docs->get_body.find('"' + member + '"') != std::string::npos;
  d.docs = std::move(docs);
  return d;
}

}  // namespace

void TeamworkStore::load(std::string_view fixture) {
  // Items found, then devices built, side by side (one large file).
  std::vector<std::string_view> items;
  for (auto& run : json_scan::member_items(fixture, "value", default_parallelism()))
    items.insert(items.end(), run.begin(), run.end());
  const std::string context =
      nlohmann::json(std::string(kContextPrefix) + "teamwork/devices/$entity").dump();
  // A run of devices per thread, then indexed in fixture order.
  const size_t runs = std::clamp<size_t>(items.size() / 256, 1, default_parallelism());
  std::vector<std::vector<TeamworkDevice>> built(runs);
  parallel_for(runs, [&](size_t r) {
    const size_t from = items.size() * r / runs, to = items.size() * (r + 1) / runs;
    built[r].reserve(to - from);
    for (size_t k = from; k < to; ++k) built[r].push_back(device_from_text(items[k], context));
  });
  TeamworkData data;
  data.devices.reserve(items.size());
  data.index.reserve(items.size());
  for (auto& run : built)
    for (auto& device : run) {
      data.index[device.docs->id] = data.devices.size();
      data.devices.push_back(std::move(device));
    }
  loaded_ = std::move(data);
  reset();
}

void TeamworkStore::reset() {
  // The devices copied side by side: a fleet's are tens of thousands of records.
  TeamworkData copy;
  copy.index = loaded_.index;
  copy.identities = loaded_.identities;
  copy.devices.resize(loaded_.devices.size());
  const size_t runs = std::clamp<size_t>(copy.devices.size() / 256, 1, default_parallelism());
  parallel_for(runs, [&](size_t r) {
    const size_t n = copy.devices.size();
    for (size_t k = n * r / runs; k < n * (r + 1) / runs; ++k) copy.devices[k] = loaded_.devices[k];
  });
  replace(std::move(copy));
}

std::optional<TimePoint> TeamworkStore::next_change(TimePoint now) const {
  return read([&](const TeamworkData& data) {
    std::optional<TimePoint> next;
    for (const auto& d : data.devices) {
      if (!d.pending) continue;
      for (TimePoint t : {d.pending->started, d.pending->ends})
        if (t > now && (!next || t < *next)) next = t;
    }
    return next;
  });
}

nlohmann::json TeamworkStore::dump(TimePoint now) const {
  return read([&](const TeamworkData& data) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : data.devices) {
      nlohmann::json j = d.docs->entity_tree();
      for (const char* name : {"health", "activity", "configuration"}) j[name] = d.docs->part(name);
      j["operations"] = nlohmann::json::array();
      for (const auto& op : d.operations) j["operations"].push_back(materialize(op, now));
      out.push_back(std::move(j));
    }
    return out;
  });
}

}  // namespace graphmock
