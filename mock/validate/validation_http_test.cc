// Validation over HTTP: bad request bodies get a Graph 400 naming the JSON
// pointer, every response of the Teams routes matches its schema, and a
// response that does not is a 500 (strict) or a log line (warn).
#include <gtest/gtest.h>

#include "core/files.h"
#include "server/server_impl.h"
#include "server/test_server.h"
#include "validate/schema_registry.h"

namespace graphmock {
namespace {

using testing::body_of;
using testing::StartedServer;

constexpr const char* kDevice = "/beta/teamwork/devices/b5e463a9-7520-4006-b699-237421670139";
constexpr const char* kIdleDevice = "/beta/teamwork/devices/41142dae-02dd-459b-9365-63e26e8d2653";

class ValidationHttpTest : public ::testing::Test {
 protected:
  StartedServer mock_;
  std::unique_ptr<httplib::Client> client_ = mock_.client();

  std::string error_message(const httplib::Result& r) {
    Json body = body_of(r);
    return body.is_object() ? body["error"].value("message", "") : "";
  }

  // The response checked against the schema of its route (graphError for errors).
  void expect_valid(const std::string& method, const std::string& target,
                    const httplib::Result& r) {
    ASSERT_TRUE(r) << method << " " << target;
    ASSERT_LT(r->status, 500) << method << " " << target << ": " << r->body;
    if (r->body.empty()) return;
    Json body = Json::parse(r->body);
    const auto& schemas = *internals(mock_.server()).schemas();
    std::vector<Violation> violations;
    if (r->status >= 400) {
      violations = schemas.check("graphError", body, false);
    } else {
      std::string path = target.substr(0, target.find('?'));
      auto match = internals(mock_.server()).pipeline().graph_routes().match(method, path);
      ASSERT_TRUE(match.info) << path;
      violations = check_response_body(schemas, *match.info, body,
                                       target.find("$select") != std::string::npos);
      ++checked_;
    }
    EXPECT_TRUE(violations.empty()) << method << " " << target << ": " << describe(violations);
  }

  void get(const std::string& target, int status = 200) {
    auto r = client_->Get(target);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << target << ": " << r->body;
    expect_valid("GET", target, r);
  }

