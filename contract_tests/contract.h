// Checks that state the Graph contract, shared by the test files. Every
// failure message starts with the call ("GET /beta/teamwork/devices: ...") so
// a CI log says which endpoint broke and how.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "target.h"

namespace graphmock::contract {

// The skip reason of tests that drive the mock's admin API.
std::string needs_admin();

// Status as expected; otherwise names the call, both statuses and the body.
::testing::AssertionResult has_status(const Call& call, int status);
// request-id present, client-request-id echoed (every Graph response).
void expect_graph_headers(const Call& call);
// A JSON body with @odata.context (Graph's content type and envelope).
void expect_json_body(const Call& call);
// A Graph error: status, {"error":{"code","message","innerError":{...}}}.
void expect_graph_error(const Call& call, int status, const std::string& code);
// The body (or `pointer` inside it) is valid against schemas/<schema>.json. Enum members may be
// written in PascalCase, as the docs' examples write them (CollaborationBar, Healthy).
void expect_schema(const Call& call, const std::string& schema, const Json& value,
                   const std::string& pointer = "");

// Follows @odata.nextLink from `first` to the end, checking every page; the
// items of all pages in order.
std::vector<Json> all_pages(const std::string& first, const std::string& item_schema,
                            size_t page_limit = 0);

// A device id no other test of this run used, with no action queued or
// in progress (so an action on it is accepted). Empty when none is left.
std::string idle_device();

// The phase an operation's status word names in any documented vocabulary (queued, scheduled,
// inProgress, running, successful, succeeded, failed, cancelled, in any case): the resource
// page's camelCase word, or "" for a word no document uses.
std::string operation_phase(const Json& op);
bool is_terminal(const Json& op);  // successful, failed or cancelled
// The enum member `object[key]` in the metadata's camelCase, whether the server wrote it so or in
// the docs' examples' PascalCase.
std::string enum_member(const Json& object, const std::string& key);

// Polls an operation (by its Location path) until it ends (is_terminal):
// advances a virtual clock through the admin API, otherwise waits up to the
// --lro-timeout. The last operation body; null on timeout.
Json poll_to_terminal(const std::string& operation_path);

// Loads the schemas/ folder expect_schema checks against (main(), once).
bool load_schemas(const std::string& dir, std::string& error);

}  // namespace graphmock::contract
