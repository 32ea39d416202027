// A $batch body turned into requests to run, and the order to run them in.
// The body's shape is checked by schemas/batchRequest.json before this; here
// is only what a schema cannot say: ids unique ignoring case, a url relative
// to the version root and not itself a $batch, a Content-Type header (any
// case) with a body, dependsOn naming requests of the batch without a cycle.
// Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/random.h"
#include "graphmock/http_types.h"
#include "graphmock/result.h"

namespace graphmock {

struct InnerRequest {
  std::string id;
  std::string method;
  std::string path;       // percent-decoded as the HTTP front decodes, under the version root
  std::string raw_query;  // as written, without '?'
  Headers headers;
  std::string body;
  std::vector<size_t> depends_on;  // indexes into BatchPlan::requests
};

struct BatchPlan {
  std::vector<InnerRequest> requests;  // in the body's order
  // Indexes into `requests`: every request after those it depends on; among
  // requests that are ready at the same time, the next is drawn from `rng`.
  std::vector<size_t> order;
};

// `requests`: the body's "requests" array, valid against batchRequest.json.
// `version_root`: "/beta". A refusal is a 400 naming the request id and why.
Result<BatchPlan> plan_batch(const nlohmann::json& requests, std::string_view version_root,
                             Random& rng);

}  // namespace graphmock
