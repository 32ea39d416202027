// `graph-mock record`: a recording proxy. A client points its Graph base URL
// at it; each request goes on to the upstream (HTTPS with the system CAs or
// --ca-file; the client's Authorization header is forwarded, held in memory
// until a flush learns the token from it, and written nowhere)
// and its answer comes back unchanged, except paging links (@odata.nextLink,
// @odata.deltaLink) and a Location that point at the upstream, which point
// back at the proxy. POST /_mock/record/flush, or flush(), writes the capture
// (recording.h).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "graphmock/clock.h"
#include "http/http_front.h"
#include "record/recording.h"

namespace graphmock {

struct RecorderOptions {
  std::string upstream = "https://graph.microsoft.com";  // a path prefix is kept
  std::string ca_file;       // trust anchors (PEM) for the upstream; system CAs when empty
  FrontOptions front;        // where the proxy listens (port 0: a free one), its TLS
  std::string tls_cert_out;  // with front.tls and no cert: the generated certificate
  RecordingOptions recording;
};

// Thread-safe: requests arrive on many threads, flush() may run beside them.
// The routes, schemas and clock must outlive the Recorder.
class Recorder {
 public:
  Recorder(RecorderOptions options, const GraphRouter& routes, const BodyValidator& schemas,
           std::vector<FixtureFile> files, Clock& clock);
  ~Recorder();

  // A 400 naming the upstream URL or the address when unusable, or a
  // fixture set name that is not a plain name (check_set_name).
  Status start();
  void stop();
  std::string base_url() const { return front_ ? front_->base_url() : ""; }

  // Writes everything recorded so far (each call rewrites the files).
  Result<RecordingSummary> flush();
  // The capture as recorded, before cleaning (Authorization headers included).
  Json har() const;

 private:
  Response dispatch(Request& request);
  Response answer(Request& request);  // dispatch() without the request-id
  Response forward(const Request& request);
  void record(Json entry);

  RecorderOptions options_;
  const GraphRouter& routes_;
  const BodyValidator& schemas_;
  std::vector<FixtureFile> files_;
  Clock& clock_;
  std::string upstream_origin_;  // scheme://host[:port]
  std::string upstream_prefix_;  // path prefix without a trailing '/'
  std::unique_ptr<HttpFront> front_;
  mutable std::mutex mu_;  // guards entries_
  std::vector<Json> entries_;
  std::mutex flush_mu_;  // one flush writes the files at a time
};

}  // namespace graphmock
