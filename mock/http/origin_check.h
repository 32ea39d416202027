// Who may reach the mock through its socket. A web page the developer has
// open can make their browser send requests here: through a DNS-rebinding name
// (evil.example resolving to 127.0.0.1) it reads any route as its own origin,
// and from any origin it can POST (a form, fetch with mode 'no-cors') without
// reading the answer. So, before a request is dispatched:
// - on every route, the Host header must name the bound address, localhost, a
//   name given with --allowed-host or, bound to every interface (0.0.0.0, ::),
//   any IP address (an address is never a rebinding name); the port is not
//   compared, so a forwarded port works;
// - on /_mock, an Origin other than the mock's own (scheme://Host), or a
//   Sec-Fetch-Site of cross-site or same-site, is refused, except a top-level
//   GET navigation (a link to the dashboard), which shows the page to the user
//   and nothing to the other site.
// curl, SDKs, the helpers and the dashboard itself send no foreign Origin and
// no cross-site Sec-Fetch-Site. Refusals are 403 Graph errors.
// A pure function of the request and the options; thread-safe.
#pragma once

#include "graphmock/http_types.h"
#include "graphmock/result.h"
#include "http/http_front.h"

namespace graphmock {

Status check_origin(const Request& request, const FrontOptions& options);

}  // namespace graphmock
