// The structure of JSON text without a tree: where each member of an object
// and each item of an array starts and ends. A large fleet's fixtures are
// mostly documents read one device at a time, so loading keeps their text and
// parses only what it indexes. For text known to be JSON (parsed or accepted
// before): on malformed text the functions return false or npos, never read
// out of bounds.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace graphmock::json_scan {

inline constexpr size_t npos = std::string_view::npos;

// The end of the value starting at or after `pos` (whitespace skipped), or npos.
size_t skip_value(std::string_view text, size_t pos);

struct Member {
  std::string_view raw_key;  // as written, quotes included
  std::string_view value;    // the value's text
  std::string escaped_key;   // decoded, for a key written with escapes only

  std::string_view key() const {
    return escaped_key.empty() ? raw_key.substr(1, raw_key.size() - 2)
                               : std::string_view(escaped_key);
  }
};
// The members of the object `text`, in order; false when it is not an object.
bool members(std::string_view text, std::vector<Member>& out);
// The items of the array `text`, in order; false when it is not an array.
bool items(std::string_view text, std::vector<std::string_view>& out);

// The items of the array that is the value of member `key` of the object
// `text` (empty when there is none), found in `parts` runs scanned side by side
// and returned in order. Only the members before it are skipped: a fixture
// file is one large array.
std::vector<std::vector<std::string_view>> member_items(std::string_view text, std::string_view key,
                                                        size_t parts);

// The value of the member named `key`, or empty.
std::string_view find(const std::vector<Member>& members, std::string_view key);
// The string `value` decoded; "" when it is not a string.
std::string string_value(std::string_view value);

// {"<first key>": <first value>, ..., then `members` but those named in `first`
// or `drop`}: an object rebuilt from text, without a tree and compacted
// (`first` holds plain keys and serialised values).
std::string object_text(const std::vector<std::pair<std::string, std::string>>& first,
                        const std::vector<Member>& members,
                        const std::vector<std::string_view>& drop);

}  // namespace graphmock::json_scan
