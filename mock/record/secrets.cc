#include "record/secrets.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/json_body.h"
#include "core/query_string.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

// What an OAuth token endpoint receives or answers (RFC 6749, OpenID Connect).
const std::set<std::string, std::less<>> kTokenFields = {
    "access_token", "refresh_token", "id_token", "client_secret", "client_assertion", "code"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

const std::string& string_at(const Json& node, const char* key) {
  static const std::string kNone;
  if (!node.is_object()) return kNone;
  auto it = node.find(key);
  return it != node.end() && it->is_string() ? it->get_ref<const std::string&>() : kNone;
}

const Json& member(const Json& node, const char* key) {
  static const Json kNull;
  if (!node.is_object()) return kNull;
  auto it = node.find(key);
  return it != node.end() ? *it : kNull;
}

bool base64url_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
}

// The end of a JWT (header.payload.signature, base64url, the header starting
// "eyJ" as every JSON object does) starting at `i`, or `i` when there is none.
size_t jwt_end(std::string_view s, size_t i) {
  if (s.compare(i, 3, "eyJ") != 0 || (i > 0 && base64url_char(s[i - 1]))) return i;
  size_t at = i;
  for (int part = 0; part < 3; ++part) {
    size_t from = at;
    while (at < s.size() && base64url_char(s[at])) ++at;
    if (part < 2 && (at - from < 2 || at >= s.size() || s[at] != '.')) return i;
    if (part < 2) ++at;
  }
  return at;
}

}  // namespace

void Secrets::add(std::string value) {
  if (value.size() < kMinSecretLength) return;
  // As sent in a URL, and as it appears inside a JSON string (some writers escape '/').
  std::string json = Json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
  json = json.substr(1, json.size() - 2);
  std::string slashes;
  for (char c : json) slashes += c == '/' ? std::string("\\/") : std::string(1, c);
  for (std::string* form : {&json, &slashes})
    if (*form != value) values_.push_back(std::move(*form));
  if (std::string url = percent_encode(value, "-._~"); url != value) values_.push_back(url);
  values_.push_back(std::move(value));
  sorted_ = false;
}

void Secrets::learn_form(std::string_view text) {
  // A form body, or a URL: its query, or its fragment (the implicit flow's #access_token=).
  std::string pairs(text);
  std::replace_if(
      pairs.begin(), pairs.end(), [](char c) { return c == '?' || c == '#'; }, '&');
  for (const auto& [name, value] : parse_query_string(pairs))
    if (kTokenFields.count(name)) add(value);
}

void Secrets::learn_json(const Json& node) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      // "code" only in forms and URLs (an authorization code): in JSON it is
      // Graph's error code ({"error": {"code": "SoftwareUpdateFailed"}}).
      if (value.is_string() && kTokenFields.count(key) && key != "code")
        add(value.get<std::string>());
      learn_json(value);
    }
  } else if (node.is_array()) {
    for (const auto& value : node) learn_json(value);
  }
}

void Secrets::learn(const Json& entry, const std::string& response_text) {
  const Json& request = member(entry, "request");
  const Json& response = member(entry, "response");
  for (const Json* message : {&request, &response}) {
    const Json& headers = member(*message, "headers");
    for (const auto& h : headers.is_array() ? headers : Json::array()) {
      std::string name = lower(string_at(h, "name"));
      std::string_view value = string_at(h, "value");
      if (name == "authorization" || name == "proxy-authorization") {
        size_t space = value.find(' ');  // "Bearer <token>", or a bare credential
        add(std::string(trim(space == std::string_view::npos ? value : value.substr(space + 1))));
      } else if (name == "cookie" || name == "set-cookie") {
        // Cookie: a=1; b=2. Set-Cookie: a=1; Path=/; HttpOnly (its attributes are no secret).
        for (size_t from = 0; from <= value.size();) {
          size_t end = std::min(value.find(';', from), value.size());
          std::string_view pair = value.substr(from, end - from);
          if (size_t eq = pair.find('='); eq != std::string_view::npos)
            add(std::string(trim(pair.substr(eq + 1))));
          if (name == "set-cookie") break;
          from = end + 1;
        }
      } else if (name == "location") {
        learn_form(value);
      }
    }
    const Json& cookies = member(*message, "cookies");
    for (const auto& c : cookies.is_array() ? cookies : Json::array()) add(string_at(c, "value"));
  }
  learn_form(string_at(request, "url"));
  learn_form(string_at(response, "redirectURL"));
  const Json& query = member(request, "queryString");
  for (const auto& q : query.is_array() ? query : Json::array())
    if (kTokenFields.count(string_at(q, "name"))) add(string_at(q, "value"));
  const Json& post = member(request, "postData");
  const Json& params = member(post, "params");
  for (const auto& p : params.is_array() ? params : Json::array())
    if (kTokenFields.count(string_at(p, "name"))) add(string_at(p, "value"));
  for (const std::string* text : {&string_at(post, "text"), &response_text}) {
    if (auto json = parse_json_document(*text, "body"))
      learn_json(*json);
    else
      learn_form(*text);  // a form body (grant_type=...&code=...), or nothing
  }
}

std::string Secrets::scrub(std::string_view text) {
  if (!sorted_) {
    // Longest first, so a value inside another one cannot leave a remnant.
    std::sort(values_.begin(), values_.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() > b.size() : a < b;
    });
    values_.erase(std::unique(values_.begin(), values_.end()), values_.end());
    sorted_ = true;
  }
  std::string out(text);
  for (const auto& value : values_)
    for (size_t at = out.find(value); at != std::string::npos;
         at = out.find(value, at + kScrubbedSecret.size())) {
      out.replace(at, value.size(), kScrubbedSecret);
      ++removed_;
    }
  for (size_t i = out.find("eyJ"); i != std::string::npos; i = out.find("eyJ", i + 1)) {
    size_t end = jwt_end(out, i);
    if (end == i) continue;
    out.replace(i, end - i, kScrubbedJwt);
    ++removed_;
  }
  return out;
}

void Secrets::scrub_strings(Json& node) {
  if (node.is_object() || node.is_array()) {
    for (auto& value : node) scrub_strings(value);
  } else if (node.is_string()) {
    const std::string& old = node.get_ref<const std::string&>();
    std::string scrubbed = scrub(old);
    if (scrubbed != old) node = std::move(scrubbed);
  }
}

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  std::string clean;
  for (char c : text)
    if (!std::isspace(static_cast<unsigned char>(c))) clean += c;
  if (clean.size() % 4 != 0) return std::nullopt;
  std::string out(clean.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(clean.data()),
                          static_cast<int>(clean.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding as bytes.
  size_t padding = clean.size() >= 2 && clean[clean.size() - 2] == '=' ? 2
                   : !clean.empty() && clean.back() == '='             ? 1
                                                                       : 0;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

}  // namespace graphmock
