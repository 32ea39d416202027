// A request body as the pipeline sees it: the depth guard, nlohmann's parser,
// then schema validation against one of the schemas (picked by the first byte),
// full and partial, and serialisation of what was accepted.
#include "core/json_body.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock;
  const auto& schemas = *internals(fuzz::loaded_server()).schemas();
  static const std::vector<std::string> names = schemas.names();
  if (size < 1) return 0;
  const std::string& schema = names[data[0] % names.size()];
  std::string_view text = fuzz::as_text(data + 1, size - 1);
  if (json_nesting_depth(text, 64) > 64) return 0;  // the pipeline refuses these with 400
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return 0;
  (void)schemas.check(schema, doc, false);
  (void)schemas.check(schema, doc, true);
  (void)doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
