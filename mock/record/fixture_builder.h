// Turns the exchanges of a capture into a fixture set: every entity a 2xx JSON
// response carried, merged by id across calls (a list page and a later GET of
// one device make one device, the later call's properties winning), with the
// parts the fixture files inline (docs/fixtures.md): a Teams device's health,
// activity, configuration and operations; a managed device's log collection
// requests; a script's run states and the device each ran on; the devices a
// detected app was seen on.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "family/manifest.h"
#include "fixtures_io/fixture_set.h"
#include "validate/har_check.h"

namespace graphmock {

struct BuiltFixtures {
  FixtureDocuments documents;  // every file of `files`, {"value": [...]}
  size_t used = 0;             // exchanges that gave an entity
  // "<entry> <METHOD> <path>" of exchanges no graph-mock route serves.
  std::vector<std::string> unserved;
  // "<entry> <path>: ...": items without a string id, parts whose owner never
  // appeared in the capture; left out.
  std::vector<std::string> dropped;
};

// `files` are the families' fixture files; an entity goes to the file named
// after its type (teamworkDevice -> teamworkDevices.json). `manifests` are the
// families': an entity a route reaches through a navigation property its parent
// does not contain becomes the parent's "<property>@odata.bind".
BuiltFixtures build_fixtures(const std::vector<HarExchange>& exchanges, const GraphRouter& routes,
                             const std::vector<FixtureFile>& files,
                             const std::vector<const FamilyManifest*>& manifests);

}  // namespace graphmock
