// Deterministic pseudonyms for what identifies a tenant in a capture: ids
// (GUIDs anywhere, and other ids), display names, UPNs and mail addresses,
// serial numbers, MAC and IP addresses, host names, free text and script
// content. The same original gives the same pseudonym everywhere (bodies,
// URLs, composite ids, @odata.bind references) for one seed, so references
// between entities still match; enum values, numbers, dates and shapes stay.
// Not thread-safe: one Scrubber per capture.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

namespace graphmock {

class Scrubber {
 public:
  explicit Scrubber(uint64_t seed) : seed_(seed) {}

  // A JSON body; `label` starts the field paths of the report (e.g. the
  // schema name), array indices become '*': "teamworkDevice/value/*/notes".
  nlohmann::json body(const nlohmann::json& body, const std::string& label);
  // A URL: GUIDs, mail addresses and $skiptoken values, and path segments
  // equal to a non-GUID id already seen in a body (scrub bodies first).
  std::string url(const std::string& url);
  // A header value (GUIDs and mail addresses in it).
  std::string header(const std::string& name, const std::string& value);

  // {"seed": N, "fields": {"<path>": <values scrubbed>, ...}}
  nlohmann::json report() const;

 private:
  std::string pseudonym(const std::string& kind, const std::string& value, size_t length) const;
  std::string guid(const std::string& original) const;
  std::string address(const std::string& original) const;
  // GUIDs and mail addresses inside any string.
  std::string substrings(const std::string& s) const;
  std::string field(const std::string& key, const std::string& value);
  void walk(nlohmann::json& node, const std::string& key, const std::string& path);
  void count(const std::string& path) { ++counts_[path]; }

  uint64_t seed_;
  std::map<std::string, size_t> counts_;
  std::set<std::string> ids_;  // non-GUID ids seen in bodies: replaced in URLs too
};

}  // namespace graphmock
