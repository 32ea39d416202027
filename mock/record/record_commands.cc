#include "record/record_commands.h"

#include "clock/clock.h"
#include "core/files.h"
#include "core/json_body.h"
#include "validate/schema_registry.h"

namespace graphmock {
namespace {

std::unique_ptr<SchemaRegistry> load_schemas(const std::string& dir, std::ostream& err) {
  std::string error;
  auto schemas = SchemaRegistry::load(dir, error);
  if (!schemas) err << "graph-mock: schemas: " << error << "\n";
  return schemas;
}

}  // namespace

int run_import(const std::string& har_file, const RecordingOptions& options,
               const std::string& schemas_dir, const GraphRouter& routes,
               const std::vector<FixtureFile>& files, std::ostream& out, std::ostream& err) {
  auto schemas = load_schemas(schemas_dir, err);
  if (!schemas) return 2;
  auto text = read_file(har_file);
  if (!text) {
    err << "graph-mock import: cannot read " << har_file << "\n";
    return 2;
  }
  auto har = parse_json_document(*text, har_file);
  if (!har) {
    err << "graph-mock import: " << har.error().message << "\n";
    return 2;
  }
  RecordingOptions recording = options;
  recording.schemas_dir = schemas_dir;
  auto summary = write_recording(*har, recording, routes, *schemas, files);
  if (!summary) {
    err << "graph-mock import: " << har_file << ": " << summary.error().message << "\n";
    return 2;
  }
  out << describe(*summary, options);
  return 0;
}

int run_record(RecorderOptions options, const std::string& schemas_dir, const GraphRouter& routes,
               std::vector<FixtureFile> files, const std::function<void()>& wait_for_stop,
               std::ostream& out, std::ostream& err) {
  auto schemas = load_schemas(schemas_dir, err);
  if (!schemas) return 2;
  SystemClock clock;
  options.recording.schemas_dir = schemas_dir;
  RecordingOptions recording = options.recording;
  Recorder recorder(std::move(options), routes, *schemas, std::move(files), clock);
  if (auto started = recorder.start(); !started) {
    err << "graph-mock record: " << started.error().message << "\n";
    return 2;
  }
  out << "listening on " << recorder.base_url() << std::endl;
  wait_for_stop();
  recorder.stop();
  auto summary = recorder.flush();
  if (!summary) {
    err << "graph-mock record: " << summary.error().message << "\n";
    return 2;
  }
  out << describe(*summary, recording);
  return 0;
}

}  // namespace graphmock
