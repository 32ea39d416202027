#include "record/recorder.h"

#include <httplib.h>
#include <strings.h>

#include <chrono>

#include "core/json_body.h"
#include "core/query_string.h"
#include "core/reply.h"
#include "core/time_format.h"
#include "http/self_signed_cert.h"
#include "record/secrets.h"

namespace graphmock {
namespace {

// Hop-by-hop and framing headers are the proxy's own business on each side.
bool hop_header(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name == "host" || name == "content-length" || name == "connection" ||
         name == "keep-alive" || name == "transfer-encoding" || name == "accept-encoding" ||
         name == "content-encoding" || name == "upgrade" || name == "te" ||
         name == "proxy-authorization" || name == "content-type";
}

// The front hands over a percent-decoded path (%2F and %25 kept escaped).
std::string encode_path(const std::string& path) {
  return percent_encode(path, "/-._~!$&'()*+,;=:@%");
}

// The front answers an error without a request-id as its own (a refused
// request): every answer of the proxy carries one, the upstream's when it sent one.
Response with_request_id(Response r, const Request& request) {
  if (r.header("request-id").empty()) r.set_header("request-id", request.request_id);
  return r;
}

// Text, JSON, XML or a form; anything else (an image, a zip of logs) is kept
// base64-encoded, as browsers write binary bodies into a HAR.
bool textual(const std::string& content_type) {
  return content_type.empty() || content_type.rfind("text/", 0) == 0 ||
         content_type.find("json") != std::string::npos ||
         content_type.find("xml") != std::string::npos ||
         content_type.find("x-www-form-urlencoded") != std::string::npos;
}

// Every header, Authorization included: clean_har learns the token from it,
// to remove it wherever the upstream echoes it, and drops the header.
Json har_headers(const Headers& headers) {
  Json out = Json::array();
  for (const auto& [k, v] : headers) out.push_back({{"name", k}, {"value", v}});
  return out;
}

}  // namespace

Recorder::Recorder(RecorderOptions options, const GraphRouter& routes, const BodyValidator& schemas,
                   std::vector<FixtureFile> files, Clock& clock)
    : options_(std::move(options)),
      routes_(routes),
      schemas_(schemas),
      files_(std::move(files)),
      clock_(clock) {}

Recorder::~Recorder() { stop(); }

Status Recorder::start() {
  if (auto named = check_set_name(options_.recording.set_name); !named) return named;
  const std::string& up = options_.upstream;
  size_t scheme = up.find("://");
  if (scheme == std::string::npos ||
      (up.compare(0, scheme, "https") != 0 && up.compare(0, scheme, "http") != 0))
    return GraphError::bad_request("--upstream '" + up +
                                   "': give an https:// (or http://) URL, e.g. "
                                   "https://graph.microsoft.com");
  size_t path = up.find('/', scheme + 3);
  upstream_origin_ = up.substr(0, path);
  upstream_prefix_ = path == std::string::npos ? "" : up.substr(path);
  while (!upstream_prefix_.empty() && upstream_prefix_.back() == '/') upstream_prefix_.pop_back();
  options_.recording.upstream = upstream_origin_;  // entries for other hosts are skipped
  if (options_.front.tls)
    if (auto tls = prepare_tls(options_.tls_cert_out, options_.front); !tls) return tls;
  front_ = std::make_unique<HttpFront>(
      options_.front, [this](Request& r) { return dispatch(r); },
      [this](Request& r, const GraphError& e) { return error_reply(e, r, clock_.now()); });
  return front_->start();
}

void Recorder::stop() {
  if (front_) front_->stop();
}

Response Recorder::dispatch(Request& request) { return with_request_id(answer(request), request); }

Response Recorder::answer(Request& request) {
  if (request.path == "/_mock/record/flush" && request.method == "POST") {
    auto summary = flush();
    if (!summary) return error_reply(summary.error(), request, clock_.now());
    return json_reply(200, {{"entries", summary->entries},
                            {"used", summary->used},
                            {"unserved", summary->unserved.size()},
                            {"dropped", summary->dropped},
                            {"kept", summary->kept},
                            {"otherHosts", summary->other_hosts.size()},
                            {"violations", summary->violations},
                            {"out", options_.recording.out_dir}});
  }
  if (request.path.rfind("/_mock/", 0) == 0)
    return error_reply(GraphError::not_found("the recorder serves only POST /_mock/record/flush"),
                       request, clock_.now());
  return forward(request);
}

Response Recorder::forward(const Request& request) {
  const std::string target = upstream_prefix_ + encode_path(request.path) +
                             (request.raw_query.empty() ? "" : "?" + request.raw_query);
  const TimePoint started = clock_.now();
  const auto steady = std::chrono::steady_clock::now();

  httplib::Client client(upstream_origin_);
  if (!options_.ca_file.empty()) client.set_ca_cert_path(options_.ca_file.c_str());
  client.enable_server_certificate_verification(true);
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(120, 0);
  httplib::Request up;
  up.method = request.method;
  up.path = target;
  for (const auto& [k, v] : request.headers)
    if (!hop_header(k)) up.headers.emplace(k, v);
  std::string content_type = request.header("Content-Type");
  if (!content_type.empty()) up.headers.emplace("Content-Type", content_type);
  up.body = request.body;
  auto res = client.send(up);
  if (!res)
    return error_reply(error_for_status(502, "upstream " + upstream_origin_ + target + ": " +
                                                 httplib::to_string(res.error())),
                       request, clock_.now());
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - steady).count();

