#include "core/parallel.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace graphmock {

TEST(ParallelFor, CallsEachIndexOnce) {
  for (unsigned threads : {1u, 2u, 8u}) {
    std::vector<int> calls(1000, 0);
    parallel_for(
        calls.size(), [&](size_t i) { ++calls[i]; }, threads);
    EXPECT_EQ(std::count(calls.begin(), calls.end(), 1), 1000) << threads << " threads";
  }
  parallel_for(0, [](size_t) { FAIL() << "no index to call"; });
}

TEST(ParallelFor, RethrowsAfterEveryCallEnded) {
  std::vector<int> calls(100, 0);
  EXPECT_THROW(parallel_for(
                   calls.size(),
                   [&](size_t i) {
                     ++calls[i];
                     if (i == 7) throw std::runtime_error("seven");
                   },
                   2),
               std::runtime_error);
  EXPECT_EQ(std::count(calls.begin(), calls.end(), 1), 100);
}

}  // namespace graphmock
