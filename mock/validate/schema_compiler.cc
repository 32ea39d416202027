#include "validate/schema_compiler.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <new>
#include <optional>
#include <tuple>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "core/time_format.h"

namespace graphmock {
namespace {

using valijson::ValidationResults;
using valijson::adapters::Adapter;
using valijson::adapters::NlohmannJsonAdapter;
using valijson::constraints::Constraint;
using valijson::constraints::PolyConstraint;

constexpr const char* kTypeKeyword = "x-graphmock-type";
constexpr const char* kEnumKeyword = "x-graphmock-enum";
constexpr const char* kFormatKeyword = "x-graphmock-format";
constexpr const char* kClosedKeyword = "x-graphmock-closed";
constexpr const char* kBranchKeyword = "x-graphmock-branch";
// Our constraints tag their messages so translate() can phrase them with the
// offending value, which only the instance document has.
constexpr std::string_view kTypeTag = "gm-type:";
constexpr std::string_view kEnumTag = "gm-enum:";
constexpr std::string_view kFormatTag = "gm-format:";
constexpr std::string_view kUnexpectedTag = "gm-unexpected";
constexpr std::string_view kBranchTag = "gm-branch";

bool is_string_array(const Json& j) {
  if (!j.is_array()) return false;
  for (const auto& e : j)
    if (!e.is_string()) return false;
  return true;
}

void rename(Json& schema, const char* from, const char* to) {
  schema[to] = std::move(schema[from]);
  schema.erase(from);
}

// ---- $ref resolution ----
// valijson 1.0 resolves a relative $ref against the root's $id only, ignores
// a nested $id and does not know schemas embedded under their own $id. The
// rewrite pass below resolves every $ref against the base URI in effect
// (RFC 3986, without dot-segment removal), turns references into the same
// document (or to an embedded $id) into "#..." pointers, and leaves others
// absolute for the resolver.

std::string strip_fragment(const std::string& uri) { return uri.substr(0, uri.find('#')); }

std::string resolve_uri(const std::string& base, const std::string& ref) {
  auto colon = ref.find(':');
  if (base.empty() || (colon != std::string::npos && ref.find('/') > colon))
    return ref;  // absolute (or URN)
  if (!ref.empty() && ref[0] == '#') return strip_fragment(base) + ref;
  std::string doc = strip_fragment(base);
  if (!ref.empty() && ref[0] == '/') {
    auto scheme = doc.find("://");
    auto path = scheme == std::string::npos ? 0 : doc.find('/', scheme + 3);
    return (path == std::string::npos ? doc : doc.substr(0, path)) + ref;
  }
  auto slash = doc.rfind('/');
  return (slash == std::string::npos ? std::string() : doc.substr(0, slash + 1)) + ref;
}

std::string escape_token(std::string_view token);

// Where each embedded "$id" (resolved) lives in the document, as a JSON pointer.
void collect_ids(const Json& schema, const std::string& base, const std::string& pointer,
                 std::map<std::string, std::string>& ids) {
  if (!schema.is_object() && !schema.is_array()) return;
  std::string here = base;
  if (schema.is_object()) {
    if (auto id = schema.find("$id");
        id != schema.end() && id->is_string() && !schema.contains("$ref")) {
      here = resolve_uri(base, id->get<std::string>());
      ids.try_emplace(strip_fragment(here), pointer);
    }
    for (const auto& [key, value] : schema.items())
      if (key != "enum" && key != "const" && key != "default" && key != "examples")
        collect_ids(value, here, pointer + "/" + escape_token(key), ids);
  } else {
    for (size_t i = 0; i < schema.size(); ++i)
      collect_ids(schema[i], here, pointer + "/" + std::to_string(i), ids);
  }
}

struct RefContext {
  std::map<std::string, std::string>
      ids;  // the document's own URI and each embedded $id -> JSON pointer
};

// Every anyOf/oneOf branch is wrapped as {"allOf": [<marker>, branch]} (see
// mark_branches): a pointer "#/anyOf/0/..." written against the document as it
// was becomes "#/anyOf/0/allOf/1/...".
std::string into_wrapped_branches(const std::string& pointer) {
  std::string out;
  size_t pos = 0;
  bool after_branches = false;
  while (pos < pointer.size()) {
    size_t next = pointer.find('/', pos + 1);
    std::string segment = pointer.substr(pos, next - pos);  // "/name"
    out += segment;
    bool index =
        segment.size() > 1 && segment.find_first_not_of("0123456789", 1) == std::string::npos;
    if (after_branches && index) out += "/allOf/1";
    after_branches = segment == "/anyOf" || segment == "/oneOf";
    pos = next == std::string::npos ? pointer.size() : next;
  }
  return out;
}

void rewrite_ref(Json& schema, const std::string& base, const RefContext& refs) {
  auto ref = schema.find("$ref");
  if (ref == schema.end() || !ref->is_string()) return;
  std::string target = ref->get<std::string>();
  if (!target.empty() && target[0] == '#') {  // valijson resolves these in the document
    *ref = "#" + into_wrapped_branches(target.substr(1));
    return;
  }
  if (base.empty()) return;
  std::string absolute = resolve_uri(base, target);
  auto hash = absolute.find('#');
  std::string doc = strip_fragment(absolute);
  std::string fragment = hash == std::string::npos ? "" : absolute.substr(hash + 1);
  if (auto id = refs.ids.find(doc); id != refs.ids.end())
    *ref = "#" + into_wrapped_branches(id->second + fragment);
  else
    *ref = absolute;
}

// ---- schema document rewrite ----

// The text a regex matches when it is a plain literal ("@odata\\." -> "@odata."):
// std::regex_search of it is then a substring test.
std::optional<std::string> literal_of(const std::string& pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(pattern[i]);
    if (c == '\\' && i + 1 < pattern.size() &&
        std::ispunct(static_cast<unsigned char>(pattern[i + 1])))
      out += pattern[++i];
    else if (std::isalnum(c) || c == '_' || c == '-' || c == '@' || c == ' ')
      out += static_cast<char>(c);
    else
      return std::nullopt;
  }
  return out;
}

// "additionalProperties": false (with "patternProperties" whose patterns are
// literals and whose schemas are empty, as in {"@odata\\.": {}}) becomes one
// closed-object keyword: valijson would build a std::regex per object checked,
// and it names only the first unexpected property.
void close_object(Json& schema) {
  auto extra = schema.find("additionalProperties");
  if (extra == schema.end() || *extra != false) return;
  Json substrings = Json::array(), names = Json::array();
  if (auto patterns = schema.find("patternProperties"); patterns != schema.end()) {
    if (!patterns->is_object()) return;
    for (const auto& [pattern, sub] : patterns->items()) {
      auto literal = literal_of(pattern);
      if (!literal || !(sub == Json::object() || sub == true)) return;
      substrings.push_back(*literal);
    }
  }
  if (auto properties = schema.find("properties"); properties != schema.end()) {
    if (!properties->is_object()) return;
    for (const auto& [name, sub] : properties->items()) names.push_back(name);
  }
  schema.erase("additionalProperties");
  schema.erase("patternProperties");
  schema[kClosedKeyword] = {{"properties", std::move(names)},
                            {"substrings", std::move(substrings)}};
}

// valijson reports a failed anyOf/oneOf as one flat list: every branch's
// errors, then "failed". A marker keyword first in each branch (a wrapping
// allOf, since beside "$ref" nothing else counts) lets translate() split that
// list into branches and report only the best one.
void mark_branches(Json& schema) {
  for (const char* key : {"anyOf", "oneOf"})
    if (auto it = schema.find(key); it != schema.end() && it->is_array())
      for (auto& branch : *it)
        branch = {{"allOf", Json::array({{{kBranchKeyword, true}}, std::move(branch)})}};
}

void prepare_node(Json& schema, std::string base, const RefContext& refs) {
  if (!schema.is_object()) return;  // boolean schemas
  // draft-07: beside "$ref" every other keyword, "$id" included, is ignored
  if (auto id = schema.find("$id");
      id != schema.end() && id->is_string() && !schema.contains("$ref"))
    base = resolve_uri(base, id->get<std::string>());
  rewrite_ref(schema, base, refs);
  if (auto it = schema.find("type");
      it != schema.end() && (it->is_string() || is_string_array(*it)))
    rename(schema, "type", kTypeKeyword);
  if (auto it = schema.find("enum"); it != schema.end() && it->is_array())
    rename(schema, "enum", kEnumKeyword);
  if (auto it = schema.find("format"); it != schema.end() && it->is_string())
    rename(schema, "format", kFormatKeyword);
  close_object(schema);
  for (const char* key : {"additionalItems", "additionalProperties", "contains", "propertyNames",
                          "not", "if", "then", "else", "items"})
    if (auto it = schema.find(key); it != schema.end()) prepare_node(*it, base, refs);
  for (const char* key : {"items", "allOf", "anyOf", "oneOf"})
    if (auto it = schema.find(key); it != schema.end() && it->is_array())
      for (auto& sub : *it) prepare_node(sub, base, refs);
  mark_branches(schema);
  for (const char* key : {"properties", "patternProperties", "definitions", "dependencies"})
    if (auto it = schema.find(key); it != schema.end() && it->is_object())
      for (auto& [name, sub] : it->items()) prepare_node(sub, base, refs);
}

// ---- graph-mock's keywords ----

enum TypeBit : unsigned {
  kNull = 1,
  kBoolean = 2,
  kObject = 4,
  kArray = 8,
  kNumber = 16,
  kInteger = 32,
  kString = 64
};

unsigned type_bit(const std::string& name) {
  static const std::map<std::string, unsigned, std::less<>> kBits = {
      {"null", kNull},    {"boolean", kBoolean},          {"object", kObject},
      {"array", kArray},  {"number", kNumber | kInteger}, {"integer", kInteger},
      {"string", kString}};
  auto it = kBits.find(name);
  if (it == kBits.end()) valijson::throwRuntimeError("unknown type '" + name + "'");
  return it->second;
}

unsigned kind_of(const Adapter& v) {
  if (v.isNull()) return kNull;
  if (v.isBool()) return kBoolean;
  if (v.isObject()) return kObject;
  if (v.isArray()) return kArray;
  if (v.isString()) return kString;
  if (v.isInteger()) return kNumber | kInteger;
  double d = v.getDouble();
  return std::isfinite(d) && std::floor(d) == d ? (kNumber | kInteger)
                                                : kNumber;  // draft-07: 1.0 is an integer
}

// Constraints are copied into the schema with placement new (cloneInto), so
// they hold only copyable members.
template <class Derived>
class Keyword : public PolyConstraint {
 private:
  Constraint* cloneInto(void* where) const override {
    return new (where) Derived(static_cast<const Derived&>(*this));
  }
  size_t sizeOf() const override { return sizeof(Derived); }
};

class TypeKeyword : public Keyword<TypeKeyword> {
 public:
  TypeKeyword(unsigned allowed, std::string expected)
      : allowed_(allowed), expected_(std::move(expected)) {}
  bool validate(const Adapter& target, const std::vector<std::string>& context,
                ValidationResults* results) const override {
    if (kind_of(target) & allowed_) return true;
    if (results) results->pushError(context, std::string(kTypeTag) + expected_);
    return false;
  }

