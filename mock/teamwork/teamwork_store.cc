#include "teamwork/teamwork_store.h"

#include "core/json_scan.h"
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

void TeamworkStore::load(std::string_view fixture) {
  using namespace json_scan;
  TeamworkData data;
  std::vector<Member> file;
  std::vector<std::string_view> items;
  if (members(fixture, file)) json_scan::items(find(file, "value"), items);
  data.devices.reserve(items.size());
  data.index.reserve(items.size());
  const std::string context =
      nlohmann::json(std::string(kContextPrefix) + "teamwork/devices/$entity").dump();
  std::vector<Member> item, part, op;
  std::vector<std::string_view> ops;
  for (std::string_view text : items) {
    item.clear();
    members(text, item);
    TeamworkDevice d;
    auto docs = std::make_shared<DeviceDocuments>();
    const std::string id = string_value(find(item, "id"));
    const std::string id_json = nlohmann::json(id).dump();
    auto part_text = [&](const char* name, const char* type) {
      part.clear();
      members(find(item, name), part);
      std::vector<std::pair<std::string, std::string>> first = {
          {"@odata.type", "\"#microsoft.graph." + std::string(type) + "\""}};
      if (find(part, "id").empty()) first.emplace_back("id", id_json);
      return object_text(first, part, {});
    };
    docs->health = part_text("health", "teamworkDeviceHealth");
    docs->activity = part_text("activity", "teamworkDeviceActivity");
    docs->configuration = part_text("configuration", "teamworkDeviceConfiguration");
    ops.clear();
    json_scan::items(find(item, "operations"), ops);
    for (std::string_view op_text : ops) {
      op.clear();
      if (!members(op_text, op)) continue;
      OperationRecord rec;
      rec.id = string_value(find(op, "id"));
      if (auto t = parse_iso8601(string_value(find(op, "createdDateTime")))) rec.created = *t;
      rec.status = string_value(find(op, "status"));
      rec.data = std::make_shared<const std::string>(
          object_text({{"@odata.type", "\"#microsoft.graph.teamworkDeviceOperation\""}}, op, {}));
      std::string op_id = rec.id;
      d.operations.add(std::move(op_id), std::move(rec));
    }
    docs->entity = nlohmann::json::parse(
        object_text({{"@odata.type", "\"#microsoft.graph.teamworkDevice\""}}, item,
                    {"health", "activity", "configuration", "operations"}));
    // The context spliced in first, where Graph writes it.
    docs->get_body = "{\"@odata.context\":" + context + "," + docs->entity.dump().substr(1);
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
