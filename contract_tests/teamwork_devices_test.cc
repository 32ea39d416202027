// GET /teamwork/devices and the device's parts: collection shape, OData
// query options, paging by @odata.nextLink, schemas.
#include <set>

#include "contract.h"

namespace graphmock::contract {
namespace {

constexpr const char* kDevices = "/beta/teamwork/devices";

TEST(TeamworkDevicesContract, ListIsACollectionOfValidDevices) {
  Call c = target().get(kDevices);
  ASSERT_TRUE(has_status(c, 200));
  expect_graph_headers(c);
  expect_json_body(c);
  expect_schema(c, "collection", c.json());
  auto devices = all_pages(kDevices, "teamworkDevice");
  EXPECT_FALSE(devices.empty()) << "GET " << kDevices << ": no devices to test against";
}

TEST(TeamworkDevicesContract, PagingWithTopFollowsNextLinkWithoutDuplicates) {
  auto everything = all_pages(kDevices, "teamworkDevice");
  ASSERT_GE(everything.size(), 3u) << "GET " << kDevices << ": too few devices to page";
  auto paged = all_pages(std::string(kDevices) + "?$top=2", "teamworkDevice", 2);
  std::set<std::string> ids;
  for (const auto& d : paged)
    EXPECT_TRUE(ids.insert(d.value("id", "")).second)
        << "GET " << kDevices << "?$top=2: device " << d["id"] << " appears on two pages";
  EXPECT_EQ(paged.size(), everything.size())
      << "GET " << kDevices << "?$top=2: paging lost or added devices";
  Call first = target().get(std::string(kDevices) + "?$top=2");
  ASSERT_TRUE(has_status(first, 200));
  EXPECT_TRUE(first.json().contains("@odata.nextLink"))
      << first.what() << ": no @odata.nextLink on a partial page";
}

TEST(TeamworkDevicesContract, TopAboveTheMaximumIsBadRequest) {
  expect_graph_error(target().get(std::string(kDevices) + "?$top=1000"), 400, "BadRequest");
}

TEST(TeamworkDevicesContract, FilterByDeviceType) {
  auto everything = all_pages(kDevices, "teamworkDevice");
  ASSERT_FALSE(everything.empty());
  std::string type = everything.front().value("deviceType", "");
  size_t expected = 0;
  for (const auto& d : everything) expected += d.value("deviceType", "") == type;
  auto filtered = all_pages(std::string(kDevices) + "?$filter=deviceType%20eq%20'" + type + "'",
                            "teamworkDevice");
  EXPECT_EQ(filtered.size(), expected)
      << "GET " << kDevices << "?$filter=deviceType eq '" << type << "'";
  for (const auto& d : filtered)
    EXPECT_EQ(d.value("deviceType", ""), type) << "$filter returned " << d["id"];
}

TEST(TeamworkDevicesContract, UnsupportedFilterIsBadRequest) {
  expect_graph_error(target().get(std::string(kDevices) + "?$filter=notes%20eq%20'x'"), 400,
                     "BadRequest");
}

TEST(TeamworkDevicesContract, SelectReturnsOnlyTheSelectedProperties) {
  Call c = target().get(std::string(kDevices) + "?$select=id,deviceType");
  ASSERT_TRUE(has_status(c, 200));
  expect_json_body(c);
  for (const auto& d : c.json().value("value", Json::array()))
    for (const auto& [k, v] : d.items())
      EXPECT_TRUE(k == "id" || k == "deviceType" || k.rfind("@odata.", 0) == 0)
          << c.what() << ": property '" << k << "' was not selected";
}

TEST(TeamworkDevicesContract, GetEachDeviceAndItsParts) {
  auto devices = all_pages(kDevices, "teamworkDevice");
  ASSERT_FALSE(devices.empty());
  int checked = 0;
  for (const auto& d : devices) {
    if (++checked > 4) break;  // a handful is enough for the shape
    std::string path = std::string(kDevices) + "/" + d.value("id", "");
    Call one = target().get(path);
    ASSERT_TRUE(has_status(one, 200));
    expect_graph_headers(one);
    expect_json_body(one);
    expect_schema(one, "teamworkDevice", one.json());
    EXPECT_EQ(one.json().value("id", ""), d.value("id", "")) << one.what() << ": /id";
    for (auto [part, schema] : {std::pair{"/health", "teamworkDeviceHealth"},
                                std::pair{"/activity", "teamworkDeviceActivity"},
                                std::pair{"/configuration", "teamworkDeviceConfiguration"}}) {
      Call p = target().get(path + part);
      ASSERT_TRUE(has_status(p, 200));
      expect_graph_headers(p);
      expect_json_body(p);
      expect_schema(p, schema, p.json());
    }
    all_pages(path + "/operations", "teamworkDeviceOperation");
  }
}

TEST(TeamworkDevicesContract, UnknownDeviceIsItemNotFound) {
  const std::string missing = std::string(kDevices) + "/00000000-0000-0000-0000-000000000000";
  expect_graph_error(target().get(missing), 404, "itemNotFound");
  expect_graph_error(target().get(missing + "/health"), 404, "itemNotFound");
  expect_graph_error(target().post_empty(missing + "/runDiagnostics"), 404, "itemNotFound");
}

}  // namespace
}  // namespace graphmock::contract
