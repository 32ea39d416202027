// The $filter parser and evaluator over the default fixture set's Teams devices.
#include "fuzz/fuzz_support.h"
#include "odata/query_options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock;
  static const odata::Spec spec = [] {
    odata::Spec s;
    s.type_name = "microsoft.graph.teamworkDevice";
    s.filterable = {"deviceType", "hardwareDetail/uniqueId", "currentUser/id"};
    return s;
  }();
  const auto& devices = fuzz::fixture_devices();
  auto filter = odata::parse_filter(fuzz::as_text(data, size), spec);
  if (!filter) return 0;
  size_t hits = 0;
  for (const auto& d : devices) hits += odata::matches(**filter, d) ? 1 : 0;
  // Evaluation against shapes the fixtures never have: nulls and wrong types.
  for (const char* odd :
       {R"({"deviceType": null})", R"({"hardwareDetail": "x"})", R"({"currentUser": {"id": 7}})"})
    hits += odata::matches(**filter, nlohmann::json::parse(odd)) ? 1 : 0;
  return hits > devices.size() + 3 ? 1 : 0;
}
