// The scenario and fault-rule loaders over arbitrary JSON: a whole scenario
// (schema check then parser), and the same document as a fault rule, whose
// matcher then meets a request.
#include "core/json_body.h"
#include "faults/fault_rule.h"
#include "fuzz/fuzz_support.h"
#include "scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock;
  const auto& schemas = *internals(fuzz::loaded_server()).schemas();
  std::string_view text = fuzz::as_text(data, size);
  if (json_nesting_depth(text, 64) > 64) return 0;
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return 0;
  (void)parse_scenario(doc, schemas);
  Request probe;
  probe.method = "POST";
  probe.path = "/beta/teamwork/devices/b5e463a9-7520-4006-b699-237421670139/runDiagnostics";
  probe.query = {{"$top", "5"}};
  probe.headers.emplace("Authorization", "Bearer x");
  probe.body = "{\"softwareType\":\"teamsClient\"}";
  // The parsers convert what passed the schema (the one definition of the shape).
  auto rule = schemas.check("faultRule", doc, false).empty() ? parse_fault_rule(doc)
                                                             : Result<FaultRule>(GraphError{});
  if (rule) {
    (void)rule->match.matches(probe);
    Random rng = Random::stream(1, rule->id);
    (void)rule->latency.sample(rng);
    if (rule->respond) (void)canned_response(*rule->respond, probe, default_virtual_start());
  }
  return 0;
}
