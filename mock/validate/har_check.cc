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
  if (path.empty()) path = "/";
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

HarReport check_har(const Json& har, const GraphRouter& routes, const BodyValidator& schemas) {
  HarReport report;
  const Json* entries = nullptr;
  if (har.is_object() && har.contains("log") && har["log"].is_object() &&
      har["log"].contains("entries"))
    entries = &har["log"]["entries"];
  if (!entries || !entries->is_array()) {
    report.error = "not a HAR file: /log/entries is missing";
    return report;
  }
  report.entries = entries->size();
  for (size_t i = 0; i < entries->size(); ++i) {
    const Json& entry = (*entries)[i];
    const Json& request = entry.value("request", Json::object());
    const Json& response = entry.value("response", Json::object());
    std::string method = request.value("method", "GET"), path, query;
    split_url(request.value("url", ""), path, query);
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
      const Json& post = request.value("postData", Json::object());
      std::string text = post.value("text", "");
      Json body = Json::object();  // an absent body is checked as {}, as the mock does
      if ((blank(text) || parse("request", text, body)))
        report_all("request", schemas.check(route.request_schema, body, false));
    }

    int status = response.value("status", 0);
    const Json& content = response.value("content", Json::object());
    std::string text = content.value("text", "");
    if (blank(text)) continue;
    if (!is_json(content.value("mimeType", Json()))) {
      skip("response is not JSON");
      continue;
    }
    if (content.value("encoding", "") == "base64") {
      skip("base64-encoded response body");
      continue;
    }
    Json body;
    if (status >= 400) {
      if (parse("response", text, body))
        report_all("response", schemas.check("graphError", body, false));
    } else if (status >= 200 && status < 300 && !route.response_schema.empty()) {
      bool partial = query.find("$select=") != std::string::npos;
      if (parse("response", text, body))
        report_all("response", check_response_body(schemas, route, body, partial));
    }
  }
  return report;
}

}  // namespace graphmock
