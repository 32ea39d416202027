#include "teamwork/teamwork_store.h"

#include "core/reply.h"
#include "core/time_format.h"

namespace graphmock {

const OperationRecord* TeamworkDevice::find_operation(std::string_view id) const {
  for (const auto& op : operations)
    if (op.data.value("id", "") == id) return &op;
  return nullptr;
}

const TeamworkDevice* TeamworkData::find(const std::string& id) const {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &devices[it->second];
}

TeamworkDevice* TeamworkData::find(const std::string& id) {
  auto it = index.find(id);
  return it == index.end() ? nullptr : &devices[it->second];
}

void TeamworkStore::load(const nlohmann::json& fixture) {
  TeamworkData data;
  for (const auto& item : fixture.value("value", nlohmann::json::array())) {
    TeamworkDevice d;
    d.entity = item;
    for (const char* nav : {"health", "activity", "configuration", "operations"})
      d.entity.erase(nav);
    d.entity["@odata.type"] = "#microsoft.graph.teamworkDevice";
    std::string id = d.entity.value("id", "");
    nlohmann::json body = d.entity;
    body["@odata.context"] = std::string(kContextPrefix) + "teamwork/devices/$entity";
    d.get_body = std::make_shared<const std::string>(body.dump());
    auto part = [&](const char* name, const char* type) {
      nlohmann::json j = item.value(name, nlohmann::json::object());
      if (!j.contains("id")) j["id"] = id;
      j["@odata.type"] = std::string("#microsoft.graph.") + type;
      return j;
    };
    d.health = part("health", "teamworkDeviceHealth");
    d.activity = part("activity", "teamworkDeviceActivity");
    d.configuration = part("configuration", "teamworkDeviceConfiguration");
    for (const auto& op : item.value("operations", nlohmann::json::array())) {
      OperationRecord rec;
      rec.data = op;
      rec.data["@odata.type"] = "#microsoft.graph.teamworkDeviceOperation";
      if (auto t = parse_iso8601(op.value("createdDateTime", ""))) rec.created = *t;
      d.operations.push_back(std::move(rec));
    }
    data.index[id] = data.devices.size();
    data.devices.push_back(std::move(d));
  }
  replace(std::move(data));
}

nlohmann::json TeamworkStore::dump(TimePoint now) const {
  return read([&](const TeamworkData& data) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : data.devices) {
      nlohmann::json j = d.entity;
      j["health"] = d.health;
      j["activity"] = d.activity;
      j["configuration"] = d.configuration;
      j["operations"] = nlohmann::json::array();
      for (const auto& op : d.operations) j["operations"].push_back(materialize(op, now));
      out.push_back(std::move(j));
    }
    return out;
  });
}

}  // namespace graphmock
