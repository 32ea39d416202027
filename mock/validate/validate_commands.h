// The offline commands `graph-mock validate` and `graph-mock check`, kept out
// of main.cc so tests can run them. Each prints findings to `out`, problems
// with the inputs to `err`, and returns the exit status: 0 clean,
// 1 violations found, 2 unusable input (unknown schema, unreadable file).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "fixtures_io/fixture_set.h"
#include "pipeline/pipeline.h"

namespace graphmock {

// validate --schema NAME FILE... ("-" reads stdin)
int run_validate_files(const std::string& schemas_dir, const std::string& schema,
                       const std::vector<std::string>& files, std::ostream& out, std::ostream& err);

// validate --har FILE: `routes` are the mock's Graph routes (Pipeline::graph_routes()).
int run_validate_har(const std::string& schemas_dir, const std::string& har_file,
                     const GraphRouter& routes, std::ostream& out, std::ostream& err);

// check DIR: every fixture set (its `files`) and scenario in a fixtures folder.
int run_check(const std::string& schemas_dir, const std::string& fixtures_dir,
              const std::vector<FixtureFile>& files, std::ostream& out, std::ostream& err);

}  // namespace graphmock
