// What a capture becomes on disk, the same for `graph-mock record` (its own
// capture, at flush) and `graph-mock import --har` (someone else's):
//   DIR/capture.har            HAR 1.2, no Authorization, no cookies; scrubbed
//   DIR/fixtures/<set>/*.json  the fixture set built from it (fixture_builder.h)
//   DIR/scrub-report.json      each field path scrubbed and how many values
//   DIR/violations.txt         responses our schemas reject (information: the
//                              upstream may be newer than schemas/)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fixtures_io/fixture_set.h"
#include "graphmock/result.h"
#include "pipeline/pipeline.h"

namespace graphmock {

struct RecordingOptions {
  std::string out_dir;
  std::string set_name = "recorded";
  bool scrub = true;
  uint64_t scrub_seed = 1;
};

struct RecordingSummary {
  size_t entries = 0;
  size_t used = 0;  // exchanges that gave an entity
  std::vector<std::string> unserved;
  // Entities left out of the fixture set: a part whose owner was never
  // captured, an item our schemas reject (the fixture loader would refuse it).
  std::vector<std::string> dropped;
  size_t violations = 0;
  bool already_scrubbed = false;  // the HAR says it was scrubbed: not scrubbed twice
};

// A HAR as written to capture.har: Authorization, Cookie and Set-Cookie
// headers and cookies removed, and, with options.scrub, every id, name,
// address, serial, ... replaced by its pseudonym (scrubber.h). A HAR this
// wrote with scrubbing says so (log._graphmockScrubSeed) and is kept as is.
Json clean_har(const Json& har, const RecordingOptions& options, const GraphRouter& routes,
               Json& scrub_report);

// Writes the files above; a 400 naming the file that cannot be written, or
// when `har` is not a HAR.
Result<RecordingSummary> write_recording(const Json& har, const RecordingOptions& options,
                                         const GraphRouter& routes, const BodyValidator& schemas,
                                         const std::vector<FixtureFile>& files);

// The lines a command prints about a recording: counts, then the unserved routes.
std::string describe(const RecordingSummary& summary, const RecordingOptions& options);

}  // namespace graphmock
