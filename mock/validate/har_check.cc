#include "validate/har_check.h"

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
    return it != entry.end() && it->is_object() ? *it : kEmpty;
  };
  std::vector<HarExchange> out;
  out.reserve(entries->size());
  for (size_t i = 0; i < entries->size(); ++i) {
    const Json& entry = (*entries)[i].is_object() ? (*entries)[i] : kEmpty;
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
      try {
        out = Json::parse(text);
        return true;
      } catch (const Json::exception& e) {
        report_all(where, {{"", std::string("not JSON: ") + e.what()}});
        return false;
      }
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
