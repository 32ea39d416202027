// The size and time limits of the front: what cpp-httplib enforces itself
// (read timeouts, keep-alive, body size 413, request line 414) and what it
// does not (URL 414 below its 8 KiB, headers 431), each answered as a Graph
// error. Pure functions of the options.
#pragma once

#include <httplib.h>

#include "graphmock/result.h"
#include "http/http_front.h"

namespace graphmock {

// Timeouts, keep-alive and the body limit, handed to cpp-httplib.
void apply_limits(httplib::Server& server, const FrontOptions& options);
// 414 for a target over max_url_bytes, 431 for headers over max_header_bytes.
Status check_limits(const httplib::Request& req, const FrontOptions& options);
// The Graph error for a status cpp-httplib answered by itself (unparsable
// request 400, body 413, request line 414, ...).
GraphError library_error(int status, const FrontOptions& options);

}  // namespace graphmock
