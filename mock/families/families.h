// The API families this build serves, in registration order. The list is
// generated from GRAPHMOCK_FAMILIES in mock/CMakeLists.txt: adding a family
// is its folder plus one word there.
#pragma once

#include <memory>
#include <vector>

#include "family/api_family.h"

namespace graphmock {

std::vector<std::unique_ptr<ApiFamily>> make_builtin_families(const FamilyEnv& env);
// Their manifests (each family's ApiFamily::manifest()), in the same order, without making
// the families: for tools that read what the families serve (the recorder's fixture builder,
// the command line's family flags).
std::vector<const FamilyManifest*> builtin_manifests();

}  // namespace graphmock
