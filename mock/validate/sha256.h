// SHA-256 of bytes as lower-case hex: what a fixture set's checked stamp
// records of each file and of the schemas it passed.
#pragma once

#include <string>
#include <string_view>

namespace graphmock {

std::string sha256_hex(std::string_view bytes);

}  // namespace graphmock
