#include "pipeline/pipeline.h"

#include <algorithm>
#include <optional>

#include "core/admin_path.h"
#include "core/json_body.h"
#include "core/reply.h"
#include "core/time_format.h"

namespace graphmock {
namespace {

// A dribbled body's pause between 16-byte pieces (docs/scenarios-and-faults.md).
constexpr Duration kDribblePause = std::chrono::milliseconds(100);

bool is_json_content_type(std::string_view ct) {
  auto semi = ct.find(';');
  std::string_view base = ct.substr(0, semi);
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  std::string lowered;
  for (char c : base) lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lowered == "application/json";
}

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

// The violations `found` in item `i` of a collection, as pointers into the whole body.
void add_item_violations(size_t i, std::vector<Violation> found, std::vector<Violation>& out) {
  for (auto& v : found) out.push_back({"/value/" + std::to_string(i) + v.pointer, v.reason});
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// On /beta the '$' of a system query option is optional (Graph's "Use query parameters" page:
// "On the beta endpoint, the $ prefix is optional"): `top=2` is `$top=2`.
void prefix_system_options(Request& request) {
  if (request.path.rfind("/beta/", 0) != 0) return;
  static constexpr std::string_view kSystemOptions[] = {"count",     "expand", "filter", "format",
                                                        "orderby",   "search", "select", "skip",
                                                        "skiptoken", "top"};
  for (auto& [key, value] : request.query)
    if (std::find(std::begin(kSystemOptions), std::end(kSystemOptions), lower(key)) !=
        std::end(kSystemOptions))
      key.insert(0, "$");
}

constexpr std::string_view kCountSegment = "/$count";

// OData's $count segment (GET <collection>/$count, what an SDK's `count.get()` sends) is the
// collection's own request with $count=true, answered as the bare number in text/plain. The
// collection's own $count options are dropped: the segment asks for the count.
Request count_request(const Request& request) {
  Request out = request;
  out.path.resize(out.path.size() - kCountSegment.size());
  std::erase_if(out.query, [](const auto& kv) { return lower(kv.first) == "$count"; });
  out.query.emplace_back("$count", "true");
  return out;
}

Result<Reply> count_reply(Result<Reply> collection) {
  if (!collection) return collection;
  auto count = collection->body.find("@odata.count");
  if (count == collection->body.end())  // a family whose collection reply lacks it: a bug
    return GraphError::internal("the collection answered without @odata.count for $count");
  Reply reply = Reply::empty(collection->status);
  reply.text = count->dump();
  reply.text_content_type = "text/plain";
  reply.headers = std::move(collection->headers);
  return reply;
}

// A /v1.0 path the mock serves on /beta only (Teams devices): Graph's answer for a URL naming
// a segment that version's model lacks, 400 "Resource not found for the segment 'x'." (the
// first segment no v1.0 route has; `closest` is the route sharing the longest prefix).
std::optional<GraphError> version_only_answer(const Request& request, const GraphRouter& router,
                                              const std::string& closest) {
  constexpr std::string_view kV1 = "/v1.0/";
  if (!request.path.starts_with(kV1)) return std::nullopt;
  std::string beta = "/beta/" + request.path.substr(kV1.size());
  if (router.match(request.method, beta).kind == GraphRouter::Match::Kind::kNotFound)
    return std::nullopt;
  auto segs = split_path(request.path);
  size_t known = closest.empty() ? 1 : common_segment_prefix(split_path(closest), segs);
  const std::string& segment = segs[std::clamp<size_t>(known, 1, segs.size() - 1)];
  return GraphError::bad_request("Resource not found for the segment '" + segment +
                                 "'. (graph-mock serves " + beta +
                                 " on /beta only: the v1.0 "
                                 "metadata lacks it.)");
}

}  // namespace

std::string describe(const std::vector<Violation>& violations) {
  std::string out;
  for (const auto& v : violations)
    out += (out.empty() ? "" : "; ") + (v.pointer.empty() ? std::string("/") : v.pointer) + ": " +
           v.reason;
  return out;
}

std::vector<Violation> check_response_body(const BodyValidator& validator, const RouteInfo& route,
                                           const Json& body, bool partial, ValidatedBodies* items) {
  if (!route.response_is_collection) return validator.check(route.response_schema, body, partial);
  auto violations = validator.check("collection", body, false);
  if (!violations.empty()) return violations;
  const Json& value = body["value"];
  for (size_t i = 0; i < value.size(); ++i) {
    std::string text = items ? value[i].dump() : "";
    if (items && items->contains(route, partial, text, ValidatedBodies::Part::kItem)) continue;
    auto found = validator.check(route.response_schema, value[i], partial);
    if (found.empty() && items) items->insert(route, partial, text, ValidatedBodies::Part::kItem);
    add_item_violations(i, std::move(found), violations);
  }
  return violations;
}

Pipeline::Pipeline(Clock& clock, PipelineOptions options)
    : clock_(clock), options_(std::move(options)) {}

Response Pipeline::handle(Request& request) {
  auto started = std::chrono::steady_clock::now();
  bool admin = is_admin_path(request.path);
  FaultDecision fault;
  const RouteInfo* route = nullptr;
  std::string throttled_by;
  if (request.query.size() > options_.max_query_options)
    return reject(
        request, GraphError::bad_request("The request has " + std::to_string(request.query.size()) +
                                         " query options; at most " +
                                         std::to_string(options_.max_query_options) +
                                         " are accepted (--max-query-options)."));
  Response response;
  try {
    Result<Reply> result =
        dispatch(request, admin ? admin_ : graph_, !admin, fault, route, throttled_by);
    response = fault.respond ? std::move(*fault.respond)
                             : finish(request, std::move(result), admin ? nullptr : route);
  } catch (const std::exception& e) {  // a bug must still answer, never take the server down
    if (options_.warn)
      options_.warn("INTERNAL ERROR: " + request.method + " " + request.path + ": " + e.what());
    response = error_reply(GraphError::internal(std::string("graph-mock failed: ") + e.what()),
                           request, clock_.now());
  }
  response.delivery = fault.delivery;
  if (fault.delivery == Delivery::kDribble) {
    // Paced by the mock's clock, as latency is: piece n is due n pauses after
    // the answer, so one advance of the virtual clock releases every piece due.
    response.dribble_due = [&clock = clock_, start = clock_.now(),
                            gone = request.client_gone](size_t n) {
      return clock.sleep_until(start + static_cast<Duration::rep>(n) * kDribblePause,
                               [&gone] { return gone && gone(); });
    };
  }
  finalize_headers(request, response);
  if (!sinks_.empty()) {
    auto latency = std::chrono::duration_cast<Duration>(std::chrono::steady_clock::now() - started);
    bool carries = route && route->carries_requests;
    Exchange ex{request, response, clock_.now(), latency, fault.applied, throttled_by, carries};
    for (auto* sink : sinks_) sink->record(ex);
  }
  return response;
}

Response Pipeline::reject(Request& request, const GraphError& error) {
  Response response = error_reply(error, request, clock_.now());
  finalize_headers(request, response);
  if (!sinks_.empty()) {
    const std::string no_fault;
    Exchange ex{request, response, clock_.now(), Duration(0), no_fault};
    for (auto* sink : sinks_) sink->record(ex);
  }
  return response;
}

Result<Reply> Pipeline::dispatch(Request& request, const GraphRouter& router, bool graph,
                                 FaultDecision& fault, const RouteInfo*& matched,
                                 std::string& throttled_by) {
  if (graph) prefix_system_options(request);
  auto match = router.match(request.method, request.path);
  std::optional<Request> counted;  // the collection request a $count segment stands for
  if (graph && request.path.size() > kCountSegment.size() &&
      request.path.ends_with(kCountSegment)) {
    Request collection = count_request(request);
    auto list = router.match(request.method, collection.path);
    if (list.kind == GraphRouter::Match::Kind::kFound && list.info->response_is_collection) {
      match = std::move(list);
      counted = std::move(collection);
    }
  }
  matched = match.info;
  if (graph && faults_) {
    fault = faults_->apply(request);
    if (fault.respond) return Reply::empty(fault.respond->status);
  }
  if (!graph && !options_.admin_token.empty() && !(matched && matched->open) &&
      request.header("Authorization") != "Bearer " + options_.admin_token)
    return GraphError{401,
                      "InvalidAuthenticationToken",
                      "The admin API wants 'Authorization: Bearer <admin token>' (--admin-token).",
                      {}};
  using Kind = GraphRouter::Match::Kind;
  if (match.kind == Kind::kNotFound) {
    if (graph) {
      if (auto beta_only = version_only_answer(request, router, match.closest)) return *beta_only;
    }
    std::string msg = "Resource not found for " + request.method + " " + request.path + ".";
    if (!match.closest.empty())
      msg += " Closest route: " + match.closest + ".";
    else if (graph && !request.path.starts_with("/beta/") && !request.path.starts_with("/v1.0/"))
      msg += " graph-mock serves the Microsoft Graph endpoints under /beta and /v1.0.";
    return GraphError::not_found(msg);
  }
  if (match.kind == Kind::kMethodNotAllowed) {
    std::string allowed;
    for (const auto& m : match.allowed) allowed += (allowed.empty() ? "" : ", ") + m;
    GraphError e{405,
                 "MethodNotAllowed",
                 "The HTTP method '" + request.method + "' is not allowed on " + request.path +
                     "; allowed: " + allowed + ".",
                 {{"Allow", allowed}}};
    return e;
  }
  const RouteInfo& route = *match.info;
  Claims claims;
  if (graph) {
    auto auth = authenticate(request, options_.auth, route);
    if (!auth) return auth.error();
    claims = std::move(*auth);
  }
  ThrottleDecision throttle;
  if (graph && throttle_) {
    throttle = throttle_->admit(request, claims);
    throttled_by = std::move(throttle.limit);
    if (throttle.refuse) return std::move(*throttle.refuse);
  }

  Json body;
  const Json* body_ptr = nullptr;
  bool has_body = !blank(request.body);
  if (has_body && (!route.request_schema.empty() || !graph)) {
    if (!is_json_content_type(request.header("Content-Type")))
      return GraphError{
          415,
          "UnsupportedMediaType",
          "The request body must be JSON: send 'Content-Type: application/json' (got '" +
              request.header("Content-Type") + "').",
          {}};
    auto parsed = parse_json_body(request.body, options_.max_json_depth);
    if (!parsed) return parsed.error();
    body = std::move(*parsed);
    body_ptr = &body;
  } else if (!route.request_schema.empty()) {
    body = Json::object();  // an absent body is checked as {} so missing required properties show
    body_ptr = &body;
  }
  std::optional<GraphError> invalid_body;
  if (graph && body_ptr && validator_ && !route.request_schema.empty()) {
    auto violations = validator_->check(route.request_schema, body, false);
    if (!violations.empty()) {
      std::string msg =
          "The request body is invalid (" + route.request_schema + "): " + describe(violations);
      if (options_.validate == ValidateMode::kStrict) return GraphError::bad_request(msg);
      if (options_.validate == ValidateMode::kWarn && options_.warn)
        options_.warn("validate warn: " + request.method + " " + request.path + ": " + msg);
      invalid_body = GraphError::bad_request(msg);
    }
  }
  Context ctx{
      counted ? *counted : request, match.params, route, body_ptr, clock_.now(), std::move(claims),
      std::move(invalid_body)};
  Result<Reply> result = (*match.handler)(ctx);
  if (counted) result = count_reply(std::move(result));
  // x-ms-throttle-limit-percentage goes on every successful answer once a budget is 80% used.
  if (result)
    for (auto& [name, value] : throttle.headers) result->headers.emplace(name, value);
  return result;
}

Response Pipeline::finish(const Request& request, Result<Reply> result, const RouteInfo* route) {
  if (!result) return error_reply(result.error(), request, clock_.now());
  Reply& reply = *result;
  bool has_json = !reply.body.is_null() || reply.json_text;
  Response response;
  if (reply.json_text) {
    response.status = reply.status;
    response.body = *reply.json_text;
    response.content_type = std::string(kGraphJsonContentType);
  } else if (has_json) {
    response = json_reply(reply.status, reply.body);
  }
  if (route && validator_ && options_.validate != ValidateMode::kOff &&
      !route->response_schema.empty() && reply.status >= 200 && reply.status < 300 && has_json) {
    auto violations = check_reply(*route, reply, response.body, request.method == "GET");
    if (!violations.empty()) {
      std::string msg = "The response of " + route->name + " is invalid against " +
                        route->response_schema +
                        " (a bug in the fixtures or in graph-mock): " + describe(violations);
      if (options_.warn)
        options_.warn("RESPONSE SCHEMA VIOLATION: " + request.method + " " + request.path + ": " +
                      msg);
      if (options_.validate == ValidateMode::kStrict)
        return error_reply(GraphError::internal(msg), request, clock_.now());
    }
  }
  if (!reply.items.empty()) {
    // The envelope's "value" is its last member (every other is an @odata annotation, and '@'
    // sorts first): the items go between its brackets.
    std::string& text = response.body;
    size_t bytes = text.size();
    for (const auto& item : reply.items) bytes += item->size() + 1;
    std::string page;
    page.reserve(bytes);
    page.append(text, 0, text.size() - 2);
    for (size_t i = 0; i < reply.items.size(); ++i) {
      if (i) page += ',';
      page += *reply.items[i];
    }
    page += "]}";
    text = std::move(page);
  }
  if (has_json && reply.present) {
    Json shown = reply.json_text || !reply.items.empty() ? Json::parse(response.body)
                                                         : std::move(reply.body);
    reply.present(shown);
    response.body = json_reply(reply.status, shown).body;
  }
  if (!has_json) {
    response.status = reply.status;
    response.body = std::move(reply.text);
    response.content_type = reply.text_content_type;
    response.stream = std::move(reply.stream);
  }
  for (auto& [k, v] : reply.headers) response.headers.emplace(k, v);
  return response;
}

std::vector<Violation> Pipeline::check_reply(const RouteInfo& route, const Reply& reply,
                                             const std::string& text, bool cacheable) {
  using Part = ValidatedBodies::Part;
  // A GET's bytes that passed before skip the schemas: stored bytes by identity, others by content.
  ValidatedBodies* cache = cacheable ? &validated_ : nullptr;
  if (reply.json_text) {
    if (cache && cache->contains(route, reply.partial, reply.json_text, Part::kBody)) return {};
    auto violations =
        check_response_body(*validator_, route, Json::parse(text), reply.partial, cache);
    if (violations.empty() && cache)
      cache->insert(route, reply.partial, reply.json_text, Part::kBody);
    return violations;
  }
  std::vector<Violation> violations;
  if (!cache || !cache->contains(route, reply.partial, text)) {
    // An assembled page's envelope is checked as the empty page it is.
    violations = check_response_body(*validator_, route, reply.body, reply.partial, cache);
    if (violations.empty() && cache) cache->insert(route, reply.partial, text);
  }
  for (size_t i = 0; i < reply.items.size(); ++i) {
    const auto& item = reply.items[i];
    if (cache && cache->contains(route, reply.partial, item, Part::kItem)) continue;
    auto found = validator_->check(route.response_schema, Json::parse(*item), reply.partial);
    if (found.empty() && cache) cache->insert(route, reply.partial, item, Part::kItem);
    add_item_violations(i, std::move(found), violations);
  }
  return violations;
}

void Pipeline::finalize_headers(const Request& request, Response& response) const {
  response.set_header("request-id", request.request_id);
  response.set_header("client-request-id", request.client_request_id);
  if (response.headers.find("Date") == response.headers.end())
    response.set_header("Date", format_http_date(clock_.now()));
  response.set_header("Cache-Control", "no-cache");
  response.set_header("OData-Version", "4.0");
  response.set_header(
      "x-ms-ags-diagnostic",
      R"({"ServerInfo":{"DataCenter":"graph-mock","Slice":"E","Ring":"5","ScaleUnit":"000","RoleInstance":"graph-mock"}})");
}

}  // namespace graphmock
