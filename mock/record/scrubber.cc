#include "record/scrubber.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "core/sha256.h"
#include "record/secrets.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

// Fields whose whole value identifies someone or something in the tenant: these, and every
// other property named "...Name" (below).
const std::set<std::string, std::less<>> kNames = {"surname", "publisher", "companyAssetTag"};
const std::set<std::string, std::less<>> kHosts = {"deviceName", "hostName", "computerName"};
// And every property named "...PrincipalName".
const std::set<std::string, std::less<>> kAddresses = {"emailAddress", "mail"};
const std::set<std::string, std::less<>> kText = {"notes",
                                                  "description",
                                                  "resultMessage",
                                                  "errorDescription",
                                                  "preRemediationDetectionScriptOutput",
                                                  "preRemediationDetectionScriptError",
                                                  "remediationScriptError",
                                                  "postRemediationDetectionScriptOutput",
                                                  "postRemediationDetectionScriptError",
                                                  "remoteAssistanceSessionUrl",
                                                  "remoteAssistanceSessionErrorDetails",
                                                  "fileName"};
const std::set<std::string, std::less<>> kContent = {"scriptContent", "detectionScriptContent",
                                                     "remediationScriptContent"};
const std::set<std::string, std::less<>> kSerials = {
    "serialNumber", "imei",        "meid",        "iccid",
    "udid",         "phoneNumber", "easDeviceId", "activationLockBypassCode",
    "uniqueId"};
const std::set<std::string, std::less<>> kMacs = {"macAddresses", "ethernetMacAddress",
                                                  "wiFiMacAddress"};
const std::set<std::string, std::less<>> kIps = {"ipAddress",      "ipV4Address", "ipV6Address",
                                                 "defaultGateway", "primaryDns",  "secondaryDns"};

// Graph's properties are camelCase: "...Name" is a name of some kind (displayName,
// userDisplayName, givenName, a property naming a related entity by its name, ...).
bool ends_with_word(std::string_view key, std::string_view word) {
  return key.size() > word.size() && key.ends_with(word);
}
bool is_address(std::string_view key) {
  return kAddresses.count(key) || ends_with_word(key, "PrincipalName");
}
// A name property: listed, or "...Name" unless it is a host, an address or a file.
bool is_name(std::string_view key) {
  return kNames.count(key) || (ends_with_word(key, "Name") && !kHosts.count(key) &&
                               !is_address(key) && !kText.count(key));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool has_upper(const std::string& s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return std::isupper(c); });
}

bool is_guid_at(const std::string& s, size_t i) {
  if (i + 36 > s.size()) return false;
  for (size_t k = 0; k < 36; ++k) {
    char c = s[i + k];
    bool dash = k == 8 || k == 13 || k == 18 || k == 23;
    if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  // Not part of a longer hex run.
  auto hex = [&](size_t p) { return std::isxdigit(static_cast<unsigned char>(s[p])) != 0; };
  return (i == 0 || !hex(i - 1)) && (i + 36 == s.size() || !hex(i + 36));
}

bool local_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '%' ||
         c == '+' || c == '-';
}
bool domain_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
}

}  // namespace

// SHA-256 of (seed, kind, value), hex, as long as asked (blocks chained by a counter).
std::string Scrubber::pseudonym(const std::string& kind, const std::string& value,
                                size_t length) const {
  std::string out;
  for (uint32_t block = 0; out.size() < length; ++block) {
    out += sha256_hex(std::to_string(seed_) + '\0' + kind + '\0' + std::to_string(block) + '\0' +
                      value);
  }
  out.resize(length);
  return out;
}

// A version-4-shaped GUID, in the original's letter case.
std::string Scrubber::guid(const std::string& original) const {
  std::string h = pseudonym("guid", lower(original), 32);
  h[12] = '4';
  h[16] = "89ab"[std::stoi(h.substr(16, 1), nullptr, 16) % 4];
  std::string g = h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                  h.substr(16, 4) + "-" + h.substr(20);
  if (has_upper(original))
    std::transform(g.begin(), g.end(), g.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return g;
}

// user-<hash>@tenant-<hash of the domain>.example: one tenant's addresses keep one domain.
std::string Scrubber::address(const std::string& original) const {
  std::string l = lower(original);
  std::string domain = l.substr(l.find('@') + 1);
  return "user-" + pseudonym("address", l, 8) + "@tenant-" + pseudonym("domain", domain, 6) +
         ".example";
}

std::string Scrubber::substrings(const std::string& s) const {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (is_guid_at(s, i)) {
      out += guid(s.substr(i, 36));
      i += 36;
    } else {
      out += s[i++];
    }
  }
  for (size_t at = out.find('@'); at != std::string::npos; at = out.find('@', at + 1)) {
    size_t b = at, e = at + 1;
    while (b > 0 && local_char(out[b - 1])) --b;
    while (e < out.size() && domain_char(out[e])) ++e;
    while (e > at + 1 && out[e - 1] == '.') --e;
    std::string domain = out.substr(at + 1, e - at - 1);
    if (b == at || domain.find('.') == std::string::npos) continue;
    std::string replaced = address(out.substr(b, e - b));
    out.replace(b, e - b, replaced);
    at = b + replaced.size() - 1;
  }
  return out;
}

