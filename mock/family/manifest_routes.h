// What a family's manifest adds to the routes its register_routes made: the paths it serves on
// another API version than beta (the manifest's `paths` of that version, e.g. /v1.0) and the
// Deprecation, Sunset and Link headers of the paths whose element the metadata marks deprecated
// (Org.OData.Core.V1.Revisions, in the manifest's `revisions`). Called once per family at
// start-up, after its register_routes.
#pragma once

#include <atomic>

#include "family/manifest.h"
#include "pipeline/pipeline.h"

namespace graphmock {

// Every manifest path of a version other than beta is served by the beta route of the same
// path (same handler, same state: one tenant), its answer in that version's shape: the
// @odata.context and @odata.nextLink name the version, and an entity keeps only the members
// its type has in that version's metadata (the manifest's `versions`). A route under a path
// whose type or navigation property carries a Deprecated revision answers (success or error)
// with Deprecation, Sunset and Link headers (docs/behaviour.md, "Deprecated elements").
// `documented`: whether the deprecations only the docs' pages announce (revisions marked
// "documented") are sent too; read at each request, so a scenario load switches it.
void apply_manifest(GraphRouter& router, const FamilyManifest& manifest,
                    const std::atomic<bool>& documented);

}  // namespace graphmock
