// GET /beta/deviceManagement/deviceCategories[/{id}]: the tenant's device categories, read
// only, from a built-in set (no fixture file, no scenario settings). Added to show that a
// family is its folder, its metadata (the deviceCategory block and its <Family> block in
// metadata/) and one word in GRAPHMOCK_FAMILIES: its query options, $count segment and
// $select of every property come from its manifest.
#pragma once

#include <memory>

#include "family/api_family.h"

namespace graphmock {

std::unique_ptr<ApiFamily> make_devicecategories_family(const FamilyEnv& env);
// mock/devicecategories/manifest.json, embedded at build time.
const FamilyManifest& devicecategories_manifest();

}  // namespace graphmock
