#include "record/scrubber.h"

#include <gtest/gtest.h>

namespace graphmock {
namespace {

using Json = nlohmann::json;

const Json kDevice = Json::parse(R"({
  "id": "b5e463a9-7520-4006-b699-237421670139", "deviceType": "teamsRoom",
  "hardwareDetail": {"serialNumber": "2109NEJ03712", "macAddresses": ["00:10:7F:48:1B:A8"],
                     "uniqueId": "7A8BDF04-4C51-4C95-97AE-692D37D8074A"},
  "notes": "Boardroom, 4th floor",
  "currentUser": {"displayName": "Conf Room Adams", "userPrincipalName": "adams@contoso.com"},
  "requestId": "tenant_b5e463a9-7520-4006-b699-237421670139_1"})");

TEST(ScrubberTest, OneSeedOneMappingAcrossBodiesAndUrls) {
  Scrubber s(7);
  Json out = s.body(kDevice, "teamworkDevice");
  std::string id = out["id"];
  EXPECT_NE(id, kDevice["id"]);
  EXPECT_EQ(id.size(), 36u);
  EXPECT_EQ(out["requestId"], "tenant_" + id + "_1");  // composite ids keep their references
  EXPECT_EQ(s.url("https://graph.microsoft.com/beta/teamwork/devices/" +
                  kDevice["id"].get<std::string>() + "/health"),
            "https://graph.microsoft.com/beta/teamwork/devices/" + id + "/health");
  EXPECT_EQ(out["deviceType"], "teamsRoom");  // enum values stay
  // Shapes stay: the serial's letters and digits, the MAC's separators, the GUID's case.
  std::string serial = out["hardwareDetail"]["serialNumber"];
  ASSERT_EQ(serial.size(), 12u);
  EXPECT_NE(serial, "2109NEJ03712");
  EXPECT_TRUE(std::isdigit(serial[0]) && std::isupper(serial[4]));
  std::string mac = out["hardwareDetail"]["macAddresses"][0];
  EXPECT_EQ(mac[2], ':');
  EXPECT_NE(mac, "00:10:7F:48:1B:A8");
  std::string unique = out["hardwareDetail"]["uniqueId"];
  EXPECT_EQ(unique, Scrubber(7).body(Json{{"x", kDevice["hardwareDetail"]["uniqueId"]}}, "")["x"]);
  EXPECT_TRUE(std::isupper(unique.back()) || std::isdigit(unique.back()));
  std::string upn = out["currentUser"]["userPrincipalName"];
  EXPECT_EQ(upn.find("contoso"), std::string::npos);
  EXPECT_NE(upn.find('@'), std::string::npos);
  EXPECT_EQ(out["notes"].get<std::string>().find("Boardroom"), std::string::npos);

  Json report = s.report();
  EXPECT_EQ(report["seed"], 7);
  EXPECT_EQ(report["fields"]["teamworkDevice/hardwareDetail/serialNumber"], 1);
  EXPECT_EQ(report["fields"]["teamworkDevice/hardwareDetail/macAddresses/*"], 1);
  EXPECT_EQ(report["fields"]["url"], 1);
}

TEST(ScrubberTest, DeterministicPerSeedDifferentAcrossSeeds) {
  Json a = Scrubber(1).body(kDevice, "d"), b = Scrubber(1).body(kDevice, "d");
  Json c = Scrubber(2).body(kDevice, "d");
  EXPECT_EQ(a, b);
  EXPECT_NE(a["id"], c["id"]);
  EXPECT_NE(a["hardwareDetail"]["serialNumber"], c["hardwareDetail"]["serialNumber"]);
}

TEST(ScrubberTest, NonGuidIdsAreReplacedInUrlsToo) {
  Scrubber s(3);
  Json app = s.body(Json{{"id", "8a7b6c5d4e3f"}}, "detectedApp");
  EXPECT_NE(app["id"], "8a7b6c5d4e3f");
  std::string url =
      s.url("https://h/beta/deviceManagement/detectedApps/8a7b6c5d4e3f?$skiptoken=abc");
  EXPECT_EQ(url.rfind("https://h/beta/deviceManagement/detectedApps/" +
                          app["id"].get<std::string>() + "?$skiptoken=",
                      0),
            0u);
  EXPECT_EQ(url.find("=abc"), std::string::npos);  // opaque tokens may encode ids
}

// Names are classified by what a property is called, not by a list of each entity's own:
// every "...Name" (managedDeviceName, deviceCategoryDisplayName, one Graph adds tomorrow) is a
// name, except hosts, addresses and files, which keep their own shapes.
TEST(ScrubberTest, EveryNamePropertyIsAPseudonymWhateverItsEntity) {
  Scrubber s(5);
  const std::string pc = "CONTOSO-LAT-MEGAN";
  Json out = s.body({{"managedDeviceName", pc},
                     {"deviceCategoryDisplayName", "Finance laptops"},
                     {"roomBookingName", "Boardroom"},
                     {"displayName", pc},
                     {"deviceName", pc},
                     {"initiatedByUserPrincipalName", "megan"},
                     {"fileName", "Collect-Logs.ps1"},
                     {"surname", "Bowen"},
                     {"name", "kept"}},
                    "m");
  EXPECT_EQ(out["managedDeviceName"], out["displayName"]);  // one pseudonym per value
  for (const char* name :
       {"managedDeviceName", "deviceCategoryDisplayName", "roomBookingName", "surname"}) {
    std::string v = out[name];
    EXPECT_EQ(v.rfind("Name ", 0), 0u) << name << ": " << v;
  }
  EXPECT_EQ(out["deviceName"].get<std::string>().rfind("host-", 0), 0u);
  EXPECT_EQ(out["initiatedByUserPrincipalName"].get<std::string>().rfind("user-", 0), 0u);
  std::string file = out["fileName"];
  EXPECT_EQ(file.rfind("file-", 0), 0u);
  EXPECT_TRUE(file.ends_with(".ps1")) << file;
  EXPECT_EQ(out["name"], "kept");
  EXPECT_EQ(s.report()["fields"]["m/deviceCategoryDisplayName"], 1);
}

}  // namespace
}  // namespace graphmock
