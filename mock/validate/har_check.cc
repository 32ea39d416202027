#include "validate/har_check.h"

#include "core/json_body.h"

namespace graphmock {
namespace {

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// "https://graph.microsoft.com/beta/x?$select=a" -> path "/beta/x", query "$select=a"
void split_url(const std::string& url, std::string& path, std::string& query) {
  size_t start = 0;
  if (auto scheme = url.find("://"); scheme != std::string::npos) {
    start = url.find('/', scheme + 3);
    if (start == std::string::npos) start = url.size();
  }
  size_t q = url.find('?', start);
  path = percent_decode(url.substr(start, q == std::string::npos ? std::string::npos : q - start));
  if (path.empty()) path.push_back('/');  // not = "/": GCC 12 warns falsely (-Wrestrict)
  query = q == std::string::npos ? "" : percent_decode(url.substr(q + 1));
}

bool is_json(const Json& mime) {
  return mime.is_string() && mime.get<std::string>().find("json") != std::string::npos;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// Each member of an entry the readers use, with the type HAR 1.2 gives it
// ('*': every item of an array). An absent member is fine; one of another
// type is an error naming the entry and the member, not an exception later.
struct HarMember {
  const char* path;
  Json::value_t type;
};
constexpr HarMember kHarMembers[] = {
    {"", Json::value_t::object},
    {"/request", Json::value_t::object},
    {"/request/method", Json::value_t::string},
    {"/request/url", Json::value_t::string},
    {"/request/headers", Json::value_t::array},
    {"/request/headers/*", Json::value_t::object},
    {"/request/headers/*/name", Json::value_t::string},
    {"/request/headers/*/value", Json::value_t::string},
    {"/request/cookies", Json::value_t::array},
    {"/request/cookies/*", Json::value_t::object},
    {"/request/cookies/*/value", Json::value_t::string},
    {"/request/queryString", Json::value_t::array},
    {"/request/queryString/*", Json::value_t::object},
    {"/request/queryString/*/name", Json::value_t::string},
    {"/request/queryString/*/value", Json::value_t::string},
    {"/request/postData", Json::value_t::object},
    {"/request/postData/mimeType", Json::value_t::string},
    {"/request/postData/text", Json::value_t::string},
    {"/response", Json::value_t::object},
    {"/response/status", Json::value_t::number_integer},
    {"/response/headers", Json::value_t::array},
    {"/response/headers/*", Json::value_t::object},
    {"/response/headers/*/name", Json::value_t::string},
    {"/response/headers/*/value", Json::value_t::string},
    {"/response/cookies", Json::value_t::array},
    {"/response/cookies/*", Json::value_t::object},
    {"/response/cookies/*/value", Json::value_t::string},
    {"/response/content", Json::value_t::object},
    {"/response/content/mimeType", Json::value_t::string},
    {"/response/content/text", Json::value_t::string},
    {"/response/content/encoding", Json::value_t::string},
    {"/response/redirectURL", Json::value_t::string},
};

bool has_type(const Json& v, Json::value_t type) {
  if (type == Json::value_t::number_integer) return v.is_number_integer();
  return v.type() == type;
}

// The first member along `path` below `node` (at `where`) of another type than `type`.
std::string wrong_type(const Json& node, std::string_view path, const std::string& where,
                       Json::value_t type) {
  if (path.empty()) {
    if (has_type(node, type)) return "";
    return (where.empty() ? "/" : where) + " is " + node.type_name() + ", not " +
           (type == Json::value_t::number_integer ? "integer" : Json(type).type_name());
  }
  size_t end = path.find('/', 1);
  std::string key(path.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1));
  std::string_view rest = end == std::string_view::npos ? "" : path.substr(end);
  if (key == "*") {
    if (!node.is_array()) return "";
    for (size_t i = 0; i < node.size(); ++i)
      if (auto e = wrong_type(node[i], rest, where + "/" + std::to_string(i), type); !e.empty())
        return e;
    return "";
  }
  if (!node.is_object() || !node.contains(key)) return "";
  return wrong_type(node[key], rest, where + "/" + key, type);
}

// A 400 "entry 3: /request/method is number, not string" for the first member
// of another type than HAR 1.2 gives it.
Status check_har_entry(const Json& entry, size_t index) {
  for (const auto& m : kHarMembers)
    if (auto e = wrong_type(entry, m.path, "", m.type); !e.empty())
      return GraphError::bad_request("entry " + std::to_string(index) + ": " + e);
  return {};
}

}  // namespace

std::string format_har_violation(const HarViolation& v) {
  return std::to_string(v.entry) + " " + v.method + " " + v.path + " " + v.where + " " +
         (v.violation.pointer.empty() ? "/" : v.violation.pointer) + ": " + v.violation.reason;
}

Result<std::vector<HarExchange>> read_har(const Json& har) {
  const Json* entries = nullptr;
  if (har.is_object() && har.contains("log") && har["log"].is_object() &&
      har["log"].contains("entries"))
    entries = &har["log"]["entries"];
  if (!entries || !entries->is_array())
    return GraphError::bad_request("not a HAR file: /log/entries is missing");
  static const Json kEmpty = Json::object();
  auto object_at = [](const Json& entry, const char* key) -> const Json& {
    auto it = entry.find(key);
    return it != entry.end() ? *it : kEmpty;
  };
  std::vector<HarExchange> out;
  out.reserve(entries->size());
  for (size_t i = 0; i < entries->size(); ++i) {
    const Json& entry = (*entries)[i];
    if (auto typed = check_har_entry(entry, i); !typed) return typed.error();
    HarExchange x;
    x.entry = i;
    x.request = &object_at(entry, "request");
    x.response = &object_at(entry, "response");
    x.method = x.request->value("method", "GET");
    x.url = x.request->value("url", "");
    split_url(x.url, x.path, x.query);
    x.request_text = object_at(*x.request, "postData").value("text", "");
    x.status = x.response->value("status", 0);
    const Json& content = object_at(*x.response, "content");
    x.response_text = content.value("text", "");
    x.response_json = is_json(content.value("mimeType", Json()));
    x.response_base64 = content.value("encoding", "") == "base64";
    out.push_back(std::move(x));
  }
  return out;
}

HarReport check_har(const Json& har, const GraphRouter& routes, const BodyValidator& schemas) {
  HarReport report;
  auto exchanges = read_har(har);
  if (!exchanges) {
    report.error = exchanges.error().message;
    return report;
  }
  report.entries = exchanges->size();
  for (const HarExchange& x : *exchanges) {
    const size_t i = x.entry;
    const std::string& method = x.method;
    const std::string& path = x.path;
    auto skip = [&](const std::string& why) {
      report.skipped.push_back(std::to_string(i) + " " + method + " " + path + ": " + why);
    };
    auto match = routes.match(method, path);
    if (match.kind != GraphRouter::Match::Kind::kFound) {
      skip("no graph-mock route");
      continue;
    }
    const RouteInfo& route = *match.info;
    auto report_all = [&](const char* where, const std::vector<Violation>& violations) {
      ++report.bodies_checked;
      for (const auto& v : violations) report.violations.push_back({i, method, path, where, v});
    };
    auto parse = [&](const char* where, const std::string& text, Json& out) {
      auto parsed = parse_json_document(text, std::string(where) + " body");
      if (!parsed) {
        report_all(where, {{"", parsed.error().message}});
        return false;
      }
      out = std::move(*parsed);
      return true;
    };

    if (!route.request_schema.empty()) {
      Json body = Json::object();  // an absent body is checked as {}, as the mock does
      if ((blank(x.request_text) || parse("request", x.request_text, body)))
        report_all("request", schemas.check(route.request_schema, body, false));
    }

    const std::string& text = x.response_text;
    if (blank(text)) continue;
    if (!x.response_json) {
      skip("response is not JSON");
      continue;
    }
    if (x.response_base64) {
      skip("base64-encoded response body");
      continue;
    }
    Json body;
    if (x.status >= 400) {
      if (parse("response", text, body))
        report_all("response", schemas.check("graphError", body, false));
    } else if (x.status >= 200 && x.status < 300 && !route.response_schema.empty()) {
      bool partial = x.query.find("$select=") != std::string::npos;
      if (parse("response", text, body))
        report_all("response", check_response_body(schemas, route, body, partial));
    }
  }
  return report;
}

}  // namespace graphmock
