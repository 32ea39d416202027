#include "core/http_types.h"

#include <algorithm>
#include <cctype>

namespace graphmock {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string Request::header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

bool Request::has_header(std::string_view name) const { return headers.find(name) != headers.end(); }

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
