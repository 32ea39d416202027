#include "odata/query_options.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/query_string.h"

namespace graphmock::odata {
namespace {

// What a nextLink's query keeps unescaped: OData's $ and ', and the parentheses
// and commas of $filter expressions.
constexpr std::string_view kQuerySafe = "-_.~$,'/()";

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find(',', i);
    if (j == std::string_view::npos) j = s.size();
    std::string item(s.substr(i, j - i));
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    out.push_back(item);
    i = j + 1;
  }
  return out;
}

// Recursive-descent $filter parser: or-expr := and-expr ('or' and-expr)*,
// and-expr := primary ('and' primary)*, primary := '(' or-expr ')' | path 'eq' literal.
class FilterParser {
 public:
  FilterParser(std::string_view text, const Spec& spec, bool include_unknown_enum_members)
      : s_(text), spec_(spec), include_unknown_(include_unknown_enum_members) {}

  Result<std::shared_ptr<const FilterNode>> run() {
    auto node = parse_or();
    if (!error_.empty()) return GraphError::bad_request(error_);
    skip_ws();
    if (pos_ != s_.size())
      return GraphError::bad_request("Invalid $filter: unexpected '" +
                                     std::string(s_.substr(pos_)) + "' at position " +
                                     std::to_string(pos_) + ".");
    return std::shared_ptr<const FilterNode>(std::move(node));
  }

 private:
  void fail(std::string msg) {
    if (error_.empty()) error_ = "Invalid $filter: " + std::move(msg);
  }
  void skip_ws() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  std::string word() {
    skip_ws();
    size_t start = pos_;
    while (pos_ < s_.size() &&
           (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '/' ||
            s_[pos_] == '_' || s_[pos_] == '.' || s_[pos_] == '-'))
      ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }
  bool keyword(std::string_view kw) {
    skip_ws();
    size_t save = pos_;
    std::string w = word();
    if (lower(w) == kw) return true;
    pos_ = save;
    return false;
  }

  std::unique_ptr<FilterNode> combine(FilterNode::Kind kind, std::unique_ptr<FilterNode> l,
                                      std::unique_ptr<FilterNode> r) {
    auto n = std::make_unique<FilterNode>();
    n->kind = kind;
    n->left = std::move(l);
    n->right = std::move(r);
    return n;
  }

