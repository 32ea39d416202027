// The plain-HTTP connection loop, in place of cpp-httplib 0.11's:
// - one read buffer for the whole connection, so pipelined requests read ahead
//   with an earlier one are served in order (cpp-httplib makes a stream per
//   request and drops what that stream read ahead);
// - each request head is checked before cpp-httplib parses it, since it skips
//   a header line without a colon and reads "Content-Length: -5" as 2^64 - 5
//   (holding the connection until the read timeout). A head that fails is
//   still parsed and routed; the front answers it with the error;
// - the connection closes after a malformed request (a failed head check or a
//   request cpp-httplib refused), whose framing cannot be trusted.
// TLS connections keep cpp-httplib's own loop.
#pragma once

#include <httplib.h>

#include <string_view>

#include "graphmock/result.h"

namespace graphmock {

class ConnectionServer final : public httplib::Server {
 private:
  bool process_and_close_socket(socket_t sock) override;
};

// The plain connection serving this thread's request, shared with the front's
// handlers (cpp-httplib runs them on the same thread). Empty outside them and
// on TLS connections.
struct ConnectionContext {
  int fd = -1;                             // the accepted socket
  const GraphError* head_error = nullptr;  // the head check's error, if any
  bool close = false;                      // close after this answer: the framing cannot be trusted
};
ConnectionContext& current_connection();

// A 400 for a header line without a colon, or for a Content-Length that is
// not a decimal number (or two that differ). `head`: the request line and the
// header lines, each ending in CRLF.
Status check_request_head(std::string_view head);

}  // namespace graphmock
