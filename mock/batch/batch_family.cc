#include "batch/batch_family.h"

#include <atomic>
#include <optional>

#include "batch/batch_plan.h"
#include "core/query_string.h"
#include "core/reply.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

bool is_json(std::string_view content_type) {
  return content_type.rfind("application/json", 0) == 0;
}

// An inner response as Graph shows it: {id, status, headers, body}; a JSON
// body as JSON, another as text.
Json entry(const std::string& id, const Response& response) {
  Json headers = Json::object();
  for (const auto& [name, value] : response.headers) {
    auto& slot = headers[name];
    slot = slot.is_null() ? value : slot.get<std::string>() + ", " + value;
  }
  if (!response.body.empty()) headers["Content-Type"] = response.content_type;
  Json out = {{"id", id}, {"status", response.status}, {"headers", std::move(headers)}};
  if (!response.body.empty()) {
    Json body = is_json(response.content_type) ? Json::parse(response.body, nullptr, false)
                                               : Json(response.body);
    out["body"] = body.is_discarded() ? Json(response.body) : std::move(body);
  }
  return out;
}

class BatchFamily final : public ApiFamily {
 public:
  explicit BatchFamily(const FamilyEnv& env) : pipeline_(env.pipeline) {}

  const FamilyManifest& manifest() const override { return batch_manifest(); }
  void register_routes(GraphRouter& router) override {
    // No permission of its own: each inner request needs its route's.
    RouteInfo info{"batch", "/beta/$batch", "POST", {}, "batchRequest", "batchResponse", false};
    info.carries_requests = true;
    router.add(std::move(info), [this](const Context& ctx) { return run(ctx); });
  }
  void configure(const Json&) override {}
  void load(const FixtureTexts&, uint64_t seed) override { seed_ = seed; }
  void reset(uint64_t seed) override { seed_ = seed; }
  void dump_state(Json&, TimePoint) const override {}

 private:
  Result<Reply> run(const Context& ctx) {
    if (ctx.invalid_body) return *ctx.invalid_body;  // --validate warn|off still refuses it
    const Json& requests = (*ctx.body)["requests"];
    // Same seed and same ids: same order, however many batches came before.
    std::string ids;
    for (const Json& r : requests) ids += r["id"].get<std::string>() + '\n';
    Random order_rng = Random::stream(seed_, "batch order\n" + ids);
    const Request& outer = ctx.request;
    // Inner urls are relative to the version root the batch was posted to.
    auto plan = plan_batch(requests, outer.path.substr(0, outer.path.find('/', 1)), order_rng);
    if (!plan) return plan.error();

    std::vector<int> status(plan->requests.size(), 0);
    Json responses = Json::array();
    for (size_t i : plan->order) {
      InnerRequest& inner = plan->requests[i];
      Request request = make_request(outer, inner);
      auto failed = failed_dependency(*plan, i, status);
      Response response =
          failed ? error_reply(*failed, request, ctx.now) : pipeline_.handle(request);
      if (response.delivery != Delivery::kNormal && response.delivery != Delivery::kDribble)
        response = error_reply(
            error_for_status(502,
                             "A fault rule broke the delivery of this response; inside a "
                             "batch that is a 502 (the batch itself arrives whole)."),
            request, ctx.now);
      status[i] = response.status;
      responses.push_back(entry(inner.id, response));
    }
    return Reply::json(200, Json{{"responses", std::move(responses)}});
  }

  // The request as the front would have built it, with the batch's token.
  Request make_request(const Request& outer, InnerRequest& inner) const {
    Request r;
    r.method = std::move(inner.method);
    r.path = std::move(inner.path);
    r.raw_query = std::move(inner.raw_query);
    r.query = parse_query_string(r.raw_query);
    r.headers = std::move(inner.headers);
    r.headers.erase("Authorization");
    if (outer.has_header("Authorization"))
      r.headers.emplace("Authorization", outer.header("Authorization"));
    r.body = std::move(inner.body);
    r.request_id = Random::stream(seed_, outer.request_id + '\n' + inner.id).guid();
    r.client_request_id =
        r.has_header("client-request-id") ? r.header("client-request-id") : r.request_id;
    r.base_url = outer.base_url;
    r.batch_request_id = outer.request_id;
    r.client_gone = outer.client_gone;
    return r;
  }

  // A 424 when a request this one depends on did not succeed (a 424 itself
  // included, so a failure travels down a chain); nothing when all did.
  static std::optional<GraphError> failed_dependency(const BatchPlan& plan, size_t i,
                                                     const std::vector<int>& status) {
    for (size_t dep : plan.requests[i].depends_on)
      if (status[dep] < 200 || status[dep] > 299)
        return error_for_status(424, "Request '" + plan.requests[i].id + "' depends on '" +
                                         plan.requests[dep].id + "', which answered " +
                                         std::to_string(status[dep]) + ".");
    return std::nullopt;
  }

  RequestHandler& pipeline_;
  std::atomic<uint64_t> seed_{0};
};

}  // namespace

std::unique_ptr<ApiFamily> make_batch_family(const FamilyEnv& env) {
  return std::make_unique<BatchFamily>(env);
}

}  // namespace graphmock
