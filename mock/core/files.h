// Reading a whole file, with the reason when it cannot be read.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "graphmock/result.h"

namespace graphmock {

// The error (400) names the path and the system's reason.
Result<std::string> read_file(const std::string& path);

// A file's bytes, read into a buffer that is not zeroed first (a fleet's
// fixtures are tens of megabytes), or text held in memory. Copies share the
// bytes.
class FileText {
 public:
  FileText() = default;
  explicit FileText(std::string text);
  // The error (400) names the path and the system's reason.
  static Result<FileText> read(const std::string& path);

  std::string_view view() const { return view_; }
  operator std::string_view() const { return view_; }

 private:
  std::shared_ptr<const void> bytes_;  // the mapping or the held string
  std::string_view view_;
};

}  // namespace graphmock