  std::unique_ptr<FilterNode> parse_or() {
    auto left = parse_and();
    while (error_.empty() && keyword("or"))
      left = combine(FilterNode::Kind::kOr, std::move(left), parse_and());
    return left;
  }
  std::unique_ptr<FilterNode> parse_and() {
    auto left = parse_primary();
    while (error_.empty() && keyword("and"))
      left = combine(FilterNode::Kind::kAnd, std::move(left), parse_primary());
    return left;
  }
  std::unique_ptr<FilterNode> parse_primary() {
    if (++depth_ > 32) {
      fail("expression nested too deeply.");
      return nullptr;
    }
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '(') {
      ++pos_;
      auto inner = parse_or();
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ')')
        fail("missing ')' at position " + std::to_string(pos_) + ".");
      else
        ++pos_;
      --depth_;
      return inner;
    }
    auto node = std::make_unique<FilterNode>();
    node->path = word();
    if (node->path.empty()) {
      fail("expected a property name at position " + std::to_string(pos_) + ".");
      return nullptr;
    }
    if (lower(node->path) == "not") {
      fail("operator 'not' is not supported; only 'eq' combined with 'and'/'or' is.");
      return nullptr;
    }
    if (skip_ws(), pos_ < s_.size() && s_[pos_] == '(') {
      fail("function '" + node->path + "' is not supported; only 'eq' comparisons are.");
      return nullptr;
    }
    if (std::string head = node->path.substr(0, node->path.find('/'));
        !spec_.properties.empty() && !contains(spec_.properties, head)) {
      fail("could not find a property named '" + head + "' on type '" + spec_.type_name + "'.");
      return nullptr;
    }
    if (!contains(spec_.filterable, node->path)) {
      fail("property '" + node->path + "' cannot be filtered on " + spec_.type_name +
           "; filterable: " + (spec_.filterable.empty() ? "none" : join(spec_.filterable)) + ".");
      return nullptr;
    }
    std::string op = lower(word());
    if (op != "eq") {
      fail(op.empty() ? "expected 'eq' after '" + node->path + "'."
                      : "operator '" + op + "' is not supported; use 'eq'.");
      return nullptr;
    }
    skip_ws();
    const EnumProperty* enum_property = find_enum(node->path);
    size_t literal_start = pos_;
    std::string type_prefix = word();
    if (pos_ < s_.size() && s_[pos_] == '\'' && !type_prefix.empty()) {
      // A typed enum literal: microsoft.graph.teamworkDeviceType'x', or the docs' namespace
      // Microsoft.Teams.GraphSvc.teamworkDeviceType'x'.
      if (!check_enum_type(node->path, enum_property, type_prefix)) return nullptr;
    } else {
      pos_ = literal_start;
    }
    if (pos_ < s_.size() && s_[pos_] == '\'') {
      ++pos_;
      std::string value;
      bool closed = false;
      while (pos_ < s_.size()) {
        if (s_[pos_] == '\'') {
          if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '\'') {
            value += '\'';
            pos_ += 2;
            continue;
          }
          ++pos_;
          closed = true;
          break;
        }
        value += s_[pos_++];
      }
      if (!closed) fail("unterminated string literal.");
      node->value = std::move(value);
    } else {
      std::string lit = word();
      if (lower(lit) == "null")
        node->value = std::nullopt;
      else if (!lit.empty())
        node->value = lit;  // numbers, GUIDs and booleans compare as text
      else
        fail("expected a literal after 'eq' at position " + std::to_string(pos_) + ".");
    }
    if (enum_property && node->value) apply_evolvable_rule(*node, *enum_property);
    --depth_;
    return node;
  }

  const EnumProperty* find_enum(std::string_view path) const {
    for (const auto& e : spec_.enums)
      if (e.path == path) return &e;
    return nullptr;
  }

  bool check_enum_type(const std::string& path, const EnumProperty* e, std::string_view prefix) {
    if (!e) {
      fail("property '" + path + "' is not an enum; '" + std::string(prefix) +
           "' cannot qualify its literal.");
      return false;
    }
    for (const char* ns : {"microsoft.graph.", "Microsoft.Teams.GraphSvc."})
      if (lower(prefix) == lower(ns + e->type)) return true;
    fail(std::string("'").append(prefix) + "' is not the type of '" + path +
         "'; write microsoft.graph." + e->type + "'member' or a plain string.");
    return false;
  }

  // Graph's evolvable-enum rule for $filter (microsoft/api-guidelines, graph/patterns/
  // evolvable-enums.md, "Filter Behavior"): without the Prefer header a member after
  // unknownFutureValue is a 400 and `eq unknownFutureValue` matches those members; with it,
  // every member stands for itself.
  void apply_evolvable_rule(FilterNode& node, const EnumProperty& e) {
    const std::string& v = *node.value;
    if (!e.members.empty() && std::none_of(e.members.begin(), e.members.end(),
                                           [&](const std::string& m) { return iequals(v, m); })) {
      fail("'" + v + "' is not a member of microsoft.graph." + e.type +
           " (its members: " + join(e.members) + ").");
      return;
    }
    if (include_unknown_) return;
    if (iequals(v, "unknownFutureValue")) {
      node.also = e.evolvable;
      return;
    }
    for (const auto& member : e.evolvable)
      if (iequals(v, member))
        fail("'" + member + "' is a member of " + e.type +
             " declared after unknownFutureValue; send the request header 'Prefer: " +
             std::string(kIncludeUnknownEnumMembers) + "' to use it.");
  }

  std::string_view s_;
  const Spec& spec_;
  bool include_unknown_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

const Json* at_path(const Json& item, std::string_view path) {
  const Json* cur = &item;
  size_t i = 0;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(path.substr(i, j - i));
    if (it == cur->end()) return nullptr;
    cur = &*it;
    i = j + 1;
  }
  return cur;
}

}  // namespace

SpecPair::SpecPair(std::string type, std::vector<std::string> properties,
                   std::vector<std::string> filterable, std::vector<std::string> expandable) {
  list.type_name = std::move(type);
  list.properties = std::move(properties);
  list.expandable = std::move(expandable);
  single = list;
  single.collection = false;
  list.filterable = std::move(filterable);
}

