#include "family/replies.h"

namespace graphmock {

std::vector<std::string> kept_properties(const odata::QueryOptions& options) {
  if (options.select.empty()) return {};
  std::vector<std::string> keep = options.select;
  keep.insert(keep.end(), options.expand.begin(), options.expand.end());
  return keep;
}

std::string entity_context(const std::string& set, const odata::QueryOptions& options) {
  return set + odata::context_select_suffix(options) + "/$entity";
}

Reply entity_reply(int status, const Json& item, const odata::QueryOptions& options,
                   std::string context) {
  Json body = odata::select(item, kept_properties(options));
  body["@odata.context"] = std::move(context);
  Reply reply = Reply::json(status, std::move(body));
  reply.partial = !options.select.empty();
  return reply;
}

Reply collection_reply(const odata::Page& page, const odata::QueryOptions& options,
                       const std::string& set, const Request& request) {
  odata::QueryOptions render = options;
  render.select = kept_properties(options);
  Reply reply = Reply::json(
      200,
      odata::render_collection(page, render, set + odata::context_select_suffix(options), request));
  reply.partial = !options.select.empty();
  return reply;
}

Reply collection_reply(const std::vector<Json>& items, const odata::QueryOptions& options,
                       const std::string& set, const Request& request) {
  std::vector<const Json*> all;
  all.reserve(items.size());
  for (const auto& item : items) all.push_back(&item);
  return collection_reply(odata::page(all, options), options, set, request);
}

}  // namespace graphmock
