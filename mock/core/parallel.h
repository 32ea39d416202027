// Start-up work spread over the machine's cores: parsing, checking and loading
// a large fleet's fixtures are independent per file, per family and per chunk.
#pragma once

#include <cstddef>
#include <functional>

namespace graphmock {

// The threads parallel_for uses by default: the machine's cores.
unsigned default_parallelism();

// Calls fn(i) for every i in [0, n) on up to `threads` threads (the caller's
// included) and returns when all calls have; each call must touch only its own
// data. The first exception a call throws is rethrown here after all calls end.
void parallel_for(size_t n, const std::function<void(size_t)>& fn,
                  unsigned threads = default_parallelism());

}  // namespace graphmock
