// TLS material for the front: a cpp-httplib SSLServer from the PEM text of
// FrontOptions (a generated identity) or from its cert/key files.
#pragma once

#include <httplib.h>

#include <memory>

#include "graphmock/result.h"
#include "http/http_front.h"

namespace graphmock {

// A 400 naming the PEM text or the files when they cannot be used.
Result<std::unique_ptr<httplib::SSLServer>> make_tls_server(const FrontOptions& options);

}  // namespace graphmock
