// The Teams devices of a generated fleet (`graph-mock fixtures generate`,
// mock/fleet): spec.devices devices, each a template device of a type drawn in
// the proportions of a real estate, with new ids, serials, MACs, asset tag,
// notes, user or room account, dates, a health state with a matching
// connection and activity, and a quarter of them one version behind on some
// software. Stateless; thread-safe.
#pragma once

#include <string>

#include "fleet/fleet_generator.h"

namespace graphmock {

class TeamworkFleet final : public FleetPart {
 public:
  // `file`: the family's fixture file, read from the templates and written to the fleet.
  explicit TeamworkFleet(std::string file) : file_(std::move(file)) {}
  void generate(Fleet& fleet) const override;

 private:
  std::string file_;
};

}  // namespace graphmock
