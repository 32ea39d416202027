// Who is calling: `--auth off|bearer|scopes`. In scopes mode the JWT payload is
// decoded (signature not checked) and the route's permission must appear in
// `scp` (delegated) or `roles` (application). Pure functions, thread-safe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "graphmock/http_types.h"
#include "graphmock/options.h"
#include "graphmock/result.h"
#include "routing/router.h"

namespace graphmock {

std::optional<AuthMode> parse_auth_mode(std::string_view s);

struct Claims {
  bool has_token = false;
  std::string upn;    // upn, or unique_name/preferred_username
  std::string name;   // display name
  std::string oid;    // user object id
  std::string appid;  // application (client) id: appid, or azp (v2 tokens)
  std::string tid;    // tenant id
  std::string app_displayname;
  std::vector<std::string> scp;    // delegated permissions
  std::vector<std::string> roles;  // application permissions
  bool is_application() const { return oid.empty() && !appid.empty(); }
};

// Claims of a JWT's payload; nullopt when the token is not a decodable JWT.
std::optional<Claims> decode_jwt(std::string_view token);

// 401 / 403 as Graph answers them, or the caller's claims.
Result<Claims> authenticate(const Request& request, AuthMode mode, const RouteInfo& route);

// The identitySet Graph writes into createdBy/lastActionBy for this caller.
nlohmann::json identity_set_for(const Claims& claims);

}  // namespace graphmock
