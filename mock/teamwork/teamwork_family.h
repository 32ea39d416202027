// The Teams devices API family (/beta/teamwork/devices): its fixture file
// (teamworkDevices.json), its scenario settings (operationTimelines,
// deviceTimelines) and its part of /_mock/state ("teamworkDevices").
#pragma once

#include <memory>

#include "family/api_family.h"

namespace graphmock {

std::unique_ptr<ApiFamily> make_teamwork_family(const FamilyEnv& env);
// mock/teamwork/manifest.json, embedded at build time.
const FamilyManifest& teamwork_manifest();

}  // namespace graphmock
