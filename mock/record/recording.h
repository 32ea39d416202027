// What a capture becomes on disk, the same for `graph-mock record` (its own
// capture, at flush) and `graph-mock import --har` (someone else's):
//   DIR/capture.har            HAR 1.2, Graph's (or the upstream's) entries, no
//                              credential anywhere (secrets.h); scrubbed
//   DIR/fixtures/<set>/*.json  the fixture set built from it (fixture_builder.h)
//   DIR/scrub-report.json      each field path scrubbed and how many values
//   DIR/violations.txt         responses our schemas reject (information: the
//                              upstream may be newer than schemas/)
//   DIR/schemas/               when the set holds what schemas/ does not know:
//                              a copy declaring it (schema_extensions.h)
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
  // Entries for another host are skipped: this URL's host (the recorder's
  // --upstream), or when empty Graph's (graph.microsoft.com, the national clouds).
  std::string upstream{};
  // The schema folder the recording is checked against: what it holds that these
  // schemas do not know is declared in a copy of them, DIR/schemas ("": nothing is).
  std::string schemas_dir{};
};

struct RecordingSummary {
  size_t entries = 0;
  size_t used = 0;  // exchanges that gave an entity
  std::vector<std::string> unserved;
  // What was left out: a JSON body that cannot be read (so not scrubbed), an
  // item without a string id, a part whose owner was never captured, an item
  // our schemas reject otherwise than below (the fixture loader would refuse it).
  std::vector<std::string> dropped;
  // "<file> <pointer>: ...": properties our schemas lack and enum values they
  // do not list, kept as recorded and declared in `schemas_dir`.
  std::vector<std::string> kept;
  std::string schemas_dir;  // DIR/schemas when `kept` is not empty: serve with --schemas it

  // "entry N URL: not a Graph host": entries for other hosts, skipped.
  std::vector<std::string> other_hosts;
  size_t violations = 0;
  bool already_scrubbed = false;  // the HAR says it was scrubbed: not scrubbed twice
};

struct CleanedHar {
  Json har;                          // as written to capture.har
  Json scrub_report;                 // as written to scrub-report.json
  std::vector<std::string> foreign;  // entries for other hosts, left out
};

// A HAR as written to capture.har: entries for other hosts left out (and
// listed); Authorization, Cookie and Set-Cookie headers and cookies removed;
// every secret's value removed wherever it reappears (secrets.h), base64
// bodies decoded for that and encoded again; and, with options.scrub, every
// id, name, address, serial, ... replaced by its pseudonym (scrubber.h). A
// HAR this wrote with scrubbing says so (log._graphmockScrubSeed) and gets no
// second set of pseudonyms. A 400 naming the entry and member of the wrong
// type (read_har), when `har` is not one.
Result<CleanedHar> clean_har(const Json& har, const RecordingOptions& options,
                             const GraphRouter& routes);

// A 400 unless `name` is a plain name: the fixture set is written to
// <out>/fixtures/<name>, and nowhere else.
Status check_set_name(const std::string& name);

// Writes the files above; a 400 naming the file that cannot be written, or
// when `har` is not a HAR, or when options.set_name is not a plain name.
Result<RecordingSummary> write_recording(const Json& har, const RecordingOptions& options,
                                         const GraphRouter& routes, const BodyValidator& schemas,
                                         const std::vector<FixtureFile>& files);

// The lines a command prints about a recording: counts, then the unserved routes.
std::string describe(const RecordingSummary& summary, const RecordingOptions& options);

}  // namespace graphmock
