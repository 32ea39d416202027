// The route matcher with the real route tables of a loaded Server, then the
// whole in-process pipeline for Graph reads (they cannot change state, so runs
// stay independent). Input: first byte picks the method, the rest is the path.
#include <iterator>

#include "fuzz/fuzz_support.h"
#include "routing/router.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace graphmock;
  static constexpr const char* kMethods[] = {"GET", "POST", "PATCH",   "DELETE",
                                             "PUT", "HEAD", "OPTIONS", "get"};
  auto& server = fuzz::loaded_server();
  if (size < 1) return 0;
  std::string method = kMethods[data[0] % std::size(kMethods)];
  std::string target(fuzz::as_text(data + 1, size - 1));
  std::string path = target.substr(0, target.find('?'));
  (void)split_path(path);
  auto& pipeline = internals(server).pipeline();
  (void)pipeline.graph_routes().match(method, path);
  (void)pipeline.admin_routes().match(method, path);
  // Graph reads only: they cannot change state, and /_mock/state would dump everything every run.
  if ((method != "GET" && method != "HEAD") || path.rfind("/_mock", 0) == 0) return 0;
  Request request;
  request.method = method;
  request.path = path;
  if (path.size() < target.size()) request.raw_query = target.substr(path.size() + 1);
  request.query = {{"$top", "3"}};
  (void)server.handle(std::move(request));
  server
      .clear_journal();  // what a run keeps would look like a leak to libFuzzer (and slow it down)
  return 0;
}
