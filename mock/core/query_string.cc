#include "core/query_string.h"

namespace graphmock {
namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes escapes, except those of a byte in `keep`, which stay as sent.
std::string decode(std::string_view s, bool plus_is_space, std::string_view keep) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      char c = static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      if (keep.find(c) != std::string_view::npos) {
        out.append(s.substr(i, 3));
      } else {
        out += c;
      }
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
  return decode(s, plus_is_space, {});
}

std::string decode_path(std::string_view raw) { return decode(raw, false, "/%"); }

std::string percent_encode(std::string_view s, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto b = static_cast<unsigned char>(c);
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
        keep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 15];
    }
  }
  return out;
}

QueryParams parse_query_string(std::string_view raw) {
  QueryParams out;
  size_t i = 0;
  while (i < raw.size()) {
    size_t j = raw.find('&', i);
    if (j == std::string_view::npos) j = raw.size();
    std::string_view part = raw.substr(i, j - i);
    if (!part.empty()) {
      size_t eq = part.find('=');
      std::string_view k = part.substr(0, eq);
      std::string_view v = eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1);
      out.emplace_back(percent_decode(k, true), percent_decode(v, true));
    }
    i = j + 1;
  }
  return out;
}

}  // namespace graphmock