// Each digit becomes a digit, each letter a letter of the same case (hex digits
// stay hex digits when `hex`), everything else stays: a serial still looks like one.
static std::string shaped(const std::string& hash, const std::string& value, bool hex) {
  std::string out = value;
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned v =
        static_cast<unsigned>(std::stoi(hash.substr((2 * i) % hash.size(), 2), nullptr, 16));
    unsigned char c = static_cast<unsigned char>(out[i]);
    if (hex && std::isxdigit(c)) {
      char d = "0123456789abcdef"[v % 16];
      out[i] = std::isupper(c) ? static_cast<char>(std::toupper(d)) : d;
    } else if (std::isdigit(c)) {
      out[i] = static_cast<char>('0' + v % 10);
    } else if (std::islower(c)) {
      out[i] = static_cast<char>('a' + v % 26);
    } else if (std::isupper(c)) {
      out[i] = static_cast<char>('A' + v % 26);
    }
  }
  return out;
}

std::string Scrubber::field(const std::string& key, const std::string& value) {
  if (value.empty()) return value;
  auto hash = [&](const char* kind) { return pseudonym(kind, value, 2 * value.size() + 2); };
  if (is_name(key)) return "Name " + pseudonym("name", value, 8);
  if (kHosts.count(key)) return "host-" + pseudonym("host", lower(value), 8);
  if (is_address(key) && value.find('@') == std::string::npos)
    return "user-" + pseudonym("address", lower(value), 8);
  if (kText.count(key)) {
    auto dot = value.rfind('.');
    std::string ext = key == "fileName" && dot != std::string::npos ? value.substr(dot) : "";
    return (key == "fileName" ? "file-" : "Scrubbed text ") + pseudonym("text", value, 8) + ext;
  }
  if (kContent.count(key))
    return base64_encode("# scrubbed " + pseudonym("content", value, 8) + "\n");
  if (kSerials.count(key) && !is_guid_at(value, 0)) return shaped(hash("serial"), value, false);
  if (kMacs.count(key))
    return shaped(pseudonym("mac", lower(value), 2 * value.size() + 2), value, true);
  if (kIps.count(key)) {
    std::string h = pseudonym("ip", value, 16);
    auto byte = [&](size_t i) {
      return std::to_string(std::stoi(h.substr(2 * i, 2), nullptr, 16));
    };
    if (value.find(':') != std::string::npos)
      return "fd00:" + h.substr(0, 4) + ":" + h.substr(4, 4) + ":" + h.substr(8, 4) +
             "::" + h.substr(12, 4);
    return "10." + byte(0) + "." + byte(1) + "." + byte(2);
  }
  if (key == "id") {
    std::string s = substrings(value);
    if (s != value) return s;
    ids_.insert(value);
    return shaped(hash("id"), value, false);
  }
  if (key == "@odata.nextLink" || key == "@odata.deltaLink") return url(value);
  return substrings(value);
}

void Scrubber::walk(Json& node, const std::string& key, const std::string& path) {
  if (node.is_object()) {
    for (auto& [k, v] : node.items())
      if (k != "@odata.type") walk(v, k, path + "/" + k);
  } else if (node.is_array()) {
    for (auto& v : node) walk(v, key, path + "/*");
  } else if (node.is_string()) {
    const std::string& old = node.get_ref<const std::string&>();
    std::string scrubbed = field(key, old);
    if (scrubbed != old) {
      count(path);
      node = std::move(scrubbed);
    }
  }
}

Json Scrubber::body(const Json& body, const std::string& label) {
  Json out = body;
  walk(out, "", label);
  return out;
}

std::string Scrubber::url(const std::string& url) {
  std::string out = substrings(url);
  size_t query = out.find('?');
  // $skiptoken is opaque and may encode ids.
  for (const char* name : {"$skiptoken=", "%24skiptoken="}) {
    size_t p = out.find(name, query == std::string::npos ? out.size() : query);
    if (p == std::string::npos) continue;
    p += std::string(name).size();
    size_t e = out.find('&', p);
    std::string token = out.substr(p, e == std::string::npos ? std::string::npos : e - p);
    out.replace(p, token.size(), pseudonym("token", token, 16));
  }
  // Path segments that are non-GUID ids seen in bodies.
  size_t start = out.find("://");
  start = start == std::string::npos ? 0 : out.find('/', start + 3);
  query = out.find('?');
  size_t end = query == std::string::npos ? out.size() : query;
  for (size_t p = start; p != std::string::npos && p < end;) {
    size_t next = out.find('/', p + 1);
    size_t seg_end = next == std::string::npos || next > end ? end : next;
    std::string seg = out.substr(p + 1, seg_end - p - 1);
    if (ids_.count(seg)) {
      std::string replaced = field("id", seg);
      out.replace(p + 1, seg.size(), replaced);
      end += replaced.size() - seg.size();
      seg_end = p + 1 + replaced.size();
    }
    p = seg_end < end ? seg_end : std::string::npos;
  }
  if (out != url) count("url");
  return out;
}

std::string Scrubber::header(const std::string& name, const std::string& value) {
  std::string out = name == "Location" || name == "location" ? url(value) : substrings(value);
  if (out != value) count("header/" + lower(name));
  return out;
}

Json Scrubber::report() const {
  Json fields = Json::object();
  for (const auto& [path, n] : counts_) fields[path] = n;
  return {{"seed", seed_}, {"fields", fields}};
}

}  // namespace graphmock
