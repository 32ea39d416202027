#include "batch/batch_plan.h"

#include <algorithm>
#include <map>

#include "core/query_string.h"

namespace graphmock {
namespace {

using Json = nlohmann::json;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

GraphError refuse(const std::string& id, const std::string& why) {
  return GraphError::bad_request("Batch request '" + id + "': " + why);
}

// "https://graph.microsoft.com/beta/x" or "//host/x": Graph wants the url
// relative to the version root.
bool is_absolute(std::string_view url) {
  if (url.rfind("//", 0) == 0) return true;
  size_t end = url.find_first_of(":/?");
  return end != std::string_view::npos && end > 0 && url[end] == ':';
}

// One cycle among `left` (requests whose dependencies never all ran), as
// "a -> b -> a": each of them waits on another of them, so walking from any
// one must come back to a request already seen.
std::string describe_cycle(const std::vector<InnerRequest>& requests,
                           const std::vector<bool>& left) {
  size_t at = std::find(left.begin(), left.end(), true) - left.begin();
  std::vector<size_t> path;
  while (std::find(path.begin(), path.end(), at) == path.end()) {
    path.push_back(at);
    for (size_t dep : requests[at].depends_on)
      if (left[dep]) {
        at = dep;
        break;
      }
  }
  std::string out;
  for (auto it = std::find(path.begin(), path.end(), at); it != path.end(); ++it)
    out += requests[*it].id + " -> ";
  return out + requests[at].id;
}

}  // namespace

Result<BatchPlan> plan_batch(const Json& requests, std::string_view version_root, Random& rng) {
  BatchPlan plan;
  std::map<std::string, size_t> index;  // lower-cased id -> position: ids ignore case
  for (const Json& r : requests) {
    InnerRequest inner;
    inner.id = r["id"].get<std::string>();
    inner.method = r["method"].get<std::string>();
    auto [it, fresh] = index.emplace(lower(inner.id), plan.requests.size());
    if (!fresh)
      return refuse(inner.id, "the id is used twice (ids compare case-insensitively: '" +
                                  plan.requests[it->second].id + "' came first).");
    std::string url = r["url"].get<std::string>();
    if (is_absolute(url))
      return refuse(inner.id, "url '" + url +
                                  "' is absolute; write it relative to the version root, "
                                  "e.g. '/teamwork/devices'.");
    size_t q = url.find('?');
    std::string_view path = std::string_view(url).substr(0, q);
    while (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::string decoded = decode_path(path);  // "%24batch" is a $batch too
    if (lower(decoded.substr(0, decoded.find('/'))) == "$batch")
      return refuse(inner.id, "url '" + url + "' is a $batch; batches cannot be nested.");
    inner.path = std::string(version_root) + "/" + decoded;
    if (q != std::string::npos) inner.raw_query = url.substr(q + 1);
    if (r.contains("headers"))
      for (const auto& [name, value] : r["headers"].items())
        inner.headers.emplace(name, value.get<std::string>());
    if (r.contains("body")) {
      // Header names ignore case, which JSON Schema's "required" cannot say.
      if (!inner.headers.count("Content-Type"))
        return refuse(inner.id,
                      "it has a body but no Content-Type header; add \"headers\": "
                      "{\"Content-Type\": \"application/json\"}.");
      const Json& body = r["body"];
      inner.body = body.is_string() ? body.get<std::string>() : body.dump();
    }
    plan.requests.push_back(std::move(inner));
  }
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!requests[i].contains("dependsOn")) continue;
    for (const Json& dep : requests[i]["dependsOn"]) {
      auto it = index.find(lower(dep.get<std::string>()));
      if (it == index.end())
        return refuse(plan.requests[i].id, "dependsOn names '" + dep.get<std::string>() +
                                               "', which is not a request of this batch.");
      plan.requests[i].depends_on.push_back(it->second);
    }
  }

  // Kahn's algorithm; among the requests ready together, the seeded draw picks.
  size_t n = plan.requests.size();
  std::vector<size_t> waiting(n);
  std::vector<std::vector<size_t>> dependents(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t dep : plan.requests[i].depends_on) {
      ++waiting[i];
      dependents[dep].push_back(i);
    }
  std::vector<size_t> ready;
  for (size_t i = 0; i < n; ++i)
    if (waiting[i] == 0) ready.push_back(i);
  while (!ready.empty()) {
    size_t pick = static_cast<size_t>(rng.next() % ready.size());
    size_t next = ready[pick];
    ready.erase(ready.begin() + static_cast<std::ptrdiff_t>(pick));
    plan.order.push_back(next);
    for (size_t d : dependents[next])
      if (--waiting[d] == 0) ready.push_back(d);
  }
  if (plan.order.size() < n) {
    std::vector<bool> left(n, true);
    for (size_t i : plan.order) left[i] = false;
    std::string cycle = describe_cycle(plan.requests, left);
    return refuse(cycle.substr(0, cycle.find(" -> ")),
                  "dependsOn forms a cycle (" + cycle + "); no request of it could run first.");
  }
  return plan;
}

}  // namespace graphmock
