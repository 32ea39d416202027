// The commands `graph-mock record` and `graph-mock import`, kept out of main.cc
// so tests can run them. Each prints what it wrote to `out`, problems to `err`,
// and returns the exit status: 0 written, 2 unusable input.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "record/recorder.h"

namespace graphmock {

// import --har FILE --out DIR
int run_import(const std::string& har_file, const RecordingOptions& options,
               const std::string& schemas_dir, const GraphRouter& routes,
               const std::vector<FixtureFile>& files, std::ostream& out, std::ostream& err);

// record --upstream URL --out DIR: prints "listening on URL", proxies until
// wait_for_stop() returns (the command waits for SIGINT/SIGTERM), then flushes.
int run_record(RecorderOptions options, const std::string& schemas_dir, const GraphRouter& routes,
               std::vector<FixtureFile> files, const std::function<void()>& wait_for_stop,
               std::ostream& out, std::ostream& err);

}  // namespace graphmock
