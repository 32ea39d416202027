// Result<T>: a value or a GraphError, so user-caused failures travel as values
// and never as exceptions out of a handler. Result<void> carries only the error.
#pragma once

#include <utility>
#include <variant>

#include "graphmock/graph_error.h"

namespace graphmock {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}           // NOLINT: implicit by design
  Result(GraphError error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const GraphError& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, GraphError> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(GraphError error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const GraphError& error() const { return error_; }

 private:
  GraphError error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace graphmock
