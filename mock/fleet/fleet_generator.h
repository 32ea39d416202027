// `graph-mock fixtures generate`: a realistic fixture set of any size, built
// from a template set (the default fixtures). Every generated entity is a
// template entity of the same kind with new ids, names, users, states,
// versions and dates, so the shapes are exactly the templates' and follow
// their schemas. The same templates and spec give the same documents.
// Pure function, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>

#include "fixtures_io/fixture_set.h"
#include "graphmock/result.h"

namespace graphmock {

struct FleetSpec {
  size_t devices = 100;  // Teams devices; managed devices are half as many
  uint64_t seed = 1;
};

// The documents of a fleet (teamworkDevices.json, managedDevices.json,
// deviceManagementScripts.json) from `templates`, a fixture set's documents.
// 400 when the templates hold no Teams device or no managed device.
Result<FixtureDocuments> generate_fleet(const FixtureDocuments& templates, const FleetSpec& spec);

}  // namespace graphmock
