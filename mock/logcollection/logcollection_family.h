// The Intune log collection API family (/beta/deviceManagement): its fixture
// files (managedDevices.json, deviceManagementScripts.json), its scenario
// setting (logCollectionTimeline) and its part of /_mock/state
// ("managedDevices", "deviceManagementScripts").
#pragma once

#include <memory>

#include "family/api_family.h"

namespace graphmock {

std::unique_ptr<ApiFamily> make_logcollection_family(const FamilyEnv& env);
// mock/logcollection/manifest.json, embedded at build time.
const FamilyManifest& logcollection_manifest();

}  // namespace graphmock
