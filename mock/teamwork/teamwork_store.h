// In-memory Teams devices: each device with its health, activity and
// configuration documents and its operations, in fixture order (paging is
// stable). Readers share a lock; writers (actions, reset) take it alone.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "family/locked.h"
#include "teamwork/lifecycle.h"

namespace graphmock {

struct TeamworkDevice {
  nlohmann::json entity;  // the teamworkDevice properties
  // The GET body of the entity without $select, serialised by load(): the
  // entity does not change after load, and a repeat read is served as bytes.
  std::shared_ptr<const std::string> get_body;
  nlohmann::json health, activity, configuration;
  std::vector<OperationRecord> operations;

  const OperationRecord* find_operation(std::string_view id) const;
};

struct TeamworkData {
  std::vector<TeamworkDevice> devices;
  std::unordered_map<std::string, size_t> index;

  const TeamworkDevice* find(const std::string& id) const;
  TeamworkDevice* find(const std::string& id);
};

class TeamworkStore : public Locked<TeamworkData> {
 public:
  // Replaces all devices with those of a fixture document {"value": [device...]},
  // where each device inlines health, activity, configuration and operations.
  void load(const nlohmann::json& fixture);

  // Everything, as clients would see it at `now` (for /_mock/state).
  nlohmann::json dump(TimePoint now) const;
};

}  // namespace graphmock
