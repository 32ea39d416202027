// Seeded randomness. One Random per consumer (a "stream"), derived from the
// run's seed and a stable name, so adding a fault rule does not shift others.
// Not thread-safe: the owner serialises access.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace graphmock {

class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  // A stream for one named consumer: same (seed, name) -> same sequence.
  static Random stream(uint64_t seed, std::string_view name);

  uint64_t next() { return engine_(); }
  double uniform01();                         // [0, 1)
  double uniform(double lo, double hi);       // [lo, hi)
  double normal(double mean, double stddev);  // Box-Muller: identical on every libstdc++
  std::string guid();                         // lowercase 8-4-4-4-12, version 4 bits set

 private:
  std::mt19937_64 engine_;
};

}  // namespace graphmock
