// The OData query option parser over an arbitrary query string, then paging
// and rendering of a collection with whatever it accepted.
#include "fuzz/fuzz_support.h"
#include "http/http_front.h"
#include "odata/query_options.h"

namespace {

using graphmock::odata::Spec;

// The shape of GET /beta/teamwork/devices (teamwork_resource.cc).
const Spec& device_list_spec() {
  static const Spec spec = [] {
    Spec s;
    s.type_name = "microsoft.graph.teamworkDevice";
    s.properties = {"id",
                    "deviceType",
                    "hardwareDetail",
                    "notes",
                    "companyAssetTag",
                    "healthStatus",
                    "activityState",
                    "createdDateTime",
                    "createdBy",
                    "lastModifiedDateTime",
                    "lastModifiedBy",
                    "currentUser"};
    s.filterable = {"deviceType", "hardwareDetail/uniqueId", "currentUser/id"};
    s.expandable = {"activity", "configuration", "health", "operations"};
    s.count = true;
    return s;
  }();
  return spec;
}

const Spec& single_spec() {
  static const Spec spec = [] {
    Spec s = device_list_spec();
    s.collection = false;
    return s;
  }();
  return spec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock;
  const auto& devices = fuzz::fixture_devices();
  std::string_view raw = fuzz::as_text(data, size);
  Request request;
  request.method = "GET";
  request.path = "/beta/teamwork/devices";
  request.raw_query = std::string(raw);
  request.query = parse_query_string(raw);
  request.base_url = "http://127.0.0.1:8080";
  (void)odata::parse(request.query, single_spec());
  auto options = odata::parse(request.query, device_list_spec());
  if (!options) return 0;
  std::vector<const nlohmann::json*> all;
  for (const auto& d : devices) all.push_back(&d);
  auto page = odata::page(all, *options);
  auto body = odata::render_collection(
      page, *options, "teamwork/devices" + odata::context_select_suffix(*options), request);
  (void)body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return 0;
}