  Response out;
  out.status = res->status;
  out.body = res->body;
  out.content_type = res->get_header_value("Content-Type");
  Headers response_headers;
  for (const auto& [k, v] : res->headers)
    if (!hop_header(k)) response_headers.emplace(k, v);
  // Links to the upstream point back at the proxy, so a client pages through it.
  const std::string upstream_base = upstream_origin_ + upstream_prefix_;
  auto rewrite = [&](const std::string& link) {
    return link.rfind(upstream_base, 0) == 0 ? request.base_url + link.substr(upstream_base.size())
                                             : link;
  };
  for (auto& [k, v] : response_headers) {
    if (strcasecmp(k.c_str(), "Location") == 0) v = rewrite(v);
    out.headers.emplace(k, v);
  }
  if (out.content_type.find("json") != std::string::npos &&
      (out.body.find("nextLink") != std::string::npos ||
       out.body.find("deltaLink") != std::string::npos)) {
    auto parsed = parse_json_document(out.body, "upstream body");
    Json body = parsed ? std::move(*parsed) : Json();
    if (body.is_object())
      for (const char* key : {"@odata.nextLink", "@odata.deltaLink"})
        if (body.contains(key) && body[key].is_string()) {
          // Only the link's own bytes change.
          std::string from = Json(body[key]).dump(), to = Json(rewrite(body[key])).dump();
          if (auto at = out.body.find(from); at != std::string::npos)
            out.body.replace(at, from.size(), to);
        }
  }

  Json request_headers = har_headers(request.headers);
  Json query = Json::array();
  for (const auto& [k, v] : request.query) query.push_back({{"name", k}, {"value", v}});
  Json har_request = {{"method", request.method},
                      {"url", upstream_origin_ + target},
                      {"httpVersion", "HTTP/1.1"},
                      {"cookies", Json::array()},
                      {"headers", std::move(request_headers)},
                      {"queryString", std::move(query)},
                      {"headersSize", -1},
                      {"bodySize", request.body.size()}};
  if (!request.body.empty())
    har_request["postData"] = {{"mimeType", content_type}, {"text", request.body}};
  Headers upstream_headers;
  for (const auto& [k, v] : res->headers) upstream_headers.emplace(k, v);
  Json har_response = {{"status", res->status},
                       {"statusText", res->reason},
                       {"httpVersion", "HTTP/1.1"},
                       {"cookies", Json::array()},
                       {"headers", har_headers(upstream_headers)},
                       {"content", {{"size", res->body.size()}, {"mimeType", out.content_type}}},
                       {"redirectURL", ""},
                       {"headersSize", -1},
                       {"bodySize", res->body.size()}};
  Json& content = har_response["content"];
  if (textual(out.content_type)) {
    content["text"] = res->body;
  } else {
    content["text"] = base64_encode(res->body);
    content["encoding"] = "base64";
  }
  record({{"startedDateTime", format_iso8601(started)},
          {"time", ms},
          {"request", std::move(har_request)},
          {"response", std::move(har_response)},
          {"cache", Json::object()},
          {"timings", {{"send", 0}, {"wait", ms}, {"receive", 0}}}});
  return out;
}

void Recorder::record(Json entry) {
  std::lock_guard lock(mu_);
  entries_.push_back(std::move(entry));
}

Json Recorder::har() const {
  std::lock_guard lock(mu_);
  return {{"log",
           {{"version", "1.2"},
            {"creator", {{"name", "graph-mock record"}, {"version", "1"}}},
            {"entries", entries_}}}};
}

Result<RecordingSummary> Recorder::flush() {
  std::lock_guard lock(flush_mu_);
  return write_recording(har(), options_.recording, routes_, schemas_, files_);
}

}  // namespace graphmock
