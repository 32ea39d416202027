// POST /beta/$batch: JSON batching as Microsoft Graph documents it. Each inner
// request runs through the whole pipeline (routing, faults, auth with the
// outer token, validation, journal) as a direct request would; the order
// independent requests run and answer in is drawn from the server's seed.
// docs/batch.md says what is supported and what differs from Graph.
#pragma once

#include <memory>

#include "family/api_family.h"

namespace graphmock {

std::unique_ptr<ApiFamily> make_batch_family(const FamilyEnv& env);
// mock/batch/manifest.json, embedded at build time.
const FamilyManifest& batch_manifest();

}  // namespace graphmock
