#include "core/json_scan.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/parallel.h"

namespace graphmock::json_scan {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

size_t skip_space(std::string_view t, size_t i) {
  while (i < t.size() && is_space(t[i])) ++i;
  return i;
}

// `i` at the opening quote: the index after the closing one, or npos. A quote
// after an odd number of backslashes is part of the string.
size_t skip_string(std::string_view t, size_t i) {
  for (size_t from = i + 1; from < t.size();) {
    const void* found = std::memchr(t.data() + from, '"', t.size() - from);
    if (!found) return npos;
    const size_t quote = static_cast<size_t>(static_cast<const char*>(found) - t.data());
    size_t backslashes = 0;
    while (quote - backslashes > i + 1 && t[quote - backslashes - 1] == '\\') ++backslashes;
    if (backslashes % 2 == 0) return quote + 1;
    from = quote + 1;
  }
  return npos;
}

}  // namespace

size_t skip_value(std::string_view t, size_t i) {
  i = skip_space(t, i);
  if (i >= t.size()) return npos;
  if (t[i] == '"') return skip_string(t, i);
  if (t[i] == '{' || t[i] == '[') {
    // Only quotes and brackets matter inside an object or array: a table finds
    // the next one in a tight loop (most of a fleet's bytes are skipped here).
    static constexpr auto kStructural = [] {
      std::array<bool, 256> table{};
      for (unsigned char c : std::string_view("\"{}[]")) table[c] = true;
      return table;
    }();
    size_t depth = 0;
    while (i < t.size()) {
      while (i < t.size() && !kStructural[static_cast<unsigned char>(t[i])]) ++i;
      if (i >= t.size()) break;
      const char c = t[i];
      if (c == '"') {
        i = skip_string(t, i);
        if (i == npos) return npos;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return i + 1;
      ++i;
    }
    return npos;
  }
  const size_t start = i;  // a number or a literal
  while (i < t.size() && !is_space(t[i]) && t[i] != ',' && t[i] != '}' && t[i] != ']') ++i;
  return i == start ? npos : i;
}

bool members(std::string_view t, std::vector<Member>& out) {
  size_t i = skip_space(t, 0);
  if (i >= t.size() || t[i] != '{') return false;
  i = skip_space(t, i + 1);
  if (i < t.size() && t[i] == '}') return true;
  while (i < t.size() && t[i] == '"') {
    const size_t key_end = skip_string(t, i);
    if (key_end == npos) return false;
    const std::string_view raw_key = t.substr(i, key_end - i);
    std::string escaped_key;
    if (raw_key.find('\\') != std::string_view::npos) escaped_key = string_value(raw_key);
    i = skip_space(t, key_end);
    if (i >= t.size() || t[i] != ':') return false;
    const size_t start = skip_space(t, i + 1);
    const size_t end = skip_value(t, start);
    if (end == npos) return false;
    out.push_back({raw_key, t.substr(start, end - start), std::move(escaped_key)});
    i = skip_space(t, end);
    if (i < t.size() && t[i] == '}') return true;
    if (i >= t.size() || t[i] != ',') return false;
    i = skip_space(t, i + 1);
  }
  return false;
}

namespace {

// `t` without the whitespace between tokens (a pretty-printed fixture's
// indentation), appended to `out`.
void append_compact(std::string& out, std::string_view t) {
  size_t i = 0;
  while (i < t.size()) {
    const size_t from = i;  // a run of structure and scalars, copied at once
    while (i < t.size() && t[i] != '"' && !is_space(t[i])) ++i;
    out.append(t.substr(from, i - from));
    if (i >= t.size()) break;
    if (is_space(t[i])) {
      ++i;
      continue;
    }
    const size_t end = skip_string(t, i);
    if (end == npos) {
      out.append(t.substr(i));
      return;
    }
    out.append(t.substr(i, end - i));
    i = end;
  }
}

// Where the value of member `key` of the object `t` starts, or npos.
size_t member_value_start(std::string_view t, std::string_view key) {
  size_t i = skip_space(t, 0);
  if (i >= t.size() || t[i] != '{') return npos;
  i = skip_space(t, i + 1);
  while (i < t.size() && t[i] == '"') {
    const size_t key_end = skip_string(t, i);
    if (key_end == npos) return npos;
    const std::string name = string_value(t.substr(i, key_end - i));
    i = skip_space(t, key_end);
    if (i >= t.size() || t[i] != ':') return npos;
    const size_t start = skip_space(t, i + 1);
    if (name == key) return start;
    const size_t end = skip_value(t, start);
    if (end == npos) return npos;
    i = skip_space(t, end);
    if (i >= t.size() || t[i] != ',') return npos;
    i = skip_space(t, i + 1);
  }
  return npos;
}

// Items of the array `t` from `i` (an item's start) on, until the array ends
// (`closed` set) or the next item starts at or after `stop` (returned).
size_t scan_items(std::string_view t, size_t i, size_t stop, std::vector<std::string_view>& out,
                  bool& closed) {
  closed = false;
  while (i < t.size() && i < stop) {
    const size_t end = skip_value(t, i);
    if (end == npos) return npos;
    out.push_back(t.substr(i, end - i));
    i = skip_space(t, end);
    if (i < t.size() && t[i] == ']') {
      closed = true;
      return i;
    }
    if (i >= t.size() || t[i] != ',') return npos;
    i = skip_space(t, i + 1);
  }
  return i < t.size() ? i : npos;
}

}  // namespace

bool items(std::string_view t, std::vector<std::string_view>& out) {
  size_t i = skip_space(t, 0);
  if (i >= t.size() || t[i] != '[') return false;
  i = skip_space(t, i + 1);
  if (i < t.size() && t[i] == ']') return true;
  bool closed = false;
  scan_items(t, i, npos, out, closed);
  return closed;
}

std::vector<std::vector<std::string_view>> member_items(std::string_view t, std::string_view key,
                                                        size_t parts) {
  const size_t value = member_value_start(t, key);
  if (value >= t.size() || t[value] != '[') return {};  // npos too; a text may end after the colon
  const size_t first = skip_space(t, value + 1);
  if (first >= t.size() || t[first] == ']') return {};
  // Part k starts at the first '{' after its share of the bytes that follows a
  // comma: a guess (the comma could be inside a string) that the part before
  // confirms by ending exactly there; otherwise one scan does it all.
  parts = std::max<size_t>(parts, 1);
  std::vector<size_t> starts = {first};
  for (size_t k = 1; k < parts; ++k) {
    size_t i = std::max(starts.back() + 1, first + (t.size() - first) * k / parts);
    for (; i < t.size(); ++i) {
      if (t[i] != '{') continue;
      size_t before = i;
      while (before > first && is_space(t[before - 1])) --before;
      if (before > first && t[before - 1] == ',') break;
    }
    if (i >= t.size()) break;
    starts.push_back(i);
  }
  std::vector<std::vector<std::string_view>> out(starts.size());
  std::vector<size_t> ended(starts.size());
  std::vector<char> closed(starts.size());
  parallel_for(starts.size(), [&](size_t k) {
    bool done = false;
    ended[k] = scan_items(t, starts[k], k + 1 < starts.size() ? starts[k + 1] : npos, out[k], done);
    closed[k] = done;
  });
  // Part k counts when part k-1 ended exactly where it started; otherwise part
  // k-1 goes on from where it ended over part k's share.
  std::vector<std::vector<std::string_view>> runs = {std::move(out[0])};
  size_t at = ended[0];
  bool done = closed[0] != 0;
  for (size_t k = 1; k < starts.size() && !done && at != npos; ++k) {
    const size_t stop = k + 1 < starts.size() ? starts[k + 1] : npos;
    if (at == starts[k]) {
      runs.push_back(std::move(out[k]));
      at = ended[k];
      done = closed[k] != 0;
    } else if (at < stop) {
      at = scan_items(t, at, stop, runs.back(), done);
    }
  }
  if (!done && at != npos) at = scan_items(t, at, npos, runs.back(), done);
  if (!done) return {};
  return runs;
}

std::string_view find(const std::vector<Member>& members, std::string_view key) {
  for (const auto& m : members)
    if (m.key() == key) return m.value;
  return {};
}

std::string string_value(std::string_view v) {
  if (v.size() < 2 || v.front() != '"' || v.back() != '"') return "";
  if (v.find('\\') == std::string_view::npos) return std::string(v.substr(1, v.size() - 2));
  auto parsed = nlohmann::json::parse(v, nullptr, false);
  return parsed.is_string() ? parsed.get<std::string>() : "";
}

std::string object_text(const std::vector<std::pair<std::string, std::string>>& first,
                        const std::vector<Member>& members,
                        const std::vector<std::string_view>& drop) {
  auto kept = [&](const Member& m) {
    return std::find(drop.begin(), drop.end(), m.key()) == drop.end() &&
           std::none_of(first.begin(), first.end(),
                        [&](const auto& f) { return f.first == m.key(); });
  };
  size_t size = 2;
  for (const auto& [key, value] : first) size += key.size() + value.size() + 4;
  for (const auto& m : members)
    if (kept(m)) size += m.raw_key.size() + m.value.size() + 2;
  std::string out = "{";
  out.reserve(size);
  auto add = [&](std::string_view quoted_key, std::string_view value) {
    if (out.size() > 1) out += ',';
    out += quoted_key;
    out += ':';
    append_compact(out, value);
  };
  for (const auto& [key, value] : first) add('"' + key + '"', value);
  for (const auto& m : members)
    if (kept(m)) add(m.raw_key, m.value);
  out += '}';
  return out;
}

}  // namespace graphmock::json_scan
