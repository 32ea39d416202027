// The HAR reader of `validate --har` and `import --har` over arbitrary bytes:
// the depth guard and parse, read_har's type checks, then every body checked
// against its route's schemas. It must answer an error or a report, never crash.
#include "core/json_body.h"
#include "fuzz/fuzz_support.h"
#include "validate/har_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock;
  auto& server = internals(fuzz::loaded_server());
  auto har = parse_json_document(fuzz::as_text(data, size), "fuzz.har");
  if (!har) return 0;
  HarReport report = check_har(*har, server.pipeline().graph_routes(), *server.schemas());
  // An error means nothing was checked; a report counts every entry.
  if (!report.error.empty() && (report.entries || !report.violations.empty())) __builtin_trap();
  return 0;
}
