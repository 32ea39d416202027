// SHA-256 of bytes as lower-case hex: what a fixture set's checked stamp
// records of each file and of the schemas it passed, and the journal's
// fingerprint of a credential.
#pragma once

#include <string>
#include <string_view>

namespace graphmock {

std::string sha256_hex(std::string_view bytes);
// SHA-256 of the SHA-256 digests of `bytes`' 4 MiB blocks, hashed side by side:
// a fleet's fixture file is tens of megabytes.
std::string block_sha256_hex(std::string_view bytes);

}  // namespace graphmock
