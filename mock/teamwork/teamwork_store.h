// In-memory Teams devices: each device with its health, activity and
// configuration documents and its operations, in fixture order (paging is
// stable). Readers share a lock; writers (actions, reset) take it alone.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

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

class TeamworkStore {
 public:
  // Replaces all devices with those of a fixture document {"value": [device...]},
  // where each device inlines health, activity, configuration and operations.
  void load(const nlohmann::json& fixture);

  template <class F>
  auto read(F&& f) const {
    std::shared_lock lock(mu_);
    return f(static_cast<const TeamworkData&>(data_));
  }
  template <class F>
  auto write(F&& f) {
    std::unique_lock lock(mu_);
    return f(data_);
  }

  // Everything, as clients would see it at `now` (for /_mock/state).
  nlohmann::json dump(TimePoint now) const;

 private:
  mutable std::shared_mutex mu_;
  TeamworkData data_;
};

}  // namespace graphmock
