// GET /beta/teamwork: the read-only singleton that contains the Teams devices
// (isTeamsEnabled, region). A family with no fixtures and no scenario settings;
// it shows how little a family needs (docs/architecture.md).
#pragma once

#include <memory>

#include "family/api_family.h"

namespace graphmock {

std::unique_ptr<ApiFamily> make_teamwork_root_family(const FamilyEnv& env);
// mock/teamwork_root/manifest.json, embedded at build time.
const FamilyManifest& teamwork_root_manifest();

}  // namespace graphmock
