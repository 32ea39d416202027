// Writing a graphmock::Response into cpp-httplib's response: normally, or
// broken on purpose as a fault rule asks (reset, empty, truncated, malformed,
// dribbled). Called on the connection's thread.
#pragma once

#include <httplib.h>

#include "graphmock/http_types.h"

namespace graphmock {

void deliver(Response out, const httplib::Request& req, httplib::Response& res);

}  // namespace graphmock
