// Response bodies of GET routes that passed schema validation, remembered by
// route and exact bytes, so a repeat read of unchanged data is not validated
// again (validation is a pure function of the route and the body). A
// collection's items are remembered one by one too: a page of a large fleet
// is new bytes at every position, its devices are not. Only valid bodies are
// kept: an invalid one is checked, and reported, every time. Bounded by the
// bytes kept (forgets everything when full); thread-safe.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "routing/router.h"

namespace graphmock {

class ValidatedBodies {
 public:
  // Room for every device of a 10,000-device fleet and the pages over it.
  static constexpr size_t kMaxBytes = 32 * 1024 * 1024;
  // What a body or item is checked as: all of a route's response, or one
  // item of its collection.
  enum class Part { kBody, kItem };

  bool contains(const RouteInfo& route, bool partial, std::string_view text,
                Part part = Part::kBody) const;
  void insert(const RouteInfo& route, bool partial, std::string_view text, Part part = Part::kBody);

  // The same for stored bytes, remembered by identity rather than by content: a family keeps
  // each entity's serialised form and replaces the string when the entity changes, so a string
  // that passed is not hashed or checked again while it lives (the entry holds a weak
  // reference: a string freed and another allocated at its address is not mistaken for it).
  bool contains(const RouteInfo& route, bool partial,
                const std::shared_ptr<const std::string>& text, Part part) const;
  void insert(const RouteInfo& route, bool partial, const std::shared_ptr<const std::string>& text,
              Part part);

 private:
  struct Use {
    const RouteInfo* route;
    bool partial;
    Part part;
    bool operator==(const Use&) const = default;
  };
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, std::vector<Use>, Hash, std::equal_to<>> bodies_;
  size_t bytes_ = 0;
  struct Stored {
    std::weak_ptr<const std::string> text;
    size_t size = 0;
    std::vector<Use> uses;
  };
  std::unordered_map<const std::string*, Stored> stored_;
  size_t stored_bytes_ = 0;
};

}  // namespace graphmock