 private:
  unsigned allowed_;
  std::string expected_;  // "string|null"
};

std::string render(const Adapter& v) {
  if (v.isString()) return v.getString();
  if (v.isNull()) return "null";
  if (v.isBool()) return v.getBool() ? "true" : "false";
  if (v.isInteger()) return std::to_string(v.getInteger());
  if (v.isNumber()) return Json(v.getDouble()).dump();
  return v.isObject() ? "{...}" : "[...]";
}

class EnumKeyword : public Keyword<EnumKeyword> {
 public:
  using Values = std::vector<std::shared_ptr<const valijson::adapters::FrozenValue>>;
  EnumKeyword(Values values, std::string listing)
      : values_(std::move(values)), listing_(std::move(listing)) {}
  bool validate(const Adapter& target, const std::vector<std::string>& context,
                ValidationResults* results) const override {
    for (const auto& v : values_)
      if (v->equalTo(target, true)) return true;
    if (results) results->pushError(context, std::string(kEnumTag) + listing_);
    return false;
  }

 private:
  Values values_;
  std::string listing_;  // "adminAgent, operatingSystem, ..."
};

bool hex_run(std::string_view s, size_t from, size_t n) {
  for (size_t i = from; i < from + n; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

bool valid_uuid(std::string_view s) {
  return s.size() == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' &&
         hex_run(s, 0, 8) && hex_run(s, 9, 4) && hex_run(s, 14, 4) && hex_run(s, 19, 4) &&
         hex_run(s, 24, 12);
}

bool valid_date(std::string_view s) {  // full-date of RFC 3339
  return s.size() == 10 && parse_iso8601(std::string(s) + "T00:00:00Z").has_value();
}

bool valid_uri(std::string_view s) {  // absolute URI: scheme ":" then no whitespace
  auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 ||
      !std::isalpha(static_cast<unsigned char>(s[0])))
    return false;
  for (size_t i = 1; i < colon; ++i) {
    char c = s[i];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
      return false;
  }
  for (char c : s)
    if (std::isspace(static_cast<unsigned char>(c)) || c == '\\' || c == '"' || c == '<' ||
        c == '>')
      return false;
  return true;
}

std::optional<std::pair<double, double>> integer_range(std::string_view format) {
  // [lo, hi): 2^63 is exact as a double, 2^63 - 1 is not.
  if (format == "int16") return std::pair{-32768.0, 32768.0};
  if (format == "int32") return std::pair{-2147483648.0, 2147483648.0};
  if (format == "int64") return std::pair{-9223372036854775808.0, 9223372036854775808.0};
  return std::nullopt;
}

class FormatKeyword : public Keyword<FormatKeyword> {
 public:
  explicit FormatKeyword(std::string format) : format_(std::move(format)) {}
  bool validate(const Adapter& target, const std::vector<std::string>& context,
                ValidationResults* results) const override {
    // Edm.Int16/32/64 are "integer" with a format: the range is the format's to check.
    if (auto range = integer_range(format_)) {
      if (!target.isNumber()) return true;
      double v = target.getNumber();
      bool ok = v >= range->first && v < range->second;
      if (!ok && results) results->pushError(context, std::string(kFormatTag) + format_);
      return ok;
    }
    if (!target.isString()) return true;  // the other formats constrain strings only
    std::string s = target.getString();
    bool ok = true;
    if (format_ == "date-time")
      ok = parse_iso8601(s).has_value();
    else if (format_ == "uuid")
      ok = valid_uuid(s);
    else if (format_ == "date")
      ok = valid_date(s);
    else if (format_ == "uri")
      ok = valid_uri(s);
    // other formats are annotations only, as draft-07 allows
    if (!ok && results) results->pushError(context, std::string(kFormatTag) + format_);
    return ok;
  }

 private:
  std::string format_;
};

class ClosedKeyword : public Keyword<ClosedKeyword> {
 public:
  ClosedKeyword(std::vector<std::string> names, std::vector<std::string> substrings)
      : names_(std::move(names)), substrings_(std::move(substrings)) {
    std::sort(names_.begin(), names_.end());
  }
  bool validate(const Adapter& target, const std::vector<std::string>& context,
                ValidationResults* results) const override {
    if (!target.isObject()) return true;
    bool ok = true;
    target.applyToObject([&](const std::string& name, const Adapter&) {
      if (allowed(name)) return true;
      ok = false;
      if (!results) return false;
      std::vector<std::string> where = context;
      where.push_back("[" + name + "]");
      results->pushError(where, std::string(kUnexpectedTag));
      return true;
    });
    return ok;
  }

 private:
  bool allowed(const std::string& name) const {
    if (std::binary_search(names_.begin(), names_.end(), name)) return true;
    for (const auto& s : substrings_)
      if (name.find(s) != std::string::npos) return true;
    return false;
  }
  std::vector<std::string> names_;
  std::vector<std::string> substrings_;
};

// Always satisfied; with results it records where an anyOf/oneOf branch starts.
class BranchKeyword : public Keyword<BranchKeyword> {
 public:
  bool validate(const Adapter&, const std::vector<std::string>& context,
                ValidationResults* results) const override {
    if (results) results->pushError(context, std::string(kBranchTag));
    return true;
  }
};

class TypeBuilder : public valijson::ConstraintBuilder {
 public:
  Constraint* make(const Adapter& node) const override {
    unsigned allowed = 0;
    std::string expected;
    auto add = [&](const Adapter& name) {
      allowed |= type_bit(name.getString());
      expected += (expected.empty() ? "" : "|") + name.getString();
      return true;
    };
    if (node.isString())
      add(node);
    else
      node.applyToArray(add);
    return new TypeKeyword(allowed, expected);
  }
};

class EnumBuilder : public valijson::ConstraintBuilder {
 public:
  Constraint* make(const Adapter& node) const override {
    EnumKeyword::Values values;
    std::string listing;
    node.applyToArray([&](const Adapter& v) {
      values.emplace_back(v.freeze());
      listing += (listing.empty() ? "" : ", ") + render(v);
      return true;
    });
    return new EnumKeyword(std::move(values), std::move(listing));
  }
};

class FormatBuilder : public valijson::ConstraintBuilder {
 public:
  Constraint* make(const Adapter& node) const override {
    return new FormatKeyword(node.getString());
  }
};

class ClosedBuilder : public valijson::ConstraintBuilder {
 public:
  Constraint* make(const Adapter& node) const override {
    std::vector<std::string> names, substrings;
    node.applyToObject([&](const std::string& key, const Adapter& list) {
      auto& into = key == "properties" ? names : substrings;
      list.applyToArray([&](const Adapter& v) {
        into.push_back(v.getString());
        return true;
      });
      return true;
    });
    return new ClosedKeyword(std::move(names), std::move(substrings));
  }
};

class BranchBuilder : public valijson::ConstraintBuilder {
 public:
  Constraint* make(const Adapter&) const override { return new BranchKeyword; }
};

// ---- violations ----

std::string escape_token(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// valijson's context {"<root>", "[prop]", "[0]"} as the JSON pointer "/prop/0".
std::string to_pointer(const std::vector<std::string>& context) {
  std::string out;
  for (size_t i = 1; i < context.size(); ++i) {
    std::string_view seg = context[i];
    if (seg.size() >= 2 && seg.front() == '[' && seg.back() == ']')
      seg = seg.substr(1, seg.size() - 2);
    out += "/" + escape_token(seg);
  }
  return out;
}

std::string type_name(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::number_float:
      return "number";
    default:
      return "integer";
  }
}

std::string quote(const Json& v) {
  std::string s = v.is_string() ? "'" + v.get<std::string>() + "'" : v.dump();
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

const Json* at(const Json& doc, const std::string& pointer) {
  try {
    const Json& v = doc.at(Json::json_pointer(pointer));
    return &v;
  } catch (const Json::exception&) {  // cannot happen for valijson's own paths; stay safe
    return nullptr;
  }
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Messages that only say "a child failed"; the child's own message says more.
bool is_wrapper(std::string_view d) {
  for (std::string_view w :
       {"Failed to validate against schema associated with", "Failed to validate item #",
        "Failed to validate against additional properties schema",
        "Failed to validate against any schemas allowed by anyOf",
        "Failed to validate against child schema #", "Failed to validate against dependent schema",
        "Failed to validate against additional items schema"})
    if (starts_with(d, w)) return true;
  return false;
}

// The last '...' of a valijson message: the property name.
std::string between_quotes(std::string_view d) {
  auto b = d.rfind('\'');
  auto a = b == 0 || b == std::string_view::npos ? std::string_view::npos : d.rfind('\'', b - 1);
  return a == std::string_view::npos || b <= a ? std::string()
                                               : std::string(d.substr(a + 1, b - a - 1));
}

std::string sentence(std::string_view d) {
  std::string s(d);
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

std::string join_types(std::string expected) {  // "string|null" -> "string or null"
  std::string out;
  size_t pos = 0;
  while (true) {
    auto bar = expected.find('|', pos);
    out += (out.empty() ? "" : " or ") + expected.substr(pos, bar - pos);
    if (bar == std::string::npos) break;
    pos = bar + 1;
  }
  return out;
}

// ---- anyOf / oneOf: the best branch only ----

using Error = ValidationResults::Error;
using Errors = std::vector<Error>;
using Where = std::vector<std::string>;

bool closes_branches(std::string_view d) {
  return starts_with(d, "Failed to validate against any child schemas allowed by oneOf") ||
         starts_with(d, "Failed to validate against any schemas allowed by anyOf");
}

// How well a failed branch fits the value at `where`: a branch that wants
// another type fits worst, then one missing a required (discriminating)
// property; then the fewest violations win.
std::tuple<bool, bool, size_t> misfit(const Errors& branch, const Where& where) {
  bool wrong_type = false, missing = false;
  size_t total = 0;
  for (const auto& e : branch) {
    if (is_wrapper(e.description)) continue;
    ++total;
    if (e.context != where) continue;
    wrong_type |= starts_with(e.description, kTypeTag);
    missing |= starts_with(e.description, "Missing required property");
  }
  return {wrong_type, missing, total};
}

Errors read_group(const Errors& all, size_t& end, const Where& where);

// Reads all[..end) backwards, down to the marker of the branch at `where`
// (consumed) or to the start; an anyOf/oneOf inside is reduced to its best branch.
Errors read_back(const Errors& all, size_t& end, const Where* where) {
  Errors out;
  while (end > 0) {
    const Error& e = all[--end];
    if (e.description == kBranchTag) {
      if (where && e.context == *where) break;
    } else if (closes_branches(e.description)) {
      Errors best = read_group(all, end, e.context);
      out.insert(out.end(), best.rbegin(), best.rend());
    } else {
      out.push_back(e);
    }
  }
  std::reverse(out.begin(), out.end());
  return out;
}

// The errors of a failed anyOf/oneOf at `where`, read backwards from its
// closing message: per branch, its marker, its errors, "child schema #i".
Errors read_group(const Errors& all, size_t& end, const Where& where) {
  constexpr std::string_view kChild = "Failed to validate against child schema #";
  if (end == 0 || all[end - 1].context != where || !starts_with(all[end - 1].description, kChild))
    return {};  // not the shape above: the branches' errors stay in the list as they are
  size_t n = std::strtoul(all[end - 1].description.c_str() + kChild.size(), nullptr, 10) + 1;
  std::vector<Errors> branches(n);
  for (size_t i = n; i-- > 0 && end > 0;) branches[i] = read_back(all, end, &where);
  auto best = std::min_element(branches.begin(), branches.end(), [&](const auto& a, const auto& b) {
    return misfit(a, where) < misfit(b, where);
  });
  if (best == branches.end() || !std::get<0>(misfit(*best, where))) return *best;
  // Every branch wants another type: keep each one's expected type, merged by
  // translate() into "expected object or null".
  Errors types;
  for (const auto& branch : branches)
    for (const auto& e : branch)
      if (e.context == where && starts_with(e.description, kTypeTag)) types.push_back(e);
  return types;
}

// valijson's "Expected number greater than or equal to 0.000000" as
// "-5 is less than the minimum 0".
std::optional<std::string> bound_reason(std::string_view d, const std::string& shown) {
  static const std::pair<std::string_view, std::string_view> kBounds[] = {
      {"Expected number greater than or equal to ", " is less than the minimum "},
      {"Expected number greater than ", " is not greater than the exclusive minimum "},
      {"Expected number less than or equal to ", " is greater than the maximum "},
      {"Expected number less than ", " is not less than the exclusive maximum "}};
  for (const auto& [prefix, phrase] : kBounds) {
    if (!starts_with(d, prefix)) continue;
    std::string bound(d.substr(prefix.size()));  // std::to_string: "0.000000"
    if (bound.find('.') != std::string::npos) {
      while (bound.back() == '0') bound.pop_back();
      if (bound.back() == '.') bound.pop_back();
    }
    return shown + std::string(phrase) + bound;
  }
  return std::nullopt;
}

std::vector<Violation> translate(const ValidationResults& results, const Json& instance) {
  std::vector<Violation> out, wrappers;
  // Several anyOf branches may reject the same value by type: merge them into
  // one "expected object or null" line per pointer.
  std::map<std::string, std::string> type_errors;
  std::vector<std::string> type_order;
  Errors all(results.begin(), results.end());
  size_t end = all.size();
  for (const auto& e : read_back(all, end, nullptr)) {
    std::string pointer = to_pointer(e.context);
    std::string_view d = e.description;
    if (starts_with(d, kTypeTag)) {
      auto [it, fresh] = type_errors.try_emplace(pointer, std::string(d.substr(kTypeTag.size())));
      if (fresh)
        type_order.push_back(pointer);
      else if (it->second.find(d.substr(kTypeTag.size())) == std::string::npos)
        it->second += "|" + std::string(d.substr(kTypeTag.size()));
      continue;
    }
    const Json* value = at(instance, pointer);
    std::string shown = value ? quote(*value) : "the value";
    if (starts_with(d, kEnumTag)) {
      out.push_back({pointer, shown + " is not one of " + std::string(d.substr(kEnumTag.size()))});
    } else if (starts_with(d, kFormatTag)) {
      out.push_back(
          {pointer, shown + " is not a valid " + std::string(d.substr(kFormatTag.size()))});
    } else if (d == kUnexpectedTag) {
      std::string name = e.context.back().substr(1, e.context.back().size() - 2);
      out.push_back({pointer, "unexpected property '" + name + "' (not in the schema)"});
    } else if (starts_with(d, "Missing required property")) {
      std::string name = between_quotes(d);
      out.push_back(
          {pointer + "/" + escape_token(name), "missing required property '" + name + "'"});
    } else if (auto bound = bound_reason(d, shown)) {
      out.push_back({pointer, *bound});
    } else if (starts_with(d, "Failed to validate against exactly one child schema")) {
      out.push_back({pointer, shown + " matches more than one of the oneOf alternatives"});
    } else if (starts_with(d, "Object contains a property that could not be validated")) {
      std::string name = between_quotes(d);
      out.push_back({pointer + "/" + escape_token(name),
                     "unexpected property '" + name + "' (not in the schema)"});
    } else if (is_wrapper(d)) {
      wrappers.push_back({pointer, sentence(d)});
    } else {
      out.push_back({pointer, sentence(d)});
    }
  }
  for (const auto& pointer : type_order) {
    // A branch that accepted the type and failed deeper explains more than
    // the branches that wanted another type.
    bool deeper = false;
    for (const auto& v : out)
      if (v.pointer.size() > pointer.size() && starts_with(v.pointer, pointer + "/")) deeper = true;
    for (const auto& [p, expected] : type_errors)
      if (p.size() > pointer.size() && starts_with(p, pointer + "/")) deeper = true;
    if (deeper) continue;
    const Json* value = at(instance, pointer);
    std::string got = value ? type_name(*value) + " " + quote(*value) : "another type";
    out.push_back({pointer, "expected " + join_types(type_errors[pointer]) + ", got " + got});
  }
  // A value of the wrong type is also "not one of" an enum: say it once.
  std::erase_if(out, [&](const Violation& v) {
    return type_errors.count(v.pointer) && v.reason.find(" is not one of ") != std::string::npos;
  });
  if (out.empty()) out = std::move(wrappers);
  std::stable_sort(out.begin(), out.end(),
                   [](const Violation& a, const Violation& b) { return a.pointer < b.pointer; });
  return out;
}

// The validator caches compiled "pattern" regexes by pattern text; one per
// thread keeps checks lock-free and the cache warm across requests.
valijson::Validator& thread_validator() {
  thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
  return validator;
}

}  // namespace

Json prepare_schema(const Json& document, bool partial, const std::string& uri) {
  Json doc = document;
  RefContext refs;
  std::string base = uri;
  if (doc.is_object() && !doc.contains("$ref"))
    if (auto id = doc.find("$id"); id != doc.end() && id->is_string())
      base = resolve_uri(uri, id->get<std::string>());
  collect_ids(doc, base, "", refs.ids);
  refs.ids[strip_fragment(base)] = "";
  if (!uri.empty()) refs.ids[strip_fragment(uri)] = "";
  prepare_node(doc, base, refs);
  if (partial && doc.is_object()) doc.erase("required");
  return doc;
}

struct CompiledSchema::Impl {
  valijson::Schema schema;
};

CompiledSchema::CompiledSchema(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CompiledSchema::~CompiledSchema() = default;

std::unique_ptr<CompiledSchema> CompiledSchema::compile(const Json& document,
                                                        const SchemaResolver& resolve,
                                                        CompileOptions options,
                                                        std::string& error) {
  Json prepared = prepare_schema(document, options.partial, "");
  auto impl = std::make_unique<Impl>();
  valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
  parser.addConstraintBuilder(kTypeKeyword, new TypeBuilder);
  parser.addConstraintBuilder(kEnumKeyword, new EnumBuilder);
  parser.addConstraintBuilder(kFormatKeyword, new FormatBuilder);
  parser.addConstraintBuilder(kClosedKeyword, new ClosedBuilder);
  parser.addConstraintBuilder(kBranchKeyword, new BranchBuilder);
  auto fetch = [&resolve](const std::string& uri) -> const Json* {
    const Json* raw = resolve ? resolve(uri) : nullptr;
    return raw ? new Json(prepare_schema(*raw, false, uri)) : nullptr;
  };
  auto free_doc = [](const Json* doc) { delete doc; };
  try {  // valijson reports bad schemas by exception: turned into a value here
    parser.populateSchema(NlohmannJsonAdapter(prepared), impl->schema, fetch, free_doc);
  } catch (const std::exception& e) {
    error = e.what();
    return nullptr;
  }
  return std::unique_ptr<CompiledSchema>(new CompiledSchema(std::move(impl)));
}

bool CompiledSchema::valid(const Json& instance) const {
  return thread_validator().validate(impl_->schema, NlohmannJsonAdapter(instance), nullptr);
}

std::vector<Violation> CompiledSchema::check(const Json& instance) const {
  if (valid(instance)) return {};
  ValidationResults results;
  thread_validator().validate(impl_->schema, NlohmannJsonAdapter(instance), &results);
  auto violations = translate(results, instance);
  if (violations.empty()) violations.push_back({"", "does not match the schema"});
  return violations;
}

}  // namespace graphmock
