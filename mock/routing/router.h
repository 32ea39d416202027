// Route table for Graph and admin paths: literal segments and {param}
// segments, resolved by a segment trie (no regex scan per request).
// OData key syntax is accepted: /devices('x')/operations(y) == /devices/x/operations/y.
// Built once at start-up, then read concurrently without locks.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace graphmock {

// What a route declares about itself: the name tests and logs use, the
// permission it needs in `--auth scopes` mode, and the schemas of its bodies.
struct RouteInfo {
  std::string name;                      // e.g. "teamwork.device.runDiagnostics"
  std::string pattern;                   // e.g. /beta/teamwork/devices/{deviceId}/runDiagnostics
  std::string method;                    // GET POST PATCH DELETE PUT
  std::vector<std::string> permissions;  // any one of these satisfies `scopes` auth
  std::string request_schema;            // schema name for the body, empty = no body check
  std::string response_schema;           // schema of the entity (or collection item) returned
  bool response_is_collection = false;
  // Admin routes only: served without the admin token (the dashboard's page,
  // which holds no data; it asks for the token and sends it on every call).
  bool open = false;
  // Its body carries requests, each sent through the pipeline on its own (JSON batching): the
  // journal marks its exchanges so (JournalEntry::carries_requests).
  bool carries_requests = false;
};

struct RouteParams {
  std::vector<std::pair<std::string, std::string>> values;
  const std::string& get(std::string_view name) const;
};

// Splits a path into segments, unwrapping OData keys, then decodes %2F and
// %25 within each segment; empty result for "/".
std::vector<std::string> split_path(std::string_view path);

template <class Handler>
class Router {
 public:
  struct Match {
    enum class Kind { kFound, kNotFound, kMethodNotAllowed } kind = Kind::kNotFound;
    const RouteInfo* info = nullptr;
    const Handler* handler = nullptr;
    RouteParams params;
    std::vector<std::string> allowed;  // kMethodNotAllowed: the methods the path has
    std::string closest;               // kNotFound: the pattern sharing the longest prefix
  };

  void add(RouteInfo info, Handler handler) {
    Node* node = &root_;
    std::vector<std::string> names;
    for (const auto& seg : split_path(info.pattern)) {
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        names.push_back(seg.substr(1, seg.size() - 2));
        if (!node->param) node->param = std::make_unique<Node>();
        node = node->param.get();
      } else {
        auto& child = node->literal[seg];
        if (!child) child = std::make_unique<Node>();
        node = child.get();
      }
    }
    node->param_names = names;
    patterns_.push_back(info.pattern);
    node->methods.push_back(Entry{std::move(info), std::move(handler)});
  }

  Match match(std::string_view method, std::string_view path) const {
    Match m;
    auto segs = split_path(path);
    std::vector<std::string> values;
    const Node* node = walk(&root_, segs, 0, values);
    if (!node || node->methods.empty()) {
      m.closest = closest_pattern(path);
      return m;
    }
    for (const auto& e : node->methods) {
      if (e.info.method == method || (method == "HEAD" && e.info.method == "GET")) {
        m.kind = Match::Kind::kFound;
        m.info = &e.info;
        m.handler = &e.handler;
        for (size_t i = 0; i < node->param_names.size() && i < values.size(); ++i)
          m.params.values.emplace_back(node->param_names[i], values[i]);
        return m;
      }
      m.allowed.push_back(e.info.method);
    }
    m.kind = Match::Kind::kMethodNotAllowed;
    return m;
  }

  // Visits every route as f(RouteInfo&, Handler&), to read or wrap it: at start-up only,
  // before the router answers (it is read without locks afterwards).
  template <class F>
  void for_each(F&& f) {
    visit(&root_, f);
  }

  std::vector<const RouteInfo*> routes() const {
    std::vector<const RouteInfo*> out;
    collect(&root_, out);
    return out;
  }

 private:
  struct Entry {
    RouteInfo info;
    Handler handler;
  };
  struct Node {
    std::unordered_map<std::string, std::unique_ptr<Node>> literal;
    std::unique_ptr<Node> param;
    std::vector<std::string> param_names;
    std::vector<Entry> methods;
  };

  // Literal segments win over parameters; backtracks so /a/{x}/c and /a/b/d both resolve.
  static const Node* walk(const Node* node, const std::vector<std::string>& segs, size_t i,
                          std::vector<std::string>& values) {
    if (i == segs.size()) return node;
    auto it = node->literal.find(segs[i]);
    if (it != node->literal.end()) {
      if (const Node* found = walk(it->second.get(), segs, i + 1, values);
          found && !found->methods.empty())
        return found;
    }
    if (node->param && !segs[i].empty()) {
      values.push_back(segs[i]);
      if (const Node* found = walk(node->param.get(), segs, i + 1, values);
          found && !found->methods.empty())
        return found;
      values.pop_back();
    }
    return nullptr;
  }

  template <class F>
  static void visit(Node* node, F& f) {
    for (auto& e : node->methods) f(e.info, e.handler);
    for (auto& [_, child] : node->literal) visit(child.get(), f);
    if (node->param) visit(node->param.get(), f);
  }

  static void collect(const Node* node, std::vector<const RouteInfo*>& out) {
    for (const auto& e : node->methods) out.push_back(&e.info);
    for (const auto& [_, child] : node->literal) collect(child.get(), out);
    if (node->param) collect(node->param.get(), out);
  }

  std::string closest_pattern(std::string_view path) const;

  Node root_;
  std::vector<std::string> patterns_;
};

// Shared helper for closest_pattern: length of the common segment prefix, where
// a {param} segment of the pattern matches any segment.
size_t common_segment_prefix(const std::vector<std::string>& pattern,
                             const std::vector<std::string>& path);

template <class Handler>
std::string Router<Handler>::closest_pattern(std::string_view path) const {
  auto segs = split_path(path);
  std::string best;
  size_t best_len = 0;
  for (const auto& p : patterns_) {
    size_t n = common_segment_prefix(split_path(p), segs);
    if (n > best_len) {
      best_len = n;
      best = p;
    }
  }
  return best;
}

}  // namespace graphmock