bool prefers(const Request& request, std::string_view preference) {
  auto [begin, end] = request.headers.equal_range("Prefer");
  for (auto it = begin; it != end; ++it)
    for (const auto& token : split_list(it->second))
      if (iequals(token, preference)) return true;
  return false;
}

Result<std::shared_ptr<const FilterNode>> parse_filter(std::string_view text, const Spec& spec,
                                                       bool include_unknown_enum_members) {
  return FilterParser(text, spec, include_unknown_enum_members).run();
}

Result<QueryOptions> parse(const QueryParams& query, const Spec& spec,
                           bool include_unknown_enum_members) {
  QueryOptions out;
  out.top = spec.default_top;
  std::vector<std::string> seen;
  for (const auto& [raw_key, value] : query) {
    if (raw_key.empty() || raw_key[0] != '$') continue;  // Graph ignores non-system parameters
    std::string key = lower(raw_key);
    if (contains(seen, key))
      return GraphError::bad_request("Query option '" + raw_key +
                                     "' was specified more than once.");
    seen.push_back(key);
    auto unsupported = [&, &option = raw_key] {  // clang < 16 cannot capture a structured binding
      return GraphError::bad_request("Query option '" + option + "' is not supported on " +
                                     spec.type_name + (spec.collection ? " collections" : "") +
                                     ".");
    };
    if (key == "$select") {
      out.select = split_list(value);
      for (const auto& p : out.select) {
        if (p.empty())
          return GraphError::bad_request("Invalid $select: empty property name in '" + value +
                                         "'.");
        if (!contains(spec.properties, p))
          return GraphError::bad_request("Invalid $select: could not find a property named '" + p +
                                         "' on type '" + spec.type_name + "'.");
      }
    } else if (key == "$expand") {
      if (!spec.expand && spec.expandable.empty()) return unsupported();
      for (const auto& p : split_list(value)) {
        if (p == "*") {
          out.expand = spec.expandable;
          break;
        }
        if (!contains(spec.expandable, p))
          return GraphError::bad_request(
              "Invalid $expand: '" + p + "' is not a navigation property of " + spec.type_name +
              (spec.expandable.empty() ? ", which has none."
                                       : "; expandable: " + join(spec.expandable) + "."));
        if (!contains(out.expand, p)) out.expand.push_back(p);
      }
    } else if (!spec.collection) {
      return unsupported();
    } else if (key == "$filter") {
      auto f = parse_filter(value, spec, include_unknown_enum_members);
      if (!f) return f.error();
      out.filter = *f;
    } else if (key == "$top") {
      int top = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), top);
      if (ec != std::errc() || ptr != value.data() + value.size() || top < 1 || top > spec.max_top)
        return GraphError::bad_request("Invalid $top '" + value +
                                       "': expected an integer from 1 to " +
                                       std::to_string(spec.max_top) + ".");
      out.top = top;
    } else if (key == "$skiptoken") {
      auto offset = decode_skiptoken(value);
      if (!offset)
        return GraphError::bad_request("Invalid $skiptoken '" + value +
                                       "': use the @odata.nextLink as given.");
      out.offset = *offset;
    } else if (key == "$count" && spec.count) {
      if (value != "true" && value != "false")
        return GraphError::bad_request("Invalid $count '" + value + "': expected true or false.");
      out.count = value == "true";
    } else {
      return unsupported();
    }
  }
  return out;
}

bool matches(const FilterNode& f, const Json& item) {
  switch (f.kind) {
    case FilterNode::Kind::kAnd:
      return matches(*f.left, item) && matches(*f.right, item);
    case FilterNode::Kind::kOr:
      return matches(*f.left, item) || matches(*f.right, item);
    case FilterNode::Kind::kEq:
      break;
  }
  const Json* v = at_path(item, f.path);
  if (!f.value) return v == nullptr || v->is_null();
  if (v == nullptr || v->is_null()) return false;
  if (v->is_string()) {
    const std::string& text = v->get_ref<const std::string&>();
    return iequals(text, *f.value) ||
           std::any_of(f.also.begin(), f.also.end(),
                       [&](const std::string& also) { return iequals(text, also); });
  }
  if (v->is_boolean() || v->is_number()) return v->dump() == *f.value;
  return false;
}

