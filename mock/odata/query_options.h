// OData system query options for every collection and entity of the mock:
// parse ($filter, $top, $select, $skiptoken, $expand, $count), evaluate and page.
// One module serves all resources; each declares what it supports in a Spec.
// Pure functions, thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "graphmock/http_types.h"
#include "graphmock/result.h"

namespace graphmock::odata {

using Json = nlohmann::json;

// An enum-typed property $filter may compare: typed literals must name its type, and Graph's
// evolvable-enum rule applies to the members declared after unknownFutureValue.
struct EnumProperty {
  std::string path;                    // "deviceType"
  std::string type;                    // "teamworkDeviceType" (namespace left out)
  std::vector<std::string> evolvable;  // members after unknownFutureValue ("sipAnalog")
  // Every member (any case); a literal naming none is a 400. Empty: any literal is compared.
  std::vector<std::string> members = {};
};

// What one collection (or single entity) accepts.
struct Spec {
  std::string type_name;                // e.g. microsoft.graph.teamworkDevice (for messages)
  std::vector<std::string> properties;  // every property $select may name
  std::vector<std::string> filterable;  // property paths $filter may compare with eq
  std::vector<EnumProperty> enums;      // the enum-typed ones among `filterable`
  std::vector<std::string> expandable;  // navigation properties $expand may name
  // $expand is accepted (its page documents it) even when `expandable` is empty: then every
  // name is a 400 naming it, and "*" expands nothing.
  bool expand = false;
  bool collection = true;  // false: only $select/$expand apply
  int default_top = 20;
  int max_top = 50;
  bool count = true;  // whether $count=true is supported
};

// The list and single-entity specs of one type: a single entity takes no $filter.
struct SpecPair {
  Spec list, single;
  SpecPair(std::string type, std::vector<std::string> properties,
           std::vector<std::string> filterable, std::vector<std::string> expandable);
  const Spec& get(bool collection) const { return collection ? list : single; }
};

// The preference a client sends to see enum members declared after unknownFutureValue.
inline constexpr std::string_view kIncludeUnknownEnumMembers = "include-unknown-enum-members";
// Whether any Prefer header of `request` carries `preference` (comma-separated, any case).
bool prefers(const Request& request, std::string_view preference);

// A parsed $filter: comparisons (path eq literal) joined by and/or.
struct FilterNode {
  enum class Kind { kEq, kAnd, kOr } kind = Kind::kEq;
  std::string path;                  // kEq: "deviceType", "hardwareDetail/uniqueId"
  std::optional<std::string> value;  // kEq: literal; nullopt = null
  std::vector<std::string> also;     // kEq: values that match too (what unknownFutureValue hides)
  std::unique_ptr<FilterNode> left, right;
};

struct QueryOptions {
  std::shared_ptr<const FilterNode> filter;  // null when absent
  int top = 0;                               // page size
  size_t offset = 0;                         // from $skiptoken: where the page starts
  std::vector<std::string> select;           // empty = all properties
  std::vector<std::string> expand;
  bool count = false;
};

// `include_unknown_enum_members`: the request prefers them (Graph's evolvable-enum rule: without
// it, a member after unknownFutureValue in $filter is a 400 and unknownFutureValue matches them).
Result<QueryOptions> parse(const QueryParams& query, const Spec& spec,
                           bool include_unknown_enum_members = false);
Result<std::shared_ptr<const FilterNode>> parse_filter(std::string_view text, const Spec& spec,
                                                       bool include_unknown_enum_members = false);

bool matches(const FilterNode& filter, const Json& item);
// The members of `item` at `paths` ("a", "a/b") and nothing else: what matches() reads of an item
// for a filter on those paths, kept instead of the item (a fleet's devices are lists of stored
// bytes; their filterable fields are a few strings).
Json fields_at(const Json& item, const std::vector<std::string>& paths);

// Keeps the selected properties (plus id and @odata.* annotations).
Json select(const Json& item, const std::vector<std::string>& select);

// "(a,b)" for a $select, "" otherwise: what @odata.context appends to the entity set.
std::string context_select_suffix(const QueryOptions& options);

// Where a page of a collection of `size` items is: its items' positions, in order. Visits only
// the page's positions without $filter; with one, tests `passes(i)` (whether item i matches the
// filter) from the page's start (the $skiptoken is a cursor into the collection, not a count of
// matches) until the page is full and one more match shows there is a next page.
struct Positions {
  std::vector<size_t> items;  // filtered, from offset, at most top
  std::optional<std::string> next_skiptoken;
  size_t total = 0;  // all matches (for @odata.count; with $filter counted only for $count)
};
Positions page_positions(size_t size, const std::function<bool(size_t)>& passes,
                         const QueryOptions& options);

struct Page {
  std::vector<const Json*> items;  // filtered, from offset, at most top
  std::optional<std::string> next_skiptoken;
  size_t total = 0;  // all matches (for @odata.count; with $filter counted only for $count)
};
// The page of a collection of `size` items, item i being at(i) (page_positions).
Page page(size_t size, const std::function<const Json*(size_t)>& at, const QueryOptions& options);
Page page(const std::vector<const Json*>& all, const QueryOptions& options);

// A collection response: @odata.context, optional @odata.count and @odata.nextLink,
// and value (each item trimmed by $select). `request` supplies the base URL and
// the original query for the nextLink.
Json render_collection(const Page& page, const QueryOptions& options, const std::string& context,
                       const Request& request);

std::string encode_skiptoken(size_t offset);
std::optional<size_t> decode_skiptoken(std::string_view token);

}  // namespace graphmock::odata
