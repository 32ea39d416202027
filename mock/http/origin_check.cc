#include "http/origin_check.h"

#include <arpa/inet.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "core/admin_path.h"
#include "core/reply.h"

namespace graphmock {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The name of a Host header, an --allowed-host or --host value, lower-case and without
// port or brackets: "[::1]:8080" and "::1" -> "::1", "Mock.Test:8080" -> "mock.test".
std::string host_name(std::string_view host) {
  if (host.starts_with('[')) return lower(host.substr(1, host.find(']') - 1));
  if (std::count(host.begin(), host.end(), ':') == 1) host = host.substr(0, host.find(':'));
  return lower(host);
}

bool is_ip_address(const std::string& name) {
  unsigned char address[sizeof(in6_addr)];
  return inet_pton(AF_INET, name.c_str(), address) == 1 ||
         inet_pton(AF_INET6, name.c_str(), address) == 1;
}

bool host_allowed(const std::string& name, const FrontOptions& options) {
  std::string bound = host_name(options.host);
  if (name == "localhost" || name == bound) return true;
  for (const auto& allowed : options.allowed_hosts)
    if (name == host_name(allowed)) return true;
  // Bound to every interface, the mock answers at each of the machine's addresses.
  return (bound == "0.0.0.0" || bound == "::") && is_ip_address(name);
}

GraphError refused(std::string why) {
  return error_for_status(403, std::move(why) + " (docs/hardening.md)");
}

}  // namespace

Status check_origin(const Request& request, const FrontOptions& options) {
  // Without a Host (HTTP/1.0) the client is no browser: browsers always send one.
  std::string host = request.header("Host");
  if (!host.empty() && !host_allowed(host_name(host), options))
    return refused("The Host header '" + host +
                   "' names neither the address graph-mock listens on ('" + options.host +
                   "'), localhost nor an --allowed-host name: refused as a DNS rebinding "
                   "defence (a name clients use: --allowed-host NAME)");
  if (!is_admin_path(request.path)) return {};

  std::string site = lower(request.header("Sec-Fetch-Site"));
  bool navigation = (request.method == "GET" || request.method == "HEAD") &&
                    lower(request.header("Sec-Fetch-Mode")) == "navigate" &&
                    lower(request.header("Sec-Fetch-Dest")) == "document";
  if ((site == "cross-site" || site == "same-site") && !navigation)
    return refused(
        "The admin API (/_mock) refuses requests a browser sends for another site "
        "(Sec-Fetch-Site: " +
        site + "): a web page cannot control or read the mock");
  if (request.has_header("Origin")) {
    std::string origin = request.header("Origin");
    std::string own = std::string(options.tls ? "https://" : "http://") + host;
    if (lower(origin) != lower(own))
      return refused("The admin API (/_mock) refuses requests from another origin: Origin '" +
                     origin + "' is not graph-mock's own ('" + own +
                     "'); a web page cannot control or read the mock");
  }
  return {};
}

}  // namespace graphmock
