// The Intune part of a generated fleet (`graph-mock fixtures generate`,
// mock/fleet): half as many managed devices as spec.devices, each a template
// device with new ids, name, user, serial, compliance and dates and 0-3 log
// collection requests; 2 scripts (one more per 1000 devices) whose run states,
// in the shares of a real tenant, are on about a fifth of the managed devices.
// Stateless; thread-safe.
#pragma once

#include <string>

#include "fleet/fleet_generator.h"

namespace graphmock {

class LogCollectionFleet final : public FleetPart {
 public:
  // The family's fixture files of managed devices and of device management scripts.
  LogCollectionFleet(std::string devices_file, std::string scripts_file)
      : devices_file_(std::move(devices_file)), scripts_file_(std::move(scripts_file)) {}
  void generate(Fleet& fleet) const override;

 private:
  std::string devices_file_, scripts_file_;
};

}  // namespace graphmock
