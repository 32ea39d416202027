#include "contract.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>
#include <thread>

#include "validate/schema_registry.h"

namespace graphmock::contract {
namespace {

std::unique_ptr<SchemaRegistry>& schemas() {
  static std::unique_ptr<SchemaRegistry> registry;
  return registry;
}

std::string snippet(const std::string& body) {
  return body.size() > 400 ? body.substr(0, 400) + "..." : body;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// What Microsoft's documents show but the schemas (from the metadata) do not list, undone: enum
// members in PascalCase (the metadata's camelCase member is the same value) get their first
// letter lower-cased; an @odata.nextLink relative to the version root (the list example) is
// made absolute.
Json documented_forms_undone(const Json& j) {
  if (j.is_array() || j.is_object()) {
    Json out = j;
    for (auto& v : out) v = documented_forms_undone(v);
    auto next = j.is_object() ? j.find("@odata.nextLink") : j.end();
    if (j.is_object() && next != j.end() && next->is_string() &&
        next->get_ref<const std::string&>().rfind("/", 0) == 0)
      out["@odata.nextLink"] = "https://graph.microsoft.com/beta" + next->get<std::string>();
    return out;
  }
  if (!j.is_string()) return j;
  std::string s = j.get<std::string>();
  bool identifier =
      !s.empty() && std::isupper(static_cast<unsigned char>(s[0])) &&
      std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) != 0; });
  if (identifier) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

std::string operation_phase(const Json& op) {
  std::string s = lower(op.is_object() ? op.value("status", "") : "");
  if (s == "running" || s == "inprogress") return "inProgress";
  if (s == "succeeded" || s == "successful") return "successful";
  for (const char* word : {"queued", "scheduled", "failed", "cancelled"})
    if (s == word) return word;
  return "";
}

std::string enum_member(const Json& object, const std::string& key) {
  std::string s = object.is_object() ? object.value(key, "") : "";
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

bool is_terminal(const Json& op) {
  std::string phase = operation_phase(op);
  return phase == "successful" || phase == "failed" || phase == "cancelled";
}

bool load_schemas(const std::string& dir, std::string& error) {
  schemas() = SchemaRegistry::load(dir, error);
  return schemas() != nullptr;
}

std::string needs_admin() {
  return "needs the graph-mock admin API (/_mock), not available at " + target().options().base_url;
}

::testing::AssertionResult has_status(const Call& call, int status) {
  if (call.status == status) return ::testing::AssertionSuccess();
  if (call.status == 0)
    return ::testing::AssertionFailure()
           << call.what() << ": no response (" << call.error << "), expected status " << status;
  return ::testing::AssertionFailure() << call.what() << ": expected status " << status << ", got "
                                       << call.status << " (body: " << snippet(call.body) << ")";
}

void expect_graph_headers(const Call& call) {
  EXPECT_FALSE(call.header("request-id").empty())
      << call.what() << ": response has no request-id header";
  EXPECT_EQ(call.header("client-request-id"), call.client_request_id)
      << call.what() << ": client-request-id not echoed";
}

void expect_json_body(const Call& call) {
  EXPECT_EQ(call.header("Content-Type").rfind("application/json", 0), 0u)
      << call.what() << ": Content-Type is '" << call.header("Content-Type")
      << "', expected application/json";
  Json body = call.json();
  ASSERT_TRUE(body.is_object()) << call.what()
                                << ": body is not a JSON object: " << snippet(call.body);
  EXPECT_TRUE(body.contains("@odata.context") && body["@odata.context"].is_string())
      << call.what() << ": body has no @odata.context";
}

void expect_graph_error(const Call& call, int status, const std::string& code) {
  ASSERT_TRUE(has_status(call, status));
  expect_graph_headers(call);
  Json body = call.json();
  ASSERT_TRUE(body.is_object() && body.contains("error") && body["error"].is_object())
      << call.what() << ": error body is not {\"error\": {...}}: " << snippet(call.body);
  const Json& e = body["error"];
  EXPECT_EQ(e.value("code", ""), code) << call.what() << ": /error/code";
  EXPECT_TRUE(e.contains("message") && e["message"].is_string() &&
              !e["message"].get<std::string>().empty())
      << call.what() << ": /error/message missing or empty";
  ASSERT_TRUE(e.contains("innerError") && e["innerError"].is_object())
      << call.what() << ": /error/innerError missing";
  for (const char* k : {"date", "request-id", "client-request-id"})
    EXPECT_TRUE(e["innerError"].contains(k))
        << call.what() << ": /error/innerError/" << k << " missing";
  EXPECT_EQ(e["innerError"].value("request-id", ""), call.header("request-id"))
      << call.what() << ": /error/innerError/request-id differs from the request-id header";
  expect_schema(call, "graphError", body);
}

void expect_schema(const Call& call, const std::string& schema, const Json& value,
                   const std::string& pointer) {
  std::string all;
  if (schemas()->check(schema, documented_forms_undone(value), /*partial=*/false).empty()) return;
  for (const auto& v : schemas()->check(schema, value, /*partial=*/false))
    all += "\n  " + pointer + (v.pointer.empty() && pointer.empty() ? "/" : v.pointer) + ": " +
           v.reason;
  EXPECT_TRUE(all.empty()) << call.what() << ": body is not a valid " << schema << ":" << all;
}

std::vector<Json> all_pages(const std::string& first, const std::string& item_schema,
                            size_t page_limit) {
  std::vector<Json> items;
  std::string next = first;
  std::set<std::string> seen_links;
  for (int page = 0; !next.empty(); ++page) {
    if (!seen_links.insert(next).second) {
      ADD_FAILURE() << "GET " << next << ": @odata.nextLink repeats a page already fetched";
      break;
    }
    Call c = target().get(next);
    if (!has_status(c, 200)) {
      ADD_FAILURE() << has_status(c, 200).message();
      break;
    }
    expect_graph_headers(c);
    expect_json_body(c);
    Json body = c.json();
    if (!body.is_object() || !body.contains("value") || !body["value"].is_array()) {
      ADD_FAILURE() << c.what() << ": a collection needs a \"value\" array";
      break;
    }
    if (page_limit) {
      EXPECT_LE(body["value"].size(), page_limit) << c.what() << ": page larger than $top";
    }
    for (size_t i = 0; i < body["value"].size(); ++i) {
      expect_schema(c, item_schema, body["value"][i], "/value/" + std::to_string(i));
      items.push_back(body["value"][i]);
    }
    next.clear();
    if (body.contains("@odata.nextLink")) {
      EXPECT_TRUE(body["@odata.nextLink"].is_string())
          << c.what() << ": @odata.nextLink is not a string";
      if (body["@odata.nextLink"].is_string()) next = location_path(body["@odata.nextLink"]);
    }
    if (page > 1000) {
      ADD_FAILURE() << "GET " << first << ": more than 1000 pages, giving up";
      break;
    }
  }
  return items;
}

std::string idle_device() {
  for (const Json& d : all_pages("/beta/teamwork/devices", "teamworkDevice")) {
    std::string id = d.value("id", "");
    Call ops = target().get("/beta/teamwork/devices/" + id + "/operations");
    if (ops.status != 200) continue;
    Json body = ops.json();
    bool busy = false;
    for (const auto& op : body.value("value", Json::array())) {
      busy = busy || (!operation_phase(op).empty() && !is_terminal(op));
    }
    if (!busy && target().claim_device(id)) return id;
  }
  return {};
}

Json poll_to_terminal(const std::string& operation_path) {
  const auto& t = target();
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(t.options().lro_timeout_seconds);
  Json op;
  for (int i = 0; i < 10000; ++i) {
    Call c = t.get(operation_path);
    if (!has_status(c, 200)) {
      ADD_FAILURE() << has_status(c, 200).message();
      return nullptr;
    }
    op = c.json();
    expect_schema(c, "teamworkDeviceOperation", op);
    if (is_terminal(op)) return op;
    double wait = 5;
    if (std::string ra = c.header("Retry-After"); !ra.empty())
      wait = std::max(1.0, std::atof(ra.c_str()));
    if (t.admin().virtual_clock) {
      if (!t.advance(wait)) {
        ADD_FAILURE() << "POST /_mock/clock/advance failed";
        return nullptr;
      }
      continue;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << "GET " << operation_path << ": operation still '" << op.value("status", "")
                    << "' after --lro-timeout " << t.options().lro_timeout_seconds << " s";
      return nullptr;
    }
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::min(1000, static_cast<int>(wait * 100))));
  }
  return nullptr;
}

}  // namespace graphmock::contract
