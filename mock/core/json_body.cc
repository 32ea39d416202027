#include "core/json_body.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace graphmock {

size_t json_nesting_depth(std::string_view text, size_t stop_after) {
  size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest && (deepest = depth) > stop_after) break;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

Result<nlohmann::json> parse_json_body(std::string_view text, size_t max_depth) {
  using Json = nlohmann::json;
  if (json_nesting_depth(text, max_depth) > max_depth)
    return GraphError::bad_request("The request body nests JSON deeper than " +
                                   std::to_string(max_depth) + " levels (--max-json-depth).");
  std::vector<std::set<std::string, std::less<>>> keys;  // one set per open object
  std::string duplicate;
  bool beyond_int64 = false;
  auto check_keys = [&](int, Json::parse_event_t event, Json& parsed) {
    // OData has no unsigned 64-bit type: an integer past Int64 is out of range for every
    // property (the schemas' int64 format cannot see it: it arrives as an unsigned).
    if (event == Json::parse_event_t::value && parsed.is_number_unsigned() &&
        parsed.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
      beyond_int64 = true;
    if (event == Json::parse_event_t::object_start) {
      keys.emplace_back();
    } else if (event == Json::parse_event_t::object_end) {
      keys.pop_back();
    } else if (event == Json::parse_event_t::key &&
               !keys.back().insert(parsed.get<std::string>()).second && duplicate.empty()) {
      duplicate = parsed.get<std::string>();
    }
    return true;
  };
  Json body;
  try {
    body = Json::parse(text, check_keys);
  } catch (const Json::exception& e) {  // parse_error, or out_of_range.406 for 1e400
    return GraphError::bad_request(std::string("Invalid JSON in the request body: ") + e.what());
  }
  if (beyond_int64)
    return GraphError::bad_request(
        "Invalid JSON in the request body: an integer is beyond the Int64 range.");
  if (!duplicate.empty())
    return GraphError::bad_request(
        "Invalid JSON in the request body: multiple properties with the name '" + duplicate +
        "' were detected in one object; duplicate property names are not "
        "allowed.");
  return body;
}

Result<nlohmann::json> parse_json_document(std::string_view text, std::string_view what) {
  if (json_nesting_depth(text, kMaxDocumentDepth) > kMaxDocumentDepth)
    return GraphError::bad_request(std::string(what) + ": JSON nests deeper than " +
                                   std::to_string(kMaxDocumentDepth) + " levels.");
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    return GraphError::bad_request(std::string(what) + " is not JSON: " + e.what());
  }
}

}  // namespace graphmock
