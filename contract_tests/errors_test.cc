// Graph error conventions that hold for every endpoint: 401 without a token,
// 404 on unknown paths, 405, 400 on bad JSON, 415, and the headers every
// response carries.
#include "contract.h"

namespace graphmock::contract {
namespace {

TEST(GraphErrorsContract, MissingTokenIsInvalidAuthenticationToken) {
  expect_graph_error(target().send("GET", "/beta/teamwork/devices", {}, "", /*with_token=*/false),
                     401, "InvalidAuthenticationToken");
}

TEST(GraphErrorsContract, UnknownPathIsResourceNotFound) {
  expect_graph_error(target().get("/beta/teamwork/gadgets"), 404, "ResourceNotFound");
}

TEST(GraphErrorsContract, WrongMethodIsMethodNotAllowed) {
  Call c = target().send("DELETE", "/beta/teamwork/devices");
  ASSERT_TRUE(has_status(c, 405));
  expect_graph_headers(c);
}

TEST(GraphErrorsContract, MalformedJsonIsBadRequest) {
  auto devices = all_pages("/beta/teamwork/devices", "teamworkDevice");
  ASSERT_FALSE(devices.empty());
  expect_graph_error(
      target().send("POST",
                    "/beta/teamwork/devices/" + devices[0].value("id", "") + "/updateSoftware",
                    std::string("{\"softwareType\": "), "application/json"),
      400, "BadRequest");
}

TEST(GraphErrorsContract, NonJsonBodyIsUnsupportedMediaType) {
  auto devices = all_pages("/beta/teamwork/devices", "teamworkDevice");
  ASSERT_FALSE(devices.empty());
  Call c = target().send(
      "POST", "/beta/teamwork/devices/" + devices[0].value("id", "") + "/updateSoftware",
      std::string("softwareType=teamsClient"), "application/x-www-form-urlencoded");
  ASSERT_TRUE(has_status(c, 415));
  expect_graph_headers(c);
}

TEST(GraphErrorsContract, EveryResponseCarriesRequestIdAndEchoesClientRequestId) {
  for (const char* path :
       {"/beta/teamwork/devices", "/beta/teamwork/devices/nope", "/beta/nothing/here"}) {
    Call c = target().get(path);
    ASSERT_NE(c.status, 0) << c.what() << ": " << c.error;
    expect_graph_headers(c);
  }
}

}  // namespace
}  // namespace graphmock::contract
