// The one-way flow every request takes:
//   request -> route -> fault rules -> auth -> service limits -> validate request -> resource
//           -> validate response -> reply (headers, journal).
// Resources register handlers on the Graph router; the admin API on its own
// router under /_mock, which skips faults, auth and validation.
// handle() is thread-safe once set-up (routes, stages) is done.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/auth.h"
#include "graphmock/clock.h"
#include "graphmock/http_types.h"
#include "graphmock/options.h"
#include "graphmock/result.h"
#include "pipeline/validated_bodies.h"
#include "routing/router.h"

namespace graphmock {

using Json = nlohmann::json;

// What a handler sees.
struct Context {
  const Request& request;
  const RouteParams& params;
  const RouteInfo& route;
  const Json* body;  // parsed JSON body, null when the request has none
  TimePoint now;
  Claims claims;
  // Set when `body` violates route.request_schema. The pipeline checks request
  // bodies whatever --validate says; under warn and off it still calls the
  // handler, and a handler that acts on the body refuses it with this error.
  std::optional<GraphError> invalid_body;
};

// What a handler answers. A JSON body stays a Json until the pipeline has
// validated it, then it is serialised once.
struct Reply {
  int status = 200;
  Json body;  // null: no body
  Headers headers;
  std::string text;  // non-JSON body (rare)
  std::string text_content_type;
  BodyStream stream;     // a body streamed after the reply (text_content_type says its type)
  bool partial = false;  // body trimmed by $select: required properties may be absent
  // The body already serialised as JSON (a stored entity); `body` stays null.
  // Validated like `body`; bytes that passed before (the same stored string) are not checked again.
  std::shared_ptr<const std::string> json_text;
  // A collection page assembled from stored bytes: `body` is its envelope with an empty "value"
  // array, these are the value's items, serialised, written into it in order. The envelope is
  // checked as an empty page and each item on its own, once per stored string.
  std::vector<std::shared_ptr<const std::string>> items;
  // Rewrites the body after it passed the schemas: a wire form Microsoft's documents show but the
  // schemas, generated from the metadata, do not list (PascalCase enum members).
  std::function<void(Json&)> present;

  static Reply json(int status, Json body) {
    Reply r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
  static Reply empty(int status) {
    Reply r;
    r.status = status;
    return r;
  }
};

using Handler = std::function<Result<Reply>(const Context&)>;
using GraphRouter = Router<Handler>;

// Fault rules and response sequences (mock/faults). May block for latency.
struct FaultDecision {
  std::optional<Response> respond;  // answer this instead of the handler's reply
  Delivery delivery = Delivery::kNormal;
  std::string applied;  // rule id/name, for the journal ("" = none)
};
class FaultStage {
 public:
  virtual ~FaultStage() = default;
  virtual FaultDecision apply(const Request& request) = 0;
};

// Graph's service limits (mock/throttling), after auth: counts the request
// against each limit it falls under, refused or not. Thread-safe.
struct ThrottleDecision {
  std::optional<GraphError> refuse;  // the 429, with its headers
  Headers headers;                   // for an admitted request (x-ms-throttle-limit-percentage)
  std::string limit;                 // the limit that refused it, for the journal ("" = none)
};
class ThrottleStage {
 public:
  virtual ~ThrottleStage() = default;
  virtual ThrottleDecision admit(const Request& request, const Claims& claims) = 0;
};

// Schema validation (mock/validate).
struct Violation {
  std::string pointer;  // JSON pointer into the body, "" for the root
  std::string reason;
};
class BodyValidator {
 public:
  virtual ~BodyValidator() = default;
  // `partial`: ignore missing required properties ($select responses).
  virtual std::vector<Violation> check(const std::string& schema, const Json& body,
                                       bool partial) const = 0;
};

// Sink for every exchange (mock/journal).
struct Exchange {
  const Request& request;
  const Response& response;
  TimePoint time;
  Duration latency;
  const std::string& fault;
  std::string_view throttled_by{};  // the service limit that answered 429, "" for none
  bool carries_requests = false;    // its route's RouteInfo::carries_requests
};
class ExchangeSink {
 public:
  virtual ~ExchangeSink() = default;
  virtual void record(const Exchange& exchange) = 0;
};

struct PipelineOptions {
  AuthMode auth = AuthMode::kBearer;
  ValidateMode validate = ValidateMode::kStrict;
  std::string admin_token;                       // empty: the admin API is open
  std::function<void(const std::string&)> warn;  // loud log lines (validation failures)
  size_t max_json_depth = 64;     // deeper request bodies: 400 (dump and validation recurse)
  size_t max_query_options = 32;  // more query parameters: 400
};

// Runs one request end to end, as if the HTTP front had received it: what a
// family that carries requests inside its own ($batch) is given instead of
// the whole server. Thread-safe.
class RequestHandler {
 public:
  virtual ~RequestHandler() = default;
  // `request.request_id` must be set.
  virtual Response handle(Request& request) = 0;
};

class Pipeline final : public RequestHandler {
 public:
  Pipeline(Clock& clock, PipelineOptions options);

  GraphRouter& graph_routes() { return graph_; }
  GraphRouter& admin_routes() { return admin_; }
  void set_fault_stage(FaultStage* stage) { faults_ = stage; }
  void set_throttle_stage(ThrottleStage* stage) { throttle_ = stage; }
  void set_validator(const BodyValidator* validator) { validator_ = validator; }
  void add_sink(ExchangeSink* sink) { sinks_.push_back(sink); }
  const PipelineOptions& options() const { return options_; }

  // Handles one request end to end. `request.request_id` must be set.
  Response handle(Request& request) override;
  // Answers a request refused before routing (a limit of the HTTP front, a
  // request cpp-httplib could not parse) with `error` as a Graph error, with
  // the usual headers, recorded by the sinks. `request.request_id` must be set.
  Response reject(Request& request, const GraphError& error);

 private:
  Result<Reply> dispatch(Request& request, const GraphRouter& router, bool graph,
                         FaultDecision& fault, const RouteInfo*& matched,
                         std::string& throttled_by);
  Response finish(const Request& request, Result<Reply> result, const RouteInfo* route);
  // The violations of a 2xx reply serialised as `text` (an assembled page: its envelope).
  std::vector<Violation> check_reply(const RouteInfo& route, const Reply& reply,
                                     const std::string& text, bool cacheable);
  void finalize_headers(const Request& request, Response& response) const;

  Clock& clock_;
  PipelineOptions options_;
  GraphRouter graph_;
  GraphRouter admin_;
  FaultStage* faults_ = nullptr;
  ThrottleStage* throttle_ = nullptr;
  const BodyValidator* validator_ = nullptr;
  std::vector<ExchangeSink*> sinks_;
  ValidatedBodies validated_;
};

std::string describe(const std::vector<Violation>& violations);

// A 2xx response body checked as the pipeline checks it: a collection route's
// body against "collection" and each item against the route's schema (an item
// `items` remembers as valid is not checked again; valid ones are added).
std::vector<Violation> check_response_body(const BodyValidator& validator, const RouteInfo& route,
                                           const Json& body, bool partial,
                                           ValidatedBodies* items = nullptr);

}  // namespace graphmock
