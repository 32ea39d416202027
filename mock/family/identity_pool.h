// One shared identitySet JSON per caller: the createdBy/lastActionBy of every
// operation or request a caller starts points at it instead of holding a copy
// (a nested JSON object costs hundreds of bytes). Not thread-safe: it lives
// inside a family's Locked<> data.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>

#include "auth/auth.h"

namespace graphmock {

class IdentityPool {
 public:
  // `make` builds a caller's set the first time (a family's own identity shape).
  std::shared_ptr<const nlohmann::json> get(const Claims& claims,
                                            nlohmann::json (*make)(const Claims&)) {
    std::string key = claims.oid + '\n' + claims.appid + '\n' + claims.name + '\n' + claims.upn +
                      '\n' + claims.app_displayname;
    auto it = sets_.find(key);
    if (it != sets_.end()) return it->second;
    // Callers with made-up tokens could grow the pool: forget it when large
    // (records keep their own reference).
    if (sets_.size() >= kMaxCallers) sets_.clear();
    auto set = std::make_shared<const nlohmann::json>(make(claims));
    sets_.emplace(std::move(key), set);
    return set;
  }

 private:
  static constexpr size_t kMaxCallers = 1024;
  std::unordered_map<std::string, std::shared_ptr<const nlohmann::json>> sets_;
};

}  // namespace graphmock
