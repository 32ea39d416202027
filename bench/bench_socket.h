// Raw-socket HTTP/1.1 for the bench helpers: no library in the measured path,
// so the numbers are the server's (and the kernel's), not a client's.
#pragma once

#include <string>

namespace graphmock::bench {

// A connected, blocking TCP socket to 127.0.0.1:port with TCP_NODELAY, or -1.
int connect_local(int port);
bool send_all(int fd, const std::string& data);

// Incremental parser of one response with Content-Length (what graph-mock sends).
class ResponseReader {
 public:
  // Feeds bytes; true once the whole response is in.
  bool feed(const char* data, size_t n);
  int status() const { return status_; }
  const std::string& raw() const { return buf_; }

 private:
  std::string buf_;
  int status_ = 0;
  size_t need_ = std::string::npos;  // total bytes once the head is parsed
};

// Sends `request` on `fd` and blocks for the whole response; status or -1.
int round_trip(int fd, const std::string& request, std::string* raw = nullptr);

std::string get_request(const std::string& path);

}  // namespace graphmock::bench
