#include "core/sha256.h"

#include <openssl/evp.h>

#include <algorithm>
#include <vector>

#include "core/parallel.h"

namespace graphmock {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string block_sha256_hex(std::string_view bytes) {
  constexpr size_t kBlock = 4 << 20;
  std::vector<std::string> blocks((bytes.size() + kBlock - 1) / kBlock);
  parallel_for(blocks.size(), [&](size_t i) {
    blocks[i] = sha256_hex(bytes.substr(i * kBlock, std::min(kBlock, bytes.size() - i * kBlock)));
  });
  std::string all;
  for (const auto& b : blocks) all += b;
  return sha256_hex(all);
}

}  // namespace graphmock
