// `graph-mock fixtures generate`: a realistic fixture set of any size, built
// from a template set (the default fixtures). Every generated entity is a
// template entity of the same kind with new ids, names, users, states,
// versions and dates, so the shapes are exactly the templates' and follow
// their schemas. The same templates, spec and parts give the same documents.
//
// This module is the toolkit and the driving loop, and names no API family:
// what a family's fleet holds (its files, its entities' shares and states)
// is the family's FleetPart (ApiFamily::fleet_part, in the family's folder),
// which draws from the Fleet it is given. Pure functions and a per-run Fleet;
// nothing is shared between runs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/random.h"
#include "fixtures_io/fixture_set.h"
#include "graphmock/clock.h"
#include "graphmock/result.h"

namespace graphmock {

struct FleetSpec {
  size_t devices = 100;  // the fleet's size: each part scales its entities from it
  uint64_t seed = 1;
};

// A person or room account of the generated tenant.
struct FleetUser {
  std::string id, name, upn;
};

// One generation: the spec, the one random stream every draw comes from, the
// tenant's people and the documents written so far. The parts run in order on
// one Fleet, so the draws (and the documents) depend only on the templates,
// the spec and the parts' order.
class Fleet {
 public:
  // Draws the tenant's users, room accounts and admins.
  Fleet(const FixtureDocuments& templates, const FleetSpec& spec);

  const FleetSpec& spec() const { return spec_; }
  Random& rng() { return rng_; }
  // The entities (objects of "value") of a template file; [] when the templates lack it.
  std::vector<nlohmann::json> templates(const std::string& file);
  const FleetUser& any_user() { return any(users_); }
  const FleetUser& any_room() { return any(rooms_); }
  const FleetUser& any_admin() { return any(admins_); }
  // Writes `file` of the fleet as {"value": values}.
  void write(const std::string& file, nlohmann::json values);

  FixtureDocuments& documents() { return documents_; }
  // The template files the parts asked for, for the error when none held anything.
  const std::set<std::string>& asked() const { return asked_; }

 private:
  const FleetUser& any(const std::vector<FleetUser>& users);

  const FixtureDocuments& templates_;
  FleetSpec spec_;
  Random rng_;
  std::vector<FleetUser> users_, rooms_, admins_;
  FixtureDocuments documents_;
  std::set<std::string> asked_;
};

// What one API family adds to a generated fleet (ApiFamily::fleet_part).
class FleetPart {
 public:
  virtual ~FleetPart() = default;
  // Writes the family's files into `fleet`, each entity made from one of its
  // template entities (fleet.templates()) with every draw from fleet.rng();
  // writes nothing when the templates hold none of its entities.
  virtual void generate(Fleet& fleet) const = 0;
};

// The documents of a fleet: each part's files, the parts run in order on one
// Fleet. 400 when the templates hold nothing any part generates from.
Result<FixtureDocuments> generate_fleet(const std::vector<const FleetPart*>& parts,
                                        const FixtureDocuments& templates, const FleetSpec& spec);

// The toolkit the parts build their entities with.
namespace fleet {

struct Weighted {
  const char* value;
  double weight;
};

// One of `choices` in proportion to the weights, among those `allowed` accepts
// (null when it accepts none).
template <class Allowed>
const char* pick(Random& rng, const std::vector<Weighted>& choices, Allowed allowed) {
  double total = 0;
  for (const auto& c : choices) total += allowed(c.value) ? c.weight : 0;
  double x = rng.uniform(0, total);
  for (const auto& c : choices) {
    if (!allowed(c.value)) continue;
    if (x < c.weight) return c.value;
    x -= c.weight;
  }
  return nullptr;
}
const char* pick(Random& rng, const std::vector<Weighted>& choices);
// Uniform in [0, n).
size_t below(Random& rng, size_t n);
// A time in [from, to) to the second.
TimePoint between(Random& rng, TimePoint from, TimePoint to);
// The time of an ISO 8601 literal of the code (not outside input: a malformed one throws).
TimePoint at(const char* iso8601);

// Gives every GUID in `j` a new value, the same template GUID the same new one
// (a peripheral named in health, activity and configuration stays one), in its letter case.
void remap_guids(nlohmann::json& j, Random& rng);
// Digits replaced at random, letters and separators kept: a serial of the same make.
std::string like(const std::string& pattern, Random& rng);
// The same version with its last number lowered: the one before an update.
std::string older(const std::string& version);

// The object `j[key]`, or null when absent or not an object (never adds the key).
nlohmann::json* object_at(nlohmann::json& j, const char* key);
// Sets `j[key]` when it holds a string (a template without it stays without).
void set_if_string(nlohmann::json& j, const char* key, const nlohmann::json& value);
// An identitySet naming `user`.
nlohmann::json identity(const FleetUser& user);

}  // namespace fleet
}  // namespace graphmock
