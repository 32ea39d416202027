#include "teamwork/teamwork_store.h"

#include "core/reply.h"
#include "core/time_format.h"

namespace graphmock {

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

nlohmann::json DeviceDocuments::part(std::string_view name) const {
  const std::string& text = name == "health"     ? health
                            : name == "activity" ? activity
                                                 : configuration;
  return nlohmann::json::parse(text);
}

void TeamworkStore::load(nlohmann::json&& fixture) {
  TeamworkData data;
  nlohmann::json items = fixture.contains("value") ? std::move(fixture["value"]) : nlohmann::json();
  fixture = nullptr;
  if (!items.is_array()) items = nlohmann::json::array();
  data.devices.reserve(items.size());
  data.index.reserve(items.size());
  for (auto& item : items) {
    TeamworkDevice d;
    auto docs = std::make_shared<DeviceDocuments>();
    std::string id = item.value("id", "");
    auto part = [&](const char* name, const char* type) {
      nlohmann::json j = nlohmann::json::object();
      if (auto it = item.find(name); it != item.end()) j = std::move(*it);
      if (!j.contains("id")) j["id"] = id;
      j["@odata.type"] = std::string("#microsoft.graph.") + type;
      return j.dump();
    };
    docs->health = part("health", "teamworkDeviceHealth");
    docs->activity = part("activity", "teamworkDeviceActivity");
    docs->configuration = part("configuration", "teamworkDeviceConfiguration");
    if (auto ops = item.find("operations"); ops != item.end() && ops->is_array()) {
      for (auto& op : *ops) {
        OperationRecord rec;
        rec.id = op.value("id", "");
        if (auto t = parse_iso8601(op.value("createdDateTime", ""))) rec.created = *t;
        op["@odata.type"] = "#microsoft.graph.teamworkDeviceOperation";
        rec.set_data(op);
        std::string op_id = rec.id;
        d.operations.add(std::move(op_id), std::move(rec));
      }
    }
    for (const char* nav : {"health", "activity", "configuration", "operations"}) item.erase(nav);
    docs->entity = std::move(item);
    docs->entity["@odata.type"] = "#microsoft.graph.teamworkDevice";
    // The context spliced in first (where Graph writes it) rather than a copy of the entity.
    const std::string context = std::string(kContextPrefix) + "teamwork/devices/$entity";
    docs->get_body = "{\"@odata.context\":" + nlohmann::json(context).dump() + "," +
                     docs->entity.dump().substr(1);
    d.docs = std::move(docs);
    data.index[id] = data.devices.size();
    data.devices.push_back(std::move(d));
  }
  loaded_ = std::move(data);
  reset();
}

void TeamworkStore::reset() { replace(loaded_); }

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
      nlohmann::json j = d.docs->entity;
      for (const char* name : {"health", "activity", "configuration"}) j[name] = d.docs->part(name);
      j["operations"] = nlohmann::json::array();
      for (const auto& op : d.operations) j["operations"].push_back(materialize(op, now));
      out.push_back(std::move(j));
    }
    return out;
  });
}

}  // namespace graphmock
