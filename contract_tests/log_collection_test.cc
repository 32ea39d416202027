// Intune log collection: managed devices and scripts (discovery), the
// logCollectionRequests collection (list, create, get, PATCH, DELETE), the
// createDeviceLogCollectionRequest action to completion and createDownloadUrl.
#include <chrono>
#include <thread>

#include "contract.h"

namespace graphmock::contract {
namespace {

constexpr const char* kManaged = "/beta/deviceManagement/managedDevices";
constexpr const char* kScripts = "/beta/deviceManagement/deviceManagementScripts";

std::vector<Json> managed_devices() { return all_pages(kManaged, "managedDevice"); }

// Reads a log collection request until it leaves "pending"; its last body.
Json poll_log_request(const std::string& path) {
  const auto& t = target();
  auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(t.options().lro_timeout_seconds);
  for (;;) {
    Call c = t.get(path);
    if (!has_status(c, 200)) {
      ADD_FAILURE() << has_status(c, 200).message();
      return nullptr;
    }
    expect_schema(c, "deviceLogCollectionResponse", c.json());
    if (c.json().value("status", "") != "pending") return c.json();
    if (t.admin().virtual_clock) {
      if (!t.advance(30)) return nullptr;
      continue;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ADD_FAILURE() << c.what() << ": still pending after --lro-timeout "
                    << t.options().lro_timeout_seconds << " s";
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

TEST(LogCollectionContract, ManagedDevicesListAndGet) {
  auto devices = managed_devices();
  ASSERT_FALSE(devices.empty()) << "GET " << kManaged << ": no managed devices to test against";
  for (const auto& d : devices) {
    Call c = target().get(std::string(kManaged) + "/" + d.value("id", ""));
    ASSERT_TRUE(has_status(c, 200));
    expect_graph_headers(c);
    expect_json_body(c);
    expect_schema(c, "managedDevice", c.json());
    all_pages(std::string(kManaged) + "/" + d.value("id", "") + "/logCollectionRequests",
              "deviceLogCollectionResponse");
  }
  expect_graph_error(target().get(std::string(kManaged) + "/00000000-0000-0000-0000-000000000000"),
                     404, "itemNotFound");
}

TEST(LogCollectionContract, ScriptsAndRunStatesLeadToAManagedDevice) {
  auto scripts = all_pages(kScripts, "deviceManagementScript");
  ASSERT_FALSE(scripts.empty()) << "GET " << kScripts << ": no scripts to test against";
  std::string script = std::string(kScripts) + "/" + scripts[0].value("id", "");
  Call one = target().get(script);
  ASSERT_TRUE(has_status(one, 200));
  expect_schema(one, "deviceManagementScript", one.json());
  auto states = all_pages(script + "/deviceRunStates", "deviceManagementScriptDeviceState");
  ASSERT_FALSE(states.empty()) << "GET " << script << "/deviceRunStates: no run states";
  std::string device = script + "/deviceRunStates/" + states[0].value("id", "") + "/managedDevice";
  Call md = target().get(device);
  ASSERT_TRUE(has_status(md, 200));
  expect_schema(md, "managedDevice", md.json());
  // The seed's own path creates a request: 201 and the new object.
  Call created = target().post_json(device + "/logCollectionRequests", Json::object());
  ASSERT_TRUE(has_status(created, 201));
  expect_graph_headers(created);
  expect_json_body(created);
  expect_schema(created, "deviceLogCollectionResponse", created.json());
}

TEST(LogCollectionContract, CreateDeviceLogCollectionRequestCompletesAndHasADownloadUrl) {
  auto devices = managed_devices();
  ASSERT_FALSE(devices.empty());
  std::string device = std::string(kManaged) + "/" + devices[0].value("id", "");
  Call c = target().post_json(device + "/createDeviceLogCollectionRequest",
                              {{"templateType", {{"templateType", "predefined"}}}});
  ASSERT_TRUE(has_status(c, 200));
  expect_graph_headers(c);
  expect_json_body(c);
  expect_schema(c, "deviceLogCollectionResponse", c.json());
  std::string id = c.json().value("id", "");
  ASSERT_FALSE(id.empty()) << c.what() << ": /id";
  EXPECT_EQ(c.json().value("status", ""), "pending") << c.what() << ": /status of a new request";
  std::string item = device + "/logCollectionRequests/" + id;

  Call early = target().post_empty(item + "/createDownloadUrl");
  if (early.status != 200) expect_graph_error(early, 400, "BadRequest");

  Json done = poll_log_request(item);
  ASSERT_FALSE(done.is_null());
  ASSERT_EQ(done.value("status", ""), "completed") << "GET " << item << ": " << done.dump();
  EXPECT_TRUE(done["receivedDateTimeUTC"].is_string())
      << "GET " << item << ": /receivedDateTimeUTC";
  EXPECT_TRUE(done["expirationDateTimeUTC"].is_string())
      << "GET " << item << ": /expirationDateTimeUTC";

  Call url = target().post_empty(item + "/createDownloadUrl");
  ASSERT_TRUE(has_status(url, 200));
  expect_graph_headers(url);
  expect_schema(url, "stringValue", url.json());
  std::string value = url.json().value("value", "");
  EXPECT_EQ(value.rfind("https://", 0), 0u)
      << url.what() << ": /value '" << value << "' is not an https URL";
}

TEST(LogCollectionContract, CreatePatchDeleteARequest) {
  auto devices = managed_devices();
  ASSERT_FALSE(devices.empty());
  std::string list =
      std::string(kManaged) + "/" + devices.back().value("id", "") + "/logCollectionRequests";
  Call created = target().post_json(list, Json::object());
  ASSERT_TRUE(has_status(created, 201));
  expect_schema(created, "deviceLogCollectionResponse", created.json());
  std::string item = list + "/" + created.json().value("id", "");

  Call patched = target().send("PATCH", item,
                               Json{{"initiatedByUserPrincipalName", "ops@contoso.com"}}.dump());
  ASSERT_TRUE(patched.status == 200 || patched.status == 204) << has_status(patched, 204).message();
  expect_graph_headers(patched);
  Call back = target().get(item);
  ASSERT_TRUE(has_status(back, 200));
  EXPECT_EQ(back.json().value("initiatedByUserPrincipalName", ""), "ops@contoso.com")
      << back.what();

  expect_graph_error(target().send("PATCH", item, Json{{"noSuchProperty", 1}}.dump()), 400,
                     "BadRequest");

  Call deleted = target().send("DELETE", item);
  ASSERT_TRUE(has_status(deleted, 204));
  expect_graph_headers(deleted);
  EXPECT_TRUE(deleted.body.empty()) << deleted.what() << ": 204 with a body";
  expect_graph_error(target().get(item), 404, "itemNotFound");
}

TEST(LogCollectionContract, BadTemplateIsBadRequest) {
  auto devices = managed_devices();
  ASSERT_FALSE(devices.empty());
  expect_graph_error(target().post_json(std::string(kManaged) + "/" + devices[0].value("id", "") +
                                            "/createDeviceLogCollectionRequest",
                                        {{"templateType", 42}}),
                     400, "BadRequest");
}

}  // namespace
}  // namespace graphmock::contract