Json fields_at(const Json& item, const std::vector<std::string>& paths) {
  Json out = Json::object();
  for (const auto& path : paths)
    if (const Json* v = at_path(item, path)) out[Json::json_pointer("/" + path)] = *v;
  return out;
}

Json select(const Json& item, const std::vector<std::string>& props) {
  if (props.empty() || !item.is_object()) return item;
  Json out = Json::object();
  for (auto it = item.begin(); it != item.end(); ++it) {
    const auto& k = it.key();
    if (k == "id" || k.rfind("@odata.", 0) == 0 || contains(props, k)) out[k] = it.value();
  }
  return out;
}

std::string context_select_suffix(const QueryOptions& options) {
  if (options.select.empty()) return "";
  std::string s = "(";
  for (size_t i = 0; i < options.select.size(); ++i) s += (i ? "," : "") + options.select[i];
  return s + ")";
}

Positions page_positions(size_t size, const std::function<bool(size_t)>& passes,
                         const QueryOptions& options) {
  Positions p;
  size_t limit = options.top > 0 ? static_cast<size_t>(options.top) : size;
  size_t i = std::min(options.offset, size);
  if (!options.filter) {
    size_t end = i + std::min(limit, size - i);
    p.items.reserve(end - i);
    for (; i < end; ++i) p.items.push_back(i);
    p.total = size;
    if (end < size) p.next_skiptoken = encode_skiptoken(end);
    return p;
  }
  for (; i < size && p.items.size() < limit; ++i)
    if (passes(i)) p.items.push_back(i);
  // The next page resumes after this one's last item, if anything further matches.
  for (size_t ahead = i; ahead < size; ++ahead)
    if (passes(ahead)) {
      p.next_skiptoken = encode_skiptoken(i);
      break;
    }
  if (options.count)  // only $count needs every match
    for (size_t k = 0; k < size; ++k) p.total += passes(k) ? 1 : 0;
  return p;
}

Page page(size_t size, const std::function<const Json*(size_t)>& at, const QueryOptions& options) {
  Positions positions = page_positions(
      size, [&](size_t i) { return matches(*options.filter, *at(i)); }, options);
  Page p;
  p.items.reserve(positions.items.size());
  for (size_t i : positions.items) p.items.push_back(at(i));
  p.next_skiptoken = std::move(positions.next_skiptoken);
  p.total = positions.total;
  return p;
}

Page page(const std::vector<const Json*>& all, const QueryOptions& options) {
  return page(
      all.size(), [&](size_t i) { return all[i]; }, options);
}

Json render_collection(const Page& page, const QueryOptions& options, const std::string& context,
                       const Request& request) {
  Json out = Json::object();
  out["@odata.context"] = context;
  if (options.count) out["@odata.count"] = page.total;
  if (page.next_skiptoken) {
    std::string query;
    for (const auto& [k, v] : request.query) {
      if (lower(k) == "$skiptoken") continue;
      query += percent_encode(k, kQuerySafe);
      query += '=';
      query += percent_encode(v, kQuerySafe);
      query += '&';
    }
    query += "$skiptoken=";
    query += *page.next_skiptoken;
    out["@odata.nextLink"] = request.base_url + request.path + "?" + query;
  }
  Json value = Json::array();
  for (const Json* item : page.items) value.push_back(select(*item, options.select));
  out["value"] = std::move(value);
  return out;
}

// Opaque to clients, but only a position inside: "gm1." + hex index of the
// item the next page starts at (with $filter: resumes the scan there).
std::string encode_skiptoken(size_t offset) {
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, offset, 16);
  (void)ec;
  return "gm1." + std::string(buf, ptr);
}

std::optional<size_t> decode_skiptoken(std::string_view token) {
  if (token.size() < 5 || token.substr(0, 4) != "gm1." || token.size() > 20) return std::nullopt;
  size_t offset = 0;
  auto body = token.substr(4);
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), offset, 16);
  if (ec != std::errc() || ptr != body.data() + body.size()) return std::nullopt;
  return offset;
}

}  // namespace graphmock::odata
