// Reading a whole file, with the reason when it cannot be read.
#pragma once

#include <string>

#include "graphmock/result.h"

namespace graphmock {

// The error (400) names the path and the system's reason.
Result<std::string> read_file(const std::string& path);

}  // namespace graphmock
