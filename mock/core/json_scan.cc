#include "core/json_scan.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

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
    size_t depth = 0;
    while (i < t.size()) {
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

bool items(std::string_view t, std::vector<std::string_view>& out) {
  size_t i = skip_space(t, 0);
  if (i >= t.size() || t[i] != '[') return false;
  i = skip_space(t, i + 1);
  if (i < t.size() && t[i] == ']') return true;
  while (i < t.size()) {
    const size_t end = skip_value(t, i);
    if (end == npos) return false;
    out.push_back(t.substr(i, end - i));
    i = skip_space(t, end);
    if (i < t.size() && t[i] == ']') return true;
    if (i >= t.size() || t[i] != ',') return false;
    i = skip_space(t, i + 1);
  }
  return false;
}

std::string compact(std::string_view t) {
  std::string out;
  out.reserve(t.size());
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
    if (end == npos) return out.append(t.substr(i));
    out.append(t.substr(i, end - i));
    i = end;
  }
  return out;
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
  size_t size = 2;
  for (const auto& [key, value] : first) size += key.size() + value.size() + 4;
  for (const auto& m : members) size += m.raw_key.size() + m.value.size() + 2;
  std::string out = "{";
  out.reserve(size);
  auto add = [&](std::string_view quoted_key, std::string_view value) {
    if (out.size() > 1) out += ',';
    out += quoted_key;
    out += ':';
    out += value;
  };
  for (const auto& [key, value] : first) add('"' + key + '"', value);
  auto put_first = [&](std::string_view key) {
    return std::any_of(first.begin(), first.end(), [&](const auto& f) { return f.first == key; });
  };
  for (const auto& m : members)
    if (std::find(drop.begin(), drop.end(), m.key()) == drop.end() && !put_first(m.key()))
      add(m.raw_key, m.value);
  out += '}';
  return out;
}

}  // namespace graphmock::json_scan
