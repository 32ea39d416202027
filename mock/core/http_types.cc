#include "graphmock/http_types.h"

#include <algorithm>

namespace graphmock {

namespace {
// ASCII only, as HTTP header names are; std::tolower is a locale call per byte
// on the hot path (every header lookup and insert).
unsigned char ascii_lower(char c) {
  auto u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + ('a' - 'A')) : u;
}
}  // namespace

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return ascii_lower(x) < ascii_lower(y);
  });
}

std::string Request::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

bool Request::has_header(std::string_view name) const {
  return headers.find(name) != headers.end();
}

void Response::set_header(std::string name, std::string value) {
  auto it = headers.find(name);
  if (it != headers.end()) headers.erase(it);
  headers.emplace(std::move(name), std::move(value));
}

std::string Response::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

}  // namespace graphmock
