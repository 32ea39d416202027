// A Graph error as a value: what a handler returns when the user did something
// wrong. Rendered into the Graph error body in exactly one place (render_error).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace graphmock {

struct GraphError {
  int status = 500;
  std::string code;     // Graph's code string, e.g. "BadRequest", "itemNotFound"
  std::string message;  // says what was wrong and where
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Retry-After

  static GraphError bad_request(std::string message) {
    return {400, "BadRequest", std::move(message), {}};
  }
  static GraphError not_found(std::string message) {
    return {404, "ResourceNotFound", std::move(message), {}};
  }
  static GraphError item_not_found(std::string message) {
    return {404, "itemNotFound", std::move(message), {}};
  }
  static GraphError conflict(std::string message) {
    return {409, "Conflict", std::move(message), {}};
  }
  static GraphError internal(std::string message) {
    return {500, "generalException", std::move(message), {}};
  }
};

}  // namespace graphmock
