// core/json_scan, how a fleet's fixture files are loaded, over arbitrary bytes:
// it must never read out of bounds, must find the same items however many
// parts a large array is cut into, and on JSON must agree with the parser.
#include "core/json_scan.h"
#include "fuzz/fuzz_support.h"

namespace {

std::vector<std::string_view> joined(std::string_view text, size_t parts) {
  std::vector<std::string_view> out;
  for (const auto& run : graphmock::json_scan::member_items(text, "value", parts))
    out.insert(out.end(), run.begin(), run.end());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock::json_scan;
  const std::string_view text = graphmock::fuzz::as_text(data, size);
  const auto one = joined(text, 1);
  for (size_t parts : {2u, 3u, 8u})
    if (joined(text, parts) != one) __builtin_trap();
  std::vector<Member> members_found;
  std::vector<std::string_view> items_found;
  members(text, members_found);
  items(text, items_found);
  if (size_t end = skip_value(text, 0); end != npos && end > text.size()) __builtin_trap();
  object_text({{"@odata.type", "\"#x\""}}, members_found, {"value"});
  // On JSON with one "value" array, the items are the parser's, in order.
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || members_found.size() != doc.size()) return 0;
  const auto value = doc.find("value");
  if (value == doc.end() || !value->is_array()) return 0;
  if (one.size() != value->size()) __builtin_trap();
  for (size_t i = 0; i < one.size(); ++i)
    if (nlohmann::json::parse(one[i]) != (*value)[i]) __builtin_trap();
  return 0;
}
