#include "auth/auth.h"

#include <algorithm>

#include "core/json_body.h"

namespace graphmock {
namespace {

std::optional<std::string> base64url_decode(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-' || c == '+')
      v = 62;
    else if (c == '_' || c == '/')
      v = 63;
    else if (c == '=')
      break;
    else
      return std::nullopt;
    buf = (buf << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

std::string string_claim(const nlohmann::json& j, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    auto it = j.find(n);
    if (it != j.end() && it->is_string()) return it->get<std::string>();
  }
  return {};
}

std::vector<std::string> split_spaces(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    size_t j = s.find(' ', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

GraphError unauthorized(std::string message) {
  return {401, "InvalidAuthenticationToken", std::move(message), {}};
}

}  // namespace

std::optional<AuthMode> parse_auth_mode(std::string_view s) {
  if (s == "off") return AuthMode::kOff;
  if (s == "bearer") return AuthMode::kBearer;
  if (s == "scopes") return AuthMode::kScopes;
  return std::nullopt;
}

std::optional<Claims> decode_jwt(std::string_view token) {
  size_t a = token.find('.');
  if (a == std::string_view::npos) return std::nullopt;
  size_t b = token.find('.', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  auto payload = base64url_decode(token.substr(a + 1, b - a - 1));
  if (!payload) return std::nullopt;
  // A token is outside data: its payload parses through the one depth guard.
  auto parsed = parse_json_document(*payload, "the bearer token's payload");
  if (!parsed || !parsed->is_object()) return std::nullopt;
  const nlohmann::json& j = *parsed;
  Claims c;
  c.has_token = true;
  c.upn = string_claim(j, {"upn", "unique_name", "preferred_username"});
  c.name = string_claim(j, {"name"});
  c.oid = string_claim(j, {"oid"});
  c.appid = string_claim(j, {"appid", "azp"});
  c.tid = string_claim(j, {"tid"});
  c.app_displayname = string_claim(j, {"app_displayname"});
  c.scp = split_spaces(string_claim(j, {"scp"}));
  if (auto it = j.find("roles"); it != j.end() && it->is_array())
    for (const auto& r : *it)
      if (r.is_string()) c.roles.push_back(r.get<std::string>());
  return c;
}

Result<Claims> authenticate(const Request& request, AuthMode mode, const RouteInfo& route) {
  std::string auth = request.header("Authorization");
  std::string token;
  if (auth.size() > 7 && std::equal(auth.begin(), auth.begin() + 7, "Bearer ", [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
      }))
    token = auth.substr(7);
  Claims claims;
  if (!token.empty()) {
    if (auto decoded = decode_jwt(token)) claims = *decoded;
    claims.has_token = true;
  }
  if (mode == AuthMode::kOff) return claims;
  if (token.empty())
    return unauthorized(auth.empty() ? "Access token is empty."
                                     : "Authorization header must use the Bearer scheme.");
  if (mode == AuthMode::kBearer || route.permissions.empty()) return claims;
  if (!decode_jwt(token))
    return unauthorized(
        "CompactToken parsing failed: the bearer token is not a JWT (--auth scopes decodes its "
        "payload).");
  for (const auto& p : route.permissions) {
    if (std::find(claims.scp.begin(), claims.scp.end(), p) != claims.scp.end() ||
        std::find(claims.roles.begin(), claims.roles.end(), p) != claims.roles.end())
      return claims;
  }
  std::string need;
  for (const auto& p : route.permissions) need += (need.empty() ? "" : ", ") + p;
  return GraphError{403,
                    "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation. " + route.method + " " +
                        route.pattern + " requires one of: " + need + " (in 'scp' or 'roles').",
                    {}};
}

nlohmann::json identity_set_for(const Claims& claims) {
  nlohmann::json set = {{"application", nullptr}, {"device", nullptr}, {"user", nullptr}};
  if (claims.is_application()) {
    set["application"] = {
        {"id", claims.appid},
        {"displayName", claims.app_displayname.empty() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(claims.app_displayname)}};
  } else if (!claims.oid.empty() || !claims.upn.empty()) {
    set["user"] = {
        {"id", claims.oid.empty() ? nlohmann::json(nullptr) : nlohmann::json(claims.oid)},
        {"displayName", claims.name.empty() ? claims.upn : claims.name}};
  } else {
    // No token, or one without identity claims: a fixed, documented mock admin.
    set["user"] = {{"id", "6e1f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"}, {"displayName", "Mock Admin"}};
  }
  return set;
}

}  // namespace graphmock
