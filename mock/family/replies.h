// How a family answers a read, so its handlers say only what is theirs: which
// options a resource takes, where its data is, and what the context names.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "odata/query_options.h"
#include "pipeline/pipeline.h"

namespace graphmock {

// $select keeps what $expand inlined, as OData does.
std::vector<std::string> kept_properties(const odata::QueryOptions& options);

// "<set>[(<selected>)]/$entity": the @odata.context of one entity.
std::string entity_context(const std::string& set, const odata::QueryOptions& options);

// One entity with $select applied and its @odata.context; marked partial when
// $select trimmed it, so the response check allows absent required properties.
Reply entity_reply(int status, const Json& item, const odata::QueryOptions& options,
                   std::string context);

// A page of a collection; `set` is its @odata.context before the $select suffix.
Reply collection_reply(const odata::Page& page, const odata::QueryOptions& options,
                       const std::string& set, const Request& request);
// The same over every item of a collection, which the options filter and page.
Reply collection_reply(const std::vector<Json>& items, const odata::QueryOptions& options,
                       const std::string& set, const Request& request);

// Every read handler's prologue: the query options parsed against `spec` (a
// 400 naming the bad option), then `answer(data, options)` under the store's
// read lock.
template <class Store, class Answer>
Result<Reply> read_reply(const Context& ctx, const odata::Spec& spec, const Store& store,
                         Answer&& answer, bool include_unknown_enum_members = false) {
  auto options = odata::parse(ctx.request.query, spec, include_unknown_enum_members);
  if (!options) return options.error();
  return store.read([&](const auto& data) -> Result<Reply> { return answer(data, *options); });
}

}  // namespace graphmock
