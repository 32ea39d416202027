// What this build of graph-mock is, as CMake found it at configure time
// (cmake/graphmockBuildInfo.cmake). Constants: thread-safe.
#pragma once

namespace graphmock {

struct BuildInfo {
  const char* version;            // the CMake project version, e.g. "0.1.0"
  const char* commit;             // the source tree's git commit, or "unknown"
  const char* metadata_snapshot;  // the Graph metadata schemas/ is generated from
};

const BuildInfo& build_info();

}  // namespace graphmock
