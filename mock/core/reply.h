// Building responses the Graph way: JSON bodies with Graph's content type, and
// the one place a GraphError becomes the Graph error body.
#pragma once

#include <nlohmann/json.hpp>

#include "graphmock/clock.h"
#include "graphmock/graph_error.h"
#include "graphmock/http_types.h"

namespace graphmock {

// A body as every JSON reply writes it: compact, members in name order. Strings from the wire
// (a path, a header echoed in a message) may be invalid UTF-8; they are written as U+FFFD.
std::string reply_text(const nlohmann::json& body);
Response json_reply(int status, const nlohmann::json& body);
// {"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}
Response error_reply(const GraphError& error, const Request& request, TimePoint now);
// The Graph error body alone (also used by fault rules that answer with an error).
nlohmann::json error_body(const GraphError& error, const Request& request, TimePoint now);
// The one table from an HTTP status to Graph's error code (400 BadRequest,
// 429 TooManyRequests, 503 serviceNotAvailable, ...), with `message`.
GraphError error_for_status(int status, std::string message);

// The metadata prefix of every @odata.context.
inline constexpr std::string_view kContextPrefix = "https://graph.microsoft.com/beta/$metadata#";

}  // namespace graphmock