  int checked_ = 0;
};

TEST_F(ValidationHttpTest, UpdateSoftwareWithWrongTypeIs400AtThePointer) {
  auto r = client_->Post(std::string(kIdleDevice) + "/updateSoftware", R"({"softwareType": 5})",
                         "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body_of(r)["error"]["code"], "BadRequest");
  EXPECT_NE(error_message(r).find("/softwareType: expected string, got integer 5"),
            std::string::npos)
      << error_message(r);
}

TEST_F(ValidationHttpTest, UpdateSoftwareWithUnknownEnumMemberIs400AtThePointer) {
  auto r = client_->Post(std::string(kIdleDevice) + "/updateSoftware",
                         R"({"softwareType": "bogus"})", "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(error_message(r).find("/softwareType: 'bogus' is not one of adminAgent"),
            std::string::npos)
      << error_message(r);
}

TEST_F(ValidationHttpTest, UpdateSoftwareWithoutRequiredPropertyIs400AtThePointer) {
  for (std::string body : {"{}", ""}) {
    auto r = client_->Post(std::string(kIdleDevice) + "/updateSoftware", body, "application/json");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << "body '" << body << "'";
    EXPECT_NE(error_message(r).find("/softwareType: missing required property 'softwareType'"),
              std::string::npos)
        << error_message(r);
    expect_valid("POST", "updateSoftware", r);
  }
}

TEST_F(ValidationHttpTest, OperationWithWrongDateFormatIs400AtThePointer) {
  auto r = client_->Post(std::string(kIdleDevice) + "/operations",
                         R"({"status": "queued", "operationType": "deviceRestart",
                             "createdDateTime": "2021-06-19T12-01-03.45Z"})",
                         "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(
      error_message(r).find("/createdDateTime: '2021-06-19T12-01-03.45Z' is not a valid date-time"),
      std::string::npos)
      << error_message(r);
}

TEST_F(ValidationHttpTest, EveryViolationIsListed) {
  auto r = client_->Post(std::string(kIdleDevice) + "/operations",
                         R"({"status": 1, "operationType": "reboot", "extra": true})",
                         "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  std::string msg = error_message(r);
  for (const char* pointer : {"/status: ", "/operationType: ", "/extra: "})
    EXPECT_NE(msg.find(pointer), std::string::npos) << msg;
}

TEST_F(ValidationHttpTest, EveryTeamsResponseMatchesItsSchema) {
  const std::string dev = kDevice;
  get("/beta/teamwork/devices");
  get("/beta/teamwork/devices?$top=3");
  get("/beta/teamwork/devices?$select=id,deviceType");
  get("/beta/teamwork/devices?$filter=deviceType%20eq%20'teamsRoom'");
  get("/beta/teamwork/devices?$top=2&$select=id,currentUser");
  get(dev);
  get(dev + "?$select=id,hardwareDetail");
  get(dev + "/health");
  get(dev + "/activity");
  get(dev + "/configuration");
  get(dev + "/operations");
  // the next page of a paged list
  auto first = client_->Get("/beta/teamwork/devices?$top=5");
  ASSERT_TRUE(first);
  std::string next = body_of(first).value("@odata.nextLink", "");
  ASSERT_FALSE(next.empty());
  get(next.substr(next.find("/beta/")));

  Json ops = body_of(client_->Get(dev + "/operations"));
  ASSERT_FALSE(ops["value"].empty());
  for (const auto& op : ops["value"]) get(dev + "/operations/" + op["id"].get<std::string>());

  auto created = client_->Post(kIdleDevice + std::string("/operations"),
                               R"({"status": "queued", "operationType": "deviceRestart"})",
                               "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  expect_valid("POST", kIdleDevice + std::string("/operations"), created);

  // actions: 202 without a body, then the operation they created in each phase
  auto action = client_->Post(dev + "/restart", "", "application/json");
  ASSERT_TRUE(action);
  EXPECT_EQ(action->status, 202);
  std::string location = action->get_header_value("Location");
  ASSERT_FALSE(location.empty());
  std::string op_path = "/beta" + location.substr(location.find("/teamwork/"));
  for (int step = 0; step < 4; ++step) {
    get(op_path);
    ASSERT_TRUE(mock_.server().advance(std::chrono::minutes(5)).ok());
  }
  get(dev + "/operations");

  // errors are Graph error bodies
  get("/beta/teamwork/devices/00000000-0000-0000-0000-000000000000", 404);
  get("/beta/teamwork/nothing", 404);
  get("/beta/teamwork/devices?$top=abc", 400);
  get("/beta/teamwork/devices?$orderby=id", 400);
  auto conflict = client_->Post(dev + "/runDiagnostics", "", "application/json");
  auto again = client_->Post(dev + "/runDiagnostics", "", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409);
  expect_valid("POST", "runDiagnostics", again);
  auto wrong_method = client_->Delete(dev);
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
  expect_valid("DELETE", dev, wrong_method);
  EXPECT_GE(checked_, 15);
}

// A handler that answers a body its schema rejects, on a bare pipeline.
struct BadResponseFixture {
  explicit BadResponseFixture(ValidateMode mode) : clock(default_virtual_start()) {
    std::string error;
    schemas = SchemaRegistry::load(GRAPHMOCK_TEST_SCHEMAS, error);
    EXPECT_TRUE(schemas) << error;
    PipelineOptions options;
    options.auth = AuthMode::kOff;
    options.validate = mode;
    options.warn = [this](const std::string& line) { warnings.push_back(line); };
    pipeline = std::make_unique<Pipeline>(clock, options);
    pipeline->set_validator(schemas.get());
    RouteInfo info{
        "test.device", "/beta/teamwork/devices/{deviceId}", "GET", {}, "", "teamworkDevice", false};
    pipeline->graph_routes().add(info, [](const Context&) -> Result<Reply> {
      return Reply::json(
          200, {{"id", "x"}, {"deviceType", "TeamsRoom"}, {"hardwareDetail", Json::object()}});
    });
  }
  Response get() {
    Request r;
    r.method = "GET";
    r.path = "/beta/teamwork/devices/x";
    r.request_id = r.client_request_id = "req-1";
    return pipeline->handle(r);
  }
  ManualClock clock;
  std::unique_ptr<SchemaRegistry> schemas;
  std::unique_ptr<Pipeline> pipeline;
  std::vector<std::string> warnings;
};

TEST(ResponseValidationTest, StrictTurnsAnInvalidResponseInto500AndALogLine) {
  BadResponseFixture f(ValidateMode::kStrict);
  Response r = f.get();
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("/deviceType: 'TeamsRoom' is not one of"), std::string::npos) << r.body;
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_NE(f.warnings[0].find("RESPONSE SCHEMA VIOLATION: GET /beta/teamwork/devices/x"),
            std::string::npos);
}

TEST(ResponseValidationTest, WarnOnlyLogs) {
  BadResponseFixture f(ValidateMode::kWarn);
  Response r = f.get();
  EXPECT_EQ(r.status, 200);
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_NE(f.warnings[0].find("/deviceType"), std::string::npos);
}

TEST(ResponseValidationTest, OffChecksNothing) {
  BadResponseFixture f(ValidateMode::kOff);
  EXPECT_EQ(f.get().status, 200);
  EXPECT_TRUE(f.warnings.empty());
}

}  // namespace
}  // namespace graphmock
