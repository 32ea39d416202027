// The scenario and fault-rule loaders over arbitrary JSON: a whole scenario
// (schema check then parser), and the same document as a fault rule and a
// response sequence, whose matchers then meet a few requests.
#include "core/json_body.h"
#include "faults/fault_rule.h"
#include "fuzz/fuzz_support.h"
#include "scenario/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock;
  auto& core = fuzz::loaded_server().core();
  std::string_view text = fuzz::as_text(data, size);
  if (json_nesting_depth(text, 64) > 64) return 0;
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return 0;
  (void)parse_scenario(doc, core.schemas.get());
  (void)parse_scenario(doc, nullptr);  // the parser's own checks, without the schema in front
  Request probe;
  probe.method = "POST";
  probe.path = "/beta/teamwork/devices/b5e463a9-7520-4006-b699-237421670139/runDiagnostics";
  probe.query = {{"$top", "5"}};
  probe.headers.emplace("Authorization", "Bearer x");
  probe.body = "{\"softwareType\":\"teamsClient\"}";
  auto rule = parse_fault_rule(doc);
  if (rule) {
    (void)rule->match.matches(probe);
    Random rng = Random::stream(1, rule->id);
    (void)rule->latency.sample(rng);
    if (rule->respond) (void)canned_response(*rule->respond, probe, default_virtual_start());
  }
  if (auto seq = parse_response_sequence(doc)) {
    (void)seq->match.matches(probe);
    for (const auto& r : seq->responses)
      if (r) (void)canned_response(*r, probe, default_virtual_start());
  }
  if (doc.is_object() && doc.contains("faults") && doc["faults"].is_array())
    for (const auto& f : doc["faults"]) (void)parse_fault_rule(f, "/faults/0");
  return 0;
}
