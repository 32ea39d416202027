#include "target.h"

#include <atomic>
#include <cstdio>
#include <random>

namespace graphmock::contract {
namespace {

std::unique_ptr<Target>& current() {
  static std::unique_ptr<Target> t;
  return t;
}

std::string new_guid() {
  static std::atomic<uint64_t> counter{0};
  static const uint64_t salt = std::random_device{}();
  std::mt19937_64 rng(salt ^ (counter.fetch_add(1) * 0x9E3779B97F4A7C15ULL));
  uint64_t a = rng(), b = rng();
  char buf[37];
  std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                static_cast<unsigned>((a >> 16) & 0xFFFF), static_cast<unsigned>(a & 0xFFF),
                static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3FFF)),
                static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return buf;
}

}  // namespace

std::string Call::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  return {};
}

bool Call::has_header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return true;
  return false;
}

Json Call::json() const {
  if (body.empty()) return nullptr;
  return Json::parse(body, nullptr, false);
}

Target::Target(TargetOptions options) : options_(std::move(options)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/')
    options_.base_url.pop_back();
  client_ = std::make_unique<httplib::Client>(options_.base_url);
  client_->set_keep_alive(true);
  client_->set_tcp_nodelay(true);
  client_->set_connection_timeout(5, 0);
  client_->set_read_timeout(30, 0);
  if (options_.ca_cert.empty())
    client_->enable_server_certificate_verification(false);
  else
    client_->set_ca_cert_path(options_.ca_cert.c_str());
  Call health = send("GET", "/_mock/health");
  Json h = health.json();
  if (health.status == 200 && h.is_object() && h.value("status", "") == "ok") {
    admin_.available = true;
    admin_.virtual_clock = h.contains("clock") && h["clock"].value("mode", "") == "virtual";
  }
}

Call Target::send(const std::string& method, const std::string& target,
                  const std::optional<std::string>& body, const std::string& content_type,
                  bool with_token, const httplib::Headers& extra) const {
  Call call;
  call.method = method;
  call.target = target;
  httplib::Headers headers = extra;
  bool admin = target.rfind("/_mock", 0) == 0;
  if (!admin) {
    call.client_request_id = new_guid();
    headers.emplace("client-request-id", call.client_request_id);
    if (with_token) headers.emplace("Authorization", "Bearer " + options_.token);
  }
  httplib::Request req;
  req.method = method;
  req.path = target;
  req.headers = std::move(headers);
  if (body) {
    req.body = *body;
    req.set_header("Content-Type", content_type);
  } else if (method == "POST" || method == "PATCH" || method == "PUT") {
    req.set_header("Content-Length", "0");
  }
  std::lock_guard lock(client_mu_);
  auto res = client_->send(req);
  if (!res) {
    call.error = httplib::to_string(res.error());
    return call;
  }
  call.status = res->status;
  call.headers = res->headers;
  call.body = res->body;
  return call;
}

bool Target::advance(double seconds) const {
  if (!admin_.available || !admin_.virtual_clock) return false;
  return send("POST", "/_mock/clock/advance", Json{{"seconds", seconds}}.dump()).status == 200;
}

bool Target::claim_device(const std::string& id) const {
  std::lock_guard lock(mu_);
  return claimed_.insert(id).second;
}

const Target& target() { return *current(); }
void set_target(std::unique_ptr<Target> t) { current() = std::move(t); }

std::string location_path(const std::string& location) {
  auto scheme = location.find("://");
  if (scheme != std::string::npos) {
    auto slash = location.find('/', scheme + 3);
    return slash == std::string::npos ? "/" : location.substr(slash);
  }
  if (location.rfind("/beta/", 0) == 0 || location.rfind("/v1.0/", 0) == 0) return location;
  return "/beta" + (location.empty() || location[0] != '/' ? "/" + location : location);
}

}  // namespace graphmock::contract
